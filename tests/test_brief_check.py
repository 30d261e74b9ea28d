"""`mops brief check`: one brief per defect gives exactly its code at the line to edit; a clean brief
exits 0; findings come out in every format `mops lint` has."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mops.brief.check import check_briefs
from mops.brief.check_docs import DOC_PATH, render_check_codes
from mops.brief.check_rules import all_checks
from mops.lint.runner import LintOptions, run_lint
from mops.workspace import load_workspace

TODAY = dt.date(2026, 12, 6)

# A brief with nothing wrong in the example workspace, checked on TODAY. Lea Hoffmann owns no plan.
CLEAN = """---
# yaml-language-server: $schema=../.mops/schemas/brief.json
version: 2
campaign: 2027-q1_trail-running
title: Trail Running 2027
status: draft
objectives:
  - Sell the new trail running range to existing customers
kpis:
  - metric: roas
    target: 4
    direction: at_least
  - metric: revenue
    target: 80000
    unit: EUR
channels: [paid_search, paid_social, email]
budget:
  total: 20000
  currency: EUR
  split:
    - channel: paid_search
      amount: 10000
    - channel: paid_social
      amount: 6000
    - channel: email
      amount: 3000
  reserve: 1000
  reserve_owner: Malte Sørensen
start: 2027-03-01
end: 2027-03-28
key_messages:
  - Shoes that grip on wet roots and rock.
landing_page: https://www.fjordline.example/trail-running
owners:
  - name: Lea Hoffmann
    role: owner
  - name: Malte Sørensen
    role: ad accounts
open_questions:
  - Which shoe leads the ads?
playbook: campaign-brief
---
# Trail Running 2027

Lea Hoffmann owns the launch of the trail running range in March.
"""


@pytest.fixture
def ws_dir(example_workspace: Path) -> Path:
    for brief in (example_workspace / "briefs").glob("*.md"):
        brief.unlink()  # only the briefs each test writes
    return example_workspace


def _write(ws_dir: Path, text: str, name: str = "2027-q1_trail-running.md") -> Path:
    path = ws_dir / "briefs" / name
    path.write_text(text, encoding="utf-8")
    return path


def _edit(old: str, new: str, text: str = CLEAN) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _line(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def _check(ws_dir: Path, *paths: Path, today: dt.date = TODAY):
    return check_briefs(load_workspace(ws_dir), list(paths), today=today)


def test_a_clean_brief_exits_0(ws_dir: Path, mops) -> None:
    path = _write(ws_dir, CLEAN)
    assert _check(ws_dir, path).findings == []
    result = mops("-w", str(ws_dir), "brief", "check", str(path), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.stdout
    assert "No problems found in 1 file." in result.stdout


# (name, the brief, the code, the line's text, a phrase of the message, today)
DEFECTS = [
    ("required-field-missing", _edit("  total: 20000\n", "", _edit("  reserve: 1000\n", "", _edit("      amount: 3000\n", "      amount: 4000\n"))),
     "BRIEF001", "budget:", "`budget.total` is required by the campaign-brief playbook", TODAY),
    ("required-list-empty", _edit("objectives:\n  - Sell the new trail running range to existing customers\n", "objectives: []\n"),
     "BRIEF001", "objectives: []", "`objectives` is required", TODAY),
    ("required-field-absent-with-its-parent", _edit(
        "owners:\n  - name: Lea Hoffmann\n    role: owner\n  - name: Malte Sørensen\n    role: ad accounts\n", ""),
     "BRIEF001", "---", "`owners` is required", TODAY),
    ("end-before-start", _edit("end: 2027-03-28", "end: 2027-02-28"), "BRIEF002", "end:", "end 2027-02-28 is before start 2027-03-01", TODAY),
    ("start-in-the-past", CLEAN, "BRIEF003", "start:", "start 2027-03-01 is in the past (today is 2027-03-10) and the brief is still draft",
     dt.date(2027, 3, 10)),
    ("split-over-the-total", _edit("      amount: 3000", "      amount: 3500"), "BRIEF004", "  split:",
     "10,000 + 6,000 + 3,500 + reserve 1,000 = 20,500 EUR, 500 EUR over budget.total 20,000 EUR", TODAY),
    ("split-under-the-total-unexplained", _edit("      amount: 3000", "      amount: 2000"), "BRIEF004", "  split:",
     "leaves 1,000 EUR of budget.total 20,000 EUR unallocated", TODAY),
    ("reserve-alone-over-the-total", _edit("  total: 20000", "  total: 500", _edit(
        "  split:\n    - channel: paid_search\n      amount: 10000\n    - channel: paid_social\n      amount: 6000\n"
        "    - channel: email\n      amount: 3000\n", "")),
     "BRIEF004", "  reserve: 1000", "more than the total: reserve 1,000 EUR, 500 EUR over budget.total 500 EUR", TODAY),
    ("channel-alias", _edit("channels: [paid_search, paid_social, email]", "channels:\n  - paid_search\n  - Meta\n  - email"),
     "BRIEF005", "  - Meta", "channel 'Meta' is not one of the taxonomy's channels; it is an alias of paid_social: write paid_social", TODAY),
    ("channel-misspelt", _edit("    - channel: paid_social\n", "    - channel: paid_socail\n"),
     "BRIEF005", "paid_socail", "did you mean paid_social?", TODAY),
    ("split-channel-not-listed", _edit("channels: [paid_search, paid_social, email]", "channels: [paid_search, paid_social]"),
     "BRIEF006", "- channel: email", "email has 3,000 EUR in the split but is not in `channels`", TODAY),
    ("kpi-without-target", _edit("  - metric: revenue\n    target: 80000\n    unit: EUR\n", "  - metric: revenue\n    unit: EUR\n"),
     "BRIEF008", "- metric: revenue", "KPI 'revenue' has no target", TODAY),
    ("approved-with-open-questions", _edit("status: draft", "status: approved"),
     "BRIEF009", "- Which shoe leads the ads?", "the brief is approved but this question is still open: Which shoe leads the ads?", TODAY),
    ("unknown-playbook", _edit("playbook: campaign-brief", "playbook: campaign_brief"),
     "BRIEF010", "playbook: campaign_brief", "no playbook named 'campaign_brief'; did you mean campaign-brief?", TODAY),
    ("owner-not-in-people", _edit("  - name: Lea Hoffmann\n    role: owner", "  - name: Lea Hofman\n    role: owner"),
     "BRIEF011", "- name: Lea Hofman", "owner 'Lea Hofman' is not in mops.yaml `people`", TODAY),
    ("body-fails-lint", _edit("in March.\n", "in March. Questions: lea.private@gmail.com\n"),
     "PII001", "lea.private@gmail.com", "email address in copy", TODAY),
]


@pytest.mark.parametrize(("text", "code", "fragment", "words", "today"), [d[1:] for d in DEFECTS], ids=[d[0] for d in DEFECTS])
def test_each_defect_gives_exactly_its_code_at_its_line(ws_dir: Path, text: str, code: str, fragment: str, words: str, today: dt.date) -> None:
    path = _write(ws_dir, text)
    findings = _check(ws_dir, path, today=today).findings
    assert [(f.code, f.line) for f in findings] == [(code, _line(text, fragment))], [f.message for f in findings]
    assert words in findings[0].message
    assert findings[0].path == "briefs/2027-q1_trail-running.md"


def test_money_left_over_is_fine_when_the_brief_says_what_happens_to_it(ws_dir: Path) -> None:
    text = _edit("      amount: 3000", "      amount: 2000", _edit("  - Which shoe leads the ads?", "  - What do we do with the remaining 1,000 EUR?"))
    assert _check(ws_dir, _write(ws_dir, text)).findings == []


def test_dates_in_the_past_are_fine_once_the_brief_is_approved(ws_dir: Path) -> None:
    text = _edit("status: draft", "status: approved", _edit("open_questions:\n  - Which shoe leads the ads?\n", ""))
    assert _check(ws_dir, _write(ws_dir, text), today=dt.date(2027, 4, 1)).findings == []


def test_a_split_channel_that_is_an_alias_is_one_finding_not_two(ws_dir: Path) -> None:
    text = _edit("    - channel: paid_search\n", "    - channel: Google Ads\n")
    findings = _check(ws_dir, _write(ws_dir, text)).findings
    assert [(f.code, f.line) for f in findings] == [("BRIEF005", _line(text, "Google Ads"))]
    assert "alias of paid_search" in findings[0].message


def test_lint_findings_on_the_brief_are_included_unchanged(ws_dir: Path) -> None:
    text = _edit("in March.\n", "in March, at https://www.fjordline.example/trail?utm_source=Facebook&utm_medium=paid-social&utm_campaign=2027-q1_trail-running\n")
    path = _write(ws_dir, text)
    ws = load_workspace(ws_dir)
    linted = run_lint(ws, [path], LintOptions()).report.findings
    assert "UTM006" in {f.code for f in linted}  # Facebook -> facebook
    assert check_briefs(ws, [path], today=TODAY).findings == linted


def test_an_owner_with_too_many_overlapping_campaigns_is_reported_with_them(ws_dir: Path) -> None:
    # Jonas Weber may run 2 at once; he owns the 2026-q1_winter-clearance plan (2026-01-05 to 2026-02-15)
    jonas = _edit("  - name: Lea Hoffmann\n    role: owner", "  - name: jonas.weber@FJORDLINE.example\n    role: owner")
    first = _edit("start: 2027-03-01", "start: 2026-02-01", _edit("end: 2027-03-28", "end: 2026-02-28", jonas))
    path = _write(ws_dir, first)
    assert _check(ws_dir, path, today=dt.date(2026, 1, 1)).findings == []  # two: this one and the plan

    other = _edit("campaign: 2027-q1_trail-running", "campaign: 2026-q1_ski-touring", _edit("start: 2026-02-01", "start: 2026-02-10", first))
    _write(ws_dir, other, "2026-q1_ski-touring.md")
    archived = _edit("campaign: 2026-q1_ski-touring", "campaign: 2026-q1_old-idea", _edit("status: draft", "status: archived", other))
    _write(ws_dir, archived, "2026-q1_old-idea.md")
    _write(ws_dir, "---\nnot: a valid brief\n---\n", "broken.md")  # not counted, and not this check's business

    findings = _check(ws_dir, path, today=dt.date(2026, 1, 1)).findings
    assert [(f.code, f.line) for f in findings] == [("BRIEF007", _line(first, "- name: jonas.weber"))]
    message = findings[0].message
    assert "Jonas Weber would own 3 active campaigns from 2026-02-01 to 2026-02-28, above max_active_campaigns 2" in message
    assert "2026-q1_winter-clearance (plan, 2026-01-05 to 2026-02-15)" in message
    assert "2026-q1_ski-touring (brief, 2026-02-10 to 2026-02-28)" in message
    assert "old-idea" not in message

    # no overlap once the flight moves after the plan and the other brief
    later = _edit("start: 2026-02-01", "start: 2026-03-02", _edit("end: 2026-02-28", "end: 2026-03-29", first))
    assert _check(ws_dir, _write(ws_dir, later), today=dt.date(2026, 1, 1)).findings == []


def test_several_briefs_and_folders(ws_dir: Path, mops) -> None:
    _write(ws_dir, CLEAN)
    bad = _edit("campaign: 2027-q1_trail-running", "campaign: 2027-q1_bad", _edit("  - metric: revenue\n    target: 80000\n", "  - metric: revenue\n"))
    _write(ws_dir, bad, "2027-q1_bad.md")
    report = _check(ws_dir, ws_dir / "briefs")
    assert [(f.path, f.code) for f in report.findings] == [("briefs/2027-q1_bad.md", "BRIEF008")]
    assert report.files_checked == 2
    # with no argument, the workspace's briefs folder
    result = mops("-w", str(ws_dir), "brief", "check", "--today", TODAY.isoformat(), cwd=ws_dir)
    assert result.exit_code == 1 and "briefs/2027-q1_bad.md" in result.stdout and "BRIEF008" in result.stdout


def test_an_invalid_brief_among_others_exits_2_naming_each_problem(ws_dir: Path, mops) -> None:
    good = _write(ws_dir, CLEAN)
    bad = _write(ws_dir, _edit("  total: 20000", "  total: plenty"), "bad.md")
    missing = ws_dir / "briefs" / "nope.md"
    result = mops("-w", str(ws_dir), "brief", "check", str(good), str(bad))
    assert result.exit_code == 2
    assert f"briefs/bad.md:{_line(CLEAN, 'total: 20000')}:" in result.stderr and result.stdout == ""
    result = mops("-w", str(ws_dir), "brief", "check", str(missing))
    assert result.exit_code == 2 and "no such file" in result.stderr


# -- output formats, thresholds, documentation -----------------------------------------------------

WARNED = _edit("  - metric: revenue\n    target: 80000\n", "  - metric: revenue\n")  # one BRIEF008 warning
WARNED_LINE = _line(WARNED, "- metric: revenue")


def _cli(mops, ws_dir: Path, *args: str):
    path = _write(ws_dir, WARNED)
    return mops("-w", str(ws_dir), "brief", "check", str(path), "--today", TODAY.isoformat(), *args)


def test_text_format(ws_dir: Path, mops) -> None:
    result = _cli(mops, ws_dir)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "briefs/2027-q1_trail-running.md"
    assert lines[1].split() == [f"{WARNED_LINE}:5", "WARNING", "BRIEF008", "KPI", "'revenue'", "has", "no", "target"]
    assert lines[-1] == "1 warning in 1 file (1 checked)"


def test_json_format(ws_dir: Path, mops) -> None:
    result = _cli(mops, ws_dir, "--format", "json")
    data = json.loads(result.stdout)
    assert [(f["code"], f["severity"], f["path"], f["line"]) for f in data["findings"]] == [
        ("BRIEF008", "warning", "briefs/2027-q1_trail-running.md", WARNED_LINE)
    ]
    assert data["summary"]["warnings"] == 1 and result.exit_code == 1


def test_sarif_format(ws_dir: Path, mops) -> None:
    result = _cli(mops, ws_dir, "--format", "sarif")
    run = json.loads(result.stdout)["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert set(all_checks()) <= set(rules) and "PII001" in rules  # the brief checks and the lint rules that ran
    assert rules["BRIEF008"]["helpUri"].endswith("docs/brief.md#brief008")
    (only,) = run["results"]
    assert only["ruleId"] == "BRIEF008" and only["level"] == "warning"
    assert only["locations"][0]["physicalLocation"]["region"]["startLine"] == WARNED_LINE
    assert only["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "briefs/2027-q1_trail-running.md"


def test_github_format(ws_dir: Path, mops) -> None:
    result = _cli(mops, ws_dir, "--format", "github")
    assert result.stdout == f"::warning file=briefs/2027-q1_trail-running.md,line={WARNED_LINE},col=5,title=BRIEF008::KPI 'revenue' has no target\n"


def test_markdown_format(ws_dir: Path, mops) -> None:
    result = _cli(mops, ws_dir, "--format", "markdown")
    assert "| BRIEF008 | brief.kpi-without-target | 1 | warning |" in result.stdout
    assert f"| briefs/2027-q1_trail-running.md:{WARNED_LINE} | BRIEF008 | KPI 'revenue' has no target |" in result.stdout


def test_fail_on_sets_what_fails(ws_dir: Path, mops) -> None:
    assert _cli(mops, ws_dir, "--fail-on", "error").exit_code == 0
    assert _cli(mops, ws_dir, "--fail-on", "never").exit_code == 0
    assert _cli(mops, ws_dir, "--fail-on", "warning").exit_code == 1


def test_explain_prints_a_code_s_documentation(ws_dir: Path, mops) -> None:
    result = mops("-w", str(ws_dir), "brief", "check", "--explain", "brief004")
    assert result.exit_code == 0 and result.stdout.startswith("BRIEF004 brief.budget-split")
    unknown = mops("-w", str(ws_dir), "brief", "check", "--explain", "BRIEF999")
    assert unknown.exit_code == 2 and "no brief check 'BRIEF999'" in unknown.stderr


def test_every_check_is_documented_and_the_docs_are_current() -> None:
    for code, check in all_checks().items():
        for section in ("What it checks:", "Why it matters:", "Example:", "Fix:"):
            assert section in check.documentation(), f"{code} lacks {section!r}"
    assert render_check_codes() in DOC_PATH.read_text(encoding="utf-8"), "docs/brief.md is stale: run `python -m mops.brief.check_docs`"


def test_without_today_dates_are_judged_against_the_real_today(ws_dir: Path, mops) -> None:
    past = _write(ws_dir, _edit("start: 2027-03-01", "start: 2001-03-01", _edit("end: 2027-03-28", "end: 2099-03-28")))
    result = mops("-w", str(ws_dir), "brief", "check", str(past))
    assert result.exit_code == 1 and "BRIEF003" in result.stdout and "start 2001-03-01 is in the past" in result.stdout
    future = _write(ws_dir, _edit("start: 2027-03-01", "start: 2099-03-01", _edit("end: 2027-03-28", "end: 2099-03-28")))
    assert mops("-w", str(ws_dir), "brief", "check", str(future)).exit_code == 0
