"""What lint reads: a path it cannot read (named or met while walking) or a file too big to lint
is an error naming it (exit 2), never a silent pass; lint.exclude is the way to leave it out."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = "https://shop.example/sale?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "mops.yaml").write_text("name: Test\n")
    (root / "ad.md").write_text(f"Shop: {GOOD}\n")
    return root


def run_without_read_override(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`mops ARGS` in a real process for which file permissions hold. Tests run as root in CI, and
    root reads a chmod 000 folder; without the capabilities that let it (CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH), it is refused like anyone else."""
    argv = [sys.executable, "-m", "mops", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to drop root's permission override"
        argv = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *argv]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_a_folder_that_cannot_be_listed_is_an_error_not_a_pass(ws: Path) -> None:
    secret = ws / "copy"
    secret.mkdir()
    (secret / "ad.md").write_text("https://x.example/?utm_source=Google\n")
    secret.chmod(0)
    try:
        result = run_without_read_override("-w", str(ws), "lint", cwd=ws)
    finally:
        secret.chmod(0o755)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "copy" in result.stderr and "Permission denied" in result.stderr
    assert "No problems found" not in result.stdout


def test_an_excluded_unreadable_folder_is_left_out(ws: Path) -> None:
    (ws / "mops.yaml").write_text("name: Test\nlint:\n  exclude: [private/**]\n")
    (ws / "private").mkdir()
    (ws / "private").chmod(0)
    try:
        result = run_without_read_override("-w", str(ws), "lint", cwd=ws)
    finally:
        (ws / "private").chmod(0o755)
    assert result.returncode == 0, result.stderr


def test_a_file_that_cannot_be_read_is_an_error(ws: Path) -> None:
    (ws / "ad.md").chmod(0)
    try:
        result = run_without_read_override("-w", str(ws), "lint", cwd=ws)
    finally:
        (ws / "ad.md").chmod(0o644)
    assert result.returncode == 2
    assert "ad.md" in result.stderr and "Traceback" not in result.stderr


def test_a_broken_link_to_a_folder_met_while_walking_is_an_error(mops, ws: Path) -> None:
    # 'campaigns' looks like a folder (no extension the include globs match): it was skipped in silence
    (ws / "campaigns").symlink_to(ws / "moved-away")
    result = mops("-w", str(ws), "lint")
    assert result.exit_code == 2
    assert "campaigns" in result.stderr and "moved-away" in result.stderr


def test_a_link_that_loops_is_an_error(mops, ws: Path) -> None:
    (ws / "loop").symlink_to(ws / "loop")
    result = mops("-w", str(ws), "lint")
    assert result.exit_code == 2
    assert "loop" in result.stderr and "cannot read" in result.stderr


def test_a_linked_folder_is_linted_and_a_link_back_up_ends(mops, ws: Path) -> None:
    shared = ws.parent / "shared"
    shared.mkdir()
    (shared / "ad.md").write_text("https://x.example/?utm_source=Google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale\n")
    (shared / "up").symlink_to(ws)  # a loop through the workspace: walked once
    (ws / "shared").symlink_to(shared)
    result = mops("-w", str(ws), "lint", "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert "UTM006" in result.stdout  # the file in the linked folder was read


def test_broken_links_and_unreadable_paths_under_exclude_are_left_out(mops, ws: Path) -> None:
    (ws / "mops.yaml").write_text("name: Test\nlint:\n  exclude: [old/**, gone.md]\n")
    (ws / "old").mkdir()
    (ws / "old" / "campaigns").symlink_to(ws / "nowhere")
    (ws / "gone.md").symlink_to(ws / "nowhere.md")
    assert mops("-w", str(ws), "lint").exit_code == 0


def test_a_fifo_named_on_the_command_line_is_an_error(mops, ws: Path) -> None:
    os.mkfifo(ws / "pipe.md")
    result = mops("-w", str(ws), "lint", str(ws / "pipe.md"))
    assert result.exit_code == 2
    assert "pipe.md" in result.stderr and "FIFO" in result.stderr


def test_a_fifo_met_while_walking_is_an_error_not_a_hang(ws: Path) -> None:
    os.mkfifo(ws / "copy.md")
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    try:
        result = subprocess.run([sys.executable, "-m", "mops", "-w", str(ws), "lint"], env=env, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("mops lint waited forever on a FIFO")
    assert result.returncode == 2
    assert "copy.md" in result.stderr and "FIFO" in result.stderr


def test_undecodable_bytes_with_mops002_deselected_are_an_error(mops, ws: Path) -> None:
    (ws / "latin1.csv").write_bytes("name,url\nCaf\xe9,https://x.example\n".encode("latin-1"))
    result = mops("-w", str(ws), "lint", "--select", "UTM")
    assert result.exit_code == 2
    assert "latin1.csv" in result.stderr and "UTF-8" in result.stderr


# --- files too big to lint -----------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_reported_with_its_size(mops, ws: Path) -> None:
    (ws / "big.md").write_text(f"Shop: {GOOD}\n" * 60_000)  # 5,880,000 bytes
    result = mops("-w", str(ws), "lint", "--max-file-size", "5MB")
    assert result.exit_code == 2
    assert "big.md" in result.stderr and "5.9 MB" in result.stderr and "5 MB" in result.stderr
    assert mops("-w", str(ws), "lint", "--max-file-size", "7MB").exit_code == 0


def test_the_default_limit_is_50_mb_and_mops_yaml_can_raise_it(mops, ws: Path) -> None:
    big = ws / "big.txt"
    with big.open("wb") as out:  # sparse: 51 MB on paper, nothing on disk
        out.truncate(51_000_000)
    result = mops("-w", str(ws), "lint")
    assert result.exit_code == 2 and "51 MB" in result.stderr and "50 MB" in result.stderr
    (ws / "mops.yaml").write_text("name: Test\nlint:\n  max_file_size: 10KB\n")
    big.write_text("short\n")
    (ws / "mid.md").write_text("x" * 20_000)
    result = mops("-w", str(ws), "lint")
    assert result.exit_code == 2 and "mid.md" in result.stderr and "20 KB" in result.stderr


def test_a_size_that_is_not_one_is_a_usage_or_config_error(mops, ws: Path) -> None:
    result = mops("-w", str(ws), "lint", "--max-file-size", "lots")
    assert result.exit_code == 2 and "--max-file-size" in result.stderr
    (ws / "mops.yaml").write_text("name: Test\nlint:\n  max_file_size: 50 parsecs\n")
    result = mops("-w", str(ws), "lint")
    assert result.exit_code == 2 and "max_file_size" in result.stderr and "mops.yaml" in result.stderr


def test_a_file_named_inside_a_folder_that_cannot_be_searched_says_so(ws: Path) -> None:
    (ws / "locked").mkdir()
    (ws / "locked" / "ad.md").write_text(f"Shop: {GOOD}\n")
    (ws / "locked").chmod(0)
    try:
        result = run_without_read_override("-w", str(ws), "lint", str(ws / "locked" / "ad.md"), cwd=ws)
    finally:
        (ws / "locked").chmod(0o755)
    assert result.returncode == 2
    assert "Permission denied" in result.stderr and "no such file" not in result.stderr


def test_a_folder_excluded_with_all_it_holds_is_not_walked(mops, ws: Path) -> None:
    # exports/** leaves the folder out: a link in it to a folder that loops or is gone is no error
    (ws / "mops.yaml").write_text("name: Test\nlint:\n  exclude: [exports/**, drafts/*]\n")
    (ws / "exports" / "raw").mkdir(parents=True)
    (ws / "exports" / "raw" / "pipe.csv").symlink_to(ws / "exports" / "raw" / "pipe.csv")
    (ws / "drafts" / "deep").mkdir(parents=True)
    (ws / "drafts" / "skipped.md").write_text("https://x.example/?utm_source=Google\n")
    (ws / "drafts" / "deep" / "linted.md").write_text("https://x.example/?utm_source=Google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale\n")
    result = mops("-w", str(ws), "lint", "--format", "json")
    assert result.exit_code == 1, result.stderr  # drafts/* excludes drafts' files, not its subfolders'
    assert {f["path"] for f in __import__("json").loads(result.stdout)["findings"]} == {"drafts/deep/linted.md"}


ALIAS = "https://shop.example/sale?utm_source=FB&utm_medium=cpc&utm_campaign=2026-q2_spring-sale"


@pytest.mark.parametrize("name", ["ad.htm", "ad.markdown", "ad.mdx", "ad.mkd", "ad.text", "AD.HTML", "ad.Md"])
def test_a_walk_lints_text_files_mops_reads_whatever_their_extension_is_called(mops, ws: Path, name: str) -> None:
    (ws / "copy").mkdir()
    (ws / "copy" / name).write_text(f"Shop: <a href=\"{ALIAS}\">x</a>\n")
    result = mops("-w", str(ws), "lint", "--format", "json", str(ws / "copy"))
    assert result.exit_code == 1, result.stdout + result.stderr
    import json

    assert [f["path"] for f in json.loads(result.stdout)["findings"] if f["code"] == "UTM007"] == [f"copy/{name}"]


@pytest.mark.parametrize(("name", "what"), [
    ("bulk.xlsx", "Excel workbook"), ("bulk.ods", "OpenDocument spreadsheet"), ("brief.docx", "Word document"), ("brief.pdf", "PDF"),
])
def test_a_workbook_or_document_named_directly_says_what_it_is_and_what_to_do(mops, ws: Path, name: str, what: str) -> None:
    (ws / name).write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe")
    result = mops("-w", str(ws), "lint", str(ws / name))
    assert result.exit_code == 2
    assert what in result.stderr and "UTF-8 (byte" not in result.stderr + result.stdout, result.stderr
    assert "export" in result.stderr


def test_a_walk_fails_on_a_workbook_unless_excluded_and_notes_other_skipped_types(mops, ws: Path) -> None:
    (ws / "copy").mkdir()
    (ws / "copy" / "ads.xlsx").write_bytes(b"PK\x03\x04\x00\xff")
    result = mops("-w", str(ws), "lint")
    assert result.exit_code == 2 and "copy/ads.xlsx" in result.stderr and "CSV" in result.stderr, result.stderr
    (ws / "mops.yaml").write_text("name: Test\nlint:\n  exclude: ['copy/*.xlsx']\n")
    (ws / "copy" / "brief.docx").write_bytes(b"PK\x03\x04\x00\xff")
    (ws / "copy" / "notes.rst").write_text("Notes\n")
    result = mops("-w", str(ws), "lint", "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    import json

    notes = [n["message"] for n in json.loads(result.stdout)["notes"] if n["id"] == "skipped-types"]
    assert len(notes) == 1 and "2 file(s)" in notes[0] and ".docx" in notes[0] and ".rst" in notes[0], notes
    assert "xlsx" not in notes[0]  # excluded: silenced


def test_an_unreadable_file_named_on_the_command_line_gets_mops_message_not_typer_s(ws: Path) -> None:
    (ws / "ad.md").chmod(0)
    try:
        result = run_without_read_override("-w", str(ws), "lint", "ad.md", cwd=ws)
    finally:
        (ws / "ad.md").chmod(0o644)
    assert result.returncode == 2
    assert "ad.md: error: cannot read: Permission denied" in result.stderr, result.stderr
    assert "hint:" in result.stderr and "Invalid value" not in result.stderr


def _bad_paths(ws: Path) -> list[str]:
    os.mkfifo(ws / "pipe.md")
    (ws / "broken.md").symlink_to(ws / "nowhere.md")
    (ws / "loop.md").symlink_to(ws / "loop.md")
    return ["pipe.md", "broken.md", "loop.md"]


def test_every_bad_path_named_at_once_is_reported_not_only_the_first(mops, ws: Path) -> None:
    names = _bad_paths(ws)
    result = mops("-w", str(ws), "lint", *(str(ws / n) for n in names), str(ws / "ad.md"))
    assert result.exit_code == 2
    assert [n for n in names if f"{n}: error:" not in result.stderr] == [], result.stderr


def test_every_bad_path_met_while_walking_is_reported(mops, ws: Path) -> None:
    names = _bad_paths(ws)
    result = mops("-w", str(ws), "lint")
    assert result.exit_code == 2
    assert [n for n in names if f"{n}: error:" not in result.stderr] == [], result.stderr


def test_machine_formats_carry_the_errors_of_a_run_that_stopped(mops, ws: Path) -> None:
    import json

    names = _bad_paths(ws)
    result = mops("-w", str(ws), "lint", "--format", "json")
    assert result.exit_code == 2
    errors = json.loads(result.stdout)["errors"]
    assert sorted(e["path"] for e in errors) == sorted(names) and all(e["hint"] for e in errors)

    out = ws / "mops.sarif"
    result = mops("-w", str(ws), "lint", "--format", "sarif", "-o", str(out))
    assert result.exit_code == 2
    invocation = json.loads(out.read_text())["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    located = [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert sorted(located) == sorted(names)

    result = mops("-w", str(ws), "lint", "--format", "github")
    assert result.exit_code == 2
    assert sorted(line.split(",")[0] for line in result.stdout.splitlines()) == sorted(f"::error file={n}" for n in names)


def test_an_exclusion_naming_a_folder_leaves_out_an_unreadable_file_in_it_as_an_unreadable_folder(ws: Path) -> None:
    (ws / "mops.yaml").write_text("name: Test\nlint:\n  exclude: [copy/secret]\n")
    secret = ws / "copy" / "secret"
    secret.mkdir(parents=True)
    (secret / "ad.md").write_text("Shop\n")
    (secret / "ad.md").chmod(0)
    try:
        readable_folder = run_without_read_override("-w", str(ws), "lint", cwd=ws)
        secret.chmod(0)
        unreadable_folder = run_without_read_override("-w", str(ws), "lint", cwd=ws)
    finally:
        secret.chmod(0o755)
        (secret / "ad.md").chmod(0o644)
    assert (readable_folder.returncode, unreadable_folder.returncode) == (0, 0), readable_folder.stderr + unreadable_folder.stderr
