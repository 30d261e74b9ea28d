"""`mops history report`: ROI, channels, campaigns, pacing baselines, freshness and unattributed spend.

Each report is one SQL query over `campaign_daily`; the query and its parameters travel with the
result, so every figure can be traced back (`mops history query` reruns it). Amounts in different
currencies are never added: rows stay apart by currency unless mops.yaml `history.fx_rates` gives
a rate, in which case converted amounts are reported in the workspace currency.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from mops.errors import InputError, UsageError
from mops.models.history import HistoryReport, PlanAdvice

REPORTS = ("roi", "channels", "campaigns", "pacing-baseline", "freshness", "unattributed")
AD_PLATFORM_FILTER = "platform NOT IN ('ga4', 'crm')"  # GA4 measures the same conversions again


class PlanFile(NamedTuple):
    """A plan with the file it was read from (workspace-relative) and the line where its
    `platform_campaigns` list starts (None when it has none yet)."""

    path: str
    line: int | None
    plan: Any


def plan_files(ws: Any) -> list[PlanFile]:
    """The workspace's plans with their files, for reports that say which file to edit."""
    import re

    plans = ws.plans()
    if not plans:
        return []
    folder = ws.path(ws.config.paths.plans)
    files = {p.stem: p for p in sorted(folder.glob("*.y*ml"))}
    found = []
    for plan in plans:
        file = files.get(plan.campaign)
        if file is None:
            continue
        lines = file.read_text(encoding="utf-8-sig").splitlines()
        line = next((i for i, text in enumerate(lines, 1) if re.match(r"platform_campaigns\s*:", text)), None)
        found.append(PlanFile(ws.relative(file), line, plan))
    return found


@dataclass
class Filters:
    since: dt.date | None = None
    until: dt.date | None = None
    platform: str | None = None
    channel: str | None = None
    campaign: str | None = None


def _report(name: str, relation: Any, sql: str, params: list[Any]) -> HistoryReport:
    """The rows of an executed query as a report (built without validation: the values are DuckDB's own)."""
    return HistoryReport.model_construct(name=name, columns=[d[0] for d in relation.description], rows=relation.fetchall(), query=sql, params=params)


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


def money_sql(column: str, rates: dict[str, float], home: str) -> str:
    """SQL for the amount in `column` in the workspace currency where a rate is known, else in its own
    currency (reports and `history similar` alike)."""
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


def _grouped(con: Any, name: str, keys: list[str], filters: Filters, rates: dict[str, float], home: str) -> HistoryReport:
    where, params = _where(filters, AD_PLATFORM_FILTER)
    select_keys = ", ".join(keys)
    metrics = _METRICS.format(spend=money_sql("spend", rates, home), value=money_sql("conversion_value", rates, home))
    sql = (
        f"SELECT {select_keys}, {_currency(rates, home)} AS currency,{metrics}\n"
        f"FROM campaign_daily {where}\nGROUP BY ALL ORDER BY ALL"
    )
    relation = con.execute(sql, params)
    return _report(name, relation, sql, params)


def roi(con: Any, filters: Filters, rates: dict[str, float], home: str) -> HistoryReport:
    """Spend, conversions, CPA, ROAS, CTR, CPC per campaign and channel; spend no plan claims is
    one `(unattributed) <platform>` row per platform (`report unattributed` lists its campaigns)."""
    where, params = _where(filters, AD_PLATFORM_FILTER)
    metrics = _METRICS.format(spend=money_sql("spend", rates, home), value=money_sql("conversion_value", rates, home))
    # a claimed campaign is split by channel; unclaimed spend is one total per platform, its
    # channels listed (Google Ads campaign types are channels of their own)
    sql = (
        "SELECT campaign, CASE WHEN channel_key IS NULL THEN string_agg(DISTINCT channel, ', ' ORDER BY channel)"
        f" ELSE any_value(channel_key) END AS channel, {_currency(rates, home)} AS currency,{metrics}\n"
        "FROM (SELECT *, coalesce(campaign_id, '(unattributed) ' || platform) AS campaign,"
        f" CASE WHEN campaign_id IS NULL THEN NULL ELSE channel END AS channel_key FROM campaign_daily {where})\n"
        f"GROUP BY campaign, channel_key, {_currency(rates, home)} ORDER BY campaign, channel_key"
    )
    relation = con.execute(sql, params)
    return _report("roi", relation, sql, params)


def channels(con: Any, filters: Filters, rates: dict[str, float], home: str) -> HistoryReport:
    """The same figures per channel."""
    return _grouped(con, "channels", ["channel"], filters, rates, home)


def campaigns(con: Any, filters: Filters, rates: dict[str, float], home: str) -> HistoryReport:
    """Per campaign id: flight as the data shows it, spend, ROAS, channels."""
    where, params = _where(filters, AD_PLATFORM_FILTER, "campaign_id IS NOT NULL")
    spend, value = money_sql("spend", rates, home), money_sql("conversion_value", rates, home)
    sql = (
        f"SELECT campaign_id AS campaign, {_currency(rates, home)} AS currency, min(date) AS first_day, max(date) AS last_day,\n"
        f"    count(DISTINCT date) AS active_days, round(sum({spend}), 2) AS spend, round(sum(conversions), 2) AS conversions,\n"
        f"    round(sum({value}) / nullif(sum({spend}), 0), 2) AS roas, string_agg(DISTINCT channel, ', ' ORDER BY channel) AS channels\n"
        f"FROM campaign_daily {where}\nGROUP BY ALL ORDER BY first_day, campaign"
    )
    relation = con.execute(sql, params)
    return _report("campaigns", relation, sql, params)


def pacing_baseline(con: Any, filters: Filters, rates: dict[str, float], home: str) -> HistoryReport:
    """Per channel: share of spend by weekday, and how much daily spend typically moves day to day.

    Day-to-day variation is the median of |spend(d) / spend(d-1) - 1| over consecutive active days
    of each campaign. Weekday shares (Monday first) are each weekday's mean daily spend of the channel
    over the sum of the seven means: means, not sums, so history that starts on a Friday (three more
    Fridays-to-Sundays than Mondays) does not make weekends look heavier than they are.
    """
    where, params = _where(filters, AD_PLATFORM_FILTER, "campaign_id IS NOT NULL")
    spend = money_sql("spend", rates, home)
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    shares = ",\n    ".join(f"round(any_value(mean) FILTER (WHERE dow = {i + 1}) / nullif(sum(mean), 0), 4) AS {d}" for i, d in enumerate(days))
    sql = (
        f"WITH daily AS (\n"
        f"    SELECT channel, campaign_id, {_currency(rates, home)} AS currency, date, sum({spend}) AS day_spend\n"
        f"    FROM campaign_daily {where} GROUP BY ALL\n"
        f"), moves AS (\n"
        f"    SELECT *, abs(day_spend / nullif(lag(day_spend) OVER (PARTITION BY channel, campaign_id, currency ORDER BY date), 0) - 1) AS move\n"
        f"    FROM daily\n"
        f"), weekday_means AS (\n"
        f"    SELECT channel, currency, isodow(date) AS dow, avg(spend) AS mean\n"
        f"    FROM (SELECT channel, currency, date, sum(day_spend) AS spend FROM daily GROUP BY ALL) GROUP BY ALL\n"
        f"), shares AS (\n"
        f"    SELECT channel, currency,\n    {shares}\n    FROM weekday_means GROUP BY channel, currency\n"
        f")\n"
        f"SELECT m.channel, m.currency, count(DISTINCT campaign_id) AS campaigns, count(*) AS campaign_days,\n"
        f"    round(median(move), 4) AS median_daily_change, round(quantile_cont(move, 0.9), 4) AS p90_daily_change,\n"
        f"    {', '.join('any_value(s.' + d + ') AS ' + d for d in days)}\n"
        f"FROM moves m JOIN shares s USING (channel, currency) GROUP BY m.channel, m.currency ORDER BY m.channel, m.currency"
    )
    relation = con.execute(sql, params)
    return _report("pacing-baseline", relation, sql, params)


def freshness(con: Any, filters: Filters, today: dt.date) -> HistoryReport:
    """The newest day per platform and how old it is, so other commands can say 'data is 3 days old'."""
    where, params = _where(Filters(platform=filters.platform))
    sql = (
        "SELECT platform, min(date) AS first_day, max(date) AS newest_day, CAST(? AS DATE) - max(date) AS days_old,\n"
        "    count(*) AS rows FROM facts " + where + " GROUP BY platform ORDER BY platform"
    )
    relation = con.execute(sql, [today, *params])
    return _report("freshness", relation, sql, [today, *params])


def history_report(
    ws: Any, name: str, filters: Filters | None = None, *, db: str | None = None, today: dt.date | None = None,
    read_only: bool = False,
) -> HistoryReport:
    """`mops history report NAME` on the workspace's history (`db`: `--db`, default mops.yaml
    history.db), its fx rates and currency, and for `unattributed` its plans. With `read_only` the
    file is never written (the MCP server): the campaign map is the file's, or made in memory."""
    from mops.history.store import open_history

    plans = plan_files(ws) if name == "unattributed" else []
    con = open_history(ws, db, read_only=read_only)
    try:
        _check_filter_values(con, filters or Filters())  # what a person typed; callers in mops filter on what they know
        table = run_report(
            con, name, filters or Filters(), rates=ws.config.history.fx_rates, home=ws.config.currency,
            today=today or dt.date.today(), plans=plans,
        )
    finally:
        con.close()
    if name == "unattributed" and not table.rows:
        table.notes.append("no unattributed spend: every platform campaign in the history is claimed by a plan")
    return table


def run_report(
    con: Any, name: str, filters: Filters, *, rates: dict[str, float], home: str, today: dt.date, plans: Sequence[PlanFile] = (),
) -> HistoryReport:
    if name == "freshness":
        return freshness(con, filters, today)
    if name == "unattributed":
        table = unattributed(con, plans, filters, rates, home)
    else:
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


def _check_filter_values(con: Any, filters: Filters) -> None:
    """A platform, channel or campaign the history does not hold is an input error naming the
    nearest ones it does: a misspelt id would otherwise give an empty report, read as no spend."""
    import difflib

    for column, value, option, noun in (
        ("platform", filters.platform, "--platform", "platform"), ("channel", filters.channel, "--channel", "channel"),
        ("campaign_id", filters.campaign, "--campaign", "campaign"),
    ):
        if value is None or con.execute(f"SELECT 1 FROM campaign_daily WHERE {column} = ? LIMIT 1", [value]).fetchone():
            continue
        known = [v for (v,) in con.execute(f"SELECT DISTINCT {column} FROM campaign_daily WHERE {column} IS NOT NULL ORDER BY 1").fetchall()]
        close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
        if close:
            hint = f"did you mean {', '.join(close)}?"
        elif known:
            hint = f"the history holds {len(known)}: {', '.join(known[:8])}{', ...' if len(known) > 8 else ''}"
        else:
            hint = "the history holds none yet: `mops history import` the platforms' exports"
        extra = " (a campaign's rows count once `mops history import` has read its exports and a plan claims them)" if noun == "campaign" else ""
        raise InputError(f"{option} {value!r}: no {noun} of that name in the history{extra}", hint=hint)


def _unconverted(con: Any, rates: dict[str, float], home: str) -> list[str]:
    rows = con.execute("SELECT DISTINCT currency FROM facts WHERE currency IS NOT NULL ORDER BY 1").fetchall()
    return [c for (c,) in rows if c != home and c not in rates]


# --- unattributed: platform campaigns no plan claims, and which plan should ------------------

# A plan is offered for an unclaimed campaign when at least half of the campaign's active days
# fall in the plan's flight, or when its name shares enough distinctive words with the plan's
# names; the closest of those is the one with the highest score below.
FLIGHT_SHARE_MIN = 0.5
NAME_SCORE_MIN = 0.35
_WEIGHTS = {"flight": 0.5, "name": 0.35, "channel": 0.15}
_PIECE = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")  # camel case and digits: SummerTrails26
_WORD = re.compile(r"[^\W\d_]+|\d+")
_YAML_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}  # bare, YAML reads them as booleans/null


def _words(text: str) -> set[str]:
    """Comparable words of a campaign name or id: 'FJL_SummerTrails26' -> {fjl, summer, trails, 26};
    years are their last two digits ('2026' and '26' are the same word), lone letters are dropped."""
    words = set()
    pieces = _PIECE.findall(text or "")
    for word in (w for piece in pieces for w in (_ASCII_WORD if piece.isascii() else _WORD).findall(piece)):
        word = word.lower()
        if len(word) == 4 and word.isdigit() and word[:2] in ("19", "20"):
            word = word[2:]
        if len(word) > 1 or word.isdigit():
            words.add(word)
    return words


def _plan_words(plan: Any) -> set[str]:
    words = _words(plan.campaign) | _words(plan.name or "")
    for alias in plan.utm_campaigns:
        words |= _words(alias)
    for ref in plan.platform_campaigns:
        words |= _words(ref.name or "")
    return words


def _yaml_text(value: str, *, quote: bool = False) -> str:
    """A YAML flow scalar: bare for slugs, else single-quoted (ids always: '123' must stay text)."""
    bare = not quote and re.fullmatch(r"[a-z][a-z0-9_]*", value) and value not in _YAML_WORDS
    return value if bare else "'" + value.replace("'", "''") + "'"


class _Candidate(NamedTuple):
    score: float
    plan: PlanFile
    days_in: int
    shared: list[str]
    name_score: float
    channel_ok: bool


def unattributed(con: Any, plans: Sequence[PlanFile], filters: Filters, rates: dict[str, float], home: str) -> HistoryReport:
    """Platform campaigns with spend that no plan claims, biggest spend first, each with what to
    add to which plan (`details[i].add`, the row's `plan`) and the reason as Evidence.

    The closest plan is scored from three things a person would look at: the share of the
    campaign's active days inside the plan's flight (weight 0.5), the distinctive words its name
    shares with the plan's campaign id, name and platform campaign names (0.35; each word weighs
    ln((plans + 1) / (plans using it + 0.5)), so a brand prefix every plan carries counts for
    little), and whether its channel is one of the plan's (0.15)."""
    if filters.campaign is not None:
        raise UsageError("--campaign does not apply to `report unattributed`", hint="unattributed rows have no campaign id; filter with --platform, --channel, --since, --until")
    where, params = _where(filters, AD_PLATFORM_FILTER, "campaign_id IS NULL")
    ident = "CASE WHEN platform_campaign_id <> '' THEN platform_campaign_id ELSE lower(platform_campaign_name) END"
    sql = (
        f"SELECT platform, max(platform_campaign_id) AS platform_campaign_id, arg_max(platform_campaign_name, date) AS platform_campaign_name,\n"
        f"    min(date) AS first_day, max(date) AS last_day, count(DISTINCT date) AS active_days,\n"
        f"    {_currency(rates, home)} AS currency, round(sum({money_sql('spend', rates, home)}), 2) AS spend, count(*) AS rows,\n"
        f"    arg_max(channel, date) AS channel, {ident} AS campaign_ident\n"
        f"FROM campaign_daily {where}\nGROUP BY platform, campaign_ident, {_currency(rates, home)}\n"
        f"ORDER BY spend DESC NULLS LAST, platform, campaign_ident"
    )
    relation = con.execute(sql, params)
    names = [d[0] for d in relation.description]
    found = [dict(zip(names, row)) for row in relation.fetchall()]
    currency = _currency(rates, home)
    overlap = _flight_days(con, plans, ident, currency, where, params) if found and plans else {}

    document_frequency: dict[str, int] = {}
    plan_words = {}
    for pf in plans:
        plan_words[pf.path] = _plan_words(pf.plan)
        for word in plan_words[pf.path]:
            document_frequency[word] = document_frequency.get(word, 0) + 1

    def weight(word: str) -> float:
        return math.log((len(plans) + 1) / (document_frequency.get(word, 0) + 0.5))

    columns = [n for n in names if n != "campaign_ident"] + ["plan", "action", "reason"]
    table = HistoryReport.model_construct(name="unattributed", columns=columns, rows=[], query=sql, params=params)
    for row in found:
        key = (row["platform"], row["campaign_ident"], row["currency"])
        words = _words(row["platform_campaign_name"])
        total = sum(weight(w) for w in words)
        candidates = []
        for pf in plans:
            days_in = overlap.get((*key, pf.path), 0)
            share = days_in / row["active_days"] if row["active_days"] else 0.0
            shared = sorted(words & plan_words[pf.path], key=lambda w: (-weight(w), w))
            name_score = sum(weight(w) for w in shared) / total if total > 0 else 0.0
            channel_ok = row["channel"] in {c.channel for c in pf.plan.channels}
            score = _WEIGHTS["flight"] * share + _WEIGHTS["name"] * name_score + _WEIGHTS["channel"] * channel_ok
            candidates.append(_Candidate(round(score, 4), pf, days_in, shared, name_score, channel_ok))
        candidates.sort(key=lambda c: (-c.score, c.plan.path))
        matches = [c for c in candidates if c.days_in / max(row["active_days"], 1) >= FLIGHT_SHARE_MIN or c.name_score >= NAME_SCORE_MIN]
        plan, add, action, evidence = _advice(row, matches, candidates, sql)
        cells = [row[n] for n in names if n != "campaign_ident"]
        reason = "; ".join(e.note for e in evidence if e.note)
        table.rows.append((*cells, plan, action, reason))
        table.details.append(PlanAdvice.model_construct(add=add, evidence=evidence))
    return table


def _flight_days(
    con: Any, plans: Sequence[PlanFile], ident: str, currency: str, where: str, params: list[Any],
) -> dict[tuple[str, str, str, str], int]:
    """(platform, campaign, currency, plan file) -> active days of the campaign inside the plan's
    flight (per currency, as the report's rows are: amounts in two currencies are two rows)."""
    sql = (
        "WITH flights AS (SELECT unnest(?::VARCHAR[]) AS plan, unnest(?::DATE[]) AS start_day, unnest(?::DATE[]) AS end_day),\n"
        f"days AS (SELECT DISTINCT platform, {ident} AS campaign_ident, {currency} AS currency, date FROM campaign_daily {where})\n"
        "SELECT d.platform, d.campaign_ident, d.currency, f.plan, count(*) FROM days d\n"
        "JOIN flights f ON d.date BETWEEN f.start_day AND f.end_day GROUP BY ALL"
    )
    flights = [[pf.path for pf in plans], [pf.plan.start for pf in plans], [pf.plan.end for pf in plans]]
    return {(p, c, cur, plan): n for p, c, cur, plan, n in con.execute(sql, [*flights, *params]).fetchall()}


def _advice(row: dict[str, Any], matches: list[_Candidate], candidates: list[_Candidate], sql: str) -> tuple[str | None, dict[str, str] | None, str, list[Any]]:
    """(plan file, entry to add, what to do, evidence) for one unclaimed campaign."""
    from mops.models.campaign import PLATFORMS
    from mops.models.results import Evidence

    platform, pid, name = row["platform"], row["platform_campaign_id"], row["platform_campaign_name"]
    cells = {k: float(v) if isinstance(v, Decimal) else str(v) if isinstance(v, dt.date) else v for k, v in row.items() if k != "campaign_ident"}
    evidence = [Evidence(kind="row", row=cells, note=None), Evidence(kind="query", query=" ".join(sql.split()))]
    if platform not in PLATFORMS:
        action = f"no plan can claim platform {platform!r}: platform_campaigns takes one of {', '.join(PLATFORMS)}"
        return None, None, action, evidence
    add = {"platform": platform, "id": pid} if pid else {"platform": platform, "name": name}
    if pid and name:
        add["name"] = name
    best = matches[0] if matches else None
    if best is not None and best.channel_ok and row["channel"]:
        add["channel"] = row["channel"]
    entry = "{" + ", ".join(f"{k}: {_yaml_text(v, quote=k == 'id')}" for k, v in add.items()) + "}"
    active = row["active_days"]
    if best is None:
        closest = max(candidates, key=lambda c: (c.days_in, -len(c.plan.path)), default=None)
        why = [f"its {active} active days ({row['first_day']} to {row['last_day']})"]
        if closest is None:
            why.append("there are no plans")
        else:
            why.append(f"at most {closest.days_in} ({closest.days_in / max(active, 1):.0%}) fall in a plan's flight ({closest.plan.path})")
            why.append("its name shares no distinctive word with a plan")
        evidence.insert(0, Evidence(kind="file", path=closest.plan.path if closest else None, note=", ".join(why[:1]) + ": " + "; ".join(why[1:])))
        return None, add, f"no plan matches: create one with `{entry}` in its platform_campaigns", evidence
    pf = best.plan
    reasons = []
    if best.days_in:
        reasons.append(f"{best.days_in} of its {active} active days fall in the flight {pf.plan.start} to {pf.plan.end}")
    else:
        reasons.append(f"it ran {row['first_day']} to {row['last_day']}, outside the flight {pf.plan.start} to {pf.plan.end}")
    if best.shared:
        reasons.append("its name shares " + ", ".join(repr(w) for w in best.shared[:4]) + " with the plan's names")  # most distinctive first
    if best.channel_ok:
        reasons.append(f"{row['channel']} is one of the plan's channels")
    runner = next((c for c in matches[1:]), None)
    if runner is not None:
        reasons.append(f"next closest: {runner.plan.path}" + (" (as close)" if runner.score == best.score else ""))
    evidence.insert(0, Evidence(kind="file", path=pf.path, line=pf.line, note="; ".join(reasons)))
    return pf.path, add, f"add `{entry}` to {pf.path} platform_campaigns", evidence
