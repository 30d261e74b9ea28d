"""`mops logs [ID]`: the language-model calls `mops brief draft` made, as sent and as answered;
`mops logs --mcp`: the tool calls `mops mcp` served."""

from __future__ import annotations

from typing import Optional

import typer

from mops.commands._output import TableFormat


def register(app: typer.Typer) -> None:
    app.command("logs", rich_help_panel="Plan")(logs)


def logs(
    ctx: typer.Context,
    call_id: Optional[str] = typer.Argument(None, metavar="ID", help="A call's id (or the start of one) to show it whole. Default: list them."),
    fmt: TableFormat = typer.Option(TableFormat.text, "--format", "-f", help="text or json. Default: text."),
    mcp: bool = typer.Option(False, "--mcp", help="List the MCP tool calls (`mops mcp`) instead of the model calls."),
    tool: Optional[str] = typer.Option(None, "--tool", help="With --mcp: only the calls of this tool, e.g. lint."),
    since: Optional[str] = typer.Option(None, "--since", help="With --mcp: only calls from this UTC day on, YYYY-MM-DD."),
) -> None:
    """List the model calls logged under .mops/logs/, or show one: the scrubbed prompt and the answer.

    With --mcp, list the MCP tool calls instead: time (UTC), tool, outcome, milliseconds, result
    bytes, arguments (a text as its length) and the error of a refused call. A log line that cannot
    be read (a server stopped mid-write, a hand edit) is named on stderr with its file and line, and
    the other calls are still listed: exit 0 (with --format json, the lines are in `problems`).

    Examples: mops logs 20261206T031500-ab12cd · mops logs --mcp --tool lint --since 2026-12-01
    """
    from mops.brief.calllog import list_calls, log_folder, read_call
    from mops.commands._context import workspace
    from mops.commands._output import note, print_json, print_table

    if mcp or tool is not None or since is not None:
        _mcp_calls(ctx, call_id, mcp, tool, since, fmt)
        return
    log_dir = log_folder(workspace(ctx))
    if call_id is not None:
        call = read_call(log_dir, call_id)
        if fmt == TableFormat.json:
            print_json(call.model_dump(mode="json"))
        else:
            typer.echo(_render(call))
        return
    calls = list_calls(log_dir)
    if not calls and fmt == TableFormat.text:
        note("no model calls logged yet (`mops brief draft --model M` logs each call under .mops/logs/)")
        _note_mcp_calls(ctx)
        return
    rows = [
        [c.id, c.time.isoformat() if fmt == TableFormat.json else c.time.strftime("%Y-%m-%d %H:%M:%S"), c.model, c.outcome, c.tokens_in, c.tokens_out,
         None if c.cost is None else round(c.cost, 6), c.duration_seconds]
        for c in calls
    ]  # fmt: skip
    columns = ["id", "time", "model", "outcome", "tokens_in", "tokens_out", "cost_usd", "seconds"]
    print_table("model calls" if fmt == TableFormat.text else None, columns, rows, fmt)
    if fmt == TableFormat.text:
        _note_mcp_calls(ctx)


def _mcp_calls(ctx: typer.Context, call_id: Optional[str], mcp: bool, tool: Optional[str], since: Optional[str], fmt: TableFormat) -> None:
    """`mops logs --mcp`: the MCP tool calls, the lines that could not be read named on stderr."""
    from mops.commands._context import workspace
    from mops.commands._options import parse_day
    from mops.commands._output import note, print_json, print_table
    from mops.errors import UsageError
    from mops.mcp.calllog import CALL_COLUMNS, call_rows, read_calls

    if not mcp:
        raise UsageError(f"{'--tool' if tool is not None else '--since'} filters the MCP tool calls", hint="add --mcp: mops logs --mcp")
    if call_id is not None:
        raise UsageError("--mcp lists the MCP tool calls; an ID shows one model call", hint="drop the ID, or --mcp")
    log = read_calls(workspace(ctx), tool=tool, since=parse_day(since))
    if fmt == TableFormat.json:
        print_json(log.model_dump(mode="json"))
    elif log.calls:
        print_table("MCP tool calls (UTC)", CALL_COLUMNS, call_rows(log.calls), fmt)
    else:
        note("no MCP tool calls logged" + (" that match" if tool or since else " yet (`mops mcp` logs each call under .mops/logs/)"))
    for problem in log.problems:
        note(f"{problem.path}:{problem.line}: warning: {problem.message}")


def _note_mcp_calls(ctx: typer.Context) -> None:
    """Under the model calls: that MCP tool calls are logged too, and how to list them."""
    from mops.commands._context import workspace
    from mops.commands._output import note
    from mops.mcp.calllog import count_calls

    count = count_calls(workspace(ctx))
    if count:
        note(f"{count} MCP tool call{'s' if count != 1 else ''} logged: mops logs --mcp")


def _render(call) -> str:  # noqa: ANN001 - a CallLog
    head = [
        f"id:       {call.id}",
        f"time:     {call.time.isoformat()}",
        f"model:    {call.model}" + (f" at {call.api_base}" if call.api_base else ""),
        f"attempt:  {call.attempt}",
        f"outcome:  {call.outcome}" + (f": {call.error}" if call.error else ""),
        f"tokens:   {call.tokens_in if call.tokens_in is not None else '?'} in, {call.tokens_out if call.tokens_out is not None else '?'} out",
        f"cost:     {'unknown' if call.cost is None else f'{call.cost:.6f} USD'}",
        f"duration: {call.duration_seconds:.2f} s",
    ]
    parts = ["\n".join(head)]
    for message in call.messages:
        parts.append(f"--- {message.get('role', '?')} ---\n{message.get('content', '')}")
    parts.append(f"--- response ---\n{call.response if call.response is not None else '(none)'}")
    return "\n\n".join(parts)
