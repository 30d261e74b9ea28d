"""Fixes: URL-relative edits mapped back into the file's raw text, and non-overlapping edits
applied. Everything else about a file is preserved byte for byte by construction: only the
edited spans change."""

from __future__ import annotations

from typing import Any


def document_edits(url_edits: tuple[tuple[int, int, str], ...], found: Any) -> tuple[tuple[int, int, str], ...]:
    """URL-relative edits (start, end, replacement) as edits of the document text, through any
    escaping of the raw link."""
    start = found.start
    raw = found.raw or found.url
    if raw == found.url:
        return tuple((start + s, start + e, r) for s, e, r in url_edits)
    # the raw text escapes the URL (HTML entities, JSON): rewrite the whole link
    new_url = found.url
    for s, e, r in sorted(url_edits, reverse=True):
        new_url = new_url[:s] + r + new_url[e:]
    return ((start, found.end, reescape(new_url, raw, getattr(found, "context", ""))),)


def reescape(url: str, raw: str, context: str = "") -> str:
    """Write `url` back the way the raw text escaped it."""
    if "&amp;" in raw:
        url = url.replace("&", "&amp;")
    if "\\/" in raw:
        url = url.replace("/", "\\/")
    if context == "csv" and '""' in raw:
        url = url.replace('"', '""')  # inside a quoted cell, a quote is doubled
    return url


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, int]:
    """Apply non-overlapping edits (the first of overlapping ones wins); returns the text and how many applied."""
    applied = 0
    out = []
    position = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < position:
            continue  # overlaps an edit already taken; the next pass will re-check it
        out.append(text[position:start])
        out.append(replacement)
        position = end
        applied += 1
    out.append(text[position:])
    return "".join(out), applied
