"""What the team's history suggests for a brief: audience size, budget range, duration, launch date.

`enrich_brief` reads the history database read-only and the workspace's git history, and returns
suggestions (each with the query, rows and files it rests on) and observations. The draft stores the
suggestions under `brief.suggested`, apart from what the meeting stated; nothing here changes the
brief, the database or any file.

- audience.size: the CRM segments (`crm_segments`, counts per segment, never people) whose names
  share words with the brief's audience, or that are newsletter/SMS lists when email/SMS is a channel;
- budget.total and duration_days: the past campaigns `mops history similar` finds for the brief;
- start: the meeting date plus the team's median kickoff-to-launch time (`mops.brief.velocity`);
- constraint: what the lessons of similar past campaigns (`lessons/*.yaml`, `mops report review
  --record`) say: the targets they missed on the brief's channels, budget moved mid-flight, the
  team's notes (`mops.report.lessons.lesson_constraints`), each citing the lesson file and line.

Without a history database nothing is suggested (a brief drafts fine without one), and the
database is never created.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import statistics
from pathlib import Path
from typing import Any

from pydantic import Field

from mops.models._base import Result
from mops.models.brief import Brief, Suggestion
from mops.models.results import Evidence, Observation, Severity

SIMILAR_LIMIT = 5
# A past campaign that agrees with the brief on less than half of the weighted criteria (channels,
# budget, season, objective words) is not like it; its budget would only widen the range.
MIN_SIMILARITY = 0.5
MAX_LEFT_OUT = 5  # campaigns the velocity leaves out, named in the reason; an old workspace has dozens
MAX_SEGMENTS = 3  # audience suggestions: more than a few candidate segments is no suggestion at all

# Words in a segment name that make it a list for a channel of the brief.
_CHANNEL_LIST_WORDS = {
    "email": {"newsletter", "email", "mail", "mailing", "subscriber", "optin"},
    "sms": {"sms", "mobile", "text"},
}
_CONSENT_COLUMN = re.compile(r"opt|consent|permission|subscri|einwillig|gdpr|marketing", re.IGNORECASE)
_COUNTRY_COLUMN = re.compile(r"country|land\b|region|market|nation", re.IGNORECASE)
_YES = {"yes", "y", "true", "1", "ja", "j", "opted in", "opt-in", "subscribed", "granted"}
_STOPWORDS = {"the", "and", "for", "with", "who", "get", "our", "aged", "from", "all", "are", "in", "to", "of", "a"}

_SEGMENTS_SQL = (
    "SELECT snapshot_date, segment, members, with_email, with_phone, metrics, source_file FROM crm_segments "
    "QUALIFY row_number() OVER (PARTITION BY segment ORDER BY snapshot_date DESC, import_id DESC) = 1 ORDER BY segment"
)


class Enrichment(Result):
    """Suggestions for a brief from history, and what the enrichment observed on the way."""

    suggestions: list[Suggestion] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)


def enrich_brief(ws: Any, brief: Brief, *, today: dt.date, db: str | None = None) -> Enrichment:
    """Suggest audience size, budget range, duration and launch date for `brief` from the workspace's history.

    `db` overrides mops.yaml `history.db`. The database is opened read-only and never created.
    """
    from mops.errors import MopsError
    from mops.history.store import db_location, open_history

    location = db_location(ws, db)
    shown = _shown(ws, location)
    if _is_file(location) and not Path(location).is_file():
        out = Enrichment(observations=[Observation(
            statement=f"no campaign history at {shown}, so no audience or budget is suggested from history "
                      "(import exports with `mops history import exports/*` to get them)",
            code="ENRICH-HISTORY",
        )])
        _launch_date(ws, brief, today, out)  # the team's velocity needs only git and the plans
        _lessons(ws, brief, out)  # lessons are files of the workspace
        return out
    import duckdb

    try:
        con = open_history(ws, db, read_only=True)
    except (duckdb.Error, MopsError) as exc:
        out = Enrichment(observations=[Observation(
            statement=f"cannot read the campaign history at {shown} ({_first_line(exc)}), so nothing is suggested from history",
            severity=Severity.warning, code="ENRICH-HISTORY",
        )])
        _lessons(ws, brief, out)
        return out
    out = Enrichment()
    try:
        for step in (_audience, _budget_and_duration):
            try:
                step(con, ws, brief, today, out)
            except duckdb.Error as exc:  # a database from another mops version, say: the rest still helps
                out.observations.append(Observation(
                    statement=f"could not read {shown} for the {step.__name__.strip('_').replace('_', ' ')} suggestion: {_first_line(exc)}",
                    severity=Severity.warning, code="ENRICH-HISTORY",
                ))
    finally:
        con.close()
    _launch_date(ws, brief, today, out)
    _lessons(ws, brief, out)
    return out


def _lessons(ws: Any, brief: Brief, out: Enrichment) -> None:
    from mops.report.lessons import lesson_constraints

    constraints, observations = lesson_constraints(ws, brief)
    out.suggestions += constraints
    out.observations += observations


# --- audience ---------------------------------------------------------------------------------


def _audience(con: Any, ws: Any, brief: Brief, today: dt.date, out: Enrichment) -> None:
    rows = [dict(zip(("snapshot_date", "segment", "members", "with_email", "with_phone", "metrics", "source_file"), r))
            for r in con.execute(_SEGMENTS_SQL).fetchall()]
    if not rows:
        out.observations.append(Observation(
            statement="no CRM export in the history, so no audience size is suggested (import a segment export with `mops history import`)",
            code="ENRICH-AUDIENCE",
        ))
        return
    detector = _pii_detector(ws)
    personal = [r for r in rows if detector.find(r["segment"])]
    if personal:  # a list named after a person or holding an address: never repeated anywhere
        out.observations.append(Observation(
            statement=f"{len(personal)} CRM segment(s) left out because their names hold personal data",
            severity=Severity.warning, code="ENRICH-AUDIENCE",
        ))
        rows = [r for r in rows if r not in personal]
    words = _words(" ".join([brief.audience.description or "", *brief.audience.locations, brief.title]))
    scored = []
    for row in rows:
        name_words = _words(row["segment"])
        shared = sorted(words & name_words)
        lists_for = [c for c in brief.channels if _CHANNEL_LIST_WORDS.get(c, set()) & name_words]
        if shared or lists_for:
            scored.append((len(shared) + len(lists_for), row, shared, lists_for))
    if not scored:
        names = ", ".join(f"'{r['segment']}'" for r in rows)
        out.observations.append(Observation(
            statement=f"none of the CRM segments ({names}) matches the brief's audience or channels, so no audience size is suggested",
            code="ENRICH-AUDIENCE", evidence=[Evidence(kind="query", query=_SEGMENTS_SQL)],
        ))
        return
    scored.sort(key=lambda s: (-s[0], -s[1]["members"], s[1]["segment"]))
    for _, row, shared, lists_for in scored[:MAX_SEGMENTS]:
        out.suggestions.append(_segment_suggestion(row, shared, lists_for, detector))


def _segment_suggestion(row: dict[str, Any], shared: list[str], lists_for: list[str], detector: Any) -> Suggestion:
    metrics = json.loads(row["metrics"]) if row["metrics"] else {}
    make_up = _make_up(metrics, detector)
    opted_in = _opted_in(make_up)
    counts = [f"{row['with_email']:,} with an email address", f"{row['with_phone']:,} with a phone number"]
    if opted_in is not None:
        counts.insert(0, f"{opted_in:,} opted in")
    details = "; ".join(f"{column}: " + ", ".join(f"{value} {n:,}" for value, n in values.items()) for column, values in make_up.items())
    value = f"{row['members']:,} in CRM segment '{row['segment']}' ({', '.join(counts)}), export of {row['snapshot_date']}"
    why = []
    if shared:
        why.append(f"its name shares {', '.join(repr(w) for w in shared)} with the brief's audience")
    if lists_for:
        why.append(f"it is a list for {', '.join(lists_for)}, a channel of the brief")
    reason = f"Segment sizes from the latest CRM export in the history; {' and '.join(why)}."
    if details:
        reason += f" Make-up: {details}."
    cells: dict[str, Any] = {k: row[k] for k in ("segment", "members", "with_email", "with_phone")}
    cells["snapshot_date"] = str(row["snapshot_date"])
    for column, values in make_up.items():
        cells.update({f"{column}={v}": n for v, n in values.items()})
    return Suggestion(field="audience.size", value=value, reason=reason, sources=[
        Evidence(kind="query", query=_SEGMENTS_SQL),
        Evidence(kind="row", row=cells, path=row["source_file"], note="per-segment counts stored by `mops history import`; no person's data"),
    ])


def _make_up(metrics: dict[str, Any], detector: Any) -> dict[str, dict[str, int]]:
    """Counts by consent and country columns only: other categories may be anything a CRM holds."""
    make_up = {}
    for column, values in sorted(metrics.items()):
        if "sum" in values or not (_CONSENT_COLUMN.search(column) or _COUNTRY_COLUMN.search(column)):
            continue
        kept = {str(v) or "(blank)": int(n) for v, n in sorted(values.items()) if not detector.find(str(v))}
        if kept:
            make_up[column] = kept
    return make_up


def _opted_in(make_up: dict[str, dict[str, int]]) -> int | None:
    for column, values in make_up.items():
        if _CONSENT_COLUMN.search(column) and any(v.casefold() in _YES for v in values):
            return sum(n for v, n in values.items() if v.casefold() in _YES)
    return None


def _pii_detector(ws: Any) -> Any:
    from mops.pii import PiiDetector

    return PiiDetector(default_region=ws.config.default_region, people=[p.name for p in ws.config.people])


def _words(text: str) -> set[str]:
    """Content words, singular ('buyers' and 'buyer' match)."""
    words = set()
    for word in re.findall(r"[^\W\d_]+", text.casefold().replace("-", "")):
        if len(word) > 2 and word not in _STOPWORDS:
            words.add(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
    return words


# --- budget and duration ----------------------------------------------------------------------


def _budget_and_duration(con: Any, ws: Any, brief: Brief, today: dt.date, out: Enrichment) -> None:
    from mops.errors import UsageError
    from mops.history.similar import find_similar, parse_target

    objective = " ".join([brief.title, *(o.text for o in brief.objectives)])
    try:
        target = parse_target(
            objective=objective, channels=",".join(brief.channels) or None,
            budget=brief.budget.total if brief.budget.total else None,
            season=brief.start.isoformat() if brief.start else None,
        )
    except UsageError:  # a brief with no title words, channels, budget or start: nothing to compare
        out.observations.append(Observation(statement="the brief gives nothing to compare past campaigns with", code="ENRICH-SIMILAR"))
        return
    found = find_similar(con, ws, target, limit=SIMILAR_LIMIT + 1, today=today)
    matches = [m for m in found.matches if m.campaign != brief.campaign and m.score >= MIN_SIMILARITY][:SIMILAR_LIMIT]
    if not matches:
        out.observations.append(Observation(
            statement=f"no past campaign in the history is similar enough to this one (similarity {MIN_SIMILARITY} or more), "
                      "so no budget or duration is suggested",
            code="ENRICH-SIMILAR",
        ))
        return
    currency = ws.config.currency
    names = ", ".join(f"{m.campaign} ({m.score:.2f})" for m in matches)
    sources = [e for m in matches for e in m.evidence]
    basis = f"the {len(matches)} most similar past campaigns: {names}; similarity is {found.measure}"
    budgets = [m.budget for m in matches if m.budget is not None]
    if budgets:
        low, high, spread = _spread(budgets)
        value = f"{low:,.0f} to {high:,.0f} {currency}" if low != high else f"{low:,.0f} {currency}"
        reason = f"{spread.capitalize()} of the budgets of {basis}."
        if brief.budget.currency not in (None, currency):
            reason += f" In the workspace currency, {currency}; the brief states {brief.budget.currency}."
        out.suggestions.append(Suggestion(field="budget.total", value=f"{value} (median {statistics.median(budgets):,.0f})", reason=reason, sources=sources))
        stated = brief.budget.total
        if stated and brief.budget.currency in (None, currency) and not min(budgets) <= stated <= max(budgets):
            side = "above" if stated > max(budgets) else "below"
            out.observations.append(Observation(
                statement=f"the stated budget, {stated:,.0f} {currency}, is {side} every similar past campaign's ({min(budgets):,.0f} to {max(budgets):,.0f})",
                code="ENRICH-SIMILAR", evidence=[e for m in matches for e in m.evidence if e.kind == "row"],
            ))
    days = [m.days for m in matches if m.days is not None]
    if days:
        low, high, spread = _spread([float(d) for d in days])
        out.suggestions.append(Suggestion(
            field="duration_days", value=f"{statistics.median(days):.0f} days ({low:.0f} to {high:.0f})",
            reason=f"Median and {spread} of the flight lengths (plan start to end, else active days) of {basis}.",
            sources=sources,
        ))


def _spread(values: list[float]) -> tuple[float, float, str]:
    """The interquartile range with four values or more (one outlier does not set it), else min to max."""
    if len(values) >= 4:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        return q1, q3, "interquartile range"
    return min(values), max(values), "range"


# --- launch date ------------------------------------------------------------------------------


def _launch_date(ws: Any, brief: Brief, today: dt.date, out: Enrichment) -> None:
    from mops.brief.velocity import team_velocity

    velocity = team_velocity(ws, today=today, exclude=brief.campaign)
    shown_out = velocity.left_out[:MAX_LEFT_OUT] + ([f"{len(velocity.left_out) - MAX_LEFT_OUT} more"] if len(velocity.left_out) > MAX_LEFT_OUT else [])
    left_out = f" Left out: {'; '.join(shown_out)}." if velocity.left_out else ""
    if not velocity.lead_times:
        why = velocity.unavailable or "no past campaign has both a kickoff commit and a plan start"
        out.observations.append(Observation(statement=f"no launch date suggested from the team's velocity: {why}.{left_out}", code="ENRICH-VELOCITY"))
        return
    days = sorted(lead.days for lead in velocity.lead_times)
    median = math.ceil(statistics.median(days))  # half a day later, never earlier than the team manages
    kickoff, base = (brief.meeting_date, "the meeting date") if brief.meeting_date else (today, "today (no meeting date)")
    suggested = kickoff + dt.timedelta(days=median)
    names = ", ".join(f"{lead.campaign} {lead.days}" for lead in velocity.lead_times)
    sources = []
    for lead in velocity.lead_times:
        sources.append(Evidence(kind="file", path=lead.kickoff.path,
                                note=f"commit {lead.kickoff.commit}, {lead.kickoff.day}: first added, the kickoff of {lead.campaign}"))
        sources.append(Evidence(kind="file", path=lead.plan_path, line=lead.plan_line, note=f"start {lead.launch}: the launch of {lead.campaign}"))
    out.suggestions.append(Suggestion(
        field="start",
        value=f"{suggested.isoformat()} ({median} days after {kickoff.isoformat()}; past campaigns took {days[0]} to {days[-1]} days)",
        reason=(f"{base.capitalize()} plus the median kickoff-to-launch time of {len(days)} past campaign(s) (days: {names}); "
                f"kickoff = first commit adding the campaign's transcript or brief, launch = its plan's start.{left_out}"),
        sources=sources,
    ))
    if brief.start is not None and brief.start < suggested:
        lead = (brief.start - kickoff).days
        after = f"{lead} days after" if lead >= 0 else f"{-lead} days before"
        faster = " faster than any past campaign," if lead < days[0] else ""
        out.observations.append(Observation(
            statement=(f"the flight starts {brief.start}, {after} {base.split(' (')[0]} ({kickoff}):{faster} sooner than the team "
                       f"usually manages (median {median} days from kickoff to launch, range {days[0]} to {days[-1]})"),
            severity=Severity.warning, code="ENRICH-VELOCITY", evidence=sources,
        ))


# --- helpers ----------------------------------------------------------------------------------


def _is_file(location: str) -> bool:
    from mops.history.store import is_file_location

    return is_file_location(location)


def _shown(ws: Any, location: str) -> str:
    return ws.relative(Path(location)) if _is_file(location) else location


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
