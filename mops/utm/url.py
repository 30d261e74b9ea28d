"""One URL, parsed in a single pass, keeping the raw text and the span of every parameter.

Rules read decoded keys and values; fixes rewrite exactly the bytes of a span (`QueryParam.start`
.. `end`, or `key_end`), so nothing here normalises the text. Parsing follows what servers and GA4
do, not what a browser's address bar shows:

- only `&` separates parameters (`;` is part of a value); an empty piece (`a=1&&b=2`) is no parameter;
- a second `?` in the query stays inside the value it follows (`ref=mail?utm_source=x` has one
  parameter, `ref`); its position is listed in `extra_question_marks` for the rules to report;
- `+` is a space and `%XX` is decoded once (so `%2520` reads `%20`; `double_encoded` spots it);
- parameters after `#` (`page#utm_source=x`, or a hash router's `#/route?utm_source=x`) are parsed
  too and marked `in_fragment`, because people put them there and analytics never reads them;
- ad-platform placeholders (`{lpurl}`, `{campaignid}`, `{{campaign.name}}`, `{ifmobile:mobile}`,
  TikTok's `__CAMPAIGN_NAME__`) are listed by span; braces are never decoded or judged here.

Speed matters (a lint reads hundreds of thousands of links): the hot path is str.find/split only,
and decoding is skipped unless a `%` or `+` is present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote

from mops import regexcache

# {lpurl}, {campaignid}, {_custom}, {ifmobile:mobile}, {lpurl+2}; {{campaign.name}} (Meta, Pinterest,
# Snapchat); __CAMPAIGN_NAME__ (TikTok). Content has no spaces or braces.
_PLACEHOLDER = regexcache.compile(r"\{\{[^{}\s]+\}\}|\{[^{}\s]+\}|__[A-Z][A-Z0-9_]*__")
_DOUBLE_ENCODED = regexcache.compile(r"%25[0-9A-Fa-f]{2}")
_new = tuple.__new__
GA4_PAGE_LOCATION_LIMIT = 1000  # characters of page_location GA4 keeps: parameters after them are lost


class QueryParam(NamedTuple):
    """One `key=value` piece. `start`/`end` span the whole piece in `ParsedUrl.text`, `key_end` is
    where the raw key stops (the `=`, or `end` when there is none). The raw value, when there is one,
    is `text[key_end + 1:end]`.

    A NamedTuple rather than a frozen dataclass: just as immutable (one parse is shared by every
    rule), but built about three times faster, which is most of the parser's cost per link."""

    raw_key: str
    raw_value: str | None  # None: no '=' at all; '' : 'utm_source='
    key: str  # decoded: '+' -> ' ', %XX once
    value: str | None
    start: int
    end: int
    key_end: int
    in_fragment: bool = False


@dataclass(slots=True)
class ParsedUrl:
    """A URL as written. Positions are indexes into `text`: `query_start` is the index of the first
    `?` (before any `#`), `fragment_start` the index of the first `#`."""

    text: str
    scheme: str  # as written; '' for a scheme-less tracking template such as '{lpurl}?...'
    host: str  # as written, without userinfo or port; IPv6 keeps its brackets: '[2001:db8::1]'
    path: str
    query_start: int | None
    fragment_start: int | None
    params: list[QueryParam] = field(default_factory=list)
    extra_question_marks: list[int] = field(default_factory=list)
    placeholders: list[tuple[int, int]] = field(default_factory=list)

    def get(self, key: str) -> QueryParam | None:
        """The first parameter whose decoded key is `key` (exact), or None."""
        for p in self.params:
            if p.key == key:
                return p
        return None


def _decode(raw: str) -> str:
    if "%" not in raw:
        return raw.replace("+", " ") if "+" in raw else raw
    # errors='replace': a broken UTF-8 sequence reads as U+FFFD rather than failing the lint
    return unquote(raw.replace("+", " "), errors="replace")


def _split_params(text: str, begin: int, stop: int, in_fragment: bool, out: list[QueryParam]) -> None:
    """Append the parameters of `text[begin:stop]` to `out`."""
    append = out.append
    pos = begin
    for piece in text[begin:stop].split("&"):
        size = len(piece)
        if size:
            raw_key, eq, raw_value = piece.partition("=")
            if "%" in piece or "+" in piece:
                key, value = _decode(raw_key), (_decode(raw_value) if eq else None)
            else:
                key, value = raw_key, (raw_value if eq else None)
            # tuple.__new__ skips the NamedTuple's Python-level __new__: this line runs once per parameter
            append(_new(QueryParam, (raw_key, raw_value if eq else None, key, value, pos, pos + size, pos + len(raw_key), in_fragment)))
        pos += size + 1


def _authority(text: str, scheme_end: int, stop: int) -> tuple[str, int]:
    """(host, index where the path starts) for the authority after '//' at `scheme_end`."""
    begin = scheme_end + 3
    slash = text.find("/", begin, stop)  # `stop` is already before any '?' or '#'
    end = slash if slash >= 0 else stop
    at = text.rfind("@", begin, end)
    host_begin = at + 1 if at >= 0 else begin
    if text.startswith("[", host_begin):
        close = text.find("]", host_begin, end)
        host = text[host_begin : close + 1] if close >= 0 else text[host_begin:end]
    else:
        colon = text.find(":", host_begin, end)
        host = text[host_begin : colon if colon >= 0 else end]
    return host, end


def _placeholder_spans(text: str) -> list[tuple[int, int]]:
    if "{" not in text and "__" not in text:
        return []
    return [m.span() for m in _PLACEHOLDER.finditer(text)]


def parse_url(text: str) -> ParsedUrl:
    """Parse one URL (absolute, or a tracking template such as `{lpurl}?utm_source=google`)."""
    length = len(text)
    hash_at = text.find("#")
    fragment_start = hash_at if hash_at >= 0 else None
    before_hash = hash_at if hash_at >= 0 else length
    question = text.find("?", 0, before_hash)
    query_start = question if question >= 0 else None
    before_query = question if question >= 0 else before_hash

    scheme_end = text.find("://", 0, before_query)
    if scheme_end > 0 and text[0] != "{":
        scheme = text[:scheme_end]
        host, path_start = _authority(text, scheme_end, before_query)
    else:
        scheme, host, path_start = "", "", 0
    path = text[path_start:before_query]

    params: list[QueryParam] = []
    extra: list[int] = []
    if question >= 0:
        _split_params(text, question + 1, before_hash, False, params)
        extra_at = text.find("?", question + 1, before_hash)
        while extra_at >= 0:
            extra.append(extra_at)
            extra_at = text.find("?", extra_at + 1, before_hash)
    if hash_at >= 0:
        route_query = text.find("?", hash_at + 1)
        if route_query >= 0 and text.find("=", hash_at + 1, route_query) < 0:  # hash router: '#/route?utm_source=x'
            _split_params(text, route_query + 1, length, True, params)
        elif text.find("=", hash_at + 1) >= 0:  # 'page#utm_source=x'; a plain anchor '#top' has none
            _split_params(text, hash_at + 1, length, True, params)

    return ParsedUrl(text, scheme, host, path, query_start, fragment_start, params, extra, _placeholder_spans(text))


def has_placeholder(value: str) -> bool:
    """True if `value` contains an ad-platform placeholder (`{keyword}`, `{{ad.name}}`, `__CID__`)."""
    if "{" not in value and "__" not in value:
        return False
    return _PLACEHOLDER.search(value) is not None


def double_encoded(raw_value: str) -> bool:
    """True if a raw (undecoded) value was percent-encoded twice: `%25` then two hex digits."""
    return "%25" in raw_value and _DOUBLE_ENCODED.search(raw_value) is not None
