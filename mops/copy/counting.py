"""Counting copy the way each ad platform counts it before comparing with its limit.

- `graphemes`: user-perceived characters (Meta, LinkedIn, most forms): an emoji with a skin tone,
  a ZWJ family, a flag, or a letter with combining accents is one.
- `x`: twitter-text v3 weighted length (see `mops.copy.x_count`).
- `sms`: GSM-7 septets or UCS-2 units and segments (see `mops.copy.sms`).
- `google_ads`: Google Ads: double-width (CJK) characters count 2, and insertion tokens count as
  the text Google would show by default (see `keyword_insertion_length`).
"""

from __future__ import annotations

import unicodedata

import regex

from mops.copy.sms import SmsCount, sms_count
from mops.copy.x_count import x_weighted_length
from mops.errors import ConfigError

__all__ = [
    "COUNTDOWN_LENGTH",
    "COUNTINGS",
    "SmsCount",
    "count_for",
    "google_ads_length",
    "grapheme_length",
    "keyword_insertion_length",
    "sms_count",
    "x_weighted_length",
]

COUNTINGS = ("graphemes", "x", "sms", "google_ads")

# Google renders a countdown as "5 days", "3 hours" or "32 minutes"; the longest English form is
# "59 minutes". Like Microsoft Advertising's editor, count the longest the countdown can become.
COUNTDOWN_LENGTH = len("59 minutes")

_GRAPHEME = regex.compile(r"\X")
_CLUSTERED = regex.compile(r"[^\x00-\x0c\x0e-\x7f]+")  # where a cluster may hold several characters
_COUNTDOWN = regex.compile(r"(?i)\{=(?:GLOBAL_)?COUNTDOWN\([^{}]*\)\}")
# {KeyWord:default}, {LOCATION(City):default}, {CUSTOMIZER.price:default}: a function name, then
# the default text after the first colon.
_INSERTION = regex.compile(
    r"""(?ix)
    \{
      (?P<name> keyword | location\((?:city|state|country)\) | customizer\.[\w.\- ]+ | param[123] )
      (?: : (?P<default>[^{}]*) )?
    \}
    """
)


def grapheme_length(text: str) -> int:
    """User-perceived characters: extended grapheme clusters (`\\X`)."""
    if text.isascii():
        # In ASCII only CR LF forms a cluster of two code points.
        return len(text) - text.count("\r\n")
    # Two ASCII characters other than CR LF always have a cluster break between them, so \X (about
    # 4 MB/s) runs only on each run of other characters (and CR) with the character either side of
    # it: long copy with a few emoji or accents counts at the speed of a search for them.
    size = len(text)
    count = size
    first = last = -1
    for run in _CLUSTERED.finditer(text):
        start, end = max(0, run.start() - 1), min(size, run.end() + 1)
        if start < last:
            last = end
            continue
        if last >= 0:
            count += len(_GRAPHEME.findall(text[first:last])) - (last - first)
        first, last = start, end
    if last >= 0:
        count += len(_GRAPHEME.findall(text[first:last])) - (last - first)
    return count


def google_ads_length(text: str) -> int:
    """Characters as Google Ads counts plain text: 2 for each double-width (East Asian wide) character."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(cluster[0]) in ("W", "F") else 1 for cluster in _GRAPHEME.findall(text))


def keyword_insertion_length(text: str) -> int:
    """Google Ads length with insertion tokens counted as the text shown by default.

    - `{KeyWord:Hiking boots}` (any capitalisation: keyword, Keyword, KeyWord, KEYWord, KeyWORD)
      counts its default text: Google inserts the search term only when it fits in the limit
      and shows the default otherwise, so the default is what must fit.
    - `{LOCATION(City):Berlin}` and `{CUSTOMIZER.name:default}` likewise count their default;
      written without a default they count 0, since Google shows such an ad only when the value fits.
    - `{=COUNTDOWN(...)}` / `{=GLOBAL_COUNTDOWN(...)}` count `COUNTDOWN_LENGTH` (10, "59 minutes").
    """
    parts: list[str] = []
    countdowns = 0
    last = 0
    for match in _tokens(text):
        parts.append(text[last : match.start()])
        if match.re is _COUNTDOWN:
            countdowns += 1
        else:
            parts.append(match.group("default") or "")
        last = match.end()
    parts.append(text[last:])
    return google_ads_length("".join(parts)) + countdowns * COUNTDOWN_LENGTH


def count_for(platform_counting: str | None, text: str) -> int:
    """The number the platform compares with its limit, for a channel's `counting` setting.

    `None` means graphemes. For `sms` this is `SmsCount.gsm7_equivalent`, so that a limit of 160
    means one SMS whether the text is GSM-7 or UCS-2; use `sms_count` for segments and encoding.
    """
    counting = platform_counting or "graphemes"
    if counting == "graphemes":
        return grapheme_length(text)
    if counting == "x":
        return x_weighted_length(text)
    if counting == "sms":
        return sms_count(text).gsm7_equivalent
    if counting == "google_ads":
        return keyword_insertion_length(text)
    raise ConfigError(
        f"unknown counting {platform_counting!r}",
        hint=f"set `counting` to one of: {', '.join(COUNTINGS)}",
        field="counting",
    )


def _tokens(text: str) -> list[regex.Match[str]]:
    if "{" not in text:
        return []
    countdowns = list(_COUNTDOWN.finditer(text))
    taken = [range(*m.span()) for m in countdowns]
    others = [m for m in _INSERTION.finditer(text) if not any(m.start() in r for r in taken)]
    return sorted(countdowns + others, key=lambda m: m.start())
