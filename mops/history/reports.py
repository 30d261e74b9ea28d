"""`mops history report`: ROI, channels, campaigns, pacing baselines and freshness.

Each report is one SQL query over `campaign_daily`; the query and its parameters travel with the
result, so every figure can be traced back (`mops history query` reruns it). Amounts in different
currencies are never added: rows stay apart by currency unless mops.yaml `history.fx_rates` gives
a rate, in which case converted amounts are reported in the workspace currency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mops.errors import UsageError

REPORTS = ("roi", "channels", "campaigns", "pacing-baseline", "freshness")
AD_PLATFORM_FILTER = "platform NOT IN ('ga4', 'crm')"  # GA4 measures the same conversions again


@dataclass
class Filters:
    since: dt.date | None = None
    until: dt.date | None = None
    platform: str | None = None
    channel: str | None = None
    campaign: str | None = None


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[tuple[Any, ...]]
    query: str
    params: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def _where(filters: Filters, *extra: str) -> tuple[str, list[Any]]:
    clauses, params = list(extra), []
    for column, op, value in (
        ("date", ">=", filters.since), ("date", "<=", filters.until), ("platform", "=", filters.platform),
        ("channel", "=", filters.channel), ("campaign_id", "=", filters.campaign),
    ):
        if value is not None:
            clauses.append(f"{column} {op} ?")
            params.append(value)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _money(column: str, rates: dict[str, float], home: str) -> str:
    """The amount in the workspace currency where a rate is known, else in its own currency."""
    if not rates:
        return column
    cases = " ".join(f"WHEN '{code}' THEN {column} * {float(rate)!r}" for code, rate in rates.items() if code != home)
    return f"CASE currency {cases} ELSE {column} END" if cases else column


def _currency(rates: dict[str, float], home: str) -> str:
    if not rates:
        return "currency"
    codes = ", ".join(f"'{c}'" for c in [home, *rates])
    return f"CASE WHEN currency IN ({codes}) THEN '{home}' ELSE currency END"


_METRICS = """
    round(sum({spend}), 2) AS spend,
    sum(impressions) AS impressions, sum(clicks) AS clicks,
    round(sum(conversions), 2) AS conversions, round(sum({value}), 2) AS conversion_value,
    round(sum({spend}) / nullif(sum(conversions), 0), 2) AS cpa,
    round(sum({value}) / nullif(sum({spend}), 0), 2) AS roas,
    round(100.0 * sum(clicks) / nullif(sum(impressions), 0), 2) AS ctr_pct,
    round(sum({spend}) / nullif(sum(clicks), 0), 2) AS cpc"""


def _grouped(con: Any, name: str, keys: list[str], filters: Filters, rates: dict[str, float], home: str) -> Table:
    where, params = _where(filters, AD_PLATFORM_FILTER)
    select_keys = ", ".join(keys)
    metrics = _METRICS.format(spend=_money("spend", rates, home), value=_money("conversion_value", rates, home))
    sql = (
        f"SELECT {select_keys}, {_currency(rates, home)} AS currency,{metrics}\n"
        f"FROM campaign_daily {where}\nGROUP BY ALL ORDER BY ALL"
    )
    relation = con.execute(sql, params)
    return Table(name, [d[0] for d in relation.description], relation.fetchall(), sql, params)


def roi(con: Any, filters: Filters, rates: dict[str, float], home: str) -> Table:
    """Spend, conversions, CPA, ROAS, CTR, CPC per campaign and channel."""
    return _grouped(con, "roi", ["coalesce(campaign_id, '(unattributed)') AS campaign", "channel"], filters, rates, home)


def channels(con: Any, filters: Filters, rates: dict[str, float], home: str) -> Table:
    """The same figures per channel."""
    return _grouped(con, "channels", ["channel"], filters, rates, home)


def campaigns(con: Any, filters: Filters, rates: dict[str, float], home: str) -> Table:
    """Per campaign id: flight as the data shows it, spend, ROAS, channels."""
    where, params = _where(filters, AD_PLATFORM_FILTER, "campaign_id IS NOT NULL")
    spend, value = _money("spend", rates, home), _money("conversion_value", rates, home)
    sql = (
        f"SELECT campaign_id AS campaign, {_currency(rates, home)} AS currency, min(date) AS first_day, max(date) AS last_day,\n"
        f"    count(DISTINCT date) AS active_days, round(sum({spend}), 2) AS spend, round(sum(conversions), 2) AS conversions,\n"
        f"    round(sum({value}) / nullif(sum({spend}), 0), 2) AS roas, string_agg(DISTINCT channel, ', ' ORDER BY channel) AS channels\n"
        f"FROM campaign_daily {where}\nGROUP BY ALL ORDER BY first_day, campaign"
    )
    relation = con.execute(sql, params)
    return Table("campaigns", [d[0] for d in relation.description], relation.fetchall(), sql, params)


def pacing_baseline(con: Any, filters: Filters, rates: dict[str, float], home: str) -> Table:
    """Per channel: share of spend by weekday, and how much daily spend typically moves day to day.

    Day-to-day variation is the median of |spend(d) / spend(d-1) - 1| over consecutive active days
    of each campaign; weekday shares are spend on that weekday over all spend (Monday first).
    """
    where, params = _where(filters, AD_PLATFORM_FILTER, "campaign_id IS NOT NULL")
    spend = _money("spend", rates, home)
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    shares = ",\n    ".join(
        f"round(sum(day_spend) FILTER (WHERE isodow(date) = {i + 1}) / nullif(sum(day_spend), 0), 4) AS {d}" for i, d in enumerate(days)
    )
    sql = (
        f"WITH daily AS (\n"
        f"    SELECT channel, campaign_id, {_currency(rates, home)} AS currency, date, sum({spend}) AS day_spend\n"
        f"    FROM campaign_daily {where} GROUP BY ALL\n"
        f"), moves AS (\n"
        f"    SELECT *, abs(day_spend / nullif(lag(day_spend) OVER (PARTITION BY channel, campaign_id, currency ORDER BY date), 0) - 1) AS move\n"
        f"    FROM daily\n"
        f")\n"
        f"SELECT channel, currency, count(DISTINCT campaign_id) AS campaigns, count(*) AS campaign_days,\n"
        f"    round(median(move), 4) AS median_daily_change, round(quantile_cont(move, 0.9), 4) AS p90_daily_change,\n"
        f"    {shares}\n"
        f"FROM moves GROUP BY channel, currency ORDER BY channel, currency"
    )
    relation = con.execute(sql, params)
    return Table("pacing-baseline", [d[0] for d in relation.description], relation.fetchall(), sql, params)


def freshness(con: Any, filters: Filters, today: dt.date) -> Table:
    """The newest day per platform and how old it is, so other commands can say 'data is 3 days old'."""
    where, params = _where(Filters(platform=filters.platform))
    sql = (
        "SELECT platform, min(date) AS first_day, max(date) AS newest_day, CAST(? AS DATE) - max(date) AS days_old,\n"
        "    count(*) AS rows FROM facts " + where + " GROUP BY platform ORDER BY platform"
    )
    relation = con.execute(sql, [today, *params])
    return Table("freshness", [d[0] for d in relation.description], relation.fetchall(), sql, [today, *params])


def run_report(con: Any, name: str, filters: Filters, *, rates: dict[str, float], home: str, today: dt.date) -> Table:
    if name == "freshness":
        return freshness(con, filters, today)
    builders = {"roi": roi, "channels": channels, "campaigns": campaigns, "pacing-baseline": pacing_baseline}
    if name not in builders:
        raise UsageError(f"unknown report {name!r}", hint=f"choose one of: {', '.join(REPORTS)}")
    table = builders[name](con, filters, rates, home)
    missing = _unconverted(con, rates, home)
    if missing:
        table.notes.append(
            f"amounts in {', '.join(missing)} are kept apart from {home}: add history.fx_rates to mops.yaml to convert them"
        )
    return table


def _unconverted(con: Any, rates: dict[str, float], home: str) -> list[str]:
    rows = con.execute("SELECT DISTINCT currency FROM facts WHERE currency IS NOT NULL ORDER BY 1").fetchall()
    return [c for (c,) in rows if c != home and c not in rates]
