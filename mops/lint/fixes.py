"""Fixes: URL-relative edits mapped back into the file's raw text, and non-overlapping edits
applied. Everything else about a file is preserved byte for byte by construction: only the
edited spans change."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from mops.lint.raw_findings import RawEdit


def document_edits(url_edits: tuple[RawEdit, ...], found: Any) -> tuple[RawEdit, ...]:
    """URL-relative edits (start, end, replacement) as edits of the document text, through any
    escaping of the raw link."""
    start = found.start
    raw = found.raw or found.url
    if raw == found.url:
        return tuple(RawEdit(start + edit.start, start + edit.end, edit.replacement) for edit in url_edits)
    # the raw text escapes the URL (HTML entities, JSON): rewrite the whole link
    new_url = found.url
    for edit in sorted(url_edits, reverse=True):
        new_url = new_url[: edit.start] + edit.replacement + new_url[edit.end :]
    return (RawEdit(start, found.end, reescape(new_url, raw, getattr(found, "context", ""))),)


def reescape(url: str, raw: str, context: str = "") -> str:
    """Write `url` back the way the raw text escaped it."""
    if "&amp;" in raw:
        url = url.replace("&", "&amp;")
    if "\\/" in raw:
        url = url.replace("/", "\\/")
    if context == "csv" and '""' in raw:
        url = url.replace('"', '""')  # inside a quoted cell, a quote is doubled
    return url


_SPAN = attrgetter("start", "end")


def apply_edits(text: str, edits: list[RawEdit]) -> tuple[str, int]:
    """Apply non-overlapping edits (the first of overlapping ones wins); returns the text and how many applied."""
    applied = 0
    out = []
    position = 0
    for start, end, replacement in sorted(edits, key=_SPAN):
        if start < position:
            continue  # overlaps an edit already taken; the next pass will re-check it
        out.append(text[position:start])
        out.append(replacement)
        position = end
        applied += 1
    out.append(text[position:])
    return "".join(out), applied
