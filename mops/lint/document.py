"""A file being linted: its text exactly as on disk (BOM and line endings kept apart), its kind,
its channel, and the URLs in it, found and parsed once for every rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Callable

if TYPE_CHECKING:
    from mops.lint.lines import LineIndex
    from mops.lint.links import FoundUrl, Scope
    from mops.utm.url import ParsedUrl

BOM = "\ufeff"


@dataclass
class Document:
    """A file to lint: its text as decoded, its kind and channel."""

    path: str  # as findings name it: workspace-relative, or '-' / the --stdin-filename
    text: str  # decoded, without a BOM; line endings untouched
    kind: str  # markdown, html, text, csv, tsv, yaml, json
    source: Path | None = None  # the file on disk, None for stdin
    has_bom: bool = False
    channel: str | None = None
    _urls: list[tuple["FoundUrl", "ParsedUrl"]] | None = field(default=None, repr=False)
    #: what rules derive from the text once and share (sheet cells, copy view, PII matches...)
    derived: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """`build()` once per document, then the same value for every rule that asks."""
        if key not in self.derived:
            self.derived[key] = build()
        return self.derived[key]

    @classmethod
    def from_bytes(cls, raw: bytes, *, path: str, source: Path | None, channel: str | None = None) -> "Document":
        """Decode UTF-8 (a BOM is remembered and restored on write). Raises UnicodeDecodeError."""
        from mops.lint.links import kind_for_path

        has_bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw[3:].decode("utf-8") if has_bom else raw.decode("utf-8")
        return cls(path=path, text=text, kind=kind_for_path(path), source=source, has_bom=has_bom, channel=channel)

    def to_bytes(self, text: str | None = None) -> bytes:
        body = self.text if text is None else text
        return (BOM + body).encode("utf-8") if self.has_bom else body.encode("utf-8")

    @cached_property
    def lines(self) -> "LineIndex":
        from mops.lint.lines import LineIndex

        return LineIndex(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        return self.lines.line_col(offset)

    @property
    def found_urls(self) -> list["FoundUrl"]:
        """Every URL in the document, in order, as found (not parsed)."""
        from mops.lint.links import links_in_scope

        return self.memo("found_urls", lambda: links_in_scope(self.text, self.kind, self.link_scope))

    @property
    def link_scope(self) -> "Scope":
        """What finding the document's links learns of its whole text once (mops.lint.links.scope_of)."""
        from mops.lint.links import scope_of

        return self.memo("link_scope", lambda: scope_of(self.text, self.kind, lambda: self.lines))

    def links_between(self, start: int, end: int) -> list["FoundUrl"]:
        """The links of `text[start:end]`, where `start` and `end` are the text's ends or line starts
        of running text (see mops.lint.links.line_start_after): what found_urls holds there."""
        from mops.lint.links import scan_links

        return scan_links(self.text, self.kind, self.link_scope, start, end)

    @property
    def link_spans(self) -> list[tuple[int, int]]:
        """(start, end) of every link, in order: what the copy view leaves out. A document whose
        links are judged in another process may be given them from there (see runner._ForkedLinks)."""
        return self.memo("link_spans", lambda: [(found.start, found.end) for found in self.found_urls])

    @property
    def urls(self) -> list[tuple["FoundUrl", "ParsedUrl"]]:
        """Every URL in the document with its parse, in order."""
        if self._urls is None:
            self._urls = [(found, parse_url_cached(found.url)) for found in self.found_urls]
        return self._urls


_PARSED: dict[str, "ParsedUrl"] = {}


def clear_parse_cache() -> None:
    _PARSED.clear()


def parse_url_cached(text: str) -> "ParsedUrl":
    """Parse a URL once per process: sheets repeat the same link thousands of times.
    Parsed URLs are never mutated, so sharing them is safe."""
    parsed = _PARSED.get(text)
    if parsed is None:
        from mops.utm.url import parse_url

        from mops.memo import remember

        parsed = remember(_PARSED, text, parse_url(text))
    return parsed
