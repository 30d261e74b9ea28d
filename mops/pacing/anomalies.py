"""Anomalies in a channel's daily spend, judged on the flight's days up to the newest day history holds.

- spike: a day's spend above SPIKE_FACTOR (3) x the median spend of the (up to) 7 days before it
  that have rows, judged when at least 3 such days exist and their median is above 0;
- spend_stopped: a channel with a budget that spent earlier in the flight has spent nothing (0, or
  no rows) on each of the last STOPPED_DAYS (2) or more days up to its own data cut-off (the newest
  day its platforms' exports hold: a lagging export is never read as a stop); for a channel on two
  platforms, the one whose history ends earlier is named in the statement (`note`);
- conversions_stopped: the last 2 or more days with spend each have 0 conversions, after days of
  the flight with conversions (a broken pixel or tag, while the budget goes on).

Stale data and a plan with no history are anomalies the check itself raises (check.py).
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from mops.models.pacing import Anomaly
from mops.models.results import Evidence

SPIKE_FACTOR = 3.0
SPIKE_WINDOW = 7
SPIKE_MIN_DAYS = 3
STOPPED_DAYS = 2
CONVERSIONS_STOPPED_DAYS = 2


def _row(day: dt.date, figures: Any, channel: str) -> Evidence:
    return Evidence(kind="row", row={
        "date": day.isoformat(), "channel": channel, "spend": round(figures.spend, 2) if figures else 0.0,
        "conversions": round(figures.conversions, 2) if figures else 0.0, "rows": figures.rows if figures else 0,
    })


def _days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def spikes(channel: str, days: dict[dt.date, Any], start: dt.date, through: dt.date, query: str, currency: str) -> list[Anomaly]:
    found = []
    for day in _days_between(start, through):
        today = days.get(day)
        if today is None:
            continue
        prior = [days[d].spend for d in _days_between(max(start, day - dt.timedelta(days=SPIKE_WINDOW)), day - dt.timedelta(days=1)) if d in days]
        if len(prior) < SPIKE_MIN_DAYS:
            continue
        median = statistics.median(prior)
        if median > 0 and today.spend > SPIKE_FACTOR * median:
            found.append(Anomaly(
                kind="spike", channel=channel, date=day.isoformat(),
                statement=(f"{channel} spent {today.spend:,.2f} {currency} on {day}, {today.spend / median:.1f}x the median "
                           f"{median:,.2f} of the {len(prior)} days before it (a spike is above {SPIKE_FACTOR:g}x)"),
                figures={"spend": round(today.spend, 2), "median": round(median, 2), "ratio": round(today.spend / median, 2),
                         "prior_days": len(prior), "factor": SPIKE_FACTOR},
                evidence=[Evidence(kind="query", query=query), _row(day, today, channel)],
            ))
    return found


def spend_stopped(channel: str, budget: float, days: dict[dt.date, Any], start: dt.date, through: dt.date, query: str, currency: str,
                  note: str = "") -> list[Anomaly]:
    if budget <= 0:
        return []
    spent = [d for d in _days_between(start, through) if d in days and days[d].spend > 0]
    if not spent:
        return []
    last = spent[-1]
    stopped = (through - last).days
    if stopped < STOPPED_DAYS:
        return []
    return [Anomaly(
        kind="spend_stopped", channel=channel, date=(last + dt.timedelta(days=1)).isoformat(),
        statement=(f"{channel} has spent nothing for {stopped} days (since {last + dt.timedelta(days=1)}, history through {through}); "
                   f"it last spent {days[last].spend:,.2f} {currency} on {last}" + (f" ({note})" if note else "")),
        figures={"days_stopped": stopped, "last_spend_day": last.isoformat(), "last_spend": round(days[last].spend, 2), "through": through.isoformat()},
        evidence=[Evidence(kind="query", query=query), _row(last, days[last], channel)]
        + [_row(d, days.get(d), channel) for d in _days_between(last + dt.timedelta(days=1), through)][-STOPPED_DAYS:],
    )]


def conversions_stopped(channel: str, days: dict[dt.date, Any], start: dt.date, through: dt.date, query: str, currency: str) -> list[Anomaly]:
    flight = [d for d in _days_between(start, through) if d in days and days[d].spend > 0]
    run: list[dt.date] = []
    for day in reversed(flight):
        if days[day].conversions > 0:
            break
        run.append(day)
    run.reverse()
    if len(run) < CONVERSIONS_STOPPED_DAYS or run[-1] != flight[-1]:
        return []
    before = [d for d in flight if d < run[0] and days[d].conversions > 0]
    if not before:
        return []
    spend = sum(days[d].spend for d in run)
    last = before[-1]
    return [Anomaly(
        kind="conversions_stopped", channel=channel, date=run[0].isoformat(),
        statement=(f"{channel} recorded no conversions on its last {len(run)} days with spend ({run[0]} to {run[-1]}, "
                   f"{spend:,.2f} {currency} spent) after {days[last].conversions:g} on {last}: check the pixel or tag"),
        figures={"days": len(run), "first_day": run[0].isoformat(), "spend": round(spend, 2), "last_conversion_day": last.isoformat(),
                 "last_conversions": round(days[last].conversions, 2)},
        evidence=[Evidence(kind="query", query=query), _row(last, days[last], channel)] + [_row(d, days[d], channel) for d in run[-3:]],
    )]


def channel_anomalies(channel: str, budget: float, days: dict[dt.date, Any], start: dt.date, through: dt.date, query: str, currency: str,
                      *, note: str = "") -> list[Anomaly]:
    """Every anomaly of one channel's flight days up to `through` (the channel's own data cut-off)."""
    if through < start:
        return []
    return [
        *spikes(channel, days, start, through, query, currency),
        *spend_stopped(channel, budget, days, start, through, query, currency, note),
        *conversions_stopped(channel, days, start, through, query, currency),
    ]
