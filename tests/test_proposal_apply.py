"""`mops proposal apply` on a real repository with real SSH keys (tests/approvals_support.py): a
proposal written by write_proposal, approved by a signed `mops approve`, applied once; the plan's
figures and the bulk sheets' rows checked against numbers computed by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from mops.timezones import day_in
from mops.launch.plan_file import load_plan_file
from mops.models.pacing import ChannelPacing, PacingReport
from mops.pacing.proposal import propose, write_proposal
from mops.workspace import load_workspace
from tests.approvals_support import BASE_CONFIG, Team

CAMPAIGN = "2026-q4_black-friday"
PLAN_FILE = f"plans/{CAMPAIGN}.yaml"
SIGNERS = ("dana@example.com", "malte@example.com", "priya@example.com")

PLAN = """\
# the Black Friday plan: budgets agreed with finance
campaign: 2026-q4_black-friday
start: {start}
end: {end}
currency: EUR
total_budget: 30000
channels:
  - channel: paid_search
    platform: google_ads
    budget: 12000     # search carries the sale
    min_budget: 6000
    max_budget: 16000
  - channel: paid_social
    platform: meta
    share: 40%        # of the total
    min_budget: 5000
  - channel: display
    budget: 6000
platform_campaigns:
  - {{platform: google_ads, id: "111", name: BF Search Brand, channel: paid_search}}
  - {{platform: google_ads, id: "112", name: BF Search Generic, channel: paid_search}}
  - {{platform: meta, id: "2385", name: BF Prospecting, channel: paid_social}}
  - {{platform: tiktok, id: "77", name: BF TikTok, channel: paid_social}}
targets:
  cpa: 40
pacing:
  max_move_share: {share}
"""


def _today(team: Team) -> dt.date:
    return day_in(load_workspace(team.root).config.timezone, dt.datetime.now(dt.timezone.utc))


def _channel(name: str, budget: float, spent: float, conversions: int) -> ChannelPacing:
    return ChannelPacing(channel=name, budget=budget, expected_to_date=budget * 0.4, actual_to_date=spent, pace=spent / (budget * 0.4),
                         status="on_track", conversions=conversions, cpa=spent / conversions)


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    team = Team(tmp_path, monkeypatch)
    team.workspace(BASE_CONFIG + "  spending_limits:\n    marketer: 2000\n    gatekeeper: null\n", signers=SIGNERS)
    monkeypatch.chdir(team.root)
    return team


def drifted(team: Team, share: float = 0.15, lag: int = 0, age: int = 0, campaigns: str | None = None) -> tuple[str, dt.date, str]:
    """Day four of a ten-day flight that started three days ago: social's CPA is 64 against a 40
    target, search's 32. The proposal is written and committed; returns it, as_of and the plan text.
    `age`: the proposal was made that many days before today."""
    as_of = _today(team) - dt.timedelta(days=age)
    plan = PLAN.format(start=as_of - dt.timedelta(days=3), end=as_of + dt.timedelta(days=6), share=share)
    if campaigns is not None:
        head, _, tail = plan.partition("platform_campaigns:\n")
        plan = head + "platform_campaigns:\n" + campaigns + tail[tail.index("targets:"):]
    team.write(PLAN_FILE, plan)
    ws = load_workspace(team.root)
    pf = load_plan_file(ws, team.root / PLAN_FILE)
    report = PacingReport(
        campaign=CAMPAIGN, plan=PLAN_FILE, as_of=as_of.isoformat(), status="on_track", currency="EUR", day=4, days=10,
        data_through=(as_of - dt.timedelta(days=lag)).isoformat(),
        channels=[_channel("paid_search", 12000, 4800, 150), _channel("paid_social", 12000, 4800, 75), _channel("display", 6000, 2400, 60)],
    )
    path = write_proposal(ws, propose(ws, pf, report, as_of))
    team.commit_all("pacing proposal")
    return ws.relative(path), as_of, plan


def approve(mops, team: Team, who: str, artifact: str):
    team.sign_as(who)
    team.tick()
    done = mops("approve", artifact, cwd=team.root)
    assert done.exit_code == 0, done.stdout + done.stderr
    return done


def sheet(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


# -- the approved proposal, applied ----------------------------------------------------------------


def test_an_approved_proposal_changes_the_plan_in_place_marks_itself_applied_and_writes_the_sheets(team: Team, mops) -> None:
    proposal, as_of, plan = drifted(team)
    approve(mops, team, "dana@example.com", proposal)
    approved_bytes = (team.root / proposal).read_bytes()

    done = mops("proposal", "apply", proposal, cwd=team.root)
    assert done.exit_code == 0, done.stdout + done.stderr
    today = _today(team)

    # 15% of the 12,000 - 4,800 = 7,200 paid_social has left is 1,080 EUR, from paid_social (12,000, a 40% share) to
    # paid_search (12,000): search 13,080, social an amount of 10,920; only those two values change, comments and layout stay
    expected_plan = plan.replace("    budget: 12000     # search carries the sale", "    budget: 13080     # search carries the sale").replace(
        "    share: 40%        # of the total", "    budget: 10920        # of the total")
    assert (team.root / PLAN_FILE).read_text() == expected_plan
    new_plan = load_plan_file(load_workspace(team.root), team.root / PLAN_FILE).plan
    assert [c.amount(new_plan.total_budget) for c in new_plan.channels] == [13080, 10920, 6000]  # the total is conserved

    text = (team.root / proposal).read_text()
    assert text == approved_bytes.decode().replace("status: proposed\n", f"status: applied\napplied: {today.isoformat()}\n")

    # remaining after the move: search 13,080 - 4,800 = 8,280 over its two Google campaigns, social 10,920 - 4,800 = 6,120
    # over Meta and TikTok; six days after as_of: 4,140 / 6 = 690.00 and 3,060 / 6 = 510.00 a day
    folder = team.root / "proposals" / Path(proposal).stem
    assert sorted(p.name for p in folder.iterdir()) == ["google-ads-editor.csv", "meta-bulk-import.csv"]
    assert sheet(folder / "google-ads-editor.csv") == [
        ["Campaign ID", "Campaign", "Budget", "Budget type"],
        ["111", "BF Search Brand", "690.00", "Daily"],
        ["112", "BF Search Generic", "690.00", "Daily"],
    ]
    assert sheet(folder / "meta-bulk-import.csv") == [["Campaign ID", "Campaign Name", "Campaign Daily Budget"], ["2385", "BF Prospecting", "510.00"]]
    assert "BF TikTok" in done.stdout and "by hand" in done.stdout

    again = mops("proposal", "apply", proposal, cwd=team.root)
    assert again.exit_code == 1 and f"already applied on {today.isoformat()}" in again.stderr
    assert (team.root / PLAN_FILE).read_text() == expected_plan


def test_replaying_the_approved_bytes_after_apply_is_refused_because_the_plan_moved_on(team: Team, mops) -> None:
    proposal, _, _ = drifted(team)
    approve(mops, team, "dana@example.com", proposal)
    approved_bytes = (team.root / proposal).read_bytes()
    assert mops("proposal", "apply", proposal, cwd=team.root).exit_code == 0
    applied_plan = (team.root / PLAN_FILE).read_bytes()
    (team.root / proposal).write_bytes(approved_bytes)  # the approval verifies again for these bytes
    done = mops("proposal", "apply", proposal, cwd=team.root)
    assert done.exit_code == 1 and "the proposal was made against 12,000.00" in done.stderr
    assert (team.root / PLAN_FILE).read_bytes() == applied_plan


def test_json_output_lists_changes_campaigns_and_sheets(team: Team, mops) -> None:
    proposal, as_of, _ = drifted(team)
    approve(mops, team, "dana@example.com", proposal)
    done = mops("proposal", "apply", proposal, "--format", "json", cwd=team.root)
    assert done.exit_code == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["refused"] is None and result["approval"] == "approved" and result["plan"] == PLAN_FILE
    # 1,080 moves (15% of social's 7,200 left): social 10,920, search 13,080; daily budgets as in the test above
    assert [(c["channel"], c["budget_before"], c["budget_after"], c["share_before"]) for c in result["changes"]] == [
        ("paid_social", 12000, 10920, 0.4), ("paid_search", 12000, 13080, None)]
    assert [(c["platform"], c["campaign_id"], c["daily_budget"], c["days_left"]) for c in result["campaigns"]] == [
        ("meta", "2385", 510.0, 6), ("tiktok", "77", 510.0, 6), ("google_ads", "111", 690.0, 6), ("google_ads", "112", 690.0, 6)]
    assert result["campaigns"][1]["sheet"] is None
    stem = Path(proposal).stem
    assert result["sheets"] == [f"proposals/{stem}/google-ads-editor.csv", f"proposals/{stem}/meta-bulk-import.csv"]


def test_history_a_day_behind_spreads_the_remaining_budget_over_one_more_day(team: Team, mops) -> None:
    proposal, _, _ = drifted(team, lag=1)  # spend counted through yesterday: seven days left, today included
    approve(mops, team, "dana@example.com", proposal)
    assert mops("proposal", "apply", proposal, cwd=team.root).exit_code == 0
    folder = team.root / "proposals" / Path(proposal).stem
    # after the 1,080 move: 8,280 / 2 / 7 = 591.428.. and 6,120 / 2 / 7 = 437.142..
    assert [row[2] for row in sheet(folder / "google-ads-editor.csv")[1:]] == ["591.43", "591.43"]
    assert sheet(folder / "meta-bulk-import.csv")[1][2] == "437.14"


def test_a_platform_campaign_without_a_channel_belongs_to_the_plans_only_channel_on_its_platform() -> None:
    from decimal import Decimal

    from mops.models.plan import Plan
    from mops.pacing.bulk_sheets import campaign_budgets, campaigns_of

    plan = Plan.model_validate({
        "campaign": CAMPAIGN, "start": "2026-11-20", "end": "2026-11-29", "total_budget": 1000,
        "channels": [{"channel": "paid_search", "platform": "google_ads", "budget": 600}, {"channel": "paid_social", "platform": "meta", "budget": 200},
                     {"channel": "display", "platform": "meta", "budget": 200}],
        "platform_campaigns": [{"platform": "google_ads", "id": "1"}, {"platform": "meta", "id": "2"}, {"platform": "meta", "id": "3", "channel": "display"}],
    })
    assert [c.id for c in campaigns_of(plan, "paid_search")] == ["1"]
    assert campaigns_of(plan, "paid_social") == []  # two channels on meta: an unassigned meta campaign is nobody's
    assert [c.id for c in campaigns_of(plan, "display")] == ["3"]
    rows = campaign_budgets(plan, {"paid_search": Decimal("100")}, dt.date(2026, 11, 26))  # 3 days left: 33.333..
    assert [(r.campaign_id, r.daily_budget, r.days_left) for r in rows] == [("1", Decimal("33.33"), 3)]


# -- refusals: nothing written ---------------------------------------------------------------------


def _untouched(team: Team, proposal: str, before: dict[str, bytes]) -> None:
    assert {p: (team.root / p).read_bytes() for p in before} == before
    assert not (team.root / "proposals" / Path(proposal).stem).exists()


def test_an_unapproved_proposal_is_refused(team: Team, mops) -> None:
    proposal, _, _ = drifted(team)
    before = {p: (team.root / p).read_bytes() for p in (proposal, PLAN_FILE)}
    done = mops("proposal", "apply", proposal, cwd=team.root)
    assert done.exit_code == 1 and "is not approved (pending" in done.stderr and f"mops approve {proposal}" in done.stderr
    # what is missing is said once, not again as "(needed: ...)" with the same words
    assert "(needed:" not in done.stderr and done.stderr.count("more approval") == 1, done.stderr
    _untouched(team, proposal, before)


def test_a_proposal_edited_after_its_approval_is_refused_as_stale(team: Team, mops) -> None:
    proposal, _, _ = drifted(team)
    approve(mops, team, "dana@example.com", proposal)
    path = team.root / proposal
    text = path.read_text()
    assert "amount: 1080.0" in text  # 15% of social's 7,200 left
    path.write_text(text.replace("amount: 1080.0", "amount: 2160.0"))
    team.commit_all("a bigger move")
    before = {p: (team.root / p).read_bytes() for p in (proposal, PLAN_FILE)}
    done = mops("proposal", "apply", proposal, cwd=team.root)
    assert done.exit_code == 1 and "is not approved (stale" in done.stderr
    _untouched(team, proposal, before)


def test_a_proposal_marked_applied_by_hand_is_refused_even_when_approved(team: Team, mops) -> None:
    proposal, _, _ = drifted(team)
    path = team.root / proposal
    path.write_text(path.read_text().replace("status: proposed", "status: applied"))
    team.commit_all("marked")
    approve(mops, team, "dana@example.com", proposal)
    before = {p: (team.root / p).read_bytes() for p in (proposal, PLAN_FILE)}
    done = mops("proposal", "apply", proposal, cwd=team.root)
    assert done.exit_code == 1 and "already applied" in done.stderr
    _untouched(team, proposal, before)


def test_an_existing_sheet_stops_apply_before_anything_is_written(team: Team, mops) -> None:
    proposal, _, _ = drifted(team)
    approve(mops, team, "dana@example.com", proposal)
    folder = team.root / "proposals" / Path(proposal).stem
    folder.mkdir()
    (folder / "meta-bulk-import.csv").write_text("someone's sheet\n")
    before = {p: (team.root / p).read_bytes() for p in (proposal, PLAN_FILE)}
    done = mops("proposal", "apply", proposal, cwd=team.root)
    assert done.exit_code == 2 and "a bulk sheet is already there" in done.stderr
    assert {p: (team.root / p).read_bytes() for p in before} == before
    assert sorted(p.name for p in folder.iterdir()) == ["meta-bulk-import.csv"]


# -- spending authority: the proposal's amount decides who may approve it -----------------------------


def test_a_marketers_limit_covers_a_small_move(team: Team, mops) -> None:
    proposal, _, _ = drifted(team, share=0.1)  # 10% of the 7,200 paid_social has left: 720, within the marketer's 2,000
    assert "amount: 720.0" in (team.root / proposal).read_text()
    approve(mops, team, "priya@example.com", proposal)
    done = mops("proposal", "apply", proposal, cwd=team.root)
    assert done.exit_code == 0, done.stderr
    assert "budget: 12720     # search carries the sale" in (team.root / PLAN_FILE).read_text()  # 12,000 + 720


def test_a_marketers_limit_does_not_cover_a_large_move_until_a_gatekeeper_approves(team: Team, mops) -> None:
    # 30% of the 7,200 paid_social has left: 2,160 (under its room of 7,000 and search's 4,000), beyond the marketer's 2,000
    proposal, _, _ = drifted(team, share=0.3)
    assert "amount: 2160.0" in (team.root / proposal).read_text()
    approve(mops, team, "priya@example.com", proposal)
    refused = mops("proposal", "apply", proposal, cwd=team.root)
    assert refused.exit_code == 1 and "spending authority for 2,160.00 EUR" in refused.stderr
    assert "share: 40%" in (team.root / PLAN_FILE).read_text()
    approve(mops, team, "dana@example.com", proposal)
    done = mops("proposal", "apply", proposal, cwd=team.root)
    assert done.exit_code == 0, done.stderr
    assert "budget: 9840        # of the total" in (team.root / PLAN_FILE).read_text()  # 12,000 - 2,160


# -- trust: the signers and rules of a commit, never of the working tree ------------------------------


def test_an_uncommitted_key_in_the_allowed_signers_file_approves_nothing(team: Team, mops) -> None:
    proposal, _, _ = drifted(team)
    signers = team.root / "approvals" / "allowed_signers"
    signers.write_text(signers.read_text() + team.person("eve@example.com").signers_line())  # not committed
    approve(mops, team, "eve@example.com", proposal)  # a marketer's 2,000 covers the 1,080 move, had her key been trusted
    before = {p: (team.root / p).read_bytes() for p in (proposal, PLAN_FILE)}
    done = mops("proposal", "apply", proposal, cwd=team.root)
    assert done.exit_code == 1 and "is not approved" in done.stderr, done.stdout + done.stderr
    assert "this change edits approvals/allowed_signers" in done.stderr  # verify's notes are said
    _untouched(team, proposal, before)
    # committed, the key is trusted (a reviewer sees it in the history)
    team.commit_all("eve's key")
    assert mops("proposal", "apply", proposal, cwd=team.root).exit_code == 0


def test_an_uncommitted_spending_limit_in_mops_yaml_approves_nothing(team: Team, mops) -> None:
    proposal, _, _ = drifted(team, share=0.3)  # 2,160: beyond the marketer's committed 2,000
    config = team.root / "mops.yaml"
    config.write_text(config.read_text().replace("marketer: 2000", "marketer: 5000"))  # not committed
    approve(mops, team, "priya@example.com", proposal)
    before = {p: (team.root / p).read_bytes() for p in (proposal, PLAN_FILE)}
    done = mops("proposal", "apply", proposal, cwd=team.root)
    assert done.exit_code == 1 and "spending authority for 2,160.00 EUR" in done.stderr, done.stdout + done.stderr
    _untouched(team, proposal, before)


# -- writing: all files or none ---------------------------------------------------------------------


def test_every_file_is_staged_before_any_is_replaced(team: Team, mops, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    proposal, _, _ = drifted(team)
    approve(mops, team, "dana@example.com", proposal)
    events: list[str] = []
    real_open, real_replace = os.open, os.replace

    def staging_open(path, flags, *args, **kwargs):  # noqa: ANN001, ANN202
        if str(path).endswith(".tmp") and flags & os.O_CREAT:
            events.append("stage")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", staging_open)
    monkeypatch.setattr(os, "replace", lambda *a, **k: (events.append("replace"), real_replace(*a, **k))[1])
    assert mops("proposal", "apply", proposal, cwd=team.root).exit_code == 0
    # two sheets, the plan and the proposal: four temp files, then four renames
    assert events == ["stage"] * 4 + ["replace"] * 4


def test_a_failure_while_staging_leaves_every_file_as_it_was(team: Team, mops, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    proposal, _, _ = drifted(team)
    approve(mops, team, "dana@example.com", proposal)
    before = {p: (team.root / p).read_bytes() for p in (proposal, PLAN_FILE)}
    real_open = os.open

    def full_disk(path, flags, *args, **kwargs):  # noqa: ANN001, ANN202
        if Path(path).name.startswith(f".{Path(proposal).name}") and flags & os.O_CREAT:
            raise OSError(28, "No space left on device")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", full_disk)
    with pytest.raises(OSError):
        from mops.pacing.apply import apply_proposal

        apply_proposal(load_workspace(team.root), team.root / proposal)
    _untouched(team, proposal, before)
    assert not [p for p in (team.root / "plans").iterdir() if p.name.endswith(".tmp")]


# -- the plan the proposal was made from, and its age -------------------------------------------------


def test_a_reallocation_proposal_records_its_plans_bytes(team: Team) -> None:
    import hashlib

    proposal, _, _ = drifted(team)
    text = (team.root / proposal).read_text()
    assert f"plan_sha256: {hashlib.sha256((team.root / PLAN_FILE).read_bytes()).hexdigest()}" in text


def test_a_plan_edited_after_the_proposal_is_refused_even_with_the_same_budgets(team: Team, mops) -> None:
    proposal, _, _ = drifted(team)
    approve(mops, team, "dana@example.com", proposal)
    plan = team.root / PLAN_FILE
    plan.write_text(plan.read_text().replace("  cpa: 40", "  cpa: 30"))  # the target the ranking rests on
    team.commit_all("a tighter target")
    before = {p: (team.root / p).read_bytes() for p in (proposal, PLAN_FILE)}
    done = mops("proposal", "apply", proposal, cwd=team.root)
    assert done.exit_code == 1 and f"{PLAN_FILE} changed since the proposal was made" in done.stderr, done.stdout + done.stderr
    _untouched(team, proposal, before)


def test_daily_budgets_count_the_days_left_from_the_day_apply_runs(team: Team, mops) -> None:
    proposal, as_of, _ = drifted(team, age=2)  # proposed two days ago, data through that day; the flight ends as_of + 6
    approve(mops, team, "dana@example.com", proposal)
    done = mops("proposal", "apply", proposal, "--format", "json", cwd=team.root)
    assert done.exit_code == 0, done.stderr
    # today is as_of + 2: today to the end is five days. search 8,280 / 2 / 5 = 828.00; social 6,120 / 2 / 5 = 612.00
    folder = team.root / "proposals" / Path(proposal).stem
    assert [row[2] for row in sheet(folder / "google-ads-editor.csv")[1:]] == ["828.00", "828.00"]
    assert sheet(folder / "meta-bulk-import.csv")[1][2] == "612.00"
    assert {c["days_left"] for c in json.loads(done.stdout)["campaigns"]} == {5}


def test_a_proposal_older_than_the_freshness_limit_is_expired(team: Team, mops) -> None:
    proposal, as_of, _ = drifted(team, age=3)  # freshness_days defaults to 2
    approve(mops, team, "dana@example.com", proposal)
    before = {p: (team.root / p).read_bytes() for p in (proposal, PLAN_FILE)}
    done = mops("proposal", "apply", proposal, cwd=team.root)
    assert done.exit_code == 1 and "is expired" in done.stderr and f"mops pacing check {PLAN_FILE}" in done.stderr, done.stderr
    _untouched(team, proposal, before)


# -- the plan apply edits: the workspace's own ---------------------------------------------------------


@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink"])
def test_a_proposal_naming_a_plan_outside_the_workspace_is_refused(team: Team, mops, how: str) -> None:
    proposal, _, _ = drifted(team)
    outside = team.root.parent / "outside" / "plans" / f"{CAMPAIGN}.yaml"
    outside.parent.mkdir(parents=True)
    outside.write_bytes((team.root / PLAN_FILE).read_bytes())
    if how == "dotdot":
        named = f"../outside/plans/{CAMPAIGN}.yaml"
    elif how == "absolute":
        named = str(outside)
    else:
        (team.root / "plans" / "linked.yaml").symlink_to(outside)
        named = "plans/linked.yaml"
    path = team.root / proposal
    path.write_text(path.read_text().replace(f"plan: {PLAN_FILE}", f"plan: '{named}'"))
    team.commit_all("another plan")
    approve(mops, team, "dana@example.com", proposal)
    kept = outside.read_bytes()
    done = mops("proposal", "apply", proposal, cwd=team.root)
    assert done.exit_code == 2 and "apply edits" in done.stderr, done.stdout + done.stderr
    assert outside.read_bytes() == kept
    assert not (team.root / "proposals" / Path(proposal).stem).exists()


# -- bulk sheets: what each import matches by, and the account's currency --------------------------------

CAMPAIGNS = """  - {platform: google_ads, id: "111", name: BF Search Brand, channel: paid_search}
  - {platform: google_ads, id: "112", channel: paid_search}
  - {platform: meta, id: "2385", name: BF Prospecting, channel: paid_social}
  - {platform: meta, name: BF Retargeting, channel: paid_social}
"""


def test_a_campaign_the_import_cannot_match_is_changed_by_hand(team: Team, mops) -> None:
    proposal, _, _ = drifted(team, campaigns=CAMPAIGNS)
    approve(mops, team, "dana@example.com", proposal)
    done = mops("proposal", "apply", proposal, "--format", "json", cwd=team.root)
    assert done.exit_code == 0, done.stderr
    result = json.loads(done.stdout)
    folder = team.root / "proposals" / Path(proposal).stem
    # search 8,280 / 2 / 6 = 690.00; social 6,120 / 2 / 6 = 510.00
    assert sheet(folder / "google-ads-editor.csv") == [["Campaign ID", "Campaign", "Budget", "Budget type"], ["111", "BF Search Brand", "690.00", "Daily"]]
    assert sheet(folder / "meta-bulk-import.csv") == [["Campaign ID", "Campaign Name", "Campaign Daily Budget"], ["2385", "BF Prospecting", "510.00"]]
    by_hand = {(c["platform"], c["campaign_id"], c["campaign_name"]) for c in result["campaigns"] if c["sheet"] is None}
    assert by_hand == {("google_ads", "112", None), ("meta", None, "BF Retargeting")}
    notes = " ".join(result["notes"])
    assert "Google Ads Editor matches campaigns by name" in notes and "690.00 EUR by hand" in notes
    assert "Meta's bulk import matches campaigns by Campaign ID" in notes and "510.00 EUR by hand" in notes


def _history(mops, team: Team, rows: list[tuple[str, str, str, str]]) -> None:
    """rows: (platform, platform campaign id, name, currency), one day of spend each, before the flight."""
    day = (_today(team) - dt.timedelta(days=5)).isoformat()
    lines = "".join(f"{day},{p},{i},{n},10.00,1,10.00,{c}\n" for p, i, n, c in rows)
    team.write("exports/h.csv", "date,platform,platform_campaign_id,platform_campaign_name,spend,conversions,conversion_value,currency\n" + lines)
    done = mops("history", "import", "exports/h.csv", cwd=team.root)
    assert done.exit_code == 0, done.stderr


def test_a_campaign_billed_in_another_currency_gets_its_budget_converted_or_by_hand(team: Team, mops) -> None:
    # the workspace is in EUR; fx_rates: 0.5 EUR per USD; no rate for GBP
    config = team.root / "mops.yaml"
    config.write_text(config.read_text() + "history:\n  fx_rates:\n    USD: 0.5\n")
    team.commit_all("rates")
    proposal, _, _ = drifted(team)
    _history(mops, team, [("google_ads", "111", "BF Search Brand", "USD"), ("google_ads", "112", "BF Search Generic", "EUR"),
                          ("meta", "2385", "BF Prospecting", "GBP")])
    team.commit_all("history")
    approve(mops, team, "dana@example.com", proposal)
    done = mops("proposal", "apply", proposal, "--format", "json", cwd=team.root)
    assert done.exit_code == 0, done.stderr
    result = json.loads(done.stdout)
    folder = team.root / "proposals" / Path(proposal).stem
    # 690.00 EUR a day for each search campaign: the USD account's is 690 / 0.5 = 1,380.00 USD
    assert sheet(folder / "google-ads-editor.csv")[1:] == [["111", "BF Search Brand", "1380.00", "Daily"], ["112", "BF Search Generic", "690.00", "Daily"]]
    # the GBP account has no rate: no Meta sheet, 510.00 EUR a day said to set by hand
    assert not (folder / "meta-bulk-import.csv").exists()
    meta = next(c for c in result["campaigns"] if c["campaign_id"] == "2385")
    assert meta["sheet"] is None
    notes = " ".join(result["notes"])
    assert "its account spends in USD: daily budget 1380.00 USD, converted from 690.00 EUR" in notes
    assert "no rate to convert EUR to GBP" in notes and "510.00 EUR by hand" in notes
