"""Helpers for the history tests: the real CLI, small workspaces and export files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


EXPORTS = "exports"


@pytest.fixture
def hmops(mops):  # noqa: ANN001, ANN201 - the shared in-process CLI fixture, under the name these tests use
    return mops


@pytest.fixture
def small_workspace(tmp_path: Path) -> Path:
    """An empty workspace in EUR with no plans."""
    root = tmp_path / "ws"
    (root / EXPORTS).mkdir(parents=True)
    (root / "mops.yaml").write_text("version: 1\nname: Test\ncurrency: EUR\n", encoding="utf-8")
    return root


def query_json(hmops, cwd: Path, sql: str) -> list[dict]:
    result = hmops("history", "query", sql, "--format", "json", cwd=cwd)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


GOOGLE_HEADER = "Day,Campaign ID,Campaign,Impr.,Clicks,Cost,Conversions,Conv. value,Currency code\n"


def google_ads_file(path: Path, rows: list[str], *, title: bool = True) -> Path:
    text = ("Campaign report\n\"November 1, 2026 - November 4, 2026\"\n" if title else "") + GOOGLE_HEADER + "".join(r + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    return path
