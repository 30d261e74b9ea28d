"""Find brand-voice terms in copy, fast: one Aho–Corasick pass, then only the terms that can match.

What a term matches:

- a plain term (`regex: false`) matches as a whole word or phrase: `\\b` at an edge that is a word
  character, and the words of a phrase separated by up to three spaces or tabs, or one line break
  (wrapped Markdown) with some indentation;
- a regex term is compiled as written with the `regex` package (variable-width look-behinds work);
- both are case-insensitive unless `case_sensitive` is true.

The hits are exactly those of `finditer` of each term over the whole text (non-overlapping per term;
different terms may overlap) that lie inside the given spans. To get them quickly, each term's literal
anchors (`mops.copy.anchors`) go into one automaton run over the folded text; a term's expression is
only tried, with `match`, at the starts its anchor hits allow, after a one-character word-boundary
check where the pattern puts `\\b` at the anchor's edge. Terms without a usable anchor (`slow_terms`)
are searched for over the whole text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from itertools import accumulate, chain, islice
from operator import gt
from typing import TYPE_CHECKING, Any, NamedTuple

from mops import regexcache
from mops.copy.anchors import (
    Anchor,
    fold,
    fold_text,
    is_word_char,
    literal_anchors,
    no_anchor_reason,
    pattern_width,
    phrase_anchors,
)
from mops.errors import ConfigError

if TYPE_CHECKING:  # terms are read by field: the lint's are plain values (mops.models.plain), no pydantic
    from mops.models.voice import Term

# Between the words of a plain phrase: spaces on one line, or a single line break.
_GAP = r"(?:[^\S\n]{1,3}|[^\S\n]{0,3}\n[^\S\n]{0,3})"
_GAP_WIDTH = pattern_width(_GAP)
_GROUP_REF = regexcache.compile(r"\\g<(\w+)>")
_BLANK = "\x00"  # stands for the text outside the spans in TermMatcher._possible
_TEMPLATE_PART = regexcache.compile(r"\\g<(\w+)>|\\\\|\\.", re.DOTALL)
_SOURCE_LINE = regexcache.compile(r"^(.*):(\d+)$")


class TermHit(NamedTuple):
    """One match of one term."""

    index: int  # position of the term in the list the matcher was built from
    start: int
    end: int
    replacement: str | None  # the fix, when the term has exactly one alternative
    suggestions: tuple[str, ...]  # every alternative, back-references expanded


def term_pattern(term: Term) -> str:
    """The expression a term is matched with (plain terms become whole-word patterns)."""
    if term.regex:
        return term.term
    import regex  # here, not at the top: a file in which no term's anchor occurs never needs it

    words = term.term.split()
    body = _GAP.join(regex.escape(word) for word in words)
    lead = r"\b" if is_word_char(words[0][0]) else ""
    tail = r"\b" if is_word_char(words[-1][-1]) else ""
    return f"{lead}{body}{tail}"


class _Probe(NamedTuple):
    """An anchor hit's meaning for one term: where that term's match may start, and a cheap check."""

    index: int
    length: int
    min_offset: int
    max_offset: int
    before: bool | None  # the character before the anchor must (True) / must not (False) be a word character
    after: bool | None


class TermMatcher:
    """The terms of a brand voice, compiled once, found in any number of texts.

    Building one reads every pattern (its anchors) and compiles at once the terms searched for over
    the whole text and those whose alternatives are templates; the others, whose syntax Python's
    parser has already accepted, are compiled the first time an anchor of theirs is seen, since a
    file usually touches only a few of hundreds of terms and `mops lint` of one file should start fast.
    """

    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms: list[Term] = list(terms)
        self._patterns: list[Any] = [None] * len(self.terms)
        self._templates: list[tuple[tuple[str, bool], ...]] = []
        self.slow_terms: list[int] = []
        probes: dict[str, list[_Probe]] = {}
        for i, term in enumerate(self.terms):
            if not term.regex and not term.term.strip():
                raise ConfigError(f"brand-voice term #{i + 1} is blank", hint="remove it or write the word", **_location(term))
            anchors = literal_anchors(term_pattern(term)) if term.regex else phrase_anchors(term.term.split(), _GAP_WIDTH)
            templated = any("\\g<" in alternative for alternative in term.alternatives)
            if not anchors or templated:
                self._patterns[i] = _compile(term, i)
                if _changes_lengths(self._patterns[i]):
                    anchors = None
            self._templates.append(_templates(term, self._patterns[i], i))
            if not anchors:
                self.slow_terms.append(i)
                continue
            for anchor in anchors:
                probes.setdefault(anchor.text, []).append(_probe(i, anchor))
        self._automaton = _automaton(probes)
        # the blank of `_possible` must be in no anchor (a term written with a NUL: every term may hit)
        self._blank_safe = not any(_BLANK in fold(anchor) for anchor in probes)

    def slow_reason(self, index: int) -> str:
        """Why term `index` (one of `slow_terms`) has no usable literal anchor."""
        pattern = self._pattern(index)
        if _changes_lengths(pattern):
            return "full case folding (a character may match two) leaves no fixed offsets"
        return no_anchor_reason(term_pattern(self.terms[index]))

    def _pattern(self, index: int) -> Any:
        pattern = self._patterns[index]
        if pattern is None:
            pattern = self._patterns[index] = _compile(self.terms[index], index)
        return pattern

    def find(
        self, text: str, spans: Sequence[tuple[int, int]] | None = None, *, folded: str | None = None, prose: ProseText | None = None
    ) -> list[TermHit]:
        """Every hit in `text`, sorted by position; with `spans`, only hits lying wholly inside one.
        `folded` is `fold_text(text)` when the caller has it already (several matchers, one text),
        `prose` the `ProseText` of `folded` and `spans` (several matchers, one document's copy)."""
        found: list[tuple[int, Any]] = []
        if self._automaton is not None and text and folded is None:
            folded = prose.folded if prose is not None else fold_text(text)
        if prose is None and spans is not None and self._automaton is not None and text:
            prose = ProseText(folded, spans)
        merged = prose.merged if prose is not None else _merged(spans) if spans is not None else None
        # a term can have a hit only where one of its anchors lies wholly inside the spans: found by
        # one pass over the text with everything outside them blanked (links, code), terms without
        # such an anchor are not looked for at all (a brand name in each of 40,000 links cost a
        # probe and a match each). The terms that can are judged as before, on the whole text, so a
        # match that starts in a link still stands in the way of an overlapping one in the prose.
        possible = self._possible(prose) if prose is not None and self._automaton is not None and text else None
        candidates = self._candidates(text, folded, possible) if possible is None or possible else {}
        for index, starts in candidates.items():
            pattern = self._pattern(index)
            last_end = 0
            for start in sorted(starts):
                if start < last_end:
                    continue
                match = pattern.match(text, start)
                if match is not None:
                    found.append((index, match))
                    last_end = match.end()
        for index in self.slow_terms:
            found.extend((index, match) for match in self._pattern(index).finditer(text))
        if not found:
            return []
        inside = _span_test(spans, merged)
        hits = [self._hit(index, match) for index, match in found if inside(match.start(), match.end())]
        hits.sort(key=lambda h: (h.start, h.end, h.index))
        return hits

    def _possible(self, prose: ProseText) -> set[int] | None:
        """The terms with an anchor wholly inside the (merged) spans of `prose` (None: any term may have one)."""
        blanked = prose.blanked() if self._blank_safe else None
        if blanked is None:
            return None  # spans that leave out less than a fifth of the text would skip little
        return {probe.index for _, probes in self._automaton.iter(blanked) for probe in probes}

    def _candidates(self, text: str, folded: str | None = None, only: set[int] | None = None) -> dict[int, set[int]]:
        """Term index -> the match starts its anchor hits allow (of the terms in `only`, if given)."""
        candidates: dict[int, set[int]] = {}
        if self._automaton is None or not text:
            return candidates
        size = len(text)
        for last, probes in self._automaton.iter(folded if folded is not None else fold_text(text)):
            for probe in probes:
                if only is not None and probe.index not in only:
                    continue
                first = last - probe.length + 1
                if probe.before is not None and (first > 0 and is_word_char(text[first - 1])) != probe.before:
                    continue
                if probe.after is not None and (last + 1 < size and is_word_char(text[last + 1])) != probe.after:
                    continue
                starts = candidates.get(probe.index)
                if starts is None:
                    starts = candidates[probe.index] = set()
                if probe.min_offset == probe.max_offset:
                    starts.add(first - probe.min_offset)
                else:
                    starts.update(range(max(0, first - probe.max_offset), first - probe.min_offset + 1))
        return candidates

    def _hit(self, index: int, match: Any) -> TermHit:
        templates = self._templates[index]
        suggestions = tuple(_expand(match, alternative, is_template) for alternative, is_template in templates)
        replacement = None
        if len(templates) == 1:
            alternative, is_template = templates[0]
            written = _GROUP_REF.sub("", alternative) if is_template else alternative
            replacement = suggestions[0] if _has_capitals(written) else keep_case(match.group(0), suggestions[0])
        return TermHit(index, match.start(), match.end(), replacement, suggestions)


def keep_case(original: str, replacement: str) -> str:
    """`replacement` cased like `original`: lowercase -> as written, Capitalised -> first letter up, ALL CAPS -> upper."""
    cased = [c for c in original if c.isupper() or c.islower()]
    if not cased or cased[0].islower():
        return replacement
    if len(cased) > 1 and all(c.isupper() for c in cased):
        return replacement.upper()
    for i, char in enumerate(replacement):
        if char.isupper() or char.islower():
            return replacement[:i] + char.upper() + replacement[i + 1 :]
    return replacement


def _has_capitals(text: str) -> bool:
    return any(c.isupper() for c in text)


def _expand(match: Any, alternative: str, is_template: bool) -> str:
    """`\\g<1>`/`\\g<name>` -> the group's text (empty if it took no part), `\\\\` -> `\\`; as `Match.expand`
    does for the templates Vale import writes, but never raising on another escape (kept as written)."""
    if not is_template:
        return alternative
    return _TEMPLATE_PART.sub(lambda part: _template_part(match, part), alternative)


def _template_part(match: Any, part: Any) -> str:
    name = part.group(1)
    if name is None:
        return part.group(0)[1:] if part.group(0) == "\\\\" else part.group(0)
    group = match.group(int(name) if name.isdigit() else name)
    return group or ""


def _probe(index: int, anchor: Anchor) -> _Probe:
    first_word = is_word_char(anchor.text[0])
    last_word = is_word_char(anchor.text[-1])
    return _Probe(
        index=index,
        length=len(anchor.text),
        min_offset=anchor.min_offset,
        max_offset=anchor.max_offset,
        before=(not first_word) if anchor.word_before else None,
        after=(not last_word) if anchor.word_after else None,
    )


def _automaton(probes: dict[str, list[_Probe]]) -> Any:
    if not probes:
        return None
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for text, entries in probes.items():
        automaton.add_word(fold(text), tuple(entries))
    automaton.make_automaton()
    return automaton


def _changes_lengths(pattern: Any) -> bool:
    """Full case folding (`ß` matching `ss`) breaks the one-character-per-item offsets anchors rely on."""
    import regex

    return bool(pattern.flags & (regex.FULLCASE | regex.VERSION1))


def _location(term: Term) -> dict[str, Any]:
    if not term.source:
        return {}
    located = _SOURCE_LINE.match(term.source)
    if located:
        return {"path": located.group(1), "line": int(located.group(2))}
    return {"path": term.source}


def _compile(term: Term, index: int) -> Any:
    import regex

    try:
        return regex.compile(term_pattern(term), 0 if term.case_sensitive else regex.IGNORECASE)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        where = f" (from {term.source})" if term.source else ""
        raise ConfigError(
            f"brand-voice term #{index + 1} {term.term!r}{where} is not a valid regular expression: {exc}",
            hint="fix the pattern, or set `regex: false` to match it as plain text",
            **_location(term),
        ) from None


def _templates(term: Term, pattern: Any, index: int) -> tuple[tuple[str, bool], ...]:
    """Each alternative with whether it is a `Match.expand` template; unknown groups are config errors."""
    result = []
    for alternative in term.alternatives:
        is_template = "\\g<" in alternative
        if is_template:
            for name in _GROUP_REF.findall(alternative):
                known = int(name) <= pattern.groups if name.isdigit() else name in pattern.groupindex
                if not known:
                    raise ConfigError(
                        f"brand-voice term #{index + 1} {term.term!r}: alternative {alternative!r} refers to group "
                        f"{name}, which the pattern does not define",
                        hint="use \\g<1> for the first parenthesised group, or write the alternative as plain text",
                        **_location(term),
                    )
        result.append((alternative, is_template))
    return tuple(result)


class ProseText:
    """A folded text's copy (its spans: prose between links and code), for literal searches: the
    anchors of every term and claim, a disclaimer's triggers. Built once per document and shared
    (mops.lint.rules.copy_terms.prose_text): 40,000 links made each matcher merge 40,000 spans."""

    __slots__ = ("folded", "merged", "_covered", "_blanked", "_starts")

    def __init__(self, folded: str, spans: Sequence[tuple[int, int]]) -> None:
        self.folded = folded
        self.merged = _merged(spans)
        bounds = list(chain.from_iterable(self.merged))
        self._covered = sum(islice(bounds, 1, None, 2)) - sum(islice(bounds, 0, None, 2))
        self._blanked: str | None = None
        self._starts: list[int] | None = None

    def blanked(self) -> str | None:
        """The text of the merged spans, one `_BLANK` between two spans' texts: a literal without a
        `_BLANK` found in it lies wholly inside a span (merged spans never touch). Not the whole text
        with everything outside the spans blanked, which cost a pass over every link of a list of
        40,000. None when the spans leave out less than a fifth of the text: searching it all costs
        no more."""
        if self._blanked is None and self._covered * 5 <= len(self.folded) * 4:
            self._blanked = _BLANK.join([self.folded[begin:finish] for begin, finish in self.merged])
        return self._blanked

    def occurrences(self, needle: str) -> Iterator[int]:
        """In order, the offsets in the folded text where `needle` occurs: every one that lies wholly
        inside a span, and perhaps others (the whole text is searched when that costs no more)."""
        blanked = self.blanked() if _BLANK not in needle else None
        haystack = self.folded if blanked is None else blanked
        position = haystack.find(needle)
        if position != -1 and blanked is not None and self._starts is None:
            self._starts = list(accumulate((finish - begin + 1 for begin, finish in self.merged[:-1]), initial=0))
        while position != -1:
            if blanked is None:
                yield position
            else:
                at = bisect.bisect_right(self._starts, position) - 1
                yield self.merged[at][0] + position - self._starts[at]
            position = haystack.find(needle, position + 1)


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` sorted, overlapping and touching ones joined."""
    ordered = sorted(spans)
    bounds = list(chain.from_iterable(ordered))
    if all(map(gt, islice(bounds, 2, None, 2), islice(bounds, 1, None, 2))):
        return ordered  # each starts after the one before ends (a file's prose): none to join
    merged: list[tuple[int, int]] = []
    for begin, finish in ordered:
        if merged and begin <= merged[-1][1]:
            if finish > merged[-1][1]:
                merged[-1] = (merged[-1][0], finish)
        else:
            merged.append((begin, finish))
    return merged


def _span_test(spans: Sequence[tuple[int, int]] | None, merged: list[tuple[int, int]] | None = None) -> Any:
    """A predicate: does [start, end) lie inside one of `spans` (touching spans count as one)?"""
    if spans is None:
        return lambda start, end: True
    if merged is None:
        merged = _merged(spans)
    starts = [begin for begin, _ in merged]

    def inside(start: int, end: int) -> bool:
        at = bisect.bisect_right(starts, start) - 1
        return at >= 0 and end <= merged[at][1]

    return inside
