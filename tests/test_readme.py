"""The README's two commands are what CI runs and what a newcomer types."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.DOTALL)
    assert block, "the README opens with a ```sh block"
    return [line for line in block[1].splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[0].startswith("pip install -e . && mops ")
    assert commands[1].startswith("pip install -e '.[test]' && ")


def test_ci_runs_the_readme_test_line_verbatim() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_the_first_command_runs_the_main_job_cleanly(mops, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    main_job = readme_commands()[0].split(" && ", 1)[1]
    argv = shlex.split(main_job)
    assert argv[0] == "mops"
    result = mops(*argv[1:])
    assert result.exit_code == 0, result.stdout + result.stderr
