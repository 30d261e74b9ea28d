"""`mops proposal apply`: carry out an approved reallocation proposal, once."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

proposal_app = typer.Typer(help="Carry out approved proposals: change the plan, write bulk sheets to upload.", no_args_is_help=True)


class ApplyFormat(str, Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.add_typer(proposal_app, name="proposal", rich_help_panel="Campaigns")


@proposal_app.command("apply")
def apply_cmd(
    ctx: typer.Context,
    proposal: Path = typer.Argument(..., help="A reallocation proposal (proposals/<campaign>-pacing-<date>.yaml)."),
    base: Optional[str] = typer.Option(None, "--base", help="Read the allowed signers and rules from this commit, as `approvals verify --base` does (default: HEAD; never the working tree)."),
    fmt: ApplyFormat = typer.Option(ApplyFormat.text, "--format", "-f", help="text for people; json: the changes, campaigns, sheets and notes."),
) -> None:
    """Apply an approved reallocation: update the plan's channel budgets and write bulk-edit sheets
    (Google Ads Editor, Meta bulk import) under proposals/<proposal>/ for a person to upload.

    Only a proposal `mops approvals verify` accepts for its current bytes, and only once: the
    proposal is marked applied, which changes its bytes. No platform is called.

    Exit codes: 0 applied, 1 refused (not approved, stale, already applied; nothing written),
    2 usage or input error (nothing written).

    Example: mops proposal apply proposals/2026-q4_black-friday-pacing-2026-11-23.yaml
    """
    from mops.commands._context import workspace
    from mops.commands._output import print_json
    from mops.errors import EXIT_FINDINGS, EXIT_OK
    from mops.pacing.apply import apply_proposal

    result = apply_proposal(workspace(ctx), proposal, base=base)
    if fmt == ApplyFormat.json:
        print_json(result.model_dump(mode="json"))
    elif result.refused:
        sys.stderr.write(f"mops proposal apply: refused: {result.refused}\n" + "".join(f"  note: {n}\n" for n in result.notes))
    else:
        out = [f"applied {result.proposal} to {result.plan} on {result.applied}"]
        for c in result.changes:
            out.append(f"  {c.channel}: {c.budget_before:,.2f} -> {c.budget_after:,.2f}")
        for c in result.campaigns:
            where = c.sheet or "by hand"
            out.append(f"  {c.platform} {c.campaign_name or c.campaign_id}: daily budget {c.daily_budget:,.2f} for {c.days_left} days ({where})")
        out += [f"  sheet: {s}" for s in result.sheets]
        out += [f"  note: {n}" for n in result.notes]
        sys.stdout.write("\n".join(out) + "\n")
    if result.refused and fmt == ApplyFormat.json:
        sys.stderr.write(f"mops proposal apply: refused: {result.refused}\n")
    raise typer.Exit(EXIT_FINDINGS if result.refused else EXIT_OK)
