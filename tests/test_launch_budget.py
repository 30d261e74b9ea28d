"""The launch check's budget check (mops.launch.budget.check_budget) on a copy of the example
workspace: plans and finance files written by each test, read through `load_plan_file` and
`LaunchContext` as `mops launch check` reads them. Figures are worked out by hand in each test."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from mops.errors import ConfigError
from mops.launch.budget import CODES, check_budget
from mops.launch.context import LaunchContext
from mops.launch.plan_file import load_plan_file
from mops.models.launch import CheckResult
from mops.models.results import Observation
from mops.workspace import load_workspace

TODAY = dt.date(2027, 1, 5)
FINANCE = "finance/allocations.yaml"

WINTER = """\
campaign: 2027-q1_winter-clearance
owner: priya.nair@fjordline.example
currency: EUR
start: 2027-01-11
end: 2027-02-07
total_budget: 24000
reserve:
  amount: 1500
  reason: released by Malte if search runs dry
channels:
  - {channel: paid_search, budget: 11000}
  - {channel: paid_social, budget: 10000}
  - {channel: email, budget: 1500}
"""


def plan_text(campaign: str, *, start: str, end: str, total: float, channels: str | None = None, extra: str = "") -> str:
    body = channels if channels is not None else f"  - {{channel: paid_search, budget: {total}}}\n"
    return f"campaign: {campaign}\ncurrency: EUR\nstart: {start}\nend: {end}\ntotal_budget: {total}\n{extra}channels:\n{body}"


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def budget(root: Path, campaign: str, *, today: dt.date = TODAY) -> CheckResult:
    """check_budget of plans/<campaign>.yaml, every plan of the workspace in the context."""
    ws = load_workspace(root)
    plans = [load_plan_file(ws, path) for path in sorted((root / "plans").glob("*.yaml"))]
    checked = next(pf for pf in plans if pf.plan.campaign == campaign)
    return check_budget(LaunchContext(ws=ws, today=today, plans=plans), checked)


def only(result: CheckResult, code: str) -> Observation:
    found = [o for o in result.observations if o.code == code]
    assert len(found) == 1, [o.statement for o in result.observations]
    return found[0]


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.fixture
def ws(example_workspace: Path) -> Path:
    """The example workspace with only the plans each test writes (periods are shared: the example's
    own plans would change the sums)."""
    for path in (example_workspace / "plans").glob("*.yaml"):
        path.unlink()
    write(example_workspace, "plans/2027-q1_winter-clearance.yaml", WINTER)
    return example_workspace


# -- the example's allocations ------------------------------------------------------------------------


def test_the_example_plans_fit_or_exceed_the_example_allocations_as_documented(example_workspace: Path) -> None:
    ski = budget(example_workspace, "2027-q1_ski-touring")
    assert ski.status == "fail" and only(ski, "BUD004").figures == {"total": 38000.0, "allocation": 30000.0, "remaining": -8000.0}
    winter = only(budget(example_workspace, "2027-q1_winter-clearance"), "BUD004")
    assert winter.severity.value == "info" and winter.figures["allocation"] == 25000.0


def test_the_winter_clearance_plan_passes_within_its_own_allocation(ws: Path) -> None:
    result = budget(ws, "2027-q1_winter-clearance")
    assert result.status == "pass"
    adds = only(result, "BUD001")
    assert adds.figures == {"total": 24000.0, "allocated": 22500.0, "reserve": 1500.0, "unallocated": 0.0,
                            "channel_paid_search": 11000.0, "channel_paid_social": 10000.0, "channel_email": 1500.0}
    assert adds.statement == "channels 22,500.00 EUR + reserve 1,500.00 EUR = total 24,000.00 EUR"
    finance = only(result, "BUD004")
    entry = line_of(ws / FINANCE, "campaign: 2027-q1_winter-clearance")
    assert finance.statement == f"total 24,000.00 EUR within finance's 25,000.00 EUR for 2027-q1_winter-clearance ({FINANCE}:{entry})"
    assert finance.figures == {"total": 24000.0, "allocation": 25000.0, "remaining": 1000.0}
    assert [(e.path, e.line) for e in finance.evidence] == [("plans/2027-q1_winter-clearance.yaml", 6), (FINANCE, entry)]
    assert only(result, "BUD007").figures["days_until_start"] == 6


def test_ski_touring_above_its_allocation_fails_naming_the_finance_line(ws: Path) -> None:
    write(ws, "plans/2027-q1_ski-touring.yaml", plan_text("2027-q1_ski-touring", start="2027-01-18", end="2027-03-14", total=38000))
    result = budget(ws, "2027-q1_ski-touring")
    assert result.status == "fail"
    over = only(result, "BUD004")
    entry = line_of(ws / FINANCE, "campaign: 2027-q1_ski-touring")
    assert over.severity.value == "error"
    assert over.statement == f"total 38,000.00 EUR is above finance's allocation of 30,000.00 EUR for 2027-q1_ski-touring ({FINANCE}:{entry})"
    assert over.figures == {"total": 38000.0, "allocation": 30000.0, "remaining": -8000.0}


def test_spring_sale_starting_in_march_is_held_against_its_own_entry_not_the_fiscal_quarter(ws: Path) -> None:
    write(ws, "plans/2027-q2_spring-sale.yaml", plan_text("2027-q2_spring-sale", start="2027-03-22", end="2027-04-18", total=30000))
    result = budget(ws, "2027-q2_spring-sale")
    assert result.status == "pass", [o.statement for o in result.observations]
    assert only(result, "BUD004").figures == {"total": 30000.0, "allocation": 32000.0, "remaining": 2000.0}


# -- channels, reserve, bounds -----------------------------------------------------------------------------


def test_money_in_no_channel_and_no_reserve_fails_with_the_amount(ws: Path) -> None:
    channels = "  - {channel: paid_search, budget: 11000}\n  - {channel: paid_social, budget: 10000}\n"
    write(ws, "plans/2027-q1_winter-clearance.yaml", plan_text("2027-q1_winter-clearance", start="2027-01-11", end="2027-02-07", total=24000, channels=channels))
    result = budget(ws, "2027-q1_winter-clearance")
    assert result.status == "fail"
    gap = only(result, "BUD002")
    assert gap.statement == ("3,000.00 EUR of the total is in no channel and not named as a reserve: "
                             "add `reserve: {amount, reason}` or give it to a channel")
    assert gap.figures["unallocated"] == 3000.0 and gap.figures["allocated"] == 21000.0 and gap.figures["reserve"] == 0.0
    assert [e.line for e in gap.evidence] == [5, 7, 8]  # total_budget, then each channel's budget
    assert not [o for o in result.observations if o.code == "BUD001"]


def test_a_reserve_smaller_than_the_gap_still_fails(ws: Path) -> None:
    write(ws, "plans/2027-q1_winter-clearance.yaml", WINTER.replace("amount: 1500", "amount: 1000"))
    gap = only(budget(ws, "2027-q1_winter-clearance"), "BUD002")
    assert gap.figures["unallocated"] == 500.0 and gap.figures["reserve"] == 1000.0
    assert gap.statement.startswith("500.00 EUR of the total is in no channel above the reserve of 1,000.00 EUR")


def test_channels_and_reserve_above_the_total_fail(ws: Path) -> None:
    write(ws, "plans/2027-q1_winter-clearance.yaml", WINTER.replace("budget: 11000", "budget: 14000"))
    over = only(budget(ws, "2027-q1_winter-clearance"), "BUD002")
    # 14,000 + 10,000 + 1,500 in channels, 1,500 reserve: 27,000 against 24,000
    assert over.figures["allocated"] == 25500.0 and over.figures["unallocated"] == -3000.0
    assert "add up to 27,000.00 EUR, 3,000.00 EUR above total 24,000.00 EUR" in over.statement


def test_share_based_channels_become_amounts_of_the_total(ws: Path) -> None:
    channels = "  - {channel: paid_search, share: 50%}\n  - {channel: paid_social, share: 0.3}\n  - {channel: email, budget: 4000}\n"
    write(ws, "plans/2027-q1_winter-clearance.yaml", plan_text("2027-q1_winter-clearance", start="2027-01-11", end="2027-02-07", total=20000, channels=channels))
    adds = only(budget(ws, "2027-q1_winter-clearance"), "BUD001")
    # 50% and 30% of 20,000, plus 4,000
    assert adds.figures["channel_paid_search"] == 10000.0 and adds.figures["channel_paid_social"] == 6000.0
    assert adds.figures["allocated"] == 20000.0 and adds.figures["unallocated"] == 0.0


def test_shares_short_of_the_whole_leave_money_unallocated(ws: Path) -> None:
    channels = "  - {channel: paid_search, share: 50%}\n  - {channel: paid_social, share: 0.3}\n"
    write(ws, "plans/2027-q1_winter-clearance.yaml", plan_text("2027-q1_winter-clearance", start="2027-01-11", end="2027-02-07", total=20000, channels=channels))
    gap = only(budget(ws, "2027-q1_winter-clearance"), "BUD002")
    assert gap.figures["allocated"] == 16000.0 and gap.figures["unallocated"] == 4000.0


def test_a_channel_outside_its_bounds_fails_once_per_channel(ws: Path) -> None:
    channels = (
        "  - {channel: paid_search, budget: 11000, min_budget: 12000}\n"
        "  - {channel: paid_social, budget: 10000, max_budget: 9000}\n"
        "  - {channel: email, budget: 1500, min_budget: 1000, max_budget: 2000}\n"
    )
    write(ws, "plans/2027-q1_winter-clearance.yaml", WINTER.split("channels:")[0] + "channels:\n" + channels)
    result = budget(ws, "2027-q1_winter-clearance")
    outside = [o for o in result.observations if o.code == "BUD003"]
    assert [(o.figures["channel"], o.figures["gap"]) for o in outside] == [("paid_search", 1000.0), ("paid_social", 1000.0)]
    assert outside[0].statement == "paid_search gets 11,000.00 EUR, 1,000.00 EUR below its min_budget of 12,000.00 EUR"
    assert outside[1].statement == "paid_social gets 10,000.00 EUR, 1,000.00 EUR above its max_budget of 9,000.00 EUR"
    assert result.status == "fail"


def test_channels_within_their_bounds_say_so(ws: Path) -> None:
    write(ws, "plans/2027-q1_winter-clearance.yaml", WINTER.replace("budget: 11000}", "budget: 11000, min_budget: 11000, max_budget: 13000}"))
    within = only(budget(ws, "2027-q1_winter-clearance"), "BUD003")
    assert within.severity.value == "info" and within.figures == {"channels_bounded": 1}


# -- periods: shared, fiscal, outside ----------------------------------------------------------------------


def test_two_plans_starting_in_the_fiscal_quarter_share_its_amount(ws: Path) -> None:
    # FY2027-Q1 with fiscal_year_start 04-01 is 2027-04-01 to 2027-06-30: 45,000 + 40,000 against 80,000
    write(ws, "plans/2027-q2_hiking-boots.yaml", plan_text("2027-q2_hiking-boots", start="2027-04-05", end="2027-05-02", total=45000))
    write(ws, "plans/2027-q2_rain-gear.yaml", plan_text("2027-q2_rain-gear", start="2027-06-01", end="2027-06-28", total=40000))
    for campaign, other in (("2027-q2_hiking-boots", "2027-q2_rain-gear"), ("2027-q2_rain-gear", "2027-q2_hiking-boots")):
        result = budget(ws, campaign)
        shared = only(result, "BUD004")
        assert result.status == "fail" and shared.severity.value == "error"
        assert shared.figures["period_total"] == 85000.0 and shared.figures["remaining"] == -5000.0 and shared.figures["plans_sharing"] == 2
        assert other in shared.statement and "45,000.00 EUR" in shared.statement and "40,000.00 EUR" in shared.statement
        assert "5,000.00 EUR above finance's 80,000.00 EUR" in shared.statement
        assert f"plans/{other}.yaml" in [e.path for e in shared.evidence]


def test_a_plan_alone_in_its_period_fits_and_says_what_is_left(ws: Path) -> None:
    write(ws, "plans/2027-q2_hiking-boots.yaml", plan_text("2027-q2_hiking-boots", start="2027-04-01", end="2027-05-02", total=45000))
    shared = only(budget(ws, "2027-q2_hiking-boots"), "BUD004")
    assert shared.severity.value == "info"
    assert shared.figures == {"total": 45000.0, "allocation": 80000.0, "period_total": 45000.0, "remaining": 35000.0, "plans_sharing": 1}
    assert shared.statement.endswith("35,000.00 EUR left")


def test_a_plan_with_its_own_entry_does_not_count_against_the_period(ws: Path) -> None:
    write(ws, "plans/2027-q2_hiking-boots.yaml", plan_text("2027-q2_hiking-boots", start="2027-04-05", end="2027-05-02", total=45000))
    write(ws, "plans/2027-q2_rain-gear.yaml", plan_text("2027-q2_rain-gear", start="2027-05-01", end="2027-05-28", total=40000))
    finance = (ws / FINANCE).read_text() + "  - campaign: 2027-q2_rain-gear\n    amount: 40000\n"
    write(ws, FINANCE, finance)
    assert only(budget(ws, "2027-q2_hiking-boots"), "BUD004").figures["period_total"] == 45000.0
    assert only(budget(ws, "2027-q2_rain-gear"), "BUD004").figures == {"total": 40000.0, "allocation": 40000.0, "remaining": 0.0}


def test_the_day_before_the_fiscal_quarter_is_not_in_it(ws: Path) -> None:
    write(ws, "plans/2027-q1_late-winter.yaml", plan_text("2027-q1_late-winter", start="2027-03-31", end="2027-04-20", total=1000))
    result = budget(ws, "2027-q1_late-winter")
    missing = only(result, "BUD005")
    assert result.status == "fail"
    assert missing.statement.startswith("finance has no allocation for 2027-q1_late-winter nor for a period holding its start 2027-03-31")
    assert f"add one to {FINANCE}" in missing.statement


def test_a_fiscal_fourth_quarter_is_january_to_march_of_the_next_calendar_year(ws: Path) -> None:
    write(ws, FINANCE, "currency: EUR\nallocations:\n  - period: FY2027-Q4\n    amount: 10000\n")
    write(ws, "plans/2028-q1_snowshoes.yaml", plan_text("2028-q1_snowshoes", start="2028-01-10", end="2028-04-02", total=9000))
    result = budget(ws, "2028-q1_snowshoes")
    assert only(result, "BUD004").figures["allocation"] == 10000.0
    outside = only(result, "BUD006")  # FY2027-Q4 ends 2028-03-31: the flight runs 2 days past it
    assert outside.figures["period_start"] == "2028-01-01" and outside.figures["period_end"] == "2028-03-31"
    assert outside.figures["days_after"] == 2 and outside.figures["days_before"] == 0
    assert result.status == "fail"


def test_a_calendar_quarter_and_dated_entries_are_periods_too(ws: Path) -> None:
    write(ws, FINANCE, "currency: EUR\nallocations:\n  - period: 2027-Q3\n    amount: 5000\n  - start: 2027-10-01\n    end: 2027-10-31\n    amount: 7000\n")
    write(ws, "plans/2027-q3_trail.yaml", plan_text("2027-q3_trail", start="2027-07-01", end="2027-09-30", total=5000))
    write(ws, "plans/2027-q4_city.yaml", plan_text("2027-q4_city", start="2027-10-03", end="2027-11-02", total=7000))
    assert budget(ws, "2027-q3_trail").status == "pass"
    city = budget(ws, "2027-q4_city")
    assert only(city, "BUD006").figures["days_after"] == 2
    assert only(city, "BUD004").severity.value == "info"


def test_without_a_finance_file_the_check_fails(ws: Path) -> None:
    (ws / FINANCE).unlink()
    result = budget(ws, "2027-q1_winter-clearance")
    missing = only(result, "BUD005")
    assert result.status == "fail" and f"no finance file ({FINANCE})" in missing.statement


# -- currency -------------------------------------------------------------------------------------------


def test_a_plan_in_another_currency_than_finance_is_an_input_error_at_its_currency(ws: Path) -> None:
    write(ws, "plans/2027-q1_winter-clearance.yaml", WINTER.replace("currency: EUR", "currency: USD"))
    with pytest.raises(ConfigError) as info:
        budget(ws, "2027-q1_winter-clearance")
    error = info.value
    assert error.path == "plans/2027-q1_winter-clearance.yaml" and error.line == 3 and error.field == "currency"
    assert "USD" in error.message and "EUR" in error.message and FINANCE in error.message


def test_an_allocation_in_its_own_currency_is_compared_with_the_plan(ws: Path) -> None:
    finance = (ws / FINANCE).read_text().replace("    amount: 25000\n", "    amount: 25000\n    currency: CHF\n", 1)
    write(ws, FINANCE, finance)
    with pytest.raises(ConfigError) as info:
        budget(ws, "2027-q1_winter-clearance")
    assert info.value.field == "currency" and "CHF" in info.value.message and "EUR" in info.value.message


# -- the flight's dates -------------------------------------------------------------------------------------


def test_a_flight_that_started_three_days_ago_warns(ws: Path) -> None:
    result = budget(ws, "2027-q1_winter-clearance", today=dt.date(2027, 1, 14))
    started = only(result, "BUD007")
    assert result.status == "warn"
    assert started.statement.startswith("started 3 days ago: the pacing curve already expects spend")
    assert started.figures == {"start": "2027-01-11", "end": "2027-02-07", "days": 28, "days_until_start": -3,
                               "today": "2027-01-14", "timezone": "Europe/Berlin"}


def test_a_flight_that_is_over_fails(ws: Path) -> None:
    result = budget(ws, "2027-q1_winter-clearance", today=dt.date(2027, 2, 8))
    over = only(result, "BUD007")
    assert result.status == "fail" and over.severity.value == "error"
    assert over.statement.startswith("the flight ended 1 day ago")
    last_day = only(budget(ws, "2027-q1_winter-clearance", today=dt.date(2027, 2, 7)), "BUD007")
    assert last_day.severity.value == "warning" and last_day.figures["days_until_start"] == -27


def test_the_plans_own_time_zone_is_named(ws: Path) -> None:
    write(ws, "plans/2027-q1_winter-clearance.yaml", WINTER + "timezone: Europe/London\n")
    dates = only(budget(ws, "2027-q1_winter-clearance", today=dt.date(2027, 1, 11)), "BUD007")
    assert dates.figures["timezone"] == "Europe/London" and dates.figures["days_until_start"] == 0
    assert dates.statement.startswith("starts today") and "in Europe/London" in dates.statement


def test_every_code_used_is_documented_with_what_why_and_fix(ws: Path) -> None:
    assert sorted(CODES) == [f"BUD00{n}" for n in range(1, 8)]
    assert all(entry["what"] and entry["why"] and entry["fix"] and entry["title"] for entry in CODES.values())


def test_a_plan_s_days_are_counted_in_its_own_time_zone(ws: Path) -> None:
    # 23:30 UTC on 10 January 2027: already the 11th in Berlin (the workspace), still the 10th in
    # Los Angeles; the winter plan starts on the 11th
    now = dt.datetime(2027, 1, 10, 23, 30, tzinfo=dt.timezone.utc)
    wsp = load_workspace(ws)

    def flight(zone_line: str) -> Observation:
        write(ws, "plans/2027-q1_winter-clearance.yaml", WINTER.replace("currency: EUR\n", f"currency: EUR\n{zone_line}", 1))
        pf = load_plan_file(wsp, ws / "plans/2027-q1_winter-clearance.yaml")
        return only(check_budget(LaunchContext(ws=wsp, today=dt.date(2027, 1, 11), plans=[pf], now=now), pf), "BUD007")

    assert flight("").figures["days_until_start"] == 0  # the workspace's Europe/Berlin
    in_la = flight("timezone: America/Los_Angeles\n")
    assert in_la.figures["days_until_start"] == 1 and in_la.figures["today"] == "2027-01-10"
    assert in_la.statement.startswith("starts in 1 day")
