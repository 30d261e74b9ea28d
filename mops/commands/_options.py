"""Option values several commands parse alike."""

from __future__ import annotations

import datetime as dt
from typing import Optional

import typer


def parse_day(value: Optional[str]) -> Optional[dt.date]:
    """A --as-of style day, YYYY-MM-DD; a usage error (exit 2) naming the value otherwise."""
    if value is None:
        return None
    from mops.timezones import checked_day

    try:
        return checked_day(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
