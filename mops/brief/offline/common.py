"""What every offline field extractor shares: candidates, "the later statement wins", evidence.

A meeting states a value, revises it, confirms it in the recap. Each extractor collects
`Candidate`s in meeting order; `settle` keeps the last firm one and cites, with it, the earlier
statements of the same value (support) and those it replaced (each noted "superseded by line N"), so
a reviewer sees both quotes. Tentative candidates ("maybe twenty-four", "I'd ask for...") never beat
a firm one, and a value that was only ever tentative is not settled at all: it becomes a question.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mops.brief.grounding import cite_sentence
from mops.brief.sentences import Meeting, Sentence
from mops.models.results import Evidence, Observation


@dataclass(slots=True)
class Candidate:
    value: Any
    sentence: Sentence
    start: int  # span of the value in sentence.utterance.text
    end: int
    firm: bool = True

    @property
    def line(self) -> int:
        return self.sentence.utterance.line_of(self.start)


@dataclass(slots=True)
class Settled:
    value: Any
    evidence: list[Evidence]
    winner: Candidate


def cite(meeting: Meeting, candidate: Candidate, note: str | None = None) -> Evidence:
    """The sentence holding the candidate, quoted verbatim."""
    return cite_sentence(meeting.transcript, candidate.sentence.utterance, candidate.start, candidate.end, note=note)


def settle(meeting: Meeting, candidates: Sequence[Candidate], *, key: Callable[[Any], Hashable] = lambda v: v) -> Settled | None:
    """The value the meeting ended on, with every quote that bears on it; None when nothing firm was said."""
    _restatements(candidates)
    firm = [c for c in candidates if c.firm]
    if not firm:
        return None
    winner = firm[-1]
    evidence: list[Evidence] = []
    seen: set[tuple[str, int]] = set()
    for candidate in candidates:
        if candidate.sentence.index > winner.sentence.index and candidate is not winner:
            continue
        where = (candidate.sentence.utterance.id, candidate.sentence.start)
        if where in seen:
            continue
        seen.add(where)
        if candidate is winner or key(candidate.value) == key(winner.value):
            evidence.append(cite(meeting, candidate))
        elif candidate.firm:
            evidence.append(cite(meeting, candidate, note=f"superseded by line {winner.line}"))
        else:
            evidence.append(cite(meeting, candidate, note="proposed, not agreed"))
    # restatements after the winner (a recap) support it too
    for candidate in candidates:
        if candidate.sentence.index > winner.sentence.index and key(candidate.value) == key(winner.value):
            where = (candidate.sentence.utterance.id, candidate.sentence.start)
            if where not in seen:
                seen.add(where)
                evidence.append(cite(meeting, candidate))
    return Settled(value=winner.value, evidence=evidence, winner=winner)


def _restatements(candidates: Sequence[Candidate]) -> None:
    """A figure said again in short ("a hundred and twenty dollars" ... "under one twenty", "fifty-two
    thousand" ... "fifty-two") is the same figure: a hundred or a thousand times smaller than one said
    before, it takes that figure's value rather than replacing it."""
    said: list[float] = []
    for candidate in candidates:
        value = candidate.value
        number = value.get("target") if isinstance(value, dict) else value
        if isinstance(number, bool) or not isinstance(number, int | float) or not number:
            continue
        earlier = next((v for v in reversed(said) for factor in (100, 1000) if abs(number * factor - v) <= 0.005 * v), None)
        if earlier is None:
            # "twenty-two thousand five hundred" ... "okay, twenty-two five" (read as 22,000): a rounder
            # figure within 3% of a more precise one said before is that figure again, said short
            earlier = next((v for v in reversed(said) if v != number and abs(number - v) <= 0.03 * v
                            and _significant(number) < _significant(v)), None)
        if earlier is not None:
            candidate.value = {**value, "target": earlier} if isinstance(value, dict) else earlier
        elif candidate.firm:
            said.append(number)


def _significant(value: float) -> int:
    """Significant digits: 22,500 has 3, 22,000 has 2."""
    digits = f"{abs(value):.2f}".replace(".", "").strip("0")
    return len(digits)


@dataclass
class Draft:
    """What the offline extractors fill in: brief fields, their evidence, and what they noticed."""

    fields: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)

    def set(self, path: str, value: Any, evidence: list[Evidence]) -> None:
        """Set a field by dotted path ("budget.total") and cite it."""
        target = self.fields
        *parents, leaf = path.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = value
        if evidence:
            self.evidence[path] = unique(evidence)

    def get(self, path: str) -> Any:
        target: Any = self.fields
        for part in path.split("."):
            if not isinstance(target, dict) or part not in target:
                return None
            target = target[part]
        return target

    def add(self, path: str, item: dict[str, Any]) -> None:
        """Append an item (with its own evidence) to a list field such as kpis or decisions."""
        target = self.fields
        *parents, leaf = path.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        if "evidence" in item:
            item["evidence"] = unique(item["evidence"])
        target.setdefault(leaf, []).append(item)

    def ask(self, text: str, evidence: list[Evidence] | None = None, by: str | None = None, about: str | None = None) -> None:
        """An open question; asked once. `about` names the field it stands for when the meeting left it empty."""
        if any(q["text"].lower() == text.lower() for q in self.questions):
            return
        question: dict[str, Any] = {"text": text, "evidence": evidence or []}
        if by:
            question["by"] = by
        if about:
            question["about"] = about
        self.questions.append(question)

    def observe(self, statement: str, code: str, evidence: list[Evidence] | None = None, severity: str = "info") -> None:
        self.observations.append(Observation(statement=statement, code=code, evidence=evidence or [], severity=severity))


def unique(evidence: list[Evidence]) -> list[Evidence]:
    """The evidence without repeats (two values from one sentence cite it once)."""
    seen: set[tuple[str | None, str | None, str | None]] = set()
    out = []
    for item in evidence:
        key = (item.utterance, item.quote, item.note)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out

