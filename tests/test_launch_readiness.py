"""The launch check's readiness check (mops.launch.readiness.check_readiness): the brief's approval
as `mops approvals verify` proves it (a real git repository, real SSH keys, HOME in the test's
temporary folder: tests/approvals_support.py), the owner's workload as `mops brief check` counts
it, and the freshness of the history a plan's segment is read from (a real DuckDB file made by
`mops history import`)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from mops.launch.context import LaunchContext
from mops.launch.plan_file import load_plan_file
from mops.launch.readiness import CODES, check_readiness
from mops.models.launch import CheckResult
from mops.models.results import Observation
from mops.workspace import load_workspace
from tests.approvals_support import Team
from tests.conftest import EXAMPLE_WORKSPACE

TODAY = dt.date(2027, 1, 5)
BRIEF = "briefs/2027-q1_winter-clearance.md"
PLAN = "plans/2027-q1_winter-clearance.yaml"
DANA = "dana.lee@fjordline.example"
CRM_EXPORT = "exports/crm_newsletter-segments_2026-11-20.csv"

WINTER = f"""\
campaign: 2027-q1_winter-clearance
owner: priya.nair@fjordline.example
brief: {BRIEF}
currency: EUR
start: 2027-01-11
end: 2027-02-07
total_budget: 24000
channels:
  - {{channel: paid_search, budget: 24000}}
"""


def readiness(root: Path, relative: str = PLAN, *, today: dt.date = TODAY) -> CheckResult:
    ws = load_workspace(root)
    plans = [load_plan_file(ws, path) for path in sorted((root / "plans").glob("*.yaml"))]
    checked = next(pf for pf in plans if pf.name == relative)
    return check_readiness(LaunchContext(ws=ws, today=today, plans=plans), checked)


def only(result: CheckResult, code: str) -> Observation:
    found = [o for o in result.observations if o.code == code]
    assert len(found) == 1, [(o.code, o.statement) for o in result.observations]
    return found[0]


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def only_our_plans(root: Path) -> None:
    """The example's own plans out of the way: each test writes the plans whose owners it counts."""
    for path in (root / "plans").glob("*.yaml"):
        path.unlink()
    write(root, PLAN, WINTER)


@pytest.fixture
def ws(example_workspace: Path) -> Path:
    """The example workspace, not a git repository, with the winter clearance plan."""
    only_our_plans(example_workspace)
    return example_workspace


@pytest.fixture
def signed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    """The example workspace as a team's git repository; Dana (head_of_marketing) has a registered key."""
    team = Team(tmp_path, monkeypatch)
    shutil.copytree(EXAMPLE_WORKSPACE, team.root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".mops"))
    only_our_plans(team.root)
    team.write("approvals/allowed_signers", team.person(DANA, "Dana Lee").signers_line('mops-approval,git'))
    team.commit_all("workspace")
    monkeypatch.chdir(team.root)
    return team


def approve_brief(team: Team, mops) -> None:  # noqa: ANN001 - the CLI fixture
    """Dana approves the brief with `mops approve`: a signed record in a signed commit. The example
    brief is a draft its own checks refuse, so the approval says why it is given anyway."""
    team.sign_as(DANA)
    approved = mops("approve", BRIEF, "--override", "draft reviewed in the kickoff", cwd=team.root)
    assert approved.exit_code == 0, approved.stdout + approved.stderr


# -- the brief -------------------------------------------------------------------------------------------


def test_a_brief_approved_by_a_signed_mops_approve_passes(signed: Team, mops) -> None:
    approve_brief(signed, mops)
    result = readiness(signed.root)
    brief = only(result, "RDY001")
    assert result.status == "pass", [o.statement for o in result.observations]
    assert brief.figures == {"state": "approved", "approvals": 1}
    assert brief.statement.startswith(f"brief {BRIEF} is approved by Dana Lee <{DANA}> (head_of_marketing)")
    assert any(e.path and e.path.startswith(f"approvals/records/{BRIEF}/") for e in brief.evidence)


def test_an_unapproved_brief_fails_naming_who_may_approve_and_the_command(signed: Team) -> None:
    result = readiness(signed.root)
    pending = only(result, "RDY002")
    assert result.status == "fail" and pending.figures == {"state": "pending", "approvals": 0}
    assert pending.statement.startswith(f"brief {BRIEF} is pending: needs 1 more approval with role gatekeeper or head_of_marketing")
    assert "Dana Lee or Malte Sørensen (gatekeeper or head_of_marketing) may approve it" in pending.statement
    assert pending.statement.endswith(f"`mops approve {BRIEF}`")


def test_a_brief_edited_after_its_approval_fails_as_stale(signed: Team, mops) -> None:
    approve_brief(signed, mops)
    path = signed.root / BRIEF
    path.write_text(path.read_text().replace("title: Winter Clearance", "title: Winter Clearance Sale"))
    signed.commit_all("retitle")
    stale = only(readiness(signed.root), "RDY002")
    assert stale.figures["state"] == "stale" and "in earlier bytes" in stale.statement


def test_outside_a_git_repository_the_approval_cannot_be_verified(ws: Path) -> None:
    result = readiness(ws)
    unverified = only(result, "RDY002")
    assert result.status == "fail" and unverified.figures == {"state": "unverified"}
    assert unverified.statement.startswith(f"cannot verify the approval of {BRIEF}: the workspace is not in a git repository")


def test_a_plan_without_a_brief_fails(ws: Path) -> None:
    write(ws, PLAN, WINTER.replace(f"brief: {BRIEF}\n", ""))
    result = readiness(ws)
    missing = only(result, "RDY003")
    assert result.status == "fail"
    assert missing.statement == "a launch needs an approved brief: add `brief:` (e.g. briefs/<campaign>.md) to the plan"


# -- the owner ---------------------------------------------------------------------------------------------


def overlapping_plan(campaign: str, owner: str, start: str, end: str) -> str:
    return f"campaign: {campaign}\nowner: {owner}\nstart: {start}\nend: {end}\ntotal_budget: 1000\nchannels:\n  - {{channel: email, budget: 1000}}\n"


def test_an_owner_above_max_active_campaigns_warns_with_the_campaigns(signed: Team, mops) -> None:
    # Jonas Weber: max_active_campaigns 2 in the example's mops.yaml; this plan and two overlapping ones are 3
    jonas = "jonas.weber@fjordline.example"
    signed.write(PLAN, WINTER.replace("priya.nair@fjordline.example", jonas))
    signed.write("plans/2027-q1_ski-touring.yaml", overlapping_plan("2027-q1_ski-touring", jonas, "2027-01-18", "2027-03-14"))
    signed.write("plans/2027-q1_snowshoes.yaml", overlapping_plan("2027-q1_snowshoes", "Jonas Weber", "2027-02-07", "2027-02-20"))
    signed.write("plans/2027-q1_after.yaml", overlapping_plan("2027-q1_after", jonas, "2027-02-08", "2027-02-20"))  # starts after the flight
    signed.commit_all("plans")
    approve_brief(signed, mops)
    result = readiness(signed.root)
    busy = only(result, "RDY004")
    assert result.status == "warn"  # the brief is approved: the owner is the only thing to look at
    assert busy.severity.value == "warning" and busy.figures == {"active_campaigns": 3, "max_active_campaigns": 2}
    assert busy.statement == (
        "Jonas Weber would own 3 active campaigns from 2027-01-11 to 2027-02-07, above max_active_campaigns 2 in mops.yaml: "
        "this one and 2027-q1_ski-touring (plan, 2027-01-18 to 2027-03-14); 2027-q1_snowshoes (plan, 2027-02-07 to 2027-02-20)"
    )


def test_an_owner_within_their_limit_is_noted(ws: Path) -> None:
    fine = only(readiness(ws), "RDY004")
    assert fine.severity.value == "info" and fine.figures == {"active_campaigns": 1, "max_active_campaigns": 4}


def test_an_owner_not_in_people_warns(ws: Path) -> None:
    write(ws, PLAN, WINTER.replace("priya.nair@fjordline.example", "Priya Nayr"))
    unknown = only(readiness(ws), "RDY006")
    assert unknown.severity.value == "warning" and "'Priya Nayr' is not in mops.yaml `people`" in unknown.statement


# -- history -------------------------------------------------------------------------------------------------


def with_history_segment(root: Path, segment: str = "Newsletter DE", freshness_days: int = 2) -> None:
    write(root, PLAN, WINTER + f"segment:\n  name: {segment}\n  history: true\npacing:\n  freshness_days: {freshness_days}\n")


def test_a_plan_that_does_not_read_history_is_not_asked_about_it(ws: Path) -> None:
    assert not [o for o in readiness(ws).observations if o.code in ("RDY005", "RDY007")]


def test_without_a_history_database_a_history_segment_fails(ws: Path) -> None:
    with_history_segment(ws)
    missing = only(readiness(ws), "RDY007")
    assert missing.severity.value == "error" and "no campaign history yet (.mops/history.duckdb)" in missing.statement


def test_a_snapshot_within_freshness_days_passes_and_an_older_one_fails(ws: Path, mops) -> None:
    with_history_segment(ws, freshness_days=2)
    assert mops("history", "import", CRM_EXPORT, cwd=ws).exit_code == 0
    fresh = only(readiness(ws, today=dt.date(2026, 11, 22)), "RDY005")
    assert fresh.severity.value == "info" and fresh.figures["days_old"] == 2 and fresh.figures["snapshot_date"] == "2026-11-20"
    stale = only(readiness(ws, today=dt.date(2026, 11, 23)), "RDY005")
    assert stale.severity.value == "error" and stale.figures["days_old"] == 3 and stale.figures["freshness_days"] == 2
    assert stale.statement.startswith("the CRM snapshot of segment 'Newsletter DE' is from 2026-11-20 (exports/crm_newsletter-segments_2026-11-20.csv), 3 days old")
    query = next(e for e in stale.evidence if e.kind == "query")
    assert "crm_segments" in (query.query or "") and "'Newsletter DE'" in (query.query or "")


def test_a_segment_history_does_not_have_fails(ws: Path, mops) -> None:
    with_history_segment(ws, segment="Newsletter AT")
    assert mops("history", "import", CRM_EXPORT, cwd=ws).exit_code == 0
    missing = only(readiness(ws, today=dt.date(2026, 11, 21)), "RDY007")
    assert "history has no snapshot of CRM segment 'Newsletter AT'" in missing.statement


def test_every_code_used_is_documented_with_what_why_and_fix() -> None:
    assert sorted(CODES) == [f"RDY00{n}" for n in range(1, 8)]
    assert all(entry["what"] and entry["why"] and entry["fix"] and entry["title"] for entry in CODES.values())
