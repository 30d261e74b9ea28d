"""Hostile and broken input to `mops approvals verify` and `mops approve`: a clear error (exit 2) or
an `invalid` verdict naming the file, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.approvals_support import Team, team  # noqa: F401 - the fixture

BOOTS = "copy/meta/boots.md"


def _approved(team: Team, mops) -> Path:
    team.sign_as("dana@example.com")
    assert mops("approve", BOOTS, cwd=team.root).exit_code == 0
    return next((team.root / "approvals" / "records").rglob("*.yaml"))


def _state(mops, team: Team, *args: str) -> dict:
    result = mops("approvals", "verify", "--format", "json", *args, cwd=team.root)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return {a["artifact"]: a for a in json.loads(result.stdout)["artifacts"]}[BOOTS]


def test_a_malformed_allowed_signers_line_is_an_error_naming_its_line(team: Team, mops) -> None:
    signers = team.root / "approvals" / "allowed_signers"
    signers.write_text(signers.read_text() + "malte@example.com ssh-ed25519 not-base64!!\n")
    result = mops("approvals", "verify", cwd=team.root)
    assert result.exit_code == 2
    assert "approvals/allowed_signers:4" in result.stderr and "not a key" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_allowed_signers_line_at_the_base_commit_names_the_base(team: Team, mops) -> None:
    signers = team.root / "approvals" / "allowed_signers"
    signers.write_text(signers.read_text() + "just-a-name\n")
    base = team.commit_all("typo")
    result = mops("approvals", "verify", "--base", base, BOOTS, cwd=team.root)
    assert result.exit_code == 2
    assert f"approvals/allowed_signers at base {base[:12]}:4" in result.stderr


def test_a_record_that_is_not_yaml_is_invalid_and_named(team: Team, mops) -> None:
    _approved(team, mops)
    bad = team.write(f"approvals/records/{BOOTS}/20261201T000000Z-approved-broken.yaml", "artifact: [unclosed\n  : : :\n")
    state = _state(mops, team)
    assert state["state"] == "invalid"
    assert bad.relative_to(team.root).as_posix() in state["reason"] and "not YAML" in state["reason"]


def test_a_record_with_the_wrong_fields_is_invalid_and_named(team: Team, mops) -> None:
    team.write(f"approvals/records/{BOOTS}/x.yaml", "- just\n- a list\n")
    team.write(f"approvals/records/{BOOTS}/y.yaml", "artifact: copy/meta/boots.md\ndecision: approved\n")
    state = _state(mops, team, BOOTS)
    assert state["state"] == "invalid"
    assert "x.yaml: not an approval record" in state["reason"]
    assert "y.yaml: not a valid approval record" in state["reason"]


def test_a_garbage_signature_is_invalid_and_named(team: Team, mops) -> None:
    record = _approved(team, mops)
    text = record.read_text()
    head = text[: text.index("signature: |")]
    record.write_text(head + "signature: |\n  -----BEGIN SSH SIGNATURE-----\n  bm90IGEgc2lnbmF0dXJl\n  -----END SSH SIGNATURE-----\n")
    state = _state(mops, team, BOOTS)
    assert state["state"] == "invalid" and "not an SSH signature" in state["reason"]
    assert record.name in state["reason"]


def test_a_ten_megabyte_record_is_invalid_and_named(team: Team, mops) -> None:
    _approved(team, mops)
    huge = team.root / "approvals" / "records" / BOOTS / "20261201T000000Z-approved-huge.yaml"
    huge.write_text("comment: " + "x" * 10_000_000 + "\n")
    state = _state(mops, team, BOOTS)
    assert state["state"] == "invalid"
    assert "huge.yaml" in state["reason"] and "too big" in state["reason"]


def test_verify_refuses_a_path_outside_the_workspace(team: Team, mops, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x\n")
    result = mops("approvals", "verify", str(outside), cwd=team.root)
    assert result.exit_code == 2 and "outside the workspace" in result.stderr
    result = mops("approvals", "verify", "../../etc/passwd", cwd=team.root)
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_an_unknown_base_says_to_fetch_the_history(team: Team, mops) -> None:
    result = mops("approvals", "verify", "--base", "0123456789abcdef0123456789abcdef01234567", cwd=team.root)
    assert result.exit_code == 2 and "fetch-depth: 0" in result.stderr


def test_a_workspace_outside_git_is_a_clear_error(tmp_path: Path, mops) -> None:
    folder = tmp_path / "plain"
    assert mops("init", str(folder)).exit_code == 0
    import shutil

    shutil.rmtree(folder / ".git", ignore_errors=True)  # `mops init` makes a repository; this team has none
    result = mops("approvals", "verify", cwd=folder)
    assert result.exit_code == 2 and "not in a git repository" in result.stderr
    result = mops("queue", cwd=folder)
    assert result.exit_code == 2 and "not in a git repository" in result.stderr


def test_a_record_path_escaping_its_folder_decides_nothing(team: Team, mops) -> None:
    """A record whose signed artifact climbs out of the workspace is never read as deciding a file."""
    record = _approved(team, mops)
    text = record.read_text().replace(f"artifact: {BOOTS}", "artifact: ../../outside.md")
    record.write_text(text)
    state = _state(mops, team, BOOTS)
    assert state["state"] == "invalid"
