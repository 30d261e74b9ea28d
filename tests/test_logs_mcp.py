"""`mops logs --mcp` lists the tool calls `mops mcp` logged: on logs the real server wrote (started
as a subprocess, spoken to with the SDK's stdio client) and on hand-written logs with broken lines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
from mcp.client.session import ClientSession
from tests.mcp_support import serve as _serve

from mops.brief.calllog import CallLog, write_call

COLUMNS = ["time", "tool", "outcome", "ms", "bytes", "arguments", "error"]


def _rows(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    assert lines[0] == "MCP tool calls (UTC)"
    assert lines[1].split() == COLUMNS
    return lines[2:]


def _record(time: str, tool: str, arguments: dict[str, Any], duration_ms: float = 10.0, result_bytes: int | None = 100,
            error: str | None = None) -> str:
    """A log line as the server writes it (keys in its order: `time` first)."""
    record = {"time": time, "tool": tool, "arguments": arguments, "duration_ms": duration_ms, "result_bytes": result_bytes,
              "ok": error is None}  # fmt: skip
    if error is not None:
        record["error"] = error
    return json.dumps(record)


def _write_log(ws: Path, day: str, content: bytes | str) -> Path:
    path = ws / ".mops" / "logs" / f"mcp-{day}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_lists_the_calls_the_server_logged(mops, example_workspace: Path) -> None:
    secret = "Dear Jane Doe, jane.doe@example.com: buy now!!!"
    first_day = dt.datetime.now(dt.timezone.utc).date()

    async def calls(session: ClientSession) -> Any:
        return [await session.call_tool("lint", {"paths": ["dirty/links-agency.csv"]}),
                await session.call_tool("lint", {"text": secret, "filename": "ad.md"}),
                await session.call_tool("history_query", {"sql": "DELETE FROM facts"}),
                await session.call_tool("rules", {})]

    (linted, linted_text, refused, rules), _ = _serve(example_workspace, calls)
    assert refused.isError and not linted.isError and not rules.isError

    listed = mops("logs", "--mcp", cwd=example_workspace)
    assert listed.exit_code == 0, listed.stderr
    assert listed.stderr == ""
    rows = _rows(listed.stdout)
    assert [row.split()[2:4] for row in rows] == [["lint", "ok"], ["lint", "ok"], ["history_query", "error"], ["rules", "ok"]]
    assert "paths=dirty/links-agency.csv" in rows[0]
    assert f"text=<{len(secret)} chars> filename=ad.md" in rows[1]  # the copy's length, never the copy
    assert 'sql="DELETE FROM facts"' in rows[2] and "DELETE statements are not allowed (only SELECT)" in rows[2]
    assert "Jane" not in listed.stdout and "jane.doe" not in listed.stdout

    as_json = mops("logs", "--mcp", "--format", "json", cwd=example_workspace)
    assert as_json.exit_code == 0
    log = json.loads(as_json.stdout)
    jsonschema.validate(log, json.loads(mops("schema", "mcp-calls").stdout))
    assert log["problems"] == []
    assert [(c["tool"], c["ok"]) for c in log["calls"]] == [("lint", True), ("lint", True), ("history_query", False), ("rules", True)]
    # the size of what the assistant was sent: the result's JSON, as compact as pydantic writes it
    for call, served in zip(log["calls"], (linted, linted_text, None, rules)):
        if served is not None:
            size = len(json.dumps(served.structuredContent, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
            assert call["result_bytes"] == size
    assert log["calls"][2]["result_bytes"] is None and "not allowed" in log["calls"][2]["error"]
    assert log["calls"][1]["arguments"]["text"] == {"length": len(secret)}
    times = [dt.datetime.fromisoformat(c["time"]) for c in log["calls"]]
    assert times == sorted(times) and all(t.utcoffset() == dt.timedelta(0) for t in times)
    assert rows[0].startswith(times[0].strftime("%Y-%m-%d %H:%M:%S"))

    only_lint = json.loads(mops("logs", "--mcp", "--tool", "lint", "--format", "json", cwd=example_workspace).stdout)
    assert only_lint["calls"] == log["calls"][:2]
    since_first = json.loads(mops("logs", "--mcp", "--since", first_day.isoformat(), "--format", "json", cwd=example_workspace).stdout)
    assert since_first["calls"] == log["calls"]
    after_last = (times[-1].date() + dt.timedelta(days=1)).isoformat()
    none_since = mops("logs", "--mcp", "--since", after_last, cwd=example_workspace)
    assert none_since.exit_code == 0 and none_since.stdout == ""
    assert "no MCP tool calls logged that match" in none_since.stderr

    # the model call listing is as it was, with a note on stderr
    default = mops("logs", cwd=example_workspace)
    assert default.exit_code == 0 and default.stdout == ""
    assert default.stderr.splitlines() == [
        "no model calls logged yet (`mops brief draft --model M` logs each call under .mops/logs/)",
        "4 MCP tool calls logged: mops logs --mcp",
    ]
    default_json = mops("logs", "--format", "json", cwd=example_workspace)
    assert default_json.exit_code == 0 and json.loads(default_json.stdout) == [] and default_json.stderr == ""


def test_model_call_listing_is_unchanged_by_mcp_calls(mops, example_workspace: Path) -> None:
    record = CallLog(id="20261120T101500-abc123", time=dt.datetime(2026, 11, 20, 10, 15, tzinfo=dt.timezone.utc), model="gpt-4o-mini",
                     tokens_in=40, tokens_out=9, duration_seconds=1.5, outcome="ok")  # fmt: skip
    write_call(example_workspace / ".mops" / "logs", record)
    before, before_json = mops("logs", cwd=example_workspace), mops("logs", "--format", "json", cwd=example_workspace)
    assert before.stderr == ""
    _write_log(example_workspace, "2026-12-06", _record("2026-12-06T09:00:00.000+00:00", "rules", {}) + "\n")

    after, after_json = mops("logs", cwd=example_workspace), mops("logs", "--format", "json", cwd=example_workspace)
    assert after.exit_code == 0 and after.stdout == before.stdout
    assert after.stdout.splitlines()[2].split()[:2] == ["20261120T101500-abc123", "2026-11-20"]
    assert after.stderr == "1 MCP tool call logged: mops logs --mcp\n"
    assert after_json.stdout == before_json.stdout and after_json.stderr == ""
    assert [row["id"] for row in json.loads(after_json.stdout)] == ["20261120T101500-abc123"]


def test_broken_lines_are_named_and_the_other_calls_still_listed(mops, example_workspace: Path) -> None:
    good = _record("2026-12-05T10:00:00.000+00:00", "lint", {"paths": ["copy/a.md"]}, duration_ms=12.4, result_bytes=2048)
    cut = _record("2026-12-05T11:00:00.000+00:00", "rules", {})[:40]  # the server stopped mid-write
    _write_log(example_workspace, "2026-12-05", f"{good}\n{cut}")
    # the next server's first record was appended to the cut line; then a hand edit, and bytes that are no text
    appended = _record("2026-12-06T08:00:00.000+00:00", "utm_classify", {"url": "https://shop.example/?utm_source=x"}, duration_ms=3.6, result_bytes=512)
    edited = _record("2026-12-06T08:30:00.000+00:00", "lint", {}).replace('"duration_ms": 10.0', '"duration_ms": "fast"')
    last = _record("2026-12-06T09:00:00.000+00:00", "history_report", {"name": "roi", "since": None}, duration_ms=250.0, result_bytes=9000)
    _write_log(example_workspace, "2026-12-06", f"{cut}{appended}\n{edited}\n".encode() + b'{"time": "\xff\xfe"}\n' + f"{last}\n".encode())

    listed = mops("logs", "--mcp", cwd=example_workspace)
    assert listed.exit_code == 0  # a log viewer shows what it can read; the warnings say what it could not
    rows = _rows(listed.stdout)
    assert [row.split()[:6] for row in rows] == [
        ["2026-12-05", "10:00:00", "lint", "ok", "12", "2048"],
        ["2026-12-06", "08:00:00", "utm_classify", "ok", "4", "512"],
        ["2026-12-06", "09:00:00", "history_report", "ok", "250", "9000"],
    ]
    assert rows[1].split()[6] == "url=https://shop.example/?utm_source=x"
    assert rows[2].split()[6:] == ["name=roi"]  # an argument left unset is not shown
    assert listed.stderr.splitlines() == [
        ".mops/logs/mcp-2026-12-05.jsonl:2: warning: not a JSON record (cut off mid-write, or edited by hand): skipped",
        ".mops/logs/mcp-2026-12-06.jsonl:1: warning: a record cut off at column 41 (a server stopped mid-write?): skipped; "
        "the record after it on the line is listed",
        ".mops/logs/mcp-2026-12-06.jsonl:2: warning: not a call record (duration_ms: Input should be a valid number, "
        "unable to parse string as a number): skipped",
        ".mops/logs/mcp-2026-12-06.jsonl:3: warning: not UTF-8 text (byte 11): skipped",
    ]

    as_json = mops("logs", "--mcp", "--format", "json", cwd=example_workspace)
    assert as_json.exit_code == 0
    log = json.loads(as_json.stdout)
    assert [c["tool"] for c in log["calls"]] == ["lint", "utm_classify", "history_report"]
    assert [(p["path"], p["line"]) for p in log["problems"]] == [
        (".mops/logs/mcp-2026-12-05.jsonl", 2), (".mops/logs/mcp-2026-12-06.jsonl", 1),
        (".mops/logs/mcp-2026-12-06.jsonl", 2), (".mops/logs/mcp-2026-12-06.jsonl", 3),
    ]
    jsonschema.validate(log, json.loads(mops("schema", "mcp-calls").stdout))


def test_since_is_the_utc_day_and_tool_filters_by_name(mops, example_workspace: Path) -> None:
    _write_log(example_workspace, "2026-12-05", _record("2026-12-05T23:59:59.000+00:00", "lint", {"paths": ["copy/a.md"]}) + "\n")
    _write_log(example_workspace, "2026-12-06", "\n".join([
        _record("2026-12-06T00:00:00.000+00:00", "lint", {"text": {"length": 7}, "filename": "ad.md"}),
        _record("2026-12-06T01:00:00.000+02:00", "rules", {}),  # 23:00 UTC on the 5th, in a line moved by hand
        _record("2026-12-06T12:00:00.000+00:00", "queue", {"include_approved": True}),
        _record("2026-12-06T12:05:00.000+00:00", "launch_check", {"plans": ["plans/a.yaml", "plans/b.yaml"], "all_plans": False}),
    ]) + "\n")  # fmt: skip

    def listed(*args: str) -> list[tuple[str, str]]:
        result = mops("logs", "--mcp", *args, "--format", "json", cwd=example_workspace)
        assert result.exit_code == 0, result.stderr
        return [(c["time"], c["tool"]) for c in json.loads(result.stdout)["calls"]]

    assert listed() == [("2026-12-05T23:00:00Z", "rules"), ("2026-12-05T23:59:59Z", "lint"), ("2026-12-06T00:00:00Z", "lint"),
                        ("2026-12-06T12:00:00Z", "queue"), ("2026-12-06T12:05:00Z", "launch_check")]  # fmt: skip
    assert listed("--since", "2026-12-06") == [("2026-12-06T00:00:00Z", "lint"), ("2026-12-06T12:00:00Z", "queue"),
                                               ("2026-12-06T12:05:00Z", "launch_check")]  # fmt: skip
    assert listed("--tool", "lint") == [("2026-12-05T23:59:59Z", "lint"), ("2026-12-06T00:00:00Z", "lint")]
    assert listed("--tool", "lint", "--since", "2026-12-06") == [("2026-12-06T00:00:00Z", "lint")]
    assert listed("--tool", "approve") == []
    text = _rows(mops("logs", "--mcp", "--since", "2026-12-06", cwd=example_workspace).stdout)
    assert text[0].split()[6:] == ["text=<7", "chars>", "filename=ad.md"]
    assert text[1].split()[6:] == ["include_approved=true"]
    assert text[2].split()[6:] == ["plans=plans/a.yaml,plans/b.yaml"]  # a flag left false is not shown


def test_filters_without_mcp_and_bad_days_are_usage_errors(mops, example_workspace: Path) -> None:
    without = mops("logs", "--tool", "lint", cwd=example_workspace)
    assert without.exit_code == 2 and without.stdout == ""
    assert "error: --tool filters the MCP tool calls" in without.stderr and "hint: add --mcp" in without.stderr
    since = mops("logs", "--since", "2026-12-01", cwd=example_workspace)
    assert since.exit_code == 2 and "error: --since filters the MCP tool calls" in since.stderr
    with_id = mops("logs", "--mcp", "20261120T101500-abc123", cwd=example_workspace)
    assert with_id.exit_code == 2 and "an ID shows one model call" in with_id.stderr
    bad_day = mops("logs", "--mcp", "--since", "2026-12-32", cwd=example_workspace)
    assert bad_day.exit_code == 2 and "'2026-12-32' is not a date as YYYY-MM-DD" in bad_day.stderr
    assert "Traceback" not in bad_day.stderr


def test_no_mcp_calls_yet(mops, example_workspace: Path) -> None:
    result = mops("logs", "--mcp", cwd=example_workspace)
    assert result.exit_code == 0 and result.stdout == ""
    assert "no MCP tool calls logged yet" in result.stderr
    assert json.loads(mops("logs", "--mcp", "--format", "json", cwd=example_workspace).stdout) == {"calls": [], "problems": []}
