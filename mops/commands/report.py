"""`mops report ...`: `review` (a post-campaign review of one plan, and the lesson the next brief
reads) and `ops` (the team's operational figures per month)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

report_app = typer.Typer(help="After the fact: post-campaign reviews, the lessons the next brief reads, and the team's operational figures.", no_args_is_help=True)


class ReviewFormat(str, Enum):
    md = "md"
    html = "html"


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


@report_app.command("review")
def review_cmd(
    ctx: typer.Context,
    plan: str = typer.Argument(..., help="The plan (plans/<campaign>.yaml) or its campaign id."),
    fmt: ReviewFormat = typer.Option(ReviewFormat.md, "--format", "-f", help="md: Markdown with the charts as PNG files beside it; html: one page, charts inline."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write the review, inside the workspace. Default: reviews/<campaign>.md (or .html)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help="Judge the history up to this day; default: today in the plan's time zone."),
    record: bool = typer.Option(False, "--record", help="Also write the campaign's outcome to lessons/<campaign>.yaml (notes already there are kept), for the next brief."),
) -> None:
    """Write a post-campaign review: results against plan and targets, spend, conversions, CPA,
    ROAS and ROI by channel, similar past campaigns, the pacing history with its proposals, the
    launch corrections, attribution risks, what cannot be judged and questions for the team. Every
    figure carries the query that produced it. The template is playbooks/review/campaign-review.md.j2
    (or .html.j2): a workspace's own overrides the bundled one.

    Exit codes: 0 written (a review with missing data says what it cannot judge), 2 usage or input
    error (an unknown plan, a plan or --out outside the workspace; nothing written).

    Example: mops report review 2025-q4_black-friday --record
    """
    from mops.commands._context import workspace
    from mops.commands._options import parse_day
    from mops.report.render import write_review
    from mops.report.review import review_campaign

    ws = workspace(ctx)
    report = write_review(ws, review_campaign(ws, plan, as_of=parse_day(as_of)), fmt=fmt.value, out=out, record=record)
    for path in report.written:
        typer.echo(f"wrote {path}")
    left_out = next((c.left_out for c in report.charts if c.left_out), None)
    if left_out:
        typer.echo(f"charts left out: {left_out}", err=True)
