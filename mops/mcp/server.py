"""The MCP server for one workspace (the `mcp` SDK's MCPServer over stdio)."""

from __future__ import annotations

from typing import Any

from mops import __version__

INSTRUCTIONS = """\
mops serves one marketing-operations workspace: its taxonomy, brand voice, plans, history and checks.
Every tool is a check or a read: lint copy and links, classify a UTM link, list the lint rules, query
the campaign history (read-only SQL), and judge a plan before launch (launch_check) or while it spends
(pacing_check). The checks write no proposal here.

No tool approves, rejects or applies a proposal, and no tool touches git history: a gatekeeper does
that with their own signing key (`mops approve`, `mops proposal apply`). Report what the checks say
and leave the go/no-go to people.

Paths are relative to the workspace root and must stay inside it. A tool error carries the message
and a hint on what to do.
"""


def build_server(ws: Any, *, allow_writes: bool = False) -> Any:
    """The MCPServer serving `ws`. `allow_writes` is accepted for the writing tools to come (drafts
    and proposals); this server has only read-only tools yet."""
    from mcp.server.mcpserver import MCPServer
    from mcp_types import ToolAnnotations

    from mops.mcp.tools import READ_ONLY_TOOLS, Tools

    server = MCPServer(name="mops", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")
    tools = Tools(ws)
    for name in READ_ONLY_TOOLS:
        server.add_tool(
            tools.guarded(name), name=name,
            annotations=ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False),
            structured_output=True,
        )
    return server


def serve(ws: Any, *, allow_writes: bool = False) -> None:
    """Serve `ws` on standard input and output until the client closes them."""
    build_server(ws, allow_writes=allow_writes).run("stdio")
