"""The MCP server's start-up and round-trips: `mops mcp` spoken to with the SDK's own stdio client.

Usage: python benchmarks/mcp.py [--runs 11] [--calls 21] [--rows 1000000] [--dir /tmp/mops-bench]

Prints, each the median of its runs (and the spread), against issue 17's goals:
- start-up: from spawning `python -m mops mcp --workspace WS` (a copy of the example workspace) to
  a completed `initialize`, `--runs` times (goal <= 1 s), with the server's CPU seconds over its
  whole life (start, initialize, shutdown), the steadier figure on a shared machine; then where it
  goes: a bare `python -c pass`, the SDK's import alone, and mops's path to a built server (the
  SDK, the app, the workspace, build_server), each in a fresh interpreter;
- round-trip of `lint` on one small file (copy/ad.md, two lines, one link), `--calls` times in one
  session once the first call has loaded the workspace (goal <= 50 ms); the first call's time too,
  and the tool's own time as the server's call log has it (the rest is the protocol and the pipe);
- round-trip of `history_report` name=roi over a history of `--rows` facts (built straight into the
  real schema by benchmarks/history.py's build_query_workspace, reused from --dir when present),
  a third of `--calls` times after a first call, with the tool's own time from the call log.

The server runs as an installed mops does: PYTHONDONTWRITEBYTECODE is dropped from its environment
(benchmarks/startup.py's run_environment), so its modules come from the bytecode cache; one start
before the measured ones fills that cache.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO / "benchmarks"
# this script's folder goes last: first, as Python puts it, this file would be the `mcp` package the
# client is imported from; last, the sibling scripts (startup, history) are still found
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != BENCHMARKS] + [str(BENCHMARKS)]

GOAL_START_MS = 1000.0
GOAL_LINT_MS = 50.0
SMALL_FILE = "Spring sale: 20% off ski touring gear this week only.\n" \
             "Shop now: https://shop.example/ski?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale\n"


def server_parameters(argv: list[str], cwd: Path) -> Any:
    from mcp.client.stdio import StdioServerParameters

    from startup import run_environment

    env = {**run_environment(), "PYTHONPATH": str(REPO)}
    return StdioServerParameters(command=sys.executable, args=argv, env=env, cwd=str(cwd))


async def _session(params: Any, calls: list[tuple[str, dict]] | None, repeat: int) -> dict:
    """Spawn the server, initialise, then call each (tool, arguments) once and `repeat` more times:
    seconds to initialize, the first call's and the repeats' round-trips per tool."""
    from mcp.client.session import ClientSession
    from mcp.client.stdio import stdio_client

    figures: dict[str, Any] = {"first": {}, "repeat": {}}
    with open(os.devnull, "w") as errlog:
        start = time.perf_counter()
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                figures["initialize"] = time.perf_counter() - start
                for tool, arguments in calls or []:
                    for i in range(repeat + 1):
                        sent = time.perf_counter()
                        result = await session.call_tool(tool, arguments)
                        took = time.perf_counter() - sent
                        if result.is_error:
                            raise SystemExit(f"{tool} {arguments}: {result.content[0].text}")
                        if i == 0:
                            figures["first"][tool] = took
                        else:
                            figures["repeat"].setdefault(tool, []).append(took)
    return figures


def session(params: Any, calls: list[tuple[str, dict]] | None = None, repeat: int = 0) -> dict:
    """`_session` run to the end; `cpu` is the server's CPU seconds (it is reaped when the client closes)."""
    import anyio

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = anyio.run(_session, params, calls, repeat)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures["cpu"] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return figures


# what start-up is made of, each stage in a fresh interpreter: the SDK's import alone, then mops's
# command path up to a built server (the stdio loop and the initialize exchange are what is left)
STAGES = (
    ("python -c pass", "pass"),
    ("import mcp.server.mcpserver (the SDK)", "import mcp.server.mcpserver"),
    ("mops: the SDK, the app, the workspace, build_server", "import mcp.server.mcpserver, mops.app; from mops.workspace import load_workspace; "
     "from mops.mcp.server import build_server; build_server(load_workspace())"),
)


def startup_stages(runs: int, cwd: Path) -> list[tuple[str, float, float]]:
    """(stage, median wall seconds, median CPU seconds) of each of STAGES, round-robin over `runs` rounds."""
    import subprocess

    from startup import run_environment

    env = {**run_environment(), "PYTHONPATH": str(REPO)}
    wall: dict[str, list[float]] = {label: [] for label, _ in STAGES}
    cpu: dict[str, list[float]] = {label: [] for label, _ in STAGES}
    for _ in range(runs):
        for label, code in STAGES:
            before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, check=True)
            wall[label].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[label].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return [(label, statistics.median(wall[label]), statistics.median(cpu[label])) for label, _ in STAGES]


def logged_ms(ws: Path, tool: str) -> list[float]:
    """The server's own time for each call of `tool`, as its call log has it (`mops logs --mcp`):
    the tool's work, without the protocol and the pipe."""
    from mops.mcp.calllog import read_calls
    from mops.workspace import load_workspace

    return [call.duration_ms for call in read_calls(load_workspace(ws), tool=tool).calls]


def spread(values: list[float], scale: float) -> str:
    return f"{min(values) * scale:.0f}-{max(values) * scale:.0f}"


def verdict(ms: float, goal_ms: float) -> str:
    return f"goal <= {goal_ms:g} ms: {'met' if ms <= goal_ms else 'MISSED'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="server starts measured (median printed)")
    parser.add_argument("--calls", type=int, default=21, help="round-trips measured per tool, after the first")
    parser.add_argument("--rows", type=int, default=1_000_000, help="facts in the history history_report reads")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/mops-bench"), help="where the history is built (reused)")
    args = parser.parse_args()

    from history import build_query_workspace

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "workspace"
        shutil.copytree(REPO / "examples" / "workspace", ws)
        (ws / "copy" / "ad.md").write_text(SMALL_FILE, encoding="utf-8")
        params = server_parameters(["-m", "mops", "mcp", "--workspace", str(ws)], ws)

        session(params)  # fills the bytecode cache and the workspace's validated-file cache
        starts = [session(params) for _ in range(args.runs)]
        initialize = [s["initialize"] for s in starts]
        start_s = statistics.median(initialize)
        print(f"start-up, spawn to a completed initialize (median of {args.runs}): {start_s * 1000:.0f} ms "
              f"(runs {spread(initialize, 1000)} ms)  {verdict(start_s * 1000, GOAL_START_MS)}; "
              f"the server's CPU over its life {statistics.median(s['cpu'] for s in starts) * 1000:.0f} ms", flush=True)
        print("  where it goes, each stage a fresh interpreter (median wall, CPU):", flush=True)
        for label, wall, cpu in startup_stages(args.runs, ws):
            print(f"    {label:<55} {wall * 1000:6.0f} ms  {cpu * 1000:6.0f} ms CPU", flush=True)

        lint = session(params, [("lint", {"paths": ["copy/ad.md"]})], args.calls)
        lint_ms = statistics.median(lint["repeat"]["lint"]) * 1000
        print(f"lint of one small file, round-trip (median of {args.calls}, after the first): {lint_ms:.1f} ms "
              f"(runs {spread(lint['repeat']['lint'], 1000)} ms)  {verdict(lint_ms, GOAL_LINT_MS)}", flush=True)
        print(f"  the first lint call (loads the workspace, builds the rules): {lint['first']['lint'] * 1000:.0f} ms; "
              f"the tool's own time (call log, median after the first): {statistics.median(logged_ms(ws, 'lint')[1:]):.1f} ms", flush=True)

    built = time.perf_counter()
    history_ws = build_query_workspace(args.rows, args.dir)
    print(f"history of {args.rows:,} facts ready in {time.perf_counter() - built:.1f} s ({history_ws})", flush=True)
    roi = session(server_parameters(["-m", "mops", "mcp", "--workspace", str(history_ws)], history_ws),
                  [("history_report", {"name": "roi"})], max(1, args.calls // 3))
    roi_ms = statistics.median(roi["repeat"]["history_report"]) * 1000
    print(f"history_report roi over {args.rows:,} rows, round-trip (median of {max(1, args.calls // 3)}, after the first): "
          f"{roi_ms:.0f} ms (runs {spread(roi['repeat']['history_report'], 1000)} ms); the first call {roi['first']['history_report'] * 1000:.0f} ms; "
          f"the tool's own time (call log) {statistics.median(logged_ms(history_ws, 'history_report')[-len(roi['repeat']['history_report']):]):.0f} ms",
          flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
