"""The example workspace's pacing scenario end to end: Winter Gear's paid social drifts from day
four, Gift Guide is healthy. One daily run as of 2026-12-05 must propose exactly one bounded move
and nothing for the healthy campaign; the same run again the same day changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

AS_OF = "2026-12-05"
EXPORTS = ("exports/google_ads_campaigns_2026-12-01_2026-12-05.csv", "exports/meta_fjordline-de_2026-12-01_2026-12-05.csv")


def _check(mops, ws: Path) -> tuple[int, list[dict]]:
    done = mops("pacing", "check", "--all", "--as-of", AS_OF, "--format", "json", cwd=ws)
    assert done.exit_code in (0, 1), done.stderr
    return done.exit_code, json.loads(done.stdout)


def test_the_drift_gets_one_bounded_proposal_and_the_healthy_campaign_none(mops, example_workspace: Path) -> None:
    assert mops("history", "import", *EXPORTS, cwd=example_workspace).exit_code == 0
    code, reports = _check(mops, example_workspace)
    assert code == 1, "a proposal is action needed: the scheduler's exit code says so"
    healthy_alone = mops("pacing", "check", "plans/2026-q4_gift-guide.yaml", "--as-of", AS_OF, cwd=example_workspace)
    assert healthy_alone.exit_code == 0, healthy_alone.stdout
    by_campaign = {r["campaign"]: r for r in reports}
    assert sorted(by_campaign) == ["2026-q4_gift-guide", "2026-q4_winter-gear"], "the plans whose flight holds 2026-12-05"

    healthy = by_campaign["2026-q4_gift-guide"]
    assert healthy["status"] == "on_track" and healthy["proposal"] is None and healthy["anomalies"] == []

    drift = by_campaign["2026-q4_winter-gear"]
    social = next(c for c in drift["channels"] if c["channel"] == "paid_social")
    search = next(c for c in drift["channels"] if c["channel"] == "paid_search")
    # even curve, 25 days: 600 a day on social and 800 on search, spent exactly; day five
    assert (social["expected_to_date"], social["actual_to_date"]) == (3000, 3000)
    assert (search["expected_to_date"], search["actual_to_date"]) == (4000, 4000)
    assert drift["proposal"] == f"proposals/2026-q4_winter-gear-pacing-{AS_OF}.yaml"
    written = sorted(p.name for p in (example_workspace / "proposals").glob("*.yaml"))
    assert written == [f"2026-q4_winter-gear-pacing-{AS_OF}.yaml"], "exactly one proposal"

    proposal = yaml.safe_load((example_workspace / drift["proposal"]).read_text())
    assert proposal["kind"] == "reallocation" and proposal["campaign"] == "2026-q4_winter-gear"
    [move] = proposal["moves"]
    # paid social missed its targets from day four: 15% of its remaining 15,000 - 3,000 = 12,000
    assert (move["from_channel"], move["to_channel"], move["amount"]) == ("paid_social", "paid_search", 1800)
    # the invariants: the total is conserved (one move between two channels), the move within the
    # plan's share, social 15,000 - 1,800 = 13,200 >= its 12,000 minimum, search 21,800 <= 24,000
    assert move["amount"] <= 0.15 * (15000 - 3000)
    assert 15000 - move["amount"] >= 12000 and 20000 + move["amount"] <= 24000


def test_the_same_day_again_rewrites_the_same_proposal(mops, example_workspace: Path) -> None:
    assert mops("history", "import", *EXPORTS, cwd=example_workspace).exit_code == 0
    _check(mops, example_workspace)
    path = example_workspace / "proposals" / f"2026-q4_winter-gear-pacing-{AS_OF}.yaml"
    first = path.read_bytes()
    _check(mops, example_workspace)
    assert path.read_bytes() == first
    assert len(list((example_workspace / "proposals").glob("*.yaml"))) == 1
