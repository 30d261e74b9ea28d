"""A record of every MCP tool call: one JSON line per call in `.mops/logs/mcp-YYYY-MM-DD.jsonl`
(the UTC day of the call): time, tool, arguments, duration_ms, result_bytes, ok and, on a refusal,
the error. Text an assistant sent (`text`: copy to lint; `transcript_text`: a kickoff transcript) is
logged as its length only, and personal data in the other arguments (an email in a URL, a phone
number in SQL) as placeholders, so the log holds nothing personal.

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


def _redacted(ws: Any, arguments: dict[str, Any]) -> dict[str, Any]:
    """The other arguments with personal data as placeholders (an email in a URL to tag, a phone
    number in SQL), as the server's results have it (mops.mcp.redact)."""
    from mops.mcp.redact import Redactor

    try:
        return Redactor.for_workspace(ws).value(arguments)
    except Exception:  # noqa: BLE001 - a workspace that no longer reads: keep only what cannot hold personal data
        return {k: (v if isinstance(v, (bool, int, float)) or v is None else {"length": len(str(v))}) for k, v in arguments.items()}


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
        "arguments": _redacted(ws, scrubbed(arguments)),
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


# ---- reading the log back: `mops logs --mcp` ------------------------------------------------

TYPE_CHECKING = False  # as in mops/errors.py: the models are imported when a log is read, not with log_call
if TYPE_CHECKING:
    from mops.models.calllog import LogProblem, McpCall, McpCallLog

CALL_COLUMNS = ("time", "tool", "outcome", "ms", "bytes", "arguments", "error")
# the start of every line log_call writes (json.dumps puts `time` first): where a record that was
# appended to a truncated line begins, so the call is listed even though the line before it broke
RECORD_START = '{"time": '


def read_calls(ws: Any, *, tool: str | None = None, since: dt.date | None = None) -> McpCallLog:
    """The MCP calls logged in `ws`'s .mops/logs/, oldest first: those of `tool`,
    from the UTC day `since` on. A line that is not a call record (a server stopped mid-write, a
    hand edit) is left out and named with its file and line in `problems`; the others still list."""
    from mops.models.calllog import McpCallLog

    folder = log_folder(ws)
    calls: list[McpCall] = []
    problems: list[LogProblem] = []
    for path in sorted(folder.glob("mcp-*.jsonl")) if folder is not None and folder.is_dir() else []:
        day = _file_day(path)
        if since is not None and day is not None and day < since:
            continue  # a file holds the calls of its UTC day: nothing in it is recent enough
        shown = _shown_path(ws, path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(_problem(shown, 1, f"cannot be read ({exc.strerror or exc}): skipped"))
            continue
        for number, raw in enumerate(data.split(b"\n"), start=1):
            if not raw.strip():
                continue
            call, problem = _read_line(raw, shown, number)
            calls += [call] if call is not None else []
            problems += [problem] if problem is not None else []
    calls = [c for c in calls if (tool is None or c.tool == tool) and (since is None or c.time.date() >= since)]
    calls.sort(key=lambda c: c.time)  # stable: two servers' lines of one moment keep their file order
    return McpCallLog(calls=calls, problems=problems)


def count_calls(ws: Any) -> int:
    """How many MCP calls are logged in `ws`, for the note under `mops logs`: its log files' lines,
    counted without reading them as records (a line that is not one counts too), since the note is
    printed on every `mops logs` and a busy server's log holds 100,000s of lines (reading them as
    records: ~15 us a line)."""
    folder = log_folder(ws)
    if folder is None or not folder.is_dir():
        return 0
    total = 0
    for path in folder.glob("mcp-*.jsonl"):
        try:
            total += sum(1 for raw in path.read_bytes().split(b"\n") if raw.strip())
        except OSError:
            continue  # read_calls names it when the calls are listed
    return total


def call_rows(calls: list[McpCall]) -> list[list[Any]]:
    """One row per call under CALL_COLUMNS, for a table people read."""
    return [
        [c.time.strftime("%Y-%m-%d %H:%M:%S"), c.tool, "ok" if c.ok else "error",
         round(c.duration_ms), c.result_bytes, argument_summary(c.arguments), _first_line(c.error)]
        for c in calls
    ]  # fmt: skip


def argument_summary(arguments: dict[str, Any], width: int = 60) -> str:
    """`name=value ...` on one line of at most `width` characters: lists joined by commas, a
    scrubbed text as its length, values too long for a table shortened."""
    parts = []
    for name, value in arguments.items():
        if value is None or value is False:
            continue  # an argument left at its default (every flag of a tool defaults to false)
        if name in SCRUBBED_ARGUMENTS and isinstance(value, dict) and "length" in value:
            shown = f"<{value['length']} chars>"
        elif isinstance(value, list):
            shown = ",".join(str(v) for v in value)
        elif isinstance(value, str) and (not value or any(ch.isspace() for ch in value)):
            shown = json.dumps(value, ensure_ascii=False)
        else:
            shown = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, bool)) else str(value)
        parts.append(f"{name}={_shortened(shown, 40)}")
    return _shortened(" ".join(parts), width)


def _read_line(raw: bytes, shown: str, number: int) -> tuple[McpCall | None, LogProblem | None]:
    """(the call, the problem) of one line: a call, a problem, or both when a whole record was
    appended to a line cut off mid-write."""
    from pydantic import ValidationError

    from mops.models.calllog import McpCall

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, _problem(shown, number, f"not UTF-8 text (byte {exc.start + 1}): skipped")
    try:
        return McpCall.model_validate_json(text), None
    except ValidationError as exc:
        error = exc.errors()[0]
        if error["type"] != "json_invalid":
            field = ".".join(str(part) for part in error["loc"])
            return None, _problem(shown, number, f"not a call record ({field}: {error['msg']}): skipped")
    start = text.rfind(RECORD_START, 1)
    if start > 0:
        try:
            call = McpCall.model_validate_json(text[start:])
        except ValidationError:
            pass
        else:
            return call, _problem(shown, number, f"a record cut off at column {start + 1} (a server stopped mid-write?): skipped; the record after it on the line is listed")
    return None, _problem(shown, number, "not a JSON record (cut off mid-write, or edited by hand): skipped")


def _problem(path: str, line: int, message: str) -> LogProblem:
    from mops.models.calllog import LogProblem

    return LogProblem(path=path, line=line, message=message)


def _file_day(path: Path) -> dt.date | None:
    try:
        return dt.date.fromisoformat(path.stem.removeprefix("mcp-"))
    except ValueError:
        return None


def _shown_path(ws: Any, path: Path) -> str:
    """`path` relative to the workspace root, as messages show files."""
    try:
        return path.relative_to(ws.root).as_posix()
    except (TypeError, ValueError):
        return str(path)


def _first_line(text: str | None) -> str | None:
    return None if text is None else _shortened(text.strip().splitlines()[0].removeprefix("error: ") if text.strip() else "", 60)


def _shortened(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
