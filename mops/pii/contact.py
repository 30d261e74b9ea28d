"""Email addresses and phone numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mops.pii.match import PiiMatch

# Local part, @, dotted domain ending in an alphabetic TLD. The look-behind keeps "@handle" (no local
# part) and the look-ahead keeps "a@b.co.uk" from stopping at ".co".
_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])"
)

# Asset names such as "logo@2x.png" look like addresses; no mail domain ends in a file extension.
_FILE_EXTENSIONS = frozenset(
    "png jpg jpeg gif svg webp avif ico bmp tif tiff heic pdf css js mjs ts json map mp4 mov webm "
    "mp3 wav woff woff2 ttf otf eot zip gz txt md html htm xml yml yaml csv".split()
)


def find_emails(text: str) -> Iterator[PiiMatch]:
    # The pattern runs only around each "@": led by a look-behind, it would crawl through all the text.
    at = text.find("@")
    while at != -1:
        m = _EMAIL.search(text, max(0, at - 64), at + 256)
        while m is not None and m.end() <= at:
            m = _EMAIL.search(text, m.end(), at + 256)
        if m is None or m.start() > at:
            at = text.find("@", at + 1)
            continue
        tld = m.group().rsplit(".", 1)[1].lower()
        if tld not in _FILE_EXTENSIONS:
            yield PiiMatch.of("email", text, m.start(), m.end())
        at = text.find("@", m.end())


# A cheap net for anything phone-shaped: seven or more digits with the separators people type.
# Only the lines it catches go to `phonenumbers`, which is slow on long prose.
_PHONE_CANDIDATE = re.compile(r"[+(\d][\d \t().\-/]{5,22}\d")
_DIGIT_COUNT = re.compile(r"\d")

# Numbers introduced as identifiers are not phone numbers, whatever their shape.
_IDENTIFIER_CONTEXT = re.compile(
    r"(?:#|\b(?:order|invoice|ref|reference|id|sku|ticket|tracking|account|acct|po|case|serial|"
    r"isbn|ean|upc|gtin|customer|booking|confirmation)\b(?:\s*(?:no|nr|number|id|code)\b)?)[\s.:#-]*$",
    re.IGNORECASE,
)
# Amounts: "$1234567", "EUR 1 234 567", "1 234 567 kr", "1234567 %".
_MONEY_BEFORE = re.compile(r"[$€£¥₹]\s*$|\b(?:usd|eur|gbp|chf|sek|nok|dkk)\s*$", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"\s*(?:[$€£¥₹%]|(?:usd|eur|gbp|chf|sek|nok|dkk|kr)\b)", re.IGNORECASE)
# A bare run of digits ("2147483647") is a phone number only where the text says so.
_PHONE_CONTEXT = re.compile(
    r"\b(?:phone|tel|telephone|call|ring|dial|mobile|cell|fax|whatsapp|sms|text|reach|contact|number|"
    r"nummer|telefon|handy|tél|téléphone|portable)\b",
    re.IGNORECASE,
)
_WINDOW = 120  # characters of context each side given to phonenumbers


def find_phones(text: str, region: str) -> Iterator[PiiMatch]:
    import phonenumbers  # 30 ms of metadata loading: only when a candidate exists

    seen: set[tuple[int, int]] = set()
    searched_until = -1
    for candidate in _PHONE_CANDIDATE.finditer(text):
        if candidate.end() <= searched_until:
            continue
        if len(_DIGIT_COUNT.findall(candidate.group())) < 7:
            continue
        newline = text.rfind("\n", max(0, candidate.start() - _WINDOW), candidate.start())
        lo = newline + 1 if newline != -1 else max(0, candidate.start() - _WINDOW)
        hi = text.find("\n", candidate.end(), candidate.end() + _WINDOW)
        hi = min(len(text), candidate.end() + _WINDOW) if hi == -1 else hi
        searched_until = hi
        window = text[lo:hi]
        matcher = phonenumbers.PhoneNumberMatcher(window, region, leniency=phonenumbers.Leniency.VALID)
        for found in matcher:
            start, end = lo + found.start, lo + found.end
            before = text[max(0, start - 24) : start]
            if _IDENTIFIER_CONTEXT.search(before) or _MONEY_BEFORE.search(before):
                continue
            if _MONEY_AFTER.match(text, end):
                continue
            if found.raw_string.isdigit() and not _PHONE_CONTEXT.search(text, max(0, start - 40), start):
                continue
            if (start, end) not in seen:
                seen.add((start, end))
                yield PiiMatch.of("phone", text, start, end)
