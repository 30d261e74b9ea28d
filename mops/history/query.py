"""`mops history query`: read-only SQL over the history, with no way to reach files or the network.

Three locks, each enough on its own for most attacks: the database is opened read-only; only
SELECT-like statements are accepted (one at a time); and DuckDB's external access is switched off
and the configuration locked before the user's SQL runs, so `read_csv('/etc/passwd')`,
`FROM 'file.csv'`, ATTACH, INSTALL, LOAD, COPY and SET all fail. The function check below only
gives those a clearer message.

Results stream: `open_query` returns the columns as soon as DuckDB has planned the query and hands
out rows in batches as DuckDB produces them (`fetchmany`, never `fetchall`), so the first rows of
`SELECT * FROM facts` over 10M rows are printed in milliseconds and memory stays flat however
many rows follow. `export_parquet` lets DuckDB write the Parquet file itself, through the same
lock: the one path it may write is the temporary file that becomes the output.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mops.errors import InputError, UsageError

TABLES = "facts, campaign_daily, campaigns, imports, crm_segments, campaign_map"
_HINT = f"history query is read-only and cannot read files: query the tables {TABLES}"
_COLUMNS_HINT = '`mops history query "DESCRIBE facts"` lists a table\'s columns'

# Table functions that read files, URLs or other databases.
_FILE_FUNCTIONS = re.compile(
    r"\b(read_\w+|parquet_\w+|sniff_csv|glob|csv_scan|json_scan|delta_scan|iceberg_\w+|sqlite_\w+|postgres_\w+|"
    r"mysql_\w+|duckdb_secrets|load_aws_credentials|httpfs\w*|getenv|query)\s*\(",
    re.IGNORECASE,
)
# `FROM 'file.csv'`: DuckDB reads a quoted path as a table.
_QUOTED_TABLE = re.compile(r"\b(?:FROM|JOIN)\s+('[^']*'|\"[^\"]*[./][^\"]*\")", re.IGNORECASE)
_ALLOWED = {"SELECT", "EXPLAIN"}
BATCH_ROWS = 2048  # one DuckDB vector: the first batch arrives as soon as the first vector does


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def check_sql(sql: str) -> str:
    """Refuse anything but one read-only query; raises InputError naming what was refused.

    Returns the statement's kind (SELECT or EXPLAIN)."""
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
        raise _query_error(exc) from None
    if not statements:
        raise InputError("no SQL given", hint='e.g. mops history query "SELECT * FROM campaigns"')
    if len(statements) > 1:
        raise InputError(f"{len(statements)} statements given; run one query at a time", hint=_HINT)
    kind = statements[0].type.name
    if kind not in _ALLOWED:
        word = sql.strip().split(None, 1)[0].upper() if sql.strip() else kind
        raise InputError(f"{word} statements are not allowed (only SELECT)", hint=_HINT)
    return kind


def lock_down(con: Any, *, writable: str | None = None) -> None:
    """No file, network or extension access from here on, and no way to switch it back.

    `writable` is the one file DuckDB may still write (the temporary file of a Parquet export). The
    paths a lake's connection was allowed when opened (its own Parquet files) stay allowed."""
    if writable is not None:
        allowed = con.execute("SELECT current_setting('allowed_paths')").fetchone()[0] or []
        con.execute("SET allowed_paths = ?", [[*allowed, writable]])
    con.execute("SET enable_external_access = false")
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute("SET lock_configuration = true")


def _query_error(exc: Exception) -> InputError:
    """A DuckDB error as a message naming what to fix: the error, its details (candidate columns,
    the position in the query), and a hint for its kind. Never the Python traceback."""
    import duckdb

    text = str(exc).strip()
    head, _, rest = text.partition("\n")
    details = [line.rstrip().replace("\t", "  ") for line in rest.splitlines() if line.strip()]
    message = head + "".join(f"\n  {line}" for line in details)
    lowered = head.lower()
    if isinstance(exc, duckdb.PermissionException) or "read-only" in lowered or "read only" in lowered:
        return InputError(f"refused: {message}", hint=_HINT)
    if isinstance(exc, duckdb.ParserException):
        return InputError(f"the SQL does not parse: {message}", hint="check the query's syntax near the place marked ^")
    if isinstance(exc, duckdb.CatalogException) and "function" in lowered:
        return InputError(f"the query failed: {message}", hint="`SELECT DISTINCT function_name FROM duckdb_functions()` lists the functions")
    if isinstance(exc, duckdb.CatalogException):
        return InputError(f"the query failed: {message}", hint=f"the tables are {TABLES}; {_COLUMNS_HINT}")
    if isinstance(exc, duckdb.BinderException):
        return InputError(f"the query failed: {message}", hint=_COLUMNS_HINT)
    if isinstance(exc, duckdb.ConversionException):
        return InputError(
            f"a value could not be converted: {message}",
            hint="write the value in the column's type (dates as 'YYYY-MM-DD'), or TRY_CAST(value AS type), which gives NULL where it cannot",
        )
    if isinstance(exc, duckdb.OutOfRangeException):
        return InputError(f"a value is out of range: {message}", hint="compute in a wider type, e.g. CAST(x AS HUGEINT) or CAST(x AS DOUBLE)")
    if isinstance(exc, duckdb.OutOfMemoryException):
        return InputError(f"the query needs more memory than there is: {message}", hint="add a WHERE clause, aggregate, or --limit")
    if "parameters" in lowered:
        return InputError(f"the query failed: {message}", hint="history query takes no parameters: write the values into the SQL")
    return InputError(f"the query failed: {message}", hint=f"fix the query as the message says; {_COLUMNS_HINT}")


class QueryStream:
    """One read-only query under way: `columns` now, rows in batches as DuckDB produces them.

    Use it as a context manager; leaving it (or `close()`) stops the query."""

    def __init__(self, con: Any, result: Any, limit: int | None) -> None:
        self._con = con
        self._result = result
        self._left = limit
        self.columns: list[str] = [d[0] for d in result.description or []]

    def batches(self, size: int = BATCH_ROWS) -> Iterator[list[tuple[Any, ...]]]:
        """Lists of up to `size` rows until the result (or `--limit`) is exhausted."""
        import duckdb

        while self._left is None or self._left > 0:
            want = size if self._left is None else min(size, self._left)
            try:
                rows = self._result.fetchmany(want)
            except duckdb.Error as exc:
                raise _query_error(exc) from None
            except (ValueError, OverflowError) as exc:  # a value Python cannot hold (a date past year 9999...)
                raise InputError(
                    f"a value in the result cannot be shown: {exc}", hint="CAST the column to VARCHAR in the query"
                ) from None
            if not rows:
                return
            if self._left is not None:
                self._left -= len(rows)
            yield rows

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> QueryStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect_locked(location: str, writable: str | None = None, ws: Any = None) -> Any:
    """The read-only connection, locked. A lake with the workspace `ws` gets its campaign map from
    the plans as they are now (`open_history`), as a DuckDB file has it from its last import."""
    from mops.history.store import connect, is_lake_location, open_history

    if ws is not None and is_lake_location(location):
        con = open_history(ws, location, read_only=True)
    else:
        con = connect(location, read_only=True)
    try:
        lock_down(con, writable=writable)
    except BaseException:
        con.close()
        raise
    return con


def open_query(location: str, sql: str, *, limit: int | None = None, ws: Any = None) -> QueryStream:
    """Start one read-only query against the history database; rows are read as they are wanted.

    `ws`, the workspace, gives a Parquet lake its campaign map (a DuckDB file keeps its own)."""
    import duckdb

    check_sql(sql)
    if limit is not None and limit < 0:
        raise UsageError(f"--limit {limit} is negative", hint="give the most rows to print, e.g. --limit 100")
    con = _connect_locked(location, ws=ws)
    try:
        result = con.execute(sql)
    except duckdb.Error as exc:
        con.close()
        raise _query_error(exc) from None
    except BaseException:
        con.close()
        raise
    return QueryStream(con, result, limit)


def run_query(location: str, sql: str, *, limit: int | None = None) -> QueryResult:
    """Run one read-only query and collect its rows (for small results; printing streams)."""
    with open_query(location, sql, limit=limit) as stream:
        rows = [row for batch in stream.batches() for row in batch]
        return QueryResult(stream.columns, rows)


def check_output(target: Path, *, overwrite: bool = False, example: str = "result.csv") -> None:
    """Refuse an --output that cannot be written as given, naming the user's path: a folder, a file
    that exists (without `overwrite`), a parent folder that does not exist (never created: a typo
    would otherwise make folders anywhere, even at /) or is no folder."""
    if target.is_dir():
        raise UsageError(f"--output {target} is a folder", hint=f"name the file to write inside it, e.g. --output {target / example}")
    if target.exists() and not overwrite:
        raise UsageError(f"{target} already exists", hint="give another --output, or --force to replace it")
    parent = target.absolute().parent
    if not parent.exists():
        raise UsageError(f"--output {target}: the folder {parent} does not exist",
                         hint=f"create it first (mkdir -p {parent}), or write somewhere that exists")
    if not parent.is_dir():
        raise UsageError(f"--output {target}: {parent} is not a folder", hint="give a path inside a folder")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"--output {target}: the folder {parent} cannot be written to", hint="write somewhere you may write, or fix its permissions")


def export_parquet(location: str, sql: str, target: Path, *, limit: int | None = None, overwrite: bool = False, ws: Any = None) -> int:
    """Write the result of one read-only SELECT to a Parquet file, atomically; returns the row count.

    DuckDB writes the file (streaming, compressed) into a temporary file beside `target`, the only
    path the locked connection may touch, which then replaces `target` in one rename."""
    import duckdb

    kind = check_sql(sql)
    if kind != "SELECT":
        raise UsageError(f"--format parquet writes the rows of a SELECT, not {kind}", hint="use --format table for EXPLAIN")
    if limit is not None and limit < 0:
        raise UsageError(f"--limit {limit} is negative", hint="give the most rows to write, e.g. --limit 100")
    check_output(target, overwrite=overwrite, example="result.parquet")
    target = target.absolute()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    statement = re.sub(r"[\s;]+$", "", duckdb.extract_statements(sql)[0].query)
    inner = f"SELECT * FROM (\n{statement}\n) LIMIT {int(limit)}" if limit is not None else statement
    try:
        con = _connect_locked(location, writable=tmp, ws=ws)
        try:
            rows = con.execute(f"COPY (\n{inner}\n) TO '{tmp.replace(chr(39), chr(39) * 2)}' (FORMAT parquet, USE_TMP_FILE false)").fetchone()
        except duckdb.Error as exc:
            raise _query_error(exc) from None
        finally:
            con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return int(rows[0]) if rows else 0


QUERY_FORMATS = ("table", "csv", "json", "parquet")


def write_query(location: str, sql: str, target: Path, fmt: str, *, limit: int | None = None, overwrite: bool = False, ws: Any = None) -> int:
    """`mops history query --output FILE`: the rows of one read-only query written to `target` in
    `fmt` (table, csv, json or parquet), whole or not at all; returns how many rows."""
    if fmt == "parquet":
        return export_parquet(location, sql, target, limit=limit, overwrite=overwrite, ws=ws)
    from mops.fsutil import atomic_writer
    from mops.history.output import write_rows

    check_output(target, overwrite=overwrite)
    with open_query(location, sql, limit=limit, ws=ws) as stream, atomic_writer(target) as handle:
        return write_rows(stream.columns, stream.batches(), fmt, handle)
