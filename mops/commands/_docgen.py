"""Generate docs/cli.md from the commands' own --help, so the reference can never drift.

Run `python -m mops.commands._docgen` to rewrite it; `tests/test_docs.py` fails when a command or an option is missing from it.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path
from typing import Any

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
_WIDTH = "100"


def _help(args: list[str]) -> str:
    from mops.cli import run

    saved = {k: os.environ.get(k) for k in ("COLUMNS", "TERMINAL_WIDTH", "NO_COLOR", "TERM")}
    os.environ.update({"COLUMNS": _WIDTH, "TERMINAL_WIDTH": _WIDTH, "NO_COLOR": "1", "TERM": "dumb"})
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            run([*args, "--help"])
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).strip("\n")


def _command_paths() -> list[list[str]]:
    from mops.app import build_command

    paths: list[list[str]] = []

    def walk(command: Any, prefix: list[str]) -> None:
        paths.append(prefix)
        if hasattr(command, "commands"):
            for name in sorted(command.commands):
                sub = command.commands[name]
                if not sub.hidden:
                    walk(sub, [*prefix, name])

    walk(build_command(), [])
    return paths


def render_cli_reference() -> str:
    """The whole of docs/cli.md."""
    parts = [
        "# mops command reference",
        "",
        "Generated from each command's `--help` by `python -m mops.commands._docgen`; do not edit by hand.",
        "",
    ]
    for path in _command_paths():
        title = " ".join(["mops", *path])
        parts += [f"## `{title}`", "", "```text", _help(path), "```", ""]
    return "\n".join(parts)


def main() -> None:
    DOC_PATH.write_text(render_cli_reference(), encoding="utf-8")
    sys.stderr.write(f"wrote {DOC_PATH}\n")


if __name__ == "__main__":
    main()
