"""Fixes: URL-relative edits mapped back into the file's raw text, and non-overlapping edits
applied. Everything else about a file is preserved byte for byte by construction: only the
edited spans change."""

from __future__ import annotations

from typing import Any

from mops.lint.rule import UrlEdit
from mops.models.results import Finding


def document_edits(url_edits: tuple[UrlEdit, ...], found: Any) -> tuple[tuple[int, int, str], ...]:
    """URL-relative edits as edits of the document text, through any escaping of the raw link."""
    start = found.start
    raw = found.raw or found.url
    if raw == found.url:
        return tuple((start + e.start, start + e.end, e.replacement) for e in url_edits)
    # the raw text escapes the URL (HTML entities, JSON): rewrite the whole link
    new_url = found.url
    for e in sorted(url_edits, key=lambda e: e.start, reverse=True):
        new_url = new_url[: e.start] + e.replacement + new_url[e.end :]
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


def safe_edits(findings: list[Finding]) -> list[tuple[int, int, str]]:
    edits = []
    for finding in findings:
        if finding.fix and finding.fix.safe and finding.fix.edits:
            # a finding's edits go together or not at all: take them only if they do not overlap others
            edits.extend((e.start, e.end, e.replacement) for e in finding.fix.edits)
    return edits


