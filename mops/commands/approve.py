"""`mops approve ARTIFACT...`: sign a decision on files of the workspace and commit it."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    app.command("approve", rich_help_panel="Approvals")(approve)


def approve(
    ctx: typer.Context,
    artifacts: list[Path] = typer.Argument(..., help="Briefs, plans, proposals or copy files to decide on; each must be committed as it is."),
    reject: bool = typer.Option(False, "--reject", help="Record a rejection instead: it stands until someone approves after it."),
    comment: Optional[str] = typer.Option(None, "--comment", "-m", help="Why, for the record and the commit message (required with --reject)."),
    override: Optional[str] = typer.Option(None, "--override", help="Approve although the artifact's checks fail, for this reason (recorded and shown by verify)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Approve (or --reject) artifacts: run their checks, sign the decision with your git SSH signing key, commit it.

    The artifact's own checks run first (`mops brief check` for a brief, validation and lint for a
    plan or proposal, `mops lint` for copy); a failing artifact is refused unless --override gives
    a reason. The decision is kept as a signed record under approvals/records/ and committed as a
    signed commit (git commit -S) with Mops-Decision, Mops-Artifact, Mops-Artifact-SHA256 and
    Approved-by trailers. Needs git's signing set up with an SSH key listed in the allowed-signers
    file (README: "For gatekeepers").

    Exit codes: 0 recorded, 1 refused because checks failed, 2 usage or set-up error (no signing key,
    key not SSH or not listed, file not committed, unrelated staged changes).

    Example: mops approve briefs/2026-q4_black-friday.md --comment "budget agreed with finance"
    """
    from mops.approvals.approve import approve as run_approve
    from mops.commands._context import workspace
    from mops.commands._output import note, print_json
    from mops.errors import EXIT_FINDINGS, UsageError

    if fmt not in ("text", "json"):
        raise UsageError(f"unknown format {fmt!r}", hint="--format text or json")
    result = run_approve(workspace(ctx), artifacts, decision="rejected" if reject else "approved", comment=comment, override=override)
    if fmt == "json":
        print_json(result.model_dump(mode="json"))
    else:
        for check in result.checks:
            if not check.passed:
                note(f"{check.artifact}: {check.checks} failed:")
                for problem in check.problems:
                    note(f"  {problem}")
        for line in result.notes:
            note(f"note: {line}")
        if result.refused:
            note("nothing recorded: fix the problems and commit, or approve anyway with --override \"<reason>\"")
        else:
            verb = "approved" if result.decision == "approved" else "rejected"
            for record in result.records:
                typer.echo(f"{verb}: {record}")
            for rejection in result.overturns:
                typer.echo(f"made after the rejection {rejection}: this approval overturns it")
            typer.echo(f"signed commit {result.commit[:12] if result.commit else '?'} by {result.signer}")
            for status in result.states:
                typer.echo(f"{status.artifact} is now {status.state}: {status.reason}")
    if result.refused:
        raise typer.Exit(EXIT_FINDINGS)
