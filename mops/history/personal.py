"""Which columns of an export hold personal data.

`mops.pii.column_is_personal` decides from the header and sample values; on top of it, any header
naming an identifier of a person (customer/contact/member id, address, birth date) counts too,
since such ids re-identify people even when their values look harmless ("C10001").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_IDENTIFYING_HEADER = re.compile(
    r"e-?mail|phone|mobile|handy|telefon|\bname\b|first.?name|last.?name|full.?name|vorname|nachname|"
    r"address|street|adresse|strasse|straße|\bzip\b|postal|postcode|plz|birth|geburt|\bip\b|ip.?address|"
    r"customer.?id|contact.?id|user.?id|member.?id|subscriber.?id|\bid\b",
    re.IGNORECASE,
)


def personal_kinds(
    headers: Sequence[str], samples: Mapping[str, Sequence[str]] | None = None, *, region: str = "US"
) -> dict[str, str]:
    """header -> kind of personal data ('email', 'phone', 'person_name', ... or 'identifier')."""
    from mops.pii.columns import column_is_personal
    from mops.pii.detector import PiiDetector

    detector = PiiDetector(default_region=region)
    kinds: dict[str, str] = {}
    for header in headers:
        kind = column_is_personal(header, list((samples or {}).get(header, ())), detector)
        if kind is None and _IDENTIFYING_HEADER.search(header):
            kind = "identifier"
        if kind is not None:
            kinds[header] = kind
    return kinds


def personal_columns(headers: Sequence[str]) -> list[str]:
    """Personal columns judged by header alone (what detection can see before reading rows)."""
    return list(personal_kinds(headers))
