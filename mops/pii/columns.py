"""Decide whether a CSV column holds personal data, from its header or from sample values."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from mops.pii.detector import PiiDetector

# Optional first word: "Work Email", "Billing Phone", "Customer First Name".
_QUALIFIER = (
    r"(?:(?:work|personal|private|primary|secondary|other|business|home|office|main|contact|customer|"
    r"client|billing|shipping|user|lead|member|subscriber|owner|sender|recipient|buyer)\s)?"
)
_NUMBERED = r"(?:\s?\d)?"  # "Email 2", "phone2"
# Whole-header patterns, matched after normalising "E-mail_Address" / "emailAddress" to "e mail address".
# Whole headers only, so metrics such as "Email Opens" or "Phone Calls" stay out.
_HEADER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(rf"^{_QUALIFIER}(?:e\s?mail|mail)(?:\s(?:address|addr|id))?{_NUMBERED}$")),
    (
        "phone",
        re.compile(
            rf"^{_QUALIFIER}(?:phone|telephone|tel|mobile|cell|cellphone|cell phone|mobile phone|"
            rf"landline|fax|whatsapp|sms)(?:\s(?:number|no|nr|num))?{_NUMBERED}$"
        ),
    ),
    (
        "person_name",
        re.compile(
            rf"^{_QUALIFIER}(?:(?:first|last|given|family|full|middle|sur|maiden|display|contact|"
            r"customer|client|person|lead|owner)\s?name|firstname|lastname|surname|fname|lname|"
            r"contact|contact person|person)$"
        ),
    ),
    (
        "ip_address",
        re.compile(rf"^{_QUALIFIER}(?:(?:client|remote|visitor|source)\s)?ip(?:\s?(?:address|addr|v4|v6))?$"),
    ),
    ("iban", re.compile(rf"^{_QUALIFIER}(?:iban|bank account|account iban)(?:\s(?:number|no))?$")),
    (
        "payment_card",
        re.compile(
            rf"^{_QUALIFIER}(?:(?:credit|debit|payment)\s)?(?:card|cc)\s(?:number|no|num|pan)$|^pan$"
        ),
    ),
)


def normalise_header(header: str) -> str:
    """'E-mail_Address' -> 'e mail address', 'firstName' -> 'first name', 'IP (v4)' -> 'ip v4'."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", header.strip())
    return " ".join(re.sub(r"[^0-9a-z]+", " ", spaced.lower()).split())


def kind_from_header(header: str) -> str | None:
    normalised = normalise_header(header)
    for kind, pattern in _HEADER_PATTERNS:
        if pattern.match(normalised):
            return kind
    return None


def column_is_personal(header: str, sample_values: Sequence[str], detector: PiiDetector) -> str | None:
    """The PII kind a CSV column holds, or None.

    The header decides when it names personal data ("Email", "E-mail Address", "Phone", "First Name",
    "Contact", "IP"); otherwise the column is personal when at least half its non-empty sample values
    contain personal data, and the most frequent kind among them is returned.
    """
    by_header = kind_from_header(header)
    if by_header is not None:
        return by_header
    values = [v for v in (str(v).strip() for v in sample_values) if v]
    if not values:
        return None
    kinds: Counter[str] = Counter()
    hits = 0
    for value in values:
        found = detector.find(value)
        if found:
            hits += 1
            kinds.update(dict.fromkeys((m.kind for m in found), 1))
    if hits * 2 < len(values):
        return None
    return kinds.most_common(1)[0][0]
