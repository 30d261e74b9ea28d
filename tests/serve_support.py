"""Helpers for the `mops serve` tests: the real server as a subprocess, a workspace it can show in
full (a git repository for the queue, a history for pacing), and reading tables out of its pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_WORKSPACE = REPO / "examples" / "workspace"


def server_env(cache: Path) -> dict[str, str]:
    """The server's environment: this checkout's mops, no colour, caches and git settings of its own."""
    return {
        **os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "XDG_CACHE_HOME": str(cache), "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "author@example.com",
    }


def copy_example(target: Path) -> Path:
    shutil.copytree(EXAMPLE_WORKSPACE, target, ignore=shutil.ignore_patterns(".mops"))
    return target


def full_workspace(ws: Path, cache: Path) -> Path:
    """`ws` committed in a git repository of its own (approvals live in its history), then its
    history built by the real `mops history import exports/*` (.mops/ is git-ignored)."""
    env = server_env(cache)
    git = ["git", "-C", str(ws)]
    for step in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "workspace"]):
        subprocess.run([*git, *step], check=True, env=env)
    exports = sorted(str(p.relative_to(ws)) for p in (ws / "exports").iterdir())
    done = subprocess.run([sys.executable, "-m", "mops", "-w", str(ws), "history", "import", *exports], cwd=ws, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr  # 1: the example's four dirty rows are rejected
    return ws


@contextmanager
def running_server(ws: Path, cache: Path, *extra: str) -> Iterator[str]:
    """`mops -w WS serve --port 0` in a subprocess; yields the URL it prints, stops it after."""
    process = subprocess.Popen([sys.executable, "-m", "mops", "-w", str(ws), "serve", "--port", "0", *extra], cwd=ws,
                               env=server_env(cache), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()  # printed once the socket listens
        assert line.startswith("serving "), f"no URL printed: {line!r} {process.stderr.read() if process.poll() is not None else ''}"
        yield line.split(" at ", 1)[1].split()[0].rstrip("/")
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id") or f"table{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table(html: str, table_id: str) -> list[dict[str, str]]:
    """The rows of the page's table `table_id`, each as {header: cell text}."""
    parser = _Tables()
    parser.feed(html)
    header, *rows = parser.tables[table_id]
    return [dict(zip(header, row)) for row in rows]
