"""`mops mcp`: serve the workspace's checks and history over the Model Context Protocol (stdio)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    app.command("mcp", rich_help_panel="Check")(mcp)


MISSING_SDK = "the MCP server needs the mcp package: pip install 'mops[mcp]'"


def mcp(
    ctx: typer.Context,
    workspace_dir: Optional[Path] = typer.Option(
        None, "--workspace", "-w", help="The workspace to serve (its folder or mops.yaml). Default: mops's --workspace, else searched upward.",
    ),
    allow_writes: bool = typer.Option(
        False, "--allow-writes", help="Let an assistant write drafts when a call asks: briefs (brief_draft, never over an existing one), the lint's safe fixes (lint_fix) and proposals (launch_check, pacing_check). No tool ever approves, rejects or applies.",
    ),
) -> None:
    """Serve the workspace to an AI assistant over the Model Context Protocol, on standard input and output.

    Tools: lint, utm_build, utm_classify, rules, history_query (read-only SQL), history_report,
    history_similar, queue, approvals_verify, launch_check and pacing_check; with --allow-writes
    also brief_draft and lint_fix. Resources: the taxonomy, brand voice, rules, history schema, each
    plan and brief. Prompts: draft_brief, prepare_launch. Paths stay inside the workspace; results
    hold no personal data; every call is logged under .mops/logs/. No tool approves, rejects or
    applies a proposal, or touches git history: a gatekeeper does that with their key.

    Needs the optional mcp package (pip install 'mops\\[mcp]'). Exit 2 when it is missing or the
    workspace cannot be loaded.

    Example: mops mcp --workspace ~/marketing --allow-writes
    """
    from mops.commands._context import state
    from mops.errors import UsageError

    try:
        import mcp.server.fastmcp  # noqa: F401 - said before the workspace is read
    except ImportError:
        raise UsageError(MISSING_SDK, hint="the mcp extra holds the official Model Context Protocol SDK") from None
    if workspace_dir is not None:
        state(ctx).workspace_option = workspace_dir
    ws = state(ctx).workspace()
    if ws.root is None:
        raise UsageError("no workspace to serve", hint="give --workspace DIR, or run mops mcp inside a workspace (mops init makes one)")
    from mops.mcp.server import serve

    serve(ws, allow_writes=allow_writes)
