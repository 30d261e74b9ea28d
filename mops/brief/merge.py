"""Two readings of one meeting, merged field by field: the offline rules' and the model's.

Both are grounded (every model value kept has a verified quote). Where they agree, the value keeps
the evidence of both. Where they differ, the brief records a `Disagreement` for a person to settle:
figures and dates keep the offline value (parsed by rules a test pins, where models slip on
arithmetic), wording (objectives, audience, offer, messages) keeps the model's. What only one of
them found is kept with its evidence; list items (KPIs, the split, owners, decisions...) are joined,
one per key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mops.models.brief import Brief, Disagreement
from mops.models.results import Evidence

# dotted path -> which reading wins a disagreement
_SCALARS: dict[str, str] = {
    "title": "offline", "budget.total": "offline", "budget.currency": "offline", "budget.reserve": "offline",
    "budget.reserve_owner": "offline", "pricing.currency": "offline", "pricing.price": "offline",
    "pricing.unit_cost": "offline", "pricing.margin": "offline", "pricing.margin_percent": "offline",
    "start": "offline", "end": "offline", "audience.size": "offline", "audience.description": "model",
    "offer": "model", "call_to_action": "model", "landing_page": "offline",
}  # fmt: skip
# list field -> the key that makes two items the same
_LISTS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "kpis": lambda item: item["metric"],
    "budget.split": lambda item: item["channel"],
    "owners": lambda item: (item["name"], (item.get("role") or "").lower()),
    "approvers": lambda item: item["name"],
    "deliverables": lambda item: item["what"].lower(),
    "decisions": lambda item: item["text"].lower(),
    "risks": lambda item: item["text"].lower(),
    "objectives": lambda item: item["text"].lower(),
    "open_questions": lambda item: item["text"].lower(),
}
_PLAIN_LISTS = ("channels", "key_messages", "audience.locations")
# within list items: the field whose difference is a disagreement, and who wins it
_ITEM_VALUE = {"kpis": ("target", "offline"), "budget.split": ("amount", "offline"), "deliverables": ("due", "offline")}


def _get(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)  # type: ignore[assignment]
    return data


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[leaf] = value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int):
        return abs(a - b) <= 0.005 * max(1.0, abs(a))
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.lower().split()) == " ".join(b.lower().split())
    return a == b


def _cited(e: Evidence | dict[str, Any]) -> tuple[Any, Any]:
    # list items are merged as dumped dicts, the brief-wide evidence as Evidence objects
    return (e.get("utterance"), e.get("quote")) if isinstance(e, dict) else (e.utterance, e.quote)


def _evidence_union(first: list[Any], second: list[Any]) -> list[Any]:
    seen = {_cited(e) for e in first}
    return list(first) + [e for e in second if _cited(e) not in seen]


def merge_briefs(offline: Brief, model: Brief) -> Brief:
    """One brief from both readings, with their disagreements recorded."""
    a = offline.model_dump(mode="python", exclude_none=True)
    b = model.model_dump(mode="python", exclude_none=True)
    evidence: dict[str, list[Evidence]] = dict(offline.evidence)
    disagreements: list[Disagreement] = list(offline.disagreements)
    merged = dict(a)

    for path, winner in _SCALARS.items():
        ours, theirs = _get(a, path), _get(b, path)
        our_evidence, their_evidence = offline.evidence.get(path, []), model.evidence.get(path, [])
        if theirs is None:
            continue
        if ours is None:
            _set(merged, path, theirs)
            if their_evidence:
                evidence[path] = their_evidence
        elif _same(ours, theirs):
            evidence[path] = _evidence_union(our_evidence, their_evidence)
        else:
            disagreements.append(Disagreement(field=path, offline=str(ours), model=str(theirs), kept=winner,
                                              evidence=_evidence_union(our_evidence, their_evidence)))
            if winner == "model":
                _set(merged, path, theirs)
                evidence[path] = _evidence_union(their_evidence, our_evidence)

    for path in _PLAIN_LISTS:
        ours, theirs = _get(a, path) or [], _get(b, path) or []
        joined = list(dict.fromkeys([*ours, *theirs]))
        if joined:
            _set(merged, path, joined)
            evidence[path] = _evidence_union(offline.evidence.get(path, []), model.evidence.get(path, []))

    for path, key in _LISTS.items():
        ours, theirs = list(_get(a, path) or []), list(_get(b, path) or [])
        by_key = {key(item): item for item in ours}
        for item in theirs:
            existing = by_key.get(key(item))
            if existing is None:
                ours.append(item)
                by_key[key(item)] = item
                continue
            existing["evidence"] = _evidence_union(existing.get("evidence", []), item.get("evidence", []))
            if path in _ITEM_VALUE:
                name, winner = _ITEM_VALUE[path]
                if existing.get(name) is not None and item.get(name) is not None and not _same(existing[name], item[name]):
                    disagreements.append(Disagreement(
                        field=f"{path}[{key(item)}].{name}", offline=str(existing[name]), model=str(item[name]), kept=winner,
                        evidence=existing["evidence"],
                    ))
                elif existing.get(name) is None and item.get(name) is not None:
                    existing[name] = item[name]
        if ours:
            _set(merged, path, ours)

    # a question the model answered is no longer open: drop the offline "X not stated" questions it settles
    merged["open_questions"] = [q for q in merged.get("open_questions", []) if not _settled_by(q, merged)]
    merged["evidence"] = evidence
    merged["disagreements"] = disagreements
    merged["drafted_by"] = f"offline + {model.drafted_by}" if model.drafted_by else "offline + model"
    return Brief.model_validate(merged)


def _settled_by(question: dict[str, Any], merged: dict[str, Any]) -> bool:
    about = question.get("about")
    return about is not None and bool(_get(merged, about))
