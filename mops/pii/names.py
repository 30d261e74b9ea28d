"""People's names: the workspace's people, first name + surname, first names in a personal context.

A capitalised word from the first-name list is a person when
1. a surname-like capitalised word follows it ("Laura Smith", "Anna van der Berg", "John F. Kennedy"),
   on a line that is not a Title Case Heading; or
2. a personal context surrounds it ("I'm Laura", "my name is David", "ask Sarah", "Craig said"); or
3. the same first name was already found as a person earlier in the text (so "David, Andrew and
   Craig" after each introduced himself).
Names that are also everyday words ("Will", "May", "Summer", "Paris") need rule 2 or a known surname
("Mark Johnson"), and lowercase words are never names. Anything overlapping a protected name (the
brand's products, platforms) is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from mops.pii import namelists
from mops.pii.match import PiiMatch

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_CAP = rf"[{_UPPER}][{_LOWER}]+"
# A capitalised word that is not part of a handle, path, domain or longer token.
# (The look-behind sits after the capital so that re scans for the capital quickly.)
_CAP_WORD = re.compile(rf"[{_UPPER}](?<![\w@#/\\.-].)[{_LOWER}]+(?:-{_CAP})?(?![\w@]|-\w)")
_PARTICLES = r"(?:van|von|de|der|den|da|di|du|del|della|dos|das|le|la|ten|ter)(?:[ \t]+(?:der|den|de|la))?"
_SURNAME_AFTER = re.compile(
    rf"[ \t]+(?:(?:[{_UPPER}]\.|{_PARTICLES})[ \t]+)?((?:Mc|Mac|O'|O’)?{_CAP}(?:-{_CAP})?)(?![\w@]|-\w)"
)

# Context that makes a lone first name a person, whatever else the word could mean.
_STRONG_BEFORE = re.compile(
    r"(?:\bi'?m|\bi’m|\bi am|\bmy name is|\bname's|\bname is|\bthis is|\bcall|\bcalled|\bcalling|"
    r"\be-?mail|\bemailed|\bask|\basked|\btell|\btold|\bthanks|\bthank you|\bhi|\bhello|\bhey|\bdear|"
    r"\bcc|\bping|\bpinged|\bintroducing|\bwelcome|\bbye|\bsincerely|\bregards|\bcheers|"
    r"\b(?:talk|talked|speak|spoke|chat|chatted|met|meet|meeting|worked|working|check|checked) with|"
    r"\b(?:talk|talked|speak|spoke|reach out|reached out|reply|replied|forward|forwarded|send it|"
    r"sent it|introduce you|handed over) to)[\s,:]*$",
    re.IGNORECASE,
)
# Weaker context, enough only for names that are not also everyday words: "by Laura", "from David".
# ("from" and "to" are left out: they precede places far more often than people.)
_WEAK_BEFORE = re.compile(r"\b(?:by|with|and)[\s,]*$", re.IGNORECASE)
# Introductions so explicit that any capitalised word after them is a name, listed or not.
_INTRODUCTION = re.compile(
    r"\b(?i:my name is|my name's|name's|call me|i'm called|i am called)[\s,:]+"
    rf"({_CAP}(?:-{_CAP})?)(?![\w@]|-\w)"
)
_AFTER = re.compile(
    r"[\s,]*(?:said|says|asked|asks|mentioned|suggested|wrote|writes|thinks|thought|agreed|explained|"
    r"replied|noted|added|emailed|called|confirmed|here\b|speaking\b|will\s+(?:send|share|check|"
    r"follow|look|call|email))\b",
    re.IGNORECASE,
)
_SPEAKER_LABEL = re.compile(r"[^:\n]{1,40}:\s")
# "Mr Smith", "Dr. Ana Ruiz", "Miss Monkey": a title makes the next capitalised word(s) a name.
_HONORIFIC = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Mx|Miss|Mister|Dr|Prof|Professor|Sir|Dame|Herr|Frau|Mme|Mlle|Señor|Señora)\.?[ \t]+"
    rf"({_CAP}(?:-{_CAP})?(?:[ \t]+(?:Mc|Mac|O'|O’)?{_CAP}(?:-{_CAP})?)?)(?![\w@]|-\w)"
)
_SENTENCE_OPENERS = frozenset("\n.!?:;\"“”‘'(*-•>[")
_CONTEXT = 40  # characters of context examined either side


def _sentence_initial(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_OPENERS


def _headline(text: str, pos: int) -> bool:
    """True when the line at `pos` is Title Case ("Summer Sale Starts Now"): a heading, not prose."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end != -1 else len(text)]
    label = _SPEAKER_LABEL.match(line)  # "Project Manager: Uh, Dave Cochrane." is an utterance
    if label and label.end() <= pos - start:
        line = line[label.end() :]
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    if len(words) < 4:
        return False
    return sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _phrase_pattern(phrases: Iterable[str], *, ignore_case: bool) -> re.Pattern[str] | None:
    parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not parts:
        return None
    body = "|".join(r"\s+".join(re.escape(token) for token in p.split()) for p in parts)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE if ignore_case else 0)


class NameFinder:
    """Finds people's names; built once per workspace, reused for every text."""

    def __init__(self, *, people: Iterable[str] = (), protected_names: Iterable[str] = ()) -> None:
        people = [p for p in people if p.strip()]
        self._people = _phrase_pattern(people, ignore_case=False)
        self._people_first = frozenset(p.split()[0] for p in people)
        self._protected = _phrase_pattern(
            [*namelists.platform_names(), *protected_names], ignore_case=True
        )
        self._first = namelists.first_names() | self._people_first
        self._ambiguous = namelists.ambiguous_first_names() - self._people_first
        self._surnames = namelists.known_surnames()
        self._not_surnames = namelists.non_surname_words()

    def find(self, text: str) -> Iterator[PiiMatch]:
        spans: list[tuple[int, int]] = []
        confirmed: set[str] = set()
        if self._people is not None:
            for m in self._people.finditer(text):
                spans.append((m.start(), m.end()))
                confirmed.add(m.group().split()[0])

        for m in _HONORIFIC.finditer(text):
            if self._not_surnames.isdisjoint(m.group(1).split()) and not self._protected_overlap(
                text, m.start(1), m.end(1)
            ):
                spans.append((m.start(1), m.end(1)))
        if "name" in text or "call" in text:
            for m in _INTRODUCTION.finditer(text):
                name = m.group(1)
                if name in self._not_surnames or self._covered(spans, m.start(1)):
                    continue
                after = _SURNAME_AFTER.match(text, m.end(1))
                end = after.end() if after and after.group(1) not in self._not_surnames else m.end(1)
                if not self._protected_overlap(text, m.start(1), end):
                    spans.append((m.start(1), end))
                    confirmed.add(name)

        occurrences = [m for m in _CAP_WORD.finditer(text) if m.group() in self._first or m.group() in confirmed]
        for m in occurrences:
            if self._covered(spans, m.start()):
                continue
            span = self._full_name(text, m) or self._in_context(text, m)
            if span is not None and not self._protected_overlap(text, *span):
                spans.append(span)
                confirmed.add(m.group())

        for m in occurrences:
            name = m.group()
            if name not in confirmed or self._covered(spans, m.start()):
                continue
            if name in self._ambiguous and _sentence_initial(text, m.start()):
                continue
            if not self._protected_overlap(text, m.start(), m.end()):
                spans.append((m.start(), m.end()))

        for start, end in sorted(spans):
            yield PiiMatch.of("person_name", text, start, end)

    def _full_name(self, text: str, first: re.Match[str]) -> tuple[int, int] | None:
        after = _SURNAME_AFTER.match(text, first.end())
        if after is None:
            return None
        surname = after.group(1)
        if surname in self._surnames:
            return first.start(), after.end()
        if first.group() in self._ambiguous or surname in self._not_surnames:
            return None
        if _headline(text, first.start()):
            return None
        return first.start(), after.end()

    def _in_context(self, text: str, first: re.Match[str]) -> tuple[int, int] | None:
        before = text[max(0, first.start() - _CONTEXT) : first.start()]
        strong = _STRONG_BEFORE.search(before) or _AFTER.match(text, first.end())
        weak = not strong and first.group() not in self._ambiguous and _WEAK_BEFORE.search(before)
        if strong or weak:
            return first.start(), first.end()
        return None

    def _protected_overlap(self, text: str, start: int, end: int) -> bool:
        if self._protected is None:
            return False
        lo = max(0, start - 80)
        for m in self._protected.finditer(text, lo, min(len(text), end + 80)):
            if m.start() < end and start < m.end():
                return True
        return False

    @staticmethod
    def _covered(spans: list[tuple[int, int]], pos: int) -> bool:
        return any(s <= pos < e for s, e in spans)
