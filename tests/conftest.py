"""Shared test fixtures: run the real CLI in-process, isolated from the developer's environment."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_WORKSPACE = REPO / "examples" / "workspace"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def _user_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("user-cache")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, _user_cache: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(_user_cache))  # never write into the developer's ~/.cache
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("MOPS_WORKSPACE", raising=False)
    monkeypatch.delenv("MOPS_DEBUG", raising=False)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test Author")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "author@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test Author")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "author@example.com")


@pytest.fixture
def mops(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run `mops ARGS...` in-process through the real entry point; returns exit code, stdout, stderr.

    `cwd=` runs it from another folder; `stdin=` feeds standard input.
    """
    from mops.cli import run

    def invoke(*args: str, cwd: Path | None = None, stdin: str | None = None) -> CliResult:
        capsys.readouterr()
        if cwd is not None:
            monkeypatch.chdir(cwd)
        if stdin is not None:
            import io

            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = run(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def mops_subprocess():
    """Run the installed `mops` console script in a real subprocess (for start-up and exit-code tests)."""

    def invoke(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | None = None) -> CliResult:
        import os

        full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
        completed = subprocess.run(
            [sys.executable, "-m", "mops", *args], cwd=cwd, env=full_env, input=stdin, capture_output=True, text=True, timeout=120
        )
        return CliResult(completed.returncode, completed.stdout, completed.stderr)

    return invoke


@pytest.fixture
def example_workspace(tmp_path: Path) -> Path:
    """A private copy of the bundled example workspace."""
    target = tmp_path / "workspace"
    shutil.copytree(EXAMPLE_WORKSPACE, target, ignore=shutil.ignore_patterns(".mops"))
    return target
