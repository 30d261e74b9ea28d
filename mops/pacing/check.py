"""`mops pacing check`: each plan's spend to date per channel against its expected curve, anomalies,
performance against targets and similar past campaigns, and the reallocation proposed (if any).

Every plan given is read (and its pacing settings checked) before history is opened, and every plan
is judged before anything is written: an input error (exit 2) leaves the workspace as it was. The
only files written are the reallocation proposals of `mops/pacing/proposal.py` (never for a plan
that is not judged, not started or ended) and the `--chart` file, all made first and then written
together, all or none.

What is judged, per plan, on `as_of` (default: today in the plan's time zone):

- each channel's data cut-off: the newest day the history of its own platforms holds (its platform
  campaigns' and its `platform`), up to as_of and the flight's end; expected and actual spend are
  both counted to the end of that day, so an export that lags behind today or behind another
  platform's is not read as under-spending. The plan's `data_through` is the newest cut-off. When
  the newest history, or any channel's export, is more than `pacing.freshness_days` before as_of
  (or the flight's end) the data is stale: figures are given, the plan and its channels are
  `not_judged` and nothing is proposed;
- per channel: budget (`amount` of the total), expected to date (the curve, curves.py), actual to
  date (history, spend.py), pace = actual / expected, status `under` below 1 - tolerance, `over`
  above 1 + tolerance, else `on_track` (`no_data` when history holds no row of the channel in the
  flight; `not_judged` when the plan is not started or stale); projected = actual + run rate x days
  left after the cut-off, the run rate being the mean spend of the last 3 days of the channel's data
  range (a day without rows in it spent 0); days of budget left = (budget - actual) / run rate
  (null once the flight has ended);
- the plan's status: `not_started` before its first day, `ended` after its last (figures to the
  data's last day), `not_judged` on stale data, with no row tied to the campaign, or with no channel
  judged; else `on_track` when every judged channel is, otherwise the status of the channel
  furthest from pace 1.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from pathlib import Path
from typing import Any, Callable

from mops.errors import InputError
from mops.launch.plan_file import PlanFile, load_plan_file, named_plans, workspace_plan_files
from mops.models.pacing import Anomaly, ChannelPacing, DayPoint, PacingReport
from mops.models.results import Evidence, Observation, Severity
from mops.pacing import curves
from mops.pacing.spend import PRE_FLIGHT_DAYS, CampaignSpend, HistoryReader
from mops.timezones import day_in

RUN_RATE_DAYS = 3
JUDGED = ("on_track", "under", "over")  # plan statuses a proposal may follow



def active_plans(ws: Any, as_of: dt.date | None, now: dt.datetime | None) -> list[Path]:
    """--all: every plan whose flight includes the day (as_of, else today in the plan's zone)."""
    return [pf.path for pf in workspace_plan_files(ws) if pf.plan.start <= (as_of or day_in(pf.plan.zone(ws.config.timezone), now)) <= pf.plan.end]


def check_settings(pf: PlanFile) -> None:
    """The plan's pacing settings against its flight: custom weights, one per day."""
    plan = pf.plan
    weights = plan.pacing.weights
    if plan.pacing.curve == "custom" and weights is not None and len(weights) != plan.days:
        raise pf.error(("pacing", "weights"), f"pacing.weights has {len(weights)} weights for a flight of {plan.days} days ({plan.start} to {plan.end})",
                       hint="give one weight per day of the flight, first day first")
    if plan.pacing.curve == "custom" and weights is not None and not all(math.isfinite(w) for w in weights):
        raise pf.error(("pacing", "weights"), "pacing.weights must be numbers: .nan and .inf give no share of the budget to expect",
                       hint="give the days' relative weights, e.g. 1 for an ordinary day")
    if plan.pacing.curve == "custom" and weights is not None and sum(weights) <= 0:
        raise pf.error(("pacing", "weights"), "pacing.weights add up to 0: no day would be expected to spend", hint="give the days' relative weights, e.g. 1 for an ordinary day")


# --- the figures -------------------------------------------------------------------------------


def _shares(reader: HistoryReader | None, pf: PlanFile, channel: str, days: list[dt.date]) -> tuple[list[float], Observation | None]:
    plan = pf.plan
    curve = plan.pacing.curve
    if curve == "front_loaded":
        return curves.front_loaded_shares(len(days)), None
    if curve == "custom" and plan.pacing.weights:
        return curves.custom_shares(plan.pacing.weights), None
    if curve == "weekday":
        before = plan.start - dt.timedelta(days=1)
        shares, query = (reader.weekday_shares(channel, plan.currency, before) if reader is not None else (None, ""))
        weighted = curves.weekday_shares(days, shares) if shares else None
        if weighted is not None:
            return weighted, None
        return curves.even_shares(len(days)), Observation(
            statement=f"{channel}: history has no weekday baseline for the channel; its curve is even instead of weekday",
            severity=Severity.info, code="pacing.curve-fallback", figures={"channel": channel, "curve": "even"},
            evidence=[pf.evidence(("pacing", "curve"))] + ([Evidence(kind="query", query=" ".join(query.split()))] if query else []),
        )
    return curves.even_shares(len(days)), None


def _status(pace: float | None, expected: float, actual: float, tolerance: float) -> str:
    if expected <= 0:
        return "on_track" if actual <= 0 else "over"
    assert pace is not None
    return "under" if pace < 1 - tolerance else "over" if pace > 1 + tolerance else "on_track"


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _channel(pf: PlanFile, index: int, shares: list[float], flight: list[dt.date], days: dict[dt.date, Any],
             horizon: dt.date | None, verdict: str | None = None, *, ended: bool = False) -> ChannelPacing:
    """One channel's figures; `horizon` is its own data cut-off, the last day counted (None before
    the flight). `verdict` is the status given without judging the pace (`not_judged` when the plan
    is not started or its history is stale; `on_track` before fresh data reaches the flight)."""
    plan = pf.plan
    entry = plan.channels[index]
    budget = entry.amount(plan.total_budget)
    elapsed = 0 if horizon is None else min(len(flight), max(0, (horizon - plan.start).days + 1))
    counted = [d for d in flight[:elapsed] if d in days]
    actual = sum(days[d].spend for d in counted)
    conversions = sum(days[d].conversions for d in counted)
    value = sum(days[d].value for d in counted)
    expected = curves.expected_to(budget, shares, elapsed)
    pace = actual / expected if expected > 0 else None
    if verdict is not None:
        status = verdict
    elif not counted and elapsed > 0:
        status = "no_data"
    else:
        status = _status(pace, expected, actual, plan.pacing.tolerance)
    # the run rate: the mean of the last RUN_RATE_DAYS days of the channel's data range (its first
    # day with rows to its cut-off); a day in it without rows spent nothing (a stopped channel's
    # rate falls, it is not projected as if still spending)
    window = [d for d in flight[:elapsed] if counted and d >= counted[0]][-RUN_RATE_DAYS:]
    run_rate = statistics.fmean(days[d].spend if d in days else 0.0 for d in window) if window else None
    days_left = len(flight) - elapsed
    projected = None if horizon is None or elapsed == 0 else actual + (run_rate or 0.0) * days_left
    left = (max(budget - actual, 0.0) / run_rate) if run_rate and days_left > 0 and not ended else None
    cumulative_expected = curves.cumulative(budget, shares)
    series, running = [], 0.0
    for i, day in enumerate(flight):
        if i < elapsed:
            running += days[day].spend if day in days else 0.0
        series.append(DayPoint(date=day.isoformat(), expected=round(cumulative_expected[i], 2), actual=round(running, 2) if i < elapsed else None))
    # CPA and ROAS of the amounts as reported, in cents: a float sum of daily spends (20,999.999...)
    # gave a CPA of 21.87 beside the 21.88 the review and this check's own observation give
    actual, value = round(actual, 2), round(value, 2)
    return ChannelPacing(
        channel=entry.channel, budget=round(budget, 2), expected_to_date=round(expected, 2), actual_to_date=actual,
        pace=_r(pace, 4), status=status, projected=_r(projected), days_of_budget_left=_r(left, 1),
        data_through=horizon.isoformat() if horizon is not None and elapsed > 0 else None,
        conversions=_r(conversions) if counted else None, conversion_value=_r(value) if counted else None,
        cpa=_r(actual / conversions) if conversions > 0 else None, roas=_r(value / actual) if actual > 0 and counted else None,
        series=series,
    )


def _channel_platforms(pf: PlanFile, channel: str) -> set[str]:
    """The platforms whose exports hold the channel's spend: its platform campaigns' (one without a
    channel belongs to the plan's only channel on its platform) and the channel's own `platform`."""
    from mops.pacing.bulk_sheets import campaigns_of

    entry = next((c for c in pf.plan.channels if c.channel == channel), None)
    found = {ref.platform for ref in campaigns_of(pf.plan, channel)}
    if entry is not None and entry.platform:
        found.add(entry.platform)
    return found


def _platforms(pf: PlanFile, spend: CampaignSpend) -> list[str]:
    if spend.platforms:
        return sorted(spend.platforms)
    named = {ref.platform for ref in pf.plan.platform_campaigns} | {c.platform for c in pf.plan.channels if c.platform}
    return sorted(named)


def _mapped(pf: PlanFile) -> str:
    refs = [f"{r.platform} {r.id or ''}{' ' if r.id and r.name else ''}{repr(r.name) if r.name else ''}".strip() for r in pf.plan.platform_campaigns]
    return ", ".join(refs) if refs else "none (the plan has no platform_campaigns)"


def _target_loc(plan: Any, metric: str) -> tuple[Any, ...]:
    return ("targets", metric) if plan.targets is not None and getattr(plan.targets, metric) is not None else ("kpis", metric)


def _performance(pf: PlanFile, channels: list[ChannelPacing], query: str) -> list[Observation]:
    """CPA and ROAS to date per channel and for the plan, against the plan's targets."""
    plan = pf.plan
    targets = plan.target_values
    tolerance = plan.pacing.tolerance
    out: list[Observation] = []
    spend = sum(c.actual_to_date for c in channels)
    conversions = sum(c.conversions or 0 for c in channels)
    value = sum(c.conversion_value or 0 for c in channels)
    rows = [(c.channel, c.actual_to_date, c.conversions or 0, c.conversion_value or 0) for c in channels if c.status != "no_data"]
    if spend > 0:
        rows.append(("plan", spend, conversions, value))
    for name, spent, conv, val in rows:
        for metric in ("cpa", "roas"):
            if metric not in targets:
                continue
            target = targets[metric]
            figure = (spent / conv if conv > 0 else None) if metric == "cpa" else (val / spent if spent > 0 else None)
            who = "the plan" if name == "plan" else name
            if figure is None:
                if metric == "cpa" and spent > 0:
                    out.append(Observation(
                        statement=f"{who}: {spent:,.2f} {plan.currency} spent without a conversion (CPA target {target:,.2f})",
                        severity=Severity.warning, code="pacing.target-cpa",
                        figures={"channel": name, "spend": round(spent, 2), "conversions": 0, "cpa": None, "target": target},
                        evidence=[Evidence(kind="query", query=query), pf.evidence(_target_loc(plan, metric))],
                    ))
                continue
            worse = figure > target * (1 + tolerance) if metric == "cpa" else figure < target * (1 - tolerance)
            gap = (figure / target - 1) * 100
            label = "CPA" if metric == "cpa" else "ROAS"
            amount = f"{figure:,.2f} {plan.currency}" if metric == "cpa" else f"{figure:.2f}"
            target_said = f"{target:,.2f} {plan.currency}" if metric == "cpa" else f"{target:.2f}"
            verdict = ("worse than the target" if worse else "within the target's tolerance" if abs(gap) <= tolerance * 100
                       else "better than the target")
            out.append(Observation(
                statement=f"{who}: {label} {amount} to date, {abs(gap):.0f}% {'above' if gap >= 0 else 'below'} the target {target_said}: {verdict}",
                severity=Severity.warning if worse else Severity.info, code=f"pacing.target-{metric}",
                figures={"channel": name, metric: round(figure, 2), "target": target, "gap_pct": round(gap, 1), "tolerance_pct": round(tolerance * 100, 1)},
                evidence=[Evidence(kind="query", query=query), pf.evidence(_target_loc(plan, metric))],
            ))
    return out


def _similar(reader: HistoryReader, ws: Any, pf: PlanFile, channels: list[ChannelPacing], as_of: dt.date) -> list[Observation]:
    """The plan's ROAS to date against the most similar past campaigns' (`history similar`)."""
    from mops.history.similar import find_similar
    from mops.models.history import Target

    plan = pf.plan
    spend = sum(c.actual_to_date for c in channels)
    value = sum(c.conversion_value or 0 for c in channels)
    if spend <= 0:
        return []
    budget = plan.total_budget if plan.currency == reader.home else (plan.total_budget * reader.rates[plan.currency] if plan.currency in reader.rates else None)
    target = Target(channels=sorted(c.channel for c in plan.channels), budget=budget or None, month=plan.start.month)
    result = find_similar(reader.cached(), ws, target, limit=6, today=as_of)
    matches = [m for m in result.matches if m.campaign != plan.campaign][:5]
    with_roas = [m for m in matches if m.roas is not None]
    if not with_roas:
        return []
    roas = value / spend
    median = statistics.median(m.roas for m in with_roas)
    names = ", ".join(f"{m.campaign} {m.roas:.2f}" for m in with_roas)
    gap = (roas / median - 1) * 100 if median else None
    evidence = [e for m in with_roas for e in m.evidence if e.kind in ("query", "row")]
    return [Observation(
        statement=(f"ROAS {roas:.2f} to date against a median {median:.2f} of the {len(with_roas)} most similar past campaigns ({names})"
                   + (f": {abs(gap):.0f}% {'above' if gap >= 0 else 'below'}" if gap is not None else "")),
        severity=Severity.info, code="pacing.similar",
        figures={"roas": round(roas, 2), "similar_median_roas": round(median, 2), "similar_campaigns": len(with_roas),
                 "gap_pct": round(gap, 1) if gap is not None else None},
        evidence=evidence[:6],
    )]


def judge(ws: Any, pf: PlanFile, as_of: dt.date, spend: CampaignSpend, reader: HistoryReader | None) -> PacingReport:
    """One plan's pacing report on `as_of` from its history (`reader` None: no history needed, before the flight)."""
    plan = pf.plan
    flight = curves.flight_days(plan.start, plan.end)
    observations: list[Observation] = []
    anomalies: list[Anomaly] = []
    query_evidence = Evidence(kind="query", query=spend.query) if spend.query else None
    started, ended = as_of >= plan.start, as_of > plan.end
    until = min(as_of, plan.end)
    status: str | None = "not_started" if not started else "ended" if ended else None
    horizon: dt.date | None = None
    stale = early = False
    cutoffs: dict[str, dt.date] = {}  # each channel's own data cut-off
    newest: dict[str, dt.date] = {}
    own_platforms: dict[str, list[str]] = {}
    if started and reader is not None:
        platforms = _platforms(pf, spend)
        newest = reader.newest(until)
        known = [newest[p] for p in platforms if p in newest]
        data_through = max(known) if known else None
        horizon = min(until, data_through) if data_through else until
        # each channel is judged to the newest day of its own platforms' exports: one export lagging
        # behind another is never read as that channel under-spending (nor another's data as its stop)
        own_platforms = {entry.channel: sorted(p for p in _channel_platforms(pf, entry.channel) if p in newest) for entry in plan.channels}
        for entry in plan.channels:
            own = [newest[p] for p in own_platforms[entry.channel]]
            cutoffs[entry.channel] = min(until, max(own)) if own else horizon
        horizon = max([horizon, *cutoffs.values()])
        data_through = data_through if data_through is None else max(data_through, horizon)
        evidence = [Evidence(kind="query", query=reader.newest_sql(until)), pf.evidence(("pacing", "freshness_days") if "pacing" in pf.loaded.data else ())]
        limit = plan.pacing.freshness_days
        if data_through is not None and (until - data_through).days > limit:
            stale = True
            age = (as_of - data_through).days
            said = f"history is {age} day{'s' if age != 1 else ''} old: pacing not judged"
            figures = {"newest_day": data_through.isoformat(), "days_old": age, "freshness_days": limit,
                       "platforms": ", ".join(p for p in platforms if p in newest)}
            if ended:
                observations.append(Observation(statement=f"history ends {data_through}, {(until - data_through).days} days before the flight's last day: the figures miss its last days",
                                                severity=Severity.warning, code="pacing.stale", figures=figures, evidence=evidence))
            else:
                status = "not_judged"
                anomalies.append(Anomaly(kind="stale_data", date=data_through.isoformat(), statement=f"{said} (newest day {data_through}, freshness limit {limit} days)",
                                         figures=figures, evidence=evidence))
        else:
            # one export behind while another is fresh: the channels it holds are not judged either
            for entry in plan.channels:
                for platform in own_platforms[entry.channel]:
                    last = newest[platform]
                    if (until - last).days <= limit:
                        continue
                    stale = True
                    age = (as_of - last).days
                    figures = {"channel": entry.channel, "platforms": platform, "newest_day": last.isoformat(), "days_old": age,
                               "freshness_days": limit, "data_through": horizon.isoformat()}
                    if ended:
                        observations.append(Observation(
                            statement=(f"{entry.channel}: {platform}'s history ends {last}, {(until - last).days} days before the flight's last day "
                                       f"(other exports reach {horizon}): the channel's figures miss its last days"),
                            severity=Severity.warning, code="pacing.stale", figures=figures, evidence=evidence))
                        continue
                    status = "not_judged"
                    anomalies.append(Anomaly(
                        kind="stale_data", channel=entry.channel, date=last.isoformat(),
                        statement=(f"{platform}'s history is {age} day{'s' if age != 1 else ''} old: pacing not judged ({entry.channel}'s export "
                                   f"is behind: newest day {last}, other exports reach {horizon}, freshness limit {limit} days); import the newer {platform} export"),
                        figures=figures, evidence=evidence))
        early = horizon < plan.start and not stale
        if early:  # fresh history that does not reach the flight yet (day one, yesterday's export)
            status = status or "on_track"
            observations.append(Observation(
                statement=f"the history reaches {horizon}, before the flight's first day {plan.start}: nothing was expected yet",
                code="pacing.not-reached", figures={"data_through": horizon.isoformat(), "start": plan.start.isoformat()},
                evidence=[Evidence(kind="query", query=reader.newest_sql(until)), pf.evidence(("start",))],
            ))
        elif not spend.has_rows:
            status = status or "not_judged"
            anomalies.append(Anomaly(
                kind="no_history",
                statement=f"no row of the history ties to campaign {plan.campaign} up to {until}; the plan maps the platform campaigns: {_mapped(pf)}",
                figures={"platform_campaigns": len(plan.platform_campaigns), "until": until.isoformat()},
                evidence=[Evidence(kind="query", query=spend.ties_query)] + [pf.evidence(("platform_campaigns",) if plan.platform_campaigns else ("campaign",))],
            ))
    judged = started and reader is not None and not early
    # no pace is judged for a plan not started, or on stale history (its figures are still given)
    verdict = "not_judged" if not started or (stale and not ended) else None if judged else "on_track"
    channels = []
    for index, entry in enumerate(plan.channels):
        shares, note = _shares(reader, pf, entry.channel, flight)
        if note is not None and judged:
            observations.append(note)
        days = spend.days.get(entry.channel, {})
        cutoff = cutoffs.get(entry.channel, horizon)
        channel = _channel(pf, index, shares, flight, days, cutoff, verdict, ended=ended)
        channels.append(channel)
        if judged and channel.conversions is None and channel.data_through is not None and spend.has_rows:  # no row up to its cut-off
            observations.append(Observation(
                statement=f"{entry.channel}: no history in the flight up to {cutoff} (budget {channel.budget:,.2f} {plan.currency}, {channel.expected_to_date:,.2f} expected by now); check its platform campaigns are in the plan and its export is imported",
                severity=Severity.warning, code="pacing.no-data", figures={"channel": entry.channel, "budget": channel.budget, "expected_to_date": channel.expected_to_date},
                evidence=[e for e in (query_evidence, pf.evidence(("channels", index, "channel"))) if e is not None],
            ))
        if judged and not stale and not ended and cutoff is not None and spend.has_rows:
            from mops.pacing.anomalies import channel_anomalies

            # a channel on two platforms: one export behind the other is said, not read as a stop
            behind = sorted(p for p in own_platforms[entry.channel] if newest[p] < cutoff)
            note = "; ".join(f"{p}'s history ends {newest[p]}: if its export is behind, import the newer one" for p in behind)
            anomalies += channel_anomalies(entry.channel, channel.budget, days, plan.start, cutoff, spend.query, plan.currency, note=note)
    if judged:
        planned = {c.channel for c in plan.channels}
        for name, days in sorted(spend.days.items()):
            if name in planned:
                continue
            amount = sum(f.spend for d, f in days.items() if plan.start <= d <= (horizon or until))
            if amount > 0:
                observations.append(Observation(
                    statement=f"{amount:,.2f} {plan.currency} of the campaign's spend is in channel {name}, which the plan has no budget for (not counted in any channel's pace)",
                    severity=Severity.warning, code="pacing.unplanned-channel", figures={"channel": name, "spend": round(amount, 2)},
                    evidence=[e for e in (query_evidence, pf.evidence(("channels",))) if e is not None],
                ))
        for currency, amount in sorted(spend.unconverted.items()):
            observations.append(Observation(
                statement=f"{amount:,.2f} {currency} of the campaign's spend cannot be given in {plan.currency} and is not counted: add {currency} to history.fx_rates in mops.yaml",
                severity=Severity.warning, code="pacing.unconverted", figures={"currency": currency, "spend": round(amount, 2)},
                evidence=[Evidence(kind="query", query=spend.ties_query)],
            ))
        before = sum(f.spend for days in spend.days.values() for d, f in days.items() if d < plan.start)
        if before > 0:
            observations.append(Observation(
                statement=f"{before:,.2f} {plan.currency} was spent in the {PRE_FLIGHT_DAYS} days before the flight's first day {plan.start} (not counted in the pace)",
                severity=Severity.warning, code="pacing.before-flight", figures={"spend": round(before, 2)},
                evidence=[e for e in (query_evidence, pf.evidence(("start",))) if e is not None],
            ))
    if status is None:
        off = [c for c in channels if c.status in ("under", "over")]
        if not any(c.status in JUDGED for c in channels):
            status = "not_judged"
            observations.append(Observation(statement="no channel of the plan has history to judge", severity=Severity.warning, code="pacing.no-data",
                                            evidence=[e for e in (query_evidence, pf.evidence(("channels",))) if e is not None]))
        elif not off:
            status = "on_track"
        else:
            status = max(off, key=lambda c: abs(c.pace - 1) if c.pace is not None else float("inf")).status
    if judged:
        spent = sum(c.actual_to_date for c in channels)
        expected = sum(c.expected_to_date for c in channels)
        if horizon is not None and spend.has_rows:
            observations.insert(0, Observation(
                statement=(f"{spent:,.2f} of {expected:,.2f} {plan.currency} expected spent through {horizon} "
                           f"(day {min(len(flight), (horizon - plan.start).days + 1)} of {len(flight)}, {plan.pacing.curve} curve"
                           + (f", pace {spent / expected:.2f}" if expected > 0 else "") + f", tolerance {plan.pacing.tolerance:.0%})"
                           + "".join(f"; {c.channel} counted to {c.data_through}, its own data's last day" for c in channels
                                     if c.data_through is not None and c.data_through != horizon.isoformat())),
                code="pacing.pace",
                figures={"actual_to_date": round(spent, 2), "expected_to_date": round(expected, 2), "pace": round(spent / expected, 4) if expected > 0 else None,
                         "data_through": horizon.isoformat(), "tolerance": plan.pacing.tolerance},
                evidence=[e for e in (query_evidence, pf.evidence(("pacing",) if "pacing" in pf.loaded.data else ("channels",))) if e is not None],
            ))
        if spend.has_rows:
            observations += _performance(pf, channels, spend.query)
            observations += _similar(reader, ws, pf, channels, as_of)
    elif not started:
        observations.append(Observation(
            statement=f"the flight starts {plan.start}, {(plan.start - as_of).days} days after {as_of}: nothing to judge yet",
            code="pacing.not-started", figures={"start": plan.start.isoformat(), "days_to_start": (plan.start - as_of).days},
            evidence=[pf.evidence(("start",))],
        ))
    if ended:
        short = [c for c in channels if c.data_through is not None and c.data_through < plan.end.isoformat()]
        said = ("figures are for the whole flight" if not short and horizon is not None and horizon >= plan.end
                else "figures run to the data's last day, not the whole flight: "
                + ", ".join(f"{c.channel} to {c.data_through}" for c in (short or channels) if c.data_through is not None))
        observations.insert(0, Observation(
            statement=f"the flight ended {plan.end}: {said}", code="pacing.ended",
            figures={"end": plan.end.isoformat(), "data_through": horizon.isoformat() if horizon is not None else None},
            evidence=[pf.evidence(("end",))],
        ))
    day = (as_of - plan.start).days + 1 if plan.start <= as_of <= plan.end else None
    return PacingReport(
        campaign=plan.campaign, plan=pf.name, as_of=as_of.isoformat(), status=status, currency=plan.currency, day=day, days=len(flight),
        data_through=horizon.isoformat() if horizon is not None else None,
        channels=channels, anomalies=anomalies, observations=observations,
    )


def _propose(ws: Any, pf: PlanFile, report: PacingReport, as_of: dt.date) -> Any:
    """The reallocation proposal for a judged plan (mops/pacing/proposal.py), or None."""
    if report.status not in JUDGED:
        return None  # never on stale or missing data, before or after the flight
    from mops.pacing.proposal import propose

    return propose(ws, pf, report, as_of)


def pacing_check(ws: Any, plans: list[Path], *, all_plans: bool = False, as_of: dt.date | None = None, write: bool = True,
                 chart: Path | None = None, on_report: Callable[[PacingReport], None] | None = None) -> list[PacingReport]:
    """Judge each plan's pacing and (with `write`) write its reallocation proposal, if any, and the
    `chart` file (PNG or SVG) when one is asked for: every file of the run is made first (the chart
    rendered, each proposal's text) and then written all or none. Raises MopsError (exit 2) on bad
    input or a chart that cannot be drawn, writing nothing. `on_report` is given each plan's report
    as soon as it is judged (the MCP server sends its observations to the client as they come)."""
    if ws.root is None:
        raise InputError("no workspace: a pacing check reads the workspace's plans and history", hint="run it inside a workspace (mops init makes one)")
    if not plans and not all_plans:
        raise InputError("no plan given", hint="give plan files (plans/<campaign>.yaml) or --all for every plan whose flight includes the day")
    now = dt.datetime.now(dt.timezone.utc) if as_of is None else None
    paths = named_plans(ws, plans)
    if all_plans:
        paths += active_plans(ws, as_of, now)
    paths = list(dict.fromkeys(p.resolve() for p in paths))
    checked = [load_plan_file(ws, path) for path in paths]
    for pf in checked:
        check_settings(pf)
    days = {pf.path: as_of or day_in(pf.plan.zone(ws.config.timezone), now) for pf in checked}
    needs_history = [pf for pf in checked if days[pf.path] >= pf.plan.start]
    reader = HistoryReader(ws) if needs_history else None
    try:
        spent = reader.spend([(pf.plan.campaign, pf.plan.currency, pf.plan.start, min(days[pf.path], pf.plan.end)) for pf in needs_history]) if reader else {}
        reports = []
        for pf in checked:
            reports.append(judge(ws, pf, days[pf.path], spent.get(pf.plan.campaign) or CampaignSpend(campaign=pf.plan.campaign), reader))
            if on_report is not None:
                on_report(reports[-1])
    finally:
        if reader is not None:
            reader.close()
    proposals = []
    for pf, report in zip(checked, reports):
        proposal = _propose(ws, pf, report, days[pf.path])
        if proposal is not None:
            proposals.append((report, proposal))
    files: list[tuple[Path, bytes]] = []
    if write and proposals:
        from mops.pacing.proposal import is_applied, proposal_path, proposal_text

        for report, proposal in proposals:
            if proposal.as_of is None:
                raise ValueError("a pacing proposal needs its as_of day")
            target = proposal_path(ws, proposal.campaign, proposal.as_of)
            if is_applied(target):
                # the day's proposal was approved and applied: a record, never rewritten, and not
                # this check's proposal (naming it would ask for an approval of something done)
                report.observations.append(Observation(
                    statement=(f"{ws.relative(target)} was already applied: it is kept as the record and not rewritten, so this "
                               f"check's proposal is not written ({proposal.summary}); the next day's check proposes again"),
                    severity=Severity.warning, code="pacing.proposal-applied",
                    figures={"proposal": ws.relative(target), "amount": sum(m.amount for m in proposal.moves)},
                    evidence=[Evidence(kind="file", path=ws.relative(target), note="status: applied")],
                ))
                continue
            files.append((target, proposal_text(ws, proposal, target).encode("utf-8")))
            report.proposal = ws.relative(target)
    if write and chart is not None:
        files.append((Path(chart), _chart_bytes(reports, Path(chart))))
    if files:
        from mops.fsutil import atomic_write_all

        try:
            atomic_write_all(files)
        except BaseException:
            for report in reports:
                report.proposal = None
            raise
    return reports


def _chart_bytes(reports: list[PacingReport], path: Path) -> bytes:
    """The --chart file's bytes, rendered before anything of the run is written: a chart that cannot
    be drawn is an error (exit 2) and no proposal is written either."""
    from mops.errors import UsageError
    from mops.pacing.chart import check_chart_path, render_chart

    fmt = check_chart_path(path)
    try:
        return render_chart(reports, fmt)
    except Exception as error:  # noqa: BLE001 - whatever the plotting library raises, nothing is written
        raise UsageError(f"--chart {path}: the chart could not be drawn ({type(error).__name__}: {error}); nothing was written",
                         hint="run without --chart to get the pacing check and its proposals, or report this") from error
