"""`mops brief draft|check`: campaign briefs from kickoff transcripts, and their review."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer

brief_app = typer.Typer(help="Campaign briefs: draft one from a kickoff transcript, check it.", no_args_is_help=True)


class DraftFormat(str, Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.add_typer(brief_app, name="brief", rich_help_panel="Plan")
    from mops.commands import brief_check

    brief_check.register(brief_app)


def _date(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        # parsed in the body (an Optional[str] option), so click cannot name the option itself
        raise typer.BadParameter(f"{value!r} is not a date as YYYY-MM-DD", param_hint="'--meeting-date'") from None


@brief_app.command("draft")
def draft(
    ctx: typer.Context,
    transcript: Path = typer.Argument(..., help="Kickoff transcript: .txt, .vtt, .srt or Teams .docx."),
    playbook: str = typer.Option("campaign-brief", "--playbook", "-p", help="Playbook to render (`mops playbooks list`). Default: campaign-brief."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write the brief. Default: briefs/<campaign>.md in the workspace."),
    meeting_date: Optional[str] = typer.Option(None, "--meeting-date", help="Day of the meeting (YYYY-MM-DD); relative dates are read against it. Default: the transcript's Date: header or file name, else today."),
    model: Optional[str] = typer.Option(None, "--model", help="A litellm model to draft with too (e.g. ollama/llama3.1). Default: env MOPS_LLM_MODEL, then mops.yaml model.name; none: offline."),
    offline: bool = typer.Option(False, "--offline", help="Draft by rules alone, even when a model is configured."),
    campaign: Optional[str] = typer.Option(None, "--campaign", help="Campaign id, when the meeting does not say it."),
    fmt: DraftFormat = typer.Option(DraftFormat.text, "--format", "-f", help="text (each field with its quote) or json (the Brief with its evidence)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing brief file."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print, but do not write the brief."),
) -> None:
    """Draft a grounded campaign brief from a kickoff transcript.

    Every value quotes the words it came from; what the meeting did not settle becomes an open
    question. Offline by default; with a model, nothing personal is sent (names, emails and phone
    numbers become placeholders) and each call is logged under .mops/logs (`mops logs`).

    Example: mops brief draft transcripts/2026-q4_black-friday-kickoff.txt --meeting-date 2026-10-05
    """
    from mops.brief.draft import draft_brief, write_brief
    from mops.commands._context import workspace
    from mops.commands._output import note, print_json

    ws = workspace(ctx)
    result = draft_brief(
        ws, transcript, playbook=playbook, meeting_date=_date(meeting_date), model=model, offline=offline,
        campaign=campaign, out=out,
    )
    if not dry_run:
        write_brief(result, force=force)
    if fmt == DraftFormat.json:
        print_json(result.brief.model_dump(mode="json", exclude_none=True))
    else:
        _print_brief(result.brief)
    for observation in result.observations:
        if observation.severity.value != "info":
            note(f"{observation.severity.value}: {observation.statement}")
    how = f"with {result.model}" if result.model else "offline"
    if dry_run:
        note(f"drafted {how}; not written (--dry-run)")
    else:
        note(f"wrote {result.shown_target} (drafted {how}; review it, then `mops brief check {result.shown_target}`)")


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


def _print_brief(brief: Any) -> None:
    from mops.commands._output import use_rich

    rows = _rows(brief)
    questions = [(q.text, _quote(q.evidence)) for q in brief.open_questions]
    if use_rich():
        from rich.console import Console
        from rich.markup import escape

        console = Console()
        for label, value, quotes in rows:
            console.print(f"[bold]{escape(label)}[/bold]: {escape(value)}")
            for quote in quotes:
                console.print(f"    [dim]{escape(quote)}[/dim]")
        console.print("[bold]open questions[/bold]:" if questions else "[bold]open questions[/bold]: none")
        for text, quotes in questions:
            console.print(f"  [yellow]?[/yellow] {escape(text)}")
            for quote in quotes:
                console.print(f"    [dim]{escape(quote)}[/dim]")
        return
    lines = []
    for label, value, quotes in rows:
        lines.append(f"{label}: {value}")
        lines.extend(f"    {quote}" for quote in quotes)
    lines.append("open questions:" if questions else "open questions: none")
    for text, quotes in questions:
        lines.append(f"  ? {text}")
        lines.extend(f"    {quote}" for quote in quotes)
    typer.echo("\n".join(lines))
