"""`mops init` scaffolds a complete workspace and never overwrites a file."""

from __future__ import annotations

import subprocess
from pathlib import Path

from mops.workspace import load_workspace

EXPECTED_FOLDERS = ["taxonomy", "brand", "playbooks", "transcripts", "briefs", "plans", "proposals", "approvals", "exports"]


def test_init_in_an_empty_folder(mops, tmp_path: Path) -> None:
    target = tmp_path / "acme"
    result = mops("init", str(target))
    assert result.exit_code == 0, result.stderr
    for folder in EXPECTED_FOLDERS:
        assert (target / folder).is_dir(), folder
    assert (target / "approvals" / "allowed_signers").read_text() == ""
    assert ".mops/" in (target / ".gitignore").read_text().splitlines()
    assert (target / ".git").is_dir()
    assert "initialised a git repository" in result.stderr
    # what it wrote is a valid workspace
    ws = load_workspace(target)
    assert ws.root == target.resolve()
    assert ws.taxonomy().names["campaign"] == "{yyyy}-{quarter}_{slug}"
    assert ws.brand_voice().terms
    # editors find the schemas the comments point at
    first_line = (target / "taxonomy" / "utm.yaml").read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../.mops/schemas/taxonomy.json"
    assert (target / ".mops" / "schemas" / "taxonomy.json").is_file()
    assert (target / "mops.yaml").read_text().startswith("# yaml-language-server: $schema=.mops/schemas/config.json")


def test_init_inside_an_existing_repo_does_not_nest_a_repo(mops, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    target = tmp_path / "marketing"
    result = mops("init", str(target))
    assert result.exit_code == 0, result.stderr
    assert not (target / ".git").exists()
    assert (target / "mops.yaml").is_file()
    assert "initialised" not in result.stderr


def test_init_never_overwrites_existing_files(mops, tmp_path: Path) -> None:
    target = tmp_path / "team"
    (target / "taxonomy").mkdir(parents=True)
    (target / "mops.yaml").write_text("name: Ours\n")
    (target / "taxonomy" / "utm.yaml").write_text("# our own taxonomy\nversion: 1\n")
    (target / ".gitignore").write_text("node_modules/\n")
    result = mops("init", str(target))
    assert result.exit_code == 0, result.stderr
    assert (target / "mops.yaml").read_text() == "name: Ours\n"
    assert (target / "taxonomy" / "utm.yaml").read_text() == "# our own taxonomy\nversion: 1\n"
    assert (target / ".gitignore").read_text() == "node_modules/\n"
    assert "kept    mops.yaml" in result.stderr
    # the missing pieces were still added
    assert (target / "brand" / "voice.yaml").is_file()
    assert (target / "approvals" / "allowed_signers").is_file()


def test_init_twice_changes_nothing(mops, tmp_path: Path) -> None:
    target = tmp_path / "ws"
    mops("init", str(target))
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file() and ".git" not in p.parts}
    result = mops("init", str(target))
    assert result.exit_code == 0
    after = {p: p.read_bytes() for p in target.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert before == after
    assert "created" not in result.stderr


def test_init_on_a_file_is_a_clear_error(mops, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = mops("init", str(target))
    assert result.exit_code == 2
    assert "not a folder" in result.stderr
    assert "Traceback" not in result.stderr
