"""A drafted brief for a person to review: each filled field with the words it came from, then the
open questions, as styled lines (mops.styled) for `mops brief draft` to print.

    budget: 52,000 EUR
        transcripts/2026-q4_black-friday-kickoff.txt:11 "Malte Sørensen: So finance signed off on fifty-two thousand euros total."
    open questions:
      ? And the Aurora tent, is there stock?
"""

from __future__ import annotations

from typing import Any

from mops.styled import Piece


def brief_lines(brief: Any) -> list[list[Piece]]:
    """Field by field in reading order, each quote under its value, then the open questions."""
    lines: list[list[Piece]] = []
    for label, value, quotes in _rows(brief):
        lines.append([Piece(label, "label"), Piece(f": {value}")])
        lines.extend([Piece("    "), Piece(quote, "dim")] for quote in quotes)
    questions = [(q.text, _quote(q.evidence)) for q in brief.open_questions]
    lines.append([Piece("open questions", "label"), Piece(":" if questions else ": none")])
    for text, quotes in questions:
        lines.append([Piece("  "), Piece("?", "warning"), Piece(f" {text}")])
        lines.extend([Piece("    "), Piece(quote, "dim")] for quote in quotes)
    return lines


def _quote(evidence: list[Any]) -> list[str]:
    """Each piece of evidence on one line: a transcript's file:line and words, or a file, row or query."""
    out = []
    for e in evidence:
        if e.kind != "utterance" or not e.quote:
            shown = _source(e)
        else:
            where = f"{e.path}:{e.line}" if e.line else (e.path or "")
            who = f"{e.speaker}: " if e.speaker else ""
            shown = f'{where} "{who}{e.quote}"'
        if shown:
            out.append(f"{shown} ({e.note})" if e.note and e.kind == "utterance" else shown)
    return list(dict.fromkeys(out))


def _source(e: Any) -> str:
    """History's evidence in brief: the file (and line) a row came from, or the query, shortened."""
    if e.kind == "query":
        query = " ".join((e.query or "").split())
        return f"query: {query[:117]}..." if len(query) > 120 else (f"query: {query}" if query else "")
    if e.path:
        return f"{e.path}:{e.line}" if e.line else e.path
    return e.describe()


def _rows(brief: Any) -> list[tuple[str, str, list[str]]]:
    """(field, value, quotes) for each filled field, in reading order."""
    from mops.brief.playbook_helpers import format_money, format_number

    rows: list[tuple[str, str, list[str]]] = []
    ev = brief.evidence

    def scalar(path: str, label: str, value: Any) -> None:
        if value not in (None, [], ""):
            rows.append((label, str(value), _quote(ev.get(path, []))))

    scalar("campaign", "campaign", brief.campaign)
    scalar("title", "title", brief.title)
    for item in brief.objectives:
        rows.append(("objective", item.text, _quote(item.evidence)))
    scalar("budget.total", "budget", format_money(brief.budget.total, brief.budget.currency) if brief.budget.total is not None else None)
    for split in brief.budget.split:
        rows.append((f"  {split.channel}", format_money(split.amount, brief.budget.currency), _quote(split.evidence)))
    if brief.budget.reserve is not None:
        owner = f" (released by {brief.budget.reserve_owner})" if brief.budget.reserve_owner else ""
        rows.append(("  reserve", format_money(brief.budget.reserve, brief.budget.currency) + owner,
                     _quote(ev.get("budget.reserve", []) + ev.get("budget.reserve_owner", []))))
    scalar("start", "start", brief.start)
    scalar("end", "end", brief.end)
    scalar("channels", "channels", ", ".join(brief.channels))
    for kpi in brief.kpis:
        direction = {"at_least": "≥ ", "at_most": "≤ "}.get(kpi.direction or "", "")
        target = f"{direction}{format_number(kpi.target)}{' ' + kpi.unit if kpi.unit else ''}" if kpi.target is not None else "no target"
        stretch = f" (stretch {format_number(kpi.stretch)})" if kpi.stretch is not None else ""
        rows.append((f"kpi {kpi.metric}", target + stretch, _quote(kpi.evidence)))
    pricing = brief.pricing
    for path, label, value in (("pricing.price", "price", pricing.price), ("pricing.unit_cost", "unit cost", pricing.unit_cost),
                               ("pricing.margin", "margin", pricing.margin)):
        scalar(path, label, format_money(value, pricing.currency) if value is not None else None)
    scalar("audience.description", "audience", brief.audience.description)
    scalar("audience.size", "audience size", f"{brief.audience.size:,}" if brief.audience.size is not None else None)
    scalar("audience.locations", "locations", ", ".join(brief.audience.locations))
    scalar("offer", "offer", brief.offer)
    scalar("call_to_action", "call to action", brief.call_to_action)
    scalar("landing_page", "landing page", brief.landing_page)
    for message in brief.key_messages:
        rows.append(("message", message, []))
    for person in brief.owners:
        rows.append(("owner" if person.role == "owner" else "responsible", f"{person.name}" + (f": {person.role}" if person.role and person.role != "owner" else ""), _quote(person.evidence)))
    for person in brief.approvers:
        rows.append(("approver", person.name, _quote(person.evidence)))
    for item in brief.deliverables:
        due = f" by {item.due}" if item.due else ""
        who = f" ({item.owner})" if item.owner else ""
        rows.append(("deliverable", f"{item.what}{due}{who}", _quote(item.evidence)))
    for item in brief.decisions:
        rows.append(("decision", item.text, _quote(item.evidence)))
    for item in brief.risks:
        rows.append(("risk", item.text, _quote(item.evidence)))
    for item in brief.disagreements:
        rows.append(("disagreement", f"{item.field}: offline {item.offline!r}, model {item.model!r} (kept {item.kept})", _quote(item.evidence)))
    for item in brief.suggested:
        rows.append((f"suggested {item.field}", f"{item.value} (from history: {item.reason})", _quote(item.sources)))
    return rows


def _shown(value: Any) -> str:
    if isinstance(value, dict) and list(value) == ["text"]:
        return str(value["text"])
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)


def learn_lines(result: Any) -> list[list[Piece]]:
    """What `mops brief learn` found: each change, then what later drafts will apply."""
    correction = result.correction
    count = len(correction.changes)
    lines: list[list[Piece]] = [[Piece(correction.campaign, "path"), Piece(
        f": {count} change{'' if count == 1 else 's'} from {correction.draft} to {correction.approved}" if count
        else f": no change from {correction.draft} to {correction.approved}")]]
    for change in correction.changes:
        if change.change == "corrected":
            what = f"{_shown(change.old)} -> {_shown(change.new)}"
        else:
            what = _shown(change.new if change.change == "added" else change.old)
        lines.append([Piece("  "), Piece(f"{change.change:<9}", "label"), Piece(f" {change.field}: "), Piece(what)])
    if correction.learned:
        lines.append([Piece("learned", "label"), Piece(" (later drafts apply these):")])
        for rule in correction.learned:
            whose = f"{rule.person}: " if rule.person else ""
            lines.append([Piece("  "), Piece(f"{rule.kind:<13}", "fixable"), Piece(f" {whose}'{rule.said}' -> '{rule.means}'"),
                          Piece(f"  from {rule.learned_from}", "dim")])
    recorded = count - len({r.learned_from for r in correction.learned})
    if recorded > 0:
        lines.append([Piece("recorded only", "label"), Piece(
            f": {recorded} change{'' if recorded == 1 else 's'} (figures, dates, channels and who does what are the meeting's to state)")])
    for observation in result.observations:
        lines.append([Piece(observation.severity.value, observation.severity.value), Piece(f": {observation.statement}")])
    return lines
