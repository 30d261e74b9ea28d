"""Replace personal data with placeholders before text leaves the machine, and put it back after.

`scrub` turns "Mail laura@x.com or call Laura" into "Mail [EMAIL_1] or call [PERSON_1]"; the mapping
placeholder -> original stays local (never sent anywhere) so `restore` can undo it in the model's
answer. The same value always gets the same placeholder, so the model can still tell that two
mentions are one person.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from mops import regexcache
from mops.pii.detector import PiiDetector
from mops.pii.match import PiiMatch

PLACEHOLDER_PREFIX: dict[str, str] = {
    "email": "EMAIL",
    "phone": "PHONE",
    "payment_card": "CARD",
    "iban": "IBAN",
    "ip_address": "IP",
    "person_name": "PERSON",
}
_PLACEHOLDER = regexcache.compile(r"\[(?:EMAIL|PHONE|CARD|IBAN|IP|PERSON)_\d+\]")
_KIND_OF_PREFIX = {prefix: kind for kind, prefix in PLACEHOLDER_PREFIX.items()}


@dataclass(frozen=True, slots=True)
class ScrubResult:
    """Scrubbed text, the placeholder -> original mapping (keep it local), and what was replaced."""

    text: str
    mapping: dict[str, str] = field(default_factory=dict)
    matches: list[PiiMatch] = field(default_factory=list)


def _identity(kind: str, value: str) -> tuple[str, str]:
    """What makes two mentions the same value: case for emails, separators for numbers."""
    if kind in ("email", "ip_address"):
        return kind, value.lower()
    if kind in ("phone", "payment_card", "iban"):
        return kind, re.sub(r"[^0-9A-Za-z+]", "", value).upper()
    return kind, " ".join(value.split())


def scrub(text: str, detector: PiiDetector, *, mapping: Mapping[str, str] | None = None) -> ScrubResult:
    """Replace each piece of personal data in `text` with a placeholder such as [EMAIL_1].

    Pass the `mapping` of an earlier call (another line of the same transcript) to keep placeholders
    stable across calls; the returned mapping holds the old entries and the new ones.
    """
    result_mapping = dict(mapping or {})
    placeholder_of: dict[tuple[str, str], str] = {}
    counts = dict.fromkeys(PLACEHOLDER_PREFIX.values(), 0)
    for placeholder, original in result_mapping.items():
        prefix, number = placeholder[1:-1].rsplit("_", 1)
        counts[prefix] = max(counts.get(prefix, 0), int(number))
        placeholder_of[_identity(_KIND_OF_PREFIX[prefix], original)] = placeholder

    matches = detector.find(text)
    pieces: list[str] = []
    position = 0
    for match in matches:
        identity = _identity(match.kind, match.text)
        placeholder = placeholder_of.get(identity)
        if placeholder is None:
            prefix = PLACEHOLDER_PREFIX[match.kind]
            counts[prefix] += 1
            placeholder = f"[{prefix}_{counts[prefix]}]"
            placeholder_of[identity] = placeholder
            result_mapping[placeholder] = match.text
        pieces.append(text[position : match.start])
        pieces.append(placeholder)
        position = match.end
    pieces.append(text[position:])
    return ScrubResult(text="".join(pieces), mapping=result_mapping, matches=matches)


def restore(text: str, mapping: Mapping[str, str]) -> str:
    """Put the originals back in place of the placeholders `scrub` made; unknown ones stay as they are."""
    return _PLACEHOLDER.sub(lambda m: mapping.get(m.group(), m.group()), text)
