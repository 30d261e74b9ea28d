"""`mops lint` without Typer (mops/commands/_direct.py): a command line its parse table reads gets
exactly the values Typer would pass; any other is left to Typer, which answers it as always."""

from __future__ import annotations

import functools
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from mops.commands._direct import build_table, parse

REFUSED = "refused"


def typer_values(args: list[str]) -> tuple[dict[str, Any], dict[str, Any]] | str:
    """(root callback's values, lint's values) as Typer passes them for `mops ARGS`, read with
    Typer's own click command built from lint's real declarations; REFUSED when click refuses the
    command line, None values when it ran something else (help)."""
    from mops.app import _APP_SETTINGS, root
    from mops.commands import lint as lint_module

    lint_module.register(typer.Typer())  # binds the declarations' names, as any registration does
    seen: dict[str, Any] = {}

    @functools.wraps(root)
    def record_root(ctx: Any, **values: Any) -> None:
        seen["root"] = values

    @functools.wraps(lint_module.lint)
    def record_lint(ctx: Any, **values: Any) -> None:
        seen["lint"] = values

    app = typer.Typer(**_APP_SETTINGS)
    app.callback()(record_root)
    app.command("lint")(record_lint)
    try:
        typer.main.get_command(app).main(args=args, prog_name="mops", standalone_mode=False)
    except (typer.Exit, typer.Abort, Exception) as exc:  # noqa: BLE001 - click's usage errors, help's exit
        if "lint" in seen:
            raise AssertionError(f"Typer ran lint and then failed: {exc!r}") from exc
        return REFUSED
    if "lint" not in seen:
        return REFUSED  # help, printed by click
    return seen["root"], seen["lint"]


@pytest.fixture(scope="module")
def table() -> dict[str, Any]:
    return build_table("lint")


def _command_lines(tmp: Path, count: int) -> list[list[str]]:
    existing_file = tmp / "ad.md"
    existing_file.write_text("Shop now\n")
    folder = tmp / "copy"
    folder.mkdir()
    rng = random.Random(20261206)
    options = [
        "--format", "-f", "--select", "--ignore", "--fail-on", "--fix", "--diff", "--baseline", "--write-baseline",
        "--stdin-filename", "--explain", "--output-file", "-o", "--jobs", "-j", "--max-file-size",
    ]
    odd = ["--", "-h", "--help", "--bogus", "-fjson", "-j2", "--fix=1", "--format=json", "--format=JSON", "--jobs=0",
           "--jobs=2", "--select=UTM", "-V", "--version", "-x", "-w"]
    values = [
        "text", "json", "sarif", "github", "markdown", "JSON", "error", "never", "warning", "UTM", "UTM001,COPY", "", "-",
        "0", "1", "3", "-1", " 2", "2_0", "x", "50MB", str(existing_file), str(folder), str(tmp / "missing.md"), "--fix", "lint",
    ]
    roots = [[], ["-w", str(tmp)], ["--workspace", str(tmp)], [f"--workspace={tmp}"], ["-w", "lint"], ["-V"], ["--bogus"]]
    lines = []
    for _ in range(count):
        line = [*rng.choice(roots), "lint"]
        for _ in range(rng.randrange(0, 6)):
            roll = rng.random()
            if roll < 0.55:
                line.append(rng.choice(options))
                if rng.random() < 0.9:
                    line.append(rng.choice(values))
            elif roll < 0.85:
                line.append(rng.choice([str(existing_file), str(folder), "-", str(tmp / "missing.md")]))
            else:
                line.append(rng.choice(odd))
        lines.append(line)
    return lines


def test_a_command_line_read_without_typer_gets_the_values_typer_passes(tmp_path: Path, table: dict[str, Any], capsys) -> None:
    read = 0
    lines = _command_lines(tmp_path, 600)
    for args in lines:
        direct = parse(table, args)
        expected = typer_values(args)
        capsys.readouterr()
        if direct is None:
            continue  # left to Typer: whatever it says is what mops says
        read += 1
        assert expected != REFUSED, f"read {args} though Typer refuses it"
        root_values, values = direct
        typer_root, typer_lint = expected
        # of the root's options, the run reads --workspace (--version's value is its callback's)
        assert (root_values["workspace"], values) == (typer_root["workspace"], typer_lint), args
    assert read > len(lines) // 3  # most command lines are plain ones: the table must read them


def test_the_examples_of_the_help_are_read_without_typer(table: dict[str, Any]) -> None:
    # mops lint · mops lint copy/ --format sarif -o mops.sarif · mops lint --fix · mops lint --explain UTM005
    for args in (["lint"], ["lint", "copy/", "--format", "sarif", "-o", "mops.sarif"], ["lint", "--fix"], ["lint", "--explain", "UTM005"]):
        direct, expected = parse(table, args), typer_values(args)
        assert direct is not None and expected != REFUSED
        assert (direct[0]["workspace"], direct[1]) == (expected[0]["workspace"], expected[1])


def test_a_one_file_lint_imports_no_typer_and_help_still_comes_from_typer(tmp_path: Path, example_workspace: Path) -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from mops.cli import run\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):\n"
        "    code = run(sys.argv[1:])\n"
        "print(code, 'typer' in sys.modules, len(out.getvalue()))\n"
    )
    file = example_workspace / "note.md"
    file.write_text("Shop the new tents at https://www.example.com/tents today.\n")
    lint = [sys.executable, "-c", probe, "-w", str(example_workspace), "lint", str(file)]
    subprocess.run(lint, capture_output=True, text=True, check=True)  # the first run makes the table
    assert subprocess.run(lint, capture_output=True, text=True, check=True).stdout.split() [:2] == ["0", "False"]
    code, typer_imported, printed = subprocess.run(
        [sys.executable, "-c", probe, "lint", "--help"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert (code, typer_imported) == ("0", "True") and int(printed) > 500


def test_lint_through_typer_and_without_it_says_the_same(mops, example_workspace: Path) -> None:
    from mops.app import build_command
    from mops.cli import run

    args = ["-w", str(example_workspace), "lint", str(example_workspace / "dirty"), "--format", "json", "--fail-on", "error"]
    direct = mops(*args)
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(args, command=build_command(args))
    assert (direct.exit_code, direct.stdout, direct.stderr) == (code, out.getvalue(), err.getvalue())
    assert direct.exit_code == 1 and '"findings"' in direct.stdout


def _main_with(prelude: str, *args: str, **run: Any) -> subprocess.CompletedProcess:
    """`mops ARGS` through the console script's entry point, after `prelude` ran in the process."""
    code = f"import sys\n{prelude}\nsys.argv = ['mops', *sys.argv[1:]]\nfrom mops.cli import main\nmain()\n"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, **run)


def test_a_plain_lint_ends_with_its_whole_report_written_its_exit_callbacks_run_and_its_threads_done(tmp_path: Path, example_workspace: Path) -> None:
    # a plain `mops lint` ends its process without tearing the interpreter down (mops/cli.py): what
    # the process writes, registers or starts must still be finished
    links = example_workspace / "links.md"
    links.write_text("".join(f"- Item {i}: https://shop.example/p/{i}?utm_source=Google&utm_medium=cpc\n" for i in range(3000)))
    piped = _main_with("", "-w", str(example_workspace), "lint", "--format", "text", str(links))
    assert piped.returncode == 1, piped.stderr
    assert piped.stdout.count("utm_source='Google' is not lowercase") == 3000 and "3000 warnings" in piped.stdout.replace(",", "")

    marker = tmp_path / "callback-ran"
    registered = f"import atexit\natexit.register(lambda: open({str(marker)!r}, 'w').write('ran'))"
    assert _main_with(registered, "-w", str(example_workspace), "lint", str(links)).returncode == 1
    assert marker.read_text() == "ran"

    finished = tmp_path / "thread-finished"
    thread = (
        "import threading, time\n"
        f"threading.Thread(target=lambda: (time.sleep(0.5), open({str(finished)!r}, 'w').write('done'))).start()"
    )
    assert _main_with(thread, "-w", str(example_workspace), "lint", str(links)).returncode == 1
    assert finished.read_text() == "done"


def test_a_plain_lint_read_by_a_reader_that_stops_early_ends_without_a_traceback(example_workspace: Path) -> None:
    links = example_workspace / "links.md"
    links.write_text("".join(f"- Item {i}: https://shop.example/p/{i}?utm_source=Google&utm_medium=cpc\n" for i in range(3000)))
    script = "import sys\nsys.argv = ['mops', *sys.argv[1:]]\nfrom mops.cli import main\nmain()\n"
    lint = subprocess.Popen([sys.executable, "-c", script, "-w", str(example_workspace), "lint", str(links)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = lint.stdout.readline()
    lint.stdout.close()
    err = lint.stderr.read().decode()
    assert lint.wait(timeout=120) in (0, 1) and first
    assert "Traceback" not in err and "Exception ignored" not in err, err


@pytest.mark.parametrize("closed", [1, 2], ids=["stdout", "stderr"])
def test_a_plain_lint_with_a_standard_stream_closed_ends_as_usual(tmp_path: Path, example_workspace: Path, closed: int) -> None:
    # a process started with fd 1 or 2 closed has sys.stdout or sys.stderr None: the report goes
    # to -o, and the end without teardown (mops/cli.py _end_now) must not trip over the missing stream
    import os

    page = example_workspace / "clean.md"
    page.write_text("---\nchannel: none\n---\nHello world\n")
    report = tmp_path / "report.json"
    result = _main_with("", "-w", str(example_workspace), "lint", "--format", "json", "-o", str(report), str(page),
                        preexec_fn=lambda: os.close(closed))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and '"findings": []' in report.read_text()
