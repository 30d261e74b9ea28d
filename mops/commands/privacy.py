"""`mops privacy forget EMAIL|PHONE`: delete a person's data on request."""

from __future__ import annotations

from typing import Optional

import typer

privacy_app = typer.Typer(help="Honour data-subject requests: remove a person's data.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(privacy_app, name="privacy", rich_help_panel="Data")


@privacy_app.command("forget")
def forget_cmd(
    ctx: typer.Context,
    subject: str = typer.Argument(..., help="The person's email address or phone number."),
    sources: bool = typer.Option(False, "--sources", help="Also remove matching lines from files under exports/."),
    names: Optional[list[str]] = typer.Option(None, "--name", help="The person's name as it may appear in model call logs (repeatable); a mops.yaml person with this email is added."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json. Default: text."),
    db: Optional[str] = typer.Option(None, "--db", help="History database. Default: mops.yaml history.db."),
) -> None:
    """Remove every trace of a person from the history database and .mops/ (model call logs, caches, rejects).

    Lists what was removed; traces left in the team's own files (exports, transcripts, briefs) are
    listed with file and line. Exit 1 when such traces remain.

    Example: mops privacy forget anna@example.com
    """
    from mops.commands._context import workspace
    from mops.commands._output import note, print_json
    from mops.errors import EXIT_FINDINGS
    from mops.history.privacy import forget

    ws = workspace(ctx)
    report = forget(ws, subject, db, sources=sources, names=names or [])
    if fmt == "json":
        print_json(report.model_dump(mode="json"))
    else:
        if not report.removals:
            typer.echo(f"no trace of {report.subject} in the history or .mops/")
        for removal in report.removals:
            typer.echo(f"{removal.path}: {removal.removed} {removal.detail}")
        for place in report.remaining:
            note(f"{place}: still mentions {report.subject} (a source file: edit it, and purge it from git history if committed)")
    if report.remaining:
        raise typer.Exit(EXIT_FINDINGS)
