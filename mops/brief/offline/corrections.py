"""Reviewers' corrections (`lessons/corrections/*.yaml`, written by `mops brief learn`) applied to an
offline draft, each saying so.

Only the `learned` entries apply, and only where they cannot change what the meeting decided:
a channel alias makes the lexicon read a phrase the taxonomy does not list as that channel (the
taxonomy wins over a correction); a role rewrites exactly that person's exactly that role; a
product name replaces exactly those words in the brief's own text (never in a quote: evidence
stays what was said). Two corrections that disagree (one phrase, two channels) are both left out,
with a warning. Every correction applied is an Observation ("applied correction from
lessons/corrections/X.yaml: ...", code BRIEF-CORRECTION) with the file and line of the entry and
the utterances it touched, and the values it changed carry the entry in their evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mops.models.brief import Brief
from mops.models.correction import LearnedRule
from mops.models.results import Evidence, Observation

CODE = "BRIEF-CORRECTION"


@dataclass(frozen=True)
class LoadedRule:
    """A learned entry and where it is written."""

    rule: LearnedRule
    file: str  # workspace-relative
    line: int

    def evidence(self, note: str) -> Evidence:
        return Evidence(kind="file", path=self.file, line=self.line, note=note)


@dataclass
class UsableCorrections:
    """The corrections a draft applies, sorted by kind, and why others are left out."""

    aliases: dict[str, LoadedRule] = field(default_factory=dict)  # phrase (lower case) -> rule
    roles: dict[tuple[str, str], LoadedRule] = field(default_factory=dict)  # (person, role lower case) -> rule
    names: list[LoadedRule] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)

    def learned_aliases(self) -> dict[str, str]:
        return {loaded.rule.said: loaded.rule.means for loaded in self.aliases.values()}


def load_corrections(ws: Any) -> list[LoadedRule]:
    """Every learned entry under lessons/corrections/, file by file in name order. A file that does
    not read or validate is an error (exit 2) naming it: a draft never quietly ignores a lesson."""
    from mops.models.correction import Correction
    from mops.yamlio import load_yaml, validate_loaded

    if ws.root is None:
        return []
    folder = ws.path(f"{ws.config.paths.lessons}/corrections")
    if not folder.is_dir():
        return []
    found: list[LoadedRule] = []
    for path in sorted(folder.glob("*.yaml")):
        display = ws.relative(path)
        loaded = load_yaml(path, display=display)
        correction = validate_loaded(Correction, loaded, schema="correction", display=display)
        for i, rule in enumerate(correction.learned):
            position = loaded.position(("learned", i))
            found.append(LoadedRule(rule, display, position.line if position else 1))
    return found


def usable(rules: list[LoadedRule], lexicon: Any) -> UsableCorrections:
    """Sort the entries; leave out those the taxonomy overrules and those another entry contradicts."""
    out = UsableCorrections()
    by_key: dict[tuple[str, str, str | None], list[LoadedRule]] = {}
    for loaded in rules:
        rule = loaded.rule
        by_key.setdefault((rule.kind, " ".join(rule.said.lower().split()), rule.person), []).append(loaded)
    for (kind, said, person), group in by_key.items():
        meanings = {g.rule.means for g in group}
        if len(meanings) > 1:
            where = "; ".join(f"{g.file}:{g.line} says {g.rule.means}" for g in group)
            out.observations.append(Observation(
                statement=f"corrections disagree on '{group[0].rule.said}' ({where}): none applied; keep the right one",
                code=CODE, severity="warning", evidence=[g.evidence("disagrees with another correction") for g in group],
            ))
            continue
        loaded = group[0]
        if kind == "channel_alias":
            listed = lexicon.canonical(said)
            if loaded.rule.means not in lexicon.channels:
                out.observations.append(Observation(
                    statement=f"correction not applied: {loaded.file}:{loaded.line} reads '{loaded.rule.said}' as {loaded.rule.means}, "
                    "which is not a channel of the taxonomy", code=CODE, severity="warning", evidence=[loaded.evidence("unknown channel")],
                ))
            elif listed is None:
                out.aliases[said] = loaded
            elif listed != loaded.rule.means:
                out.observations.append(Observation(
                    statement=f"correction not applied: {loaded.file}:{loaded.line} reads '{loaded.rule.said}' as {loaded.rule.means}, "
                    f"but the taxonomy lists it under {listed} (the taxonomy decides aliases)", code=CODE,
                    evidence=[loaded.evidence("overruled by the taxonomy")],
                ))
        elif kind == "role" and person:
            out.roles[(person, said)] = loaded
        elif kind == "product_name":
            out.names.append(loaded)
    return out


def _applied(loaded: LoadedRule, what: str, evidence: list[Evidence]) -> Observation:
    return Observation(
        statement=f"applied correction from {loaded.file}: {what} (learned from {loaded.rule.learned_from})",
        code=CODE, evidence=[loaded.evidence(f"learned: {what}"), *evidence[:3]],
    )


def apply_corrections(brief: Brief, meeting: Any, corrections: UsableCorrections) -> tuple[Brief, list[Observation]]:
    """The draft with the usable corrections applied, and one observation per correction that changed it."""
    observations = list(corrections.observations)
    brief, notes = _aliases_read(brief, meeting, corrections)
    observations += notes
    brief, notes = _roles(brief, corrections)
    observations += notes
    brief, notes = _names(brief, corrections)
    observations += notes
    return brief, observations


def _mentions(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){_flexible(phrase)}(?![\w-])", text, re.IGNORECASE) is not None


def _flexible(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _aliases_read(brief: Brief, meeting: Any, corrections: UsableCorrections) -> tuple[Brief, list[Observation]]:
    """Aliases were applied by the lexicon while reading; here the draft says where they were read."""
    from mops.brief.grounding import cite_sentence

    observations = []
    for phrase, loaded in corrections.aliases.items():
        cited = [
            cite_sentence(meeting.transcript, s.utterance, m.start, m.end)
            for s in meeting.sentences for m in s.channels if " ".join(m.said.lower().split()) == phrase
        ]
        if not cited:
            continue
        what = f"'{loaded.rule.said}' is {loaded.rule.means}"
        marker = loaded.evidence(f"'{loaded.rule.said}' read as {loaded.rule.means}: a reviewer's correction")
        split = [
            item.model_copy(update={"evidence": [*item.evidence, marker]}) if any(_mentions(e.quote or "", phrase) for e in item.evidence) else item
            for item in brief.budget.split
        ]
        evidence = dict(brief.evidence)
        if any(_mentions(e.quote or "", phrase) for e in evidence.get("channels", [])):
            evidence["channels"] = [*evidence["channels"], marker]
        brief = brief.model_copy(update={"budget": brief.budget.model_copy(update={"split": split}), "evidence": evidence})
        observations.append(_applied(loaded, what, cited))
    return brief, observations


def _roles(brief: Brief, corrections: UsableCorrections) -> tuple[Brief, list[Observation]]:
    observations = []
    owners = []
    for person in brief.owners:
        loaded = corrections.roles.get((person.name, " ".join((person.role or "").lower().split())))
        if loaded is None:
            owners.append(person)
            continue
        what = f"{person.name}'s role '{person.role}' is '{loaded.rule.means}'"
        marker = loaded.evidence(f"role was '{person.role}': a reviewer's correction")
        owners.append(person.model_copy(update={"role": loaded.rule.means, "evidence": [*person.evidence, marker]}))
        observations.append(_applied(loaded, what, person.evidence))
    return brief.model_copy(update={"owners": owners}), observations


_SCALAR_TEXTS = ("title", "offer", "call_to_action")
_STATEMENTS = ("objectives", "decisions", "risks", "open_questions")


def _names(brief: Brief, corrections: UsableCorrections) -> tuple[Brief, list[Observation]]:
    observations = []
    for loaded in corrections.names:
        pattern = re.compile(rf"(?<![\w-]){_flexible(loaded.rule.said)}(?![\w-])", re.IGNORECASE)
        means = loaded.rule.means
        marker = loaded.evidence(f"'{loaded.rule.said}' written '{means}': a reviewer's correction")
        touched: list[Evidence] = []
        update: dict[str, Any] = {}
        evidence = dict(brief.evidence)

        def fixed(text: str | None) -> str | None:
            return pattern.sub(lambda _: means, text) if text else text

        for name in _SCALAR_TEXTS:
            value = getattr(brief, name)
            if value and fixed(value) != value:
                update[name] = fixed(value)
                touched += evidence.get(name, [])
                evidence[name] = [*evidence.get(name, []), marker]
        description = brief.audience.description
        if description and fixed(description) != description:
            update["audience"] = brief.audience.model_copy(update={"description": fixed(description)})
            touched += evidence.get("audience.description", [])
            evidence["audience.description"] = [*evidence.get("audience.description", []), marker]
        messages = [fixed(m) or m for m in brief.key_messages]
        if messages != brief.key_messages:
            update["key_messages"] = messages
            touched += evidence.get("key_messages", [])
            evidence["key_messages"] = [*evidence.get("key_messages", []), marker]
        for name, attribute in [*((s, "text") for s in _STATEMENTS), ("deliverables", "what")]:
            items = []
            for item in getattr(brief, name):
                value = getattr(item, attribute)
                if fixed(value) != value:
                    touched += item.evidence
                    item = item.model_copy(update={attribute: fixed(value), "evidence": [*item.evidence, marker]})
                items.append(item)
            if items != getattr(brief, name):
                update[name] = items
        if update:
            brief = brief.model_copy(update={**update, "evidence": evidence})
            observations.append(_applied(loaded, f"'{loaded.rule.said}' is written '{means}'", touched))
    return brief, observations


__all__ = ["CODE", "LoadedRule", "UsableCorrections", "apply_corrections", "load_corrections", "usable"]
