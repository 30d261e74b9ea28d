"""Opening the history database: a DuckDB file in the workspace (or an md:/s3: location)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mops.errors import ConfigError, InputError

REMOTE_PREFIXES = ("md:", "motherduck:", "s3://", "gs://", "http://", "https://")


def db_location(ws: Any, override: str | None = None) -> str:
    """Where the history lives: `--db`, else mops.yaml `history.db`, relative to the workspace."""
    location = override or ws.config.history.db
    if location.startswith(REMOTE_PREFIXES) or location == ":memory:":
        return location
    return str(ws.path(location)) if not Path(location).is_absolute() else location


def connect(location: str, *, read_only: bool = False) -> Any:
    """A connection with the schema in place; read-only connections need an existing database."""
    import duckdb

    from mops.history.schema import create_schema

    is_file = not location.startswith(REMOTE_PREFIXES) and location != ":memory:"
    if is_file and read_only and not Path(location).exists():
        raise InputError(
            "no campaign history yet", path=location,
            hint="import exports first: mops history import exports/*.csv",
        )
    if is_file:
        Path(location).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(location, read_only=read_only)
    except duckdb.Error as exc:
        raise ConfigError(
            f"cannot open the history database: {exc}", path=location,
            hint="another mops process may be writing to it; or set history.db in mops.yaml",
        ) from None
    if not read_only:
        create_schema(con)
    return con


def open_history(ws: Any, override: str | None = None) -> Any:
    """A connection to an existing history with campaign ids current with the workspace's plans.

    What other commands (brief enrichment, pacing, review) call before querying `campaign_daily`.
    """
    from mops.history.attribution import refresh_campaign_map

    location = db_location(ws, override)
    connect(location, read_only=True).close()  # refuses a missing database, with a hint, before creating one
    con = connect(location)
    refresh_campaign_map(con, ws.plans())
    return con
