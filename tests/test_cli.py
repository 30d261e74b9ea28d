"""The CLI contract: version, help, exit codes, where output goes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import typer

from mops import __version__
from mops.cli import run


def test_version(mops_subprocess) -> None:
    result = mops_subprocess("--version")
    assert result.exit_code == 0
    assert result.stdout == f"mops {__version__}\n"


def test_version_does_not_import_typer(mops_subprocess) -> None:
    code = "import sys; from mops.cli import run; run(['--version']); print('typer' in sys.modules, 'pydantic' in sys.modules)"
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "False False"


def test_help_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, contextlib, io\n"
        "from mops.cli import run\n"
        "with contextlib.redirect_stdout(io.StringIO()): run(['--help'])\n"
        "print(sorted(m for m in ('litellm', 'duckdb', 'git', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_python_dash_m(mops_subprocess) -> None:
    result = mops_subprocess("--help")
    assert result.exit_code == 0
    assert "init" in result.stdout and "schema" in result.stdout


def test_unknown_option_is_a_usage_error(mops) -> None:
    result = mops("init", "--bogus")
    assert result.exit_code == 2
    assert "No such option: --bogus" in result.stderr
    assert result.stdout == ""


def test_unknown_command_is_a_usage_error(mops) -> None:
    result = mops("frobnicate")
    assert result.exit_code == 2
    assert "frobnicate" in result.stderr


def _crashing_app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)

    @app.command()
    def boom() -> None:
        raise RuntimeError("disk on fire")

    @app.command()
    def other() -> None:
        pass

    return app


def test_unexpected_error_is_a_short_message(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["boom"], command=typer.main.get_command(_crashing_app()))
    err = capsys.readouterr().err
    assert code == 2
    assert "internal error: RuntimeError: disk on fire" in err
    assert "report it at" in err
    assert "Traceback" not in err


def test_mops_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOPS_DEBUG", "1")
    code = run(["boom"], command=typer.main.get_command(_crashing_app()))
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback (most recent call last)" in err
    assert 'raise RuntimeError("disk on fire")' in err


def test_json_output_is_alone_on_stdout(mops, tmp_path: Path) -> None:
    result = mops("config", "show", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0
    data = json.loads(result.stdout)  # nothing but JSON on stdout
    assert data["settings"]["currency"] == "EUR"
    assert "bundled defaults" in result.stderr


def test_an_unwritable_path_is_a_clear_error(mops, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = mops("schema", "--write", str(blocker / "schemas"))
    assert result.exit_code == 2
    assert "internal error" not in result.stderr
    assert str(blocker) in result.stderr


def test_progress_bar_is_for_a_person_at_a_terminal_and_long_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from mops.commands._output import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    short = ProgressBar("linting", at_least=50)
    short(1, 10)
    short.close()
    assert terminal.getvalue() == ""  # ten files: no bar
    bar = ProgressBar("importing")
    bar(0, 2, "a.csv")
    bar(1, 2, "b.csv")
    bar.close()
    assert "importing b.csv" in terminal.getvalue() and "50%" in terminal.getvalue()

    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    quiet = ProgressBar("importing")
    quiet(0, 2, "a.csv")
    quiet.close()
    assert piped.getvalue() == ""  # stderr piped to a file or CI log: nothing
