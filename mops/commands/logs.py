"""`mops logs [ID]`: the language-model calls `mops brief draft` made, as sent and as answered."""

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
) -> None:
    """List the model calls logged under .mops/logs/, or show one: the scrubbed prompt and the answer.

    Example: mops logs 20261206T031500-ab12cd
    """
    from mops.brief.calllog import list_calls, log_folder, read_call
    from mops.commands._context import workspace
    from mops.commands._output import note, print_json, print_table

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
        return
    rows = [
        [c.id, c.time.isoformat() if fmt == TableFormat.json else c.time.strftime("%Y-%m-%d %H:%M:%S"), c.model, c.outcome, c.tokens_in, c.tokens_out,
         None if c.cost is None else round(c.cost, 6), c.duration_seconds]
        for c in calls
    ]  # fmt: skip
    columns = ["id", "time", "model", "outcome", "tokens_in", "tokens_out", "cost_usd", "seconds"]
    print_table("model calls" if fmt == TableFormat.text else None, columns, rows, fmt)


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
