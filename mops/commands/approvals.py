"""`mops approvals verify|stats` and `mops queue`: where approvals stand."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

approvals_app = typer.Typer(help="Verify signed approvals (CI), and measure how decisions go.", no_args_is_help=True)


class VerifyFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class QueueFormat(str, Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.add_typer(approvals_app, name="approvals", rich_help_panel="Approvals")
    app.command("queue", rich_help_panel="Approvals")(queue_cmd)


@approvals_app.command("verify")
def verify_cmd(
    ctx: typer.Context,
    artifacts: Optional[list[Path]] = typer.Argument(None, help="Artifacts (or folders) to verify. Default: those changed since --base, or all."),
    base: Optional[str] = typer.Option(None, "--base", help="The pull request's base commit: verify what changed since, against the signers and rules it has."),
    fmt: VerifyFormat = typer.Option(VerifyFormat.text, "--format", "-f", help="text, json or github (annotations)."),
) -> None:
    """Check that artifacts carry valid approvals: signed by allowed keys, naming the current bytes, enough of them.

    Each artifact is approved, pending, stale (changed since approval), rejected or invalid (a
    record that does not verify). With --base, the allowed signers and rules are read from the base
    commit, so a pull request cannot approve itself by adding its own key or loosening the rules.

    Exit codes: 0 every artifact approved (or none to verify, said on stdout), 1 any not approved,
    2 usage or configuration error.

    Example: mops approvals verify --base origin/main --format github
    """
    from mops.approvals.formats import errors_github, verify_github, verify_text
    from mops.approvals.verify import verify
    from mops.commands._context import workspace
    from mops.commands._output import note, print_json
    from mops.errors import EXIT_FINDINGS, EXIT_OK, MopsError, MultipleErrors

    try:
        report = verify(workspace(ctx), base=base, artifacts=list(artifacts or []))
    except MopsError as exc:
        if fmt == VerifyFormat.github:  # CI readers see annotations, not the log
            sys.stdout.write(errors_github(exc.errors if isinstance(exc, MultipleErrors) else [exc]))
        raise
    if fmt == VerifyFormat.json:
        print_json(report.model_dump(mode="json"))
    elif fmt == VerifyFormat.github:
        sys.stdout.write(verify_github(report))
    else:
        sys.stdout.write(verify_text(report))
        for line in report.notes:
            note(f"note: {line}")
    raise typer.Exit(EXIT_OK if report.ok else EXIT_FINDINGS)


@approvals_app.command("stats")
def stats_cmd(
    ctx: typer.Context,
    fmt: QueueFormat = typer.Option(QueueFormat.text, "--format", "-f", help="text or json."),
) -> None:
    """Per month: decisions, rejection rate, re-approvals after changes, and approval lead time.

    Lead time runs from the commit of the decided bytes to the commit of the decision; only records
    whose signatures verify count.

    Example: mops approvals stats --format json
    """
    from mops.approvals.formats import duration
    from mops.approvals.verify import stats
    from mops.commands._context import workspace
    from mops.commands._output import TableFormat, note, print_json, print_table

    report = stats(workspace(ctx))
    if fmt == QueueFormat.json:
        print_json(report.model_dump(mode="json"))
        return
    rows = [
        (m.month, m.decisions, m.approvals, m.rejections, "" if m.rejection_rate is None else f"{m.rejection_rate:.0%}", m.re_approvals,
         duration(m.median_lead_time_hours), duration(m.mean_lead_time_hours))
        for m in report.months
    ]
    print_table("Approvals per month", ["month", "decisions", "approved", "rejected", "rejection rate", "re-approvals", "median lead time", "mean lead time"], rows, TableFormat.text)
    if not report.months:
        note("no signed decision committed yet")
    if report.invalid_records:
        note(f"{report.invalid_records} record(s) left out: they do not verify (`mops approvals verify` says why)")


def queue_cmd(
    ctx: typer.Context,
    fmt: QueueFormat = typer.Option(QueueFormat.text, "--format", "-f", help="text or json."),
    all_: bool = typer.Option(False, "--all", help="Also list approved artifacts."),
) -> None:
    """The decision queue: each artifact awaiting a decision, who approved, what is still needed, age; past-SLA items first and flagged.

    Reads the working tree's signers and rules (what the team has now).

    Example: mops queue
    """
    from mops.approvals.formats import queue_row
    from mops.approvals.verify import queue
    from mops.commands._context import workspace
    from mops.commands._output import note, print_json, print_table, use_rich

    report = queue(workspace(ctx), include_approved=all_)
    if fmt == QueueFormat.json:
        print_json(report.model_dump(mode="json"))
        return
    if not report.artifacts:
        typer.echo("nothing awaits a decision")
        return
    rows = [tuple(queue_row(s)) for s in report.artifacts]
    # the title on a terminal only: piped, the first line is the header (scripts read it)
    print_table("Decision queue" if use_rich() else None, ["state", "artifact", "approved by", "still needed", "age", "SLA"], rows,
                styles=["error" if s.past_sla else "" for s in report.artifacts])
    past = sum(1 for s in report.artifacts if s.past_sla)
    if past:
        note(f"{past} item{'s' if past > 1 else ''} past the SLA")
