"""`mops history report` and `mops history similar`: figures worked out by hand from the inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from history_support import google_ads_file, hmops, small_workspace  # noqa: F401

ALL = [
    "exports/google_ads_campaigns_2025-11-01_2026-11-24.csv",
    "exports/meta_fjordline-de_2025-11-01_2026-11-24.csv",
    "exports/meta_fjordline-uk_2026-06-22_2026-08-16.csv",
    "exports/ga4_traffic-acquisition_2025-11-01_2026-11-24.csv",
]


@pytest.fixture
def example(hmops, example_workspace):
    hmops("history", "import", *ALL, cwd=example_workspace)
    return example_workspace


def _report(hmops, cwd: Path, *args: str) -> dict:
    result = hmops("history", "report", *args, "--format", "json", cwd=cwd)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_roi_per_campaign_and_channel(hmops, example):
    rows = _report(hmops, example, "roi", "--campaign", "2026-q2_spring-sale")["rows"]
    search = next(r for r in rows if r["channel"] == "paid_search")
    # Search 8,100 + Shopping 6,750 EUR; 270 + 225 conversions; 27,000 + 24,750 value; 9,000 + 6,750 clicks; 180,000 + 270,000 impressions
    assert search["spend"] == 14850.00 and search["conversions"] == 495
    assert search["cpa"] == 30.00  # 14,850 / 495
    assert search["roas"] == 3.48  # 51,750 / 14,850 = 3.4848
    assert search["ctr_pct"] == 3.50  # 15,750 / 450,000
    assert search["cpc"] == 0.94  # 14,850 / 15,750 = 0.943


def test_workspace_fx_rates_convert_usd_into_eur(hmops, example):
    rows = _report(hmops, example, "roi", "--campaign", "2026-q3_summer-trails", "--channel", "paid_social")["rows"]
    # mops.yaml: USD 0.86. 11,200 EUR + 5,600 USD x 0.86 = 16,016 EUR
    assert [(r["currency"], r["spend"]) for r in rows] == [("EUR", 16016.00)]


def test_currencies_stay_apart_without_rates(hmops, small_workspace):
    path = small_workspace / "exports" / "m.csv"
    path.write_text(
        "Day,Campaign name,Amount spent (USD),Impressions,Link clicks,Results\n2026-11-01,UK,100.00,1000,10,1\n", encoding="utf-8"
    )
    google_ads_file(small_workspace / "exports" / "g.csv", ["2026-11-01,1,Brand,100,10,50.00,1,50.00,EUR"])
    hmops("history", "import", "exports/m.csv", "exports/g.csv", cwd=small_workspace)
    result = hmops("history", "report", "channels", "--format", "json", cwd=small_workspace)
    rows = json.loads(result.stdout)["rows"]
    assert sorted((r["channel"], r["currency"], r["spend"]) for r in rows) == [("paid_search", "EUR", 50.0), ("paid_social", "USD", 100.0)]
    assert "USD are kept apart" in result.stderr


def test_channels_report_respects_the_date_window(hmops, example):
    rows = _report(hmops, example, "channels", "--since", "2025-11-17", "--until", "2025-12-01", "--platform", "meta")["rows"]
    # Black Friday 2025 on Meta: 10,500 + 4,500 EUR
    assert [(r["channel"], r["currency"], r["spend"]) for r in rows] == [("paid_social", "EUR", 15000.00)]


def test_freshness_gives_newest_day_and_age(hmops, example):
    rows = _report(hmops, example, "freshness", "--today", "2026-11-25")["rows"]
    newest = {r["platform"]: (r["newest_day"], r["days_old"]) for r in rows}
    assert newest == {"ga4": ("2026-11-24", 1), "google_ads": ("2026-11-24", 1), "meta": ("2026-11-24", 1)}


def _plan(root: Path, campaign: str, start: str, end: str, budget: int, channels: list[str], platform_id: str) -> None:
    (root / "plans").mkdir(exist_ok=True)
    channel_lines = "".join(f"  - {{channel: {c}, budget: {budget // len(channels)}}}\n" for c in channels)
    (root / "plans" / f"{campaign}.yaml").write_text(
        f"campaign: {campaign}\nstart: {start}\nend: {end}\ntotal_budget: {budget}\nchannels:\n{channel_lines}"
        f"platform_campaigns:\n  - {{platform: google_ads, id: '{platform_id}', channel: {channels[0]}}}\n",
        encoding="utf-8",
    )


def test_pacing_baseline_weekday_shares_and_daily_change(hmops, small_workspace):
    _plan(small_workspace, "2026-q4_test", "2026-11-02", "2026-11-04", 100, ["paid_search"], "1")
    # Monday 10, Tuesday 20, Wednesday 10
    google_ads_file(small_workspace / "exports" / "g.csv", [
        "2026-11-02,1,T,100,10,10.00,1,50.00,EUR", "2026-11-03,1,T,100,10,20.00,1,50.00,EUR", "2026-11-04,1,T,100,10,10.00,1,50.00,EUR",
    ])
    hmops("history", "import", "exports/g.csv", cwd=small_workspace)
    [row] = _report(hmops, small_workspace, "pacing-baseline")["rows"]
    assert (row["mon"], row["tue"], row["wed"], row["thu"]) == (0.25, 0.5, 0.25, None)
    assert row["median_daily_change"] == 0.75  # |20/10 - 1| = 1 and |10/20 - 1| = 0.5


def test_similar_scores_and_summary(hmops, small_workspace):
    _plan(small_workspace, "2026-q2_a", "2026-04-01", "2026-04-10", 10000, ["paid_search"], "1")
    _plan(small_workspace, "2025-q4_b", "2025-11-01", "2025-11-20", 40000, ["paid_search", "paid_social"], "2")
    google_ads_file(small_workspace / "exports" / "g.csv", [
        "2025-11-01,2,B,100,10,300.00,1,900.00,EUR", "2026-04-01,1,A,100,10,100.00,1,500.00,EUR",
    ])
    hmops("history", "import", "exports/g.csv", cwd=small_workspace)
    result = hmops("history", "similar", "--channels", "paid_search", "--budget", "10000", "--season", "4", "--format", "json", cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    scores = {m["campaign"]: m["score"] for m in data["matches"]}
    assert scores["2026-q2_a"] == 1.0
    # channels 1/2, budget 4x off -> 0, season 5 months off -> 1/6: (0.35 x 0.5 + 0.2 / 6) / 0.85
    assert scores["2025-q4_b"] == pytest.approx(0.2451, abs=1e-4)
    assert data["matches"][0]["roas"] == 5.0  # 500 / 100
    assert "median budget of the 2 most similar campaigns (2026-q2_a, 2025-q4_b): 25,000.00 EUR" in data["summary"][0]["statement"]
    assert any(e["kind"] == "row" for e in data["summary"][0]["evidence"])


def test_similar_needs_a_criterion(hmops, small_workspace):
    google_ads_file(small_workspace / "exports" / "g.csv", ["2026-04-01,1,A,100,10,100.00,1,500.00,EUR"])
    hmops("history", "import", "exports/g.csv", cwd=small_workspace)
    result = hmops("history", "similar", cwd=small_workspace)
    assert result.exit_code == 2 and "--objective, --channels, --budget, --season" in result.stderr


def test_unknown_report_is_a_usage_error(hmops, example):
    result = hmops("history", "report", "profit", cwd=example)
    assert result.exit_code == 2 and "roi, channels, campaigns, pacing-baseline, freshness" in result.stderr


def test_similar_reads_the_objectives_of_version_2_briefs(hmops, small_workspace):
    _plan(small_workspace, "2026-q2_a", "2026-04-01", "2026-04-10", 10000, ["paid_search"], "1")
    _plan(small_workspace, "2025-q4_b", "2025-11-01", "2025-11-20", 10000, ["paid_search"], "2")
    (small_workspace / "briefs").mkdir(exist_ok=True)
    (small_workspace / "briefs" / "2025-q4_b.md").write_text(
        "---\nversion: 2\ncampaign: 2025-q4_b\ntitle: Winter jackets\nobjectives:\n  - text: Clear old stock of winter jackets\n---\n",
        encoding="utf-8",
    )
    google_ads_file(small_workspace / "exports" / "g.csv", [
        "2025-11-01,2,B,100,10,300.00,1,900.00,EUR", "2026-04-01,1,A,100,10,100.00,1,500.00,EUR",
    ])
    hmops("history", "import", "exports/g.csv", cwd=small_workspace)
    result = hmops("history", "similar", "--objective", "clear winter jackets", "--format", "json", cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    parts = {m["campaign"]: m["parts"] for m in json.loads(result.stdout)["matches"]}
    assert parts["2025-q4_b"]["objective"] > 0.5  # the brief's title and objectives count
    assert "2026-q2_a" not in parts  # nothing in common with the objective (score 0): not listed as similar


def test_similar_lists_no_campaign_that_has_nothing_in_common(hmops, small_workspace):
    _plan(small_workspace, "2026-q2_a", "2026-04-01", "2026-04-10", 10000, ["paid_search"], "1")
    google_ads_file(small_workspace / "exports" / "g.csv", ["2026-04-01,1,A,100,10,100.00,1,500.00,EUR"])
    hmops("history", "import", "exports/g.csv", cwd=small_workspace)
    result = hmops("history", "similar", "--channels", "paid_social", "--objective", "garden furniture", "--format", "json", cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["matches"] == []
    assert "no past campaign is like this one: of the 1 past campaigns" in answer["summary"][0]["statement"]


def test_a_report_filtered_on_a_campaign_the_history_lacks_is_an_input_error(hmops, small_workspace):
    _plan(small_workspace, "2026-q2_spring-sale", "2026-04-01", "2026-04-10", 10000, ["paid_search"], "1")
    google_ads_file(small_workspace / "exports" / "g.csv", ["2026-04-01,1,Spring,100,10,100.00,1,500.00,EUR"])
    hmops("history", "import", "exports/g.csv", cwd=small_workspace)
    typo = hmops("history", "report", "roi", "--campaign", "2026-q2_spring-sail", cwd=small_workspace)
    assert typo.exit_code == 2
    assert "--campaign '2026-q2_spring-sail': no campaign of that name in the history" in typo.stderr
    assert "did you mean 2026-q2_spring-sale?" in typo.stderr
    platform = hmops("history", "report", "channels", "--platform", "tiktok", cwd=small_workspace)
    assert platform.exit_code == 2 and "the history holds 1: google_ads" in platform.stderr
    known = hmops("history", "report", "roi", "--campaign", "2026-q2_spring-sale", "--format", "json", cwd=small_workspace)
    assert known.exit_code == 0, known.stderr


# --- report unattributed and roi per platform (issue #12) ------------------------------------

def _bf_extras(root: Path) -> None:
    """Two Black Friday 2026 campaigns the team forgot to list in the plan, next to the example's
    always-on brand campaign: a Google Ads Shopping campaign and a Meta campaign exported by name
    only, from the UK account billed in USD."""
    google_ads_file(root / "exports" / "gads_bf_shopping.csv", [
        f"2026-11-{day},21450006003,FJ | BF 2026 | Shopping,1000,50,{cost}.00,5,500.00,EUR" for day, cost in (("16", 300), ("17", 400), ("18", 500))
    ], title=False)
    (root / "exports" / "meta_uk_bf.csv").write_text(
        "Day,Campaign name,Amount spent (USD),Impressions,Link clicks,Results\n"
        "2026-11-20,FJL_BF2026_Retargeting_UK,100.00,1000,10,1\n2026-11-21,FJL_BF2026_Retargeting_UK,100.00,1000,10,1\n",
        encoding="utf-8",
    )


@pytest.fixture
def unclaimed(hmops, example_workspace):
    _bf_extras(example_workspace)
    result = hmops("history", "import", *ALL, "exports/gads_bf_shopping.csv", "exports/meta_uk_bf.csv", cwd=example_workspace)
    assert result.exit_code in (0, 1), result.stderr  # the example's exports hold deliberate rejects
    return example_workspace


def _unattributed(hmops, cwd: Path, *args: str) -> tuple[int, dict]:
    result = hmops("history", "report", "unattributed", *args, "--format", "json", cwd=cwd)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def test_unattributed_lists_unclaimed_campaigns_biggest_spend_first_with_the_plan_to_add_them_to(hmops, unclaimed):
    code, data = _unattributed(hmops, unclaimed)
    assert code == 1
    rows = {r["platform_campaign_name"]: r for r in data["rows"]}
    assert list(rows) == ["FJ | Brand | Always On", "FJ | BF 2026 | Shopping", "FJL_BF2026_Retargeting_UK"]
    brand, shopping, meta = rows.values()
    # the example's always-on brand campaign: 389 days, 15,560 EUR, in no plan's flight for long
    assert (brand["platform_campaign_id"], brand["spend"], brand["currency"], brand["rows"]) == ("21450000001", 15560.0, "EUR", 389)
    assert (brand["first_day"], brand["last_day"]) == ("2025-11-01", "2026-11-24")
    assert brand["plan"] is None and brand["action"].startswith("no plan matches: create one")
    assert brand["add"] == {"platform": "google_ads", "id": "21450000001", "name": "FJ | Brand | Always On"}
    # 300 + 400 + 500 EUR in the Black Friday 2026 flight (2026-11-16 to 2026-12-01)
    assert (shopping["spend"], shopping["first_day"], shopping["last_day"], shopping["rows"]) == (1200.0, "2026-11-16", "2026-11-18", 3)
    assert shopping["plan"] == "plans/2026-q4_black-friday.yaml"
    assert shopping["add"]["platform"] == "google_ads" and shopping["add"]["id"] == "21450006003"
    assert "add `{platform: google_ads, id: '21450006003', name: 'FJ | BF 2026 | Shopping'" in shopping["action"]
    assert "to plans/2026-q4_black-friday.yaml platform_campaigns" in shopping["action"]
    # 2 x 100 USD at mops.yaml's 0.86 = 172 EUR; exported without an id, so the plan names it
    assert (meta["spend"], meta["currency"], meta["platform_campaign_id"]) == (172.0, "EUR", "")
    assert meta["plan"] == "plans/2026-q4_black-friday.yaml"
    assert meta["add"] == {"platform": "meta", "name": "FJL_BF2026_Retargeting_UK", "channel": "paid_social"}


def test_unattributed_gives_the_reason_as_evidence(hmops, unclaimed):
    _, data = _unattributed(hmops, unclaimed)
    shopping = next(r for r in data["rows"] if r["platform_campaign_id"] == "21450006003")
    [plan] = [e for e in shopping["evidence"] if e["kind"] == "file"]
    assert plan["path"] == "plans/2026-q4_black-friday.yaml"
    lines = (unclaimed / "plans" / "2026-q4_black-friday.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[plan["line"] - 1].startswith("platform_campaigns:")
    assert "3 of its 3 active days fall in the flight 2026-11-16 to 2026-12-01" in plan["note"]
    assert "'bf'" in plan["note"]  # the words its name shares with the plan's campaigns
    assert any(e["kind"] == "query" for e in shopping["evidence"])
    brand = next(r for r in data["rows"] if r["platform_campaign_id"] == "21450000001")
    assert "at most 56 (14%) fall in a plan's flight" in brand["reason"]  # 56 days of Summer Trails of 389
    text = hmops("history", "report", "unattributed", cwd=unclaimed)
    assert text.exit_code == 1
    assert "because: 3 of its 3 active days fall in the flight" in text.stdout


def test_adding_what_the_report_says_attributes_the_spend(hmops, unclaimed):
    """The suggested entries, pasted into the suggested plan as they are, claim the campaigns."""
    import re

    _, data = _unattributed(hmops, unclaimed)
    for row in data["rows"]:
        if row["plan"] is None:
            continue
        entry = re.search(r"add `(\{.*\})` to", row["action"]).group(1)
        path = unclaimed / row["plan"]
        path.write_text(path.read_text(encoding="utf-8").replace("platform_campaigns:\n", f"platform_campaigns:\n  - {entry}\n"), encoding="utf-8")
    code, after = _unattributed(hmops, unclaimed)
    assert code == 1 and [r["platform_campaign_name"] for r in after["rows"]] == ["FJ | Brand | Always On"]
    rows = _report(hmops, unclaimed, "roi", "--campaign", "2026-q4_black-friday")["rows"]
    spend = {r["channel"]: r["spend"] for r in rows}
    assert spend == {"paid_search": 12600.0, "paid_shopping": 1200.0, "paid_social": 9000.0 + 172.0}


def test_roi_shows_unattributed_spend_per_platform(hmops, unclaimed):
    rows = _report(hmops, unclaimed, "roi")["rows"]
    unattributed = {(r["campaign"], r["channel"]): r["spend"] for r in rows if r["campaign"].startswith("(unattributed)")}
    assert unattributed == {
        ("(unattributed) google_ads", "paid_search, paid_shopping"): 15560.0 + 1200.0,
        ("(unattributed) meta", "paid_social"): 172.0,
    }


def test_nothing_unattributed_exits_0_and_says_so(hmops, small_workspace):
    _plan(small_workspace, "2026-q4_test", "2026-11-02", "2026-11-04", 100, ["paid_search"], "1")
    google_ads_file(small_workspace / "exports" / "g.csv", ["2026-11-02,1,T,100,10,10.00,1,50.00,EUR"])
    hmops("history", "import", "exports/g.csv", cwd=small_workspace)
    text = hmops("history", "report", "unattributed", cwd=small_workspace)
    assert text.exit_code == 0 and "No unattributed spend" in text.stdout
    code, data = _unattributed(hmops, small_workspace)
    assert code == 0 and data["rows"] == [] and any("no unattributed spend" in n for n in data["notes"])
    as_csv = hmops("history", "report", "unattributed", "--format", "csv", cwd=small_workspace)
    assert as_csv.exit_code == 0 and as_csv.stdout.startswith("platform,platform_campaign_id,platform_campaign_name,")


def test_when_flights_overlap_the_name_decides(hmops, small_workspace):
    """Two plans live the same weeks: the unclaimed campaign goes to the one its name belongs to."""
    _plan(small_workspace, "2026-q4_winter-jackets", "2026-11-01", "2026-11-30", 1000, ["paid_search"], "1")
    _plan(small_workspace, "2026-q4_ski-touring", "2026-11-01", "2026-11-30", 1000, ["paid_search"], "2")
    google_ads_file(small_workspace / "exports" / "g.csv", [
        "2026-11-10,3,Ski Touring - Shopping,100,10,40.00,1,50.00,EUR",
        "2026-11-10,4,Winter Jackets Retargeting,100,10,30.00,1,50.00,EUR",
        "2026-03-01,5,Spring teaser,100,10,20.00,1,50.00,EUR",
    ])
    hmops("history", "import", "exports/g.csv", cwd=small_workspace)
    code, data = _unattributed(hmops, small_workspace, "--platform", "google_ads")
    assert code == 1
    assert [(r["platform_campaign_id"], r["plan"]) for r in data["rows"]] == [
        ("3", "plans/2026-q4_ski-touring.yaml"), ("4", "plans/2026-q4_winter-jackets.yaml"), ("5", None),
    ]
    as_csv = hmops("history", "report", "unattributed", "--format", "csv", cwd=small_workspace)
    header, first = as_csv.stdout.splitlines()[:2]
    assert header.endswith(",plan,action,reason") and "plans/2026-q4_ski-touring.yaml" in first


def test_the_suggested_entry_is_valid_yaml_whatever_the_campaign_is_called(hmops, small_workspace):
    """Names with colons, quotes and accents; a platform that exports no id: the entry, pasted as
    printed, parses and claims the campaign by name."""
    import re

    (small_workspace / "plans").mkdir()
    (small_workspace / "plans" / "2026-q2_muttertag.yaml").write_text(
        "campaign: 2026-q2_muttertag\nname: Muttertag Frühjahr 2026\nstart: 2026-05-01\nend: 2026-05-10\ntotal_budget: 500\n"
        "channels:\n  - {channel: paid_social, budget: 500}\nplatform_campaigns:\n  - {platform: meta, name: Sonstiges}\n",
        encoding="utf-8",
    )
    name = "Muttertag: Frühjahr 'Yes' 2026"
    (small_workspace / "exports" / "m.csv").write_text(
        f"Day,Campaign name,Amount spent (EUR),Impressions,Link clicks,Results\n2026-05-03,\"{name}\",80.00,1000,10,1\n", encoding="utf-8",
    )
    hmops("history", "import", "exports/m.csv", cwd=small_workspace)
    code, data = _unattributed(hmops, small_workspace)
    [row] = data["rows"]
    assert code == 1 and row["plan"] == "plans/2026-q2_muttertag.yaml" and row["add"]["name"] == name
    entry = re.search(r"add `(\{.*\})` to", row["action"]).group(1)
    path = small_workspace / "plans" / "2026-q2_muttertag.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"  - {entry}\n", encoding="utf-8")
    code, data = _unattributed(hmops, small_workspace)
    assert code == 0 and data["rows"] == []


def test_a_campaign_billed_in_two_currencies_without_a_rate_is_two_rows_each_with_its_own_days(hmops, small_workspace):
    _plan(small_workspace, "2026-q4_test", "2026-11-01", "2026-11-30", 100, ["paid_search"], "1")
    google_ads_file(small_workspace / "exports" / "g.csv", [
        "2026-11-02,7,Test Extra,100,10,10.00,1,50.00,EUR", "2026-11-03,7,Test Extra,100,10,20.00,1,50.00,EUR",
        "2026-11-04,7,Test Extra,100,10,5.00,1,50.00,USD",
    ])
    hmops("history", "import", "exports/g.csv", cwd=small_workspace)
    _, data = _unattributed(hmops, small_workspace)
    assert [(r["currency"], r["spend"], r["active_days"], r["plan"]) for r in data["rows"]] == [
        ("EUR", 30.0, 2, "plans/2026-q4_test.yaml"), ("USD", 5.0, 1, "plans/2026-q4_test.yaml"),
    ]
    assert "2 of its 2 active days" in data["rows"][0]["reason"] and "1 of its 1 active days" in data["rows"][1]["reason"]


def test_a_report_from_python_matches_its_json_schema(hmops, unclaimed):
    import datetime as dt

    import jsonschema

    from mops.history.reports import Filters, plan_files, run_report
    from mops.history.store import open_history
    from mops.workspace import load_workspace

    ws = load_workspace(unclaimed)
    con = open_history(ws, None)
    try:
        report = run_report(con, "unattributed", Filters(), rates=ws.config.history.fx_rates, home=ws.config.currency,
                            today=dt.date(2026, 12, 1), plans=plan_files(ws))
    finally:
        con.close()
    names = [record["platform_campaign_name"] for record in report.records()]
    assert names == ["FJ | Brand | Always On", "FJ | BF 2026 | Shopping", "FJL_BF2026_Retargeting_UK"]
    assert [advice.add["platform"] for advice in report.details] == ["google_ads", "google_ads", "meta"]
    assert all(advice.evidence for advice in report.details)
    schema = json.loads(hmops("schema", "history-report").stdout)
    jsonschema.validate(report.model_dump(mode="json"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**report.model_dump(mode="json"), "details": [{"add": None, "why": "?"}]}, schema)


def test_pacing_baseline_weekday_shares_are_means_so_a_partial_week_does_not_tilt_them(hmops, small_workspace):
    _plan(small_workspace, "2026-q4_test", "2026-11-06", "2026-11-22", 1000, ["paid_search"], "1")
    # 10 a day from Friday 6 November to Sunday 22 November: two and a half weeks, so Friday to Sunday
    # come three times and Monday to Thursday twice; every weekday spends the same on the day
    days = [f"2026-11-{d:02d}" for d in range(6, 23)]
    google_ads_file(small_workspace / "exports" / "g.csv", [f"{day},1,T,100,10,10.00,1,50.00,EUR" for day in days])
    hmops("history", "import", "exports/g.csv", cwd=small_workspace)
    [row] = _report(hmops, small_workspace, "pacing-baseline")["rows"]
    # the mean daily spend is 10 on each weekday: 10 / 70 = 0.1429 each (sums would give Friday 30/170)
    assert [row[d] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")] == [0.1429] * 7
