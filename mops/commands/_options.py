"""Option values several commands parse alike."""

from __future__ import annotations

import datetime as dt
from typing import Optional

import typer


def parse_day(value: Optional[str]) -> Optional[dt.date]:
    """A --as-of style day, YYYY-MM-DD; a usage error (exit 2) naming the value otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date as YYYY-MM-DD") from None
