"""Which parts of a file are copy: prose spans and channel fields, as offsets into the original text.

Copy rules must not judge code, links, markup or settings, and their findings must point into the
file as it is. So nothing is rewritten here: each format yields the spans people read.

- Markdown: everything but front matter, fenced and inline code, HTML tags and comments, link
  destinations and URLs. A heading whose text names a channel field ("### Primary text") makes
  the text under it, up to the next heading, that field.
- HTML: text between tags, minus `<script>`/`<style>` bodies and comments; `<title>` is the
  `subject` field and an element with class `preheader` the `preheader` field (email).
- CSV/TSV: every cell below the header that is not a link or a bookkeeping column (campaign,
  ad group, ids, status); a column whose header names a field ("Headline 3" → headline) is that field.
- Plain text: everything but URLs; with a channel that has one field (an SMS message, an X post),
  the whole text is that field.
- YAML and JSON hold settings, not copy: no prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int]

COPY_KINDS = ("markdown", "html", "text", "csv", "tsv")
_NOT_COPY_COLUMNS = frozenset(
    "campaign|campaign name|campaign id|ad group|ad group id|ad set|ad set name|ad id|id|status|channel|placement"
    "|final url|final mobile url|mobile final url|tracking template|url|link|labels|label|type|ad type|date|day".split("|")
)

_MD_SKIP = re.compile(
    r"(?P<fence>^[ \t]{0,3}(?P<marker>```|~~~)[^\n]*\n.*?(?:^[ \t]{0,3}(?P=marker)[^\n]*$|\Z))"
    r"|(?P<code>(?P<ticks>`+)[^`].*?(?P=ticks))"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<tag></?[A-Za-z][^<>\n]*>)"
    r"|(?P<dest>\]\([^)\n]*\))",
    re.MULTILINE | re.DOTALL,
)
_FRONT_MATTER = re.compile(r"\A---\r?\n.*?\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_HTML_SKIP = re.compile(
    r"(?P<comment><!--.*?-->)|(?P<raw><(?P<rawtag>script|style)\b[^>]*>.*?</(?P=rawtag)\s*>)|(?P<tag><[^<>]*>)",
    re.IGNORECASE | re.DOTALL,
)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_PREHEADER = re.compile(r"<(?P<tag>[a-z][a-z0-9]*)\b[^>]*\bclass=[\"'][^\"']*\bpreheader\b[^\"']*[\"'][^>]*>(.*?)</(?P=tag)\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class CopyField:
    """A piece of copy a channel limits: its field name (headline, description…), its span and
    its prose segments. `row` is the sheet row for bulk sheets (None elsewhere)."""

    name: str
    start: int
    end: int
    segments: tuple[Span, ...]
    row: int | None = None
    channel: str | None = None  # set when a sheet row names its own channel


def field_name(label: str) -> str:
    """`Headline 3` → `headline`, `Primary text` → `primary_text`, `Path 1` → `path`."""
    words = re.sub(r"[^a-z0-9]+", " ", label.lower()).split()
    while words and words[-1].isdigit():
        words.pop()
    return "_".join(words)


def _complement(start: int, end: int, excluded: list[Span]) -> list[Span]:
    spans: list[Span] = []
    position = start
    for a, b in sorted(excluded):
        if b <= position:
            continue
        if a > position:
            spans.append((position, min(a, end)))
        position = max(position, b)
        if position >= end:
            break
    if position < end:
        spans.append((position, end))
    return [(a, b) for a, b in spans if a < b]


def _clip(segments: Sequence[Span], start: int, end: int) -> tuple[Span, ...]:
    return tuple((max(a, start), min(b, end)) for a, b in segments if a < end and b > start)


def prose_segments(text: str, kind: str, url_spans: Sequence[Span]) -> list[Span]:
    """The spans of `text` that are copy people read."""
    if kind == "markdown":
        excluded = list(url_spans)
        front = _FRONT_MATTER.match(text)
        if front:
            excluded.append(front.span())
        excluded.extend(m.span() for m in _MD_SKIP.finditer(text))
        return _complement(0, len(text), excluded)
    if kind == "html":
        excluded = list(url_spans) + [m.span() for m in _HTML_SKIP.finditer(text)]
        return _complement(0, len(text), excluded)
    if kind == "text":
        return _complement(0, len(text), list(url_spans))
    return []  # sheets: see sheet_fields; settings files: none


def _markdown_fields(text: str, segments: list[Span], names: set[str]) -> list[CopyField]:
    headings = list(_HEADING.finditer(text))
    fields = []
    for index, heading in enumerate(headings):
        name = field_name(heading[2])
        if name not in names:
            continue
        # the field is everything under the heading, links included: platforms count them too
        first, last = _trimmed(text, heading.end(), headings[index + 1].start() if index + 1 < len(headings) else len(text))
        if first < last:
            fields.append(CopyField(name, first, last, _clip(segments, first, last)))
    return fields


def _trimmed(text: str, first: int, last: int) -> Span:
    while first < last and text[first].isspace():
        first += 1
    while last > first and text[last - 1].isspace():
        last -= 1
    return first, last


def _html_fields(text: str, segments: list[Span], names: set[str]) -> list[CopyField]:
    fields = []
    if "subject" in names:
        title = _TITLE.search(text)
        if title:
            fields.append(CopyField("subject", title.start(1), title.end(1), ((title.start(1), title.end(1)),)))
    if "preheader" in names:
        pre = _PREHEADER.search(text)
        if pre:
            fields.append(CopyField("preheader", pre.start(2), pre.end(2), _clip(segments, pre.start(2), pre.end(2))))
    return fields


def document_fields(text: str, kind: str, segments: list[Span], names: set[str]) -> list[CopyField]:
    """The channel fields of a Markdown, HTML or text document."""
    if not names:
        return []
    if kind == "markdown":
        return _markdown_fields(text, segments, names)
    if kind == "html":
        return _html_fields(text, segments, names)
    if kind == "text" and len(names) == 1:
        first, last = _trimmed(text, 0, len(text))
        if first < last:
            return [CopyField(next(iter(names)), first, last, _clip(segments, first, last))]
    return []


def sheet_copy(
    cells: Sequence, url_spans: Sequence[Span], names: set[str], row_fields: dict[int, tuple[str, set[str]]] | None = None
) -> tuple[list[Span], list[CopyField]]:
    """Prose segments and fields of a bulk sheet: cells that are copy, by their column.

    `row_fields` maps a row to (its channel, that channel's field names) when the sheet has a
    channel column, so one sheet can hold ads for several platforms."""
    segments: list[Span] = []
    fields: list[CopyField] = []
    urls = sorted(url_spans)
    for cell in cells:
        header = cell.header.strip().lower()
        if not cell.value.strip() or header in _NOT_COPY_COLUMNS or header.endswith(" id"):
            continue
        inside = _complement(cell.start, cell.end, [(a, b) for a, b in urls if a < cell.end and b > cell.start])
        if not inside:
            continue
        segments.extend(inside)
        name = field_name(cell.header)
        channel, row_names = (row_fields or {}).get(cell.row, (None, names))
        if name in row_names:
            fields.append(CopyField(name, cell.start, cell.end, tuple(inside), row=cell.row, channel=channel))
    return segments, fields
