"""COPY rules about tone, per channel profile: sentence length, exclamation marks, shouting,
emoji, hashtags, reading grade and words too informal (or formal) for the channel.

Counts are judged per field when the channel has fields in this file (each headline, each
primary text), otherwise over the file's whole copy."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from mops import regexcache
from mops.lint.rule import Rule, Violation


# Tags that end a line of text as a reader sees it (and so a sentence without a full stop:
# a heading, a button, a table cell); inline tags (a, b, span, em...) join the text around them.
_BREAKING_TAG = regexcache.compile(
    r"<\s*/?\s*(?:br|p|div|h[1-6]|li|ul|ol|td|th|tr|table|tbody|thead|section|article|header|footer|"
    r"blockquote|hr|title|body|head|html|center|button|img)\b",
    re.IGNORECASE,
)


def joined_copy(doc, spans) -> tuple[str, object]:  # noqa: ANN001
    """Copy spread over several spans (an ad, a field) as one text, with a map from an offset in it
    back to the file. Two spans are joined by a space where what lies between them (inline code,
    a link, an inline tag) sits inside a line of text, and by a line break where it breaks the
    line (a line break, a fenced block, a block-level tag, the next cell of a sheet row), so a
    sentence runs on across a link but not across a heading. Memoised per document and spans:
    sentence length, capitals and the reading grade ask about the same strings, whose words and
    sentences mops.copy.text then splits once."""
    spans = tuple(spans)
    cache = doc.memo("copy_joined", dict)
    found = cache.get(spans)
    if found is not None:
        return found
    text = doc.text
    sheet = doc.kind in ("csv", "tsv")
    parts: list[str] = []
    starts: list[int] = []
    position = 0
    for index, (a, b) in enumerate(spans):
        if index:
            gap = text[spans[index - 1][1] : a]
            parts.append("\n" if sheet or "\n" in gap or _BREAKING_TAG.search(gap) else " ")
            position += 1
        starts.append(position)
        parts.append(text[a:b])
        position += b - a

    def in_file(offset: int) -> int:
        at = bisect_right(starts, offset) - 1
        return spans[at][0] + offset - starts[at]

    found = cache[spans] = ("".join(parts), in_file)
    return found


def _ad_texts(doc, ctx):  # noqa: ANN001, ANN202 - list[tuple[str, Callable[[int], int]]]
    """Each ad's copy as one text, with its map back to the file (see `joined_copy`)."""
    return [joined_copy(doc, ad.segments) for ad in ctx.copy(doc).ads]


def _units(doc, ctx):  # noqa: ANN001, ANN202
    view = ctx.copy(doc)
    if view.profile is None:
        return None, []
    return view.profile, view.units


class _CountRule(Rule):
    groups = ("copy", "tone")
    needs_channel = True
    setting = ""
    noun = ""

    def count(self, text: str) -> int:
        raise NotImplementedError

    def check(self, doc, ctx) -> Iterable[Violation]:
        profile, units = _units(doc, ctx)
        limit = getattr(profile, self.setting, None) if profile else None
        if limit is None:
            return
        for name, spans in units:
            total = sum(self.count(doc.text[a:b]) for a, b in spans)
            if total > limit:
                where = f"{name} has" if name else "copy has"
                yield Violation(spans[0][0], spans[-1][1], f"{where} {total} {self.noun}; {ctx.copy(doc).channel} allows {limit}")


class TooManyExclamations(_CountRule):
    """Copy uses more exclamation marks than its channel allows.

    What it checks: `max_exclamations` of the channel profile, per field or per file.
    Why it matters: Google Ads rejects headlines with "!" and most brand voices reserve them.
    Example: "Huge savings!!" on a channel with max_exclamations 0.
    Fix safety: no fix.
    """

    code = "COPY006"
    name = "copy.exclamations"
    setting = "max_exclamations"
    noun = "exclamation marks"

    def count(self, text: str) -> int:
        return text.count("!")


class TooManyEmoji(_CountRule):
    """Copy uses more emoji than its channel allows.

    What it checks: `max_emoji` of the channel profile (emoji sequences such as flags or families count once).
    Why it matters: emoji-heavy copy reads as spam and some placements strip them.
    Example: "⛺🔥🔥 Deals" with max_emoji 2.
    Fix safety: no fix.
    """

    code = "COPY008"
    name = "copy.emoji"
    setting = "max_emoji"
    noun = "emoji"

    def count(self, text: str) -> int:
        from mops.copy.text import count_emoji

        return count_emoji(text)


class TooManyHashtags(_CountRule):
    """Copy uses more hashtags than its channel allows.

    What it checks: `max_hashtags` of the channel profile.
    Why it matters: LinkedIn and Instagram down-rank posts stuffed with hashtags.
    Example: five hashtags on a channel with max_hashtags 3.
    Fix safety: no fix.
    """

    code = "COPY009"
    name = "copy.hashtags"
    setting = "max_hashtags"
    noun = "hashtags"

    def count(self, text: str) -> int:
        from mops.copy.text import count_hashtags

        return count_hashtags(text)


class LongSentence(Rule):
    """A sentence is longer than the channel's `max_sentence_words`.

    What it checks: words per sentence in the prose of each ad (links and numbers count as one
    word). A sentence runs on across inline code, a link or an inline tag, as it reads, and ends at
    `.`, `!`, `?`, a line break, a block-level HTML tag (heading, paragraph, cell, button) or a
    sheet's next cell.
    Why it matters: long sentences lose readers on small screens.
    Example: a 40-word sentence in an email with max_sentence_words 25.
    Fix safety: no fix.
    """

    code = "COPY005"
    name = "copy.long-sentence"
    groups = ("copy", "tone")
    needs_channel = True

    def check(self, doc, ctx) -> Iterable[Violation]:
        profile, _ = _units(doc, ctx)
        if profile is None or profile.max_sentence_words is None:
            return
        from mops.copy.text import words_per_sentence

        for text, in_file in _ad_texts(doc, ctx):
            for (start, end), count in words_per_sentence(text):
                if count > profile.max_sentence_words:
                    yield Violation(in_file(start), in_file(end - 1) + 1, f"sentence has {count} words; the limit is {profile.max_sentence_words}")


class AllCapsWord(Rule):
    """A word is written in capitals on a channel that does not allow shouting.

    What it checks: with `allow_all_caps: false`, words of four or more capital letters that are
    not protected names or acronyms the brand lists in `protected_names`.
    Why it matters: Google Ads disapproves excessive capitalisation; elsewhere it reads as shouting.
    Example: "FREE shipping" → "Free shipping".
    Fix safety: no fix (some capitals are deliberate).
    """

    code = "COPY007"
    name = "copy.all-caps"
    groups = ("copy", "tone")
    needs_channel = True

    def check(self, doc, ctx) -> Iterable[Violation]:
        profile, _ = _units(doc, ctx)
        if profile is None or profile.allow_all_caps:
            return
        from mops.copy.text import all_caps_words

        acronyms = [name for name in ctx.voice.protected_names if name.isupper()]
        for text, in_file in _ad_texts(doc, ctx):
            for start, end in all_caps_words(text, acronyms):
                first, last = in_file(start), in_file(end - 1) + 1
                yield Violation(first, last, f"{doc.text[first:last]!r} is in capitals")


class ReadingGrade(Rule):
    """Copy reads above the channel's `max_grade` (Flesch–Kincaid grade level).

    What it checks: the reading grade of each field, or of the file's copy, when at least 30 words long.
    Why it matters: ads and emails are skimmed; plain copy converts better.
    Example: a grade-14 paragraph in an email with max_grade 9.
    Fix safety: no fix.
    """

    code = "COPY010"
    name = "copy.reading-grade"
    groups = ("copy", "tone")
    needs_channel = True
    MIN_WORDS = 30

    def check(self, doc, ctx) -> Iterable[Violation]:
        profile, units = _units(doc, ctx)
        if profile is None or profile.max_grade is None:
            return
        from mops.copy.text import flesch_kincaid_grade, word_count

        for name, spans in units:
            text, _ = joined_copy(doc, spans)
            if word_count(text) < self.MIN_WORDS:
                continue
            grade = flesch_kincaid_grade(text)
            if grade > profile.max_grade:
                where = name or "copy"
                yield Violation(spans[0][0], spans[-1][1], f"{where} reads at grade {grade:.1f}; the limit is {profile.max_grade:g}")


class AvoidedWord(Rule):
    """Copy uses a word the channel's profile lists in `avoid_words`.

    What it checks: whole words, case-insensitively, in prose.
    Why it matters: each channel has its register: slang on LinkedIn, stiff words in SMS.
    Example: "awesome" on a channel that avoids it.
    Fix safety: no fix.
    """

    code = "COPY011"
    name = "copy.avoided-word"
    groups = ("copy", "tone")
    needs_channel = True

    def check(self, doc, ctx) -> Iterable[Violation]:
        profile, _ = _units(doc, ctx)
        if profile is None or not profile.avoid_words:
            return
        pattern = regexcache.compile(r"\b(?:" + "|".join(re.escape(w) for w in profile.avoid_words) + r")\b", re.IGNORECASE)
        channel = ctx.copy(doc).channel
        for a, b in ctx.copy(doc).segments:
            for match in pattern.finditer(doc.text, a, b):
                yield Violation(match.start(), match.end(), f"{match.group()!r} does not suit {channel}")
