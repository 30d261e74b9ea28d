"""The weighted length X (Twitter) compares with its 280 limit, after twitter-text's v3 configuration.

twitter-text `config/v3.json`: scale 100, defaultWeight 200, transformedURLLength 23,
emojiParsingEnabled true, and these ranges (inclusive) weighted 100:
0–4351 (Latin, Greek, Cyrillic, Hebrew, Arabic, Indic... up to Georgian), 8192–8205 (spaces),
8208–8223 (dashes and quotes), 8242–8247 (primes). `parseTweet` normalises to NFC, counts every
link as 23, every emoji (twemoji-parser) as 200/100 = 2, every other code point by its range.

What is simplified here (documented in docs for the lint rules):
- Links: `http(s)://…` links, `www.` hosts and bare domains ending in a common generic TLD, or in a
  two-letter country TLD when a path follows (`example.de/x`) or in a known second-level form
  (`foo.co.jp`). twitter-text checks against the full IANA TLD list, so a bare domain with a rare
  TLD (`example.museum`) counts here letter by letter, that is more, never less than on X.
- Emoji: Unicode properties (Extended_Pictographic, Emoji_Modifier, Regional_Indicator) instead
  of twemoji's generated list; a ZWJ sequence newer than twemoji's data counts as one emoji here.
- No `@mention` or cashtag rules: X counts them as plain text too.
"""

from __future__ import annotations

import unicodedata

from mops.copy._patterns import EMOJI, link_spans

MAX_WEIGHTED_LENGTH = 280
TRANSFORMED_URL_LENGTH = 23
SCALE = 100
DEFAULT_WEIGHT = 200
EMOJI_WEIGHT = DEFAULT_WEIGHT
# (start, end, weight), inclusive, from twitter-text config/v3.json.
RANGES: tuple[tuple[int, int, int], ...] = (
    (0, 4351, 100),
    (8192, 8205, 100),
    (8208, 8223, 100),
    (8242, 8247, 100),
)


def code_point_weight(char: str) -> int:
    """The v3 weight (scaled by 100) of one code point outside links and emoji."""
    code = ord(char)
    for start, end, weight in RANGES:
        if start <= code <= end:
            return weight
    return DEFAULT_WEIGHT


def x_weighted_length(text: str) -> int:
    """The length X shows against its 280 limit: links 23, emoji 2, CJK 2, Latin 1.

    v3 weights are whole multiples of the scale, so the result is exact.
    """
    normalized = unicodedata.normalize("NFC", text)
    total = 0
    last = 0
    for start, end in link_spans(normalized):
        total += _weigh_plain(normalized[last:start])
        total += TRANSFORMED_URL_LENGTH * SCALE
        last = end
    total += _weigh_plain(normalized[last:])
    return total // SCALE


def _weigh_plain(text: str) -> int:
    if text.isascii():
        return len(text) * 100
    total = 0
    last = 0
    for match in EMOJI.finditer(text):
        total += sum(code_point_weight(c) for c in text[last : match.start()])
        total += EMOJI_WEIGHT
        last = match.end()
    total += sum(code_point_weight(c) for c in text[last:])
    return total
