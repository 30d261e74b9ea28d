"""`mops launch check`: reconcile a plan's segment, tracking and budget before it spends."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

launch_app = typer.Typer(help="Before a campaign spends: reconcile segment, tracking, budget and readiness.", no_args_is_help=True)


class LaunchFormat(str, Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.add_typer(launch_app, name="launch", rich_help_panel="Campaigns")



@launch_app.command("check")
def check_cmd(
    ctx: typer.Context,
    plans: Optional[list[Path]] = typer.Argument(None, help="Plan files (plans/<campaign>.yaml), or a folder of them."),
    all_plans: bool = typer.Option(False, "--all", help="Every plan whose flight has not started yet."),
    fmt: LaunchFormat = typer.Option(LaunchFormat.text, "--format", "-f", help="text for people; json: per plan campaign, verdict, checks, corrections, proposal (`mops schema launch-check`)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help="Judge as on this day; default: today in each plan's time zone (mops.yaml's when the plan has none)."),
) -> None:
    """Reconcile each plan's CRM segment with the platforms' audiences, lint its links, confirm its
    budget against finance and check it is ready; give a verdict and write a proposal.

    Verdicts: go; go_after_fixes (only link corrections mops makes safely stand between the plan
    and a launch); no_go (a check failed). The proposal, proposals/<campaign>-launch.yaml, is what a
    gatekeeper approves with `mops approve`; a re-run rewrites it. No plan, copy or platform is changed.

    Exit codes: 0 every plan go, 1 any plan go_after_fixes or no_go, 2 usage or input error
    (nothing written).

    Example: mops launch check plans/2027-q2_spring-sale.yaml --format json
    """
    from mops.commands._context import workspace
    from mops.commands._options import parse_day
    from mops.commands._output import print_json
    from mops.errors import EXIT_FINDINGS, EXIT_OK
    from mops.launch.check import launch_check
    from mops.launch.text import reports_text

    reports = launch_check(workspace(ctx), list(plans or []), all_plans=all_plans, today=parse_day(as_of))
    if fmt == LaunchFormat.json:
        dumped = [report.model_dump(mode="json") for report in reports]
        # one plan named: its object; several or --all: a list of them
        print_json(dumped[0] if len(dumped) == 1 and plans and len(plans) == 1 and not all_plans and not plans[0].is_dir() else dumped)
    else:
        sys.stdout.write(reports_text(reports))
    raise typer.Exit(EXIT_OK if reports and all(r.verdict == "go" for r in reports) else EXIT_FINDINGS if reports else EXIT_OK)
