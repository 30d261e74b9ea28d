"""Expected spend curves (mops/pacing/curves.py): every figure worked out by hand in the comment beside it."""

from __future__ import annotations

import datetime as dt

import pytest

from mops.pacing import curves


def test_even_curve_expects_the_same_share_each_day() -> None:
    shares = curves.even_shares(10)
    assert shares == [0.1] * 10
    # 1,000 over 10 days: 100 a day, 400 after day 4
    assert curves.expected_to(1000, shares, 4) == pytest.approx(400.0)
    assert curves.expected_to(1000, shares, 0) == 0.0
    assert curves.expected_to(1000, shares, 12) == 1000.0  # after the flight: the whole budget


def test_front_loaded_falls_linearly_from_one_and_a_half_to_a_half() -> None:
    # 5 days: weights 1.5, 1.25, 1.0, 0.75, 0.5 (sum 5) -> shares 0.30, 0.25, 0.20, 0.15, 0.10
    assert curves.front_loaded_shares(5) == pytest.approx([0.30, 0.25, 0.20, 0.15, 0.10])
    # 1,000 after two days: 300 + 250 = 550
    assert curves.expected_to(1000, curves.front_loaded_shares(5), 2) == pytest.approx(550.0)
    # 10 days: 15% on day one, 5% on day ten; after day five 0.15+0.1389+0.1278+0.1167+0.1056 = 0.6389 - the
    # weights 1.5 - i/9 for i = 0..4 sum to 7.5 - 10/9 = 6.3889, over 10
    ten = curves.front_loaded_shares(10)
    assert ten[0] == pytest.approx(0.15) and ten[-1] == pytest.approx(0.05)
    assert curves.expected_to(9000, ten, 5) == pytest.approx(5750.0)  # 9,000 x 6.3889 / 10
    assert curves.front_loaded_shares(1) == [1.0]


def test_weekday_curve_weighs_each_day_by_its_weekday_share() -> None:
    # Friday 2026-11-06 to Sunday 2026-11-08; shares fri 0.2, sat 0.1, sun 0.1 -> 0.5, 0.25, 0.25
    days = curves.flight_days(dt.date(2026, 11, 6), dt.date(2026, 11, 8))
    shares = {"mon": 0.2, "tue": 0.2, "wed": 0.1, "thu": 0.1, "fri": 0.2, "sat": 0.1, "sun": 0.1}
    weighted = curves.weekday_shares(days, shares)
    assert weighted == pytest.approx([0.5, 0.25, 0.25])
    assert curves.expected_to(800, weighted, 1) == pytest.approx(400.0)
    assert curves.cumulative(800, weighted) == pytest.approx([400.0, 600.0, 800.0])


def test_weekday_curve_without_a_baseline_on_the_flight_s_days_is_none() -> None:
    days = curves.flight_days(dt.date(2026, 11, 7), dt.date(2026, 11, 8))  # Saturday, Sunday
    assert curves.weekday_shares(days, {"mon": 0.5, "tue": 0.5, "sat": 0.0, "sun": None}) is None
    assert curves.weekday_shares(days, {}) is None


def test_custom_weights_are_normalised() -> None:
    # 1, 2, 1 -> 0.25, 0.5, 0.25; 2,000 after two days: 1,500
    assert curves.custom_shares([1, 2, 1]) == [0.25, 0.5, 0.25]
    assert curves.expected_to(2000, curves.custom_shares([1, 2, 1]), 2) == pytest.approx(1500.0)


def test_flight_days_include_both_ends() -> None:
    assert curves.flight_days(dt.date(2026, 11, 30), dt.date(2026, 12, 2)) == [dt.date(2026, 11, 30), dt.date(2026, 12, 1), dt.date(2026, 12, 2)]
