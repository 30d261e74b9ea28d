"""IPv4 and IPv6 addresses.

Decisions: four dotted octets each <= 255 are an address unless a version word or a "v" stands right
before them ("version 1.2.3.4", "v2.10.1.4") or they continue with another dot-number (a five-part
version, an OID); three parts ("1.2.3") never are. The unspecified and loopback addresses (0.0.0.0,
127.x, ::, ::1) identify no one and are not flagged.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from mops.pii.match import PiiMatch

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
# Boundaries are checked in Python: a pattern that starts with a look-behind makes re crawl.
_IPV4 = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
_IPV4_AFTER = re.compile(r"\w|\.\d")
_VERSION_BEFORE = re.compile(r"\b(?:version|ver|release|build|firmware|v)\.?\s*$", re.IGNORECASE)

# A run of hex digits, colons and dots holding a colon (an IPv4 tail is allowed); ipaddress decides
# whether it is real. Like IPv4, boundaries are checked in Python.
_IPV6 = re.compile(r"[0-9A-Fa-f:][0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%\w+)?")


def _identifies_no_one(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return address.is_unspecified or address.is_loopback


def find_ip_addresses(text: str) -> Iterator[PiiMatch]:
    if "." in text:
        for m in _IPV4.finditer(text):
            start, end = m.start(), m.end()
            if start and (text[start - 1].isalnum() or text[start - 1] in "._"):
                continue
            if _IPV4_AFTER.match(text, end) or _VERSION_BEFORE.search(text, max(0, start - 12), start):
                continue
            try:
                address = ipaddress.IPv4Address(m.group())  # octets <= 255, no leading zeros
            except ValueError:
                continue
            if not _identifies_no_one(address):
                yield PiiMatch.of("ip_address", text, start, end)
    if "::" in text or text.count(":") >= 7:
        for m in _IPV6.finditer(text):
            start, end = m.start(), m.end()
            candidate = m.group().split("%", 1)[0].rstrip(".")
            if candidate.endswith(":") and not candidate.endswith("::"):
                candidate = candidate[:-1]  # "... 2001:db8::1: the gateway"
            end = start + len(candidate) if "%" not in m.group() else end
            if candidate.count(":") < 2 or (start and (text[start - 1].isalnum() or text[start - 1] == "_")):
                continue
            if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                continue
            try:
                address = ipaddress.IPv6Address(candidate)
            except ValueError:
                continue
            if not _identifies_no_one(address):
                yield PiiMatch.of("ip_address", text, start, end)
