"""Opening the history: a DuckDB file in the workspace, a MotherDuck database (`md:name`), or a
Parquet lake (a folder, or an `s3://` / `gs://` prefix; `mops.history.lake`), read with the same SQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mops.errors import ConfigError, InputError
from mops.history.sqlquote import literal

REMOTE_PREFIXES = ("md:", "motherduck:", "s3://", "gs://", "http://", "https://")


def is_file_location(location: str) -> bool:
    """Whether a history location is a local DuckDB file, existing or not (not md:, s3:, http:,
    :memory: or a lake folder)."""
    return not location.startswith(REMOTE_PREFIXES) and location != ":memory:" and not Path(location).is_dir()


def is_lake_location(location: str) -> bool:
    """Whether a history location is a Parquet lake (a folder, or an s3:// / gs:// prefix)."""
    from mops.history.lake import is_lake

    return location != ":memory:" and is_lake(location)


def motherduck_read_only(location: str) -> str:
    """A read-only MotherDuck connection scoped to its one database, without local file access
    (`attach_mode=single`, `saas_mode=true`) unless the location says otherwise."""
    base, _, query = location.partition("?")
    params = [p for p in query.split("&") if p]
    keys = {p.split("=", 1)[0] for p in params}
    params += [p for p in ("attach_mode=single", "saas_mode=true") if p.split("=")[0] not in keys]
    return base + "?" + "&".join(params)


def db_location(ws: Any, override: str | None = None) -> str:
    """Where the history lives: `--db`, else mops.yaml `history.db`, relative to the workspace."""
    location = override or ws.config.history.db
    if location.startswith(REMOTE_PREFIXES) or location == ":memory:":
        return location
    return str(ws.path(location)) if not Path(location).is_absolute() else location


def connect(location: str, *, read_only: bool = False) -> Any:
    """A connection with the schema in place; read-only connections need an existing database.

    A lake is opened read-only as `mops.history.lake.open_lake` builds it (empty campaign map);
    writing to one is refused (InputError, exit 2: import into a DuckDB file and export)."""
    import duckdb

    from mops.history.schema import create_schema

    if is_lake_location(location):
        from mops.history.lake import open_lake, refuse_write

        if not read_only:
            raise refuse_write(location)
        return open_lake(location)
    if read_only and location.startswith(("md:", "motherduck:")):
        location = motherduck_read_only(location)
    is_file = is_file_location(location)
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


def open_history(ws: Any, override: str | None = None, *, read_only: bool = False) -> Any:
    """A connection to an existing history with campaign ids current with the workspace's plans.

    What commands that read history (brief enrichment, pacing, review) call before querying
    `campaign_daily`. With `read_only`, the file is never written: it is attached READ_ONLY to an
    in-memory database that holds the same tables and views, `facts`, `crm_segments` and `imports`
    read through to the file, and the campaign map the file's own when it was built from the plans
    as they are now (the signature `mops history import` stores with it matches), else rebuilt in
    memory from them (a scan of every fact's campaign: 1-4 s over 10M rows, which a review or a
    pacing check on an unchanged workspace need not pay). duckdb errors reading the file propagate.
    """
    from mops.history.attribution import plans_signature, refresh_campaign_map

    location = db_location(ws, override)
    types = ws.config.history.campaign_types
    if is_lake_location(location):  # read-only whatever is asked: the campaign map is built in memory
        return _prepared(connect(location, read_only=True), lambda con: refresh_campaign_map(con, ws.plans(), force=True, campaign_types=types))
    connect(location, read_only=True).close()  # refuses a missing database, with a hint, before creating one
    if not read_only:
        return _prepared(connect(location), lambda con: refresh_campaign_map(con, ws.plans(), campaign_types=types))
    import duckdb

    from mops.history.schema import create_schema

    def attached(con: Any) -> None:
        con.execute(f"ATTACH {literal(location)} AS stored (READ_ONLY)")
        create_schema(con)
        for table in ("facts", "crm_segments", "imports"):
            con.execute(f"DROP TABLE {table}")
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM stored.{table}")
        signature = plans_signature(ws.plans(), types)
        stored = con.execute("SELECT value FROM stored.meta WHERE key = 'plans_signature'").fetchone()
        if stored is not None and stored[0] == signature:
            con.execute("DROP TABLE campaign_map")
            con.execute("CREATE VIEW campaign_map AS SELECT * FROM stored.campaign_map")
        else:
            refresh_campaign_map(con, ws.plans(), force=True, campaign_types=types)

    return _prepared(duckdb.connect(), attached)


def _prepared(con: Any, prepare: Any) -> Any:
    """`con` once `prepare(con)` has run; closed if it fails (a plan that does not read must not leave
    the file open: the MCP server and the team's page live on and open it again)."""
    try:
        prepare(con)
    except BaseException:
        con.close()
        raise
    return con
