"""`mops history similar`: the past campaigns most like a planned one, for briefs and budgets.

Similarity of a past campaign to the target is a weighted mean over the criteria the target gives
(criteria not given are left out and the weights renormalised):

- channels (weight 0.35): Jaccard overlap of the channel sets, |A ∩ B| / |A ∪ B|;
- budget (0.30): 1 - min(1, |ln(past / planned)| / ln 4): the same budget scores 1, 4x or 1/4 scores 0;
- season (0.20): 1 - d / 6, d = months between the start months around the year (0..6);
- objective (0.15): Jaccard overlap of the content words of the objectives (brief objective, plan name).

Past campaigns are those with history rows whose plan (if any) ended before today. Budget, days
and channels come from the plan when there is one, else from the history; spend and ROAS always
come from the history, in the workspace currency (converted with history.fx_rates, otherwise only
rows already in that currency count, and the summary says so).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics
from pathlib import Path
from typing import Any

from mops.errors import UsageError
from mops.models.history import SimilarCampaign, SimilarResult, Target
from mops.models.results import Evidence, Observation

WEIGHTS = {"channels": 0.35, "budget": 0.30, "season": 0.20, "objective": 0.15}
_STOPWORDS = {"the", "and", "for", "with", "from", "our", "over", "into", "least", "more", "than", "that", "this", "der", "die", "das", "und"}


def parse_target(*, objective: str | None, channels: str | None, budget: float | None, season: str | None) -> Target:
    """The planned campaign to compare with, from `mops history similar`'s options (or a brief's
    values): words of the objective, a set of channels, a budget, a month."""
    if not any([objective, channels, budget, season]):
        raise UsageError("nothing to compare with", hint="give at least one of --objective, --channels, --budget, --season")
    if budget is not None and budget <= 0:
        raise UsageError("--budget must be positive", hint="the planned total budget in the workspace currency, e.g. 30000")
    return Target(
        objective_words=sorted(content_words(objective or "")),
        channels=sorted({c.strip() for c in (channels or "").split(",") if c.strip()}),
        budget=budget,
        month=_month(season) if season else None,
    )


def content_words(text: str) -> set[str]:
    """The words the objective criterion compares: three letters or more, no stop words or numbers."""
    return {w for w in re.findall(r"[a-zäöüß0-9]+", text.casefold()) if len(w) > 2 and w not in _STOPWORDS and not w.isdigit()}


def _month(season: str) -> int:
    text = season.strip().lower()
    quarter = re.fullmatch(r"(?:\d{4}-)?q([1-4])", text)
    if quarter:
        return (int(quarter.group(1)) - 1) * 3 + 2  # the middle month of the quarter
    for pattern in (r"(\d{1,2})", r"\d{4}-(\d{1,2})", r"\d{4}-(\d{1,2})-\d{1,2}"):
        found = re.fullmatch(pattern, text)
        if found and 1 <= int(found.group(1)) <= 12:
            return int(found.group(1))
    raise UsageError(f"--season {season!r} is not a month, quarter or date", hint="e.g. 11, 2026-11, q4 or 2026-11-16")


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _scores(target: Target, channels: set[str], budget: float | None, month: int | None, words: set[str]) -> dict[str, float]:
    parts: dict[str, float] = {}
    if target.channels:
        parts["channels"] = _jaccard(set(target.channels), channels)
    if target.budget is not None:
        parts["budget"] = 0.0 if not budget else 1 - min(1.0, abs(math.log(budget / target.budget)) / math.log(4))
    if target.month is not None:
        distance = 6 if month is None else min(abs(month - target.month), 12 - abs(month - target.month))
        parts["season"] = 1 - distance / 6
    if target.objective_words:
        parts["objective"] = _jaccard(set(target.objective_words), words)
    return parts


def similarity(target: Target, channels: set[str], budget: float | None, month: int | None, words: set[str]) -> tuple[float, dict[str, float]]:
    """How alike a campaign (its channels, budget, start month, objective words) is to `target`: the
    weighted mean of the criteria the target gives, and each criterion's score."""
    parts = _scores(target, channels, budget, month, words)
    return sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS[k] for k in parts), parts


def objective_words(ws: Any, plan: Any) -> set[str]:
    """The content words of a plan's name and its brief's title and objectives (the objective criterion)."""
    return content_words(objective_text(ws, plan))


def objective_text(ws: Any, plan: Any) -> str:
    """A plan's name and its brief's title and objectives, what the objective criterion reads."""
    text = plan.name or ""
    brief = ws.path(plan.brief) if plan.brief else ws.path(f"{ws.config.paths.briefs}/{plan.campaign}.md")
    if brief.is_file():
        text += " " + " ".join(_brief_words(brief, ws.relative(brief)))
    return text.strip()


def _brief_words(path: Path, display: str) -> list[str]:
    """A brief's title and objectives, read leniently: a brief that does not validate still says what
    it is about, and its own check reports what is wrong with it."""
    from mops.brief.document import load_front_matter
    from mops.errors import MopsError

    try:
        data = load_front_matter(path, display=display).loaded.data
    except MopsError:
        return []
    if not isinstance(data, dict):
        return []
    said = [data.get("title"), data.get("objective")]  # `objective` as version 1 briefs had it
    for item in data.get("objectives") or []:
        said.append(item.get("text") if isinstance(item, dict) else item)
    return [str(s) for s in said if isinstance(s, str | int | float)]


_HISTORY_SQL = """SELECT campaign_id, min(date) AS first_day, max(date) AS last_day, count(DISTINCT date) AS days,
    round(sum({spend}), 2) AS spend, round(sum({value}) / nullif(sum({spend}), 0), 2) AS roas,
    list(DISTINCT channel ORDER BY channel) AS channels
FROM campaign_daily WHERE campaign_id IS NOT NULL AND platform NOT IN ('ga4', 'crm') AND {currency_ok}
GROUP BY campaign_id ORDER BY campaign_id"""


def history_sql(rates: dict[str, float], home: str) -> str:
    """The one query `find_similar` reads past campaigns with (in the workspace currency `home`)."""
    from mops.history.reports import money_sql

    convertible = ", ".join(f"'{c}'" for c in [home, *rates])
    return _HISTORY_SQL.format(spend=money_sql("spend", rates, home), value=money_sql("conversion_value", rates, home), currency_ok=f"currency IN ({convertible})")


def similar_campaigns(
    ws: Any, *, objective: str | None = None, channels: str | None = None, budget: float | None = None,
    season: str | None = None, limit: int = 5, db: str | None = None, read_only: bool = False,
) -> SimilarResult:
    """`mops history similar`: the `limit` past campaigns of the workspace's history (`db`: `--db`,
    default mops.yaml history.db) most like the one the options describe (see `parse_target`); with
    `read_only` the file is never written (see `open_history`)."""
    from mops.history.store import open_history

    target = parse_target(objective=objective, channels=channels, budget=budget, season=season)
    con = open_history(ws, db, read_only=read_only)
    try:
        return find_similar(con, ws, target, limit=limit)
    finally:
        con.close()


def find_similar(con: Any, ws: Any, target: Target, *, limit: int | None = 5, today: dt.date | None = None) -> SimilarResult:
    today = today or dt.date.today()
    rates, home = ws.config.history.fx_rates, ws.config.currency
    sql = history_sql(rates, home)
    history = {row[0]: row for row in con.execute(sql).fetchall()}
    plans = {p.campaign: p for p in ws.plans()}
    matches: list[SimilarCampaign] = []
    for campaign, (_, first_day, last_day, days, spend, roas, channels) in history.items():
        plan = plans.get(campaign)
        if plan is not None and plan.end >= today:
            continue  # still running: not a past campaign
        plan_channels = {c.channel for c in plan.channels} if plan and plan.channels else set(channels)
        budget = plan.total_budget if plan else (float(spend) if spend is not None else None)
        start = plan.start if plan else first_day
        score, parts = similarity(target, plan_channels, budget, start.month if start else None, objective_words(ws, plan) if plan else content_words(campaign))
        evidence = [Evidence(kind="query", query=sql.replace("\n", " ") + f" -- row campaign_id = '{campaign}'")]
        evidence.append(Evidence(kind="row", row={"campaign_id": campaign, "first_day": str(first_day), "last_day": str(last_day),
                                                  "days": days, "spend": float(spend) if spend is not None else None,
                                                  "roas": float(roas) if roas is not None else None}))
        if plan is not None:
            evidence.append(Evidence(kind="file", path=f"{ws.config.paths.plans}/{campaign}.yaml"))
        matches.append(SimilarCampaign(
            campaign=campaign, score=round(score, 4), parts={k: round(v, 4) for k, v in parts.items()},
            budget=budget, spend=float(spend) if spend is not None else None, currency=home,
            days=plan.days if plan else days, roas=float(roas) if roas is not None else None,
            channels=sorted(plan_channels), start=start, evidence=evidence,
        ))
    compared = len(matches)
    # a campaign with nothing in common (score 0) is not similar, however few others there are
    matches = sorted((m for m in matches if m.score > 0), key=lambda m: (-m.score, m.campaign))
    top = matches[:limit]
    return SimilarResult(target=target, matches=top, summary=_summary(top, home, rates, compared=compared))


def _spread(values: list[float]) -> str:
    if len(values) < 2:
        return "one campaign only"
    quartiles = statistics.quantiles(values, n=4, method="inclusive")
    return f"range {min(values):,.2f} to {max(values):,.2f}, interquartile {quartiles[0]:,.2f} to {quartiles[2]:,.2f}"


def _summary(top: list[SimilarCampaign], home: str, rates: dict[str, float], *, compared: int) -> list[Observation]:
    if not top and compared:
        return [Observation(statement=f"no past campaign is like this one: of the {compared} past campaigns in the history, none shares a channel, "
                            "the budget's scale, the season or the objective's words", code="HIST-SIMILAR")]
    if not top:
        return [Observation(statement="no past campaigns in the history to compare with", code="HIST-SIMILAR")]
    names = ", ".join(m.campaign for m in top)
    evidence = [e for m in top for e in m.evidence if e.kind == "row"]
    out = []
    for label, unit, values in (
        ("budget", f" {home}", [m.budget for m in top if m.budget is not None]),
        ("duration", " days", [float(m.days) for m in top if m.days is not None]),
        ("ROAS", "", [m.roas for m in top if m.roas is not None]),
    ):
        if values:
            out.append(Observation(
                statement=f"median {label} of the {len(values)} most similar campaigns ({names}): {statistics.median(values):,.2f}{unit}; {_spread(values)}",
                code="HIST-SIMILAR", evidence=evidence,
            ))
    if not rates:
        out.append(Observation(statement=f"spend and ROAS count only rows in {home}; add history.fx_rates to include other currencies", code="HIST-SIMILAR"))
    return out
