"""`mops brief check BRIEF...`: review briefs; findings as `mops lint` prints them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from mops.commands.lint import FailOn, OutputFormat, exit_code


def register(app: typer.Typer) -> None:
    app.command("check")(check)


def check(
    ctx: typer.Context,
    briefs: Optional[list[Path]] = typer.Argument(None, help="Brief files or folders of them. Default: the workspace's briefs folder."),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="text, json, sarif, github or markdown."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Lowest severity that makes the exit code 1. Default: mops.yaml lint.fail_on (warning)."),
    today: Optional[dt.datetime] = typer.Option(None, "--today", formats=["%Y-%m-%d"], help="Judge dates against this day (YYYY-MM-DD). Default: today in mops.yaml timezone."),
    explain: Optional[str] = typer.Option(None, "--explain", help="Print the documentation of one check code (BRIEF004) and exit."),
) -> None:
    """Check briefs: required fields, dates, budget split, channels, owners' workload, and `mops lint` on the file.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 a brief that cannot be read or is invalid.

    Example: mops brief check briefs/2026-q4_black-friday.md --format github
    """
    if explain:
        from mops.brief.check import explain_check

        typer.echo(explain_check(explain))
        return
    from mops.brief.check import check_briefs
    from mops.commands._context import workspace
    from mops.commands._output import print_report
    from mops.lint.runner import LintOptions, source_reader

    ws = workspace(ctx)
    if today is None:  # the team's today, in the workspace's time zone
        from zoneinfo import ZoneInfo

        today = dt.datetime.now(ZoneInfo(ws.config.timezone))
    report = check_briefs(ws, list(briefs or []), today=today.date())
    print_report(report, fmt.value, source_reader(ws, LintOptions()))
    raise typer.Exit(exit_code(report, fail_on, ws))
