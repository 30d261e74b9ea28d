"""Reallocation proposals from a day's pacing report (mops/pacing/proposal.py): who gives, who takes,
how much, and the invariants every proposal keeps. Reports are built directly (plain data); plans
are real files read with their positions."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
import yaml

from mops.approvals.policy import artifact_amount
from mops.launch.plan_file import load_plan_file
from mops.models.pacing import Anomaly, ChannelPacing, PacingReport
from mops.models.proposal import Proposal
from mops.pacing.proposal import choose, propose, write_proposal
from mops.workspace import load_workspace

CONFIG = "version: 1\nname: Test Outdoor\ncurrency: EUR\ntimezone: Europe/Berlin\n"
CAMPAIGN = "2026-q4_black-friday"
AS_OF = dt.date(2026, 11, 23)

PLAN = """\
# the Black Friday plan: budgets agreed with finance on 2 Nov
campaign: 2026-q4_black-friday
start: 2026-11-20
end: 2026-11-29
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
    share: 40%
    min_budget: 5000
  - channel: display
    budget: 6000
platform_campaigns:
  - {platform: google_ads, id: "111", channel: paid_search}
  - {platform: meta, id: "222", channel: paid_social}
  - {platform: google_ads, id: "333", channel: display}
targets:
  cpa: 40
pacing:
  max_move_share: 0.15
"""


def workspace(tmp_path: Path, plan: str = PLAN):
    (tmp_path / "mops.yaml").write_text(CONFIG)
    (tmp_path / "plans").mkdir(exist_ok=True)
    path = tmp_path / "plans" / f"{CAMPAIGN}.yaml"
    path.write_text(plan)
    ws = load_workspace(tmp_path)
    return ws, load_plan_file(ws, path)


def channel(name: str, budget: float, spent: float, conversions: float | None, *, status: str = "on_track",
            value: float | None = None, expected: float | None = None) -> ChannelPacing:
    expected = expected if expected is not None else budget * 0.4
    return ChannelPacing(
        channel=name, budget=budget, expected_to_date=expected, actual_to_date=spent, pace=spent / expected if expected else None,
        status=status, conversions=conversions, conversion_value=value,
        cpa=spent / conversions if conversions else None, roas=value / spent if value is not None and spent else None,
    )


def report(*channels: ChannelPacing, status: str = "on_track", anomalies: list[Anomaly] | None = None) -> PacingReport:
    return PacingReport(campaign=CAMPAIGN, plan=f"plans/{CAMPAIGN}.yaml", as_of=AS_OF.isoformat(), status=status, currency="EUR",
                        day=4, days=10, channels=list(channels), anomalies=anomalies or [])


def drift() -> PacingReport:
    """Day four: social's CPA is 64 against a 40 target, search's 32, display's 40."""
    return report(
        channel("paid_search", 12000, 4800, 150),  # CPA 32, score 1.25
        channel("paid_social", 12000, 4800, 75),  # CPA 64, score 0.625
        channel("display", 6000, 2400, 60),  # CPA 40, score 1.0
    )


# -- the drift scenario, by hand ---------------------------------------------------------------


def test_the_weakest_channel_gives_a_bounded_share_of_its_own_remaining_budget_to_the_strongest(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path)
    proposal = propose(ws, pf, drift(), AS_OF)
    assert proposal is not None
    # social has 12,000 - 4,800 = 7,200 left; 15% of it is 1,080; social may give 12,000 - max(5,000, 4,800) = 7,000;
    # search may take 16,000 - 12,000 = 4,000: the share binds. R = 7,200 + 7,200 + 3,600 = 18,000 only sets the
    # 1% floor (180)
    assert [(m.from_channel, m.to_channel, m.amount) for m in proposal.moves] == [("paid_social", "paid_search", 1080)]
    assert (proposal.kind, proposal.bound, proposal.as_of, proposal.created, proposal.status) == ("reallocation", 0.15, AS_OF, AS_OF, "proposed")
    assert proposal.plan == f"plans/{CAMPAIGN}.yaml" and proposal.campaign == CAMPAIGN
    expected, giver, receiver, bound = proposal.effect
    assert expected.figures["conversions_lost"] == pytest.approx(1080 / 64, abs=0.005)  # 16.875
    assert expected.figures["conversions_gained"] == pytest.approx(1080 / 32, abs=0.005)  # 33.75
    assert expected.figures["net_conversions"] == pytest.approx(1080 / 32 - 1080 / 64, abs=0.01)  # 16.875
    # social 12,000 - 1,080 = 10,920; search 12,000 + 1,080 = 13,080
    assert giver.figures["channel"] == "paid_social" and giver.figures["budget_before"] == 12000 and giver.figures["budget_after"] == 10920
    assert giver.figures["spent_to_date"] == 4800 and giver.figures["score"] == 0.625 and giver.figures["cpa"] == 64
    assert giver.figures["remaining_before"] == 7200 and giver.figures["remaining_after"] == 6120  # 10,920 - 4,800
    assert receiver.figures["channel"] == "paid_search" and receiver.figures["budget_after"] == 13080 and receiver.figures["score"] == 1.25
    assert bound.figures["giver_remaining"] == 7200 and bound.figures["share_cap"] == 1080 and bound.figures["binding"] == "max_move_share"
    assert bound.figures["remaining_budget"] == 18000  # R, for the 1% floor only
    assert bound.figures["giver_room"] == 7000 and bound.figures["receiver_room"] == 4000
    assert "15% of the 7,200.00 EUR paid_social has left (1,080.00)" in bound.reason
    assert "18,000" not in bound.reason  # the cap is not a share of the plan's remaining budget
    assert "64.00" in giver.reason and "40.00" in giver.reason
    assert proposal.summary.startswith("move 1,080 EUR of remaining budget from paid_social to paid_search")
    ranked = {o.statement.split(":")[0]: o for o in proposal.observations}
    assert set(ranked) == {"paid_search", "paid_social", "display"}
    social = ranked["paid_social"]
    assert social.figures["score"] == 0.625 and social.figures["remaining"] == 7200
    assert {e.kind for e in social.evidence} == {"row", "file"}
    assert any(e.kind == "file" and e.line == 13 for e in social.evidence)  # the paid_social entry of the plan


def test_the_receivers_maximum_binds_when_it_is_the_smallest_bound(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path, PLAN.replace("max_budget: 16000", "max_budget: 12900"))
    proposal = propose(ws, pf, drift(), AS_OF)
    # search may take 12,900 - 12,000 = 900, under the share cap of 15% x 7,200 = 1,080 and social's room of 7,000
    assert proposal.moves[0].amount == 900 and proposal.effect[3].figures["binding"] == "receiver_maximum"


def test_the_givers_minimum_binds_the_amount_is_rounded_down_and_never_reaches_its_spend(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path, PLAN.replace("min_budget: 5000", "min_budget: 10999.5"))
    proposal = propose(ws, pf, drift(), AS_OF)
    # social may give 12,000 - max(10,999.5, 4,800) = 1,000.5, under the share cap of 15% x 7,200 = 1,080: 1,000 rounded down
    assert proposal.moves[0].amount == 1000 and proposal.effect[3].figures["binding"] == "giver_minimum"
    spent_more = report(channel("paid_search", 12000, 4800, 150), channel("paid_social", 12000, 11000.4, 170), channel("display", 6000, 2400, 60))
    proposal = propose(ws, pf, spent_more, AS_OF)
    # social has 12,000 - 11,000.40 = 999.60 left: its room is 12,000 - max(10,999.5, 11,000.40) = 999.60, the share cap
    # 15% x 999.60 = 149.94, which binds (a share below 1 of what is unspent never reaches the spend): 149 rounded down;
    # R = 7,200 + 999.60 + 3,600 = 11,799.60, 1% of it 118.00 <= 149
    assert proposal.moves[0].amount == 149 and proposal.effect[3].figures["binding"] == "max_move_share"
    assert proposal.effect[1].figures["budget_after"] == 11851  # 12,000 - 149, above the 11,000.40 social already spent


def test_the_share_cap_is_taken_of_the_givers_remaining_budget_not_the_plans(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path)
    nearly_spent = report(
        channel("paid_search", 12000, 4800, 150),  # CPA 32, score 1.25
        channel("paid_social", 12000, 10000, 160),  # CPA 62.5, score 0.64
        channel("display", 6000, 2400, 60),  # CPA 40, score 1.0
    )
    proposal = propose(ws, pf, nearly_spent, AS_OF)
    # social has 12,000 - 10,000 = 2,000 left: 15% of it is 300 (15% of R = 7,200 + 2,000 + 3,600 = 12,800 would be 1,920);
    # social may give 12,000 - max(5,000, 10,000) = 2,000, search may take 4,000: the share binds
    assert [(m.from_channel, m.to_channel, m.amount) for m in proposal.moves] == [("paid_social", "paid_search", 300)]
    bound = proposal.effect[3].figures
    assert (bound["giver_remaining"], bound["share_cap"], bound["remaining_budget"], bound["binding"]) == (2000, 300, 12800, "max_move_share")


def test_the_one_percent_floor_is_taken_of_the_plans_remaining_budget(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path)
    # social has 12,000 - 11,200 = 800 left: the cap is 15% x 800 = 120; R = 7,200 + 800 + 3,600 = 11,600, 1% is 116: 120 moves
    enough = report(channel("paid_search", 12000, 4800, 150), channel("paid_social", 12000, 11200, 200),  # CPA 56, score 0.71
                    channel("display", 6000, 2400, 60))
    assert propose(ws, pf, enough, AS_OF).moves[0].amount == 120
    # social has 12,000 - 11,300 = 700 left: the cap is 15% x 700 = 105; R = 7,200 + 700 + 3,600 = 11,500, 1% is 115: no move
    too_little = report(channel("paid_search", 12000, 4800, 150), channel("paid_social", 12000, 11300, 200),  # CPA 56.5, score 0.71
                        channel("display", 6000, 2400, 60))
    assert propose(ws, pf, too_little, AS_OF) is None
    choice, _, why = choose(pf, too_little)
    assert choice is None and "(105 EUR) is under 1% of the remaining 11,500.00" in why


def test_roas_targets_rank_by_return_and_both_targets_take_the_weaker_ratio(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path, PLAN.replace("  cpa: 40\n", "  roas: 4\n"))
    returns = report(
        channel("paid_search", 12000, 4800, 100, value=14400),  # ROAS 3.0, score 0.75
        channel("paid_social", 12000, 4800, 100, value=24000),  # ROAS 5.0, score 1.25
        channel("display", 6000, 2400, 60, value=9600),  # ROAS 4.0
    )
    proposal = propose(ws, pf, returns, AS_OF)
    assert (proposal.moves[0].from_channel, proposal.moves[0].to_channel) == ("paid_search", "paid_social")
    # search has 12,000 - 4,800 = 7,200 left: 15% of it is 1,080
    assert proposal.moves[0].amount == 1080
    assert proposal.effect[0].figures["value_lost"] == 3240 and proposal.effect[0].figures["value_gained"] == 5400  # 1,080 x 3, 1,080 x 5

    ws, pf = workspace(tmp_path, PLAN.replace("  cpa: 40\n", "  cpa: 40\n  roas: 4\n"))
    # social: CPA 48 (score 0.83) but ROAS 5; search: CPA 32 but ROAS 2.4 (0.6); display: CPA 40, ROAS 4 (1.0)
    both = report(
        channel("paid_search", 12000, 4800, 150, value=11520),
        channel("paid_social", 12000, 4800, 100, value=24000),
        channel("display", 6000, 2400, 60, value=9600),
    )
    proposal = propose(ws, pf, both, AS_OF)
    assert (proposal.moves[0].from_channel, proposal.moves[0].to_channel) == ("paid_search", "display")


def test_off_pace_is_a_reason_to_move_even_when_no_channel_misses_target(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path)
    fine = report(channel("paid_search", 12000, 4800, 160), channel("paid_social", 12000, 4800, 125), channel("display", 6000, 2400, 61))
    assert propose(ws, pf, fine, AS_OF) is None  # every channel at or near target, on pace
    under = report(channel("paid_search", 12000, 4800, 160), channel("paid_social", 12000, 2000, 48, status="under"),
                   channel("display", 6000, 2400, 61))
    proposal = propose(ws, pf, under, AS_OF)
    assert proposal is not None and proposal.moves[0].from_channel == "paid_social" and "off pace" in proposal.effect[1].reason


def test_off_pace_counts_only_for_the_giver_or_the_receiver(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path)
    # search CPA 30 (score 1.33), social CPA 4,800 / 120 = 40 x 1.0526 -> score 0.95 (not weak: tolerance 10%),
    # display under its pacing band but unranked (no conversion figures): it can neither give nor take
    third = report(channel("paid_search", 12000, 4800, 160), channel("paid_social", 12000, 4800, 4800 / 42.105263),
                   channel("display", 6000, 1200, None, status="under"))
    assert propose(ws, pf, third, AS_OF) is None, "a third channel off pace moves no money between two others"
    # the receiver itself over its band (it can spend more): the move is made, and said to be off pace
    over = report(channel("paid_search", 12000, 6000, 200, status="over"), channel("paid_social", 12000, 4800, 4800 / 42.105263),
                  channel("display", 6000, 1200, None))
    proposal = propose(ws, pf, over, AS_OF)
    assert proposal is not None and (proposal.moves[0].from_channel, proposal.moves[0].to_channel) == ("paid_social", "paid_search")
    assert "paid_search is off pace" in proposal.effect[1].reason
    # the giver itself under its band: the move is made
    giver_under = report(channel("paid_search", 12000, 4800, 160), channel("paid_social", 12000, 3000, 3000 / 42.105263, status="under"),
                         channel("display", 6000, 1200, None))
    proposal = propose(ws, pf, giver_under, AS_OF)
    assert proposal is not None and proposal.moves[0].from_channel == "paid_social" and "paid_social is off pace" in proposal.effect[1].reason


def test_a_channel_under_its_pacing_band_never_receives(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path)
    # the drift, with search (the strongest, score 1.25) under its band: it does not spend what it has, so
    # display (score 1.0, on pace) takes instead: 15% of social's 7,200 left = 1,080
    searching = drift()
    searching.channels[0].status = "under"
    proposal = propose(ws, pf, searching, AS_OF)
    assert proposal is not None and [(m.from_channel, m.to_channel, m.amount) for m in proposal.moves] == [("paid_social", "display", 1080)]
    # no strong channel on or over pace: nothing to give to
    searching.channels[2].status = "under"
    choice, _, why = choose(pf, searching)
    assert choice is None and "no action needed" in why


@pytest.mark.parametrize("status", ["not_judged", "not_started", "ended"])
def test_no_proposal_when_pacing_is_not_judged_or_outside_the_flight(tmp_path: Path, status: str) -> None:
    ws, pf = workspace(tmp_path)
    assert propose(ws, pf, drift().model_copy(update={"status": status}), AS_OF) is None


def test_no_proposal_when_a_channel_has_no_data_or_data_is_stale(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path)
    base = drift()
    no_data = base.model_copy(update={"channels": [*base.channels[:2], channel("display", 6000, 0, None, status="no_data")]})
    assert propose(ws, pf, no_data, AS_OF) is None
    stale = base.model_copy(update={"anomalies": [Anomaly(kind="stale_data", statement="history is 3 days old")]})
    assert propose(ws, pf, stale, AS_OF) is None


def test_a_channel_no_platform_campaign_spends_for_is_left_out_rather_than_stopping_the_proposal(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path, PLAN.replace('  - {platform: google_ads, id: "333", channel: display}\n', ""))
    base = drift()
    unmeasured = base.model_copy(update={"channels": [*base.channels[:2], channel("display", 6000, 0, None, status="no_data")]})
    proposal = propose(ws, pf, unmeasured, AS_OF)
    # R = 7,200 + 7,200 = 14,400 (display is outside the reallocation); social's own 7,200 left: 15% is 1,080
    assert proposal.moves[0].amount == 1080 and proposal.effect[3].figures["remaining_budget"] == 14400
    assert "display" not in {o.statement.split(":")[0] for o in proposal.observations}


def test_a_channel_whose_conversions_stopped_is_not_ranked(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path)
    broken = drift().model_copy(update={"anomalies": [Anomaly(kind="conversions_stopped", channel="paid_social", statement="pixel?")]})
    proposal = propose(ws, pf, broken, AS_OF)
    assert proposal is None  # display (1.0) is not weak and nothing is off pace: no move
    assert propose(ws, pf, drift(), AS_OF) is not None


def test_no_proposal_without_targets_or_when_the_move_would_be_under_one_percent(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path, PLAN.replace("targets:\n  cpa: 40\n", ""))
    assert propose(ws, pf, drift(), AS_OF) is None
    ws, pf = workspace(tmp_path, PLAN.replace("min_budget: 5000", "min_budget: 11830"))  # room 170 < 1% of 18,000
    assert propose(ws, pf, drift(), AS_OF) is None
    ws, pf = workspace(tmp_path, PLAN.replace("min_budget: 5000", "min_budget: 11820"))  # room 180 = 1%
    assert propose(ws, pf, drift(), AS_OF).moves[0].amount == 180


def test_a_channel_that_already_spent_more_than_its_budget_never_takes(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path)
    # search is the strongest (CPA 32) but has spent 13,000 of its 12,000: a move to it would leave it below
    # its spend (apply refuses that) and buy none of the conversions the proposal says; display (CPA 20 < 40,
    # score 2.0 > social's) takes instead
    overspent = report(
        channel("paid_search", 12000, 13000, 406.25, status="over"),  # CPA 32, score 1.25
        channel("paid_social", 12000, 4800, 75),  # CPA 64, score 0.625
        channel("display", 6000, 2400, 96),  # CPA 25, score 1.6
    )
    choice, _, _ = choose(pf, overspent)
    assert choice is not None and choice.receiver.channel == "display", choice
    only_search = report(channel("paid_search", 12000, 13000, 406.25, status="over"), channel("paid_social", 12000, 4800, 75),
                         channel("display", 6000, 2400, 30))  # display CPA 80: weak too
    assert propose(ws, pf, only_search, AS_OF) is None
    # spent exactly its budget: every unit moved is still spendable, so it may take
    exactly = report(channel("paid_search", 12000, 12000, 375), channel("paid_social", 12000, 4800, 75), channel("display", 6000, 2400, 30))
    proposal = propose(ws, pf, exactly, AS_OF)
    assert proposal is not None and proposal.moves[0].to_channel == "paid_search"


# -- invariants over a table of generated cases ---------------------------------------------------


def _case(rng: random.Random) -> tuple[str, PacingReport]:
    names = ["paid_search", "paid_social", "display", "email"][: rng.randint(2, 4)]
    total = rng.randrange(5_000, 200_000, 50)
    weights = [rng.uniform(0.5, 2) for _ in names]
    budgets = [round(total * w / sum(weights), 2) for w in weights]
    total = round(sum(budgets), 2)
    lines = [f"campaign: {CAMPAIGN}", "start: 2026-11-20", "end: 2026-11-29", "currency: EUR", f"total_budget: {total}", "channels:"]
    chans = []
    for name, budget in zip(names, budgets):
        lines.append(f"  - channel: {name}")
        if rng.random() < 0.3:
            lines.append(f"    share: {budget / total!r}")
            budget = round(budget / total * total, 2)
        else:
            lines.append(f"    budget: {budget}")
        if rng.random() < 0.6:
            lines.append(f"    min_budget: {round(budget * rng.uniform(0.2, 0.95), 2)}")
        if rng.random() < 0.6:
            lines.append(f"    max_budget: {round(budget * rng.uniform(1.0, 1.6), 2)}")
        spent = round(budget * rng.uniform(0.05, 0.9 if rng.random() < 0.8 else 1.4), 2)
        conversions = rng.choice([0, rng.randint(1, 400)])
        chans.append(channel(name, budget, spent, conversions, status=rng.choice(["on_track", "on_track", "under", "over"])))
    lines += ["targets:", f"  cpa: {rng.randint(10, 80)}", "pacing:", f"  max_move_share: {rng.choice([0.05, 0.1, 0.15, 0.25, 0.5])}"]
    return "\n".join(lines) + "\n", report(*chans)


def test_every_generated_proposal_conserves_the_total_and_keeps_every_bound(tmp_path: Path) -> None:
    rng = random.Random(20261123)
    made = 0
    for number in range(300):
        text, rep = _case(rng)
        ws, pf = workspace(tmp_path, text)
        proposal = propose(ws, pf, rep, AS_OF)
        if proposal is None:
            continue
        made += 1
        plan = pf.plan
        before = {c.channel: c.amount(plan.total_budget) for c in plan.channels}
        spent = {c.channel: c.actual_to_date for c in rep.channels}
        remaining = sum(max(0.0, before[n] - spent[n]) for n in before)  # R: sets the 1% floor only
        after = dict(before)
        for move in proposal.moves:
            giver_remaining = max(0.0, before[move.from_channel] - spent[move.from_channel])
            assert move.amount == int(move.amount) and move.amount >= 1, number  # whole currency units
            # no move beyond max_move_share x the giving channel's own remaining budget (budget - spent)
            assert move.amount <= plan.pacing.max_move_share * giver_remaining + 1e-6, number
            assert move.amount >= 0.01 * remaining - 1e-6, number
            after[move.from_channel] -= move.amount
            after[move.to_channel] += move.amount
        assert sum(after.values()) == pytest.approx(sum(before.values()), abs=1e-6), number  # the total is conserved
        for c in plan.channels:
            if c.min_budget is not None:
                assert after[c.channel] >= c.min_budget - 1e-6, number
            if c.max_budget is not None:
                assert after[c.channel] <= c.max_budget + 1e-6, number
            if after[c.channel] != before[c.channel]:
                assert after[c.channel] >= spent[c.channel] - 1e-6, number  # no changed channel ends below what it spent
        giver = proposal.moves[0].from_channel
        scores = {e.figures["channel"]: e.figures["score"] for e in proposal.effect if "channel" in e.figures}
        assert scores[giver] < scores[proposal.moves[0].to_channel] and scores[proposal.moves[0].to_channel] >= 1
    assert made >= 60, made  # the table exercises proposals, not only refusals


# -- the file --------------------------------------------------------------------------------------


def test_write_proposal_names_the_day_and_a_same_day_rerun_writes_the_same_bytes(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path)
    path = write_proposal(ws, propose(ws, pf, drift(), AS_OF))
    assert path == tmp_path / "proposals" / f"{CAMPAIGN}-pacing-2026-11-23.yaml"
    first = path.read_bytes()
    assert first.startswith(b"# yaml-language-server: $schema=../.mops/schemas/proposal.json\n")
    assert b"mops approve proposals/2026-q4_black-friday-pacing-2026-11-23.yaml" in first
    assert write_proposal(ws, propose(ws, pf, drift(), AS_OF)) == path and path.read_bytes() == first
    data = yaml.safe_load(first)
    proposal = Proposal.model_validate(data)
    assert data["status"] == "proposed" and proposal.moves[0].amount == 1080 and proposal.as_of == AS_OF  # 15% x 7,200
    assert list(tmp_path.joinpath("proposals").iterdir()) == [path]  # no temp file left behind


def test_an_applied_proposal_is_never_rewritten(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path)
    path = write_proposal(ws, propose(ws, pf, drift(), AS_OF))
    applied = path.read_text().replace("status: proposed", "status: applied\napplied: 2026-11-24")
    path.write_text(applied)
    assert write_proposal(ws, propose(ws, pf, drift(), AS_OF)) == path
    assert path.read_text() == applied


def test_the_proposals_amount_is_what_approvals_weigh(tmp_path: Path) -> None:
    ws, pf = workspace(tmp_path)
    path = write_proposal(ws, propose(ws, pf, drift(), AS_OF))
    amount, problem = artifact_amount(ws.relative(path), path.read_bytes(), ws.config)
    assert (amount, problem) == (1080.0, None)  # 15% of social's 7,200 left
