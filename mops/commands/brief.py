"""`mops brief draft|check`: campaign briefs from kickoff transcripts, and their review."""

from __future__ import annotations

import typer

brief_app = typer.Typer(help="Campaign briefs: draft one from a kickoff transcript, check it.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(brief_app, name="brief", rich_help_panel="Plan")
    from mops.commands import brief_check

    brief_check.register(brief_app)
