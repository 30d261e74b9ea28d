"""`mops report review PLAN`: what one campaign did against its plan, computed from the workspace.

- by channel: spend, conversions, CPA, ROAS, ROI over the flight, `history report roi`'s query
  (`mops.history.reports.run_report`) filtered to the campaign and its flight;
- against the plan's targets (cpa, roas) per channel and for the campaign;
- similar past campaigns: `mops history similar` (`find_similar`) for the plan's channels, budget,
  season and words;
- spend against plan over the flight: the pacing check (`mops.pacing.check.judge`) as of the
  flight's last day (or as_of, while it runs);
- the campaign's proposals (`proposals/<campaign>-*.yaml`): their approval state as `mops approvals
  verify` judges it, whether applied; the launch check's corrections and whether the files now hold
  the corrected links;
- attribution: the campaign's GA4 rows read as `mops utm audit` reads an export (`audit_rows`), each
  mapped to the plan channel its source and medium name (`PlanChannels`, the launch check's): spend
  whose sessions landed in Unassigned or another channel group than the channel's is at risk;
- what the review cannot judge, and questions for the team.

Reads only: the history is opened read-only, nothing is written here (`mops.report.render` writes).
"""

from __future__ import annotations

import datetime as dt
import statistics
from pathlib import Path
from typing import Any

from mops.errors import InputError, MopsError
from mops.models.review import (
    Attribution, ChannelAttribution, ChannelResult, FixedLink, ProposalEntry, Query, ReviewReport, SimilarPast, TargetResult,
)

SIMILAR_LIMIT = 5
UNDERSPENT_SHARE = 0.9  # a flight that spent less than this share of its budget gets a question

GA4_SQL = """SELECT source_file, utm_source, utm_medium, utm_campaign, sum(coalesce(sessions, 0)) AS sessions, min(source_line) AS line
FROM campaign_daily WHERE platform = 'ga4' AND campaign_id = ? AND date BETWEEN ? AND ?
GROUP BY ALL ORDER BY ALL"""


def resolve_plan(ws: Any, given: str | Path) -> Any:
    """The plan a review is about: a plan file inside the workspace, or a campaign id whose plan is
    plans/<id>.yaml. An unknown plan or one outside the workspace is an InputError (exit 2)."""
    from mops.launch.plan_file import load_plan_file
    from mops.models.campaign import is_campaign_id

    if ws.root is None:
        raise InputError("no workspace: a review reads the workspace's plans and history", hint="run it inside a workspace (mops init makes one)")
    folder = ws.path(ws.config.paths.plans)
    text = str(given)
    path = Path(text)
    if is_campaign_id(text) and not path.is_file():
        path = folder / f"{text}.yaml"
        if not path.is_file():
            known = sorted(p.stem for p in folder.glob("*.y*ml")) if folder.is_dir() else []
            raise InputError(
                f"unknown plan {text!r}: there is no {ws.relative(path)}",
                hint=f"give a plan file or a campaign id with a plan ({', '.join(known[:8]) or 'the workspace has no plans'})",
            )
    if not path.resolve().is_relative_to(ws.root.resolve()):
        raise InputError("the plan is outside the workspace", path=text, hint=f"review a plan of this workspace ({ws.root}), or run mops from the plan's own workspace")
    if not path.is_file():
        raise InputError("plan not found", path=text, hint=f"give a plan file such as {ws.relative(folder)}/<campaign>.yaml, or its campaign id")
    return load_plan_file(ws, path)


def review_campaign(ws: Any, given: str | Path, *, as_of: dt.date | None = None, now: dt.datetime | None = None) -> ReviewReport:
    """The review of the plan `given` (file or campaign id) on the data up to `as_of` (default: today
    in the plan's time zone)."""
    from mops.timezones import day_in

    pf = resolve_plan(ws, given)
    plan = pf.plan
    as_of = as_of or day_in(plan.zone(ws.config.timezone), now or dt.datetime.now(dt.timezone.utc))
    if as_of < plan.start:
        raise InputError(
            f"{plan.campaign} has not started on {as_of}: its flight runs {plan.start} to {plan.end}, so there is nothing to review",
            hint="review a campaign once it has run (`mops launch check` is the check before a launch); --as-of judges another day",
        )
    report = ReviewReport(
        campaign=plan.campaign, name=plan.name, plan=pf.name, brief=plan.brief, currency=plan.currency,
        start=plan.start, end=plan.end, as_of=as_of, finished=as_of > plan.end,
    )
    if not report.finished:
        report.cannot_judge.append(f"the flight ends {plan.end}, after {as_of}: figures are to date, not the campaign's outcome")
    if not plan.target_values:
        report.cannot_judge.append("the plan sets no targets (`targets: cpa, roas`): results are not judged against any")
    _history_figures(ws, pf, report)
    _proposals(ws, pf, report)
    report.questions = _questions(report)
    return report


# --- history -------------------------------------------------------------------------------------


def _history_figures(ws: Any, pf: Any, report: ReviewReport) -> None:
    import duckdb

    from mops.history.store import db_location, is_file_location
    from mops.pacing.spend import HistoryReader

    location = db_location(ws)
    if is_file_location(location) and not Path(location).is_file():
        report.cannot_judge.append(
            f"no campaign history at {ws.relative(Path(location))}: spend, results, targets, similar campaigns, pacing and attribution "
            "are not judged (import the exports: `mops history import exports/*`)"
        )
        return
    try:
        reader = HistoryReader(ws)
    except (duckdb.Error, MopsError) as exc:
        report.cannot_judge.append(f"the campaign history cannot be read ({_first_line(exc)}): nothing is judged from it")
        return
    try:
        _by_channel(ws, reader.con, pf, report)
        _targets(pf, report)
        _similar(ws, reader.cached(), pf, report)  # the pacing check of the flight below asks the same query: it runs once
        _flight(ws, reader, pf, report)
        _attribution(ws, reader.con, pf, report)
    finally:
        reader.close()


def _until(report: ReviewReport) -> dt.date:
    return min(report.as_of, report.end)


def _by_channel(ws: Any, con: Any, pf: Any, report: ReviewReport) -> None:
    from mops.history.reports import Filters, run_report

    plan = pf.plan
    home = ws.config.currency
    table = run_report(con, "roi", Filters(campaign=plan.campaign, since=plan.start, until=_until(report)),
                       rates=ws.config.history.fx_rates, home=home, today=report.as_of)
    report.queries["by_channel"] = _query(table.query, table.params)
    budgets = {c.channel: c.amount(plan.total_budget) for c in plan.channels}
    if plan.currency != home:
        report.cannot_judge.append(f"the plan is in {plan.currency}, history is reported in {home}: spend is not compared with the channels' budgets")
        budgets = {}
    rows = [r for r in table.records() if r["currency"] == home]
    for other in sorted({r["currency"] for r in table.records()} - {home}):
        report.cannot_judge.append(f"spend in {other} is left out of the figures: add history.fx_rates {other} to mops.yaml to convert it")
    found = {r["channel"]: r for r in rows}
    spend = conversions = value = 0.0
    for channel in [*budgets, *sorted(set(found) - set(budgets))]:
        row = found.get(channel)
        if row is None:
            report.channels.append(ChannelResult(channel=channel, budget=budgets.get(channel)))
            report.cannot_judge.append(
                f"{channel}: no history row in the flight ({plan.start} to {_until(report)}), so its spend and results are not known "
                "(an export of its platform not imported, or a channel no ad platform reports)"
            )
            continue
        result = _figures(channel, budgets.get(channel), float(row["spend"] or 0), float(row["conversions"] or 0), float(row["conversion_value"] or 0))
        report.channels.append(result)
        spend, conversions, value = spend + result.spend, conversions + result.conversions, value + result.conversion_value
    if rows:
        report.total = _figures("all", plan.total_budget if budgets else None, spend, conversions, value)
    else:
        report.cannot_judge.append(f"no ad platform's history row ties to {plan.campaign} in its flight: the plan maps "
                                   f"{len(plan.platform_campaigns)} platform campaign(s); `mops history report unattributed` lists spend no plan claims")


def _figures(channel: str, budget: float | None, spend: float, conversions: float, value: float) -> ChannelResult:
    return ChannelResult(
        channel=channel, budget=round(budget, 2) if budget is not None else None, spend=round(spend, 2),
        conversions=round(conversions, 2), conversion_value=round(value, 2),
        cpa=round(spend / conversions, 2) if conversions else None, roas=round(value / spend, 2) if spend else None,
        roi=round((value - spend) / spend, 4) if spend else None, spent_share=round(spend / budget, 4) if budget else None,
    )


def _targets(pf: Any, report: ReviewReport) -> None:
    plan = pf.plan
    targets = plan.target_values
    where = [pf.evidence(("targets", m) if plan.targets is not None and getattr(plan.targets, m) is not None else ("kpis", m)) for m in ("cpa", "roas")]
    for result in [*(c for c in report.channels if c.spend is not None), *([report.total] if report.total else [])]:
        for metric, place in zip(("cpa", "roas"), where):
            if metric not in targets:
                continue
            target = targets[metric]
            actual = result.cpa if metric == "cpa" else result.roas
            who = "the campaign" if result.channel == "all" else result.channel
            label = metric.upper() if metric == "cpa" else "ROAS"
            if actual is None:
                said = f"{who}: {result.spend:,.2f} {plan.currency} spent without a conversion (CPA target {target:,.2f})" if metric == "cpa" \
                    else f"{who}: nothing spent, no ROAS to compare with {target:.2f}"
                report.targets.append(TargetResult(channel=result.channel, metric=metric, target=target, actual=None,
                                                   met=False if metric == "cpa" and (result.spend or 0) > 0 else None,
                                                   statement=said, evidence=[place]))
                continue
            gap = (actual / target - 1) * 100 if metric == "cpa" else (1 - actual / target) * 100
            met = gap <= 0
            shown = f"{actual:,.2f} {plan.currency}" if metric == "cpa" else f"{actual:.2f}"
            goal = f"{target:,.2f} {plan.currency}" if metric == "cpa" else f"{target:.2f}"
            said = f"{who}: {label} {shown} against a target of {goal}: " + (f"missed by {gap:.0f}%" if not met else f"met ({-gap:.0f}% better)")
            report.targets.append(TargetResult(channel=result.channel, metric=metric, target=target, actual=actual, gap_pct=round(gap, 1),
                                               met=met, statement=said, evidence=[place]))


def _similar(ws: Any, con: Any, pf: Any, report: ReviewReport) -> None:
    from mops.history.similar import find_similar, history_sql, objective_words
    from mops.models.history import Target

    plan = pf.plan
    report.queries["similar"] = _query(history_sql(ws.config.history.fx_rates, ws.config.currency))
    budget = plan.total_budget if plan.currency == ws.config.currency else None
    target = Target(channels=sorted(c.channel for c in plan.channels), budget=budget or None, month=plan.start.month,
                    objective_words=sorted(objective_words(ws, plan)))
    # past to this campaign: those that started before it and had ended by its start (a review of
    # last year's campaign compares it with what came before it, not with what followed)
    found = find_similar(con, ws, target, limit=None, today=plan.start)
    matches = [m for m in found.matches if m.campaign != plan.campaign and m.start is not None and m.start < plan.start][:SIMILAR_LIMIT]
    report.similar = [SimilarPast(campaign=m.campaign, score=m.score, spend=m.spend, roas=m.roas, start=m.start, days=m.days, channels=m.channels)
                      for m in matches]
    with_roas = [m.roas for m in matches if m.roas is not None]
    if not matches:
        report.cannot_judge.append(f"no campaign in the history ran before this one ({plan.start}) with anything in common: nothing to compare with")
    elif report.total is not None and report.total.roas is not None and with_roas:
        median = statistics.median(with_roas)
        gap = (report.total.roas / median - 1) * 100 if median else 0.0
        report.similar_statement = (f"ROAS {report.total.roas:.2f} against a median {median:.2f} of the {len(with_roas)} most similar past "
                                    f"campaigns: {abs(gap):.0f}% {'above' if gap >= 0 else 'below'}")


def _flight(ws: Any, reader: Any, pf: Any, report: ReviewReport) -> None:
    from mops.pacing.check import judge

    plan = pf.plan
    until = _until(report)
    spend = reader.spend([(plan.campaign, plan.currency, plan.start, until)])[plan.campaign]
    report.flight = judge(ws, pf, report.as_of, spend, reader)
    if spend.query:
        report.queries["daily"] = _query(spend.query)
    report.data_through = dt.date.fromisoformat(report.flight.data_through) if report.flight.data_through else None
    if report.finished and report.data_through is not None and report.data_through < plan.end:
        report.cannot_judge.append(f"history ends {report.data_through}, before the flight's last day {plan.end}: the last days' spend and results are missing")
    _gaps(reader.con, plan, until, report)


# the days of the flight each platform holding the campaign's rows has any row for (of any campaign):
# a platform export lists every campaign that spent, so a day without a single row is a day not imported
COVERAGE_SQL = """SELECT platform, list(DISTINCT date ORDER BY date) AS days FROM facts
WHERE platform IN (SELECT DISTINCT platform FROM campaign_daily WHERE campaign_id = ? AND platform NOT IN ('ga4', 'crm'))
  AND date BETWEEN ? AND ? GROUP BY platform ORDER BY platform"""


def _gaps(con: Any, plan: Any, until: dt.date, report: ReviewReport) -> None:
    """Days of the flight (to `until`) for which a platform of the campaign has no row at all."""
    flight = [plan.start + dt.timedelta(days=n) for n in range((until - plan.start).days + 1)]
    for platform, days in con.execute(COVERAGE_SQL, [plan.campaign, plan.start, until]).fetchall():
        held = set(days)
        missing = [day for day in flight if day not in held]
        if not missing:
            continue
        runs = _runs(missing)
        shown = ", ".join(f"{a}" if a == b else f"{a} to {b}" for a, b in runs[:4]) + (", ..." if len(runs) > 4 else "")
        report.history_gaps.append(f"{platform}: {len(missing)} day(s) of the flight without any row ({shown})")
        report.cannot_judge.append(
            f"{platform} has no row of any campaign on {len(missing)} day(s) of the flight ({shown}): an export is missing, so the "
            f"campaign's spend and results on those days are not counted (import it: `mops history import`)"
        )
    if report.history_gaps:
        report.queries["coverage"] = _query(COVERAGE_SQL, [plan.campaign, plan.start, until])


def _runs(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days as (first, last) runs."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in days:
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _attribution(ws: Any, con: Any, pf: Any, report: ReviewReport) -> None:
    """The campaign's GA4 sessions by where they landed, as `mops utm audit` judges an export."""
    from mops.launch.tracking import PlanChannels
    from mops.utm.audit import AuditRow, audit_rows
    from mops.utm.context import UtmContext

    plan = pf.plan
    params = [plan.campaign, plan.start, _until(report)]
    report.queries["ga4"] = _query(GA4_SQL, params)
    rows = con.execute(GA4_SQL, params).fetchall()
    if not rows:
        report.cannot_judge.append("no GA4 row of the campaign in the flight: where its traffic landed (attribution) is not judged "
                                   "(import the GA4 traffic acquisition export with `mops history import`)")
        return
    utm = UtmContext(ws)
    channels = PlanChannels(utm, plan, ws.taxonomy().channels)
    found = Attribution()
    by_file: dict[str, list[AuditRow]] = {}
    for source_file, source, medium, campaign, sessions, line in rows:
        by_file.setdefault(source_file, []).append(AuditRow(int(line or 0), source, medium, campaign, float(sessions or 0)))
    for source_file, audit in by_file.items():
        result = audit_rows(audit, utm.index, utm.classify, source_file)
        found.sessions += result.sessions
        found.unassigned_sessions += result.unassigned_sessions
        found.observations += result.observations
    per_channel = {c.channel: ChannelAttribution(channel=c.channel, expected_ga4_channel=channels.expected(c), sessions=0.0,
                                                 unassigned_sessions=0.0, misdirected_sessions=0.0, spend=None) for c in plan.channels}
    for audit in by_file.values():
        for row in audit:
            landed = utm.classify(row.source, row.medium, row.campaign).channel
            named = channels.candidates({"utm_source": row.source, "utm_medium": row.medium})
            expected = {channels.expected(c) for c in named} - {None}
            if named:
                entry = per_channel[named[0].channel]
                entry.sessions += row.sessions
                if landed == "Unassigned":
                    entry.unassigned_sessions += row.sessions
                elif expected and landed not in expected:
                    entry.misdirected_sessions += row.sessions
            elif landed != "Unassigned" and landed not in {channels.expected(c) for c in plan.channels}:
                found.misdirected_sessions += row.sessions  # tags that name no channel of the plan, landing in none of its groups
    spend_of = {c.channel: c.spend for c in report.channels}
    at_risk = 0.0
    for entry in per_channel.values():
        found.misdirected_sessions += entry.misdirected_sessions
        entry.spend = spend_of.get(entry.channel)
        if entry.sessions and entry.spend is not None:
            entry.spend_at_risk = round(entry.spend * (entry.unassigned_sessions + entry.misdirected_sessions) / entry.sessions, 2)
            at_risk += entry.spend_at_risk
        elif entry.spend:
            report.cannot_judge.append(f"{entry.channel}: no GA4 session carries its source and medium, so where its traffic landed is not known")
    found.channels = list(per_channel.values())
    found.unassigned_share = round(found.unassigned_sessions / found.sessions, 4) if found.sessions else None
    if report.total is not None and report.total.spend:
        found.spend_at_risk = round(at_risk, 2)
        found.spend_at_risk_share = round(at_risk / report.total.spend, 4)
    report.attribution = found


# --- proposals -----------------------------------------------------------------------------------


def _proposals(ws: Any, pf: Any, report: ReviewReport) -> None:
    from mops.models.proposal import Proposal
    from mops.yamlio import load_model

    folder = ws.path(ws.config.paths.proposals)
    files = sorted(folder.glob(f"{report.campaign}-*.y*ml")) if folder.is_dir() else []
    loaded: list[tuple[Path, Any]] = []
    for path in files:
        try:
            proposal = load_model(Proposal, path, schema="proposal", display=ws.relative(path))
        except MopsError as exc:
            report.cannot_judge.append(f"{ws.relative(path)} cannot be read as a proposal ({exc.message}): left out")
            continue
        if proposal.campaign == report.campaign:
            loaded.append((path, proposal))
    if not loaded:
        return
    states = _approval_states(ws, [path for path, _ in loaded], report)
    for path, proposal in loaded:
        relative = ws.relative(path)
        state, reason = states.get(relative, ("not judged", ""))
        if proposal.applied is not None or proposal.status == "applied":
            state, reason = "applied", f"approved, then applied {proposal.applied or ''}".strip()
        report.proposals.append(ProposalEntry(
            path=relative, kind=proposal.kind, created=proposal.created, summary=proposal.summary, status=proposal.status,
            decision=state, reason=reason, applied=proposal.applied,
            moves=[f"{m.amount:,.2f} {proposal.currency or report.currency} from {m.from_channel} to {m.to_channel}" for m in proposal.moves],
        ))
        if proposal.kind == "launch":
            report.fixed_links += [_fixed(ws, relative, c) for c in proposal.corrections]


def _approval_states(ws: Any, paths: list[Path], report: ReviewReport) -> dict[str, tuple[str, str]]:
    """Each proposal's approval state as `mops approvals verify` judges it (signers and rules of the working tree)."""
    from mops.approvals.verify import verify

    try:
        found = verify(ws, artifacts=paths)
    except MopsError as exc:
        report.cannot_judge.append(f"the proposals' approval state is not judged: {exc.message}")
        return {}
    return {status.artifact: (status.state, status.reason) for status in found.artifacts}


def _fixed(ws: Any, proposal: str, correction: Any) -> FixedLink:
    path = ws.path(correction.path)
    state = "file gone"
    if path.is_file() and path.is_relative_to(ws.root.resolve()):
        text = path.read_text(encoding="utf-8", errors="replace")
        state = "fixed" if correction.link not in text and correction.corrected in text else "not fixed"
    return FixedLink(proposal=proposal, path=correction.path, line=correction.line, link=correction.link, corrected=correction.corrected,
                     fixes=list(correction.fixes), state=state)


# --- questions -----------------------------------------------------------------------------------


def _questions(report: ReviewReport) -> list[str]:
    """What the figures leave open, for the team to answer in the review's pull request."""
    out = []
    for target in report.targets:
        if target.met is False and target.channel != "all":
            out.append(f"{target.statement}: what should the next similar campaign change for {target.channel} (audience, bids, creative, budget)?")
    for channel in report.channels:
        if channel.spend is None and channel.budget:
            out.append(f"{channel.channel} had {channel.budget:,.2f} {report.currency} planned and no history: was it spent, and where are its results?")
    total = report.total
    if report.finished and total is not None and total.spent_share is not None and total.spent_share < UNDERSPENT_SHARE:
        left = (total.budget or 0) - (total.spend or 0)
        out.append(f"{total.spent_share:.0%} of the budget was spent: why did {left:,.2f} {report.currency} stay unspent?")
    for proposal in report.proposals:
        if proposal.decision == "rejected":
            out.append(f"{proposal.path} was rejected ({proposal.reason}): was that right, looking back?")
        elif proposal.decision in ("pending", "stale") and report.finished:
            out.append(f"{proposal.path} is still {proposal.decision} after the flight ended: reject it to close it?")
    for link in report.fixed_links:
        if link.state == "not fixed":
            out.append(f"{link.path}:{link.line} still holds the link the launch check corrected: was it shipped that way?")
    attribution = report.attribution
    if attribution is not None and attribution.spend_at_risk:
        out.append(f"{attribution.spend_at_risk:,.2f} {report.currency} of spend had sessions landing in Unassigned or another channel: "
                   "which links were tagged wrong, and are they fixed for the next campaign?")
    out.append("What should the next similar campaign keep, and what should it do differently? (add it to the lesson's notes)")
    return out


def _query(sql: str, params: list[Any] | None = None) -> Query:
    """A figure's query, with its parameters also written in (DATE literals for days) for `mops history query`."""
    from mops.history.sqlquote import literal

    params = list(params or [])
    pieces = sql.split("?")
    if len(pieces) != len(params) + 1:
        raise ValueError("a query's ? marks and its parameters differ in number")
    written = pieces[0]
    for value, piece in zip(params, pieces[1:]):
        if isinstance(value, dt.date):
            shown = f"DATE {literal(value.isoformat())}"
        elif isinstance(value, str):
            shown = literal(value)
        else:
            shown = repr(value)
        written += shown + piece
    return Query(sql=sql, params=[p.isoformat() if isinstance(p, dt.date) else p for p in params], rerun=" ".join(written.split()))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


__all__ = ["resolve_plan", "review_campaign"]
