"""Masked forms of personal data, for a person reading findings in a terminal: enough to find the
value in the file, not enough to read it ("j•••@g•••.com", "•••• •••• •••• 1111", "L. B.")."""

from __future__ import annotations

from mops import regexcache

DOT = "•"
_DIGIT = regexcache.compile(r"\d")


def mask(kind: str, value: str) -> str:
    """`value` (personal data of `kind`, one of mops.pii.KINDS) with most of it hidden."""
    if kind == "email":
        local, _, domain = value.partition("@")
        host, dot, tld = domain.rpartition(".")
        return f"{local[:1]}{DOT * 3}@{host[:1]}{DOT * 3}{dot}{tld}" if host else f"{local[:1]}{DOT * 3}@{DOT * 3}"
    if kind in ("phone", "payment_card", "iban"):
        keep = 2 if kind == "phone" else 4
        digits = [m.start() for m in _DIGIT.finditer(value)]
        hidden = set(digits[:-keep]) if len(digits) > keep else set(digits)
        lead = 2 if kind == "iban" else 0  # the IBAN's country code says where, not who
        return "".join(DOT if i in hidden and i >= lead else c for i, c in enumerate(value))
    if kind == "ip_address":
        sep = "." if "." in value and ":" not in value else ":"
        head, *rest = value.split(sep)
        return sep.join([head, *(DOT * 3 for _ in rest)])
    if kind == "person_name":
        return " ".join(f"{word[0]}." for word in value.split() if word[:1].isalpha())
    return DOT * 3
