"""`mops pacing check` end to end: a real workspace, history loaded with the real `mops history
import` from generic CSV exports written here, and the figures of each case worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

HEADER = "date,platform,platform_campaign_id,platform_campaign_name,spend,conversions,conversion_value,currency\n"
PLAN = "plans/2026-q4_test.yaml"
CONTRACT = {"campaign", "as_of", "status", "channels", "anomalies", "observations", "proposal"}
CHANNEL_CONTRACT = {"channel", "budget", "expected_to_date", "actual_to_date", "pace", "status", "projected", "cpa", "roas"}


def write_plan(root: Path, campaign: str = "2026-q4_test", *, start: str = "2026-11-01", end: str = "2026-11-10", extra: str = "",
               channels: str | None = None, currency: str = "EUR") -> str:
    channels = channels or (
        "  - {channel: paid_search, budget: 1000}\n"
        "  - {channel: paid_social, budget: 1000}\n"
    )
    text = (
        f"campaign: {campaign}\ncurrency: {currency}\nstart: {start}\nend: {end}\ntotal_budget: 2000\n"
        f"channels:\n{channels}"
        "platform_campaigns:\n"
        f"  - {{platform: google_ads, id: '{campaign}-g', name: 'Search {campaign}', channel: paid_search}}\n"
        f"  - {{platform: meta, id: '{campaign}-m', name: 'Social {campaign}', channel: paid_social}}\n"
        + extra
    )
    path = root / "plans" / f"{campaign}.yaml"
    path.write_text(text, encoding="utf-8")
    return f"plans/{campaign}.yaml"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "plans").mkdir(parents=True)
    (root / "exports").mkdir()
    (root / "mops.yaml").write_text("version: 1\nname: Test\ncurrency: EUR\ntimezone: Europe/Berlin\nhistory:\n  fx_rates:\n    USD: 0.5\n", encoding="utf-8")
    return root


def day(n: int) -> str:
    return f"2026-11-{n:02d}"


def history(mops, root: Path, rows: list[tuple], name: str = "h.csv") -> None:
    """rows: (day number, g|m, spend, conversions, value[, currency[, campaign]])."""
    lines = []
    for row in rows:
        n, which, spend, conversions, value = row[:5]
        currency = row[5] if len(row) > 5 else "EUR"
        campaign = row[6] if len(row) > 6 else "2026-q4_test"
        platform, name_prefix = ("google_ads", "Search") if which == "g" else ("meta", "Social")
        lines.append(f"{day(n)},{platform},{campaign}-{which},{name_prefix} {campaign},{spend:.2f},{conversions},{value:.2f},{currency}\n")
    (root / "exports" / name).write_text(HEADER + "".join(lines), encoding="utf-8")
    done = mops("history", "import", f"exports/{name}", cwd=root)
    assert done.exit_code == 0, done.stderr


def check(mops, root: Path, *args: str) -> tuple[int, dict | list]:
    done = mops("pacing", "check", *args, "--format", "json", cwd=root)
    assert done.exit_code in (0, 1), done.stderr
    return done.exit_code, json.loads(done.stdout)


def channel(report: dict, name: str) -> dict:
    return next(c for c in report["channels"] if c["channel"] == name)


def kinds(report: dict) -> list[str]:
    return [a["kind"] for a in report["anomalies"]]


def steady(days: range, search: float = 100.0, social: float = 100.0) -> list[tuple]:
    return [r for n in days for r in ((n, "g", search, 10, search * 5), (n, "m", social, 5, social * 3))]


# --- pace, status, projection -------------------------------------------------------------------


def test_pace_status_projection_and_the_json_contract(mops, ws: Path) -> None:
    write_plan(ws, extra="targets: {cpa: 10, roas: 4}\n")
    # search 100 a day (10 conversions, 500 value); social 60 a day (3 conversions, 100 value), days 1-4
    history(mops, ws, [r for n in range(1, 5) for r in ((n, "g", 100.0, 10, 500.0), (n, "m", 60.0, 3, 100.0))])
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    assert code == 1
    assert CONTRACT <= set(report) and report["campaign"] == "2026-q4_test" and report["as_of"] == "2026-11-04"
    assert report["status"] == "under" and report["day"] == 4 and report["days"] == 10 and report["data_through"] == "2026-11-04"
    search, social = channel(report, "paid_search"), channel(report, "paid_social")
    assert CHANNEL_CONTRACT <= set(search)
    # even curve, 1,000 over 10 days: 400 expected after day 4
    assert (search["budget"], search["expected_to_date"], search["actual_to_date"], search["pace"], search["status"]) == (1000, 400, 400, 1.0, "on_track")
    # social: 240 of 400 = 0.6 < 0.9 -> under; run rate 60 x 6 days left + 240 = 600; (1,000 - 240) / 60 = 12.67 days
    assert (social["actual_to_date"], social["pace"], social["status"], social["projected"], social["days_of_budget_left"]) == (240, 0.6, "under", 600, 12.7)
    assert (social["cpa"], social["roas"]) == (20.0, 1.67)  # 240 / 12; 400 / 240
    assert (search["cpa"], search["roas"]) == (10.0, 5.0)
    assert search["projected"] == 1000  # 400 + 100 x 6
    # the series: cumulative expected for every flight day, actual up to the data's last day
    assert [p["expected"] for p in social["series"][:3]] == [100, 200, 300]
    assert [p["actual"] for p in social["series"][3:6]] == [240, None, None]
    targets = {(o["figures"]["channel"], o["code"]): o for o in report["observations"] if o["code"].startswith("pacing.target")}
    assert targets[("paid_social", "pacing.target-cpa")]["severity"] == "warning"
    assert targets[("paid_social", "pacing.target-cpa")]["figures"]["gap_pct"] == 100.0
    assert targets[("plan", "pacing.target-roas")]["figures"]["roas"] == 3.75  # (2,000 + 400) / 640
    for observation in report["observations"]:
        assert observation["evidence"], observation["statement"]
    assert any(e["kind"] == "query" and "campaign_id = '2026-q4_test'" in e["query"] for e in targets[("plan", "pacing.target-roas")]["evidence"])
    jsonschema.validate(report, json.loads(mops("schema", "pacing-check", cwd=ws).stdout))
    # the evidence query reruns with `mops history query` and gives the figures: social's 4 days of 60
    rerun = mops("history", "query", next(e["query"] for e in targets[("plan", "pacing.target-roas")]["evidence"] if e["kind"] == "query"),
                 "--format", "json", cwd=ws)
    assert sum(row["spend"] for row in json.loads(rerun.stdout) if row["channel"] == "paid_social") == 240


def test_run_rate_is_the_mean_of_the_last_three_days_with_data(mops, ws: Path) -> None:
    write_plan(ws)
    # search 50, 100, 150, 200: actual 500; run rate (100 + 150 + 200) / 3 = 150; projected 500 + 150 x 6 = 1,400
    history(mops, ws, [(n, "g", 50.0 * n, 1, 1.0) for n in range(1, 5)] + [(n, "m", 100.0, 1, 1.0) for n in range(1, 5)])
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    search = channel(report, "paid_search")
    assert (search["actual_to_date"], search["pace"], search["status"], search["projected"]) == (500, 1.25, "over", 1400)
    assert search["days_of_budget_left"] == 3.3  # 500 left / 150 a day
    assert report["status"] == "over" and code == 1


def test_on_track_plan_exits_zero(mops, ws: Path) -> None:
    write_plan(ws)
    history(mops, ws, steady(range(1, 5)))
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    assert report["status"] == "on_track" and report["anomalies"] == [] and code == 0
    assert report["proposal"] is None


def test_data_a_day_behind_is_judged_to_its_last_day(mops, ws: Path) -> None:
    write_plan(ws)
    history(mops, ws, steady(range(1, 4)))  # through day 3; as_of day 4, freshness 2 days
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    assert report["data_through"] == "2026-11-03" and report["status"] == "on_track"
    assert channel(report, "paid_search")["expected_to_date"] == 300  # 3 days of 100, not 4


def test_front_loaded_curve_in_the_check(mops, ws: Path) -> None:
    write_plan(ws, extra="pacing: {curve: front_loaded}\n")
    history(mops, ws, steady(range(1, 5)))
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    # weights 1.5 - i/9: 1.5 + 1.3889 + 1.2778 + 1.1667 = 5.3333 of 10 -> 533.33 of 1,000; 400 / 533.33 = 0.75 -> under
    search = channel(report, "paid_search")
    assert search["expected_to_date"] == 533.33 and search["pace"] == 0.75 and search["status"] == "under"


def test_custom_weights_in_the_check_and_a_wrong_count_is_an_input_error(mops, ws: Path) -> None:
    write_plan(ws, extra="pacing:\n  curve: custom\n  weights: [4, 4, 2, 2, 2, 2, 1, 1, 1, 1]\n")
    history(mops, ws, steady(range(1, 3)))
    code, report = check(mops, ws, PLAN, "--as-of", day(2))
    # (4 + 4) / 20 = 0.4 of 1,000 = 400 expected; 200 spent: pace 0.5
    assert channel(report, "paid_search")["expected_to_date"] == 400 and channel(report, "paid_search")["pace"] == 0.5

    write_plan(ws, extra="pacing:\n  curve: custom\n  weights: [1, 2, 3]\n")
    done = mops("pacing", "check", PLAN, "--as-of", day(2), cwd=ws)
    assert done.exit_code == 2
    assert "plans/2026-q4_test.yaml:14:12: error" in done.stderr and "3 weights for a flight of 10 days" in done.stderr and "pacing.weights" in done.stderr


@pytest.mark.parametrize("weight", [".nan", ".inf"])
def test_custom_weights_that_are_not_finite_numbers_are_an_input_error(mops, ws: Path, weight: str) -> None:
    write_plan(ws, extra=f"pacing:\n  curve: custom\n  weights: [{weight}, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n")
    history(mops, ws, steady(range(1, 3)))
    done = mops("pacing", "check", PLAN, "--as-of", day(2), "--format", "json", cwd=ws)
    assert done.exit_code == 2, done.stdout
    assert "plans/2026-q4_test.yaml:14:12: error" in done.stderr and "pacing.weights" in done.stderr
    assert "NaN" not in done.stdout and "Infinity" not in done.stdout


def test_a_rerun_after_the_days_proposal_was_applied_names_no_proposal(mops, ws: Path) -> None:
    write_plan(ws, extra="targets: {cpa: 10}\n")
    history(mops, ws, [r for n in range(1, 5) for r in ((n, "g", 100.0, 10, 1.0), (n, "m", 20.0, 0, 1.0))])
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    path = ws / report["proposal"]
    applied = path.read_text().replace("status: proposed", "status: applied\napplied: 2026-11-04")
    path.write_text(applied)
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    # the applied file is a record: not rewritten, and not named as this check's proposal to approve
    assert path.read_text() == applied and report["proposal"] is None and code == 1
    said = [o for o in report["observations"] if o["code"] == "pacing.proposal-applied"]
    assert len(said) == 1 and "already applied" in said[0]["statement"] and said[0]["severity"] == "warning"
    text = mops("pacing", "check", PLAN, "--as-of", day(4), cwd=ws).stdout
    assert "mops approve" not in text


def test_weekday_curve_from_the_history_s_baseline(mops, ws: Path) -> None:
    # a past campaign (its own plan) spent on search Mon 2026-10-19 300, Tue..Sun 100 each: shares mon 3/9, others 1/9
    write_plan(ws, "2026-q4_past", start="2026-10-19", end="2026-10-25")
    past = [(19, "g", 300.0, 1, 1.0, "EUR", "2026-q4_past")] + [(n, "g", 100.0, 1, 1.0, "EUR", "2026-q4_past") for n in range(20, 26)]
    write_plan(ws, start="2026-11-02", end="2026-11-08", extra="pacing: {curve: weekday}\n")  # Monday to Sunday
    lines = [f"2026-10-{n},google_ads,{c}-g,Search {c},{s:.2f},{k},{v:.2f},{cur}\n" for n, _, s, k, v, cur, c in past]
    lines += [f"2026-11-0{n},google_ads,2026-q4_test-g,Search 2026-q4_test,100.00,1,1.00,EUR\n" for n in (2, 3)]
    lines += [f"2026-11-0{n},meta,2026-q4_test-m,Social 2026-q4_test,100.00,1,1.00,EUR\n" for n in (2, 3)]
    (ws / "exports" / "w.csv").write_text(HEADER + "".join(lines), encoding="utf-8")
    assert mops("history", "import", "exports/w.csv", cwd=ws).exit_code == 0
    code, report = check(mops, ws, PLAN, "--as-of", "2026-11-03")
    # search: Monday 300/900 + Tuesday 100/900 = 4/9 of 1,000 = 444.44 expected; 200 spent -> 0.45
    assert channel(report, "paid_search")["expected_to_date"] == 444.44 and channel(report, "paid_search")["pace"] == 0.45
    # social has no baseline: even, 2/7 of 1,000 = 285.71, and an observation says so
    assert channel(report, "paid_social")["expected_to_date"] == 285.71
    fallback = [o for o in report["observations"] if o["code"] == "pacing.curve-fallback"]
    assert [o["figures"]["channel"] for o in fallback] == ["paid_social"]


def test_spend_in_another_currency_is_converted_with_the_fx_rate(mops, ws: Path) -> None:
    write_plan(ws)
    # social bills in USD at 0.5 EUR per USD: 200 USD a day = 100 EUR
    history(mops, ws, [r for n in range(1, 5) for r in ((n, "g", 100.0, 1, 1.0), (n, "m", 200.0, 1, 1.0, "USD"))])
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    assert channel(report, "paid_social")["actual_to_date"] == 400 and report["status"] == "on_track"


# --- anomalies ---------------------------------------------------------------------------------


def test_spike_above_three_times_the_rolling_median(mops, ws: Path) -> None:
    write_plan(ws)
    rows = steady(range(1, 5)) + [(5, "g", 310.0, 10, 1.0), (5, "m", 300.0, 5, 1.0)]  # search 3.1x, social exactly 3x
    history(mops, ws, rows)
    code, report = check(mops, ws, PLAN, "--as-of", day(5))
    spikes = [a for a in report["anomalies"] if a["kind"] == "spike"]
    assert [(a["channel"], a["date"], a["figures"]["median"], a["figures"]["ratio"]) for a in spikes] == [("paid_search", "2026-11-05", 100, 3.1)]
    assert code == 1
    assert spikes[0]["evidence"][0]["kind"] == "query"


def test_spend_stopped_while_other_channels_go_on(mops, ws: Path) -> None:
    write_plan(ws)
    # social spends days 1-3 and nothing after, while Meta's export (another campaign's rows) reaches day 5
    rows = [(n, "g", 100.0, 10, 1.0) for n in range(1, 6)] + [(n, "m", 100.0, 5, 1.0) for n in range(1, 4)]
    rows += [(n, "m", 50.0, 1, 1.0, "EUR", "2026-q4_other") for n in range(1, 6)]
    history(mops, ws, rows)
    code, report = check(mops, ws, PLAN, "--as-of", day(5))
    stopped = [a for a in report["anomalies"] if a["kind"] == "spend_stopped"]
    assert [(a["channel"], a["figures"]["days_stopped"], a["figures"]["last_spend_day"]) for a in stopped] == [("paid_social", 2, "2026-11-03")]
    social = channel(report, "paid_social")
    # judged to day 5: 300 of 500 -> 0.6 under; the run rate counts days 4 and 5 as 0: (100 + 0 + 0) / 3 = 33.33,
    # projected 300 + 33.33 x 5 = 466.67, (1,000 - 300) / 33.33 = 21.0 days of budget left
    assert (social["data_through"], social["expected_to_date"], social["actual_to_date"], social["status"]) == ("2026-11-05", 500, 300, "under")
    assert (social["projected"], social["days_of_budget_left"]) == (466.67, 21.0)
    # one day without spend is not yet an anomaly
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    assert "spend_stopped" not in kinds(report)


def test_an_export_a_day_behind_another_is_judged_to_its_own_last_day(mops, ws: Path) -> None:
    write_plan(ws, extra="targets: {cpa: 10}\n")
    # both exactly on pace; Google's export reaches day 4, Meta's day 3 (one day behind, within freshness 2)
    # search CPA 5 (score 2), social CPA 10 (score 1, not weak): only a false `under` would move money
    rows = [(n, "g", 100.0, 20, 1.0) for n in range(1, 5)] + [(n, "m", 100.0, 10, 1.0) for n in range(1, 4)]
    history(mops, ws, rows)
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    search, social = channel(report, "paid_search"), channel(report, "paid_social")
    assert (search["data_through"], search["expected_to_date"], search["pace"], search["status"]) == ("2026-11-04", 400, 1.0, "on_track")
    # social to its own day 3: 300 expected, 300 spent (not 300 of 400 = 0.75 under)
    assert (social["data_through"], social["expected_to_date"], social["actual_to_date"], social["pace"], social["status"]) == ("2026-11-03", 300, 300, 1.0, "on_track")
    assert report["status"] == "on_track" and report["data_through"] == "2026-11-04"
    assert "spend_stopped" not in kinds(report) and report["proposal"] is None
    assert not (ws / "proposals").exists() or not list((ws / "proposals").iterdir())


def test_one_export_older_than_the_freshness_limit_is_not_judged_and_never_proposed(mops, ws: Path) -> None:
    write_plan(ws, extra="targets: {cpa: 10}\n")
    # Google's export through day 6, Meta's through day 1 (5 days old on day 6, freshness 2): social's CPA
    # 20 is weak against 10 and search strong, so fresh data would give a proposal; stale data never does
    rows = [(n, "g", 100.0, 10, 1.0) for n in range(1, 7)] + [(1, "m", 100.0, 5, 1.0)]
    history(mops, ws, rows)
    code, report = check(mops, ws, PLAN, "--as-of", day(6))
    assert report["status"] == "not_judged" and code == 1 and report["proposal"] is None
    [stale] = [a for a in report["anomalies"] if a["kind"] == "stale_data"]
    assert stale["channel"] == "paid_social" and stale["figures"]["platforms"] == "meta" and stale["figures"]["newest_day"] == "2026-11-01"
    assert stale["figures"]["days_old"] == 5 and stale["statement"].startswith("meta's history is 5 days old: pacing not judged")
    # figures are still given, each channel to its own cut-off, and no channel's pace is judged
    assert [(c["channel"], c["data_through"], c["expected_to_date"], c["status"]) for c in report["channels"]] == [
        ("paid_search", "2026-11-06", 600, "not_judged"), ("paid_social", "2026-11-01", 100, "not_judged")]
    assert not (ws / "proposals").exists() or not list((ws / "proposals").iterdir())


def test_channels_outside_a_judged_flight_are_not_judged(mops, ws: Path) -> None:
    write_plan(ws)
    history(mops, ws, steady(range(1, 5)))
    code, report = check(mops, ws, PLAN, "--as-of", "2026-10-20")  # not started
    assert report["status"] == "not_started" and [(c["status"], c["pace"]) for c in report["channels"]] == [("not_judged", None)] * 2
    code, report = check(mops, ws, PLAN, "--as-of", day(8))  # history 4 days old: stale
    assert report["status"] == "not_judged" and [c["status"] for c in report["channels"]] == ["not_judged"] * 2
    text = mops("pacing", "check", PLAN, "--as-of", day(8), cwd=ws).stdout
    assert "NOT JUDGED" in text.splitlines()[1]
    assert "not_judged" in json.dumps(json.loads(mops("schema", "pacing-check", cwd=ws).stdout)["$defs"]["ChannelPacing"])


def test_an_ended_flight_whose_data_ends_early_says_so(mops, ws: Path) -> None:
    write_plan(ws)
    history(mops, ws, steady(range(1, 9)))  # through day 8 of 10
    code, report = check(mops, ws, PLAN, "--as-of", "2026-11-11")
    assert report["status"] == "ended" and report["data_through"] == "2026-11-08"
    # 800 spent of 800 expected to day 8; run rate 100 x 2 days missing: projected 1,000; no days of budget left after the end
    assert [(c["actual_to_date"], c["projected"], c["days_of_budget_left"]) for c in report["channels"]] == [(800, 1000, None)] * 2
    [ended] = [o for o in report["observations"] if o["code"] == "pacing.ended"]
    assert "figures run to the data's last day, not the whole flight" in ended["statement"]
    assert "figures are for the whole flight" not in ended["statement"]
    assert "paid_search to 2026-11-08" in ended["statement"]


def test_conversions_stopping_while_spend_goes_on(mops, ws: Path) -> None:
    write_plan(ws)
    rows = [(n, "g", 100.0, 10, 1.0) for n in range(1, 6)] + [(n, "m", 100.0, 5 if n <= 3 else 0, 1.0) for n in range(1, 6)]
    history(mops, ws, rows)
    code, report = check(mops, ws, PLAN, "--as-of", day(5))
    found = [a for a in report["anomalies"] if a["kind"] == "conversions_stopped"]
    assert [(a["channel"], a["figures"]["days"], a["figures"]["first_day"], a["figures"]["spend"]) for a in found] == [("paid_social", 2, "2026-11-04", 200)]
    assert code == 1
    code, report = check(mops, ws, PLAN, "--as-of", day(4))  # one day without conversions
    assert "conversions_stopped" not in kinds(report)


def test_stale_history_is_not_judged_and_never_proposed(mops, ws: Path) -> None:
    write_plan(ws, extra="targets: {cpa: 10}\n")
    history(mops, ws, [r for n in range(1, 5) for r in ((n, "g", 100.0, 10, 1.0), (n, "m", 20.0, 0, 1.0))])  # social far under
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    assert report["status"] == "under" and report["proposal"] == "proposals/2026-q4_test-pacing-2026-11-04.yaml"  # fresh: action
    code, report = check(mops, ws, PLAN, "--as-of", day(7))
    assert report["status"] == "not_judged" and code == 1
    stale = [a for a in report["anomalies"] if a["kind"] == "stale_data"]
    assert len(stale) == 1 and stale[0]["statement"].startswith("history is 3 days old: pacing not judged")
    assert stale[0]["figures"]["newest_day"] == "2026-11-04"
    assert report["proposal"] is None and not (ws / "proposals" / "2026-q4_test-pacing-2026-11-07.yaml").exists()


def test_before_and_after_the_flight(mops, ws: Path) -> None:
    write_plan(ws)
    history(mops, ws, steady(range(1, 11)))
    code, report = check(mops, ws, PLAN, "--as-of", "2026-10-20")
    assert report["status"] == "not_started" and code == 0 and report["day"] is None
    assert [c["expected_to_date"] for c in report["channels"]] == [0, 0]
    assert any(o["code"] == "pacing.not-started" and o["figures"]["days_to_start"] == 12 for o in report["observations"])

    code, report = check(mops, ws, PLAN, "--as-of", "2026-11-20")
    assert report["status"] == "ended" and code == 0 and report["proposal"] is None
    # figures for the whole flight: 10 days of 100 = 1,000 of 1,000
    assert [(c["expected_to_date"], c["actual_to_date"], c["pace"]) for c in report["channels"]] == [(1000, 1000, 1.0)] * 2
    assert report["data_through"] == "2026-11-10"


def test_first_day_with_yesterday_s_export_expects_nothing_yet(mops, ws: Path) -> None:
    write_plan(ws, start="2026-11-05", end="2026-11-14")
    history(mops, ws, [(n, "g", 100.0, 1, 1.0, "EUR", "2026-q4_other") for n in range(1, 5)])  # the export reaches day 4
    code, report = check(mops, ws, PLAN, "--as-of", day(5))
    assert (report["status"], report["day"], report["data_through"], report["anomalies"], code) == ("on_track", 1, "2026-11-04", [], 0)
    assert [(c["expected_to_date"], c["actual_to_date"], c["projected"]) for c in report["channels"]] == [(0, 0, None)] * 2
    assert any(o["code"] == "pacing.not-reached" for o in report["observations"])


def test_a_channel_without_history_is_no_data_and_an_observation(mops, ws: Path) -> None:
    write_plan(ws, channels="  - {channel: paid_search, budget: 1000}\n  - {channel: paid_social, budget: 1000}\n  - {channel: display, budget: 500}\n")
    history(mops, ws, steady(range(1, 5)))
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    display = channel(report, "display")
    assert (display["status"], display["actual_to_date"], display["expected_to_date"], display["pace"]) == ("no_data", 0, 200, 0.0)
    note = [o for o in report["observations"] if o["code"] == "pacing.no-data"]
    assert note and note[0]["figures"]["channel"] == "display" and note[0]["evidence"][-1]["line"] == 9
    assert report["status"] == "on_track"


def test_a_plan_no_row_ties_to_says_so_with_its_platform_campaigns(mops, ws: Path) -> None:
    write_plan(ws)
    history(mops, ws, [(n, "g", 100.0, 1, 1.0, "EUR", "2026-q4_other") for n in range(1, 5)])  # another campaign's rows
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    assert report["status"] == "not_judged" and code == 1
    [missing] = [a for a in report["anomalies"] if a["kind"] == "no_history"]
    assert "google_ads 2026-q4_test-g 'Search 2026-q4_test'" in missing["statement"] and "meta 2026-q4_test-m" in missing["statement"]
    assert [c["status"] for c in report["channels"]] == ["no_data", "no_data"]


# --- several plans, similar campaigns, text -------------------------------------------------------


def test_all_checks_the_plans_in_flight_and_prints_a_list(mops, ws: Path) -> None:
    write_plan(ws)
    write_plan(ws, "2026-q4_later", start="2026-12-01", end="2026-12-10")
    history(mops, ws, steady(range(1, 5)))
    code, reports = check(mops, ws, "--all", "--as-of", day(4))
    assert isinstance(reports, list) and [r["campaign"] for r in reports] == ["2026-q4_test"] and code == 0
    code, reports = check(mops, ws, PLAN, "plans/2026-q4_later.yaml", "--as-of", day(4))
    assert [r["status"] for r in reports] == ["on_track", "not_started"] and code == 0


def test_similar_past_campaigns_give_a_roas_observation(mops, ws: Path) -> None:
    write_plan(ws, "2026-q3_past", start="2026-09-01", end="2026-09-10")
    write_plan(ws)
    lines = [f"2026-09-0{n},google_ads,2026-q3_past-g,Search 2026-q3_past,100.00,1,600.00,EUR\n" for n in range(1, 4)]
    (ws / "exports" / "past.csv").write_text(HEADER + "".join(lines), encoding="utf-8")
    assert mops("history", "import", "exports/past.csv", cwd=ws).exit_code == 0
    history(mops, ws, steady(range(1, 5)))  # search ROAS 5, social 3: plan 4.0
    code, report = check(mops, ws, PLAN, "--as-of", day(4))
    [similar] = [o for o in report["observations"] if o["code"] == "pacing.similar"]
    assert similar["figures"]["roas"] == 4.0 and similar["figures"]["similar_median_roas"] == 6.0 and similar["figures"]["gap_pct"] == -33.3
    assert any(e["kind"] == "query" for e in similar["evidence"]) and "2026-q3_past" in similar["statement"]


def test_text_output_draws_the_chart(mops, ws: Path) -> None:
    write_plan(ws)
    history(mops, ws, [r for n in range(1, 5) for r in ((n, "g", 100.0, 10, 500.0), (n, "m", 60.0, 3, 100.0))])
    done = mops("pacing", "check", PLAN, "--as-of", day(4), cwd=ws)
    assert done.exit_code == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("2026-q4_test: UNDER on 2026-11-04 (day 4 of 10")
    assert any("paid_social" in line and "UNDER" in line and "pace 0.60" in line for line in lines)
    chart = [line for line in lines if "|" in line]
    assert len(chart) == 16 and any("#" in line for line in chart) and any("." in line for line in chart)
    assert "(. expected, # actual, cumulative)" in done.stdout


def test_no_plan_is_a_usage_error(mops, ws: Path) -> None:
    done = mops("pacing", "check", cwd=ws)
    assert done.exit_code == 2 and "no plan given" in done.stderr


def test_chart_file_is_drawn_from_the_same_reports(mops, ws: Path) -> None:
    pytest.importorskip("matplotlib")
    write_plan(ws)
    history(mops, ws, steady(range(1, 5)))
    done = mops("pacing", "check", PLAN, "--as-of", day(4), "--chart", "pacing.svg", cwd=ws)
    assert done.exit_code == 0, done.stderr
    assert (ws / "pacing.svg").read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
    done = mops("pacing", "check", PLAN, "--as-of", day(4), "--chart", "pacing.txt", cwd=ws)
    assert done.exit_code == 2 and "PNG or SVG" in done.stderr


def test_proposals_and_the_chart_are_written_all_or_none(mops, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("matplotlib")
    import importlib

    fsutil, chart_module = importlib.import_module("mops.fsutil"), importlib.import_module("mops.pacing.chart")
    write_plan(ws, extra="targets: {cpa: 10}\n")
    write_plan(ws, "2026-q4_two", extra="targets: {cpa: 10}\n")
    # on both plans social spends 20 a day without a conversion (score 0) while search converts at CPA 10: two proposals
    rows = [r for c in ("2026-q4_test", "2026-q4_two") for n in range(1, 5) for r in ((n, "g", 100.0, 10, 1.0, "EUR", c), (n, "m", 20.0, 0, 1.0, "EUR", c))]
    history(mops, ws, rows)

    def broken(reports, fmt="png"):
        raise RuntimeError("the renderer failed")

    monkeypatch.setattr(chart_module, "render_chart", broken)
    done = mops("pacing", "check", "--all", "--as-of", day(4), "--chart", "pacing.svg", cwd=ws)
    assert done.exit_code == 2 and "the chart could not be drawn" in done.stderr and "nothing was written" in done.stderr
    assert not (ws / "proposals").exists() and not (ws / "pacing.svg").exists()

    monkeypatch.undo()
    batches: list[list[str]] = []
    real = fsutil.atomic_write_all

    def spy(files):
        batches.append(sorted(Path(p).name for p, _ in files))
        return real(files)

    monkeypatch.setattr(fsutil, "atomic_write_all", spy)
    code, reports = check(mops, ws, "--all", "--as-of", day(4), "--chart", "pacing.svg")
    assert [r["proposal"] for r in reports] == ["proposals/2026-q4_test-pacing-2026-11-04.yaml", "proposals/2026-q4_two-pacing-2026-11-04.yaml"]
    assert batches == [["2026-q4_test-pacing-2026-11-04.yaml", "2026-q4_two-pacing-2026-11-04.yaml", "pacing.svg"]], "one batch, all or none"
    assert (ws / "pacing.svg").is_file() and len(list((ws / "proposals").glob("*.yaml"))) == 2
