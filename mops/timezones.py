"""Time zone names: canonical IANA names only, old aliases refused with the name to use.

The tz database keeps old names as links ("backward" aliases): `US/Eastern`, `Asia/Calcutta`,
`Europe/Kiev`, the abbreviations `EST`, `CET`, `GMT+5`... zoneinfo accepts them all, but several do not
mean what they seem: `EST` is UTC-5 all year (no daylight saving: New York is `America/New_York`), and
`GMT+5` is *UTC-5* (POSIX signs are inverted). Normalising them silently would change the clock, so
they are refused with the canonical name the database links them to (or, for an abbreviation, the zone
people usually mean), and the user chooses.

Canonical means: a zone of the database's `zone.tab` (one line per country's zone, so `Europe/Oslo`
counts though newer data links it to `Europe/Berlin`), `UTC`/`Etc/UTC`, or an `Etc/GMT±N` zone written
in full. Without `zone.tab` (no system tz data and no `tzdata` package) only validity is checked.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime

# Abbreviations and POSIX-style names: the zone they are usually meant for
_MEANT = {
    "EST": "America/New_York", "EDT": "America/New_York", "EST5EDT": "America/New_York",
    "CST6CDT": "America/Chicago", "MST": "America/Phoenix or America/Denver", "MST7MDT": "America/Denver",
    "PST8PDT": "America/Los_Angeles", "HST": "Pacific/Honolulu",
    "CET": "Europe/Berlin, Europe/Paris...", "MET": "Europe/Berlin, Europe/Paris...",
    "EET": "Europe/Athens, Europe/Helsinki...", "WET": "Europe/Lisbon",
    "GMT": "UTC, or Europe/London for UK time", "UCT": "UTC", "Universal": "UTC", "Zulu": "UTC",
    "Greenwich": "UTC", "GMT0": "UTC", "GMT+0": "UTC", "GMT-0": "UTC", "Etc/GMT": "UTC",
}  # fmt: skip
_ALWAYS = frozenset({"UTC", "Etc/UTC"})


def _tz_files(name: str) -> list[Path]:
    import zoneinfo

    found = [Path(root) / name for root in zoneinfo.TZPATH]
    try:
        from importlib.resources import files

        found.append(Path(str(files("tzdata").joinpath("zoneinfo", name))))
    except (ModuleNotFoundError, TypeError):
        pass
    return [path for path in found if path.is_file()]


@cache
def _canonical() -> frozenset[str] | None:
    """The zones of zone.tab, or None when no tz data on this machine has one."""
    for path in _tz_files("zone.tab"):
        zones = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 3 and not line.startswith("#"):
                zones.add(parts[2].strip())
        if zones:
            return frozenset(zones)
    return None


@cache
def _links() -> dict[str, str]:
    """alias -> target, from tzdata.zi's link lines ("L America/New_York US/Eastern")."""
    for path in _tz_files("tzdata.zi"):
        links = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("L "):
                parts = line.split()
                if len(parts) == 3:
                    links[parts[2]] = parts[1]
        return links
    return {}


def is_zone(name: str) -> bool:
    """Whether zoneinfo knows `name` (canonical or an alias)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _fixed_offset(name: str) -> bool:
    """Etc/GMT+5, Etc/GMT-14: the database's fixed offsets, signs inverted."""
    return name.startswith("Etc/GMT") and len(name) > 8 and name[7] in "+-" and name[8:].isdigit()


def timezone_problem(name: str) -> str | None:
    """Why `name` is not a canonical IANA time zone (with the name to use), or None when it is."""
    if name and not is_zone(name) and is_zone(f"Etc/{name}"):
        name_meant = f"Etc/{name}"  # "GMT+5": some systems lack the old link, the data's own zone is there
    elif not name or not is_zone(name):
        return f"{name!r} is not an IANA time zone; give a name such as Europe/Berlin, America/New_York or UTC"
    else:
        name_meant = None
    canonical = _canonical()
    if name_meant is None and (canonical is None or name in canonical or name in _ALWAYS):
        return None
    if _fixed_offset(name):
        return None  # Etc/GMT+5 written in full: the database's own fixed offsets
    meant = name_meant or _MEANT.get(name) or _links().get(name)
    meant = _MEANT.get(meant, meant) if meant else meant  # Etc/GMT0 -> Etc/GMT -> UTC
    if meant and _fixed_offset(meant):
        offset = ("-" if meant[7] == "+" else "+") + meant[8:]
        return (f"{name!r} is an old alias of {meant}, which is UTC{offset} (POSIX signs are inverted); "
                "give the zone of a city instead, e.g. America/New_York or Asia/Karachi")
    if meant:
        extra = " (EST, MST and HST have no daylight saving)" if name in ("EST", "MST", "HST") else ""
        return f"{name!r} is an old alias, not a canonical IANA time zone{extra}: use {meant}"
    return f"{name!r} is an old alias, not a canonical IANA time zone: use the zone of a city, e.g. Europe/Berlin"


def canonical_timezone(name: str) -> str | None:
    """`name` if canonical, the zone an old alias links to when that one is ("US/Eastern" ->
    "America/New_York"), else None. For a name read from the system, where nobody chose the alias."""
    if timezone_problem(name) is None:
        return name
    target = _links().get(name)
    return target if target and timezone_problem(target) is None else None


def day_in(zone: str, now: "datetime.datetime") -> "datetime.date":
    """The calendar day of the instant `now` (aware) in `zone`: a launch on the 1st in Berlin is not
    the 31st in UTC, nor yet the 1st in Los Angeles."""
    from zoneinfo import ZoneInfo

    return now.astimezone(ZoneInfo(zone)).date()


# the days a person may name (--as-of, ?as_of=): campaigns, histories and charts live between these;
# a day such as 9999-12-31 only overflows the date arithmetic of a flight or a chart's axis
FIRST_DAY, LAST_DAY = dt.date(1970, 1, 1), dt.date(2199, 12, 31)


def checked_day(value: str) -> dt.date:
    """`value` as a day (YYYY-MM-DD) between FIRST_DAY and LAST_DAY; ValueError saying why otherwise."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date as YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{value!r} is outside the days mops judges ({FIRST_DAY.year} to {LAST_DAY.year})")
    return day
