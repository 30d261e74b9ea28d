"""The lint engine end to end through the CLI: paths, exit codes, selection, per-path settings,
suppressions, --fix byte preservation, --diff, baselines, stdin, unreadable files, asset names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

GOOD = "https://shop.example/sale?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale"
BAD_CASE = "https://shop.example/sale?utm_source=Google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale"
FIXED_CASE = GOOD


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "mops.yaml").write_text("name: Test\n")
    return root


def lint_json(mops, ws: Path, *args: str):
    result = mops("-w", str(ws), "lint", "--format", "json", *args)
    data = json.loads(result.stdout) if result.stdout.strip() else None
    return result, data


def codes(data) -> list[str]:
    return [f["code"] for f in data["findings"]]


def test_missing_path_is_exit_2_never_a_silent_pass(mops, ws: Path) -> None:
    result = mops("-w", str(ws), "lint", str(ws / "nope.md"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


def test_clean_workspace_exits_0(mops, ws: Path) -> None:
    (ws / "ad.md").write_text(f"Shop: {GOOD}\n")
    result, data = lint_json(mops, ws)
    assert result.exit_code == 0, result.stdout
    assert data["findings"] == []
    assert data["summary"]["files_checked"] == 2  # ad.md and mops.yaml


def test_findings_exit_1_and_fail_on_threshold(mops, ws: Path) -> None:
    (ws / "ad.md").write_text(f"Shop: {BAD_CASE}\n")  # UTM006 is a warning
    result, data = lint_json(mops, ws)
    assert result.exit_code == 1
    assert codes(data) == ["UTM006"]
    assert data["findings"][0]["path"] == "ad.md"
    assert (data["findings"][0]["line"], data["findings"][0]["column"]) == (1, 44)
    assert mops("-w", str(ws), "lint", "--fail-on", "error").exit_code == 0


def test_select_ignore_and_unknown_codes(mops, ws: Path) -> None:
    (ws / "ad.md").write_text("https://shop.example/?UTM_Source=Google&utm_medium=cpc\n")
    _, data = lint_json(mops, ws)
    assert set(codes(data)) == {"UTM001", "UTM002", "UTM006"}
    _, data = lint_json(mops, ws, "--select", "UTM002,UTM006")
    assert set(codes(data)) == {"UTM002", "UTM006"}
    _, data = lint_json(mops, ws, "--ignore", "UTM00")
    assert codes(data) == []
    _, data = lint_json(mops, ws, "--ignore", "UTM", "--select", "UTM001")
    assert codes(data) == ["UTM001"]  # the more specific selector wins
    result = mops("-w", str(ws), "lint", "--select", "XYZ9")
    assert result.exit_code == 2
    assert "unknown rule code or prefix: XYZ9" in result.stderr


def test_per_path_settings_from_mops_yaml(mops, ws: Path) -> None:
    (ws / "mops.yaml").write_text("lint:\n  per_path:\n    - paths: ['legacy/**']\n      ignore: [UTM006]\n")
    (ws / "legacy").mkdir()
    (ws / "legacy" / "old.md").write_text(f"{BAD_CASE}\n")
    (ws / "new.md").write_text(f"{BAD_CASE}\n")
    _, data = lint_json(mops, ws)
    assert [(f["path"], f["code"]) for f in data["findings"]] == [("new.md", "UTM006")]


def test_excluded_folders_are_not_walked(mops, ws: Path) -> None:
    (ws / "exports").mkdir()
    (ws / "exports" / "raw.csv").write_text(f"url\n{BAD_CASE}\n")
    _, data = lint_json(mops, ws)
    assert data["findings"] == []
    # an explicit path is always linted
    _, data = lint_json(mops, ws, str(ws / "exports" / "raw.csv"))
    assert codes(data) == ["UTM006"]


def test_suppressions(mops, ws: Path) -> None:
    (ws / "ad.md").write_text(
        "<!-- mops: disable-next-line UTM006 -->\n"
        f"{BAD_CASE}\n"
        f"{BAD_CASE}\n"
        "<!-- mops: disable UTM -->\n"
        f"{BAD_CASE}\n"
        "<!-- mops: enable UTM -->\n"
        f"{BAD_CASE}\n"
        "<!-- mops: disable-next-line UTM002 -->\n"
        f"{GOOD}\n"
    )
    _, data = lint_json(mops, ws)
    found = [(f["code"], f["line"]) for f in data["findings"]]
    assert found == [("UTM006", 3), ("UTM006", 7), ("MOPS001", 8)]
    assert "suppressed nothing" in data["findings"][2]["message"]


def test_hash_suppressions_in_csv(mops, ws: Path) -> None:
    (ws / "links.csv").write_text(f"channel,url\n# mops: disable-next-line UTM006\nsearch,{BAD_CASE}\nsearch,{BAD_CASE}\n")
    _, data = lint_json(mops, ws)
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("UTM006", 4)]


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("crlf.md", f"Line one\r\nShop: {BAD_CASE}\r\nLast\r\n".encode(), f"Line one\r\nShop: {FIXED_CASE}\r\nLast\r\n".encode()),
        ("bom.csv", f"\ufeffchannel,url\nsearch,{BAD_CASE}\n".encode(), f"\ufeffchannel,url\nsearch,{FIXED_CASE}\n".encode()),
        ("nofinal.txt", f"Shop: {BAD_CASE}".encode(), f"Shop: {FIXED_CASE}".encode()),
        ("mixed.md", f"a\r\n{BAD_CASE}\nb\r\n".encode(), f"a\r\n{FIXED_CASE}\nb\r\n".encode()),
    ],
)
def test_fix_preserves_every_other_byte(mops, ws: Path, name: str, before: bytes, after: bytes) -> None:
    target = ws / name
    target.write_bytes(before)
    result = mops("-w", str(ws), "lint", "--fix", str(target))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert target.read_bytes() == after
    assert "applied 1 fix" in result.stderr
    # a second run changes nothing
    result = mops("-w", str(ws), "lint", "--fix", str(target))
    assert target.read_bytes() == after
    assert "applied" not in result.stderr


def test_fix_several_rules_on_one_link(mops, ws: Path) -> None:
    target = ws / "ad.html"
    target.write_text(
        '<a href="https://shop.example/#/sale?UTM_Source=FB&amp;utm-medium=Paid+Social&amp;utm_campaign=2026-q2_spring-sale">x</a>\n'
    )
    result = mops("-w", str(ws), "lint", "--fix", str(target))
    assert target.read_text() == (
        '<a href="https://shop.example/?utm_source=facebook&amp;utm_medium=paid-social&amp;utm_campaign=2026-q2_spring-sale#/sale">x</a>\n'
    )
    assert result.exit_code == 0, result.stdout


def test_unsafe_fixes_are_not_applied(mops, ws: Path) -> None:
    text = "https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring%2520sale\n"
    (ws / "ad.md").write_text(text)
    result = mops("-w", str(ws), "lint", "--fix")
    assert (ws / "ad.md").read_text() == text
    assert result.exit_code == 1


def test_diff_shows_without_writing(mops, ws: Path) -> None:
    (ws / "ad.md").write_text(f"Shop: {BAD_CASE}\n")
    result = mops("-w", str(ws), "lint", "--diff")
    assert (ws / "ad.md").read_text() == f"Shop: {BAD_CASE}\n"
    assert f"-Shop: {BAD_CASE}" in result.stdout
    assert f"+Shop: {FIXED_CASE}" in result.stdout


def test_baseline_accepts_old_findings_and_survives_inserted_lines(mops, ws: Path) -> None:
    (ws / "ad.md").write_text(f"Shop: {BAD_CASE}\n")
    baseline = ws / "baseline.json"
    result = mops("-w", str(ws), "lint", "--write-baseline", str(baseline))
    assert result.exit_code == 0
    assert json.loads(baseline.read_text())["findings"][0]["code"] == "UTM006"
    (ws / "ad.md").write_text(f"# New intro\n\nSome words.\n\nShop: {BAD_CASE}\n")
    result, data = lint_json(mops, ws, "--baseline", str(baseline))
    assert result.exit_code == 0
    assert data["findings"] == []
    (ws / "ad.md").write_text(f"Shop: {BAD_CASE}\nAgain: {BAD_CASE}\n")
    result, data = lint_json(mops, ws, "--baseline", str(baseline))
    assert result.exit_code == 1
    assert [f["line"] for f in data["findings"]] == [2]


def test_bad_baseline_file(mops, ws: Path) -> None:
    (ws / "b.json").write_text("{not json")
    result = mops("-w", str(ws), "lint", "--baseline", str(ws / "b.json"))
    assert result.exit_code == 2
    assert "not a mops baseline file" in result.stderr


def test_stdin_filename_decides_kind_and_path(mops, ws: Path) -> None:
    result = mops("-w", str(ws), "lint", "--format", "json", "--stdin-filename", "sheets/bulk.csv", stdin="Campaign,Tracking template\nx,https://t.example/?utm_source=google\n")
    data = json.loads(result.stdout)
    assert {f["path"] for f in data["findings"]} == {"sheets/bulk.csv"}
    assert "UTM017" in codes(data)


def test_stdin_fix_prints_the_fixed_text(mops, ws: Path) -> None:
    result = mops("-w", str(ws), "lint", "--fix", "--stdin-filename", "ad.md", stdin=f"Shop: {BAD_CASE}\n")
    assert result.stdout == f"Shop: {FIXED_CASE}\n"


def test_unreadable_file_is_a_finding(mops, ws: Path) -> None:
    (ws / "latin1.csv").write_bytes("name,url\nCaf\xe9,https://x.example\n".encode("latin-1"))
    result, data = lint_json(mops, ws)
    assert result.exit_code == 1
    assert codes(data) == ["MOPS002"]
    assert "UTF-8" in data["findings"][0]["message"]


def test_asset_file_names(mops, ws: Path) -> None:
    (ws / "assets").mkdir()
    (ws / "assets" / "2026-q2_spring-sale_social_story_v1.png").write_bytes(b"\x89PNG")
    (ws / "assets" / "final_FINAL_banner2.png").write_bytes(b"\x89PNG")
    _, data = lint_json(mops, ws)
    assert [(f["code"], f["path"]) for f in data["findings"]] == [("NAME002", "assets/final_FINAL_banner2.png")]


def test_explain_and_rules(mops) -> None:
    result = mops("lint", "--explain", "utm005")
    assert result.exit_code == 0
    assert "UTM005 utm.parameters-in-fragment" in result.stdout
    assert "Fix safety: safe" in result.stdout
    assert mops("lint", "--explain", "NOPE1").exit_code == 2
    listed = json.loads(mops("rules", "--format", "json").stdout)
    assert {"UTM001", "UTM020", "NAME001", "MOPS001"} <= {r["code"] for r in listed}


def test_config_error_leaves_files_untouched(mops, ws: Path) -> None:
    (ws / "ad.md").write_text(f"Shop: {BAD_CASE}\n")
    (ws / "taxonomy").mkdir()
    (ws / "taxonomy" / "utm.yaml").write_text("case: shouting\n")
    result = mops("-w", str(ws), "lint", "--fix")
    assert result.exit_code == 2
    assert "taxonomy/utm.yaml:1:7" in result.stderr
    assert (ws / "ad.md").read_text() == f"Shop: {BAD_CASE}\n"


def test_a_folder_named_explicitly_overrides_its_exclusion(mops, ws: Path) -> None:
    (ws / "mops.yaml").write_text("lint:\n  exclude: ['drafts/**', '**/node_modules/**']\n")
    (ws / "drafts" / "node_modules").mkdir(parents=True)
    (ws / "drafts" / "ad.md").write_text(f"{BAD_CASE}\n")
    (ws / "drafts" / "node_modules" / "x.md").write_text(f"{BAD_CASE}\n")
    _, data = lint_json(mops, ws)
    assert data["findings"] == []
    _, data = lint_json(mops, ws, str(ws / "drafts"))
    assert [f["path"] for f in data["findings"]] == ["drafts/ad.md"]


def test_rules_slow_lists_terms_without_a_literal_anchor(mops, ws: Path) -> None:
    (ws / "brand").mkdir()
    (ws / "brand" / "voice.yaml").write_text(
        "terms:\n  - term: cheap\n    alternatives: [affordable]\n  - term: '\\w+ly amazing'\n    regex: true\n"
    )
    result = mops("-w", str(ws), "rules", "--slow", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [row["term"] for row in listed] == ["\\w+ly amazing"]
    assert listed[0]["why"]


def _mixed_files(ws: Path, copies: int) -> None:
    links = [GOOD, BAD_CASE, GOOD.replace("?", "#"), GOOD.replace("utm_campaign", "utm_campaing"), "https://shop.example/?a=b?c=d"]
    (ws / "copy.md").write_text("".join(f"- [x]({links[i % len(links)]}&utm_content=c{i})\n" for i in range(copies)))
    (ws / "bulk.csv").write_text("Campaign,Final URL\n" + "".join(f"Spring sale {i % 3},{links[(i + 1) % len(links)]}\n" for i in range(copies)))
    (ws / "notes.txt").write_bytes(b"caf\xe9 " + BAD_CASE.encode())
    (ws / "small.md").write_text(f"<!-- mops: disable-next-line UTM006 -->\n{BAD_CASE}\n")


def test_lint_on_several_cores_reports_exactly_what_one_core_does(mops, ws: Path) -> None:
    _mixed_files(ws, 600)
    one, one_data = lint_json(mops, ws, "--jobs", "1")
    two, two_data = lint_json(mops, ws, "--jobs", "2")
    three, three_data = lint_json(mops, ws, "--jobs", "3")
    assert one.exit_code == two.exit_code == three.exit_code == 1
    assert len(one_data["findings"]) > 1000
    assert two_data == one_data and three_data == one_data
    assert {"UTM005", "UTM006", "UTM003", "UTM011", "NAME001", "MOPS002"} <= set(codes(one_data))


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_report_lists_findings_by_path_line_column_and_code(ws: Path, jobs: int) -> None:
    # library users (and --baseline, which counts repeated findings top-down) read the report's
    # order directly, not through a formatter that sorts
    from mops.lint.runner import LintOptions, run_lint
    from mops.workspace import load_workspace

    _mixed_files(ws, 300)
    findings = run_lint(load_workspace(start=ws), [], LintOptions(jobs=jobs)).report.findings
    assert len({f.path for f in findings}) >= 3 and len(findings) > 500
    assert {"NAME001", "UTM006"} <= {f.code for f in findings if f.path == "bulk.csv"}  # sheet-wide and per-link rules
    assert findings == sorted(findings, key=lambda f: (f.path, f.line, f.column, f.code))


def test_several_cores_only_for_big_runs(ws: Path) -> None:
    import os

    from mops.lint.runner import LintOptions, run_lint
    from mops.workspace import load_workspace

    (ws / "a.md").write_text("Plain prose. " * 80_000)  # ~1 MB each
    (ws / "b.md").write_text("Plain prose. " * 80_000)
    workspace = load_workspace(start=ws)
    both, one = [ws / "a.md", ws / "b.md"], [ws / "a.md"]
    cores = len(os.sched_getaffinity(0))
    assert (run_lint(workspace, both, LintOptions()).processes > 1) == (cores > 1)  # big files, spare cores: shared out
    assert run_lint(workspace, one, LintOptions()).processes == 1  # one file: nothing to share
    assert run_lint(workspace, both, LintOptions(jobs=1)).processes == 1
    assert run_lint(workspace, both, LintOptions(fix=True)).processes == 1  # --fix writes files: one process
    (ws / "b.md").write_text("Plain prose.")
    assert run_lint(workspace, both, LintOptions()).processes == 1  # under 2 MB: starting workers costs more


def test_a_document_of_many_links_has_them_judged_on_a_second_core_with_the_same_findings(ws: Path) -> None:
    import os
    import threading

    from mops.lint.runner import SPLIT_MIN_LINKS, LintOptions, run_lint
    from mops.workspace import load_workspace

    lines = ["---", "channel: meta", "---", "Primary text: Write to laura.becker@gmail.com today!!!"]
    for i in range(SPLIT_MIN_LINKS + 2000):
        source = "Google" if i % 7 == 0 else "google"  # UTM006 (not lowercase) on every seventh link
        lines.append(f"- Item {i}: https://shop.example/p/{i}?utm_source={source}&utm_medium=cpc&utm_campaign=2026-q4_black-friday")
    (ws / "links.md").write_text("\n".join(lines) + "\n")
    workspace = load_workspace(start=ws)
    split = run_lint(workspace, [ws / "links.md"], LintOptions())
    alone = run_lint(workspace, [ws / "links.md"], LintOptions(jobs=1))
    cores = len(os.sched_getaffinity(0))
    assert split.processes == (2 if cores > 1 and threading.active_count() == 1 else 1) and alone.processes == 1
    assert split.report.findings == alone.report.findings
    codes = [f.code for f in split.report.findings]
    assert codes.count("UTM006") == len(range(0, SPLIT_MIN_LINKS + 2000, 7))  # the links' findings, from the child
    assert "PII001" in codes and [f.line for f in split.report.findings if f.code == "UTM006"][:2] == [5, 12]  # and the prose's, from here


@pytest.mark.parametrize("name", ["links.md", "links.html", "links.txt"])
def test_a_document_whose_links_are_found_in_two_halves_gets_every_finding_of_one_process(ws: Path, name: str) -> None:
    # the two processes each find half the links first (runner._ForkedLinks): the copy rules must
    # still leave out every link of the second half, and the links' findings come from both halves
    import os
    import subprocess
    import threading

    from mops.lint.runner import SPLIT_MIN_LINKS, LintOptions, run_lint
    from mops.workspace import load_workspace

    count = SPLIT_MIN_LINKS + 2000
    lines = []
    for i in range(count):
        source = "Google" if i % 7 == 0 else "google"
        link = f"https://shop.example/p/{i}?utm_source={source}&utm_medium=cpc&utm_campaign=2026-q4_black-friday"
        if i == count - 10:  # an address in a link of the second half: PII007 from the child, and no copy rule's
            link += "&email=jonas.weber@gmail.com"
        if name == "links.html":
            lines.append(f'<p>Item {i}: <a href="{link}">shop</a></p>')
        else:
            lines.append(f"- Item {i}: {link}")
        if i == count - 5:
            lines.append("Write to max.mustermann@gmail.com today.")  # the prose of the second half: PII001 from here
    (ws / name).write_text("\n".join(lines) + "\n")
    # in a process of its own: a thread another test left running here would keep the lint in one
    split = subprocess.run(_mops(ws, name), cwd=ws, capture_output=True, text=True)
    alone = subprocess.run(_mops(ws, "--jobs", "1", name), cwd=ws, capture_output=True, text=True)
    assert (split.returncode, alone.returncode) == (1, 1), split.stderr
    findings = json.loads(split.stdout)["findings"]
    assert findings == json.loads(alone.stdout)["findings"]
    found = [(f["code"], f["line"]) for f in findings if f["code"].startswith("PII")]
    assert found == [("PII007", count - 9), ("PII001", count - 3)], found
    assert [f["code"] for f in findings].count("UTM006") == len(range(0, count, 7))
    workspace = load_workspace(start=ws)
    if len(os.sched_getaffinity(0)) > 1 and threading.active_count() == 1:
        assert run_lint(workspace, [ws / name], LintOptions()).processes == 2


def _many_links(ws: Path, count: int) -> Path:
    lines = ["Write to laura.becker@gmail.com today!!!"]
    for i in range(count):
        source = "Google" if i % 7 == 0 else "google"
        lines.append(f"- Item {i}: https://shop.example/p/{i}?utm_source={source}&utm_medium=cpc&utm_campaign=2026-q4_black-friday")
    (ws / "links.md").write_text("\n".join(lines) + "\n")
    return ws / "links.md"


def _mops(ws: Path, *args: str) -> list[str]:
    import sys

    return [sys.executable, "-m", "mops", "-w", str(ws), "lint", "--format", "json", *args]


def test_a_big_document_is_linted_whole_where_its_parent_ignores_sigchld(ws: Path) -> None:
    # a caller that ignores SIGCHLD passes that on: the kernel then reaps the link-judging child
    # itself, and waiting for it fails; the lint must still give its findings
    import signal
    import subprocess

    from mops.lint.runner import SPLIT_MIN_LINKS

    _many_links(ws, SPLIT_MIN_LINKS + 2000)
    ignoring = subprocess.run(_mops(ws, "links.md"), cwd=ws, capture_output=True, text=True,
                              preexec_fn=lambda: signal.signal(signal.SIGCHLD, signal.SIG_IGN))
    alone = subprocess.run(_mops(ws, "--jobs", "1", "links.md"), cwd=ws, capture_output=True, text=True)
    assert (ignoring.returncode, alone.returncode) == (1, 1), ignoring.stderr
    findings = json.loads(ignoring.stdout)["findings"]
    assert findings == json.loads(alone.stdout)["findings"]
    assert sum(f["code"] == "UTM006" for f in findings) == len(range(0, SPLIT_MIN_LINKS + 2000, 7))


def test_a_lint_killed_midway_leaves_no_process_behind(ws: Path) -> None:
    # a CI timeout kills the lint: the child judging its links goes with it, and holds none of the
    # lint's output streams open meanwhile (the caller reading them would wait for it)
    import os
    import signal
    import subprocess
    import time

    # every link its own campaign name, each judged on its own: seconds of work for the child
    lines = [f"- https://shop.example/p/{i}?utm_source=google&utm_medium=cpc&utm_campaign=Sale-{i}" for i in range(120_000)]
    (ws / "links.md").write_text("Prose for the copy rules.\n" + "\n".join(lines) + "\n")
    lint = subprocess.Popen(_mops(ws, "links.md"), cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    children: list[int] = []
    deadline = time.monotonic() + 60
    while not children and lint.poll() is None and time.monotonic() < deadline:
        try:
            children = [int(c) for c in Path(f"/proc/{lint.pid}/task/{lint.pid}/children").read_text().split()]
        except OSError:
            pass
        time.sleep(0.005)
    if len(os.sched_getaffinity(0)) < 2:  # one core: the lint never forks
        lint.communicate()
        assert children == []
        return
    assert children, "the lint never started judging its links in a second process"
    (child,) = children
    time.sleep(0.05)  # past the child's first steps
    assert {os.readlink(f"/proc/{child}/fd/{stream}") for stream in (1, 2)} == {os.devnull}

    def alive(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] != "Z"
        except (OSError, IndexError):
            return False

    assert alive(child)
    lint.send_signal(signal.SIGKILL)
    lint.communicate(timeout=10)
    killed = time.monotonic()
    while alive(child) and time.monotonic() - killed < 1:
        time.sleep(0.01)
    assert not alive(child)  # gone with its parent, not seconds later when its links are judged


def test_a_lint_whose_link_judging_process_is_killed_gives_every_finding_itself(ws: Path) -> None:
    # whenever the second process dies (before or after it sends where its half's links are), this
    # process finds and judges the links itself: the report is the one process's report
    import os
    import signal
    import subprocess
    import time

    from mops.lint.runner import SPLIT_MIN_LINKS

    links = _many_links(ws, 3 * SPLIT_MIN_LINKS)
    # an address in a link near the end: PII007 only, never the copy's PII001, whoever found that link
    links.write_text(links.read_text() + "- Last: https://shop.example/p?utm_source=google&email=jonas.weber@gmail.com\n")
    alone = subprocess.run(_mops(ws, "--jobs", "1", "links.md"), cwd=ws, capture_output=True, text=True)
    for delay in (0.0, 0.02, 0.08):
        lint = subprocess.Popen(_mops(ws, "links.md"), cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        children: list[int] = []
        while not children and lint.poll() is None:
            try:
                children = [int(c) for c in Path(f"/proc/{lint.pid}/task/{lint.pid}/children").read_text().split()]
            except OSError:
                pass
        if children:
            time.sleep(delay)
            try:
                os.kill(children[0], signal.SIGKILL)
            except ProcessLookupError:
                pass  # done already
        out, err = lint.communicate(timeout=120)
        assert lint.returncode == alone.returncode == 1, err
        assert json.loads(out)["findings"] == json.loads(alone.stdout)["findings"], delay
    assert [f["code"] for f in json.loads(alone.stdout)["findings"] if f["code"].startswith("PII")] == ["PII001", "PII007"]
    if len(os.sched_getaffinity(0)) > 1:
        assert children  # the lint did split its work


@pytest.mark.parametrize("readable", [["a.md"], ["a.md", "b.md"]], ids=["read-by-a-worker", "read-by-this-process"])
def test_an_unreadable_file_in_a_parallel_lint_is_a_clear_error(mops, ws: Path, readable: list[str]) -> None:
    # files go biggest first to the least loaded process, ties to this one: next to one file the
    # unreadable one goes to the worker, next to two of a size it comes back to this process
    for name in readable:
        (ws / name).write_text(f"- [x]({BAD_CASE})\n" * 20)
    (ws / "gone.md").symlink_to(ws / "nowhere.md")
    result = mops("-w", str(ws), "lint", "--jobs", "2")
    assert result.exit_code == 2
    assert "cannot read" in result.stderr and "nowhere.md" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_an_input_error_in_a_parallel_lint_is_reported_as_one_process_reports_it(mops, ws: Path, fmt: str) -> None:
    # without MOPS002 a file that is not UTF-8 is an input error (exit 2). Files go biggest first
    # to the least loaded process: the small unreadable one goes to the worker, whose error must
    # come out as this process would have raised it (in json, the report CI uploads holds it)
    (ws / "a.md").write_text(f"- [x]({BAD_CASE})\n" * 200)
    (ws / "latin1.txt").write_bytes("Caf\xe9 au lait\n".encode("latin-1"))
    args = ("-w", str(ws), "lint", "--ignore", "MOPS002", "--format", fmt)
    one = mops(*args, "--jobs", "1")
    two = mops(*args, "--jobs", "2")
    assert one.exit_code == two.exit_code == 2
    assert "latin1.txt: error: not UTF-8 text (byte 3)" in one.stderr and "MOPS002 is not selected" in one.stderr
    assert (two.stdout, two.stderr) == (one.stdout, one.stderr)
    if fmt == "json":
        assert json.loads(two.stdout)["errors"][0]["path"] == "latin1.txt"


def test_errors_pickle_whole() -> None:
    # what lets an error cross from a worker process: every field, and the errors of a MultipleErrors
    import pickle

    from mops.errors import ConfigError, InputError, MultipleErrors

    several = MultipleErrors([InputError("not UTF-8", path="a.csv", line=3, hint="save it as UTF-8"), ConfigError("bad key", field="lint.select")])
    copy = pickle.loads(pickle.dumps(several))
    assert type(copy) is MultipleErrors and copy.args == several.args and copy.exit_code == 2
    assert copy.render() == several.render() == "a.csv:3: error: not UTF-8\n  hint: save it as UTF-8\nerror: bad key\n  field: lint.select"
    assert [type(e) for e in copy.errors] == [InputError, ConfigError]


def test_a_run_of_one_command_builds_only_that_command(tmp_path: Path) -> None:
    # `mops lint FILE` must not import the other commands (start-up time); help still lists them all
    import subprocess
    import sys

    (tmp_path / "a.md").write_text(GOOD + "\n")
    probe = (
        "import sys; from mops.cli import run; code = run(['lint', sys.argv[1]]); "
        "print(code, 'mops.commands.history' in sys.modules, 'mops.commands.utm' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "a.md")], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert out.stdout.split()[-3:] == ["0", "False", "False"]
    help_text = subprocess.run([sys.executable, "-m", "mops", "--help"], capture_output=True, text=True, cwd=tmp_path, check=True).stdout
    assert all(name in help_text for name in ("lint", "history", "utm", "privacy", "brand"))
    typo = subprocess.run([sys.executable, "-m", "mops", "histroy"], capture_output=True, text=True, cwd=tmp_path)
    assert typo.returncode == 2 and "history" in typo.stderr


def test_sarif_too_big_for_github_code_scanning_says_so(mops, ws: Path) -> None:
    # GitHub keeps 5,000 results of a SARIF run and rejects more than 25,000: a team uploading
    # a first lint of a legacy sheet must hear it from mops, not find alerts silently missing
    from mops.lint.formatters.sarif import github_limit_warning

    assert github_limit_warning(5_000) is None
    assert "keeps only 5,000" in github_limit_warning(5_001)
    assert "rejects" in github_limit_warning(25_001) and "--baseline" in github_limit_warning(25_001)

    (ws / "links.md").write_text("".join(f"- [x]({BAD_CASE}&utm_content=c{i})\n" for i in range(5_100)))
    result = mops("-w", str(ws), "lint", "--format", "sarif", "-o", str(ws / "out.sarif"))
    assert result.exit_code == 1
    assert len(json.loads((ws / "out.sarif").read_text())["runs"][0]["results"]) >= 5_100
    assert "keeps only 5,000" in result.stderr
    (ws / "few.md").write_text(f"- [x]({BAD_CASE})\n" * 10)
    few = mops("-w", str(ws), "lint", "--format", "sarif", str(ws / "few.md"), "-o", str(ws / "few.sarif"))
    assert few.exit_code == 1 and "GitHub" not in few.stderr


def test_a_lint_with_its_workspace_files_cached_builds_no_validator(tmp_path: Path) -> None:
    # start-up: building pydantic validators for the workspace's models and the report was a
    # third of `mops lint FILE`; the second run of an unchanged workspace reads validated models
    import os
    import subprocess
    import sys

    from tests.conftest import EXAMPLE_WORKSPACE

    workspace = tmp_path / "ws"
    import shutil

    shutil.copytree(EXAMPLE_WORKSPACE, workspace, ignore=shutil.ignore_patterns(".mops"))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    probe = (
        "import sys; from mops.cli import run; code = run(['-w', sys.argv[1], 'lint', sys.argv[2]]); "
        "from pydantic import BaseModel\n"
        "def every(cls):\n"
        "    for sub in cls.__subclasses__():\n"
        "        yield sub; yield from every(sub)\n"
        "built = sorted({c.__name__ for c in every(BaseModel) if c.__module__.startswith('mops.') and c.__pydantic_complete__})\n"
        "print(code, built)"
    )
    ad = workspace / "copy" / "meta" / "2026-q4_black-friday.md"
    runs = [subprocess.run([sys.executable, "-c", probe, str(workspace), str(ad)], capture_output=True, text=True, env=env, check=True) for _ in range(2)]
    assert runs[0].stdout.splitlines()[-1].startswith("0 ")
    assert runs[1].stdout.splitlines()[-1] == "0 []", runs[1].stdout


def test_links_of_shared_and_of_distinct_shapes_in_turn_get_their_own_findings(ws: Path) -> None:
    # the clean-link check remembers link shapes only while most links share one (a legacy sheet of
    # distinct campaigns turns that off for a while, a list of product pages back on): whichever way
    # a link is judged, it gets its own findings
    from mops.lint.runner import LintOptions, run_lint
    from mops.workspace import load_workspace

    lines, expected = [], []
    number = 0
    # shared, distinct (the memo goes off), shared for longer than it stays off (back on), distinct
    for shared, count in ((True, 6000), (False, 6000), (True, 80_000), (False, 6000)):
        for _ in range(count):
            source = "Google" if number % 11 == 0 else "google"  # UTM006 on every eleventh link
            campaign = "2026-q4_black-friday" if shared else f"2026-q4_black-friday-{number}"
            lines.append(f"- https://shop.example/p/{number}?utm_source={source}&utm_medium=cpc&utm_campaign={campaign}")
            if source == "Google":
                expected.append(len(lines))
            number += 1
    (ws / "links.md").write_text("\n".join(lines) + "\n")
    report = run_lint(load_workspace(start=ws), [ws / "links.md"], LintOptions(select=["UTM006"], jobs=1)).report
    assert [f.line for f in report.findings] == expected
    assert {f.message for f in report.findings} == {"utm_source='Google' is not lowercase: google"}
