"""`mops utm check`: URLs given one per line, linted with the UTM rules as one file would be."""

from __future__ import annotations

from typing import Any

from mops.lint.runner import LintOptions, LintRun, run_lint

URLS_FILENAME = "urls.txt"  # the name findings carry: line N is the N-th URL


def check_urls(ws: Any, urls: list[str]) -> LintRun:
    """Lint `urls` with the UTM rules; a finding's line is the position of its URL in `urls`."""
    text = "\n".join(urls) + "\n"
    return run_lint(ws, [], LintOptions(select=["UTM"], stdin_text=text, stdin_filename=URLS_FILENAME))
