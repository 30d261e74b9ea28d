"""Payment card numbers (Luhn + issuer prefix) and IBANs (per-country length + mod-97).

Both checks are what make these detectors precise: a random 16-digit order number passes Luhn one time
in ten and must also start with a real issuer prefix; a random IBAN-shaped string passes mod-97 about
one time in a hundred.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mops import regexcache
from mops.pii.match import PiiMatch
from mops.pii.shape import shape

# 13-19 digits, optionally grouped by single spaces or dashes; `_standalone` rejects a piece of a
# longer digit run (checked in Python: a leading look-behind makes re crawl through prose).
_CARD = regexcache.compile(r"\d(?:[ -]?\d){12,18}")
_DIGIT_AROUND = regexcache.compile(r"[ -]?\d")
# What every `_CARD` match holds: 13 digits in a row once spaces and dashes are taken out. Most text
# has none, and is then not searched (`_CARD` would try a match at each of its digits).
_CARD_SHAPE, _CARD_SEPARATORS = b"0" * 13, b" -"

# (prefix range low, high, allowed lengths): issuer identification numbers of the big networks.
_ISSUERS: tuple[tuple[int, int, frozenset[int]], ...] = (
    (4, 4, frozenset({13, 16, 19})),  # Visa
    (51, 55, frozenset({16})),  # Mastercard
    (2221, 2720, frozenset({16})),  # Mastercard 2-series
    (34, 34, frozenset({15})),  # American Express
    (37, 37, frozenset({15})),
    (6011, 6011, frozenset({16, 17, 18, 19})),  # Discover
    (644, 649, frozenset({16, 17, 18, 19})),
    (65, 65, frozenset({16, 17, 18, 19})),
    (300, 305, frozenset({14, 16, 17, 18, 19})),  # Diners Club
    (36, 36, frozenset({14, 16, 17, 18, 19})),
    (38, 39, frozenset({14, 16, 17, 18, 19})),
    (3528, 3589, frozenset({16, 17, 18, 19})),  # JCB
    (62, 62, frozenset({16, 17, 18, 19})),  # UnionPay
    (5018, 5018, frozenset(range(12, 20))),  # Maestro
    (5020, 5020, frozenset(range(12, 20))),
    (5038, 5038, frozenset(range(12, 20))),
    (5893, 5893, frozenset(range(12, 20))),
    (6304, 6304, frozenset(range(12, 20))),
    (6759, 6759, frozenset(range(12, 20))),
    (6761, 6763, frozenset(range(12, 20))),
)


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check every payment card number carries in its last digit."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _known_issuer(digits: str) -> bool:
    for low, high, lengths in _ISSUERS:
        width = len(str(low))
        if low <= int(digits[:width]) <= high and len(digits) in lengths:
            return True
    return False


def _consistent_separators(candidate: str) -> bool:
    # "4111 1111-1111 1111" is not how anyone writes a card number; mixed separators are data.
    return not (" " in candidate and "-" in candidate)


def _standalone(text: str, start: int, end: int) -> bool:
    """Not a piece of a longer run such as "1234 5678 9012 3456 7890"."""
    before = text[max(0, start - 2) : start]
    digit_before = before[-1:].isdigit() or (before[:1].isdigit() and before[1:] in (" ", "-"))
    return not digit_before and _DIGIT_AROUND.match(text, end) is None


def find_payment_cards(text: str) -> Iterator[PiiMatch]:
    if _CARD_SHAPE not in shape(text, _CARD_SEPARATORS):
        return
    for m in _CARD.finditer(text):
        if not _standalone(text, m.start(), m.end()):
            continue
        candidate = m.group()
        digits = candidate.replace(" ", "").replace("-", "")
        if _consistent_separators(candidate) and _known_issuer(digits) and luhn_valid(digits):
            yield PiiMatch.of("payment_card", text, m.start(), m.end())


# IBAN length per country (ISO 13616 registry).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip

# Country code and check digits, then alphanumerics optionally grouped by single spaces. The
# candidate may run past the IBAN (into "BIC ..."); the country's length decides where it ends.
# (The boundary before it is checked in Python: a leading look-behind makes re crawl. The two
# letters are written out, not `[A-Z]{2}`: a pattern that starts with a character class lets re skip
# to the next capital at C speed, where a repeat has it try every position; the matches are the same.)
_IBAN = regexcache.compile(r"([A-Z][A-Z])(\d{2})((?: ?[A-Z0-9]){10,30})")
# What every `_IBAN` match starts with: two capitals, two digits. Text without it is not searched.
_IBAN_SHAPE = b"AA00"


def iban_valid(compact: str) -> bool:
    """ISO 7064 mod 97-10: move the first four characters to the end, letters to 10..35, mod 97 == 1."""
    if IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def find_ibans(text: str) -> Iterator[PiiMatch]:
    if _IBAN_SHAPE not in shape(text):
        return
    position = 0
    while (m := _IBAN.search(text, position)) is not None:
        end = _iban_end(text, m)
        if end is None:
            position = m.start() + 1  # a rejected candidate may hide the start of a real IBAN
            continue
        yield PiiMatch.of("iban", text, m.start(), end)
        position = end


def _iban_end(text: str, m: re.Match[str]) -> int | None:
    """Where the IBAN starting at `m` ends, if it is one: the country's length, then a boundary."""
    length = IBAN_LENGTHS.get(m.group(1))
    if length is None or (m.start() and text[m.start() - 1].isalnum()):
        return None
    count, end = 0, m.start()
    while end < m.end() and count < length:
        if text[end] != " ":
            count += 1
        end += 1
    if count < length or (end < len(text) and text[end].isalnum()):
        return None
    return end if iban_valid(text[m.start() : end].replace(" ", "")) else None
