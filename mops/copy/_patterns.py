"""Patterns shared by the counters and the text metrics: links and emoji as platforms see them."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from functools import lru_cache

import regex

from mops import regexcache

# Emoji as twemoji-parser (what twitter-text v3 uses) recognises them, expressed with Unicode
# properties instead of its generated list of code points:
# - a keycap, a flag (two regional indicators) or a subdivision flag (black flag + tag letters);
# - ©, ®, ™ and ♟ only with U+FE0F: they are text by default and twemoji leaves them alone otherwise;
# - any other pictograph unless U+FE0E asks for text, with its skin tone and ZWJ-joined partners.
EMOJI = regex.compile(
    r"""
      [\#*0-9]\uFE0F?\u20E3
    | \p{RI}\p{RI}
    | \U0001F3F4[\U000E0020-\U000E007E]+\U000E007F
    | (?: [\p{ExtPict}--[\u00A9\u00AE\u2122\u265F]](?!\uFE0E) | [\u00A9\u00AE\u2122\u265F](?=\uFE0F) )
      \uFE0F? \p{EMod}?
      (?: \u200D \p{ExtPict} \uFE0F? \p{EMod}? )*
    """,
    regex.VERBOSE | regex.V1,
)

_PROTOCOL_URL = regex.compile(r"(?i)\bhttps?://[^\s<>\"]+")

# A small, common subset of the TLDs twitter-text knows; see _bare_domain_is_link for ccTLDs.
_GENERIC_TLDS = (
    "com|net|org|edu|gov|mil|int|info|biz|name|pro|app|dev|page|shop|store|online|site|xyz|blog|"
    "news|tech|cloud|club|live|link|media|agency|digital|email|events|marketing|studio|travel"
)
_BARE_DOMAIN = regex.compile(
    r"(?i)(?<![\p{L}\p{N}_@.\-/:#$])"
    r"(?P<host>(?:[\p{L}\p{N}](?:[\p{L}\p{N}_\-]*[\p{L}\p{N}])?\.)+"
    rf"(?P<tld>{_GENERIC_TLDS}|[a-z]{{2}}))"
    r"(?![\p{L}\p{N}_\-])(?P<path>[/?#][^\s<>\"]*)?"
)
# Every link has "://" or a host's dot followed by at least two letters (its TLD, or the next
# label); a quick test with `re` spares the two full patterns on text without either.
# (ſ and K, the Kelvin sign, match s and k case-insensitively, as the patterns allow.)
_MAY_LINK = regexcache.compile(r"://|\.[^\W\d_]{2}")
_DOT_LETTERS = regexcache.compile(r"\.[^\W\d_]{2}")
_SPACE = regex.compile(r"\s")  # the same white space as the patterns' `\s`
_LAST_SPACE = regex.compile(r"\s", regex.REVERSE)
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "or", "ne"}
_TRAILING_PUNCTUATION = ".,;:!?'\"*"


def link_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the links a platform would shorten or linkify: `https://…`, `www.example.com`, `example.com/x`."""
    return list(_link_spans(text))


# The tone metrics ask for the links of the same text several times (words, sentences, hashtags,
# capitals, reading grade each mask them): found once per text. Keyed by the text's value.
@lru_cache(maxsize=16)
def _link_spans(text: str) -> tuple[tuple[int, int], ...]:
    if _MAY_LINK.search(text) is None:  # most prose has no "://" and no dot before two letters
        return ()
    spans = []
    if "://" in text:
        spans = [span for span in (_trim(text, m.start(), m.end()) for m in _PROTOCOL_URL.finditer(text)) if _host_ok(text[span[0] : span[1]])]
    # a bare domain inside a link already found is part of it (both lists are in text order, so
    # one bisect per candidate instead of a scan of every link found so far)
    protocol_starts = [start for start, _ in spans]
    protocol_ends = [end for _, end in spans]
    for match in _bare_domains(text):
        at = bisect.bisect_right(protocol_starts, match.start()) - 1
        if at >= 0 and match.start() < protocol_ends[at]:
            continue
        if not _bare_domain_is_link(match):
            continue
        start, end = _trim(text, match.start(), match.end())
        if _host_ok(text[start:end]):
            spans.append((start, end))
    return tuple(sorted(spans))


def _bare_domains(text: str) -> Iterator[regex.Match[str]]:
    """`_BARE_DOMAIN.finditer(text)`, run only on the words (runs of non-space) that hold a dot
    followed by two letters: a bare domain is one such word's part, so the other words, most of
    any prose, cannot hold one, and the costly pattern need not be tried at each of their letters."""
    searched_to = 0
    for candidate in _DOT_LETTERS.finditer(text):
        dot = candidate.start()
        if dot < searched_to:
            continue
        space = _LAST_SPACE.search(text, 0, dot)
        first = space.end() if space else 0
        space = _SPACE.search(text, dot)
        searched_to = space.start() if space else len(text)
        yield from _BARE_DOMAIN.finditer(text, first, searched_to)


def mask_links(text: str, fill: str = "x") -> str:
    """`text` with every link replaced by `fill` characters of the same length (offsets unchanged)."""
    spans = link_spans(text)
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(fill * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def emoji_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of emoji (each multi-code-point sequence is one span)."""
    for match in EMOJI.finditer(text):
        yield match.span()


def _bare_domain_is_link(match: regex.Match[str]) -> bool:
    tld = match.group("tld").lower()
    if len(tld) != 2:
        return True
    # A bare two-letter ending is too often not a link ("Mr.Li", "node.js"): twitter-text likewise
    # wants a path after a ccTLD domain written without a protocol, unless it is a known form (foo.co.jp).
    labels = match.group("host").lower().split(".")
    return bool(match.group("path")) or labels[0] == "www" or (len(labels) >= 3 and labels[-2] in _SECOND_LEVEL)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop sentence punctuation after a link, and a closing bracket that the link did not open."""
    while end > start:
        last = text[end - 1]
        if last in _TRAILING_PUNCTUATION:
            end -= 1
        elif last == ")" and text.count("(", start, end) < text.count(")", start, end):
            end -= 1
        elif last == "]" and text.count("[", start, end) < text.count("]", start, end):
            end -= 1
        else:
            break
    return start, end


def _host_ok(link: str) -> bool:
    # DNS labels are at most 63 characters; twitter-text does not linkify a host that breaks this.
    host = regex.sub(r"(?i)^https?://", "", link)
    host = regex.split(r"[/?#:]", host, maxsplit=1)[0]
    labels = host.split(".")
    return bool(host) and all(0 < len(label) <= 63 for label in labels)
