"""Numbers as said in kickoff meetings: what `find_quantities` reads, and what it must not take for money."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mops.brief.numbers import Quantity, find_quantities, words_to_number

REPO = Path(__file__).resolve().parent.parent
AMI = REPO.parent / "shared" / "corpus" / "transcripts" / "ami"
BLACK_FRIDAY = REPO / "examples" / "workspace" / "transcripts" / "2026-q4_black-friday-kickoff.txt"


def only(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def at(text: str, said: str) -> Quantity:
    """The quantity whose text is `said`."""
    found = [q for q in find_quantities(text) if q.text == said]
    assert found, (said, find_quantities(text))
    return found[0]


# -- what is read --------------------------------------------------------------------------------

MONEY = [
    # (said, value, currency)
    ("fifty-two thousand euros", 52000, "EUR"),
    ("EUR 52,000", 52000, "EUR"),
    ("52,000 EUR", 52000, "EUR"),
    ("€52k", 52000, "EUR"),
    ("52.000 €", 52000, "EUR"),
    ("12,50 €", 12.5, "EUR"),
    ("$3m", 3_000_000, "USD"),
    ("twenty five Euro", 25, "EUR"),
    ("fifty million Euro", 50_000_000, "EUR"),
    ("fifty million Euros", 50_000_000, "EUR"),
    ("twelve fifty Euros", 12.5, "EUR"),
    ("twelve Euros fifty", 12.5, "EUR"),
    ("twelve point five Euros", 12.5, "EUR"),
    ("twelve and a half Euro", 12.5, "EUR"),
    ("two hundred and ten thousand euros", 210_000, "EUR"),
    ("thirty-two euros", 32, "EUR"),
    ("ten bucks", 10, "USD"),
    ("fifty quid", 50, "GBP"),
    ("£40", 40, "GBP"),
    ("Seventeen Pounds", 17, "GBP"),
]


@pytest.mark.parametrize(("said", "value", "currency"), MONEY)
def test_money_with_its_currency(said: str, value: float, currency: str) -> None:
    q = only(f"we said {said} then")
    assert (q.text, q.value, q.kind, q.currency) == (said, value, "money", currency)


NUMBERS = [
    # (said, value) bare numbers, read but left for a caller to judge
    ("52k", 52000),
    ("52 K", 52000),
    ("1.5M", 1_500_000),
    ("1,500.50", 1500.5),
    ("5.5", 5.5),
    ("2.0", 2.0),
    ("twenty six k", 26000),
    ("twenty-six k", 26000),
    ("three and a half thousand", 3500),
    ("three point five", 3.5),
    ("fifty and a half", 50.5),
    ("one and a half", 1.5),
    ("fifteen hundred", 1500),
    ("a hundred", 100),
    ("a thousand", 1000),
    ("half a million", 500_000),
    ("a half million", 500_000),
    ("forty-eight", 48),
    ("nine ninety-nine", 9.99),
    ("twelve fifty", 12.5),
    ("ninety-one thousand three hundred", 91300),
    ("Two-ten", 210),
]


@pytest.mark.parametrize(("said", "value"), NUMBERS)
def test_bare_numbers(said: str, value: float) -> None:
    q = only(f"so {said}.")
    assert (q.text, q.value, q.kind, q.currency) == (said, pytest.approx(value), "number", None)


def test_spoken_and_written_are_told_apart() -> None:
    assert only("fifty-two thousand").spoken and not only("52,000").spoken


@pytest.mark.parametrize(
    ("text", "said", "value"),
    [
        ("up nine percent on last year", "nine percent", 9.0),
        ("about 9% of the Monday", "9%", 9.0),
        ("forty percent off tents", "forty percent", 40.0),
        ("fifty per cent of the selling price", "fifty per cent", 50.0),
    ],
)
def test_percentages_keep_the_number_said(text: str, said: str, value: float) -> None:
    q = only(text)
    assert (q.text, q.value, q.kind) == (said, value, "percent")


@pytest.mark.parametrize(
    ("said", "value"),
    [("twenty twenty-six", 2026), ("twenty twenty six", 2026), ("2026", 2026), ("nineteen ninety-nine", 1999)],
)
def test_years(said: str, value: int) -> None:
    q = only(f"in {said} we")
    assert (q.text, q.value, q.kind) == (said, value, "year")


@pytest.mark.parametrize(
    ("said", "value"),
    [("sixteenth", 16), ("twenty-seventh", 27), ("twenty seventh", 27), ("first", 1), ("1st", 1), ("16th", 16), ("23rd", 23)],
)
def test_ordinals(said: str, value: int) -> None:
    q = only(f"on the {said}.")
    assert (q.text, q.value, q.kind) == (said, value, "ordinal")


def test_a_second_email_is_an_ordinal_that_says_what_it_counts() -> None:
    q = only("we send a second email")
    assert (q.kind, q.value, q.unit) == ("ordinal", 2, "email")


def test_the_money_word_before_makes_a_bare_price_money_without_inventing_a_currency() -> None:
    q = only("So cost like production cost is twelve fifty,")
    assert (q.value, q.kind, q.currency) == (12.5, "money", None)


def test_approximate_amounts() -> None:
    assert at("we spent, um, thirty-nine and change.", "thirty-nine").approximate
    assert at("The Club list is about, what, ninety-one thousand now?", "ninety-one thousand").approximate
    assert at("it's like eight hundred people", "eight hundred people").approximate
    assert only("roughly thirty-eight thousand").approximate
    assert only("fifty or so").approximate
    assert only("forty-ish").approximate
    assert not only("fifty-two thousand euros").approximate


# -- what must not become money or a target ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "unit"),
    [
        ("keep this to forty-five minutes", "duration", "minutes"),
        ("five minutes to end of meeting", "duration", "minutes"),
        ("a six weeks run", "duration", "weeks"),
        ("Meta review can take two days", "duration", "days"),
        ("a two-week sale", "duration", "week"),
        ("a 24-hour flash sale", "duration", "hour"),
        ("the two-person ones", "count", "ones"),
        ("plus one day for the stragglers", "duration", "day"),
        ("seeing a million tiny little buttons with tiny words", "count", "buttons"),
        ("we have maybe six hundred units", "count", "units"),
        ("ninety-one thousand opted-in newsletter subscribers", "count", "subscribers"),
        ("three newsletter sends", "count", "sends"),
        ("two hundred grams of down", "measure", "grams"),
        ("it is five kilos", "measure", "kilos"),
        ("it weighs 3 pounds", "measure", "pounds"),
        ("a 5kg bag", "measure", "kg"),
    ],
)
def test_counts_durations_and_weights_say_so(text: str, kind: str, unit: str) -> None:
    q = only(text)
    assert (q.kind, q.unit, q.currency) == (kind, unit, None)


def test_pounds_are_sterling_only_with_money_nearby() -> None:
    assert at("it costs twenty pounds", "twenty pounds").currency == "GBP"
    assert at("Well twenty five Euro, I mean that's about like eighteen pounds or something", "eighteen pounds").currency == "GBP"
    weight = at("the tent is four pounds", "four pounds")
    assert (weight.kind, weight.currency) == ("measure", None)
    heavy = at("it weighs three pounds and costs ten euros", "three pounds")
    assert heavy.kind == "measure"


@pytest.mark.parametrize("text", ["one thing", "a call", "one of us", "we need one", "an hour", "Q3", "Q4 plans", "bf2025"])
def test_words_that_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Her direct line is 040 5550 1234, she said mornings are best.",
        "call me on 0170 5550123",
        "or +49 40 5550 1234",
        "call 555 123 4567",
        "utm_campaign is 2026-q4_black-friday",
        "due 2026-11-16 or 16/11/2026 or 16.11.2026",
        "open 24/7",
        "ticket 20261116",
    ],
)
def test_phone_numbers_ids_and_written_dates_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(("text", "said"), [("the Trail Pro 2 tent", "2"), ("It's EN 343, I think", "343"), ("class four", "four")])
def test_product_codes_are_plain_numbers(text: str, said: str) -> None:
    q = at(text, said)
    assert (q.kind, q.currency) == ("number", None)


def test_roas_of_four_is_a_number() -> None:
    q = only("Blended ROAS of four.")
    assert (q.value, q.kind) == (4, "number")


def test_clock_times_are_not_prices() -> None:
    q = only("that's until eleven twenty five.")
    assert q.kind == "time" and q.value == pytest.approx(11 + 25 / 60)
    assert only("at 11:25").kind == "time"
    assert only("at 10am").kind == "time"


def test_a_list_of_numbers_is_not_a_price() -> None:
    found = find_quantities("Sixteen seventeen eighteen.")
    assert [q.value for q in found] == [16, 17, 18]


# -- spans ----------------------------------------------------------------------------------------


def test_spans_cover_the_scale_and_the_currency_and_point_into_the_text() -> None:
    text = "So finance signed off on fifty-two thousand euros total. That's up from forty-eight last year."
    found = find_quantities(text)
    assert [text[q.start : q.end] for q in found] == ["fifty-two thousand euros", "forty-eight"]
    assert all(q.text == text[q.start : q.end] for q in found)


_PIECES = [*"0123456789 ,.-€$%k", "fifty", " two", " thousand", " euros", " and a half", " point", " the", " a", " minutes", "\n"]


def test_quantities_are_sorted_disjoint_and_quote_the_text() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choices(_PIECES, k=rng.randint(0, 30)))
        found = find_quantities(text)
        for q in found:
            assert q.text == text[q.start : q.end]
        for a, b in zip(found, found[1:]):
            assert a.end <= b.start


# -- words_to_number ----------------------------------------------------------------------------------

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def spell(n: int) -> str:
    """English words for 0 <= n < 10**9, written independently of the code under test."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + (" and " + spell(rest) if rest else "")
    for size, name in ((10**6, "million"), (1000, "thousand")):
        if n >= size:
            rest = n % size
            joiner = " and " if 0 < rest < 100 else " "
            return spell(n // size) + " " + name + (joiner + spell(rest) if rest else "")
    raise AssertionError(n)


def test_words_to_number_reads_spelled_numbers() -> None:
    rng = random.Random(7)
    numbers = [*range(0, 1200), 1999, 2000, 2026, 10_000, 100_001, 999_999, 1_000_000, 52_000, 210_000, 999_999_999]
    numbers += [rng.randrange(10**9) for _ in range(3000)]
    for n in numbers:
        assert words_to_number(spell(n)) == n, spell(n)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("fifty-two thousand", 52000),
        ("twenty six k", 26000),
        ("three and a half thousand", 3500),
        ("three point five", 3.5),
        ("twelve fifty", 12.5),
        ("nine ninety-nine", 9.99),
        ("twenty twenty-six", 2026),
        ("fifteen hundred", 1500),
        ("a million", 1_000_000),
        ("twenty-seventh", 27),
        ("fifty euros", None),
        ("five minutes", None),
        ("hello", None),
        ("", None),
    ],
)
def test_words_to_number(phrase: str, value: float | None) -> None:
    assert words_to_number(phrase) == (pytest.approx(value) if value is not None else None)


# -- real meetings ------------------------------------------------------------------------------------


def ami_line(meeting: str, holding: str) -> str:
    """The line of a real AMI kickoff meeting that holds `holding`."""
    lines = [line for line in (AMI / f"{meeting}.txt").read_text(encoding="utf-8").splitlines() if holding in line]
    assert lines, f"{meeting} has no line with {holding!r}"
    return lines[0]


@pytest.mark.parametrize(
    ("meeting", "said", "value", "currency"),
    [
        ("ES2002a", "twenty five Euro", 25, "EUR"),
        ("ES2002a", "fifty million Euro", 50_000_000, "EUR"),
        ("ES2002a", "twelve fifty Euros", 12.5, "EUR"),
        ("ES2003a", "twelve point five Euros", 12.5, "EUR"),
        ("ES2004a", "twelve Euros fifty", 12.5, "EUR"),
        ("ES2004a", "fifty million Euros", 50_000_000, "EUR"),
        ("ES2005a", "twelve Euros fifty", 12.5, "EUR"),
        ("ES2006a", "twelve and a half Euro", 12.5, "EUR"),
        ("ES2006a", "twenty five Euros", 25, "EUR"),
        ("ES2007a", "fifty million Euros", 50_000_000, "EUR"),
    ],
)
def test_money_in_real_meetings(meeting: str, said: str, value: float, currency: str) -> None:
    q = at(ami_line(meeting, said), said)
    assert (q.value, q.kind, q.currency) == (value, "money", currency)


@pytest.mark.parametrize(
    ("meeting", "holding", "said", "value"),
    [
        ("ES2002a", "production cost is twelve fifty", "twelve fifty", 12.5),
        ("ES2004a", "production cost's at twelve fifty", "twelve fifty", 12.5),
        ("ES2007a", "can't cost any more than twelve fifty", "twelve fifty", 12.5),
    ],
)
def test_costs_said_without_a_currency_in_real_meetings(meeting: str, holding: str, said: str, value: float) -> None:
    q = at(ami_line(meeting, holding), said)
    assert (q.value, q.kind, q.currency) == (value, "money", None)


@pytest.mark.parametrize(
    ("meeting", "holding", "said", "kind"),
    [
        ("ES2004a", "a million tiny little buttons", "a million", "count"),
        ("ES2002a", "Five minutes to end of meeting", "Five minutes", "duration"),
        ("ES2002a", "the next twenty five minutes", "twenty five minutes", "duration"),
        ("ES2006a", "that means we've got five minutes", "five minutes", "duration"),
        ("ES2005a", "a hundred buttons", "a hundred buttons", "count"),
        ("ES2007a", "a thousand buttons", "a thousand buttons", "count"),
    ],
)
def test_counts_and_durations_in_real_meetings_are_not_money(meeting: str, holding: str, said: str, kind: str) -> None:
    q = at(ami_line(meeting, holding), said)
    assert (q.kind, q.currency) == (kind, None)


def test_no_real_meeting_line_trips_the_reader() -> None:
    for path in sorted(AMI.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for q in find_quantities(line):
                assert q.text == line[q.start : q.end]
                assert q.kind != "money" or q.currency in (None, "EUR", "GBP", "USD")


def test_black_friday_kickoff_amounts() -> None:
    lines = BLACK_FRIDAY.read_text(encoding="utf-8").splitlines()
    said = {(q.text, q.value, q.kind, q.currency) for line in lines for q in find_quantities(line)}
    for expected in [
        ("fifty-two thousand euros", 52000, "money", "EUR"),
        ("Twenty-six k", 26000, "number", None),
        ("twenty-one thousand", 21000, "number", None),
        ("Three and a half thousand", 3500, "number", None),
        ("fifty and a half", 50.5, "number", None),
        ("Fifteen hundred", 1500, "number", None),
        ("Two hundred and ten thousand euros", 210000, "money", "EUR"),
        ("thirty-two euros", 32, "money", "EUR"),
        ("forty-five minutes", 45, "duration", None),
    ]:
        assert expected in said
    assert not any(q.kind == "money" for line in lines if "5550" in line for q in find_quantities(line))


