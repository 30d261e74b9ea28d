"""Literal anchors of a term's pattern, and the case folding the anchor prefilter runs on.

An anchor set is a list of literals at least one of which occurs in every match of the pattern, each
at a known distance (a bounded range) from the match's start. The copy linter finds all anchors in a
file with one Aho–Corasick pass over the folded text and runs a term's full expression only at the
starts its anchors allow, so most terms never run at all.

Patterns are read with Python's own regular-expression parser (`re._parser`), which shares the syntax
that matters here with the `regex` package the terms are compiled with. Where the two could read a
pattern differently (fuzzy `{e<=1}` counts, nested sets, flags or escapes only `regex` knows) there is
no anchor: the term is run over the whole text instead, which is slower but never wrong.

Folding maps every character to one representative of the characters the `regex` package treats as
equal under IGNORECASE, one character for one, so offsets in the folded text are offsets in the text.
`str.lower()` is not enough: it turns `İ` into two characters and leaves `ſ` (equal to `s`) alone.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import NamedTuple

from mops import regexcache
from mops.memo import memoised

try:  # Python 3.11+
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_UNBOUNDED = None
_ZERO_WIDTH = {_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT}
_ONE_CHAR = {_sre.LITERAL, _sre.NOT_LITERAL, _sre.ANY, _sre.IN, _sre.CATEGORY}
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)}
_GROUPS = {_sre.SUBPATTERN, getattr(_sre, "ATOMIC_GROUP", _sre.SUBPATTERN)}
# Global or scoped flags that change what `\b` means; the boundary shortcut is off for them.
_BOUNDARY_FLAGS = re.ASCII | re.LOCALE
# `regex` reads `{e<=1}`, `{i}`, `{2i+2d+2s<=4}`... as fuzzy-match counts; `re` reads them as text.
_FUZZY = regexcache.compile(r"\{[\s\deisdc<=>+*,-]*[eisdc][\s\deisdc<=>+*,-]*\}")
_QUANTIFIER = regexcache.compile(r"\{\d*(?:,\d*)?\}")
_NAMED_GROUP = regexcache.compile(r"\(\?<(?=[^\W\d])")
_WORD = None  # `regex`'s \w, compiled on first use: importing `regex` is a tenth of a one-file lint


class Anchor(NamedTuple):
    """A folded literal that a match contains `min_offset`..`max_offset` characters after its start.

    `word_before` / `word_after` are set when the pattern puts `\\b` right at the anchor's edge, so a
    candidate can be dropped by looking at one character (for `\\bam\\b`, the `am` inside `name`).
    """

    text: str
    min_offset: int
    max_offset: int
    word_before: bool = False
    word_after: bool = False


def is_word_char(char: str) -> bool:
    """`\\w` as the `regex` package's `\\b` sees it (Unicode letters, marks, digits, underscore)."""
    if char.isascii():
        # an ASCII word character is a letter, a digit or `_` (tests/test_copy_terms.py holds this
        # to `regex` for every ASCII character): ASCII terms are read without importing `regex`
        return char.isalnum() or char == "_"
    return _word_char(char)


@memoised
def _word_char(char: str) -> bool:
    global _WORD
    if _WORD is None:
        import regex

        _WORD = regex.compile(r"\w")
    return _WORD.match(char) is not None


# -- folding ---------------------------------------------------------------------------------


@memoised
def fold_char(char: str) -> str:
    """One lowercase character standing for every character `regex` matches `char` with under IGNORECASE."""
    lowered = char.lower()
    if char.isascii():
        return lowered
    cases = _all_cases(char)
    options = sorted(c.lower() for c in cases if len(c.lower()) == 1 and c.lower().lower() == c.lower())
    if options:
        return options[0]
    return lowered if len(lowered) == 1 else char


def _all_cases(char: str) -> set[str]:
    import regex

    try:
        from regex import _regex  # the package's own case tables

        codes = _regex.get_all_cases(regex.IGNORECASE | regex.UNICODE, ord(char))
        return {char, *(chr(code) for code in codes)}
    except (ImportError, AttributeError):  # pragma: no cover - a `regex` without the helper
        guesses = {char.lower(), char.upper(), char.casefold(), char.title()}
        return {char, *(g for g in guesses if len(g) == 1 and regex.fullmatch(regex.escape(g), char, regex.IGNORECASE))}


def fold_text(text: str) -> str:
    """`text` with every character folded; always the same length as `text`."""
    if text.isascii():
        return text.lower()
    table = {ord(c): fold_char(c) for c in set(text) if not c.isascii() and fold_char(c) != c.lower()}
    folded = text.translate(table).lower() if table else text.lower()
    if len(folded) != len(text):  # a character whose lowercase is longer and that no table entry caught
        folded = "".join(fold_char(c) for c in text)
    return folded


def fold(literal: str) -> str:
    """A literal folded the way `fold_text` folds the text it is looked for in."""
    return "".join(fold_char(c) for c in literal)


# -- anchors ---------------------------------------------------------------------------------


class _Candidate(NamedTuple):
    """A literal of a pattern node that could anchor it, with where it lies from the match's start."""

    text: str
    min_offset: int
    max_offset: int
    word_before: bool
    word_after: bool
    at_start: bool  # only zero-width items precede it in the node it came from
    at_end: bool


class _Node(NamedTuple):
    """What a pattern node's matches span and the literals every one of them contains."""

    lo: int
    hi: int | None
    anchors: tuple[_Candidate, ...] | None  # None: some match need not contain any literal found
    distant: bool = False  # a required literal was left out for lying at no bounded distance from the start


def literal_anchors(pattern: str) -> list[Anchor] | None:
    """The anchor set of `pattern` (a `regex`-package expression), or None when it has none usable.

    None means the term must be searched for over the whole text: no literal is required, a required
    literal sits at an unbounded distance from the match start (`\\w+ly`), or the pattern uses syntax
    whose reading by `re` might differ from `regex`; `no_anchor_reason` says which.
    """
    analysed = _analyse(pattern)
    if isinstance(analysed, str) or not analysed.anchors:
        return None
    return [Anchor(a.text, a.min_offset, a.max_offset, a.word_before, a.word_after) for a in analysed.anchors]


def no_anchor_reason(pattern: str) -> str:
    """Why `literal_anchors(pattern)` is None, in words for `mops rules --slow`."""
    analysed = _analyse(pattern)
    if isinstance(analysed, str):
        return analysed
    if analysed.distant:
        return "its required text lies at no fixed distance from the start of a match (e.g. after `\\w+`)"
    return "no literal text that every match must contain"


def _analyse(pattern: str) -> _Node | str:
    compatible = _python_compatible(pattern)
    if compatible is None:
        return "uses fuzzy matching, which only the regex package reads"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "possible nested set" and similar: `regex` may disagree
            parsed = _sre_parse.parse(compatible)
    except (re.error, FutureWarning, DeprecationWarning, RecursionError, OverflowError) as exc:
        return f"uses syntax Python's re reads differently or not at all ({exc})"
    boundaries = not (parsed.state.flags & _BOUNDARY_FLAGS)
    return _sequence(list(parsed), boundaries)


def phrase_anchors(words: Sequence[str], gap: tuple[int, int]) -> list[Anchor]:
    """The anchor of a plain phrase: its best word, with `\\b` at each edge that is a word character.

    `gap` is the (least, most) whitespace characters between two words. This is the anchor
    `literal_anchors` finds for the phrase's pattern, without parsing it (most brand terms are plain
    words), and inner words get the one-character check too: whitespace surrounds them.
    """
    options = []
    lo = hi = 0
    for word in words:
        anchor = _Candidate(fold(word), lo, hi, is_word_char(word[0]), is_word_char(word[-1]), False, False)
        options.append((anchor,))
        lo += len(word) + gap[0]
        hi += len(word) + gap[1]
    best = max(options, key=_score)[0]
    return [Anchor(best.text, best.min_offset, best.max_offset, best.word_before, best.word_after)]


def pattern_width(pattern: str) -> tuple[int, int | None]:
    """The least and most characters a match of `pattern` spans (None: no limit)."""
    node = _sequence(list(_sre_parse.parse(pattern)), True)
    return node.lo, node.hi


def _python_compatible(pattern: str) -> str | None:
    """`pattern` as `re` should read it, or None if `regex` might read it differently."""
    if _FUZZY.search(pattern) and _has_fuzzy(pattern):
        return None
    return _NAMED_GROUP.sub("(?P<", pattern)


def _has_fuzzy(pattern: str) -> bool:
    """A fuzzy count outside character classes and escapes (a literal `{` alone is fine)."""
    i, n, in_class = 0, len(pattern), False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern.startswith("]", i + 1) or pattern.startswith("^]", i + 1):
                i += 2 if pattern[i + 1] == "]" else 3
                continue
        elif ch == "{" and not _QUANTIFIER.match(pattern, i) and _FUZZY.match(pattern, i):
            return True
        i += 1
    return False


def _literal_char(op: object, av: object) -> str | None:
    """The folded character a one-character item stands for, if it stands for exactly one."""
    if op is _sre.LITERAL:
        return fold_char(chr(av))  # type: ignore[arg-type]
    if op is _sre.IN:
        items = list(av)  # type: ignore[call-overload]
        if items and all(kind is _sre.LITERAL for kind, _ in items):
            folded = {fold_char(chr(code)) for _, code in items}
            if len(folded) == 1:
                return folded.pop()
    return None


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def _sequence(items: list[tuple[object, object]], boundaries: bool) -> _Node:
    nodes = [_item(op, av, boundaries) for op, av in items]
    starts_lo = [0]
    starts_hi: list[int | None] = [0]
    for node in nodes:
        starts_lo.append(starts_lo[-1] + node.lo)
        starts_hi.append(_add(starts_hi[-1], node.hi))
    options: list[tuple[_Candidate, ...]] = []
    i = 0
    while i < len(items):
        char = _literal_char(*items[i])
        if char is None:
            if nodes[i].anchors:
                options.append(tuple(_place(a, i, i + 1, items, starts_lo[i], starts_hi[i], boundaries) for a in nodes[i].anchors))
            i += 1
            continue
        j, text = i, ""
        while j < len(items) and (c := _literal_char(*items[j])) is not None:
            text += c
            j += 1
        whole = _Candidate(text, 0, 0, False, False, True, True)
        options.append((_place(whole, i, j, items, starts_lo[i], starts_hi[i], boundaries),))
        i = j
    usable = [opt for opt in options if all(a.max_offset is not None for a in opt)]
    distant = len(usable) < len(options) or any(node.distant for node in nodes)
    return _Node(starts_lo[-1], starts_hi[-1], max(usable, key=_score) if usable else None, distant)


# The commonest words of English prose: as a phrase's anchor, "the" of "on the fly" was hit
# ~23,000 times in a MB of prose, and each hit tried the phrase at three starts; "fly" is hit a few
# times. Any word of a phrase finds every match; this only chooses which one is looked for.
_COMMON_WORDS = frozenset(
    "a an and are as at be been but by can do for from had has have he her his i if in into is it its "
    "may more no not of on one or other our out she so such than that the their them then there these "
    "they this to up was we were what when which who will with would you your".split()
)


def _score(option: tuple[_Candidate, ...]) -> tuple[bool, int, int, int]:
    # A common word is hit everywhere; long anchors match rarely; past five characters a fixed
    # offset (one start to try) matters more.
    rare = not any(a.text in _COMMON_WORDS for a in option)
    shortest = min(len(a.text) for a in option)
    widest = max(a.max_offset - a.min_offset for a in option)
    return (rare, min(shortest, 5), -widest, shortest)


def _place(
    anchor: _Candidate, first: int, last: int, items: list[tuple[object, object]], lo: int, hi: int | None, boundaries: bool
) -> _Candidate:
    """`anchor`, found in items[first:last], seen from the start of the whole sequence."""
    before, at_start = _edge(items[:first][::-1]) if anchor.at_start else (False, False)
    after, at_end = _edge(items[last:]) if anchor.at_end else (False, False)
    return _Candidate(
        anchor.text,
        anchor.min_offset + lo,
        _add(anchor.max_offset, hi),  # type: ignore[arg-type]
        anchor.word_before or (before and boundaries),
        anchor.word_after or (after and boundaries),
        at_start,
        at_end,
    )


def _edge(neighbours: list[tuple[object, object]]) -> tuple[bool, bool]:
    """(a `\\b` among the zero-width items next to an edge, nothing but zero-width items out to the node's end)."""
    boundary = False
    for op, av in neighbours:
        if op not in _ZERO_WIDTH:
            return boundary, False
        if op is _sre.AT and av is _sre.AT_BOUNDARY:
            boundary = True
    return boundary, True


def _item(op: object, av: object, boundaries: bool) -> _Node:
    if op in _ONE_CHAR:
        return _Node(1, 1, None)
    if op in _ZERO_WIDTH:
        return _Node(0, 0, None)
    if op in _GROUPS:
        body = av[-1] if op is _sre.SUBPATTERN else av  # type: ignore[index]
        if op is _sre.SUBPATTERN and av[1] & _BOUNDARY_FLAGS:  # type: ignore[index]
            boundaries = False
        return _sequence(list(body), boundaries)
    if op is _sre.BRANCH:
        return _alternatives([_sequence(list(seq), boundaries) for seq in av[1]])  # type: ignore[index]
    if op is _sre.GROUPREF_EXISTS:
        _, yes, no = av  # type: ignore[misc]
        return _alternatives([_sequence(list(yes), boundaries), _sequence(list(no), boundaries) if no else _Node(0, 0, None)])
    if op in _REPEATS:
        low, high, body = av  # type: ignore[misc]
        inner = _sequence(list(body), boundaries)
        hi = None if high is _sre.MAXREPEAT or inner.hi is None else high * inner.hi
        if low == 0 or not inner.anchors:
            return _Node(low * inner.lo, hi, None, inner.distant)
        if low == high == 1:
            return _Node(inner.lo, inner.hi, inner.anchors)
        # the first repetition is always there; what follows its anchor may be another repetition
        first = tuple(_Candidate(a.text, a.min_offset, a.max_offset, a.word_before, False, a.at_start, False) for a in inner.anchors)
        return _Node(low * inner.lo, hi, first)
    # back-references, failures and anything unknown: any width, no anchor
    return _Node(0, _UNBOUNDED, None)


def _alternatives(branches: list[_Node]) -> _Node:
    lo = min(b.lo for b in branches)
    his = [b.hi for b in branches]
    hi = None if any(h is None for h in his) else max(his)  # type: ignore[type-var]
    if any(not b.anchors for b in branches):
        return _Node(lo, hi, None, any(b.distant for b in branches))
    return _Node(lo, hi, tuple(a for b in branches for a in b.anchors))  # type: ignore[union-attr]
