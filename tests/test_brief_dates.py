"""Dates said in kickoff meetings, resolved against the meeting's date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mops.brief.dates import DateMention, find_dates
from mops.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent
BLACK_FRIDAY = REPO / "examples" / "workspace" / "transcripts" / "2026-q4_black-friday-kickoff.txt"
MEETING = dt.date(2026, 10, 5)  # a Monday: the Black Friday kickoff
D = dt.date


def only(text: str, **options: object) -> DateMention:
    found = find_dates(text, meeting_date=options.pop("meeting_date", MEETING), **options)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


def said(text: str, phrase: str, **options: object) -> DateMention:
    found = [d for d in find_dates(text, meeting_date=MEETING, **options) if d.text == phrase]  # type: ignore[arg-type]
    assert found, (phrase, find_dates(text, meeting_date=MEETING, **options))  # type: ignore[arg-type]
    return found[0]


@pytest.mark.parametrize(
    ("text", "phrase", "date"),
    [
        ("starting Monday the sixteenth.", "Monday the sixteenth", D(2026, 11, 16)),
        ("so Tuesday December first.", "Tuesday December first", D(2026, 12, 1)),
        ("Sixteenth of November to first of December.", "Sixteenth of November", D(2026, 11, 16)),
        ("Sixteenth of November to first of December.", "first of December", D(2026, 12, 1)),
        ("by the 16th of November", "the 16th of November", D(2026, 11, 16)),
        ("on November 27", "November 27", D(2026, 11, 27)),
        ("on Nov 27th", "Nov 27th", D(2026, 11, 27)),
        ("on 27 November", "27 November", D(2026, 11, 27)),
        ("am 27. November", "27. November", D(2026, 11, 27)),
        ("due 2026-11-16.", "2026-11-16", D(2026, 11, 16)),
        ("due 16.11.2026.", "16.11.2026", D(2026, 11, 16)),
        ("due 16/11/2026.", "16/11/2026", D(2026, 11, 16)),
        ("due 11/16/2026.", "11/16/2026", D(2026, 11, 16)),  # 16 cannot be a month: read month first
        ("due 05/11/2026.", "05/11/2026", D(2026, 11, 5)),  # day first when both could be
        ("free returns until January fifteenth.", "January fifteenth", D(2027, 1, 15)),
        ("ready by, say, October twentieth.", "October twentieth", D(2026, 10, 20)),
        ("launch on November twenty seven.", "November twenty seven", D(2026, 11, 27)),
        ("the Black Friday weekend", "Black Friday", D(2026, 11, 27)),
        ("through Cyber Monday", "Cyber Monday", D(2026, 11, 30)),
        ("Thanksgiving is a Thursday", "Thanksgiving", D(2026, 11, 26)),
        ("before Christmas", "Christmas", D(2026, 12, 25)),
        ("after New Year's Day", "New Year's Day", D(2027, 1, 1)),
        ("for Valentine's Day", "Valentine's Day", D(2027, 2, 14)),
        ("over Easter", "Easter", D(2027, 3, 28)),
        ("public from the Monday before Black Friday.", "the Monday before Black Friday", D(2026, 11, 23)),
        ("the day after Christmas", "the day after Christmas", D(2026, 12, 26)),
        ("the first Monday in December", "the first Monday in December", D(2026, 12, 7)),
        ("Black Friday 2025 was big", "Black Friday 2025", D(2025, 11, 28)),
    ],
)
def test_days(text: str, phrase: str, date: dt.date) -> None:
    mention = said(text, phrase)
    assert (mention.date, mention.last, mention.precision, mention.weekday_mismatch) == (date, None, "day", False)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("in six weeks", D(2026, 11, 16)),
        ("six weeks from now", D(2026, 11, 16)),
        ("in two weeks", D(2026, 10, 19)),
        ("in two weeks' time", D(2026, 10, 19)),
        ("within the next two weeks", D(2026, 10, 19)),
        ("in 10 days", D(2026, 10, 15)),
        ("in a month", D(2026, 11, 5)),
        ("tomorrow", D(2026, 10, 6)),
        ("today", D(2026, 10, 5)),
        ("next Monday", D(2026, 10, 12)),
        ("next Friday", D(2026, 10, 16)),
        ("this Friday", D(2026, 10, 9)),
        ("I can have the numbers by Friday.", D(2026, 10, 9)),
        ("last Friday", D(2026, 10, 2)),
        ("end of the month", D(2026, 10, 31)),
        ("end of next month", D(2026, 11, 30)),
    ],
)
def test_relative_days(text: str, date: dt.date) -> None:
    mention = only(text)
    assert (mention.date, mention.relative, mention.precision) == (date, True, "day")


@pytest.mark.parametrize(
    ("text", "first", "last", "precision"),
    [
        ("next week", D(2026, 10, 12), D(2026, 10, 18), "week"),
        ("as of last week", D(2026, 9, 28), D(2026, 10, 4), "week"),
        ("next month", D(2026, 11, 1), D(2026, 11, 30), "month"),
        ("up from forty-eight last year", D(2025, 1, 1), D(2025, 12, 31), "year"),
        ("Q4", D(2026, 10, 1), D(2026, 12, 31), "quarter"),
        ("Q3", D(2027, 7, 1), D(2027, 9, 30), "quarter"),  # Q3 2026 is over: the next one
        ("Q3 2026", D(2026, 7, 1), D(2026, 9, 30), "quarter"),
        ("the third quarter", D(2027, 7, 1), D(2027, 9, 30), "quarter"),
        ("in November", D(2026, 11, 1), D(2026, 11, 30), "month"),
        ("by March 2027", D(2027, 3, 1), D(2027, 3, 31), "month"),
        ("in 2027", D(2027, 1, 1), D(2027, 12, 31), "year"),
        ("16-23 November", D(2026, 11, 16), D(2026, 11, 23), "day"),
        ("November 16–23", D(2026, 11, 16), D(2026, 11, 23), "day"),
    ],
)
def test_periods(text: str, first: dt.date, last: dt.date, precision: str) -> None:
    mention = only(text)
    assert (mention.date, mention.last, mention.precision) == (first, last, precision)


def test_end_of_a_quarter_is_its_last_day() -> None:
    assert only("by the end of Q3").date == D(2027, 9, 30)
    assert only("by the end of Q4").date == D(2026, 12, 31)


def test_fiscal_quarters_follow_the_fiscal_year_start() -> None:
    # fiscal year starting 1 April: fiscal Q1 is April to June, fiscal Q3 October to December
    q1 = only("fiscal Q1", fiscal_year_start="04-01")
    assert (q1.date, q1.last) == (D(2027, 4, 1), D(2027, 6, 30))
    assert only("end of fiscal Q3", fiscal_year_start="04-01").date == D(2026, 12, 31)
    assert only("FY Q3", fiscal_year_start="04-01").date == D(2026, 10, 1)
    # without "fiscal" a quarter is the calendar's, whatever the fiscal year
    assert only("end of Q3", fiscal_year_start="04-01").date == D(2027, 9, 30)


def test_a_bad_fiscal_year_start_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError) as raised:
        find_dates("Q3", meeting_date=MEETING, fiscal_year_start="April")
    assert raised.value.field == "fiscal_year_start" and "MM-DD" in (raised.value.hint or "")


@pytest.mark.parametrize(("text", "date"), [("mid-August", D(2027, 8, 15)), ("early February", D(2027, 2, 5)), ("late November", D(2026, 11, 25))])
def test_parts_of_a_month_are_approximate(text: str, date: dt.date) -> None:
    mention = only(text)
    assert (mention.date, mention.last, mention.precision) == (date, None, "approx")


def test_a_day_alone_is_the_next_one_or_in_the_hinted_month() -> None:
    alone = only("The twenty-third.")
    assert (alone.date, alone.month_assumed) == (D(2026, 10, 23), True)
    assert only("The twenty-third.", month_hint=11).date == D(2026, 11, 23)
    assert only("Make it the nineteenth", month_hint=10).date == D(2026, 10, 19)


def test_a_day_alone_takes_the_month_just_named() -> None:
    text = "Copy first draft by the thirtieth of October, final by November sixth. Ads need to be in the accounts by the tenth for review."
    assert said(text, "the tenth").date == D(2026, 11, 10)
    assert said("Black Friday is the twenty-seventh this year, right?", "the twenty-seventh").date == D(2026, 11, 27)
    assert said("from the 16th to the 23rd of November", "the 16th").date == D(2026, 11, 16)


def test_a_day_of_the_last_month_is_not_pushed_a_year_ahead() -> None:
    # said on 25 November: "from November first" looks back 24 days, not 341 ahead
    assert only("the unsubscribe rate from November first.", meeting_date=D(2026, 11, 25)).date == D(2026, 11, 1)
    assert only("by October fourth", meeting_date=D(2026, 10, 5)).date == D(2026, 10, 4)
    assert only("by August twentieth", meeting_date=D(2026, 10, 5)).date == D(2027, 8, 20)


def test_a_weekday_with_a_date_picks_the_year_where_they_match() -> None:
    assert only("Sunday October eighteenth").date == D(2026, 10, 18)
    assert only("Monday the sixteenth").date == D(2026, 11, 16)  # 16 October 2026 is a Friday
    wrong = only("Saturday October eighteenth")  # a Sunday this year and next
    assert (wrong.date, wrong.weekday_mismatch) == (D(2026, 10, 18), True)
    assert only("Friday, 2026-11-27").date == D(2026, 11, 27)


@pytest.mark.parametrize(
    "text",
    [
        "after the first weekend",
        "a second email",
        "the first draft",
        "the second one",
        "it's just the first animal I can think of",
        "six weeks",
        "for two days",
        "the Tuesday did about nine percent of the Monday",
        "the Monday's revenue",
        "utm_campaign is the campaign id, 2026-q4_black-friday",
        "May I ask a question?",
        "Jan said so",
        "Search was 5.5. PMax was 4.4.",
        "Her direct line is 040 5550 1234",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, meeting_date=MEETING) == []


def test_mentions_quote_the_text() -> None:
    text = "Okay. Sixteenth of November to first of December. Done."
    found = find_dates(text, meeting_date=MEETING)
    assert [text[d.start : d.end] for d in found] == ["Sixteenth of November", "first of December"]


def test_black_friday_kickoff() -> None:
    """The example kickoff, read line by line as the extractor reads it, each line hinting the next."""
    lines = BLACK_FRIDAY.read_text(encoding="utf-8").splitlines()
    found: dict[int, list[tuple[str, dt.date]]] = {}
    hint = None
    for number, line in enumerate(lines, 1):
        mentions = find_dates(line, meeting_date=MEETING, month_hint=hint)
        found[number] = [(d.text, d.date) for d in mentions if d.precision == "day"]
        days = [d for d in mentions if d.precision == "day"]
        if days:
            hint = days[-1].date.month

    def line_of(words: str) -> int:
        return next(n for n, line in enumerate(lines, 1) if words in line)

    assert ("Monday the sixteenth", D(2026, 11, 16)) in found[line_of("Monday the sixteenth")]
    assert ("the Monday before Black Friday", D(2026, 11, 23)) in found[line_of("public from the Monday before")]
    assert found[line_of("Malte Sørensen: The twenty-third.")] == [("The twenty-third", D(2026, 11, 23))]
    assert ("Tuesday December first", D(2026, 12, 1)) in found[line_of("Tuesday December first")]
    assert found[line_of("Sixteenth of November to first of December")] == [
        ("Sixteenth of November", D(2026, 11, 16)),
        ("first of December", D(2026, 12, 1)),
    ]
    assert ("Twenty-seventh of November", D(2026, 11, 27)) in found[line_of("Twenty-seventh of November")]
    assert ("January fifteenth", D(2027, 1, 15)) in found[line_of("January fifteenth")]
    assert found[line_of("October twentieth")] == [("October twentieth", D(2026, 10, 20))]
    assert found[line_of("Make it the nineteenth")] == [("the nineteenth", D(2026, 10, 19)), ("the twentieth", D(2026, 10, 20))]
    assert found[line_of("Copy first draft")] == [
        ("the thirtieth of October", D(2026, 10, 30)),
        ("November sixth", D(2026, 11, 6)),
        ("the tenth", D(2026, 11, 10)),
    ]
    assert ("Friday", D(2026, 10, 9)) in found[line_of("summer UK numbers by Friday")]
    assert found[line_of("after the first weekend")] == []



def test_an_offset_from_a_weekday_counts_from_that_weekday():
    # said on Thursday 11 February 2027: Monday is the 15th, two weeks on is 1 March
    day = dt.date(2027, 2, 11)
    assert [(d.text, d.date) for d in find_dates("What about two weeks from Monday?", meeting_date=day)] == [
        ("two weeks from Monday", dt.date(2027, 3, 1))
    ]
    assert [d.date for d in find_dates("ten days from next Friday", meeting_date=day)] == [dt.date(2027, 3, 1)]


def test_the_first_weeks_of_something_are_not_the_first_of_a_month():
    day = dt.date(2027, 1, 20)
    assert find_dates("launch price 449 € for the first 4 weeks, then 499 €", meeting_date=day) == []
    assert find_dates("only after the first two weeks", meeting_date=day) == []
    assert [d.date for d in find_dates("from the first of March", meeting_date=day)] == [dt.date(2027, 3, 1)]


def test_calendar_weeks_are_iso_weeks_of_the_meetings_year():
    day = dt.date(2027, 1, 19)
    [weeks] = find_dates("So the whole thing is weeks 8 to 13.", meeting_date=day)
    assert (weeks.text, weeks.date, weeks.last, weeks.precision) == ("weeks 8 to 13", dt.date(2027, 2, 22), dt.date(2027, 4, 4), "week")
    [one] = find_dates("We launch in calendar week 22.", meeting_date=day)
    assert (one.date, one.last) == (dt.date(2027, 5, 31), dt.date(2027, 6, 6))
    [friday] = find_dates("LinkedIn ads by Friday of week 7.", meeting_date=day)
    assert (friday.date, friday.precision) == (dt.date(2027, 2, 19), "day")
    assert find_dates("in week two we look again", meeting_date=day) == []
    # a week already gone when the meeting is held is next year's
    [later] = find_dates("KW 2", meeting_date=dt.date(2027, 11, 2))
    assert later.date == dt.date(2028, 1, 10)
