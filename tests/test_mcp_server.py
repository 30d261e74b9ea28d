"""`mops mcp`: the server started as a subprocess, spoken to with the SDK's own stdio client.

Each tool returns what the CLI prints (the same domain function behind both); errors (a path
outside the workspace, SQL that writes, a MopsError) come back as tool errors with the message,
and the server keeps serving the next call."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from mcp.client.session import ClientSession

from tests.mcp_support import READ_ONLY, REPO, cli_json as _cli_json, git_workspace as _git_workspace, history_workspace as _history_workspace, serve as _serve


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def _finding_key(f: dict) -> tuple:
    return (f["code"], f["path"], f["line"], f["column"], f["severity"], f["message"])


def test_lists_read_only_tools_and_says_no_tool_approves(example_workspace: Path) -> None:
    async def calls(session: ClientSession) -> Any:
        return (await session.list_tools()).tools

    tools, init = _serve(example_workspace, calls)
    names = {tool.name for tool in tools}
    assert names == READ_ONLY
    assert not any(word in name for name in names for word in ("approve", "reject", "apply", "commit"))
    assert all(tool.annotations is not None and tool.annotations.readOnlyHint for tool in tools)
    assert all(tool.outputSchema is not None for tool in tools)  # structured content, from the pydantic results
    assert "No tool approves, rejects or applies a proposal" in init.instructions
    assert "git history" in init.instructions


def test_lint_gives_the_findings_the_cli_gives(example_workspace: Path) -> None:
    target = "dirty/links-agency.csv"

    async def calls(session: ClientSession) -> Any:
        return await session.call_tool("lint", {"paths": [target]})

    result, _ = _serve(example_workspace, calls)
    assert not result.isError, result.content
    served = result.structuredContent["findings"]
    cli = _cli_json(example_workspace, "lint", target)
    assert cli["summary"]["total"] > 0
    assert len(served) == cli["summary"]["total"]
    assert sorted(map(_finding_key, served)) == sorted(map(_finding_key, cli["findings"]))
    assert any(f["code"] == "UTM002" and f["path"] == target for f in served)
    # the rule table names the rules found, not every rule that ran (the `rules` tool lists those)
    assert {r["code"] for r in result.structuredContent["rules"]} == {f["code"] for f in served}


def test_lint_text_with_a_virtual_file_name(example_workspace: Path) -> None:
    text = "name,url\nspring,https://shop.example/?UTM_Source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale\n"

    async def calls(session: ClientSession) -> Any:
        return await session.call_tool("lint", {"text": text, "filename": "links.csv"})

    result, _ = _serve(example_workspace, calls)
    assert not result.isError, result.content
    findings = result.structuredContent["findings"]
    assert {f["path"] for f in findings} == {"links.csv"}
    assert "UTM002" in {f["code"] for f in findings}
    assert not (example_workspace / "links.csv").exists()


def test_launch_check_gives_the_verdict_and_writes_no_proposal(example_workspace: Path) -> None:
    before = _tree(example_workspace)

    async def calls(session: ClientSession) -> Any:
        return await session.call_tool("launch_check", {"plans": ["plans/2027-q1_ski-touring.yaml"], "as_of": "2026-12-06"})

    result, _ = _serve(example_workspace, calls)
    assert not result.isError, result.content
    (report,) = result.structuredContent["reports"]
    assert report["campaign"] == "2027-q1_ski-touring"
    assert report["verdict"] == "no_go"
    assert report["proposal"] is None
    assert not (example_workspace / "proposals" / "2027-q1_ski-touring-launch.yaml").exists()
    assert {k: v for k, v in _tree(example_workspace).items() if not k.startswith(".mops/")} == \
        {k: v for k, v in before.items() if not k.startswith(".mops/")}


def test_errors_are_tool_errors_and_the_server_keeps_serving(example_workspace: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("Buy now!!! https://shop.example/?utm_source=x\n", encoding="utf-8")
    (example_workspace / "copy" / "escape.md").symlink_to(outside)

    async def calls(session: ClientSession) -> Any:
        return [
            await session.call_tool("lint", {"paths": ["../outside.md"]}),
            await session.call_tool("lint", {"paths": [str(outside)]}),
            await session.call_tool("lint", {"paths": ["copy/escape.md"]}),
            await session.call_tool("history_query", {"sql": "DELETE FROM facts"}),
            await session.call_tool("history_query", {"sql": "SELECT 1; DROP TABLE facts"}),
            await session.call_tool("launch_check", {"plans": ["plans/no-such-plan.yaml"]}),
            await session.call_tool("rules", {}),
            await session.call_tool("launch_check", {}),
            await session.call_tool("history_similar", {}),
        ]

    results, _ = _serve(example_workspace, calls)
    dotdot, absolute, symlink, delete, drop, missing, rules, no_plan, no_target = results
    # refusals in the tools' own words, not the CLI's options
    assert no_plan.isError and "give plans (plan files" in no_plan.content[0].text and "--all" not in no_plan.content[0].text
    assert no_target.isError and "give at least one of objective, channels, budget or season" in no_target.content[0].text
    for refused in (dotdot, absolute, symlink, delete, drop, missing):
        assert refused.isError
        assert refused.structuredContent is None
    assert "leaves the workspace" in dotdot.content[0].text
    assert "outside the workspace" in absolute.content[0].text
    assert "outside the workspace" in symlink.content[0].text
    assert "not allowed" in delete.content[0].text and "read-only" in delete.content[0].text
    assert drop.content[0].text.startswith("Error executing tool history_query: error:")
    assert "no-such-plan.yaml" in missing.content[0].text
    assert not rules.isError
    assert "UTM002" in {rule["code"] for rule in rules.structuredContent["rules"]}
    cli = _cli_json(example_workspace, "rules")
    assert rules.structuredContent["rules"] == cli


def test_utm_classify_gives_what_the_cli_gives(example_workspace: Path) -> None:
    url = "https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale"

    async def calls(session: ClientSession) -> Any:
        return await session.call_tool("utm_classify", {"url": url})

    result, _ = _serve(example_workspace, calls)
    assert not result.isError, result.content
    assert result.structuredContent == _cli_json(example_workspace, "utm", "classify", url)
    assert result.structuredContent["channel"] == "Paid Search"


def test_pacing_check_gives_what_the_cli_gives_and_writes_nothing(example_workspace: Path) -> None:
    plan = "plans/2027-q1_ski-touring.yaml"

    async def calls(session: ClientSession) -> Any:
        return await session.call_tool("pacing_check", {"plans": [plan], "as_of": "2026-12-06"})

    before = sorted(p.name for p in (example_workspace / "proposals").iterdir())
    result, _ = _serve(example_workspace, calls)
    assert not result.isError, result.content
    (report,) = result.structuredContent["reports"]
    assert report["status"] == "not_started"
    assert report["proposal"] is None
    assert sorted(p.name for p in (example_workspace / "proposals").iterdir()) == before
    assert report == _cli_json(example_workspace, "pacing", "check", plan, "--as-of", "2026-12-06")


def test_without_the_sdk_the_command_says_what_to_install(example_workspace: Path) -> None:
    # sys.modules["mcp"] = None: `import mcp...` raises ImportError, as when the extra is not installed
    probe = "import sys; sys.modules['mcp'] = None; from mops.cli import run; sys.exit(run(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", probe, "mcp", "--workspace", str(example_workspace)],
                          env={**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "the MCP server needs the mcp package: pip install 'mops[mcp]'" in done.stderr
    assert done.stdout == ""


def test_history_tools_give_what_the_cli_gives(example_workspace: Path) -> None:
    ws = _history_workspace(example_workspace)

    async def calls(session: ClientSession) -> Any:
        return [
            await session.call_tool("history_query", {"sql": "SELECT count(*) AS n FROM facts"}),
            await session.call_tool("history_report", {"name": "roi"}),
            await session.call_tool("history_report", {"name": "channels", "since": "2026-06-01", "platform": "google_ads"}),
            await session.call_tool("history_report", {"name": "unattributed"}),
            await session.call_tool("history_similar", {"channels": "paid_search,paid_social", "budget": 30000, "season": "q2"}),
            await session.call_tool("history_report", {"name": "no-such-report"}),
            await session.call_tool("history_report", {"name": "roi", "campaign": "2026-q4_black-fridy"}),
            await session.call_tool("history_query", {"sql": "SELECT count(*) FROM campaigns"}),
        ]

    results, _ = _serve(ws, calls)
    query, roi, channels, unattributed, similar, unknown, typo, after = results
    for result in (query, roi, channels, unattributed, similar):
        assert not result.isError, result.content
    cli_count = _cli_json(ws, "history", "query", "SELECT count(*) AS n FROM facts")
    assert query.structuredContent == {"columns": ["n"], "rows": [[cli_count[0]["n"]]], "truncated": False, "note": None}
    assert cli_count[0]["n"] > 0
    assert roi.structuredContent == _cli_json(ws, "history", "report", "roi")
    assert roi.structuredContent["rows"]
    assert channels.structuredContent == _cli_json(ws, "history", "report", "channels", "--since", "2026-06-01", "--platform", "google_ads")
    assert unattributed.structuredContent == _cli_json(ws, "history", "report", "unattributed")
    assert similar.structuredContent == _cli_json(ws, "history", "similar", "--channels", "paid_search,paid_social", "--budget", "30000", "--season", "q2")
    assert similar.structuredContent["matches"]
    assert unknown.isError and "no-such-report" in unknown.content[0].text
    # an unknown campaign is an error naming the nearest, not an empty report read as no spend
    assert typo.isError and "no campaign of that name in the history" in typo.content[0].text
    assert "did you mean 2026-q4_black-friday" in typo.content[0].text
    assert not after.isError


def test_utm_build_gives_the_url_the_cli_prints(example_workspace: Path) -> None:
    args = {"url": "https://shop.example/sale?gclid=abc", "source": "Google", "medium": "cpc", "campaign": "2026-q2_spring-sale"}

    async def calls(session: ClientSession) -> Any:
        return [await session.call_tool("utm_build", args),
                await session.call_tool("utm_build", {**args, "medium": "no-such-medium"})]

    (built, refused), _ = _serve(example_workspace, calls)
    assert not built.isError and not refused.isError
    done = subprocess.run([sys.executable, "-m", "mops", "-w", str(example_workspace), "utm", "build", args["url"], "--source", "Google",
                           "--medium", "cpc", "--campaign", "2026-q2_spring-sale"], cwd=example_workspace,
                          env={**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert built.structuredContent["url"] == done.stdout.strip()
    assert "gclid" not in built.structuredContent["url"] and built.structuredContent["removed"]
    assert refused.structuredContent["url"] is None and refused.structuredContent["problems"]


def _ageless(report: dict) -> dict:
    """A verify/queue report without the ages (they grow between the two calls)."""
    return {**report, "artifacts": [{k: v for k, v in a.items() if k != "age_hours"} for a in report["artifacts"]]}


def test_queue_and_approvals_verify_give_what_the_cli_gives(example_workspace: Path) -> None:
    ws = _git_workspace(example_workspace)

    async def calls(session: ClientSession) -> Any:
        return [await session.call_tool("queue", {}),
                await session.call_tool("queue", {"include_approved": True}),
                await session.call_tool("approvals_verify", {}),
                await session.call_tool("approvals_verify", {"artifacts": ["../elsewhere.yaml"]})]

    (queue, queue_all, verify, outside), _ = _serve(ws, calls)
    for result in (queue, queue_all, verify):
        assert not result.isError, result.content
    assert _ageless(queue.structuredContent) == _ageless(_cli_json(ws, "queue"))
    assert queue.structuredContent["artifacts"]
    assert _ageless(queue_all.structuredContent) == _ageless(_cli_json(ws, "queue", "--all"))
    assert _ageless(verify.structuredContent) == _ageless(_cli_json(ws, "approvals", "verify"))
    assert outside.isError and "leaves the workspace" in outside.content[0].text


def test_every_call_is_logged_without_the_text(example_workspace: Path) -> None:
    secret = "Dear Jane Doe, jane.doe@example.com: buy now!!!"

    async def calls(session: ClientSession) -> Any:
        return [await session.call_tool("lint", {"text": secret, "filename": "ad.md"}),
                await session.call_tool("history_query", {"sql": "DELETE FROM facts"}),
                await session.call_tool("utm_build", {"url": "https://shop.example/?email=hans.gruber@gmail.com", "source": "google",
                                                      "medium": "cpc", "campaign": "2026-q2_spring-sale"})]

    (linted, refused, built), _ = _serve(example_workspace, calls)
    assert not linted.isError and refused.isError
    (log,) = (example_workspace / ".mops" / "logs").glob("mcp-*.jsonl")
    text = log.read_text(encoding="utf-8")
    assert "Jane" not in text and "jane.doe" not in text
    first, second, third = [json.loads(line) for line in text.splitlines()]
    assert "hans.gruber" not in text and third["arguments"]["url"] == "https://shop.example/?email=[EMAIL_1]"
    assert first["tool"] == "lint" and second["tool"] == "history_query"
    assert first["arguments"]["text"] == {"length": len(secret)} and first["arguments"]["filename"] == "ad.md"
    assert first["ok"] is True and first["result_bytes"] > 0 and first["duration_ms"] >= 0
    assert second["ok"] is False and "not allowed" in second["error"] and second["result_bytes"] is None
    assert {"time", "tool", "arguments", "duration_ms", "result_bytes", "ok"} <= set(first)


def test_history_query_results_are_bounded_and_the_server_keeps_serving(example_workspace: Path) -> None:
    ws = _history_workspace(example_workspace)

    async def calls(session: ClientSession) -> Any:
        return [
            await session.call_tool("history_query", {"sql": "SELECT range AS n FROM range(20000)", "limit": 10000}),
            await session.call_tool("history_query", {"sql": "SELECT range AS n FROM range(20000)", "limit": 10001}),
            await session.call_tool("history_query", {"sql": "SELECT repeat('x', 100000) AS s FROM range(100)"}),
            await session.call_tool("history_query", {"sql": "SELECT repeat('x', 5000000) AS s"}),
            await session.call_tool("history_query", {"sql": "SELECT count(*) AS n FROM range(7)"}),
        ]

    (by_rows, too_many, by_bytes, huge_row, after), _ = _serve(ws, calls)
    assert not by_rows.isError and by_rows.structuredContent["truncated"] is True
    assert [row[0] for row in by_rows.structuredContent["rows"]] == list(range(10000))
    assert "more than 10,000 rows" in by_rows.structuredContent["note"]
    assert too_many.isError and "give 0 to 10,000 rows" in too_many.content[0].text
    rows = by_bytes.structuredContent["rows"]
    # each row is ~100 KB as JSON: 4 MB holds 39 of them, the 40th passes the bound
    assert by_bytes.structuredContent["truncated"] is True and len(rows) == 39
    assert "passed 4 MB after 39 rows" in by_bytes.structuredContent["note"]
    assert huge_row.isError and "the first row alone is over 4 MB" in huge_row.content[0].text
    assert after.structuredContent == {"columns": ["n"], "rows": [[7]], "truncated": False, "note": None}


def test_history_tools_write_nothing_and_a_failed_call_leaves_the_history_usable(example_workspace: Path) -> None:
    ws = _history_workspace(example_workspace)
    database = ws / ".mops" / "history.duckdb"
    stored = database.read_bytes()
    broken = ws / "plans" / "2027-q4_typo.yaml"

    async def calls(session: ClientSession) -> Any:
        results = [await session.call_tool("history_report", {"name": "roi"}),
                   await session.call_tool("history_similar", {"channels": "paid_search", "budget": 20000})]
        broken.write_text("campaign: 2027-q4_typo\nstart: [not a date\n", encoding="utf-8")
        results.append(await session.call_tool("history_report", {"name": "roi"}))
        broken.unlink()
        results += [await session.call_tool("history_report", {"name": "roi"}),
                    await session.call_tool("history_query", {"sql": "SELECT count(*) AS n FROM facts"}),
                    await session.call_tool("pacing_check", {"plans": ["plans/2026-q4_winter-gear.yaml"], "as_of": "2026-12-05"})]
        return results

    (roi, similar, failed, roi_again, query, pacing), _ = _serve(ws, calls)
    assert not roi.isError and not similar.isError
    assert failed.isError and "2027-q4_typo.yaml" in failed.content[0].text
    for result in (roi_again, query, pacing):
        assert not result.isError, result.content
    assert roi_again.structuredContent == roi.structuredContent
    assert database.read_bytes() == stored  # read, never written
    assert not (ws / ".mops" / "history.duckdb.wal").exists()


def test_an_argument_a_tool_does_not_take_is_refused_not_dropped(example_workspace: Path) -> None:
    # a misspelt argument dropped in silence would change what the call does: `lint` without
    # `paths` lints the whole workspace
    async def calls(session: ClientSession) -> Any:
        return [(await session.list_tools()).tools,
                await session.call_tool("lint", {"path": ["copy/"]}),
                await session.call_tool("utm_classify", {"source": "google", "medium": "cpc", "bogus": 1, "campaing": "x"}),
                await session.call_tool("lint", {"paths": ["copy/"]})]

    (tools, misspelt, two, after), _ = _serve(example_workspace, calls)
    assert all(tool.inputSchema.get("additionalProperties") is False for tool in tools)
    assert misspelt.isError and misspelt.structuredContent is None
    assert misspelt.content[0].text.startswith("lint takes no argument 'path' (did you mean 'paths'?); its arguments: paths, text,")
    assert two.isError and "utm_classify takes no argument 'bogus', 'campaing' (did you mean 'campaign'?)" in two.content[0].text
    assert not after.isError and after.structuredContent["files_checked"] >= 1  # the server keeps serving
    (log,) = (example_workspace / ".mops" / "logs").glob("mcp-*.jsonl")
    logged = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(entry["tool"], entry["ok"]) for entry in logged] == [("lint", False), ("utm_classify", False), ("lint", True)]
