"""`mops report review`: a post-campaign review of one plan, and the lesson the next brief reads."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

report_app = typer.Typer(help="After the fact: post-campaign reviews and the lessons the next brief reads.", no_args_is_help=True)


class ReviewFormat(str, Enum):
    md = "md"
    html = "html"


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report", rich_help_panel="Campaigns")


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
