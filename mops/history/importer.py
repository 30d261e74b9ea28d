"""Load platform exports into `facts`: DuckDB parses, maps the columns and checks every row.

One call imports a batch of files in one transaction. A row that cannot be read becomes a
`Reject` (file, line, reason) and never reaches the table; with `strict` any reject rolls the whole
batch back. Rows replace earlier rows with the same natural key, so re-imports and overlapping
exports never double count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mops.errors import InputError
from mops.history.platforms import SPECS, currency_from_header
from mops.history.schema import CAMPAIGN_KEY_SQL, FACT_COLUMNS, NATURAL_KEY_SQL
from mops.history.sniff import Layout, sniff
from mops.history.sqlfuncs import install_macros

_TEXT = ("account", "platform_campaign_id", "platform_campaign_name", "ad_group", "utm_source", "utm_medium", "utm_campaign")
_INTEGERS = ("impressions", "clicks", "sessions")
_METRICS = ("impressions", "clicks", "sessions", "spend", "conversions", "conversion_value")
_AD_PLATFORMS = ("google_ads", "meta", "linkedin", "tiktok")


@dataclass
class Reject:
    path: str
    line: int | None
    reason: str


@dataclass
class FileResult:
    path: str
    platform: str
    rows_loaded: int = 0
    rows_replaced: int = 0
    rows_rejected: int = 0
    totals_skipped: int = 0
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    files: list[FileResult]
    rejects: list[Reject]
    committed: bool

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)


def import_exports(
    con: Any,
    paths: Sequence[Path],
    *,
    platform: str = "auto",
    strict: bool = False,
    default_currency: str = "EUR",
    plans: Sequence[Any] = (),
    name_of: Callable[[Path], str] = str,
    on_file: Callable[[Path], None] | None = None,
) -> ImportResult:
    """Import every file in one transaction; `name_of` gives the name stored as source_file."""
    layouts = [sniff(Path(p), platform) for p in paths]  # fail fast, before touching the database
    install_macros(con)
    files: list[FileResult] = []
    rejects: list[Reject] = []
    con.execute("BEGIN TRANSACTION")
    try:
        for layout in layouts:
            if on_file:
                on_file(layout.path)
            if layout.platform == "crm":
                from mops.history.crm import import_crm

                result, file_rejects = import_crm(con, layout, name_of(layout.path))
            else:
                result, file_rejects = _import_one(con, layout, name_of(layout.path), default_currency)
            files.append(result)
            rejects.extend(file_rejects)
        if strict and rejects:
            con.execute("ROLLBACK")
            return ImportResult(files, rejects, committed=False)
        from mops.history.attribution import refresh_campaign_map

        refresh_campaign_map(con, plans, force=True)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return ImportResult(files, rejects, committed=True)


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _read_raw(con: Any, layout: Layout) -> dict[str, str]:
    """Load the file as-is into temp table `raw` (with `__line`); returns column -> DuckDB type."""
    import duckdb

    if layout.kind == "parquet":
        source = f"read_parquet({_literal(str(layout.path))})"
        line = "NULL::BIGINT"
    else:
        source = (
            f"read_csv({_literal(str(layout.path))}, header=true, skip={layout.header_line - 1}, "
            f"delim={_literal(layout.delimiter)}, quote='\"', escape='\"', all_varchar=true, null_padding=true)"
        )
        # DuckDB skips blank lines, so this counts data lines after the header (documented).
        line = f"(row_number() OVER () + {layout.header_line})::BIGINT"
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE raw AS SELECT {line} AS __line, * FROM {source}")
    except duckdb.InvalidInputException as exc:
        reason = str(exc).split("\n")[0]
        hint = "re-save the export as UTF-8" if "unicode" in reason.lower() else "check the file opens in a spreadsheet; export it again"
        raise InputError(f"cannot read this export: {reason}", path=layout.path, hint=hint) from None
    return {row[0]: row[1] for row in con.execute("DESCRIBE raw").fetchall()}


def _expressions(layout: Layout, types: dict[str, str], default_currency: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """SQL for each canonical column, and (condition, reason) checks that reject a row."""
    spec = SPECS[layout.platform]
    found = {c: h for c, h in spec.match(list(types)).items()}
    dc = "true" if layout.decimal_comma else "false"
    exprs: dict[str, str] = {}
    checks: list[tuple[str, str]] = []
    for column in _TEXT:
        exprs[column] = f"coalesce(trim(CAST({_q(found[column])} AS VARCHAR)), '')" if column in found else "''"
    if "source_medium" in found:
        sm = _q(found["source_medium"])
        exprs["utm_source"] = f"coalesce(trim(split_part({sm}, ' / ', 1)), '')"
        exprs["utm_medium"] = f"coalesce(trim(split_part({sm}, ' / ', 2)), '')"
    exprs["ga4_channel_group"] = f"nullif(trim({_q(found['ga4_channel_group'])}), '')" if "ga4_channel_group" in found else "NULL"
    exprs["platform"] = f"lower(trim({_q(found['platform'])}))" if "platform" in found else _literal(layout.platform)

    if "date" in found:
        raw_date = _q(found["date"])
        if types[found["date"]] == "VARCHAR":
            exprs["date"] = f"mops_date({raw_date})"
            checks.append((f"mops_date({raw_date}) IS NULL", f"'{found['date']} ' || coalesce('\"' || {raw_date} || '\"', '(empty)') || ' is not a date'"))
        else:
            exprs["date"] = f"CAST({raw_date} AS DATE)"
            checks.append((f"{raw_date} IS NULL", f"'{found['date']} is empty'"))
    else:
        exprs["date"] = "NULL::DATE"
        checks.append(("true", f"'no date column: export with the Day/Date dimension'"))

    for column in _METRICS:
        if column not in found:
            exprs[column] = "NULL"
            continue
        header = found[column]
        raw = _q(header)
        if types[header] == "VARCHAR":
            exprs[column] = f"mops_num({raw}, {dc})"
            checks.append((f"mops_num({raw}, {dc}) IS NULL", f"'{header.replace(chr(39), chr(39) * 2)} \"' || {raw} || '\" is not a number'"))
        else:
            exprs[column] = f"coalesce(CAST({raw} AS DOUBLE), 0)"
        checks.append((f"{exprs[column]} < 0", f"'{header.replace(chr(39), chr(39) * 2)} is negative'"))

    header_currency = currency_from_header(found["spend"]) if "spend" in found else None
    if "currency" in found:
        fallback = _literal(header_currency or default_currency)
        exprs["currency"] = f"coalesce(nullif(upper(trim({_q(found['currency'])})), ''), {fallback})"
    else:
        exprs["currency"] = _literal(header_currency or default_currency)
    checks.append((f"NOT regexp_full_match({exprs['currency']}, '[A-Z]{{3}}')", f"'currency \"' || {exprs['currency']} || '\" is not an ISO code'"))
    if layout.platform in _AD_PLATFORMS or layout.platform == "generic":
        checks.append((f"{exprs['platform_campaign_id']} = '' AND {exprs['platform_campaign_name']} = ''", "'no campaign name or id'"))
    return exprs, checks


def _import_one(con: Any, layout: Layout, source_name: str, default_currency: str) -> tuple[FileResult, list[Reject]]:
    result = FileResult(source_name, layout.platform)
    types = _read_raw(con, layout)
    exprs, checks = _expressions(layout, types, default_currency)
    if "currency" not in SPECS[layout.platform].match(list(types)) and not currency_from_header(
        SPECS[layout.platform].match(list(types)).get("spend", "")
    ) and layout.platform != "ga4":
        result.warnings.append(f"no currency column: amounts taken as {default_currency} (the workspace currency)")

    columns = [c for c in types if c != "__line"]
    first = _q(columns[0]) if columns else "NULL"
    total_cells = [first] + [_q(SPECS[layout.platform].match(list(types))[c]) for c in ("date", "platform_campaign_name") if c in SPECS[layout.platform].match(list(types))]
    is_total = " OR ".join(f"regexp_matches(coalesce(CAST({c} AS VARCHAR), ''), '^\\s*(grand )?totals?\\b', 'i')" for c in total_cells)
    reason = "CASE " + " ".join(f"WHEN {cond} THEN {text}" for cond, text in checks) + " END" if checks else "NULL"
    select = ", ".join(f"{expr} AS {name}" for name, expr in exprs.items())
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE staged AS SELECT __line AS source_line, ({is_total}) AS is_total, "
        f"{reason} AS reject_reason, {select} FROM raw"
    )
    con.execute("DELETE FROM staged WHERE is_total")
    result.totals_skipped = _count(con, "SELECT count(*) FROM raw") - _count(con, "SELECT count(*) FROM staged")
    con.execute("ALTER TABLE staged ADD COLUMN natural_key UBIGINT")
    con.execute("ALTER TABLE staged ADD COLUMN campaign_key UBIGINT")
    con.execute(f"UPDATE staged SET natural_key = {NATURAL_KEY_SQL}, campaign_key = {CAMPAIGN_KEY_SQL} WHERE reject_reason IS NULL")
    _reject_duplicates(con)

    rejects = [
        Reject(source_name, line, reason)
        for line, reason in con.execute("SELECT source_line, reject_reason FROM staged WHERE reject_reason IS NOT NULL ORDER BY source_line").fetchall()
    ]
    result.rows_rejected = len(rejects)
    import_id = _count(con, "SELECT nextval('import_ids')")
    result.rows_replaced = _count(con, "DELETE FROM facts WHERE natural_key IN (SELECT natural_key FROM staged WHERE reject_reason IS NULL)")
    insert_columns = ", ".join(FACT_COLUMNS)
    values = ", ".join(
        {"source_file": _literal(source_name), "import_id": str(import_id)}.get(c, c) for c in FACT_COLUMNS
    )
    result.rows_loaded = _count(con, f"INSERT INTO facts ({insert_columns}) SELECT {values} FROM staged WHERE reject_reason IS NULL")
    result.first_date, result.last_date = con.execute("SELECT min(date), max(date) FROM staged WHERE reject_reason IS NULL").fetchone()
    if result.rows_loaded == 0 and not rejects:
        result.warnings.append("no data rows: the export holds a header only")
    con.execute(
        "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, current_timestamp::TIMESTAMP)",
        [import_id, source_name, layout.platform, result.rows_loaded, result.rows_replaced, result.rows_rejected, result.first_date, result.last_date],
    )
    con.execute("DROP TABLE raw; DROP TABLE staged")
    return result, rejects


def _reject_duplicates(con: Any) -> None:
    """Two lines of one file with the same natural key: the later line wins, the earlier is rejected."""
    dupes = _count(con, "SELECT count(*) FROM (SELECT natural_key FROM staged WHERE natural_key IS NOT NULL GROUP BY 1 HAVING count(*) > 1)")
    if not dupes:
        return
    con.execute(
        "UPDATE staged SET reject_reason = 'same day and campaign as line ' || d.last_line || ' (the later line is kept)', natural_key = NULL "
        "FROM (SELECT natural_key AS k, max(source_line) AS last_line FROM staged WHERE natural_key IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d "
        "WHERE staged.natural_key = d.k AND staged.source_line < d.last_line"
    )


def _count(con: Any, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
