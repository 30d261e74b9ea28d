"""`mops pacing check`: spend to date per channel against the plan's curve, anomalies, a proposal."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

pacing_app = typer.Typer(help="While a campaign spends: pacing against the plan, anomalies, bounded reallocations.", no_args_is_help=True)


class PacingFormat(str, Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.add_typer(pacing_app, name="pacing", rich_help_panel="Campaigns")



@pacing_app.command("check")
def check_cmd(
    ctx: typer.Context,
    plans: Optional[list[Path]] = typer.Argument(None, help="Plan files (plans/<campaign>.yaml), or a folder of them."),
    all_plans: bool = typer.Option(False, "--all", help="Every plan whose flight includes the day checked."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help="Judge the history up to this day; default: today in each plan's time zone (mops.yaml's when the plan has none)."),
    fmt: PacingFormat = typer.Option(PacingFormat.text, "--format", "-f", help="text for people (with a chart); json: per plan campaign, as_of, status, channels, anomalies, observations, proposal (`mops schema pacing-check`)."),
    chart: Optional[Path] = typer.Option(None, "--chart", metavar="FILE.png|FILE.svg", help="Also write the cumulative expected against actual spend chart to a PNG or SVG file."),
) -> None:
    """Compare each plan's spend to date per channel (history's campaign_daily) with its expected
    curve; flag spikes, stopped spend, stopped conversions and stale data; judge CPA and ROAS
    against the targets and similar past campaigns; write a bounded reallocation proposal when
    action is needed (proposals/<campaign>-pacing-<date>.yaml, approved with `mops approve`).

    Exit codes: 0 every plan on_track (or not started, or ended) without anomalies or a proposal, 1 any
    plan under, over or not judged, any anomaly or any proposal written, 2 usage or input error
    (nothing written).

    Example: mops pacing check --all --format json
    """
    from mops.commands._context import workspace
    from mops.commands._options import parse_day
    from mops.commands._output import print_json
    from mops.errors import EXIT_FINDINGS, EXIT_OK
    from mops.pacing.check import pacing_check
    from mops.pacing.text import reports_text

    if chart is not None:
        from mops.pacing.chart import check_chart_path

        check_chart_path(chart)  # a wrong path or no matplotlib: said before any work (and any proposal written)
    # the chart is rendered before anything is written, then written with the proposals, all or none
    reports = pacing_check(workspace(ctx), list(plans or []), all_plans=all_plans, as_of=parse_day(as_of), chart=chart)
    if fmt == PacingFormat.json:
        dumped = [report.model_dump(mode="json") for report in reports]
        # one plan named: its object; several or --all: a list of them
        print_json(dumped[0] if len(dumped) == 1 and plans and len(plans) == 1 and not all_plans and not plans[0].is_dir() else dumped)
    else:
        sys.stdout.write(reports_text(reports))
    # a proposal is action needed, whatever the pace: a scheduler's exit code says so
    calm = all(r.status in ("on_track", "not_started", "ended") and not r.anomalies and r.proposal is None for r in reports)
    raise typer.Exit(EXIT_OK if calm else EXIT_FINDINGS)
