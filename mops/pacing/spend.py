"""Reading a plan's spend from the history database: one query per currency for every plan checked.

Rows are `campaign_daily` rows of ad platforms (GA4 measures the same conversions again) whose
`campaign_id` is the plan's campaign (the campaign-id contract: the plan's `platform_campaigns`,
its `utm_campaigns`, or the id itself; docs/history.md). Amounts are converted into the plan's
currency with mops.yaml `history.fx_rates` (units of the workspace currency per one unit of
another): a row in the plan's currency counts as it is; a row in the workspace currency or a
currency with a rate is converted through the workspace currency; a row in any other currency
cannot be converted and is left out, with an observation saying how much.

History keeps one row per day as the platform exported it (the account's day); the flight's days
and `as_of` are counted in the plan's time zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mops.history.sqlquote import literal

AD_PLATFORMS_SQL = "platform NOT IN ('ga4', 'crm')"
PRE_FLIGHT_DAYS = 30  # spend this many days before the flight is read too, and reported


def convertible(rates: dict[str, float], home: str, target: str) -> list[str]:
    """Currencies whose amounts can be given in `target`."""
    if target != home and target not in rates:
        return [target]
    return list(dict.fromkeys([target, home, *rates]))


def plan_money_sql(column: str, rates: dict[str, float], home: str, target: str) -> str:
    """SQL for the amount in `column` in the plan's currency `target` (see the module's note)."""
    from mops.history.reports import money_sql

    if target == home:
        return money_sql(column, rates, home)
    if target not in rates:
        return column  # only rows in the plan's own currency are read
    in_home = money_sql(column, rates, home)
    return f"CASE currency WHEN {literal(target)} THEN {column} ELSE ({in_home}) / {float(rates[target])!r} END"


DAILY_SQL = """SELECT campaign_id, channel, date, sum({spend}) AS spend, sum(coalesce(conversions, 0)) AS conversions,
    sum({value}) AS conversion_value, count(*) AS rows
FROM campaign_daily
WHERE {campaigns} AND {ad_platforms} AND currency IN ({currencies}) AND date BETWEEN DATE '{since}' AND DATE '{until}'
GROUP BY campaign_id, channel, date ORDER BY campaign_id, channel, date"""

TIES_SQL = """SELECT campaign_id, platform, currency, min(date) AS first_day, max(date) AS last_day, count(*) AS rows, sum(spend) AS spend
FROM campaign_daily
WHERE {campaigns} AND {ad_platforms} AND date <= DATE '{until}'
GROUP BY ALL ORDER BY ALL"""

NEWEST_SQL = "SELECT platform, max(date) AS newest_day FROM facts WHERE {ad_platforms} AND date <= DATE '{until}' GROUP BY platform ORDER BY platform"


def _campaigns_sql(campaigns: list[str]) -> str:
    if len(campaigns) == 1:
        return f"campaign_id = {literal(campaigns[0])}"
    return "campaign_id IN (" + ", ".join(literal(c) for c in campaigns) + ")"


@dataclass
class Day:
    spend: float = 0.0
    conversions: float = 0.0
    value: float = 0.0
    rows: int = 0


@dataclass
class CampaignSpend:
    """One campaign's history: per channel, per day; the platforms it ties to; rows not converted."""

    campaign: str
    days: dict[str, dict[dt.date, Day]] = field(default_factory=dict)  # channel -> date -> figures
    platforms: dict[str, tuple[dt.date, dt.date, int]] = field(default_factory=dict)  # platform -> (first, last, rows)
    unconverted: dict[str, float] = field(default_factory=dict)  # currency -> spend in it, left out
    query: str = ""  # the daily query for this campaign alone: rerun it with `mops history query`
    ties_query: str = ""

    @property
    def has_rows(self) -> bool:
        return bool(self.platforms)


class HistoryReader:
    """The history database opened read-only for one pacing run, with what several plans share cached."""

    def __init__(self, ws: Any) -> None:
        from mops.history.store import open_history

        self.ws = ws
        self.rates: dict[str, float] = dict(ws.config.history.fx_rates)
        self.home: str = ws.config.currency
        self.con = open_history(ws, read_only=True)
        self._newest: dict[dt.date, dict[str, dt.date]] = {}
        self._baselines: dict[dt.date, Any] = {}
        self._queries: dict[str, list[Any]] = {}

    def close(self) -> None:
        self.con.close()

    def daily_sql(self, currency: str, campaigns: list[str], since: dt.date, until: dt.date) -> str:
        return DAILY_SQL.format(
            spend=plan_money_sql("spend", self.rates, self.home, currency),
            value=plan_money_sql("conversion_value", self.rates, self.home, currency),
            campaigns=_campaigns_sql(campaigns), ad_platforms=AD_PLATFORMS_SQL,
            currencies=", ".join(literal(c) for c in convertible(self.rates, self.home, currency)), since=since.isoformat(), until=until.isoformat(),
        )

    def spend(self, wanted: list[tuple[str, str, dt.date, dt.date]]) -> dict[str, CampaignSpend]:
        """Each (campaign, currency, start, until)'s daily figures per channel from PRE_FLIGHT_DAYS
        before `start` to `until`: one query per currency for all of them (the per-campaign query,
        with the same figures, is kept as evidence)."""
        found = {campaign: CampaignSpend(campaign=campaign) for campaign, _, _, _ in wanted}
        by_currency: dict[str, list[tuple[str, dt.date]]] = {}
        for campaign, currency, _, until in wanted:
            by_currency.setdefault(currency, []).append((campaign, until))
        currency_of = {campaign: currency for campaign, currency, _, _ in wanted}
        until_of = {campaign: until for campaign, _, _, until in wanted}
        since_of = {campaign: start - dt.timedelta(days=PRE_FLIGHT_DAYS) for campaign, _, start, _ in wanted}
        latest = max((u for _, _, _, u in wanted), default=dt.date.min)
        for currency, items in by_currency.items():
            campaigns = sorted({c for c, _ in items})
            for campaign in campaigns:
                found[campaign].query = " ".join(self.daily_sql(currency, [campaign], since_of[campaign], until_of[campaign]).split())
            if not campaigns:
                continue
            top = max(u for _, u in items)
            bottom = min(since_of[c] for c in campaigns)
            for campaign, channel, day, spend, conversions, value, rows in self.con.execute(self.daily_sql(currency, campaigns, bottom, top)).fetchall():
                if day > until_of[campaign] or day < since_of[campaign]:
                    continue
                found[campaign].days.setdefault(channel, {})[day] = Day(
                    float(spend or 0), float(conversions or 0), float(value or 0), int(rows),
                )
        if wanted:
            campaigns = sorted(found)
            sql = TIES_SQL.format(campaigns=_campaigns_sql(campaigns), ad_platforms=AD_PLATFORMS_SQL, until=latest.isoformat())
            for campaign, platform, currency, first, last, rows, spend in self.con.execute(sql).fetchall():
                if first > until_of[campaign]:
                    continue
                spend_data = found[campaign]
                old = spend_data.platforms.get(platform)
                last = min(last, until_of[campaign])
                spend_data.platforms[platform] = (min(first, old[0]) if old else first, max(last, old[1]) if old else last, rows + (old[2] if old else 0))
                if currency not in convertible(self.rates, self.home, currency_of[campaign]):
                    spend_data.unconverted[currency] = spend_data.unconverted.get(currency, 0.0) + float(spend or 0)
            for campaign in campaigns:
                found[campaign].ties_query = " ".join(
                    TIES_SQL.format(campaigns=_campaigns_sql([campaign]), ad_platforms=AD_PLATFORMS_SQL, until=until_of[campaign].isoformat()).split()
                )
        return found

    def newest(self, until: dt.date) -> dict[str, dt.date]:
        """The newest day of each ad platform's history up to `until` (how fresh each export is)."""
        if until not in self._newest:
            sql = NEWEST_SQL.format(ad_platforms=AD_PLATFORMS_SQL, until=until.isoformat())
            self._newest[until] = {platform: day for platform, day in self.con.execute(sql).fetchall()}
        return self._newest[until]

    def newest_sql(self, until: dt.date) -> str:
        return NEWEST_SQL.format(ad_platforms=AD_PLATFORMS_SQL, until=until.isoformat())

    def baseline(self, until: dt.date) -> Any:
        """`history report pacing-baseline` over the history up to `until` (weekday shares per channel)."""
        if until not in self._baselines:
            from mops.history.reports import Filters, pacing_baseline

            self._baselines[until] = pacing_baseline(self.con, Filters(until=until), self.rates, self.home)
        return self._baselines[until]

    def weekday_shares(self, channel: str, currency: str, until: dt.date) -> tuple[dict[str, float | None] | None, str]:
        """The channel's weekday shares (mon..sun) in the history up to `until` (the day before the
        flight: a campaign's own spend does not shape its own curve) and the query they come from;
        None without a baseline."""
        from mops.pacing.curves import WEEKDAYS

        report = self.baseline(until)
        rows = [dict(zip(report.columns, row)) for row in report.rows if row[0] == channel]
        if not rows:
            return None, report.query
        preferred = next((r for r in rows if r["currency"] == currency), None) or next((r for r in rows if r["currency"] == self.home), None) or rows[0]
        return {d: (float(preferred[d]) if preferred[d] is not None else None) for d in WEEKDAYS}, report.query

    def cached(self) -> "_CachedConnection":
        return _CachedConnection(self.con, self._queries)


class _CachedConnection:
    """The connection for `history similar`: its one history query runs once per pacing run, however
    many plans are compared (the same SQL always gives the same rows within a run)."""

    def __init__(self, con: Any, memo: dict[str, list[Any]]) -> None:
        self._con, self._memo = con, memo

    def execute(self, sql: str, params: Any = None) -> "_Rows":
        key = sql + repr(params)
        if key not in self._memo:
            relation = self._con.execute(sql, params) if params is not None else self._con.execute(sql)
            self._memo[key] = relation.fetchall()
        return _Rows(self._memo[key])


class _Rows:
    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows

    def fetchall(self) -> list[Any]:
        return self._rows
