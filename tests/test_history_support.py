"""Helpers for the history tests: the CLI with the history and privacy groups, and small workspaces.

The groups are registered on a throwaway Typer app sharing the real root callback, so these tests
run the same code path as `mops history ...` whether or not mops/app.py registers them yet.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CliResult

EXPORTS = "exports"


def history_command():  # noqa: ANN201 - a click command
    import typer

    from mops.app import root
    from mops.commands import history, privacy

    app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
    app.callback()(root)
    history.register(app)
    privacy.register(app)
    return typer.main.get_command(app)


@pytest.fixture
def hmops(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run `mops ARGS...` in-process with the history commands; `cwd=` runs from that folder."""
    from mops.cli import run

    command = history_command()

    def invoke(*args: str, cwd: Path | None = None) -> CliResult:
        capsys.readouterr()
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = run(list(args), command=command)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke


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
