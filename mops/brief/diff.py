"""What changed between two versions of a brief, field by field: `brief_changes(draft, approved)`.

Used by `mops brief learn` (what a reviewer corrected) and `mops report ops` (how much reviewers
change drafts). Only what the brief states is compared: the workflow's own fields (`status`,
`playbook`, `drafted_by`, `transcript`, `meeting_date`, `version`), history's `suggested` values,
the extractors' `disagreements` and every `evidence` are left out, and so is the Markdown body
(the playbook renders it from the fields).

Items of a list are paired before they are compared, so an edited item reads as one correction
rather than a removal and an addition: first by what names them (a KPI's metric, a split's
channel, a person's name and role, a statement's text), then by the words they were drafted from
(a reviewer who rewrites a decision keeps its quote), then (people) by name alone. Paths name items
by that key: `kpis[cpa].target`, `budget.split[paid_social].amount`, `owners[Jonas Weber].role`
(the role is added, `owners[Priya Nair (owner)]`, when the list names a person twice),
`decisions["Okay, first of June to twelfth of July."]`, `channels[sms]`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from mops.brief.document import prune_empty
from mops.models.brief import Brief
from mops.models.correction import FieldChange
from mops.models.results import Evidence

# left out of the comparison: the workflow's bookkeeping, not what the brief states
_NOT_COMPARED = frozenset({"version", "status", "playbook", "drafted_by", "transcript", "meeting_date", "suggested", "disagreements", "evidence"})
_SUB_MODELS = ("audience", "budget", "pricing")
_PEOPLE = ("owners", "approvers")
_KEY_OF = {"kpis": "metric", "budget.split": "channel", "deliverables": "what",
           "objectives": "text", "decisions": "text", "risks": "text", "open_questions": "text"}  # fmt: skip
_SETS = frozenset({"channels", "audience.locations"})  # order carries no meaning
_LABEL_LENGTH = 48


def brief_changes(draft: Brief, approved: Brief) -> list[FieldChange]:
    """Every difference between `draft` and `approved`, in the brief's field order."""
    changes: list[FieldChange] = []
    _compare_model(draft, approved, "", draft.evidence, changes)
    return changes


def _compare_model(old: Any, new: Any, prefix: str, evidence: dict[str, list[Evidence]], changes: list[FieldChange]) -> None:
    for name in type(old).model_fields:
        if name in _NOT_COMPARED:
            continue
        path = f"{prefix}{name}"
        before, after = getattr(old, name), getattr(new, name)
        if name in _SUB_MODELS and not prefix:
            _compare_model(before, after, f"{path}.", evidence, changes)
        elif path in _SETS:
            _compare_set(path, before, after, changes)
        elif path == "key_messages":
            _compare_texts(path, before, after, changes)
        elif path in _KEY_OF or path in _PEOPLE:
            _compare_items(path, before, after, changes)
        else:
            _compare_value(path, _plain(before), _plain(after), evidence.get(path, []), changes)


def _plain(value: Any) -> Any:
    """A value as the brief file writes it: JSON types, whole floats as ints, no evidence, nothing empty."""
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json", exclude={"evidence"}, exclude_none=True)
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    return prune_empty(value)


def _compare_value(path: str, old: Any, new: Any, evidence: list[Evidence], changes: list[FieldChange]) -> None:
    if old == new or (old in (None, "", [], {}) and new in (None, "", [], {})):
        return
    if old in (None, "", [], {}):
        changes.append(FieldChange(field=path, change="added", new=new))
    elif new in (None, "", [], {}):
        changes.append(FieldChange(field=path, change="removed", old=old, evidence=evidence))
    else:
        changes.append(FieldChange(field=path, change="corrected", old=old, new=new, evidence=evidence))


def _compare_set(path: str, old: list[str], new: list[str], changes: list[FieldChange]) -> None:
    for value in old:
        if value not in new:
            changes.append(FieldChange(field=f"{path}[{value}]", change="removed", old=value))
    for value in new:
        if value not in old:
            changes.append(FieldChange(field=f"{path}[{value}]", change="added", new=value))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= _LABEL_LENGTH else text[: _LABEL_LENGTH - 1] + "…"}"'


def _compare_texts(path: str, old: list[str], new: list[str], changes: list[FieldChange]) -> None:
    """A list of sentences (key messages): an edited sentence pairs with the closest new one."""
    removed = [t for t in old if t not in new]
    added = [t for t in new if t not in old]
    for text in removed:
        closest = max(added, key=lambda a: difflib.SequenceMatcher(None, text, a).ratio(), default=None)
        if closest is not None and difflib.SequenceMatcher(None, text, closest).ratio() >= 0.6:
            added.remove(closest)
            changes.append(FieldChange(field=f"{path}[{_short(text)}]", change="corrected", old=text, new=closest))
        else:
            changes.append(FieldChange(field=f"{path}[{_short(text)}]", change="removed", old=text))
    for text in added:
        changes.append(FieldChange(field=f"{path}[{_short(text)}]", change="added", new=text))


def _quotes(item: Any) -> frozenset[tuple[str | None, str | None]]:
    return frozenset((e.utterance, e.quote) for e in item.evidence if e.quote)


def _pair(old: list[Any], new: list[Any], keys: list[Callable[[Any], Any]]) -> list[tuple[Any | None, Any | None]]:
    """Items of two lists paired by each key in turn (an item pairs once); the rest stand alone.
    Pairs come in the draft's order, then the approved brief's additions."""
    partner: dict[int, int] = {}
    taken: set[int] = set()
    for key in keys:
        for i, item in enumerate(old):
            if i in partner or not key(item):
                continue
            j = next((j for j, other in enumerate(new) if j not in taken and key(other) == key(item)), None)
            if j is not None:
                partner[i] = j
                taken.add(j)
    pairs: list[tuple[Any | None, Any | None]] = [(item, new[partner[i]] if i in partner else None) for i, item in enumerate(old)]
    return pairs + [(None, item) for j, item in enumerate(new) if j not in taken]


def _compare_items(path: str, old: list[Any], new: list[Any], changes: list[FieldChange]) -> None:
    if path in _PEOPLE:
        keys: list[Callable[[Any], Any]] = [lambda p: (p.name, (p.role or "").lower()), _quotes, lambda p: p.name]
        label: Callable[[Any, list[Any]], str] = _person_label
    else:
        field = _KEY_OF[path]
        keys = [lambda item: str(getattr(item, field)).strip().lower(), _quotes]
        label = (lambda item, _: _short(item.text)) if field == "text" else (lambda item, _: str(getattr(item, field)))
    for before, after in _pair(old, new, keys):
        if before is None:
            changes.append(FieldChange(field=f"{path}[{label(after, new)}]", change="added", new=_plain(after), evidence=after.evidence))
        elif after is None:
            changes.append(FieldChange(field=f"{path}[{label(before, old)}]", change="removed", old=_plain(before), evidence=before.evidence))
        else:
            item_path = f"{path}[{label(before, old)}]"
            for name in type(before).model_fields:
                if name != "evidence":
                    _compare_value(f"{item_path}.{name}", _plain(getattr(before, name)), _plain(getattr(after, name)), before.evidence, changes)


def _person_label(person: Any, people: list[Any]) -> str:
    twice = sum(1 for p in people if p.name == person.name) > 1
    return f"{person.name} ({person.role})" if twice and person.role else person.name


__all__ = ["brief_changes"]
