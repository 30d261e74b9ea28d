"""Dates as people say them in a kickoff, resolved against the meeting's date.

"Monday the sixteenth", "Tuesday December first", "the 16th of November", "2026-11-16",
"16.11.2026", "end of Q3", "mid-August", "in six weeks", "next Monday", "by Friday", "Black
Friday", "the Monday before Black Friday", "the twenty-third"... A date said without a year is the
next one on or after the meeting (a kickoff plans forward). Durations alone ("six weeks"), ordinals
that count things ("the first weekend", "a second email") and campaign ids ("2026-q4_black-friday")
are not dates.

Written by hand rather than with `dateparser`, which costs ~0.3 s to import, reads "the first
weekend" as a date, and knows neither fiscal quarters nor Black Friday.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import NamedTuple

from mops.brief.numbers import find_quantities, words_to_number
from mops.errors import ConfigError


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    date: dt.date  # the day meant, or the first day of the period
    last: dt.date | None = None  # last day when the mention is a period (a week, a month, a quarter, a year)
    precision: str = "day"  # day | week | month | quarter | year | approx
    relative: bool = False  # resolved from the meeting date ("in six weeks", "next Monday", "Friday")
    weekday_mismatch: bool = False  # a weekday was said that does not match the resolved date
    month_assumed: bool = False  # only a day was said ("the twenty-third"): its month was inferred


# -- vocabulary ------------------------------------------------------------------------------------

_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
            ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
# "may", "march" and "august" are also ordinary words: only their capitalised form is a month.
_MONTH = (
    r"(?:[Jj]anuary|[Ff]ebruary|March|[Aa]pril|May|[Jj]une|[Jj]uly|August|[Ss]eptember|[Oo]ctober|[Nn]ovember|[Dd]ecember|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_WEEKDAY_NUMBERS = {
    name: number
    for number, names in enumerate(
        (("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
         ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"))
    )
    for name in names
}  # fmt: skip
_WEEKDAY = r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_WEEKDAY_ANY = r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs|thur|mon|tue|wed|thu|fri|sat|sun)"
_ORDINAL_ONES = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_ORDINAL_WORD = (
    r"(?i:(?:twenty|thirty)[- ]?(?:" + _ORDINAL_ONES + r")|" + _ORDINAL_ONES + r"|tenth|eleventh|twelfth|thirteenth|"
    r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)"
)
_CARDINAL_WORD = (
    r"(?i:(?:twenty|thirty)[- ]?(?:one|two|three|four|five|six|seven|eight|nine)|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty)"
)
_DAY_DIGITS = r"(?<![\d.,:/-])\d{1,2}(?:st|nd|rd|th)?(?![\d:/])"
_ORDINAL_DAY = r"(?:(?<![\d.,:/-])\d{1,2}(?:st|nd|rd|th)(?!\d)|" + _ORDINAL_WORD + r")"
_YEAR_AFTER = r"(?:,?\s+(?P<year>(?:19|20)\d\d)(?![\d/.-]\d))?"

# What may follow "the twenty-third" for it to be a day: the end, a pause, or one of these words. Any
# other word is taken for the noun the ordinal counts ("the first weekend", "the first animal",
# "the second email"), which makes it a rank, not a day.
_DAY_MAY_PRECEDE = frozenset(
    "to till until through thru and or for at in on is was will would should could can then so but because if when "
    "please right yes yeah okay ok this next that which we i you they it he she as instead already too either latest "
    "works work fine by before after with since maybe probably or um uh er latest anyway then now".split()
)
_WORD_AFTER = re.compile(r"\s*([^\W\d_]+(?:['’][^\W\d_]+)?)")
_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|through|thru|and|-|–|—)\s*(?:the\s+)?$", re.IGNORECASE)
# After "November twenty seven" (a cardinal said as a day) only an end, a pause or a joining word may come.
_CARDINAL_DAY_END = re.compile(
    r"(?:\s*$|\s*[.,;:!?)\-–—]"
    r"|\s+(?:to|and|or|through|until|till|at|is|was|for|we|i|then|so|but|please|right|yes|okay|ok|this|next)\b)",
    re.IGNORECASE,
)
_CONTEXT_MONTH_REACH = 100  # characters back a day-only mention looks for the month just named
_PREPOSITION_BEFORE = re.compile(
    r"(?:\b(?:in|by|until|till|from|through|since|during|for|before|after|throughout|of|early|late|mid|end|"
    r"start|beginning|around|about|this|next|last|all|whole)\s+|mid-)$",
    re.IGNORECASE,
)


# -- calendar arithmetic ---------------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_LOOK_AHEAD_DAYS = 335  # a kickoff plans up to ~11 months ahead; a day further off was in the last month


def _next_occurrence(month: int, day: int, ref: dt.date) -> dt.date | None:
    """The (month, day) meant: the next one on or after `ref`, unless that is more than ~11 months
    ahead and the day passed within the last month ("from November first", said on 25 November).
    None when no year has it (30 February)."""
    for year in range(ref.year, ref.year + 9):
        found = _safe_date(year, month, day)
        if found is not None and found >= ref:
            recent = _safe_date(found.year - 1, month, day)
            if (found - ref).days > _LOOK_AHEAD_DAYS and recent is not None:
                return recent
            return found
    return None


def _next_day_of_month(day: int, ref: dt.date) -> dt.date | None:
    for k in range(13):
        first = _add_months(ref.replace(day=1), k)
        found = _safe_date(first.year, first.month, day)
        if found is not None and found >= ref:
            return found
    return None


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based; -1 for the last) given weekday of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = _month_end(year, month)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _black_friday(year: int) -> dt.date:
    return _nth_weekday(year, 11, 3, 4) + dt.timedelta(days=1)  # the day after the fourth Thursday of November


_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "black friday": _black_friday,
    "cyber monday": lambda y: _black_friday(y) + dt.timedelta(days=3),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "christmas": lambda y: dt.date(y, 12, 25),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "xmas": lambda y: dt.date(y, 12, 25),
    "boxing day": lambda y: dt.date(y, 12, 26),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "new years eve": lambda y: dt.date(y, 12, 31),
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new years day": lambda y: dt.date(y, 1, 1),
    "new year's": lambda y: dt.date(y, 1, 1),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "valentines day": lambda y: dt.date(y, 2, 14),
    "valentine's": lambda y: dt.date(y, 2, 14),
    "halloween": lambda y: dt.date(y, 10, 31),
    "singles' day": lambda y: dt.date(y, 11, 11),
    "singles day": lambda y: dt.date(y, 11, 11),
    "easter": _easter,
    "easter sunday": _easter,
    "easter monday": lambda y: _easter(y) + dt.timedelta(days=1),
    "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
}


@functools.lru_cache(maxsize=8)
def _fiscal_start(value: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{2})-(\d{2})", value.strip())
    if match is None or _safe_date(2000, int(match.group(1)), int(match.group(2))) is None:
        raise ConfigError(
            f"fiscal_year_start {value!r} is not a month and day as MM-DD",
            field="fiscal_year_start",
            hint="write it as MM-DD, e.g. 04-01 for a fiscal year starting on 1 April",
        )
    return int(match.group(1)), int(match.group(2))


def _quarter(q: int, *, ref: dt.date, fiscal: tuple[int, int], year: int | None) -> tuple[dt.date, dt.date]:
    """First and last day of quarter `q`: the current or next one, or the one of `year`.

    A fiscal year is named by the calendar year it ends in (FY2027 starting 1 April 2026 ends in
    March 2027); with the default start of 01-01 fiscal and calendar quarters are the same.
    """
    month, day = fiscal

    def bounds(fiscal_year_start: int) -> tuple[dt.date, dt.date]:
        first = _add_months(dt.date(fiscal_year_start, month, day), 3 * (q - 1))
        return first, _add_months(first, 3) - dt.timedelta(days=1)

    if year is not None:
        return bounds(year if (month, day) == (1, 1) else year - 1)
    for start_year in range(ref.year - 1, ref.year + 2):
        first, last = bounds(start_year)
        if last >= ref:
            return first, last
    return bounds(ref.year + 1)


# -- patterns --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    mention: DateMention
    named: bool = False  # a month, a holiday or a full date was said: a day-only mention nearby may take its month
    day_only: int | None = None  # the day of a mention that said only a day ("the twenty-third")
    weekday: int | None = None  # the weekday said with a day-only mention ("Monday the sixteenth")


class _Context:
    __slots__ = ("text", "ref", "fiscal", "month_hint")

    def __init__(self, text: str, ref: dt.date, fiscal: tuple[int, int], month_hint: int | None) -> None:
        self.text, self.ref, self.fiscal, self.month_hint = text, ref, fiscal, month_hint

    def mention(self, start: int, end: int, date: dt.date, **fields: object) -> DateMention:
        return DateMention(start=start, end=end, text=self.text[start:end], date=date, **fields)  # type: ignore[arg-type]


def _day_value(said: str) -> int | None:
    """1-31 from "16", "16th", "sixteenth", "twenty-seventh", "twenty seven"; None otherwise."""
    digits = re.match(r"\d+", said)
    value = int(digits.group()) if digits else words_to_number(said)
    if value is None or value != int(value) or not 1 <= value <= 31:
        return None
    return int(value)


def _month_value(said: str) -> int:
    return _MONTH_NUMBERS[said.rstrip(".").lower()]


def _spoken_year_after(ctx: _Context, end: int) -> tuple[int, int] | None:
    """A year said in words right after `end` ("November twenty twenty-six"): (year, its end)."""
    following = ctx.text[end : end + 40]
    gap = len(following) - len(following.lstrip(" ,"))
    if not 0 < gap <= 2:
        return None
    quantities = find_quantities(following)
    if quantities and quantities[0].start == gap and quantities[0].kind == "year":
        return int(quantities[0].value), end + quantities[0].end
    return None


def _with_weekday(ctx: _Context, start: int, end: int, month: int, day: int, year: int | None, weekday: str | None) -> DateMention | None:
    """A month and a day (and maybe a year and a weekday) as a mention.

    Without a year, the next occurrence on or after the meeting; a weekday said with it picks the
    year where it matches when that is within reach (up to ~13 months ahead or 6 months back),
    otherwise the next occurrence stands and the mismatch is flagged.
    """
    if year is not None:
        date = _safe_date(year, month, day) if 1 <= month <= 12 else None
        if date is None:
            return None
        mismatch = weekday is not None and date.weekday() != _WEEKDAY_NUMBERS[weekday.lower()]
        return ctx.mention(start, end, date, weekday_mismatch=mismatch)
    date = _next_occurrence(month, day, ctx.ref)
    if date is None:
        return None
    if weekday is None:
        return ctx.mention(start, end, date)
    wanted = _WEEKDAY_NUMBERS[weekday.lower()]
    if date.weekday() == wanted:
        return ctx.mention(start, end, date)
    for year in (date.year + 1, date.year - 1):
        other = _safe_date(year, month, day)
        if other is not None and other.weekday() == wanted and -183 <= (other - ctx.ref).days <= 400:
            return ctx.mention(start, end, other)
    return ctx.mention(start, end, date, weekday_mismatch=True)


def _iso(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    mention = _with_weekday(ctx, m.start(), m.end(), int(m["m"]), int(m["d"]), int(m["y"]), m["weekday"])
    return _Candidate(mention, named=True) if mention else None


def _numeric(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """16.11.2026, 16/11/2026, 11/16/2026: day first unless the first number cannot be a month's day-first reading."""
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if year < 100:
        year += 2000
    day, month = (a, b) if b <= 12 else (b, a)
    mention = _with_weekday(ctx, m.start(), m.end(), month, day, year, m["weekday"])
    return _Candidate(mention, named=True) if mention else None


def _day_month(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "27 November", "27. November", "Sixteenth of November", "the 16th of November 2026"."""
    day = _day_value(m["day"])
    if day is None:
        return None
    end, year = m.end(), int(m["year"]) if m["year"] else None
    if year is None and (spoken := _spoken_year_after(ctx, end)):
        year, end = spoken
    mention = _with_weekday(ctx, m.start(), end, _month_value(m["month"]), day, year, m["weekday"])
    return _Candidate(mention, named=True) if mention else None


def _month_day(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "November 27", "Nov 27th", "October twentieth", "Tuesday December first", "December the first"."""
    said_day, month_word = m["day"], m["month"]
    if not said_day[0].isdigit() and not re.search(r"(?:st|nd|rd|th)$", said_day, re.IGNORECASE):
        # a cardinal after the month: "November twenty seven", unless the month is a verb ("May two...")
        # or the words are a year ("November twenty twenty-six")
        if month_word in ("May", "March", "August") and m["weekday"] is None:
            return None
        spoken = _spoken_year_after(ctx, m.start("day") - 1)
        if spoken is not None:
            return _month_only(ctx, m.start("month"), spoken[1], _month_value(month_word), spoken[0])
        if said_day.lower() == "one" or not _CARDINAL_DAY_END.match(ctx.text, m.end("day")):
            return None  # "in December one of us", "November five people": a count, not a day
    day = _day_value(said_day)
    if day is None:
        return None
    end, year = m.end(), int(m["year"]) if m["year"] else None
    if year is None and (spoken := _spoken_year_after(ctx, end)):
        year, end = spoken
    mention = _with_weekday(ctx, m.start(), end, _month_value(month_word), day, year, m["weekday"])
    return _Candidate(mention, named=True) if mention else None


def _month_only(ctx: _Context, start: int, end: int, month: int, year: int | None) -> _Candidate | None:
    if year is None:
        year = ctx.ref.year if _month_end(ctx.ref.year, month) >= ctx.ref else ctx.ref.year + 1
    first = dt.date(year, month, 1)
    return _Candidate(ctx.mention(start, end, first, last=_month_end(year, month), precision="month"), named=True)


def _month_alone(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "in November", "November 2026", "by March": a month is a period."""
    word = m["month"]
    before = ctx.text[max(0, m.start() - 20) : m.start()]
    if word.rstrip(".") in ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"):
        if not m["year"] and not _PREPOSITION_BEFORE.search(before):
            return None  # "Jan" is a name, "Mar" a word
    elif word in ("May", "March", "August") and not m["year"] and not _PREPOSITION_BEFORE.search(before):
        return None  # "May I ask", "March on"
    year = int(m["year"]) if m["year"] else None
    end = m.end()
    if year is None and (spoken := _spoken_year_after(ctx, end)):
        year, end = spoken
    return _month_only(ctx, m.start(), end, _month_value(word), year)


def _weekday_day(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "Monday the sixteenth": the next 16th that is a Monday, within a year."""
    day = _day_value(m["day"])
    if day is None or not _followed_as_a_day(ctx.text, m.end()):
        return None
    wanted = _WEEKDAY_NUMBERS[m["weekday"].lower()]
    first_month = ctx.ref.replace(day=1)
    for k in range(13):
        month = _add_months(first_month, k)
        date = _safe_date(month.year, month.month, day)
        if date is not None and date >= ctx.ref and date.weekday() == wanted:
            return _Candidate(ctx.mention(m.start(), m.end(), date, month_assumed=True), day_only=day, weekday=wanted)
    date = _next_day_of_month(day, ctx.ref)
    if date is None:
        return None
    return _Candidate(ctx.mention(m.start(), m.end(), date, weekday_mismatch=True, month_assumed=True), day_only=day, weekday=wanted)


def _day_range(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "16-23 November", "November 16–23", "16th to 23rd of November": one period, first to last day."""
    first_day, last_day = _day_value(m["d1"]), _day_value(m["d2"])
    if first_day is None or last_day is None or last_day <= first_day:
        return None
    year = int(m["year"]) if m["year"] else None
    month = _month_value(m["month"])
    last = _safe_date(year, month, last_day) if year else _next_occurrence(month, last_day, ctx.ref)
    if last is None:
        return None
    first = _safe_date(last.year, month, first_day)
    if first is None:
        return None
    return _Candidate(ctx.mention(m.start(), m.end(), first, last=last), named=True)


def _the_day(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "the twenty-third", "the 23rd": a day of the month, unless a noun follows ("the first weekend")."""
    day = _day_value(m["day"])
    if day is None or not _followed_as_a_day(ctx.text, m.end()):
        return None
    date = _resolve_day_only(day, ctx.ref, ctx.month_hint)
    if date is None:
        return None
    return _Candidate(ctx.mention(m.start(), m.end(), date, month_assumed=True), day_only=day)


def _followed_as_a_day(text: str, end: int) -> bool:
    """Whether what follows an ordinal lets it be a day of the month (see `_DAY_MAY_PRECEDE`)."""
    after = text[end : end + 1]
    if after == "-" or after.isalnum():
        return False
    word = _WORD_AFTER.match(text, end)
    if word is None or "\n" in text[end : word.start(1)] or re.match(r"\s*[^\w\s]", text[end : word.start(1) + 1]):
        return True  # the end, or a pause before the next word
    said = word.group(1)
    return said.lower() in _DAY_MAY_PRECEDE and (said.islower() or said == "I")


def _resolve_day_only(day: int, ref: dt.date, month_hint: int | None) -> dt.date | None:
    if month_hint is not None:
        return _next_occurrence(month_hint, day, ref)
    return _next_day_of_month(day, ref)


def _nth_weekday_of_month(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "the first Monday in December", "the last Friday of November"."""
    nth = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1}[m["nth"].lower()]
    month = _month_value(m["month"])
    year = ctx.ref.year if _month_end(ctx.ref.year, month) >= ctx.ref else ctx.ref.year + 1
    date = _nth_weekday(year, month, _WEEKDAY_NUMBERS[m["weekday"].lower()], nth)
    if date.month != month:
        return None
    return _Candidate(ctx.mention(m.start(), m.end(), date), named=True)


def _quarter_mention(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "Q4", "end of Q3", "fiscal Q1", "the third quarter", "Q3 2027", "2026-Q4", "next quarter"."""
    fiscal = ctx.fiscal if m["fiscal"] else (1, 1)
    if m["rel"]:
        current = _quarter(_quarter_of(ctx.ref, fiscal), ref=ctx.ref, fiscal=fiscal, year=None)
        shift = {"this": 0, "current": 0, "next": 1, "last": -1, "the": 0}[m["rel"].lower()]
        first = _add_months(current[0], 3 * shift)
        last = _add_months(first, 3) - dt.timedelta(days=1)
        relative = True
    else:
        q = int(m["q"]) if m["q"] else {"first": 1, "second": 2, "third": 3, "fourth": 4}[m["qword"].lower()]
        said_year = m["year"] or m["year_before"]
        year = int(said_year) if said_year else None
        first, last = _quarter(q, ref=ctx.ref, fiscal=fiscal, year=year)
        relative = False
    edge = (m["edge"] or "").lower()
    start, end = m.start(), m.end()
    if edge == "end":
        return _Candidate(ctx.mention(start, end, last, relative=relative), named=True)
    if edge in ("start", "beginning"):
        return _Candidate(ctx.mention(start, end, first, relative=relative), named=True)
    if edge in ("mid", "middle"):
        return _Candidate(ctx.mention(start, end, first + (last - first) / 2, precision="approx", relative=relative), named=True)
    return _Candidate(ctx.mention(start, end, first, last=last, precision="quarter", relative=relative), named=True)


def _quarter_of(day: dt.date, fiscal: tuple[int, int]) -> int:
    for q in range(1, 5):
        first, last = _quarter(q, ref=day, fiscal=fiscal, year=None)
        if first <= day <= last:
            return q
    return 1


def _edge_of_period(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "mid-August", "early February", "end of May", "end of the month", "end of next month", "end of the year"."""
    edge = m["edge"].lower().split()[0]  # end, start, beginning, early, mid, middle, late
    relative = False
    if m["month"]:
        month = _month_value(m["month"])
        year = ctx.ref.year if _month_end(ctx.ref.year, month) >= ctx.ref else ctx.ref.year + 1
        first, last = dt.date(year, month, 1), _month_end(year, month)
    else:
        period = " ".join(m["period"].lower().split())
        relative = True
        if period.endswith("year"):
            year = ctx.ref.year + (1 if period.startswith("next") else -1 if period.startswith("last") else 0)
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        else:
            shift = 1 if period.startswith("next") else -1 if period.startswith("last") else 0
            first = _add_months(ctx.ref.replace(day=1), shift)
            last = _month_end(first.year, first.month)
    length = (last - first).days
    if edge == "end":
        return _Candidate(ctx.mention(m.start(), m.end(), last, relative=relative), named=bool(m["month"]))
    if edge in ("start", "beginning"):
        return _Candidate(ctx.mention(m.start(), m.end(), first, relative=relative), named=bool(m["month"]))
    # early / mid / late: a part of the period, not a day; the middle of that part stands for it
    # (the 5th, 15th and 25th of a month)
    fraction = {"early": 1 / 7, "mid": 1 / 2, "middle": 1 / 2, "late": 6 / 7}[edge]
    if length < 31:
        date = first.replace(day={"early": 5, "mid": 15, "middle": 15, "late": 25}[edge])
    else:
        date = first + dt.timedelta(days=round(length * fraction))
    return _Candidate(ctx.mention(m.start(), m.end(), date, precision="approx", relative=relative), named=bool(m["month"]))


_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14}


def _offset(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "in six weeks", "six weeks from now", "within two weeks", "in a month", "in 10 days"."""
    said = " ".join(m["n"].lower().split())
    count = {"a": 1, "an": 1, "a couple of": 2, "a couple": 2}.get(said)
    if count is None:
        value = words_to_number(said)
        if value is None or value != int(value) or not 0 < value <= 400:
            return None
        count = int(value)
    unit = m["unit"].lower().rstrip("s")
    if unit in _UNIT_DAYS:
        date = ctx.ref + dt.timedelta(days=count * _UNIT_DAYS[unit])
    elif unit == "month":
        date = _add_months(ctx.ref, count)
    else:
        date = _add_months(ctx.ref, 12 * count)
    precision = "approx" if "couple" in said else "day"
    return _Candidate(ctx.mention(m.start(), m.end(), date, precision=precision, relative=True))


def _relative_word(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "today", "tomorrow", "the day after tomorrow", "next week", "this month", "last year"..."""
    word = " ".join(m.group().lower().split())
    ref = ctx.ref
    days = {"today": 0, "tonight": 0, "tomorrow": 1, "the day after tomorrow": 2, "yesterday": -1}
    if word in days:
        return _Candidate(ctx.mention(m.start(), m.end(), ref + dt.timedelta(days=days[word]), relative=True))
    which, period = word.split(" ", 1)
    shift = {"this": 0, "current": 0, "coming": 1, "next": 1, "last": -1, "past": -1}[which]
    if period == "week":
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=shift)
        return _Candidate(ctx.mention(m.start(), m.end(), monday, last=monday + dt.timedelta(days=6), precision="week", relative=True))
    if period == "weekend":
        # this weekend: the coming one (or the one under way on a Sunday); next and last: a week either side
        saturday = ref + dt.timedelta(days=(5 - ref.weekday()) % 7) if ref.weekday() != 6 else ref - dt.timedelta(days=1)
        saturday += dt.timedelta(weeks=shift if which != "coming" else 0)
        return _Candidate(ctx.mention(m.start(), m.end(), saturday, last=saturday + dt.timedelta(days=1), precision="week", relative=True))
    if period == "month":
        first = _add_months(ref.replace(day=1), shift)
        last = _month_end(first.year, first.month)
        return _Candidate(ctx.mention(m.start(), m.end(), first, last=last, precision="month", relative=True))
    if period == "year":
        year = ref.year + shift
        return _Candidate(ctx.mention(m.start(), m.end(), dt.date(year, 1, 1), last=dt.date(year, 12, 31), precision="year", relative=True))
    return None


def _weekday_alone(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "Friday", "by Friday", "this Friday", "next Monday", "last Tuesday".

    A bare weekday is the next one after the meeting; "this" allows the meeting day itself; "next"
    is that weekday in the following week (said on a Monday, "next Monday" is a week later and "next
    Friday" eleven days later); "last" is the one before the meeting.
    """
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if re.search(r"\bthe\s+$", before):
        return None  # "the Saturday", "the Monday's revenue": no date without an anchor ("the Monday before...")
    wanted = _WEEKDAY_NUMBERS[m["weekday"].lower()]
    ref = ctx.ref
    which = (m["which"] or "").lower()
    if which == "next":
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=1)
        date = monday + dt.timedelta(days=wanted)
    elif which in ("last", "past"):
        date = ref - dt.timedelta(days=(ref.weekday() - wanted) % 7 or 7)
    elif which in ("this", "coming"):
        date = ref + dt.timedelta(days=(wanted - ref.weekday()) % 7)
    else:
        date = ref + dt.timedelta(days=(wanted - ref.weekday()) % 7 or 7)
    return _Candidate(ctx.mention(m.start(), m.end(), date, relative=True))


def _offset_from_weekday(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "two weeks from Monday", "ten days from next Friday": that weekday (as said alone), then the offset."""
    said = " ".join(m["n"].lower().split())
    count = {"a": 1, "an": 1}.get(said) or words_to_number(said)
    if count is None or count != int(count) or not 0 < count <= 60:
        return None
    wanted = _WEEKDAY_NUMBERS[m["weekday"].lower()]
    ref = ctx.ref
    if (m["which"] or "").lower() == "next":
        base = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=1, days=wanted)
    else:
        base = ref + dt.timedelta(days=(wanted - ref.weekday()) % 7 or 7)
    date = base + dt.timedelta(days=int(count) * _UNIT_DAYS[m["unit"].lower().rstrip("s")])
    return _Candidate(ctx.mention(m.start(), m.end(), date, relative=True))


def _calendar_weeks(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "week 22", "calendar week 22", "KW 22", "weeks 8 to 13": ISO weeks, Monday to Sunday, of the
    meeting's year (of the next year when that week ended more than a fortnight before the meeting)."""
    first, last = int(m["w1"]), int(m["w2"] or m["w1"])
    if not 1 <= first <= 53 or not first <= last <= 53:
        return None
    year = ctx.ref.year
    try:
        monday = dt.date.fromisocalendar(year, first, 1)
        if dt.date.fromisocalendar(year, last, 7) < ctx.ref - dt.timedelta(days=14):
            year += 1
            monday = dt.date.fromisocalendar(year, first, 1)
        sunday = dt.date.fromisocalendar(year, last, 7)
    except ValueError:
        return None  # week 53 of a year that has 52
    if m["weekday"] and not m["w2"]:  # "Friday of week 7"
        day = monday + dt.timedelta(days=_WEEKDAY_NUMBERS[m["weekday"].lower()])
        return _Candidate(ctx.mention(m.start(), m.end(), day, relative=True))
    return _Candidate(ctx.mention(m.start(), m.end(), monday, last=sunday, precision="week", relative=True))


def _holiday(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    """ "Black Friday", "Cyber Monday", "Christmas", "Valentine's Day" (US rules for Black Friday)."""
    rule = _HOLIDAY_RULES[_holiday_key(m["holiday"])]
    if m["year"]:
        date = rule(int(m["year"]))
    else:
        date = rule(ctx.ref.year)
        if date < ctx.ref:
            date = rule(ctx.ref.year + 1)
    return _Candidate(ctx.mention(m.start(), m.end(), date), named=True)


def _year_alone(ctx: _Context, m: re.Match[str]) -> _Candidate | None:
    year = int(m["year"])
    mention = ctx.mention(m.start("year"), m.end(), dt.date(year, 1, 1), last=dt.date(year, 12, 31), precision="year")
    return _Candidate(mention, named=True)


def _holiday_key(said: str) -> str:
    return " ".join(said.lower().replace("’", "").replace("'", "").split())


_HOLIDAY_RULES = {_holiday_key(name): rule for name, rule in _HOLIDAYS.items()}
_HOLIDAY_NAMES = sorted(
    {re.escape(name).replace("'", "['’]?").replace(r"\ ", r"\s+") for name in _HOLIDAYS}, key=len, reverse=True
)
_RANGE_WORD = r"(?:[-–]|\s(?i:to|until|till|through)\s)"
_WEEKDAY_BEFORE = r"(?:\b(?P<weekday>" + _WEEKDAY_ANY + r")\.?,?\s+)?"
_TEXT_YEAR = r"(?P<year>(?:19|20)\d\d)"


class _Pattern(NamedTuple):
    regex: re.Pattern[str]
    read: Callable[[_Context, re.Match[str]], _Candidate | None]
    needs: frozenset[str]  # kinds of date word (see _KEYWORD_GROUPS), one of which must be near for it to run


def _pattern(regex: str, read: Callable[[_Context, re.Match[str]], _Candidate | None], *needs: str) -> _Pattern:
    return _Pattern(re.compile(regex), read, frozenset(needs))


_PATTERNS = [
    _pattern(_WEEKDAY_BEFORE + r"(?<![\w.-])(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\w-])", _iso, "digit"),
    _pattern(
        _WEEKDAY_BEFORE + r"(?<![\w.,/-])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d|\d\d)(?![\w/-]|\.\d)",
        _numeric, "digit",
    ),
    _pattern(
        r"(?:\b(?P<weekday>" + _WEEKDAY_ANY + r")\.?,?\s+)?(?:\b(?i:the)\s+)?"
        r"(?P<day>" + _DAY_DIGITS + r"|\b" + _ORDINAL_WORD + r")\.?\s+(?:(?i:of)\s+)?\b(?P<month>" + _MONTH + r")(?!\w)"
        + _YEAR_AFTER,
        _day_month, "month",
    ),
    _pattern(
        r"(?:\b(?P<weekday>" + _WEEKDAY_ANY + r")\.?,?\s+)?\b(?P<month>" + _MONTH + r")\s+(?:(?i:the)\s+)?"
        r"(?P<day>" + _DAY_DIGITS + r"|\b" + _ORDINAL_WORD + r"\b|\b" + _CARDINAL_WORD + r"\b)" + _YEAR_AFTER,
        _month_day, "month",
    ),
    _pattern(
        r"(?<![\w.,:/-])(?P<d1>\d{1,2})(?:st|nd|rd|th)?\.?\s*" + _RANGE_WORD + r"\s*(?P<d2>\d{1,2})(?:st|nd|rd|th)?\.?\s+"
        r"(?:(?i:of)\s+)?(?P<month>" + _MONTH + r")(?!\w)" + _YEAR_AFTER,
        _day_range, "month",
    ),
    _pattern(
        r"\b(?P<month>" + _MONTH + r")\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s*" + _RANGE_WORD
        + r"\s*(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?![\w/])" + _YEAR_AFTER,
        _day_range, "month",
    ),
    _pattern(r"\b(?P<weekday>" + _WEEKDAY + r"),?\s+(?:(?i:the)\s+)?(?P<day>" + _ORDINAL_DAY + r")\b", _weekday_day, "weekday"),
    # "the first 4 weeks", "the first two weeks": a stretch of time, not the 1st of a month
    _pattern(
        r"\b(?i:the)\s+(?P<day>" + _ORDINAL_DAY + r")(?!\w)(?!\s+(?i:\d|one|two|three|four|five|six|seven|eight|nine|ten|few|couple))",
        _the_day, "ordinal", "digit",
    ),
    _pattern(
        r"\b(?i:(?:the\s+)?(?P<nth>first|second|third|fourth|last|1st|2nd|3rd|4th))\s+(?P<weekday>" + _WEEKDAY + r")\s+"
        r"(?i:of|in)\s+(?P<month>" + _MONTH + r")(?!\w)",
        _nth_weekday_of_month, "weekday",
    ),
    _pattern(
        r"(?i:\b(?:(?:the\s+)?(?P<edge>end|start|beginning|middle|mid)(?:\s+of\s+|-|\s+))?(?:the\s+)?"
        r"(?:(?P<year_before>(?:19|20)\d\d)[-\s])?(?P<fiscal>fiscal\s+|fy\s?)?"
        r"(?:q(?P<q>[1-4])|(?P<qword>first|second|third|fourth)\s+(?:fiscal\s+)?quarter"
        r"|(?P<rel>this|current|next|last|the)\s+quarter)"
        r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d))?)(?![\w-])",
        _quarter_mention, "quarter",
    ),
    _pattern(
        r"\b(?P<edge>(?i:early|mid|late|end\s+of|start\s+of|beginning\s+of|middle\s+of))(?:-|\s+)(?:(?i:the)\s+)?"
        r"(?:(?P<month>" + _MONTH + r")(?!\w)|(?P<period>(?i:(?:this|next|last)\s+(?:month|year)|month|year))\b)",
        _edge_of_period, "month", "period", "quarter",
    ),
    _pattern(
        r"(?i:\b(?:in|within)\s+(?:the\s+next\s+)?(?P<n>a\s+couple(?:\s+of)?|an?|\d{1,3}|[a-z]+(?:[- ][a-z]+)?)\s+"
        r"(?P<unit>days?|weeks?|fortnights?|months?|years?)(?:['’]?\s+time)?\b)",
        _offset, "period",
    ),
    _pattern(
        r"(?i:\b(?P<n>a\s+couple\s+of|an?|\d{1,3}|[a-z]+(?:[- ][a-z]+)?)\s+(?P<unit>days?|weeks?|fortnights?|months?|years?)"
        r"\s+from\s+(?:now|today)\b)",
        _offset, "period",
    ),
    _pattern(
        r"(?i:\b(?P<n>an?|\d{1,2}|[a-z]+(?:-[a-z]+)?)\s+(?P<unit>days?|weeks?|fortnights?)\s+from\s+(?:(?P<which>next|this)\s+)?)"
        r"(?P<weekday>" + _WEEKDAY + r")(?!['’\w])",
        _offset_from_weekday, "weekday",
    ),
    _pattern(
        r"(?i:\b(?:(?P<weekday>" + _WEEKDAY + r")\s+(?:of|in)\s+(?:the\s+)?)?(?:(?:calendar|iso)\s+weeks?|weeks?|kw|cw|wk)\s*(?P<w1>\d{1,2})"
        r"(?:\s*(?:to|-|–|through|thru|until|and)\s*(?:(?:calendar\s+)?weeks?\s*|kw\s*|cw\s*)?(?P<w2>\d{1,2}))?)(?![\d:/]|\.\d)",
        _calendar_weeks, "digit",
    ),
    _pattern(
        r"(?i:\b(?:the\s+day\s+after\s+tomorrow|today|tonight|tomorrow|yesterday"
        r"|(?:this|current|coming|next|last|past)\s+(?:week|weekend|month|year))\b)",
        _relative_word, "relative", "period",
    ),
    _pattern(r"(?i:\b(?:(?P<which>this|next|last|past|coming)\s+)?)\b(?P<weekday>" + _WEEKDAY + r")(?!['’\w])", _weekday_alone, "weekday"),
    _pattern(
        r"(?i:\b(?P<holiday>" + "|".join(_HOLIDAY_NAMES) + r")(?!\w)(?:,?\s+" + _TEXT_YEAR + r"\b)?)",
        _holiday, "holiday", "weekday", "period",
    ),
    _pattern(r"\b(?P<month>" + _MONTH + r")(?!\w)(?:,?\s+" + _TEXT_YEAR + r"\b)?", _month_alone, "month"),
    _pattern(r"(?i:\b(?:in|by|for|until|till|since|during|through|before|after)\s+)" + _TEXT_YEAR + r"(?![\w-])", _year_alone, "digit"),
]
# Every date said holds one of these words (or a digit), and each pattern says which kinds it needs:
# the patterns run only around such words, and only those a word there asks for. Most of a
# transcript holds none; all patterns over all of it would cost ~80 ms per 10,000 words.
_KEYWORD_GROUPS = {
    "month": "january february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec",
    "weekday": "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun",
    "ordinal": "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth",
    "quarter": "quarter fy",
    "period": "day days week weeks weekend month months year years fortnight fortnights",
    "relative": "today tonight tomorrow yesterday",
    "holiday": "thanksgiving christmas xmas boxing easter valentine valentines halloween singles",
}
_GROUP_OF = {word: group for group, words in _KEYWORD_GROUPS.items() for word in words.split()}
_KEYWORD = re.compile(r"\d|\bq[1-4]\b|\b(?:" + "|".join(sorted(_GROUP_OF, key=len, reverse=True)) + r")\b")
_KEYWORD_ANY_CASE = re.compile(_KEYWORD.pattern, re.IGNORECASE)
_CAPITALISED_ONLY = frozenset({"may", "march", "august", "mar", "jan", "sun", "sat", "wed"})  # lowercase, they are other words
_WINDOW_BEFORE = 60  # characters a date may start before its first keyword ("in a couple of weeks")
_WINDOW_AFTER = 80  # and run on after its last ("December first, twenty twenty-six")
# Windows grow by merging up to this size; past it a new one starts, overlapping the last, so that
# only the patterns a stretch needs run over it even in a meeting that talks dates all the time.
_WINDOW_MOST = 400

# "the Monday before Black Friday", "the day after Christmas": resolved against the mention that follows
_ANCHORED = re.compile(r"(?i:\bthe\s+(?P<what>day|" + _WEEKDAY[4:-1] + r")\s+(?P<direction>before|after)\s+)")


# -- public ----------------------------------------------------------------------------------------


def find_dates(text: str, *, meeting_date: dt.date, fiscal_year_start: str = "01-01", month_hint: int | None = None) -> list[DateMention]:
    """Every date or period said in `text`, resolved against `meeting_date`, sorted, never overlapping.

    `fiscal_year_start` ("MM-DD") places fiscal quarters ("fiscal Q1", "FY Q3"); `month_hint` is the
    month a bare day ("the nineteenth") falls in when the text itself names none nearby.
    Raises ConfigError when `fiscal_year_start` is not MM-DD.
    """
    if month_hint is not None and not 1 <= month_hint <= 12:
        month_hint = None
    ctx = _Context(text, meeting_date, _fiscal_start(fiscal_year_start), month_hint)
    candidates = [
        c
        for lo, hi, groups in _windows(text)
        for pattern in _PATTERNS
        if pattern.needs & groups
        for m in pattern.regex.finditer(text, lo, hi)
        if not _inside_identifier(text, m.start(), m.end()) and (c := pattern.read(ctx, m)) is not None
    ]
    candidates.sort(key=lambda c: (c.mention.start, -c.mention.end))  # overlapping windows may find one twice: kept once below
    kept: list[_Candidate] = []
    for candidate in candidates:
        if kept and candidate.mention.start < kept[-1].mention.end:
            continue
        kept.append(candidate)
    _months_for_days(ctx, kept)
    return list(_anchored(ctx, kept))


def _windows(text: str) -> list[tuple[int, int, set[str]]]:
    """The stretches of `text` around date words, merged, each starting and ending at a space, with the
    kinds of date word each holds."""
    lowered = text.lower()
    hits = _KEYWORD.finditer(lowered) if len(lowered) == len(text) else _KEYWORD_ANY_CASE.finditer(text)
    windows: list[tuple[int, int, set[str]]] = []
    for hit in hits:
        word = hit.group().lower()
        if word in _CAPITALISED_ONLY and not text[hit.start()].isupper():
            continue
        group = "digit" if word.isdigit() else "quarter" if word[0] == "q" and len(word) == 2 else _GROUP_OF[word]
        lo = max(0, hit.start() - _WINDOW_BEFORE)
        hi = min(len(text), hit.end() + _WINDOW_AFTER)
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        if windows and lo <= windows[-1][1] and hi - windows[-1][0] <= _WINDOW_MOST:
            last_lo, last_hi, groups = windows[-1]
            groups.add(group)
            windows[-1] = (last_lo, max(hi, last_hi), groups)
            continue
        while lo > 0 and not text[lo - 1].isspace() and lo < hit.start():
            lo += 1
        windows.append((lo, hi, {group}))
    return windows


def _inside_identifier(text: str, start: int, end: int) -> bool:
    """Whether a match is part of a name such as "2026-q4_black-friday" or "friday_sale" rather than speech."""
    before = text[start - 1] if start > 0 else " "
    before2 = text[start - 2] if start > 1 else " "
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    if before.isalnum() or before == "_" or (before in "-/" and before2.isalpha()):
        return True
    return after.isalnum() or after == "_" or (after in "-/" and after2.isalnum() and not text[start:end][-1].isdigit())


def _months_for_days(ctx: _Context, kept: list[_Candidate]) -> None:
    """Give a day said alone the month said with it: "from the 16th to the 23rd of November", "the
    thirtieth of October, final by November sixth... by the tenth", "Black Friday is the twenty-seventh"."""
    for index, candidate in enumerate(kept):
        if candidate.day_only is None or candidate.weekday is not None:
            continue
        day, mention = candidate.day_only, candidate.mention
        following = kept[index + 1] if index + 1 < len(kept) else None
        previous = kept[index - 1] if index > 0 else None
        date: dt.date | None = None
        joined = following is not None and _RANGE_JOIN.fullmatch(ctx.text[mention.end : following.mention.start])
        near = previous is not None and mention.start - previous.mention.end <= _CONTEXT_MONTH_REACH
        if joined and following is not None and following.named and following.mention.precision == "day":
            anchor = following.mention.date
            date = _safe_date(anchor.year, anchor.month, day)
            if date is not None and date > anchor:
                back = _add_months(anchor.replace(day=1), -1)
                date = _safe_date(back.year, back.month, day)
        elif near and previous is not None and previous.named and previous.mention.precision in ("day", "month", "approx"):
            anchor = previous.mention.date
            date = _safe_date(anchor.year, anchor.month, day)
        if date is not None:
            kept[index] = _Candidate(replace(mention, date=date), day_only=day)


def _anchored(ctx: _Context, kept: list[_Candidate]) -> Iterator[DateMention]:
    by_start = {c.mention.start: c.mention for c in kept}
    absorbed: set[int] = set()
    combined: dict[int, DateMention] = {}
    for m in _ANCHORED.finditer(ctx.text):
        target = by_start.get(m.end())
        if target is None or target.precision not in ("day",):
            continue
        if any(c.mention.start < m.end() and c.mention.end > m.start() and c.mention.start != m.end() for c in kept):
            continue
        direction = -1 if m["direction"].lower() == "before" else 1
        if m["what"].lower() == "day":
            date = target.date + dt.timedelta(days=direction)
        else:
            wanted = _WEEKDAY_NUMBERS[m["what"].lower()]
            step = (target.date.weekday() - wanted) % 7 or 7 if direction < 0 else (wanted - target.date.weekday()) % 7 or 7
            date = target.date + dt.timedelta(days=direction * step)
        combined[m.start()] = replace(target, start=m.start(), text=ctx.text[m.start() : target.end], date=date, last=None)
        absorbed.add(target.start)
    mentions = [c.mention for c in kept if c.mention.start not in absorbed] + list(combined.values())
    mentions.sort(key=lambda d: d.start)
    yield from mentions
