"""Numbers as people say them in meetings: money, percentages, counts, durations, years, ordinals.

`find_quantities` reads digits ("52,000", "€52k", "12,50 €") and words ("fifty-two thousand euros",
"twelve fifty", "three and a half thousand") and says what each number is about (its kind, currency
and unit), so that a caller can tell a budget from "five minutes", "a million tiny buttons" or a
weight. It decides nothing about the brief: which number is the budget is the extractor's call.

Kinds: money, percent, number, ordinal, year, duration, measure, count, and time (a clock time,
"11:25" or "until eleven twenty five", kept apart so that it is never read as a price).
Phone numbers, ids ("040 5550 1234", "bf2025", "Q3") and written dates ("16.11.2026") are not
quantities at all; dates are `mops.brief.dates`'s job.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int  # span in the text: the number, its scale word or suffix, and its currency or unit word when attached
    end: int
    text: str
    value: float  # 52000.0; a percentage as said: "9%" is 9.0
    kind: str  # money | percent | number | ordinal | year | duration | measure | count | time
    currency: str | None = None  # ISO 4217, only when said (a word, a symbol or a code)
    unit: str | None = None  # the noun counted or measured, lowercased: "minutes", "buttons", "kg"
    approximate: bool = False  # "about", "roughly", "maybe", "like", "and change", "or so", "-ish"
    spoken: bool = False  # said in words rather than digits


# -- lexicon ---------------------------------------------------------------------------------------

_ONES = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ORDINAL_ONES = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9}
_ORDINAL_TEENS = {
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}  # fmt: skip
_ORDINAL_TENS = {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90,
}  # fmt: skip
_ORDINAL_SCALES = {"hundredth": 100, "thousandth": 1e3, "millionth": 1e6}
_SMALL = {**_ONES, **_TEENS, **_TENS}
_ORDINALS = {**_ORDINAL_ONES, **_ORDINAL_TEENS, **_ORDINAL_TENS, **_ORDINAL_SCALES}
_NUMBER_WORDS = frozenset(_SMALL) | frozenset(_SCALES) | frozenset(_ORDINALS) | {"hundred"}

# A word that may begin a number: "a" and "an" only before "hundred", "thousand"... (checked when read)
_ANCHOR = re.compile(r"\d|\b(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b")
_ANCHOR_ANY_CASE = re.compile(_ANCHOR.pattern, re.IGNORECASE)

# scale suffixes glued to digits ("52k", "1.5M", "$3m", "2bn") or said after them ("52 K", "1.5 million")
_DIGIT_SUFFIX_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mio": 1e6, "mil": 1e6, "bn": 1e9, "b": 1e9}
_SEPARATE_SCALES = {"k": 1e3, "grand": 1e3, "mil": 1e6, "mio": 1e6, "bn": 1e9, "hundred": 100.0, **_SCALES}

_CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY"}
_CURRENCY_CODES = frozenset("EUR USD GBP CHF SEK NOK DKK PLN CZK CAD AUD JPY".split())
_CURRENCY_WORDS = {
    "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "buck": "USD", "bucks": "USD",
    "quid": "GBP", "sterling": "GBP", "pound": "GBP", "pounds": "GBP",
}  # fmt: skip
_CENT_WORDS = frozenset({"cent", "cents", "pence", "penny"})

_DURATION_UNITS = frozenset(
    "second seconds sec secs minute minutes min mins hour hours hr hrs h day days week weeks wk wks weekend weekends "
    "fortnight fortnights month months year years yr yrs night nights decade decades".split()
)
_MEASURE_UNITS = frozenset(
    "gram grams gramme grammes g kg kgs kilo kilos kilogram kilograms mg tonne tonnes ton tons lb lbs ounce ounces oz "
    "stone metre metres meter meters cm mm km kilometre kilometres kilometer kilometers mile miles inch inches foot "
    "feet ft yard yards litre litres liter liters ml gallon gallons degree degrees gb mb tb kb gigabyte gigabytes "
    "megabyte megabytes pixel pixels px mph watt watts mah".split()
)
_GLUED_UNITS = frozenset("kg kgs g mg lb lbs oz cm mm km ml gb mb tb kb px h hr hrs min mins".split())
_PERCENT_WORDS = frozenset({"percent", "pct", "%"})

# Words before a bare number that make it a sum of money ("production cost is twelve fifty").
_MONEY_CONTEXT = frozenset(
    "price prices priced pricing cost costs costing budget budgets spend spent spending pay paid paying profit profits "
    "revenue revenues margin margins charge charged fee fees sell sells selling sold invoice invoiced turnover".split()
)
# Words that make "pounds" sterling besides those: where things are bought and sold.
_SHOPPING_CONTEXT = frozenset(
    "buy buys bought cheap cheaper expensive afford worth market shop shops store retail wholesale euro euros dollar dollars "
    "eur usd gbp".split()
)
# Nouns counted that do not end in "s".
_IRREGULAR_PLURALS = frozenset("people children men women staff folk".split())
# Words nearby that make "pounds" a weight even where money is discussed.
_WEIGHT_CONTEXT = frozenset(
    "weigh weighs weighed weighing weight weights heavy heavier light lighter kg kilo kilos grams lbs ounces".split()
)
# Words before "nineteen ninety-nine" or "twenty twenty" that make it a price rather than a year.
_PRICE_CONTEXT = frozenset("price prices priced cost costs costing sell sells selling charge pay for at".split())

_APPROX_BEFORE = frozenset(
    "about roughly around approximately approx circa ca maybe perhaps like almost nearly some ballpark estimated".split()
)
_FILLERS = frozenset("um umm uh uhm er erm ah eh what say you know".split())
_TIME_BEFORE = frozenset({"until", "till", "til", "'til", "’til"})
_TIME_AFTER = frozenset({"am", "pm", "o'clock", "o’clock", "oclock"})
_MONTHS_AND_DAYS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun jul "
    "aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday".split()
)
# Words that end the noun phrase after a number: what follows them is not what the number counts.
_STOP_WORDS = frozenset(
    "a an the and or but nor so yet if then than that this these those there here it its it's we we're you you're they "
    "they're i i'm he she him her his them us our your their my me is isn't are aren't was wasn't were be been being "
    "am do does did done don't have has had having will won't would can can't could should may might must shall "
    "of off on in into onto at to too for from by with without about around over under above below up down out "
    "per each every all any some more less most least much many few no not only just also even still again "
    "now today tomorrow yesterday ago later earlier before after since until till while when where why how what which "
    "who whom whose as like um uh er erm ah oh okay ok yes yeah yep no nope right well anyway maybe perhaps probably "
    "actually really quite very pretty rather so-called total overall left back ahead away last next same other another "
    "plus minus versus vs max maximum minimum apiece tops always sometimes towards afterwards besides unless whereas "
    "nevertheless regardless thus less yes has does this his hers ours yours theirs".split()
) | _MONTHS_AND_DAYS

_TOKEN = re.compile(r"(\d+(?:[.,]\d+)*)|([^\W\d_]+(?:['’][^\W\d_]+)*)|(\S)")
_NUM, _WORD, _SYM = 1, 2, 3
_ENGLISH_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_GERMAN_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DECIMAL = re.compile(r"\d+[.,]\d+")

_SEGMENT_BEFORE = 80  # characters of context read before a number (currency, "about", "cost")
_SEGMENT_AFTER = 200  # characters read after it (scale, currency, the noun it counts)


# -- tokens ----------------------------------------------------------------------------------------


class _Tokens:
    """The tokens of `text[lo:hi]` (numbers, words, single symbols), with absolute offsets."""

    __slots__ = ("text", "kind", "raw", "low", "start", "end", "n")

    def __init__(self, text: str, lo: int, hi: int) -> None:
        self.text = text
        kind: list[int] = []
        raw: list[str] = []
        start: list[int] = []
        end: list[int] = []
        for m in _TOKEN.finditer(text, lo, hi):
            kind.append(m.lastindex or _SYM)
            raw.append(m.group())
            start.append(m.start())
            end.append(m.end())
        self.kind, self.raw, self.start, self.end = kind, raw, start, end
        self.low = [r.lower() for r in raw]
        self.n = len(raw)

    def glued(self, i: int) -> bool:
        """Whether token i touches the one before it (no space between)."""
        return i > 0 and self.start[i] == self.end[i - 1]

    def word(self, i: int) -> str:
        """Token i lowercased when it is a word or symbol, '' past the end or for a number."""
        return self.low[i] if 0 <= i < self.n and self.kind[i] != _NUM else ""

    def sentence_end(self, i: int) -> bool:
        return self.kind[i] == _SYM and self.raw[i] in ".?!;"


# -- reading the number itself ---------------------------------------------------------------------


@dataclass(slots=True)
class _Read:
    value: float
    first: int  # token indices, `last` exclusive
    last: int
    spoken: bool
    ordinal: bool = False
    small: bool = False  # a plain 1-99 said in words: half of "twelve fifty" or "twenty twenty-six"
    pair: str | None = None  # "price", "year", "time" when two numbers were read as one
    decimal_raw: str | None = None  # the digits as written ("52.000"), for readings that depend on what follows


def _spoken(t: _Tokens, i: int) -> _Read | None:
    """The longest number said in words from token i: "two hundred and ten thousand", "three point five"."""
    low, n = t.low, t.n
    total, group, last_scale = 0.0, 0.0, math.inf
    state: str | None = None
    best: _Read | None = None
    j = i
    if low[i] in ("a", "an", "half"):
        k = i + 1
        half = low[i] == "half" or (k < n and low[k] == "half")  # "half a million", "a half million"
        if low[i] == "half" and k < n and low[k] in ("a", "an"):
            k += 1
        elif low[i] != "half" and half:
            k += 1
        if k < n and (low[k] == "hundred" or low[k] in _SCALES) and (half or k == i + 1):
            group, state, j = (0.5 if half else 1.0), "a", k
        else:
            return None
    while j < n:
        w = low[j] if t.kind[j] != _NUM else ""
        if w == "-" and state == "tens" and t.glued(j) and j + 1 < n and t.glued(j + 1):
            if low[j + 1] in _ONES or low[j + 1] in _ORDINAL_ONES:  # "fifty-two", "twenty-seventh"
                j += 1
                continue
            break
        if w in _ONES:
            value = _ONES[w]
            if state == "tens" and value:
                group, state = group + value, "tens_ones"
            elif state in (None, "hundred", "scale", "and") and (value or state is None):
                group, state = group + value, "ones"
            else:
                break
        elif w in _TEENS or w in _TENS:
            if state not in (None, "hundred", "scale", "and"):
                break
            group += _SMALL[w]
            state = "teens" if w in _TEENS else "tens"
        elif w == "hundred":
            if state not in ("ones", "teens", "tens", "tens_ones", "a") or group >= 100 or group == 0:
                break
            group, state = group * 100, "hundred"
        elif w in _SCALES:
            scale = _SCALES[w]
            if state not in ("ones", "teens", "tens", "tens_ones", "hundred", "a", "fraction") or scale >= last_scale or group <= 0:
                break
            total, group, last_scale, state = total + group * scale, 0.0, scale, "scale"
        elif w == "and":
            following = t.word(j + 1)
            if state in ("hundred", "scale") and following in _SMALL and following != "zero":
                state, j = "and", j + 1
                continue
            if state in ("ones", "teens", "tens", "tens_ones") and following == "a" and t.word(j + 2) in ("half", "quarter"):
                group += 0.5 if t.word(j + 2) == "half" else 0.25
                state, j = "fraction", j + 3
                best = _Read(total + group, i, j, True)
                continue
            break
        elif w == "point" and state in ("ones", "teens", "tens", "tens_ones"):
            digits, k = _decimal_digits(t, j + 1)
            if not digits:
                break
            group += float("0." + digits)
            state, j = "fraction", k
            best = _Read(total + group, i, j, True)
            continue
        elif w in _ORDINALS:
            value = _ORDINALS[w]
            if w in _ORDINAL_ONES and state == "tens":
                group += value
            elif w in _ORDINAL_SCALES and w == "hundredth" and state in ("ones", "teens", "tens", "tens_ones", "a") and group < 100:
                group *= 100
            elif w in _ORDINAL_SCALES and w != "hundredth" and state in ("ones", "teens", "tens", "tens_ones", "hundred", "a"):
                total, group = total + group * value, 0.0
            elif w not in _ORDINAL_SCALES and state in (None, "hundred", "scale", "and"):
                group += value
            else:
                break
            return _Read(total + group, i, j + 1, True, ordinal=True)
        else:
            break
        j += 1
        best = _Read(total + group, i, j, True, small=state in ("ones", "teens", "tens", "tens_ones") and total == 0 and group < 100)
    return best


def _decimal_digits(t: _Tokens, j: int) -> tuple[str, int]:
    """The digits said after "point": "five" -> "5", "one four" -> "14", "twenty five" -> "25"."""
    digits = ""
    while t.word(j) in _ONES or (t.word(j) == "oh" and digits):
        digits += str(_ONES.get(t.word(j), 0))
        j += 1
    if not digits and j < t.n and (t.word(j) in _TEENS or t.word(j) in _TENS):
        value = _SMALL[t.word(j)]
        j += 1
        if value >= 20 and t.word(j) in _ONES and _ONES[t.word(j)]:
            value += _ONES[t.word(j)]
            j += 1
        elif value >= 20 and t.word(j) == "-" and t.word(j + 1) in _ONES:
            value += _ONES[t.word(j + 1)]
            j += 2
        digits = str(value)
    return digits, j


def _written(t: _Tokens, i: int) -> _Read | None:
    """A number written in digits: "52,000", "1,500.50", "5.5", "12,50", "52.000" (German when € follows)."""
    raw = t.raw[i]
    if raw.isdigit():
        return _Read(float(raw), i, i + 1, False)
    if _ENGLISH_THOUSANDS.fullmatch(raw):
        return _Read(float(raw.replace(",", "")), i, i + 1, False)
    # "64.000" and "1.500": a dot before exactly three digits groups thousands (German and Dutch
    # writing); a decimal fraction of three digits ("2.000" meaning two) is not how people write
    if _GERMAN_THOUSANDS.fullmatch(raw) and not raw.startswith("0"):
        return _Read(float(raw.replace(".", "").replace(",", ".")), i, i + 1, False)
    if _DECIMAL.fullmatch(raw):
        return _Read(float(raw.replace(",", ".")), i, i + 1, False, decimal_raw=raw)
    return None  # "16.11.2026", "1.2.3": a date or a version, not a quantity


def _skip_identifier(t: _Tokens, i: int) -> int | None:
    """Where a phone number, id or date written in digits starting at token i ends; None when it is not one.

    "040 5550 1234", "+49 40 555", "0170-5550123", "555 123 4567", "2026-11-16", "16/11/2026", "24/7",
    "Q3", "bf2025", "2026-q4", "COVID-19", "#123", and a plain run of eight digits or more.
    """
    text = t.text
    groups, joiners, j = [t.raw[i]], [], i + 1
    while j < t.n:  # digit groups separated by a space or glued by - / ( )
        if t.kind[j] == _NUM and not t.glued(j):
            joiners.append(" ")
        elif t.kind[j] == _SYM and t.raw[j] in "-/()" and t.glued(j) and j + 1 < t.n and t.kind[j + 1] == _NUM and t.glued(j + 1):
            joiners.append(t.raw[j])
            j += 1
        else:
            break
        groups.append(t.raw[j])
        j += 1
    start, end = t.start[i], t.end[j - 1]
    before = text[start - 1] if start > 0 else " "
    before2 = text[start - 2] if start > 1 else " "
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    first = groups[0]
    digits = sum(c.isdigit() for g in groups for c in g)
    if before.isalpha() or before in "_#+@" or (before == "-" and before2.isalpha()) or before == "/" and before2.isdigit():
        return j  # "Q3", "bf2025", "#123", "+49", "COVID-19"
    if after.isalpha() and not _suffix_allowed(t, j):
        return j  # "3D", "5G": a name
    if after in "_@" or (after == "-" and after2.isalpha() and t.word(j + 1) not in _DURATION_UNITS | _MEASURE_UNITS):
        return j  # "2026-q4_black-friday"
    if "/" in joiners or joiners.count("-") >= 2:
        return j  # a written date or a fraction: "2026-11-16", "16/11/2026", "24/7"
    if len(first) > 1 and first[0] == "0" and first[1].isdigit():
        return j  # "040 5550 1234", "0170-5550123", "007": numbers that start with 0 are ids and phones
    if len(groups) >= 3 and digits >= 7:
        return j  # "555 123 4567"
    if "-" in joiners and digits >= 7 and not all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return j  # "555-0134", but not "2025-2026"
    if len(groups) == 1 and first.isdigit() and len(first) >= 8 and not _currency_near(t, i):
        return j  # "20261116", "4006381333931": an id
    return None


def _suffix_allowed(t: _Tokens, j: int) -> bool:
    """Letters glued after digits that still make a quantity: 52k, 16th, 5kg, 10am, 4x."""
    w = t.word(j)
    return w in _DIGIT_SUFFIX_SCALES or w in ("st", "nd", "rd", "th", "x", "am", "pm") or w in _GLUED_UNITS or w in _CURRENCY_WORDS


def _currency_near(t: _Tokens, i: int) -> bool:
    if _currency_before(t, i)[0] is not None:
        return True
    return i + 1 < t.n and (t.raw[i + 1] in _CURRENCY_SYMBOLS or t.raw[i + 1].upper() in _CURRENCY_CODES)


def _currency_before(t: _Tokens, i: int) -> tuple[str | None, int]:
    """The currency written before token i ("€52", "EUR 52,000", "$3m") and where it starts."""
    k = i - 1
    if k >= 0 and t.raw[k] in _CURRENCY_SYMBOLS:
        if k - 1 >= 0 and t.glued(k) and t.raw[k - 1] == "US":
            return "USD", k - 1
        return _CURRENCY_SYMBOLS[t.raw[k]], k
    if k >= 0 and t.raw[k] in _CURRENCY_CODES:
        return t.raw[k], k
    return None, i


# -- what the number is about ----------------------------------------------------------------------


def _context_words(t: _Tokens, first: int, before: int, after: int = 0) -> set[str]:
    """Words up to `before` tokens before `first` (and `after` tokens after it), within the sentence."""
    words: set[str] = set()
    k = first - 1
    while k >= 0 and first - k <= before and not t.sentence_end(k):
        words.add(t.low[k].removesuffix("'s").removesuffix("’s"))
        k -= 1
    k = first
    while k < t.n and k - first < after and not t.sentence_end(k):
        words.add(t.low[k])
        k += 1
    return words


def _is_number_start(t: _Tokens, k: int) -> bool:
    return 0 <= k < t.n and (t.kind[k] == _NUM or t.low[k] in _SMALL)


def _pair(t: _Tokens, a: _Read) -> _Read:
    """Two numbers said as one: "twelve fifty" (12.50), "nine ninety-nine", "twenty twenty-six" (2026), "two-ten" (210)."""
    if not a.small or a.last >= t.n:
        return a
    hyphen = t.word(a.last) == "-" and t.glued(a.last) and a.last + 1 < t.n and t.glued(a.last + 1)
    k = a.last + 1 if hyphen else a.last
    if k >= t.n or t.word(k) not in _TEENS and t.word(k) not in _TENS:
        return a
    b = _spoken(t, k)
    if b is None or not b.small or b.value < 10 or b.ordinal:
        return a
    if _is_number_start(t, b.last) or t.word(b.last) in _SEPARATE_SCALES or _is_number_start(t, a.first - 1):
        return a  # a list ("sixteen seventeen eighteen") or a scale that belongs to the second number
    if hyphen:
        if 1 <= a.value <= 9:  # "two-ten" for 210
            return _Read(a.value * 100 + b.value, a.first, b.last, True)
        if a.value in (19, 20):
            return _Read(a.value * 100 + b.value, a.first, b.last, True, pair="year")
        return a
    if _unit_after(t, b.last)[0] is not None and _currency_after(t, b.last)[0] is None:
        return a  # "thirty forty people": two counts, not a price
    before = _context_words(t, a.first, 3)
    currency_next = _currency_after(t, b.last)[0] is not None or _currency_before(t, a.first)[0] is not None
    if before & _TIME_BEFORE or t.word(b.last) in _TIME_AFTER:
        if a.value <= 24 and b.value < 60:
            return _Read(a.value + b.value / 60, a.first, b.last, True, pair="time")
        return a
    if a.value in (19, 20) and not currency_next and not before & _PRICE_CONTEXT:
        return _Read(a.value * 100 + b.value, a.first, b.last, True, pair="year")
    return _Read(a.value + b.value / 100, a.first, b.last, True, pair="price")


def _currency_after(t: _Tokens, j: int) -> tuple[str | None, int]:
    """The currency said or written right after token j-1 ("euros", "€", "EUR"), and the token after it."""
    if j >= t.n:
        return None, j
    raw, low = t.raw[j], t.low[j]
    if raw in _CURRENCY_SYMBOLS:
        return _CURRENCY_SYMBOLS[raw], j + 1
    if raw in _CURRENCY_CODES:
        return raw, j + 1
    if low in ("us", "american") and t.word(j + 1) in ("dollar", "dollars"):
        return "USD", j + 2
    if low in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[low], j + 1
    return None, j


def _pounds_are_money(t: _Tokens, read: _Read, j: int) -> bool:
    """"pounds" is sterling when money is discussed nearby or it is written as a currency ("Pounds");
    otherwise it is a weight: a missed price becomes an open question, a weight read as a budget does harm."""
    near = _context_words(t, read.first, 10, read.last - read.first + 6)
    if near & _WEIGHT_CONTEXT:
        return False
    return bool(near & _MONEY_CONTEXT or near & _SHOPPING_CONTEXT or t.raw[j][0].isupper())


def _unit_after(t: _Tokens, j: int, *, ordinal: bool = False) -> tuple[str | None, int]:
    """The noun a number counts or measures, and the end of that noun when it follows the number directly.

    An adjective may stand between ("a million tiny little buttons", "ninety-one thousand opted-in
    newsletter subscribers"); the noun is a known unit or the first plural in the next four words.
    After an ordinal only the next word counts ("first draft", "second email").
    """
    first = j
    if t.word(j) == "-" and t.glued(j) and j + 1 < t.n and t.glued(j + 1) and t.kind[j + 1] == _WORD:
        first = j + 1  # "two-week", "five-minute"
        if t.low[first] in ("second", "seconds"):
            return "seconds", first + 1  # "a fifteen-second spot": a length, not the ordinal "second"
    k, seen = first, 0
    while k < t.n and seen < 4:
        if t.kind[k] != _WORD or (k > first and t.glued(k)):
            return None, j
        word, end = t.low[k], k + 1
        while end + 1 < t.n and t.raw[end] == "-" and t.glued(end) and t.glued(end + 1) and t.kind[end + 1] == _WORD:
            word, end = word + "-" + t.low[end + 1], end + 2  # "opted-in" stays one word
        if word in _STOP_WORDS or word in _NUMBER_WORDS or word in _CURRENCY_WORDS or word in _PERCENT_WORDS:
            return None, j
        adjacent = k == first
        if word in _DURATION_UNITS or word in _MEASURE_UNITS:
            return word, end if adjacent else j
        if ordinal:
            return word, end
        if word in _IRREGULAR_PLURALS or len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s")):
            return word, end if adjacent else j
        k, seen = end, seen + 1
    return None, j


def _approximate_before(t: _Tokens, first: int) -> bool:
    k = first - 1
    skipped = 0
    while k >= 0 and skipped < 4 and (t.raw[k] in ",…" or t.low[k] in _FILLERS):
        k, skipped = k - 1, skipped + 1
    return k >= 0 and t.low[k] in _APPROX_BEFORE


def _approximate_after(t: _Tokens, j: int) -> tuple[bool, int]:
    """ "or so", "and change", "or something", "give or take", "odd", "-ish": approximate; the end of a glued "-ish"."""
    w1, w2 = t.word(j), t.word(j + 1)
    if w1 == "-" and w2 in ("ish", "odd") and t.glued(j):
        return True, j + 2
    if w1 in ("ish", "odd") or (w1, w2) in {("or", "so"), ("and", "change"), ("or", "something"), ("give", "or"), ("or", "thereabouts")}:
        return True, j
    return False, j


@dataclass(slots=True)
class _Found:
    quantity: Quantity | None
    next_token: int


def _read_at(t: _Tokens, i: int, floor: int) -> _Found:
    """The quantity starting at token i, or None (and where to look next); nothing before `floor`
    (the end of the previous quantity) is taken into it."""
    skip = _skip_identifier(t, i) if t.kind[i] == _NUM else None
    if skip is not None:
        return _Found(None, skip)
    read = _written(t, i) if t.kind[i] == _NUM else _spoken(t, i)
    if read is None:
        return _Found(None, i + 1)
    if read.spoken and not read.ordinal:
        read = _pair(t, read)
    if read.ordinal and read.first > 0 and t.low[read.first - 1] in ("a", "an", "one") and t.word(read.last) == "of":
        return _Found(None, read.last)  # "a third of the budget": a fraction, not a rank
    text = t.text
    value, j = read.value, read.last
    kind: str | None = "time" if read.pair == "time" else ("year" if read.pair == "year" else None)
    currency, start = _currency_before(t, read.first)
    if t.start[start] < floor:  # "213€ €7": the € belongs to the amount before
        currency, start = None, read.first
    unit: str | None = None
    end = t.end[j - 1]
    money_idiom = False
    scaled = False

    if not read.spoken and kind is None:
        w = t.word(j) if j < t.n and t.glued(j) else ""
        if w in _DIGIT_SUFFIX_SCALES:
            value, j, scaled = value * _DIGIT_SUFFIX_SCALES[w], j + 1, True
        elif w in ("st", "nd", "rd", "th") and value == int(value):
            kind, j = "ordinal", j + 1
        elif w in ("am", "pm"):
            kind, j = "time", j + 1
        elif w == "x":
            unit, j = "x", j + 1
        elif w in _GLUED_UNITS:
            unit, j = w, j + 1
            kind = "duration" if w in _DURATION_UNITS else "measure"
        elif w == ":" and j + 1 < t.n and t.glued(j + 1) and t.kind[j + 1] == _NUM and len(t.raw[j + 1]) == 2:
            minutes = int(t.raw[j + 1])
            value, kind, j = value + minutes / 60, "time", j + 2
            if t.word(j) in ("am", "pm") and t.glued(j):
                j += 1
        elif w == "-" and t.word(j + 1) in _DURATION_UNITS | _MEASURE_UNITS and t.glued(j + 1):
            unit, j = t.low[j + 1], j + 2  # "24-hour", "5-kilo"
            kind = "duration" if unit in _DURATION_UNITS else "measure"
        if read.decimal_raw and re.fullmatch(r"\d{1,3}\.\d{3}", read.decimal_raw) and not scaled:
            following = _currency_after(t, j)[0]
            if following == "EUR" and t.word(j) in ("€", "eur", "euro", "euros"):
                value = float(read.decimal_raw.replace(".", ""))  # German thousands: "52.000 €"
    if kind is None and t.word(j) in _SEPARATE_SCALES and not scaled:
        word = t.word(j)
        if word == "hundred" and not read.spoken:
            value, j = value * 100, j + 1
        elif word != "hundred":
            value, j = value * _SEPARATE_SCALES[word], j + 1
            money_idiom = word == "grand"
    if kind is None or kind == "year":
        found, after_currency = _currency_after(t, j)
        if found is not None and t.low[j] in ("pound", "pounds") and not _pounds_are_money(t, read, j):
            unit, j, kind = t.low[j], j + 1, "measure"
        elif found is not None:
            if currency is None:
                currency = found
            j = after_currency
            kind = "money"
            cents = _cents_after_currency(t, j, value, t.kind[j - 1] == _WORD)
            if cents is not None:
                value, j = value + cents[0], cents[1]
        elif t.word(j) in _CENT_WORDS and value < 100:
            value, j, kind = value / 100, j + 1, "money"
            currency = "GBP" if t.low[j - 1] in ("pence", "penny") else currency
        elif t.word(j) in ("%", "percent", "pct") or (t.word(j) == "per" and t.word(j + 1) == "cent"):
            kind, j = "percent", j + (2 if t.word(j) == "per" else 1)
        elif currency is not None:
            kind = "money"
    if kind is None and t.word(j) in _TIME_AFTER:
        kind, j = "time", j + 1
    if kind is None and read.ordinal:
        kind = "ordinal"
    if kind == "ordinal":
        unit, unit_end = _unit_after(t, j, ordinal=True)
    elif kind is None:
        unit, unit_end = _unit_after(t, j)
        if unit is not None:
            kind = "duration" if unit in _DURATION_UNITS else "measure" if unit in _MEASURE_UNITS else "count"
            j = unit_end
    approximate_after, j = _approximate_after(t, j)
    and_change = t.word(j) == "and" and t.word(j + 1) == "change"  # "thirty-nine and change": about 39
    money_idiom = money_idiom or and_change
    end = t.end[j - 1]
    if kind is None:
        if money_idiom or (read.pair != "year" and _context_words(t, read.first, 6) & _MONEY_CONTEXT and not _is_year(read, t)):
            kind = "money"
        elif _is_year(read, t) or read.pair == "year":
            kind = "year"
        else:
            kind = "number"
    if read.spoken and value == 1 and t.low[read.first] == "one" and not currency and kind not in _KINDS_ONE_MAY_BE:
        return _Found(None, read.last)  # "one thing", "one of us": a word, not a quantity
    if kind == "money" and currency is None and read.pair == "year":
        kind = "year"
    return _Found(
        Quantity(
            start=t.start[start],
            end=end,
            text=text[t.start[start] : end],
            value=value,
            kind=kind,
            currency=currency if kind == "money" else None,
            unit=unit,
            approximate=approximate_after or _approximate_before(t, start) or and_change,  # "fifteen grand" is exact
            spoken=read.spoken,
        ),
        j,
    )


_KINDS_ONE_MAY_BE = ("percent", "duration", "measure", "time")  # "one percent", "one day"; not "one thing"


def _is_year(read: _Read, t: _Tokens) -> bool:
    raw = t.raw[read.first]
    return not read.spoken and read.last - read.first == 1 and len(raw) == 4 and raw.isdigit() and 1990 <= read.value <= 2100


def _cents_after_currency(t: _Tokens, j: int, whole: float, said_as_word: bool) -> tuple[float, int] | None:
    """ "twelve Euros fifty": the cents said after the currency word."""
    if not said_as_word or whole != int(whole) or whole >= 1000 or j >= t.n:
        return None
    if t.kind[j] == _NUM:
        cents = _written(t, j) if _skip_identifier(t, j) is None and t.raw[j].isdigit() and len(t.raw[j]) <= 2 else None
    elif t.low[j] in _SMALL:
        cents = _spoken(t, j)
    else:
        return None
    if cents is None or cents.ordinal or not 1 <= cents.value <= 99 or cents.value != int(cents.value):
        return None
    after = cents.last
    if _is_number_start(t, after) or t.word(after) in _SEPARATE_SCALES or t.word(after) in _CENT_WORDS or _unit_after(t, after)[0]:
        return None
    if after < t.n and t.kind[after] == _WORD and t.low[after] not in _STOP_WORDS:
        return None
    return cents.value / 100, after


# -- public ----------------------------------------------------------------------------------------


def find_quantities(text: str) -> list[Quantity]:
    """Every number said or written in `text`, sorted by position, never overlapping.

    Each says what it is about: money (with its currency when said), a percentage, a duration, a
    measure, a count of things, a year, an ordinal, a clock time, or a bare number a caller must judge.
    """
    lowered = text.lower()
    anchors = _ANCHOR.finditer(lowered) if len(lowered) == len(text) else _ANCHOR_ANY_CASE.finditer(text)
    quantities: list[Quantity] = []
    done = 0  # text before this offset has been read
    segment: _Tokens | None = None
    for anchor in anchors:
        position = anchor.start()
        if position < done:
            continue
        if segment is None or position + 60 > (segment.end[-1] if segment.n else 0) or position < segment.start[0]:
            segment = _segment(text, position, done)
        i = _token_at(segment, position)
        if i is None:
            continue
        found = _read_at(segment, i, done)
        if found.quantity is not None:
            quantities.append(found.quantity)
        done = segment.end[found.next_token - 1] if found.next_token > i else segment.end[i]
    return quantities


def _segment(text: str, position: int, done: int) -> _Tokens:
    lo = max(0, position - _SEGMENT_BEFORE)
    while lo > 0 and not text[lo - 1].isspace() and lo < position:
        lo += 1  # start at a word's beginning, never inside one
    hi = min(len(text), position + _SEGMENT_AFTER)
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return _Tokens(text, lo, hi)


def _token_at(t: _Tokens, position: int) -> int | None:
    import bisect

    i = bisect.bisect_right(t.start, position) - 1
    if i < 0 or t.start[i] != position:
        return None  # inside a word ("someone", "often"): not a number
    if t.kind[i] == _WORD and t.low[i] not in _NUMBER_WORDS:
        return None
    if t.kind[i] == _WORD and i > 0 and t.low[i - 1] in ("a", "an", "half") and (t.low[i] == "hundred" or t.low[i] in _SCALES):
        if i > 1 and t.low[i - 2] == "half" and t.low[i - 1] in ("a", "an"):
            return i - 2  # "half a million"
        if i > 1 and t.low[i - 2] in ("a", "an") and t.low[i - 1] == "half":
            return i - 2  # "a half million"
        return i - 1  # "a million", "a hundred", "half million"
    return i


def words_to_number(phrase: str) -> float | None:
    """The number a phrase says, or None when the phrase is not (only) a number.

    "fifty-two thousand" -> 52000, "twenty six k" -> 26000, "three and a half" -> 3.5, "twelve fifty" -> 12.5, "twenty
    twenty-six" -> 2026, "sixteenth" -> 16, "a hundred" -> 100, "one" -> 1, "52" -> 52. A phrase
    with anything else in it ("fifty euros", "five minutes") gives None.
    """
    stripped = phrase.strip()
    if not stripped:
        return None
    t = _Tokens(stripped, 0, len(stripped))
    if t.kind[0] == _NUM:
        read = _written(t, 0)
        if read is None:
            return None
        if read.last < t.n and t.glued(read.last) and t.low[read.last] in ("st", "nd", "rd", "th"):
            read.last += 1
    else:
        read = _spoken(t, 0)
        if read is not None and not read.ordinal:
            read = _pair(t, read)
    if read is None:
        return None
    if read.last == t.n - 1 and t.low[read.last] == "k" and not read.ordinal:
        return read.value * 1000  # "twenty six k"
    return read.value if read.last == t.n else None
