"""`mops report ...`: reports over the workspace (`ops`: the team's operational figures per month)."""

from __future__ import annotations

from enum import Enum
from typing import Optional

import typer

report_app = typer.Typer(help="Reports: the team's operational figures.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report", rich_help_panel="Campaigns")


class OpsFormat(str, Enum):
    text = "text"
    json = "json"


@report_app.command("ops")
def ops(
    ctx: typer.Context,
    since: Optional[str] = typer.Option(None, "--since", metavar="YYYY-MM", help="First month shown. Default: every month history holds."),
    fmt: OpsFormat = typer.Option(OpsFormat.text, "--format", "-f", help="text, or json with the briefs, launches and proposals counted (`mops schema report-ops`)."),
) -> None:
    """The team's operational figures per month, from git history and signed approvals.

    Kickoff transcript to approved brief, briefs sent back for revisions, how much reviewers change
    drafts, approval lead time against the SLA, lint findings per launch, proposals approved and
    applied. Only committed history and decisions whose signatures verify count; months are in
    mops.yaml's timezone.

    Example: mops report ops --since 2026-10 --format json
    """
    from mops.commands._context import workspace
    from mops.commands._output import note, print_json, print_styled
    from mops.report.ops import ops_report
    from mops.report.ops_text import ops_lines

    report = ops_report(workspace(ctx), since=since)
    if fmt == OpsFormat.json:
        print_json(report.model_dump(mode="json"))
    else:
        print_styled(ops_lines(report))
    for line in report.notes:
        note(f"note: {line}")
    if report.invalid_records:
        note(f"{report.invalid_records} record(s) left out: they do not verify (`mops approvals verify` says why)")
