"""The deliberate mistakes of examples/workspace/dirty/ are all found by the README's own "try it"
command: the tables of dirty/README.md (file, line, codes) are read here, the command is read from
the main README, and each documented mistake must be among its findings, by code and line."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from conftest import REPO

DIRTY = REPO / "examples" / "workspace" / "dirty"
_SECTION = re.compile(r"^## (?P<file>\S+)", re.MULTILINE)
_ROW = re.compile(r"^\|\s*(?P<line>\d+)\s*\|.*\|\s*(?P<codes>[A-Z]+\d{3}(?:\s*,\s*[A-Z]+\d{3})*)\s*\|\s*$", re.MULTILINE)


def documented_mistakes() -> set[tuple[str, int, str]]:
    """(file, line, code) for every row of the README's tables."""
    text = (DIRTY / "README.md").read_text(encoding="utf-8")
    sections = list(_SECTION.finditer(text))
    found = set()
    for index, section in enumerate(sections):
        end = sections[index + 1].start() if index + 1 < len(sections) else len(text)
        for row in _ROW.finditer(text, section.end(), end):
            for code in re.split(r"\s*,\s*", row["codes"]):
                found.add((section["file"], int(row["line"]), code))
    return found


def try_it_command() -> list[str]:
    """The main README's "try it" line that lints the dirty folder, as arguments after `mops`."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("mops ") and re.search(r"\blint examples/workspace/dirty\s*(#|$)", line))
    return shlex.split(line.split("#", 1)[0])[1:]


def test_the_readme_documents_every_mistake_with_a_code() -> None:
    text = (DIRTY / "README.md").read_text(encoding="utf-8")
    table_rows = [line for line in text.splitlines() if re.match(r"^\|\s*\d+\s*\|", line)]
    parsed = sum(1 for _ in _ROW.finditer(text))
    assert parsed == len(table_rows) > 20, "every table row ends with its rule code(s)"
    files = {file for file, _, _ in documented_mistakes()}
    assert files == {p.name for p in DIRTY.iterdir() if p.name != "README.md"}


def test_try_it_finds_every_documented_mistake(mops) -> None:  # noqa: ANN001 - fixture
    args = try_it_command()
    result = mops(*args, "--format", "json", cwd=REPO)
    assert result.exit_code == 1, result.stderr
    findings = {(Path(f["path"]).name, f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]}
    missing = sorted(documented_mistakes() - findings)
    assert not missing, f"documented in dirty/README.md but not found by `mops {' '.join(args)}`: {missing}"


def test_try_it_says_nothing_of_files_without_a_channel_there(mops) -> None:  # noqa: ANN001 - fixture
    # every dirty file has its channel (front matter, per_path, a channel column): no note
    result = mops(*try_it_command(), "--format", "json", cwd=REPO)
    assert json.loads(result.stdout)["notes"] == []
