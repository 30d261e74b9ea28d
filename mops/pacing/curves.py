"""Expected spend curves: the share of a channel's budget each day of the flight is expected to spend.

Every curve gives one non-negative weight per flight day, normalised so the shares add up to 1;
the expected spend to the end of day d is budget x (sum of the shares of days 1..d).

- `even`: every day the same share, 1/n.
- `front_loaded`: daily weights fall linearly from 1.5 on the first day to 0.5 on the last
  (w_i = 1.5 - i/(n-1), i = 0..n-1; their mean is 1, so the share of day i is w_i / n). A ten-day
  flight expects 15% on day one, 5% on day ten, and 63.9% by the end of day five. A one-day flight
  spends everything on its day.
- `weekday`: each day weighs its weekday's share of spend in the channel's history (`history report
  pacing-baseline`, Monday first), normalised over the flight's days; without a baseline (no history
  for the channel, or shares that are all zero on the flight's weekdays) the curve is even, and the
  check says so.
- `custom`: the plan's `pacing.weights`, one per flight day, normalised (a length other than the
  flight's days is an input error).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

CURVES = ("even", "front_loaded", "weekday", "custom")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FRONT_FIRST, FRONT_LAST = 1.5, 0.5


def flight_days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _normalised(weights: Sequence[float]) -> list[float]:
    total = float(sum(weights))
    if total <= 0:
        return [1.0 / len(weights)] * len(weights) if weights else []
    return [float(w) / total for w in weights]


def even_shares(days: int) -> list[float]:
    return [1.0 / days] * days if days > 0 else []


def front_loaded_shares(days: int) -> list[float]:
    """Linearly decreasing daily weights from 1.5 (first day) to 0.5 (last day), normalised."""
    if days <= 0:
        return []
    if days == 1:
        return [1.0]
    step = (FRONT_FIRST - FRONT_LAST) / (days - 1)
    return _normalised([FRONT_FIRST - i * step for i in range(days)])


def weekday_shares(days: Sequence[dt.date], shares: dict[str, float | None]) -> list[float] | None:
    """Each day weighs its weekday's share (`mon`..`sun`); None when the shares give the flight no weight."""
    weights = [float(shares.get(WEEKDAYS[day.weekday()]) or 0.0) for day in days]
    if not days or sum(weights) <= 0:
        return None
    return _normalised(weights)


def custom_shares(weights: Sequence[float]) -> list[float]:
    return _normalised(weights)


def cumulative(amount: float, shares: Sequence[float]) -> list[float]:
    """The expected spend to the end of each day: amount x the running sum of the shares."""
    out, running = [], 0.0
    for share in shares:
        running += share
        out.append(amount * running)
    return out


def expected_to(amount: float, shares: Sequence[float], days_elapsed: int) -> float:
    """The expected spend after the first `days_elapsed` days of the flight (0 before it, the amount after it)."""
    if days_elapsed <= 0:
        return 0.0
    if days_elapsed >= len(shares):
        return float(amount)
    return amount * sum(shares[:days_elapsed])
