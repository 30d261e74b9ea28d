"""`mops report ops` on a scripted history whose figures are worked out by hand: a real repository,
commits dated through GIT_AUTHOR_DATE/GIT_COMMITTER_DATE, and decisions signed with ssh-keygen keys
through `mops approve` (the command, and the function it calls)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from mops.approvals.approve import approve
from mops.report.ops import ops_report
from mops.workspace import load_workspace
from tests.approvals_support import BASE_CONFIG, Team

UTC = dt.timezone.utc
ALPHA = "briefs/2026-q4_alpha.md"
BETA = "briefs/2026-q4_beta.md"
LAUNCH = "proposals/2026-q4_alpha-launch.yaml"
PACING = "proposals/2026-q4_alpha-pacing-2026-11-04.yaml"
BETA_PACING = "proposals/2026-q4_beta-pacing-2026-11-08.yaml"


def _brief(campaign: str, *, total: int, offer: str) -> str:
    return (f"---\nversion: 2\ncampaign: {campaign}\ntitle: {campaign}\nchannels:\n  - paid_search\nbudget:\n  total: {total}\n"
            f"  currency: EUR\noffer: {offer}\ntranscript: transcripts/{campaign}-kickoff.txt\ndrafted_by: offline\n---\n# {campaign}\n")


LAUNCH_PROPOSAL = """\
campaign: 2026-q4_alpha
kind: launch
created: 2026-11-02
status: proposed
summary: go after fixes
verdict: go_after_fixes
corrections:
  - {path: copy/meta/boots.md, line: 5, link: "https://x.example/?utm_source=FB", corrected: "https://x.example/?utm_source=facebook"}
  - {path: copy/meta/boots.md, line: 6, link: "https://x.example/?utm_medium=Paid", corrected: "https://x.example/?utm_medium=paid"}
observations:
  - statement: 4 links checked in 2 files, 3 lint findings, 2 corrections
    code: TRK001
    figures: {links_checked: 4, files_checked: 2, findings: 3, corrections: 2}
"""

PACING_PROPOSAL = """\
campaign: {campaign}
kind: reallocation
created: {day}
status: {status}
summary: move 1,000 EUR from paid social to paid search
moves:
  - {{from_channel: paid_social, to_channel: paid_search, amount: 1000}}
"""


def _commit(team: Team, files: dict[str, str], when: dt.datetime) -> None:
    for path, text in files.items():
        team.write(path, text)
    team.at(when)
    team.commit_all(f"add {', '.join(files)}", tick=False)


def _decide(team: Team, who: str, artifact: str, when: dt.datetime, decision: str = "approved") -> None:
    team.sign_as(who)
    team.at(when)
    approve(load_workspace(team.root), [team.root / artifact], decision=decision,
            comment="revise the budget" if decision == "rejected" else None,
            override="scripted history" if decision == "approved" and artifact.startswith("briefs/") else None, now=when)


def _day(month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mops) -> Team:
    """October: alpha's kickoff (Oct 1) and draft (Oct 2), rejected Oct 3 (24 h), revised Oct 4 (total
    and product name: 2 fields), approved Oct 5 (24 h; 4 days from kickoff); beta's kickoff Oct 6,
    draft Oct 7, approved as drafted Oct 10 (72 h: past the 48 h SLA; 4 days from kickoff).
    November: alpha's launch proposal (3 lint findings) committed Nov 2, approved Nov 3 21:00 (36 h);
    a reallocation committed Nov 4, approved Nov 6 (48 h, at the SLA), applied Nov 7; beta's
    reallocation committed Nov 8, rejected Nov 9 (24 h)."""
    team = Team(tmp_path, monkeypatch)
    monkeypatch.chdir(team.root)
    team.write("mops.yaml", BASE_CONFIG.replace("timezone: Europe/Berlin", "timezone: UTC") + "  sla_hours: 48\n")
    team.write("approvals/allowed_signers", "".join(team.person(e).signers_line() for e in ("dana@example.com", "malte@example.com")))
    team.at(_day(9, 30))
    team.commit_all("workspace", tick=False)

    _commit(team, {"transcripts/2026-q4_alpha-kickoff.txt": "Dana Lee: Alpha kickoff.\n"}, _day(10, 1))
    _commit(team, {ALPHA: _brief("2026-q4_alpha", total=10000, offer="Ten percent off the Trail Pro three.")}, _day(10, 2))
    _decide(team, "malte@example.com", ALPHA, _day(10, 3), "rejected")
    _commit(team, {ALPHA: _brief("2026-q4_alpha", total=12000, offer="Ten percent off the Trail Pro 3.")}, _day(10, 4))
    _decide(team, "dana@example.com", ALPHA, _day(10, 5))
    _commit(team, {"transcripts/2026-q4_beta-kickoff.txt": "Dana Lee: Beta kickoff.\n"}, _day(10, 6))
    _commit(team, {BETA: _brief("2026-q4_beta", total=5000, offer="Free socks.")}, _day(10, 7))
    # this one through the command itself, as a gatekeeper types it
    team.sign_as("dana@example.com")
    team.at(_day(10, 10))
    result = mops("approve", BETA, "--override", "scripted history", cwd=team.root)
    assert result.exit_code == 0, result.stderr

    _commit(team, {LAUNCH: LAUNCH_PROPOSAL}, _day(11, 2))
    _decide(team, "dana@example.com", LAUNCH, _day(11, 3, 21))
    _commit(team, {PACING: PACING_PROPOSAL.format(campaign="2026-q4_alpha", day="2026-11-04", status="proposed")}, _day(11, 4))
    _decide(team, "dana@example.com", PACING, _day(11, 6))
    _commit(team, {PACING: PACING_PROPOSAL.format(campaign="2026-q4_alpha", day="2026-11-04", status="applied") + "applied: 2026-11-07\n"}, _day(11, 7))
    _commit(team, {BETA_PACING: PACING_PROPOSAL.format(campaign="2026-q4_beta", day="2026-11-08", status="proposed")}, _day(11, 8))
    _decide(team, "malte@example.com", BETA_PACING, _day(11, 9), "rejected")
    return team


def test_figures_per_month_match_the_hand_count(history: Team) -> None:
    report = ops_report(load_workspace(history.root))
    months = {m.month: m for m in report.months}
    assert sorted(months) == ["2026-10", "2026-11"]
    october, november = months["2026-10"], months["2026-11"]
    # alpha: Oct 1 09:00 -> Oct 5 09:00; beta: Oct 6 09:00 -> Oct 10 09:00
    assert (october.briefs_approved, october.kickoff_to_approval_days_median) == (2, 4.0)
    # alpha rejected then changed; beta approved as drafted
    assert (october.briefs_decided, october.briefs_sent_back, october.sent_back_share) == (2, 1, 0.5)
    # alpha: budget.total and offer changed (2), beta: none (0): median 1
    assert (october.draft_changes_median, october.briefs_approved_unchanged) == (1.0, 1)
    # rejection 24 h, alpha's approval 24 h, beta's 72 h; the SLA is 48 h
    assert (october.decisions, october.lead_time_hours_median) == (3, 24.0)
    assert (october.decisions_with_sla, october.within_sla, october.within_sla_share) == (3, 2, 0.6667)
    assert (october.launches, october.proposals_approved) == (0, 0)
    # launch 36 h, reallocation 48 h (at the SLA: within), beta's rejection 24 h
    assert (november.decisions, november.lead_time_hours_median, november.within_sla) == (3, 36.0, 3)
    assert (november.launches, november.lint_findings_at_launch, november.lint_findings_per_launch) == (1, 3, 3.0)
    assert (november.proposals_approved, november.proposals_rejected, november.proposals_applied) == (2, 1, 1)
    assert november.briefs_approved == 0 and november.briefs_decided == 0


def test_each_figure_names_what_it_was_counted_from(history: Team) -> None:
    report = ops_report(load_workspace(history.root))
    briefs = {b.brief: b for b in report.briefs}
    alpha = briefs[ALPHA]
    assert (alpha.transcript, alpha.kickoff_at, alpha.approved_at) == ("transcripts/2026-q4_alpha-kickoff.txt", _day(10, 1), _day(10, 5))
    assert (alpha.rejections, alpha.sent_back, alpha.draft_changes, alpha.kickoff_to_approval_days) == (1, True, 2, 4.0)
    assert (briefs[BETA].sent_back, briefs[BETA].draft_changes) == (False, 0)
    [launch] = report.launches
    assert (launch.proposal, launch.campaign, launch.lint_findings, launch.corrections) == (LAUNCH, "2026-q4_alpha", 3, 2)
    proposals = {p.proposal: p for p in report.proposals}
    assert (proposals[PACING].kind, proposals[PACING].applied_at, proposals[PACING].hours_to_apply) == ("reallocation", _day(11, 7), 24.0)
    assert proposals[BETA_PACING].rejected_at == _day(11, 9) and proposals[BETA_PACING].approved_at is None
    assert report.invalid_records == 0


def test_since_leaves_out_earlier_months(history: Team) -> None:
    report = ops_report(load_workspace(history.root), since="2026-11")
    assert [m.month for m in report.months] == ["2026-11"]
    assert report.briefs == [] and [launch.proposal for launch in report.launches] == [LAUNCH]


def test_the_command_prints_months_and_json_is_the_schema(history: Team, mops) -> None:
    text = mops("report", "ops", cwd=history.root)
    assert text.exit_code == 0, text.stderr
    assert "2026-10" in text.stdout and "1 of 2 briefs decided (50%)" in text.stdout
    assert "2 of 3 within the SLA (67%)" in text.stdout and "lint findings at launch: 3" in text.stdout
    result = mops("report", "ops", "--since", "2026-10", "--format", "json", cwd=history.root)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(mops("schema", "report-ops").stdout))
    assert [m["month"] for m in data["months"]] == ["2026-10", "2026-11"]


def test_a_record_that_does_not_verify_is_left_out(history: Team) -> None:
    # a forged rejection: someone edits a record's comment; its signature no longer verifies
    records = sorted((history.root / "approvals" / "records").rglob("*.yaml"))
    forged = next(r for r in records if "2026-q4_beta" in r.as_posix() and "approved" in r.name)
    forged.write_text(forged.read_text().replace("decision: approved", "decision: rejected"))
    history.at(_day(11, 20))
    history.commit_all("edit a record", tick=False)
    report = ops_report(load_workspace(history.root))
    assert report.invalid_records == 1
    assert {b.brief: b.rejections for b in report.briefs}[BETA] == 0  # the forged rejection decided nothing


@pytest.mark.parametrize("since", ["2026-13", "November", "2026-1"])
def test_a_bad_month_is_exit_2(history: Team, mops, since: str) -> None:
    result = mops("report", "ops", "--since", since, cwd=history.root)
    assert result.exit_code == 2
    assert "is not a month" in result.stderr and "YYYY-MM" in result.stderr


def test_outside_a_git_repository_is_exit_2(mops, tmp_path: Path) -> None:
    (tmp_path / "mops.yaml").write_text("version: 1\nname: x\n", encoding="utf-8")
    result = mops("report", "ops", cwd=tmp_path)
    assert result.exit_code == 2
    assert "not in a git repository" in result.stderr and "Traceback" not in result.stderr
