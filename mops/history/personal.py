"""Which columns of an export hold personal data.

Stand-in, by header name, until `mops.pii.column_is_personal(header, sample_values, detector)`
exists; `personal_columns` is the one place to swap it in.
"""

from __future__ import annotations

import re

_PERSONAL_HEADER = re.compile(
    r"e-?mail|phone|mobile|handy|telefon|\bname\b|first.?name|last.?name|full.?name|vorname|nachname|"
    r"address|street|adresse|strasse|straße|\bzip\b|postal|postcode|plz|birth|geburt|\bip\b|ip.?address|"
    r"customer.?id|contact.?id|user.?id|member.?id|\bid\b",
    re.IGNORECASE,
)
EMAIL_HEADER = re.compile(r"e-?mail", re.IGNORECASE)
PHONE_HEADER = re.compile(r"phone|mobile|handy|telefon", re.IGNORECASE)


def column_is_personal(header: str) -> bool:
    """True when a column with this header may identify a person (ids included: they re-identify)."""
    return bool(_PERSONAL_HEADER.search(header))


def personal_columns(headers: list[str]) -> list[str]:
    return [h for h in headers if column_is_personal(h)]
