"""Starting `mops mcp` as a subprocess and speaking to it with the SDK's own stdio client."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Awaitable, Callable

import anyio
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

REPO = Path(__file__).resolve().parent.parent
READ_ONLY = {"lint", "utm_classify", "utm_build", "rules", "history_query", "history_report", "history_similar",
             "launch_check", "pacing_check", "queue", "approvals_verify"}


def serve(ws: Path, session_fn: Callable[[ClientSession], Awaitable[Any]], *extra: str,
          on_log: Callable[[Any], Awaitable[None]] | None = None) -> Any:
    """Start `python -m mops mcp --workspace WS [extra]`, initialise a session, run `session_fn` in
    it; returns (its result, the initialize result). `on_log` receives the log notifications."""
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "mops", "mcp", "--workspace", str(ws), *extra],
        env={"PYTHONPATH": str(REPO), "NO_COLOR": "1"}, cwd=str(ws),
    )

    async def main() -> Any:
        with open(os.devnull, "w") as errlog:  # the server's own log lines (a refused call is logged at INFO)
            async with stdio_client(params, errlog=errlog) as (read, write):
                async with ClientSession(read, write, logging_callback=on_log) as session:
                    init = await session.initialize()
                    return await session_fn(session), init

    return anyio.run(main)


def mops(ws: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mops", "-w", str(ws), *args], cwd=ws, input=stdin,
                          env={**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}, capture_output=True, text=True, timeout=300)


def cli_json(ws: Path, *args: str) -> Any:
    done = mops(ws, *args, "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` but the server's own call log (.mops/), with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts and not p.relative_to(root).as_posix().startswith(".mops/")}


def git_workspace(ws: Path) -> Path:
    """`ws` committed in a git repository of its own (approvals live in its history)."""
    git = ["git", "-C", str(ws), "-c", "user.name=Test", "-c", "user.email=test@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "workspace"], check=True)
    return ws


def history_workspace(ws: Path) -> Path:
    """`ws` with its history built by the real `mops history import exports/*`."""
    exports = sorted(str(p.relative_to(ws)) for p in (ws / "exports").iterdir())
    done = mops(ws, "history", "import", *exports)
    assert done.returncode in (0, 1), done.stderr
    return ws
