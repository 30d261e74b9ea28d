"""History as a Parquet lake: `mops history export --parquet DIR` writes one, every reader reads one.

A lake is a folder (or an `s3://` / `gs://` prefix) holding

```
facts/platform=<platform>/month=<YYYY-MM>/*.parquet    hive partitioning; the files hold every other column
crm_segments.parquet
imports.parquet
```

Readers open it as an in-memory DuckDB connection whose `facts`, `crm_segments` and `imports`
are views over `read_parquet(..., hive_partitioning = true)`, each column cast to the type the
schema gives it, beside the same `campaign_map` table and `campaign_daily` / `campaigns` views a
DuckDB file has: every report, query and pacing check runs the same SQL on either. A lake is
read-only: mops never imports into one (import into a DuckDB file, then export).

The read-only query lock (`mops.history.query.lock_down`) switches external access off; a local
lake's connection is allowed exactly the lake's Parquet files (`allowed_paths`, listed when the lake
is opened), a remote one its prefix (`allowed_directories`), so user SQL reads nothing else.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mops.errors import InputError, UsageError
from mops.history.sqlquote import literal

LAKE_PREFIXES = ("s3://", "s3a://", "gs://", "gcs://", "r2://")
LAKE_TABLES = ("crm_segments", "imports")  # one Parquet file each; `facts` is partitioned
MARKER = "imports.parquet"  # every lake has it (written even when empty): how a folder is told to be one
EXPORT_MEMORY = "1GB"
_DEFAULTS = {"campaign_type": "''", "placement": "''"}  # columns a lake from an older mops may lack


DATABASE_SUFFIXES = (".duckdb", ".db", ".ddb")


def is_remote_lake(location: str) -> bool:
    """An object-store prefix of Parquet files; a DuckDB file kept there (…/history.duckdb) is not one."""
    return location.startswith(LAKE_PREFIXES) and not location.rstrip("/").lower().endswith(DATABASE_SUFFIXES)


def is_lake(location: str) -> bool:
    """Whether a history location is a Parquet lake: an object-store prefix or a local folder."""
    return is_remote_lake(location) or Path(location).is_dir()


def _join(location: str, name: str) -> str:
    return location.rstrip("/") + "/" + name


# --- reading ---------------------------------------------------------------------------------


def open_lake(location: str) -> Any:
    """An in-memory connection with the history schema, `facts`, `crm_segments` and `imports` read
    from the lake at `location`, and an empty `campaign_map` (`open_history` fills it from the plans)."""
    import duckdb

    from mops.history.schema import create_schema

    remote = is_remote_lake(location)
    if not remote and not (Path(location) / MARKER).is_file():
        raise InputError(
            f"{location} is a folder but not a history lake (it has no {MARKER})",
            path=location,
            hint=f"history.db (or --db) names a DuckDB file or a lake that `mops history export --parquet {location}` wrote",
        )
    con = duckdb.connect()
    try:
        if remote:
            _prepare_remote(con, location)
            facts_source: str | None = literal(_join(location, "facts/**/*.parquet"))
            sources = {table: literal(_join(location, f"{table}.parquet")) for table in LAKE_TABLES}
            con.execute("SET allowed_directories = ?", [[location.rstrip("/") + "/"]])
        else:
            root = Path(location).absolute()
            facts_files = sorted(str(p) for p in (root / "facts").rglob("*.parquet")) if (root / "facts").is_dir() else []
            table_files = {table: root / f"{table}.parquet" for table in LAKE_TABLES}
            facts_source = "[" + ", ".join(literal(f) for f in facts_files) + "]" if facts_files else None
            sources = {table: literal(str(path)) for table, path in table_files.items() if path.is_file()}
            allowed = facts_files + [str(path) for path in table_files.values() if path.is_file()]
            con.execute("SET allowed_paths = ?", [allowed])
        create_schema(con)
        if facts_source is not None:
            _view(con, "facts", f"read_parquet({facts_source}, hive_partitioning = true, hive_types_autocast = false, union_by_name = true)",
                  remote=remote)
        for table, source in sources.items():
            _view(con, table, f"read_parquet({source})", remote=remote)
    except duckdb.Error as exc:
        con.close()
        raise InputError(
            f"cannot read the history lake: {str(exc).splitlines()[0]}", path=location,
            hint=_REMOTE_HINT if remote else "export it again: mops history export --parquet DIR --force",
        ) from None
    except BaseException:
        con.close()
        raise
    return con


_REMOTE_HINT = (
    "a remote lake needs DuckDB's httpfs extension and credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY "
    "(AWS_REGION) in the environment for s3://, or a DuckDB persistent secret (CREATE PERSISTENT SECRET ...); see docs/history.md"
)


def _view(con: Any, table: str, source: str, *, remote: bool) -> None:
    """Replace the schema's empty `table` by a view over `source`, each column cast to its schema
    type (a column the files lack is its default, or NULL)."""
    import duckdb

    wanted = con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {table})").fetchall()
    try:
        present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    except duckdb.IOException as exc:
        if remote and "no files found" in str(exc).lower():
            return  # an empty remote facts/ folder: the empty table stands
        raise
    columns = []
    for name, kind in wanted:
        value = f'"{name}"' if name in present else _DEFAULTS.get(name, "NULL")
        columns.append(f'CAST({value} AS {kind}) AS "{name}"')
    con.execute(f"DROP TABLE {table}")
    con.execute(f"CREATE VIEW {table} AS SELECT {', '.join(columns)} FROM {source}")


def _prepare_remote(con: Any, location: str) -> None:
    """httpfs loaded now (the query lock switches auto-loading off), persistent secrets read, and
    for s3:// a session secret from the AWS_* environment variables when they are set."""
    con.execute("INSTALL httpfs")
    con.execute("LOAD httpfs")
    con.execute("SELECT count(*) FROM duckdb_secrets()").fetchone()  # loads ~/.duckdb/stored_secrets before any lock
    for statement, params in remote_secret_statements(location, os.environ):
        con.execute(statement, params)


def remote_secret_statements(location: str, environ: Any) -> list[tuple[str, list[Any]]]:
    """The CREATE SECRET mops runs for an s3:// lake when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
    are set (scoped to the lake; region and session token when given). Nothing otherwise: DuckDB's
    persistent secrets then apply."""
    if not location.startswith(("s3://", "s3a://")):
        return []
    key, secret = environ.get("AWS_ACCESS_KEY_ID"), environ.get("AWS_SECRET_ACCESS_KEY")
    if not key or not secret:
        return []
    parts = ["TYPE s3", "PROVIDER config", f"KEY_ID {literal(key)}", f"SECRET {literal(secret)}", f"SCOPE {literal(location)}"]
    region = environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
    if region:
        parts.append(f"REGION {literal(region)}")
    if environ.get("AWS_SESSION_TOKEN"):
        parts.append(f"SESSION_TOKEN {literal(environ['AWS_SESSION_TOKEN'])}")
    return [(f"CREATE OR REPLACE SECRET mops_lake ({', '.join(parts)})", [])]


def refuse_write(location: str) -> InputError:
    """The error for writing (importing) into a lake."""
    return InputError(
        f"{location} is a Parquet lake, which mops only reads: nothing is imported into it",
        path=location,
        hint=("import into a DuckDB file and export it: mops history import exports/ --db .mops/history.duckdb, "
              f"then mops history export --parquet {location} --force"),
    )


# --- writing ---------------------------------------------------------------------------------


@dataclass
class LakeExport:
    """What `export_lake` wrote."""

    path: str
    rows: dict[str, int] = field(default_factory=dict)
    partitions: int = 0
    files: int = 0


def export_lake(location: str, target: str | Path, *, overwrite: bool = False) -> LakeExport:
    """Write the history at `location` (a DuckDB file, md: database or another lake) to the folder
    `target` as a lake, whole or not at all: everything goes into a temporary folder beside it,
    which then takes its place (an existing lake only with `overwrite`)."""
    import duckdb

    from mops.history.schema import FACT_COLUMNS
    from mops.history.store import connect

    if is_remote_lake(str(target)):
        raise UsageError(
            f"--parquet {target}: mops writes a lake to a local folder only",
            hint="export to a folder, then copy it up: aws s3 sync DIR s3://bucket/prefix (gcloud storage rsync for gs://)",
        )
    target = Path(target).absolute()
    _check_target(target, overwrite)
    con = connect(location, read_only=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".export", dir=target.parent))
    try:
        result = LakeExport(path=str(target))
        facts_dir = tmp / "facts"
        facts_dir.mkdir()
        columns = ", ".join(f'"{c}"' for c in FACT_COLUMNS)
        try:
            # A partitioned write buffers every open partition: 4.2 GB for 10M rows unbounded, 1.1 GB
            # at the same speed with this limit (DuckDB flushes partitions sooner).
            con.execute(f"SET memory_limit = '{EXPORT_MEMORY}'")
            result.rows["facts"] = int(con.execute("SELECT count(*) FROM facts").fetchone()[0])
            if result.rows["facts"]:
                con.execute(
                    f"COPY (SELECT {columns}, strftime(date, '%Y-%m') AS month FROM facts) "
                    f"TO {literal(str(facts_dir))} (FORMAT parquet, PARTITION_BY (platform, month), OVERWRITE_OR_IGNORE true)"
                )
            for table in LAKE_TABLES:
                result.rows[table] = int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                con.execute(f"COPY (SELECT * FROM {table}) TO {literal(str(tmp / f'{table}.parquet'))} (FORMAT parquet)")
        except duckdb.Error as exc:
            raise InputError(f"cannot export the history: {str(exc).splitlines()[0]}", path=str(target),
                             hint="check there is room beside the folder, and that the history opens (mops history report freshness)") from None
        finally:
            con.close()
        result.partitions = sum(1 for p in facts_dir.glob("platform=*/month=*") if p.is_dir())
        result.files = sum(1 for _ in tmp.rglob("*.parquet"))
        for path in [tmp, *tmp.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        _swap(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return result


def _check_target(target: Path, overwrite: bool) -> None:
    parent = target.parent
    if not parent.is_dir():
        raise UsageError(f"--parquet {target}: the folder {parent} does not exist",
                         hint=f"create it first (mkdir -p {parent}), or export somewhere that exists")
    if target.exists() and not target.is_dir():
        raise UsageError(f"--parquet {target} is a file, not a folder", hint="name a folder for the lake")
    if target.is_dir() and any(target.iterdir()):
        if not (target / MARKER).is_file():
            raise UsageError(f"--parquet {target} is a folder holding other files: a lake is never written over them",
                             hint="name a new or empty folder")
        if not overwrite:
            raise UsageError(f"{target} already holds a history lake", hint="give --force to replace it with this export")


def _swap(tmp: Path, target: Path) -> None:
    """`tmp` becomes `target`; an existing `target` is moved aside first and put back if the rename fails."""
    if not target.exists():
        os.replace(tmp, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.rmdir(old)
    os.replace(target, old)
    try:
        os.replace(tmp, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
