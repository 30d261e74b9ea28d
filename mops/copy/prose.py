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

Ads (`copy_ads`): rules that judge "the ad" (a disclaimer for its offer, counts per ad) need its
bounds. A sheet row is one ad, an HTML file one email, a plain-text file one message. In Markdown,
an ad is found by its parts: headings ("### Headline", "### Disclaimer") or labelled lines
("Headline: ...", "**Description:** ...") that name a field of the channel (or a part every ad may
have: disclaimer, legal, CTA, link). The parts under one heading make one ad, that heading's
section ("## Ad 2" and everything up to the next heading of its level); when a part comes again
under the same heading (a second "Headline"), a new ad starts there. A file without such parts is
one unit, as is the copy outside every ad (a title, an intro). A table whose header names such
parts ("| Headline | Description | Disclaimer |") holds one ad per row, its cells those fields.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import chain, compress
from operator import lt
from typing import Any, NamedTuple

from mops import regexcache
from mops.memo import memoised

Span = tuple[int, int]

COPY_KINDS = ("markdown", "html", "text", "csv", "tsv")
_NOT_COPY_COLUMNS = frozenset(
    "campaign|campaign name|campaign id|ad group|ad group id|ad set|ad set name|ad id|id|status|channel|placement"
    "|final url|final mobile url|mobile final url|tracking template|url|link|labels|label|type|ad type|date|day".split("|")
)

# What Markdown text is not copy: fenced blocks, inline code, comments, tags, link destinations.
# Each alternative but the fence starts with its literal character, outside any group, so the
# regex engine can skip to those characters at C speed (see _md_skips).
_MD_FENCE = r"^[ \t]{0,3}(?P<marker>```|~~~)[^\n]*\n.*?(?:^[ \t]{0,3}(?P=marker)[^\n]*$|\Z)"
_MD_INLINE = (
    r"`(?P<ticks>`*)[^`].*?`(?P=ticks)"  # inline code: a run of backticks, closed by the same run
    r"|<!--.*?-->"
    r"|</?[A-Za-z][^<>\n]*>"
    r"|\]\([^)\n]*\)"
)
# The lookahead lets the engine pass over any character that starts none of the alternatives
# (a fence's indent or marker, a backtick, `<`, `]`) without trying each: a third faster on prose.
_MD_SKIP = regexcache.compile(rf"(?=[ \t`~<\]])(?:{_MD_FENCE}|{_MD_INLINE})", re.MULTILINE | re.DOTALL)
# The same without the fence, for a text without a fence's marker (``` or ~~~): every match then
# starts with a backtick, `<` or `]`, which the engine finds by its fast scan for a first character
# (a fence's possible indent made the full pattern try every space of prose).
_MD_SKIP_INLINE = regexcache.compile(_MD_INLINE, re.MULTILINE | re.DOTALL)


def _md_skips(text: str) -> list[Span]:
    """The spans of `_MD_SKIP.finditer(text)`, found faster when the text cannot hold a fence;
    tests/test_copy_fast_paths.py holds the two to the same spans."""
    # a one-character search first: it runs at memory speed, a search for ``` or ]( at a fifth of it
    # (together 13 ms of a list of 40,000 links that holds none of them)
    ticks = "`" in text
    if (ticks and "```" in text) or ("~" in text and "~~~" in text):
        return [m.span() for m in _MD_SKIP.finditer(text)]
    if not ticks and "<" not in text and ("]" not in text or "](" not in text):
        return []  # nothing any alternative starts with (a list of links, plain prose)
    return [m.span() for m in _MD_SKIP_INLINE.finditer(text)]


_FRONT_MATTER = regexcache.compile(r"\A---\r?\n.*?\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_HEADING = regexcache.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_HTML_SKIP = regexcache.compile(
    r"(?P<comment><!--.*?-->)|(?P<raw><(?P<rawtag>script|style)\b[^>]*>.*?</(?P=rawtag)\s*>)|(?P<tag><[^<>]*>)",
    re.IGNORECASE | re.DOTALL,
)
_TITLE = regexcache.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_PREHEADER = regexcache.compile(r"<(?P<tag>[a-z][a-z0-9]*)\b[^>]*\bclass=[\"'][^\"']*\bpreheader\b[^\"']*[\"'][^>]*>(.*?)</(?P=tag)\s*>", re.IGNORECASE | re.DOTALL)


class CopyField(NamedTuple):
    """A piece of copy a channel limits: its field name (headline, description…), its span and
    its prose segments. `row` is the sheet row for bulk sheets (None elsewhere)."""

    name: str
    start: int
    end: int
    segments: tuple[Span, ...]
    row: int | None = None
    channel: str | None = None  # set when a sheet row names its own channel


class CopyAd(NamedTuple):
    """One ad (a Markdown section, a sheet row, an email) or the copy outside every ad: a span of
    the file and its prose segments."""

    start: int
    end: int
    segments: tuple[Span, ...]
    row: int | None = None  # the sheet row, for bulk sheets
    outside: bool = False  # the copy of a file with ads that lies in none of them


# Parts any ad may have besides the channel's limited fields; they mark an ad but are not limited.
AD_PARTS = frozenset({"disclaimer", "disclaimers", "legal", "legal_text", "terms", "cta", "call_to_action", "link", "url", "final_url", "landing_page"})
# "Headline: ...", "**Headline:** ...", "**Headline**: ...", "- Headline: ...", "1. Headline: ..." at the start of a line.
# Every part before the colon is possessive: what follows a part (a word, the indent, a list marker)
# can never start with what it would give back, so giving back finds no other match; without them
# the engine gave back a line of prose that holds no label character by character (a third of the
# copy view of 1 MB of prose). tests/test_copy_fast_paths.py holds the pattern to the plain one.
_LABEL_HEAD = (
    r"[ \t]{0,8}+(?:(?:[-*+]|\d{1,3}[.)])[ \t]++)?+(?:\*\*|__)?+(?P<label>[^\W\d_][^\W_]*+(?:[ \t][^\W_]++){0,3}+)"
    r"(?:(?:\*\*|__)[ \t]*:|:[ \t]*(?:\*\*|__)?)"
)
_LABEL_VALUE = r"[ \t]*(?P<value>[^\r\n]*)"
_LABEL = regexcache.compile("^" + _LABEL_HEAD + _LABEL_VALUE, re.MULTILINE)
# The same after a line break (the first line is matched on its own): the regex engine jumps from
# one line break to the next at C speed, where it tries `^` at every character (half the cost of
# the labels of a list of 40,000 links). Without its value, for the labels alone.
_LABEL_AFTER_BREAK = regexcache.compile("\n" + _LABEL_HEAD + _LABEL_VALUE)
_LABEL_TEXT_AFTER_BREAK = regexcache.compile("\n" + _LABEL_HEAD)
# the three for an ASCII text, its letters and digits spelt out: a set of ASCII characters is a
# bitmap to the regex engine, `[^\W\d_]` a Unicode lookup per character (a third of the labels of a
# list of 40,000 links); tests/test_copy_fast_paths.py holds them to the plain pattern
_ASCII_LABELS = {
    p: regexcache.compile(p.pattern.replace(r"[^\W\d_]", "[A-Za-z]").replace(r"[^\W_]", "[A-Za-z0-9]").replace(r"\d", "[0-9]"), p.flags)
    for p in (_LABEL, _LABEL_AFTER_BREAK, _LABEL_TEXT_AFTER_BREAK)
}
# a label's last word of digits, which names no field ("Item 3" is `item`: see field_name)
_LABEL_NUMBER = regexcache.compile(r"[ \t][0-9]+$", re.MULTILINE)


def field_name(label: str) -> str:
    """`Headline 3` → `headline`, `Primary text` → `primary_text`, `Path 1` → `path`."""
    # a last word of digits after a space or tab is dropped whatever it is ("Item 1" ... "Item
    # 40000" all name `item`), so the memo is keyed without it: a list of 40,000 numbered lines
    # costs one normalisation, not 40,000
    head, space, tail = label.rpartition(" ")
    if not space or "\t" in tail:
        head, space, tail = label.rpartition("\t")
    if space and tail.isascii() and tail.isdigit():
        label = head
    return _field_name(label)


@memoised
def _field_name(label: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", label.lower()).split()
    while words and words[-1].isdigit():
        words.pop()
    return "_".join(words)


def _complement(start: int, end: int, excluded: list[Span]) -> list[Span]:
    """The parts of [start, end) outside every span of `excluded` (`_complement_stepwise`)."""
    ordered = sorted(excluded)
    bounds = [start, *chain.from_iterable(ordered), end]
    if bounds != sorted(bounds):
        return _complement_stepwise(start, end, ordered)
    # spans apart from one another and inside [start, end] (a document's links and code): what
    # lies between them, found without a step per span (40,000 links made 40,000 steps);
    # tests/test_copy_fast_paths.py holds the two to the same parts
    firsts, lasts = bounds[::2], bounds[1::2]
    return list(compress(zip(firsts, lasts), map(lt, firsts, lasts)))


def _complement_stepwise(start: int, end: int, ordered: list[Span]) -> list[Span]:
    """The parts of [start, end) outside every span of `ordered` (sorted), span by span."""
    spans: list[Span] = []
    position = start
    for a, b in ordered:
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
    return _clipper(segments)(start, end)


def _clipper(segments: Sequence[Span]) -> Any:
    """`clip(start, end)`: `_clip(segments, start, end)`, for many spans of one document."""
    find = _overlapping(segments)

    def clip(start: int, end: int) -> tuple[Span, ...]:
        return tuple((max(a, start), min(b, end)) for a, b in find(start, end))

    return clip


def _overlapping(spans: Sequence[Span]) -> Any:
    """`find(start, end)`: the spans of `spans` with `a < end and b > start`, in their order.

    Spans whose starts and ends both never decrease (a document's segments, its links) are found
    by bisection: a file's thousands of fields, ads and cells each looked through every segment
    of the file, which made a 36 MB deck quadratic. Other lists are looked through whole."""
    spans = spans if isinstance(spans, (list, tuple)) else list(spans)
    starts = [a for a, _ in spans]
    ends = [b for _, b in spans]
    if all(x <= y for x, y in zip(starts, starts[1:])) and all(x <= y for x, y in zip(ends, ends[1:])):
        def find(start: int, end: int) -> Sequence[Span]:
            return spans[bisect.bisect_right(ends, start) : bisect.bisect_left(starts, end)]
    else:
        def find(start: int, end: int) -> Sequence[Span]:
            return [(a, b) for a, b in spans if a < end and b > start]
    return find


def prose_segments(text: str, kind: str, url_spans: Sequence[Span]) -> list[Span]:
    """The spans of `text` that are copy people read."""
    if kind == "markdown":
        excluded = list(url_spans)
        front = _FRONT_MATTER.match(text)
        if front:
            excluded.append(front.span())
        excluded.extend(_md_skips(text))
        return _complement(0, len(text), excluded)
    if kind == "html":
        excluded = list(url_spans) + [m.span() for m in _HTML_SKIP.finditer(text)]
        return _complement(0, len(text), excluded)
    if kind == "text":
        return _complement(0, len(text), list(url_spans))
    return []  # sheets: see sheet_fields; settings files: none


class _Part(NamedTuple):
    """A heading or labelled line that names a part of an ad."""

    key: str  # the label as written, normalised ("headline_2"): the same key again starts a new ad
    name: str  # the field it is ("headline")
    start: int
    level: int  # a heading's level; 7 for a labelled line (below every heading)
    parent: int | None  # the index of the heading it is under (None: the file)


class MarkdownLines:
    """A Markdown text's lines shaped as headings, labels ("Headline: ...") and tables, each kind
    found at its first asking: a document's fields and its ads both ask, with other names (the copy
    view makes one per document for the two)."""

    __slots__ = ("text", "_found")

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: dict[Any, Any] = {}

    def get(self, find: Any) -> Any:
        """`find(text)` (`_heading_lines`, `_labels`, `_label_matches` or `_tables`), found once."""
        found = self._found.get(find)
        if found is None:
            found = self._found[find] = find(self.text)
        return found


def _headings(lines: MarkdownLines, segments: list[Span]) -> list[Any]:
    """The ATX headings of a Markdown text that are prose (not inside a code fence)."""
    headings = lines.get(_heading_lines)
    if not headings:
        return []
    inside = _inside(segments)
    return [h for h in headings if inside(h.start(1))]


def _heading_lines(text: str) -> list[Any]:
    """Every line shaped as an ATX heading."""
    return list(_HEADING.finditer(text)) if "#" in text else []


def _inside(segments: Sequence[Span]) -> Any:
    starts = [a for a, _ in segments]

    def test(offset: int) -> bool:
        at = bisect.bisect_right(starts, offset) - 1
        return at >= 0 and offset < segments[at][1]

    return test


class _LabelLine(NamedTuple):
    """A line that starts with a label ("Headline: ..."): the field its label names, and where."""

    start: int  # the line's
    name: str  # field_name of its label
    match: Any  # its groups `label` and `value`


def _labelled_lines(lines: MarkdownLines, segments: list[Span], headings: list[Any], names: set[str]) -> list[_LabelLine]:
    """Each line labelled with a known part, outside field headings' bodies."""
    labelled = _label_lines(lines, names)
    if not labelled:
        return []
    inside = _inside(segments)
    heading_starts = [h.start() for h in headings]
    found = []
    for line in labelled:
        if not inside(line.match.start("label")):
            continue
        at = bisect.bisect_right(heading_starts, line.start) - 1
        if at >= 0 and field_name(headings[at][2]) in names:
            continue  # a line of a field's text ("### Primary text" then "Note: ..."), not a part
        found.append(line)
    return found


class _Labels(NamedTuple):
    """The labels of a text's labelled lines, by name."""

    names: frozenset[str]  # the fields they name
    keys: list[str]  # each line's label, in order, without a last word of digits
    name_of: dict[str, str]  # a key's field name


def _labels(text: str) -> _Labels:
    """The labels of `text`'s lines (those `_LABEL.finditer(text)` matches), found without a step
    per line: one pass of the pattern, one substitution cutting their last words of digits ("Item 1"
    ... "Item 40000" name one field, `item`), then `field_name` of each distinct label."""
    if ":" not in text:
        return _Labels(frozenset(), [], {})
    first_line, after_break = _label_patterns(text, _LABEL, _LABEL_TEXT_AFTER_BREAK)
    first = first_line.match(text)
    labels = [first["label"]] if first else []
    labels.extend(after_break.findall(text))
    keys = _LABEL_NUMBER.sub("", "\n".join(labels)).split("\n") if labels else []
    name_of = {key: field_name(key) for key in set(keys)}
    return _Labels(frozenset(name_of.values()), keys, name_of)


def _label_matches(text: str) -> list[Any]:
    """`_LABEL.finditer(text)`, in one list with `_labels(text).keys`: the pattern matched after each
    line break (and on the first line), with the same start as `_LABEL_TEXT_AFTER_BREAK` (the value
    that follows a label always matches); a match after a line break starts at it."""
    first_line, after_break = _label_patterns(text, _LABEL, _LABEL_AFTER_BREAK)
    first = first_line.match(text)
    return [first, *after_break.finditer(text)] if first else list(after_break.finditer(text))


def _label_patterns(text: str, *patterns: re.Pattern[str]) -> list[re.Pattern[str]]:
    """`patterns`, or their ASCII spellings for an ASCII text (see _ASCII_LABELS)."""
    return [_ASCII_LABELS[p] for p in patterns] if text.isascii() else list(patterns)


def _label_lines(lines: MarkdownLines, names: set[str] | frozenset[str]) -> list[_LabelLine]:
    """The lines whose label names one of `names`, in order; only they are looked at one by one
    (a list of 40,000 "Item N: <link>" lines has none, and no line is). tests/test_copy_fast_paths.py
    holds them to the pattern's matches."""
    labels = lines.get(_labels)
    if not names or names.isdisjoint(labels.names):
        return []
    line_names = list(map(labels.name_of.__getitem__, labels.keys))
    return [
        _LabelLine(match.start() if match.re is _LABEL or match.re is _ASCII_LABELS[_LABEL] else match.start() + 1, name, match)
        for match, name in compress(zip(lines.get(_label_matches), line_names), map(names.__contains__, line_names))
    ]


# A GitHub-flavoured Markdown table: a header row, a delimiter row (`|---|:--:|`), then body rows.
_TABLE = regexcache.compile(
    r"^(?P<header>[ \t]{0,3}\|?[^\n]*\|[^\n]*)\n"
    r"[ \t]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\r?\n"
    r"(?P<body>(?:[ \t]{0,3}[^\n]*\|[^\n]*(?:\n|\Z))*)",
    re.MULTILINE,
)
_CELL_BAR = regexcache.compile(r"(?<!\\)\|")


class _TableRow(NamedTuple):
    """A row of a Markdown table whose header names ad parts: its span and its cells."""

    start: int
    end: int
    cells: tuple[tuple[str, int, int], ...]  # (field name of its column, start, end)


def _table_cells(text: str, start: int, end: int) -> list[Span]:
    """The cells of one table line, as spans without the bars and surrounding spaces."""
    bars = [m.start() for m in _CELL_BAR.finditer(text, start, end)]
    edges = [start - 1, *bars, end]
    cells = [_trimmed(text, a + 1, b) for a, b in zip(edges, edges[1:])]
    if bars and not text[start:bars[0]].strip():
        cells = cells[1:]  # a leading bar opens the row
    if bars and not text[bars[-1] + 1 : end].strip():
        cells = cells[:-1]  # a trailing bar closes it
    return cells


def _table_rows(lines: MarkdownLines, segments: list[Span], names: set[str]) -> list[_TableRow]:
    """The body rows of Markdown tables whose header names an ad's part ("| Headline | Description |"):
    each row is an ad, each cell under a named column that part."""
    text = lines.text
    if "|" not in text or not names:
        return []
    inside = _inside(segments)
    rows = []
    for table in lines.get(_tables):
        if not inside(table.start("header")):
            continue  # a table in a code block
        header_end = table.end("header")
        columns = [field_name(text[a:b].strip("*_ ")) for a, b in _table_cells(text, table.start("header"), header_end)]
        if not any(name in names for name in columns):
            continue
        position = table.start("body")
        for line in text[position : table.end("body")].splitlines(keepends=True):
            line_end = position + len(line.rstrip("\r\n"))
            cells = _table_cells(text, position, line_end)
            named = tuple((columns[i], a, b) for i, (a, b) in enumerate(cells) if i < len(columns) and columns[i] in names and a < b)
            if text[position:line_end].strip():
                rows.append(_TableRow(position, line_end, named))
            position += len(line)
    return rows


def _tables(text: str) -> list[Any]:
    """Every table-shaped block of a text."""
    return list(_TABLE.finditer(text))


def _markdown_fields(lines: MarkdownLines, segments: list[Span], names: set[str]) -> list[CopyField]:
    text = lines.text
    headings = _headings(lines, segments)
    clip = _clipper(segments)
    fields = []
    for index, heading in enumerate(headings):
        name = field_name(heading[2])
        if name not in names:
            continue
        # the field is everything under the heading, links included: platforms count them too
        first, last = _trimmed(text, heading.end(), headings[index + 1].start() if index + 1 < len(headings) else len(text))
        if first < last:
            fields.append(CopyField(name, first, last, clip(first, last)))
    for line in _labelled_lines(lines, segments, headings, names):
        match, name = line.match, line.name
        first, last = _trimmed(text, match.start("value"), match.end("value"))
        if first < last and text.startswith(("**", "__"), last - 2) and match["value"].count(text[last - 1] * 2) % 2:
            last -= 2  # "**Headline: Black Friday**": the closing emphasis is not copy
        if first < last:
            fields.append(CopyField(name, first, last, clip(first, last)))
    for row in _table_rows(lines, segments, names):
        fields.extend(CopyField(name, a, b, clip(a, b)) for name, a, b in row.cells)
    fields.sort(key=lambda f: f.start)
    return fields


def copy_ads(text: str, kind: str, segments: list[Span], names: set[str], lines: MarkdownLines | None = None) -> list[CopyAd]:
    """The ads of a Markdown, HTML or plain-text document (see the module's documentation), then
    the copy outside them; a document without ads is one unit. `names` are the channel's fields;
    `lines` the text's `MarkdownLines` when its fields are found too."""
    if not segments:
        return []
    whole = [CopyAd(segments[0][0], segments[-1][1], tuple(segments))]
    if kind != "markdown":
        return whole  # an email, a message: one ad per file
    known = names | AD_PARTS
    lines = lines if lines is not None else MarkdownLines(text)
    headings = _headings(lines, segments)
    # each heading's parent (the nearest heading above of a higher level) and section end, in one pass
    parent_of: list[int | None] = []
    section_end = [len(text)] * len(headings)
    stack: list[int] = []
    for index, heading in enumerate(headings):
        level = len(heading[1])
        while stack and len(headings[stack[-1]][1]) >= level:
            section_end[stack.pop()] = heading.start()
        parent_of.append(stack[-1] if stack else None)
        stack.append(index)
    parts = [_Part(_key(h[2]), field_name(h[2]), h.start(), len(h[1]), parent_of[i]) for i, h in enumerate(headings) if field_name(h[2]) in known]
    heading_starts = [h.start() for h in headings]
    for line in _labelled_lines(lines, segments, headings, known):
        above = bisect.bisect_right(heading_starts, line.start) - 1
        parts.append(_Part(_key(line.match["label"]), line.name, line.start, 7, above if above >= 0 else None))
    table_rows = [(row.start, row.end) for row in _table_rows(lines, segments, known)]
    if not parts and not table_rows:
        return whole
    parts.sort(key=lambda p: p.start)
    # the parts under one heading (None: the file) make its ads
    groups: dict[int | None, list[_Part]] = {}
    for part in parts:
        groups.setdefault(part.parent, []).append(part)
    spans: list[Span] = list(table_rows)  # each row of a table of ads is an ad
    for parent, members in groups.items():
        if parent is not None:
            first, end = headings[parent].start(), section_end[parent]
        elif all(part.level == 7 for part in members) and headings:
            first, end = 0, headings[0].start()  # labelled lines before the first heading
        else:
            first, end = 0, len(text)
        runs: list[list[_Part]] = [[]]
        for part in members:
            if any(part.key == seen.key for seen in runs[-1]):
                runs.append([])
            runs[-1].append(part)
        if len(runs) == 1:
            spans.append((first, end))
            continue
        starts = [run[0].start for run in runs]
        spans.extend(zip(starts, [*starts[1:], end]))
    spans.sort(key=lambda span: (span[0], -span[1]))
    clip = _clipper(segments)
    ads = []
    for index, (a, b) in enumerate(spans):
        # an ad holding other ads (parts under "# Title" and under its "## Ad 2") keeps only its own copy
        inner = []
        following = index + 1
        while following < len(spans) and spans[following][0] < b:
            inner.append(spans[following])
            following += 1
        ads.append(CopyAd(a, b, tuple(_complement_of(clip(a, b), inner)) if inner else clip(a, b)))
    rest = _complement_of(segments, spans)
    if any(text[a:b].strip() for a, b in rest):
        ads.append(CopyAd(rest[0][0], rest[-1][1], tuple(rest), outside=True))
    return [ad for ad in ads if ad.segments]


def _key(label: str) -> str:
    return "_".join(re.sub(r"[^a-z0-9]+", " ", label.lower()).split())


def _complement_of(segments: Sequence[Span], taken: Sequence[Span]) -> list[Span]:
    """The parts of `segments` outside every span of `taken`."""
    rest: list[Span] = []
    if any(x >= y for x, y in taken):  # an empty span cuts a segment in two: taken one by one
        for a, b in segments:
            rest.extend(_complement(a, b, [(x, y) for x, y in taken if x < b and y > a]))
        return rest
    # the same as subtracting each overlapping span: what is left of a segment is the segment
    # minus their union, so the union is taken once and bisected (an ad holding every other ad
    # of a big deck looked through all of them for each of its segments)
    union: list[Span] = []
    for x, y in sorted(taken):
        if union and x <= union[-1][1]:
            if y > union[-1][1]:
                union[-1] = (union[-1][0], y)
        else:
            union.append((x, y))
    find = _overlapping(union)
    for a, b in segments:
        rest.extend(_complement(a, b, list(find(a, b))))
    return rest


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


def document_fields(text: str, kind: str, segments: list[Span], names: set[str], lines: MarkdownLines | None = None) -> list[CopyField]:
    """The channel fields of a Markdown, HTML or text document (`lines`: see copy_ads)."""
    if not names:
        return []
    if kind == "markdown":
        return _markdown_fields(lines if lines is not None else MarkdownLines(text), segments, names)
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
    urls = _overlapping(sorted(url_spans))
    for cell in cells:
        header = cell.header.strip().lower()
        if not cell.value.strip() or header in _NOT_COPY_COLUMNS or header.endswith(" id"):
            continue
        inside = _complement(cell.start, cell.end, list(urls(cell.start, cell.end)))
        if not inside:
            continue
        segments.extend(inside)
        name = field_name(cell.header)
        channel, row_names = (row_fields or {}).get(cell.row, (None, names))
        if name in row_names:
            fields.append(CopyField(name, cell.start, cell.end, tuple(inside), row=cell.row, channel=channel))
    return segments, fields
