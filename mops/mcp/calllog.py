"""A record of every MCP tool call: one JSON line per call in `.mops/logs/mcp-YYYY-MM-DD.jsonl`
(the UTC day of the call): time, tool, arguments, duration_ms, result_bytes, ok and, on a refusal,
the error. Text an assistant sent (`text`: copy to lint; `transcript_text`: a kickoff transcript) is
logged as its length only, so the log holds nothing personal from it.

Each line is written with one append (O_APPEND) of the whole line, so lines from two servers on
the same workspace do not interleave."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from mops.brief.calllog import log_folder

# arguments logged as their length, never their content
SCRUBBED_ARGUMENTS = ("text", "transcript_text")


def log_path(ws: Any, now: dt.datetime) -> Path | None:
    """Where the calls of `now`'s UTC day go; None when the workspace has no state folder."""
    folder = log_folder(ws)
    return None if folder is None else folder / f"mcp-{now.astimezone(dt.timezone.utc):%Y-%m-%d}.jsonl"


def scrubbed(arguments: dict[str, Any]) -> dict[str, Any]:
    """`arguments` with each text a client sent (copy, a transcript) replaced by its length, as {"text": {"length": N}}."""
    return {k: ({"length": len(v)} if k in SCRUBBED_ARGUMENTS and isinstance(v, str) else v) for k, v in arguments.items()}


def log_call(
    ws: Any, *, start: dt.datetime, tool: str, arguments: dict[str, Any], duration_ms: float,
    result_bytes: int | None, error: str | None = None,
) -> None:
    """Append the record of one call. A log that cannot be written never fails the call."""
    path = log_path(ws, start)
    if path is None:
        return
    record = {
        "time": start.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds"),
        "tool": tool,
        "arguments": scrubbed(arguments),
        "duration_ms": round(duration_ms, 1),
        "result_bytes": result_bytes,
        "ok": error is None,
    }
    if error is not None:
        record["error"] = error
    line = (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
    except OSError:
        pass
