"""`mops history query`: read-only SQL over the history, with no way to reach files or the network.

Three locks, each enough on its own for most attacks: the database is opened read-only; only
SELECT-like statements are accepted (one at a time); and DuckDB's external access is switched off
and the configuration locked before the user's SQL runs, so `read_csv('/etc/passwd')`,
`FROM 'file.csv'`, ATTACH, INSTALL, LOAD, COPY and SET all fail. The function check below only
gives those a clearer message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mops.errors import InputError

_HINT = "history query is read-only and cannot read files: query the tables facts, campaign_daily, campaigns, imports, crm_segments"

# Table functions that read files, URLs or other databases.
_FILE_FUNCTIONS = re.compile(
    r"\b(read_\w+|parquet_\w+|sniff_csv|glob|csv_scan|json_scan|delta_scan|iceberg_\w+|sqlite_\w+|postgres_\w+|"
    r"mysql_\w+|duckdb_secrets|load_aws_credentials|httpfs\w*|getenv|query)\s*\(",
    re.IGNORECASE,
)
# `FROM 'file.csv'`: DuckDB reads a quoted path as a table.
_QUOTED_TABLE = re.compile(r"\b(?:FROM|JOIN)\s+('[^']*'|\"[^\"]*[./][^\"]*\")", re.IGNORECASE)
_ALLOWED = {"SELECT", "EXPLAIN"}


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def check_sql(sql: str) -> None:
    """Refuse anything but one read-only query; raises InputError naming what was refused."""
    import duckdb

    found = _FILE_FUNCTIONS.search(sql)
    if found:
        raise InputError(f"reading files from SQL is not allowed: {found.group(1)}()", hint=_HINT)
    quoted = _QUOTED_TABLE.search(sql)
    if quoted:
        raise InputError(f"reading files from SQL is not allowed: {quoted.group(1)}", hint=_HINT)
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise InputError(f"the SQL does not parse: {str(exc).splitlines()[0]}", hint="check the query's syntax") from None
    if not statements:
        raise InputError("no SQL given", hint='e.g. mops history query "SELECT * FROM campaigns"')
    if len(statements) > 1:
        raise InputError(f"{len(statements)} statements given; run one query at a time", hint=_HINT)
    kind = statements[0].type.name
    if kind not in _ALLOWED:
        word = sql.strip().split(None, 1)[0].upper() if sql.strip() else kind
        raise InputError(f"{word} statements are not allowed (only SELECT)", hint=_HINT)


def lock_down(con: Any) -> None:
    """No file, network or extension access from here on, and no way to switch it back."""
    con.execute("SET enable_external_access = false")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute("SET lock_configuration = true")


def run_query(location: str, sql: str, *, limit: int | None = None) -> QueryResult:
    """Run one read-only query against the history database."""
    import duckdb

    from mops.history.store import connect

    check_sql(sql)
    con = connect(location, read_only=True)
    try:
        lock_down(con)
        try:
            relation = con.execute(sql)
            rows = relation.fetchmany(limit) if limit else relation.fetchall()
            columns = [d[0] for d in relation.description or []]
        except duckdb.PermissionException as exc:
            raise InputError(f"refused: {str(exc).splitlines()[0]}", hint=_HINT) from None
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0]
            if "read-only" in message.lower() or "read only" in message.lower():
                raise InputError(f"refused: {message}", hint=_HINT) from None
            raise InputError(f"the query failed: {message}", hint="`mops history query \"DESCRIBE facts\"` lists the columns") from None
    finally:
        con.close()
    return QueryResult(columns, rows)
