"""`mops brief draft|check|learn`: campaign briefs from kickoff transcripts, their review, and what reviewers corrected."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

brief_app = typer.Typer(help="Campaign briefs: draft one from a kickoff transcript, check it, learn from its review.", no_args_is_help=True)


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
    from mops.brief.draft import draft_brief
    from mops.commands._context import workspace
    from mops.commands._output import note, print_json

    ws = workspace(ctx)
    result = draft_brief(
        ws, transcript, playbook=playbook, meeting_date=_date(meeting_date), model=model, offline=offline,
        campaign=campaign, out=out, write=not dry_run, force=force,
    )
    if fmt == DraftFormat.json:
        print_json(result.brief.model_dump(mode="json", exclude_none=True))
    else:
        from mops.brief.draft_text import brief_lines
        from mops.commands._output import print_styled

        print_styled(brief_lines(result.brief))
    for observation in result.observations:
        if observation.severity.value != "info" or observation.code == "BRIEF-CORRECTION":
            note(f"{observation.severity.value}: {observation.statement}")
    how = f"with {result.model}" if result.model else "offline"
    if dry_run:
        note(f"drafted {how}; not written (--dry-run)")
    else:
        note(f"wrote {result.shown_target} (drafted {how}; review it, then `mops brief check {result.shown_target}`)")


@brief_app.command("learn")
def learn(
    ctx: typer.Context,
    draft: Path = typer.Argument(..., help="The brief as `mops brief draft` wrote it (e.g. its first committed version)."),
    approved: Path = typer.Argument(..., help="The same campaign's brief as a person approved it."),
    write: bool = typer.Option(False, "--write", help="Record the correction in lessons/corrections/<campaign>.yaml. Default: print only."),
    force: bool = typer.Option(False, "--force", help="With --write, replace a different correction already recorded for the campaign."),
    fmt: DraftFormat = typer.Option(DraftFormat.text, "--format", "-f", help="text or json (`mops schema brief-learn`)."),
) -> None:
    """Record what a reviewer changed in a drafted brief, for later drafts to learn from.

    Every field corrected, added or removed is listed with its old and new value. Channel
    aliases the taxonomy lacks, people's roles and product names are learned: `mops brief draft`
    applies them to later drafts and says so. Figures, dates and who does what are recorded only.
    Nothing is written without --write.

    Example: mops brief learn drafts/2027-q3_trail-running.md briefs/2027-q3_trail-running.md --write
    """
    from mops.brief.learn import learn_from_briefs
    from mops.commands._context import workspace
    from mops.commands._output import note, print_json

    result = learn_from_briefs(workspace(ctx), draft, approved, write=write, force=force)
    if fmt == DraftFormat.json:
        print_json(result.model_dump(mode="json", exclude_none=True))
    else:
        from mops.brief.draft_text import learn_lines
        from mops.commands._output import print_styled

        print_styled(learn_lines(result))
    if result.written:
        note(f"recorded in {result.target}: commit it with the approved brief; later drafts apply what it learned")
    elif not result.correction.changes:
        note("the approved brief is the draft as it was: nothing to record")
    else:
        note(f"not written: run again with --write to record it in {result.target}")
