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

from mops import regexcache
from mops.pii.match import PiiMatch
from mops.pii.shape import shape

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
# Boundaries are checked in Python: a pattern that starts with a look-behind makes re crawl. The
# first octet is written `\d\d{0,2}` (the same matches as `\d{1,3}`): a pattern that starts with a
# character class lets re skip to the next digit at C speed.
_IPV4 = regexcache.compile(r"\d\d{0,2}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
_IPV4_AFTER = regexcache.compile(r"\w|\.\d")
# What every `_IPV4` match holds: a digit, a dot, a digit. Text without it is not searched (`_IPV4`
# would try a match at each of its digits).
_IPV4_SHAPE = b"0.0"
_VERSION_BEFORE = regexcache.compile(r"\b(?:version|ver|release|build|firmware|v)\.?\s*$", re.IGNORECASE)

# A run of hex digits, colons and dots holding a colon (an IPv4 tail is allowed); ipaddress decides
# whether it is real. Like IPv4, boundaries are checked in Python.
_IPV6 = regexcache.compile(r"[0-9A-Fa-f:][0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%\w+)?")


def _identifies_no_one(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return address.is_unspecified or address.is_loopback


_HEX_COLON_DOT = frozenset("0123456789abcdefABCDEF:.")
# The first colon of a run that may hold an address: with nothing of an address after it, the run
# has no other colon ("Offer 12: see"), and a match could only go on into a zone ("fe:%eth0"). Found
# by re rather than colon by colon: a list of "Item 12: ..." lines has a colon on every line.
_ADDRESS_COLON = regexcache.compile(r":[0-9A-Fa-f:.%]")


def _ipv6_candidates(text: str) -> Iterator[re.Match[str]]:
    """`_IPV6.finditer(text)` less the matches with fewer than two colons, which are never addresses.

    The pattern may start at any hex digit, and English is full of a-f: run over a long text it
    tried every letter. Here it runs only from the start of each run of hex digits, colons and dots
    around a colon, when the run holds two colons or more."""
    n = len(text)
    floor = 0  # where the last match ended: finditer never starts a match before it
    colon = _ADDRESS_COLON.search(text)
    while colon is not None:
        at = colon.start()
        lo = at
        while lo > floor and text[lo - 1] in _HEX_COLON_DOT:
            lo -= 1
        hi = at + 1
        while hi < n and text[hi] in _HEX_COLON_DOT:
            hi += 1
        end = hi
        many = text.count(":", lo, hi) >= 2
        if many or (hi < n and text[hi] == "%"):  # a one-colon match with a zone moves finditer on too
            m = _IPV6.search(text, lo)
            if m is not None and m.start() < hi:  # (a match further on is another run's)
                if many:
                    yield m
                floor = m.end()
                end = max(hi, floor)
        colon = _ADDRESS_COLON.search(text, end)


def find_ip_addresses(text: str) -> Iterator[PiiMatch]:
    if "." in text and _IPV4_SHAPE in shape(text):
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
        for m in _ipv6_candidates(text):
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
