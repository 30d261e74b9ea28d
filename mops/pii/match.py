"""The one result type of PII detection, and the stable lint code of each kind."""

from __future__ import annotations

from typing import NamedTuple

# Kind -> lint code. The codes are part of the CLI contract (suppressions, baselines): never renumber.
CODES: dict[str, str] = {
    "email": "PII001",
    "phone": "PII002",
    "payment_card": "PII003",
    "iban": "PII004",
    "ip_address": "PII005",
    "person_name": "PII006",
}
KINDS: tuple[str, ...] = tuple(CODES)

# Human wording for messages ("an email address found in ...").
LABELS: dict[str, str] = {
    "email": "email address",
    "phone": "phone number",
    "payment_card": "payment card number",
    "iban": "IBAN",
    "ip_address": "IP address",
    "person_name": "person's name",
}


class PiiMatch(NamedTuple):
    """One piece of personal data: `text == source[start:end]`."""

    kind: str
    code: str
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, kind: str, source: str, start: int, end: int) -> PiiMatch:
        return cls(kind=kind, code=CODES[kind], start=start, end=end, text=source[start:end])
