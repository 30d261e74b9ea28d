"""Glob patterns for workspace paths: `*` within a folder, `**` across folders, matched on
workspace-relative POSIX paths (the same on every OS)."""

from __future__ import annotations

import re

from mops import regexcache
from mops.memo import memoised


@memoised
def compile_glob(pattern: str) -> re.Pattern[str]:
    """A regex for `pattern`; a pattern without '/' matches a file name in any folder."""
    if "/" not in pattern:
        pattern = f"**/{pattern}"
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    # DOTALL: a file name may hold a newline, and `copy/**` must still match it
    return regexcache.compile("".join(out) + r"\Z", re.DOTALL)


def matches(path: str, patterns: list[str] | tuple[str, ...]) -> bool:
    return any(compile_glob(p).match(path) for p in patterns)
