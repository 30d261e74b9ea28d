"""The MCP server for one workspace (the `mcp` SDK's FastMCP, 1.x, over stdio)."""

from __future__ import annotations

from typing import Any

from mops import __version__

INSTRUCTIONS = """\
mops serves one marketing-operations workspace: its taxonomy, brand voice, plans, briefs, history and
checks. Tools lint copy and links, build and classify UTM links, list the lint rules, query the
campaign history (read-only SQL) and judge a plan before launch (launch_check) or while it spends
(pacing_check); a check's observations also arrive as log notifications while it runs. Resources
hold the taxonomy (mops://taxonomy), the brand voice, the rules, the history schema, each plan and
each brief; the prompts draft_brief and prepare_launch give the steps of the two common jobs.
{writes}
No tool approves, rejects or applies a proposal, and no tool touches git history: a gatekeeper does
that with their own signing key (`mops approve`, `mops proposal apply`). Report what the checks say
and leave the go/no-go to people.

Paths are relative to the workspace root and must stay inside it. A tool error carries the message
and a hint on what to do. Results never hold personal data: it comes back as placeholders ([EMAIL_1]).
"""

READ_ONLY_NOTE = """
This server was started read-only: no tool writes a file, and the checks write no proposal.
"""

WRITES_NOTE = """
This server may write drafts, only when a call asks: brief_draft with write=true writes
briefs/<campaign>.md (never over an existing brief); lint_fix with apply=true writes the lint's safe
fixes to the linted files; launch_check and pacing_check with write_proposal=true write proposals/.
Ask the user before writing.
"""


def build_server(ws: Any, *, allow_writes: bool = False) -> Any:
    """The FastMCP server serving `ws`: the read-only tools, and with `allow_writes` the drafting tools
    and the checks that may write a proposal; the resources and prompts."""
    from mcp.server.fastmcp import FastMCP
    from mcp.types import ToolAnnotations

    from mops.mcp.prompts import register_prompts
    from mops.mcp.resources import register_resources
    from mops.mcp.tools import PROPOSING_TOOLS, READ_ONLY_TOOLS, WRITING_TOOLS, Tools

    tools = Tools(ws, allow_writes=allow_writes)

    class Server(FastMCP):
        """FastMCP with tools that refuse an argument they do not take (FastMCP 1.x drops it
        without a word) and say so in their schemas (`additionalProperties: false`)."""

        async def list_tools(self) -> list:
            listed = await super().list_tools()
            for tool in listed:
                tool.inputSchema = {**tool.inputSchema, "additionalProperties": False}
            return listed

        async def call_tool(self, name: str, arguments: dict[str, Any]) -> Any:
            if name in READ_ONLY_TOOLS or (allow_writes and name in WRITING_TOOLS):  # others: the SDK's "unknown tool"
                tools.refuse_unknown(name, arguments)
            return await super().call_tool(name, arguments)

    instructions = INSTRUCTIONS.format(writes=WRITES_NOTE if allow_writes else READ_ONLY_NOTE)
    server = Server(name="mops", instructions=instructions, log_level="WARNING")
    # FastMCP 1.x takes no version; its low-level server does (else the initialize result names the SDK's)
    server._mcp_server.version = __version__
    reading = ToolAnnotations(readOnlyHint=True, destructiveHint=False, idempotentHint=True, openWorldHint=False)
    # a writing tool adds files or applies a safe fix; it never removes one or replaces a brief
    writing = ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=False, openWorldHint=False)
    for name in READ_ONLY_TOOLS:
        proposes = allow_writes and name in PROPOSING_TOOLS
        server.add_tool(tools.guarded(name), name=name, annotations=writing if proposes else reading, structured_output=True)
    if allow_writes:
        for name in WRITING_TOOLS:
            server.add_tool(tools.guarded(name), name=name, annotations=writing, structured_output=True)
    register_resources(server, ws, current=tools.fresh)
    register_prompts(server, allow_writes=allow_writes)
    return server


def serve(ws: Any, *, allow_writes: bool = False) -> None:
    """Serve `ws` on standard input and output until the client closes them."""
    build_server(ws, allow_writes=allow_writes).run("stdio")
