"""`mops init`: scaffold a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    app.command("init", rich_help_panel="Workspace")(init)


def init(
    directory: Path = typer.Argument(Path("."), help="Folder to create the workspace in (created if missing). Default: the current folder."),
    region: Optional[str] = typer.Option(None, "--region", help="ISO 3166 country (DE, US...): how phone numbers without a country code are read. Default: the country of the system locale (LC_ALL, LC_MONETARY, LANG)."),
    currency: Optional[str] = typer.Option(None, "--currency", help="ISO 4217 currency budgets are kept in (EUR, USD...). Default: the region's currency."),
    timezone: Optional[str] = typer.Option(None, "--timezone", help="IANA time zone (Europe/Berlin...). Default: the system's (TZ, /etc/timezone, /etc/localtime)."),
    fiscal_year_start: Optional[str] = typer.Option(None, "--fiscal-year-start", metavar="MM-DD", help="First day of the fiscal year, MM-DD. Default: 01-01."),
) -> None:
    """Create a workspace: mops.yaml, taxonomy, brand voice, playbooks and the folders every command uses.

    Existing files are never overwritten. Runs `git init` when the folder is not inside a repository.
    The region, currency, time zone and fiscal year of a new mops.yaml come from the options, else
    from the system locale; mops asks nothing and says what it chose and where from.

    Example: mops init acme-marketing --region GB --currency GBP --timezone Europe/London --fiscal-year-start 04-06
    """
    from mops.commands._output import note
    from mops.scaffold import scaffold_workspace, workspace_settings

    settings = workspace_settings(region=region, currency=currency, timezone=timezone, fiscal_year_start=fiscal_year_start)
    result = scaffold_workspace(directory, settings)
    for relative in result.created:
        note(f"created {relative}")
    for relative in result.kept:
        note(f"kept    {relative} (already there)")
    if result.git_initialised:
        note("initialised a git repository")
    if "mops.yaml" in result.created:
        note("settings in mops.yaml:")
        for line in settings.describe():
            note(f"  {line}")
        note("change them in mops.yaml, or in a new workspace with --region, --currency, --timezone, --fiscal-year-start")
    elif any(v is not None for v in (region, currency, timezone, fiscal_year_start)):
        note("mops.yaml was already there and is kept as it is: --region, --currency, --timezone and "
             "--fiscal-year-start apply to a new one only; edit mops.yaml to change them")
    typer.echo(str(result.root))
