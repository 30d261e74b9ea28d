"""Email addresses and phone numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mops import regexcache
from mops.pii.match import PiiMatch
from mops.pii.shape import shape
from mops.memo import memoised

# Local part, @, dotted domain ending in an alphabetic TLD. The look-behind keeps "@handle" (no local
# part) and the look-ahead keeps "a@b.co.uk" from stopping at ".co".
_EMAIL = regexcache.compile(
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
_PHONE_CANDIDATE = regexcache.compile(r"[+(\d][\d \t().\-/]{5,22}\d")
_DIGIT_COUNT = regexcache.compile(r"\d")
# What a candidate `find_phones` reads holds: seven digits in a row once the candidate's separators
# are taken out. Most text has none, and is then not searched (`_PHONE_CANDIDATE` would try a match
# at each of its digits).
_PHONE_SHAPE, _PHONE_SEPARATORS = b"0" * 7, b" \t().-/+"

# Numbers introduced as identifiers are not phone numbers, whatever their shape.
_IDENTIFIER_CONTEXT = regexcache.compile(
    r"(?:#|\b(?:order|invoice|ref|reference|id|sku|ticket|tracking|track|account|acct|po|case|serial|"
    r"isbn|ean|upc|gtin|customer|booking|confirmation|art|article|artikel|item|lot|batch|model|part|"
    r"style|product|voucher|coupon|promo|pin|vat|tax|ust|kunden|bestell|auftrag|rechnung|commande|"
    r"facture|pedido|factura)\b(?:[\s.-]*(?:no|nr|number|nummer|num|id|code)\b)?)[\s.:#-]*$",
    re.IGNORECASE,
)
# Amounts: "$1234567", "EUR 1 234 567", "1 234 567 kr", "1234567 %".
_MONEY_BEFORE = regexcache.compile(r"[$€£¥₹]\s*$|\b(?:usd|eur|gbp|chf|sek|nok|dkk)\s*$", re.IGNORECASE)
_MONEY_AFTER = regexcache.compile(r"\s*(?:[$€£¥₹%]|(?:usd|eur|gbp|chf|sek|nok|dkk|kr)\b)", re.IGNORECASE)
# A bare run of digits ("2147483647") is a phone number only where the text says so.
_PHONE_CONTEXT = regexcache.compile(
    r"\b(?:phone|tel|telephone|call|ring|dial|mobile|cell|fax|whatsapp|sms|text|reach|contact|number|"
    r"nummer|telefon|handy|tél|téléphone|portable)\b",
    re.IGNORECASE,
)
_WINDOW = 120  # characters of context each side given to phonenumbers

# Besides the workspace's region, a number is read as a national number of one of these regions when
# it is written as that region writes them: grouped as its national format ("(415) 555-0132",
# "020 7946 0958") or led by its trunk prefix ("0151 23456789", "1-800-555-0199"). So a US number in
# a German workspace's copy is still found, and a German number in a US workspace's. The biggest
# markets of the languages mops reads names in; numbers with a "+" are found whatever the region.
# Region -> its trunk (national) prefix, as phonenumbers' metadata has it (a test holds them equal):
# written here so that a candidate no region could read costs no metadata loading (~5 ms a region).
OTHER_REGIONS: dict[str, str] = {
    "US": "1", "GB": "0", "DE": "0", "FR": "0", "ES": "", "IT": "", "NL": "0", "BE": "0", "AT": "0",
    "CH": "0", "IE": "0", "AU": "0", "NZ": "0", "IN": "0", "BR": "0", "MX": "", "PT": "", "SE": "0",
    "DK": "", "NO": "", "FI": "0", "PL": "",
}  # fmt: skip
_DIGIT_GROUPS = regexcache.compile(r"\d+")
_DATE_SHAPE = regexcache.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")


def find_phones(text: str, region: str) -> Iterator[PiiMatch]:
    def plausible(start: int, end: int, raw: str) -> bool:
        """Not an identifier, an amount, a service number or a bare digit run without phone context."""
        if len(_DIGIT_COUNT.findall(raw)) < 7:
            return False  # service numbers ("13 40 50"), pieces of decimals ("13.4050")
        before = text[max(0, start - 24) : start]
        if _IDENTIFIER_CONTEXT.search(before) or _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(text, end):
            return False
        return not raw.isdigit() or _PHONE_CONTEXT.search(text, max(0, start - 40), start) is not None

    if _PHONE_SHAPE not in shape(text, _PHONE_SEPARATORS):
        return
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
        if not any(_worth_reading(text, m, plausible) for m in _PHONE_CANDIDATE.finditer(text, lo, hi)):
            continue  # only dates and bare digit runs: the matcher (~1 ms a line) would find nothing to keep
        # imported here, at the first window worth reading: ~30 ms with its metadata, and most text
        # with digits (years, prices, dates) has no run that could be a phone
        import phonenumbers

        taken: list[tuple[int, int]] = []
        for found_start, found_end, found_raw in _matched(text[lo:hi], region):
            start, end = lo + found_start, lo + found_end
            taken.append((start, end))
            if plausible(start, end, found_raw) and (start, end) not in seen:
                seen.add((start, end))
                yield PiiMatch.of("phone", text, start, end)
        # Other regions read each candidate of the window directly (a matcher costs ~1 ms a region).
        for other in _PHONE_CANDIDATE.finditer(text, lo, hi):
            raw = other.group().strip()
            start = other.start() + other.group().index(raw[0])
            end = start + len(raw)
            if raw.startswith("+") or any(start < b and a < end for a, b in taken):
                continue  # numbers with a country code are read whatever the region
            if (start and text[start - 1].isalnum()) or (end < len(text) and (text[end].isalnum() or text[end] in "-/")):
                continue
            if _DATE_SHAPE.fullmatch(raw) or not plausible(start, end, raw):
                continue
            groups = _DIGIT_GROUPS.findall(raw)
            if len(groups) > 1 and any(r != region and _written_as_in(raw, r) for r in OTHER_REGIONS):
                if (start, end) not in seen:
                    seen.add((start, end))
                    yield PiiMatch.of("phone", text, start, end)


def _worth_reading(text: str, candidate: re.Match[str], plausible) -> bool:  # noqa: ANN001
    """Whether a phone number the detector keeps could lie in `candidate`: not when it is a date, or
    a digit run that `plausible` rejects (no phone context), or too short."""
    raw = candidate.group().strip()
    if len(_DIGIT_COUNT.findall(raw)) < 7 or _DATE_SHAPE.fullmatch(raw):
        return False
    if raw.isdigit():
        start = candidate.start() + candidate.group().index(raw[0])
        return plausible(start, start + len(raw), raw)
    return True


# Both readings below depend only on the text they read and the region: a number repeated through a
# big file (the same hotline in every email, a card or an account number in every footer) is read
# by phonenumbers once, not at every occurrence (a parse costs ~60 µs a region).
@memoised
def _matched(window: str, region: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, raw string) of each number phonenumbers' matcher finds in `window` (VALID leniency)."""
    import phonenumbers

    matcher = phonenumbers.PhoneNumberMatcher(window, region, leniency=phonenumbers.Leniency.VALID)
    return tuple((found.start, found.end, found.raw_string) for found in matcher)


@memoised  # (number, region): short keys, one per region a number is tried in
def _written_as_in(raw: str, region: str) -> bool:
    """`raw` is a valid national number of `region` written as `region` writes them."""
    import phonenumbers

    groups = _DIGIT_GROUPS.findall(raw)
    prefix = OTHER_REGIONS[region]
    trunk = bool(prefix) and groups[0].startswith(prefix)
    if not trunk and len(groups) < 3:
        return False  # "2125 5501": no trunk prefix and too little grouping to tell a region
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number_for_region(number, region):
        return False
    if trunk:
        return True
    national = _DIGIT_GROUPS.findall(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
    return groups == national
