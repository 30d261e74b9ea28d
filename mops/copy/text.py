"""Text metrics for tone rules: sentences, words, emoji, hashtags, shouting, reading grade.

Spans are (start, end) offsets into the text as given, so a finding can point at the column.
Links are masked first: their dots, slashes and `#` fragments are not sentence ends, words or hashtags.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import regex

from mops import regexcache
from mops.copy._patterns import EMOJI, link_spans, mask_links
from mops.memo import memoised

Span = tuple[int, int]

# Abbreviations after which a period does not end a sentence (compared lower-case, without the dot).
# "etc." is left out on purpose: it ends sentences about as often as it sits inside one.
ABBREVIATIONS = frozenset("e.g i.e cf vs approx dr mr mrs ms prof st jr sr inc ltd co corp no nos fig p.s a.m p.m u.s u.k".split())

# A number with inner separators (4.5, 10,000, 12:30) is one word; so is don't or e-mail.
_WORD = regex.compile(r"\p{N}+(?:[.,:]\p{N}+)+(?![\p{L}\p{N}])|[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*")
# The same words in ASCII text, where \p{L} is A-Z and a-z, \p{N} is 0-9, there is no \p{M} and no ’:
# `re` finds them in half the time `regex` takes (each sentence's count is a call of its own), and
# text outside ASCII is read by `_WORD` a line at a time (a word never spans a line break).
# tests/test_copy_fast_paths.py holds `_find_words` and the counts to `_WORD`.
_WORD_ASCII = regexcache.compile(r"[0-9]+(?:[.,:][0-9]+)+(?![A-Za-z0-9])|[A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*")
_NON_ASCII = regexcache.compile(r"[^\x00-\x7f]")  # a character outside ASCII
# Every emoji holds © or ® or a character from U+203C (‼) on: the first pictographs, the keycap
# mark, regional indicators, tags. Text without one (accented letters, dashes, quotes) has none.
_MAY_BE_EMOJI = regexcache.compile("[\u00a9\u00ae\u203c-\U0010ffff]")
_SENTENCE_END = regex.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n\s*")
_HASHTAG = regex.compile(r"(?<![\p{L}\p{M}\p{N}_&#])[#＃][\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*")
_TOKEN_BEFORE = regex.compile(r"([\p{L}.]+)$")
_VOWEL_GROUPS = regex.compile(r"[aeiouy]+")
# the token ending at a dot, found by searching backwards from it (forwards, the search would try
# each of the window's positions in turn)
_TOKEN_BEFORE_REVERSED = regex.compile(r"([\p{L}.]+)$", regex.REVERSE)
_MATCH = type(_VOWEL_GROUPS.match("a"))
_SPAN, _GROUP = _MATCH.span, _MATCH.group
_NOT_LETTER = regex.compile(r"[^\p{L}]")


def sentences(text: str) -> list[Span]:
    """Sentence spans, trimmed of surrounding space.

    A sentence ends at `.`, `!`, `?` or `…` followed by a space or the end (closing quotes and
    brackets stay with it), or at a line break: ad copy puts one thought per line. No split after
    an abbreviation (`e.g.`, `Dr.`), a single initial (`J. Smith`), inside a number (`4.5`) or a link.
    """
    return list(_sentences(text))


# Each tone rule asks for the words and sentences of the same copy (sentence length, capitals,
# reading grade): each text is split once and the answer shared. Keyed by the text's value.
@lru_cache(maxsize=8)
def _sentences(text: str) -> tuple[Span, ...]:
    masked = mask_links(text)
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(masked):
        if match.group().startswith(".") and _is_abbreviation(masked, match.start()):
            continue
        _append_trimmed(spans, text, start, match.end())
        start = match.end()
    _append_trimmed(spans, text, start, len(text))
    return tuple(spans)


@lru_cache(maxsize=8)
def _plain_words(text: str) -> tuple[tuple[Span, ...], tuple[str, ...]]:
    """The spans and text of the words outside links (links masked with spaces)."""
    matches = list(_WORD.finditer(mask_links(text, fill=" ")))
    return tuple(map(_SPAN, matches)), tuple(map(_GROUP, matches))


@lru_cache(maxsize=8)
def _word_texts(text: str) -> list[str]:
    """The words outside links, as text (one `findall`)."""
    return _find_words(mask_links(text, fill=" "))


def _find_words(text: str) -> list[str]:
    """`_WORD.findall(text)`: the lines that are ASCII read by `_WORD_ASCII`, the others by `_WORD`."""
    if text.isascii():
        return _WORD_ASCII.findall(text)
    found: list[str] = []
    position = 0
    while (other := _NON_ASCII.search(text, position)) is not None:
        line_start = text.rfind("\n", position, other.start()) + 1 or position
        line_end = text.find("\n", other.end())
        if line_end < 0:
            line_end = len(text)
        found += _WORD_ASCII.findall(text, position, line_start)
        found += _WORD.findall(text, line_start, line_end)
        position = line_end
    found += _WORD_ASCII.findall(text, position)
    return found


def words(text: str) -> list[Span]:
    """Word spans: letters and digits, with inner apostrophes and hyphens (`don't`, `e-mail`).

    A number with inner separators (`4.5`, `10,000`) and a link are one word each.
    """
    links = link_spans(text)
    spans = _plain_words(text)[0]
    return sorted([*spans, *links]) if links else list(spans)


def word_count(text: str) -> int:
    """`len(words(text))`, without finding where each word is."""
    return len(_word_texts(text)) + len(link_spans(text))


def words_per_sentence(text: str) -> list[tuple[Span, int]]:
    """Each sentence's span with the number of words in it, for a longest-sentence rule.

    The words of each sentence are counted by one `findall` bounded to it (links masked, each
    link one word): linear in the text, with no Python work per word."""
    masked = mask_links(text, fill=" ")
    link_starts = [start for start, _ in link_spans(text)]
    all_ascii = masked.isascii()
    ascii_findall, findall = _WORD_ASCII.findall, _WORD.findall
    counts = []
    for start, end in _sentences(text):
        links = bisect_left(link_starts, end) - bisect_left(link_starts, start) if link_starts else 0
        found = ascii_findall if all_ascii or masked[start:end].isascii() else findall
        counts.append(((start, end), len(found(masked, start, end)) + links))
    return counts


def count_emoji(text: str) -> int:
    """Emoji as platforms render them; a ZWJ family, a flag or a toned hand is one."""
    if text.isascii() or _MAY_BE_EMOJI.search(text) is None:
        return 0
    return sum(1 for _ in EMOJI.finditer(text))


def hashtags(text: str) -> list[Span]:
    """Hashtag spans: `#` then letters, digits or `_`, with at least one letter (`#1` is not a tag)."""
    if "#" not in text and "＃" not in text:
        return []  # every hashtag starts with one (masking links adds none)
    return [m.span() for m in _HASHTAG.finditer(mask_links(text, fill=" "))]


def count_hashtags(text: str) -> int:
    """How many hashtags the text carries."""
    return len(hashtags(text))


def all_caps_words(text: str, acronyms: Iterable[str] = (), min_letters: int = 4) -> list[Span]:
    """Shouted words: at least `min_letters` letters, none lower-case, and not a known acronym.

    Words shorter than `min_letters` (`OK`, `USA`, `FAQ`) are left alone as likely acronyms; longer
    ones (`NASA`, `GDPR`) are exempt when listed in `acronyms` (compared case-insensitively).
    """
    allowed = {a.casefold() for a in acronyms}
    found: list[Span] = []
    # Words that could be shouted, from the words' text alone; only the lines holding one are
    # split again to find the words' places (a word never spans a line, so a line splits into
    # the same words on its own as within the text).
    candidates = {word for word in _word_texts(text) if word.isupper() and len(word) >= min_letters}
    if not candidates:
        return found
    masked = mask_links(text, fill=" ")
    line_starts: set[int] = set()
    for candidate in candidates:
        position = masked.find(candidate)
        while position != -1:
            line_starts.add(masked.rfind("\n", 0, position) + 1)
            position = masked.find(candidate, position + len(candidate))
    for line_start in sorted(line_starts):
        line_end = masked.find("\n", line_start)
        for match in _WORD.finditer(masked, line_start, line_end if line_end != -1 else len(masked)):
            word = match.group()
            if not word.isupper():  # a lower-case letter, or no letter at all: most words stop here
                continue
            letters = [c for c in word if c.isalpha()]
            if len(letters) < min_letters or any(not c.isupper() for c in letters):
                continue
            if word.casefold() in allowed or _NOT_LETTER.sub("", word).casefold() in allowed:
                continue
            found.append(match.span())
    return found


def syllables(word: str) -> int:
    """Syllables in an English word, by a heuristic (about 90% right on common words).

    1. Keep letters, lower-case; a word of up to three letters is one syllable.
    2. Count groups of consecutive vowels (a, e, i, o, u, y).
    3. A final silent `e` takes one away (`make`), except `-le` after a consonant (`table`).
    4. A final `-ed` takes one away (`jumped`), except after `t` or `d` (`wanted`).
    5. A final `-es` takes one away (`makes`), except after s, x, z, c, g (`boxes`, `places`, `pages`).
    6. Never fewer than one.
    """
    return _syllables(word.lower())


@memoised  # prose repeats its words: each distinct word is counted once
def _syllables(lowered: str) -> int:
    letters = "".join(c for c in lowered if c.isalpha())
    if not letters:
        return 0
    if len(letters) <= 3:
        return 1
    count = len(_VOWEL_GROUPS.findall(letters))
    if letters.endswith("e") and not (letters.endswith("le") and letters[-3] not in "aeiouy"):
        count -= 1
    elif letters.endswith("ed") and letters[-3] not in "td":
        count -= 1
    elif letters.endswith("es") and letters[-3] not in "sxzcg":
        count -= 1
    return max(count, 1)


def flesch_kincaid_grade(text: str) -> float:
    """Flesch-Kincaid grade level: 0.39 × words/sentences + 11.8 × syllables/words − 15.59.

    Words are the word spans that contain a letter (numbers and links are left out), syllables
    come from `syllables`, sentences from `sentences`. Empty text is grade 0.
    """
    counted = [w for w in _word_texts(text) if w.isalpha() or any(c.isalpha() for c in w)]
    sentence_count = len(_sentences(text))
    if not counted or not sentence_count:
        return 0.0
    # prose repeats its words: each distinct word's syllables counted once, times its count
    syllable_count = sum(syllables(w) * n for w, n in Counter(counted).items())
    return 0.39 * len(counted) / sentence_count + 11.8 * syllable_count / len(counted) - 15.59


def _is_abbreviation(text: str, dot: int) -> bool:
    # Look back a short window only: scanning from the start would make long texts quadratic.
    before = _TOKEN_BEFORE_REVERSED.search(text, max(0, dot - 32), dot)
    if before is None:
        return False
    token = before.group(1).strip(".")
    if len(token) == 1 and token.isalpha() and token.isupper():
        return True  # an initial: "J. Smith"
    return token.lower() in ABBREVIATIONS


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
