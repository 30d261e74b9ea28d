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
    region: str = "US",
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

                result, file_rejects = import_crm(con, layout, name_of(layout.path), region)
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
    """Expose the file as temp view `raw` (with `__line`); returns column -> DuckDB type."""
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
        con.execute(f"CREATE OR REPLACE TEMP VIEW raw AS SELECT {line} AS __line, * FROM {source}")
        return {row[0]: row[1] for row in con.execute("DESCRIBE raw").fetchall()}
    except duckdb.Error as exc:
        raise _unreadable(layout, exc) from None


def _unreadable(layout: Layout, exc: Exception) -> InputError:
    reason = str(exc).split("\n")[0]
    hint = "re-save the export as UTF-8" if "unicode" in reason.lower() else "check the file opens in a spreadsheet; export it again"
    return InputError(f"cannot read this export: {reason}", path=layout.path, hint=hint)


def _quote_text(header: str) -> str:
    return header.replace("'", "''")


def _expressions(layout: Layout, types: dict[str, str], default_currency: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """SQL for each canonical column (over `raw`), and (condition, reason) checks over the parsed `v_` columns."""
    spec = SPECS[layout.platform]
    found = spec.match(list(types))
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
        raw_date, label = _q(found["date"]), _quote_text(found["date"])
        if types[found["date"]] == "VARCHAR":
            exprs["date"] = f"mops_date({raw_date})"
            checks.append(("v_date IS NULL", f"'{label} ' || coalesce('\"' || {raw_date} || '\"', '(empty)') || ' is not a date'"))
        else:
            exprs["date"] = f"CAST({raw_date} AS DATE)"
            checks.append(("v_date IS NULL", f"'{label} is empty'"))
    else:
        raise InputError(
            f"this {layout.platform} export has no date column: history is kept per day", path=layout.path,
            line=layout.header_line if layout.kind == "csv" else None,
            hint=f"export again with the Day (or Date) dimension; accepted headers: {', '.join(spec.columns['date'])}",
        )

    for column in _METRICS:
        if column not in found:
            exprs[column] = "NULL"
            continue
        header = found[column]
        raw, label = _q(header), _quote_text(header)
        if types[header] == "VARCHAR":
            exprs[column] = f"mops_num({raw}, {dc})"
            checks.append((f"v_{column} IS NULL", f"'{label} \"' || {raw} || '\" is not a number'"))
        else:
            exprs[column] = f"coalesce(CAST({raw} AS DOUBLE), 0)"
        checks.append((f"v_{column} < 0", f"'{label} is negative'"))

    header_currency = currency_from_header(found["spend"]) if "spend" in found else None
    if "currency" in found:
        fallback = _literal(header_currency or default_currency)
        exprs["currency"] = f"coalesce(nullif(upper(trim({_q(found['currency'])})), ''), {fallback})"
    else:
        exprs["currency"] = _literal(header_currency or default_currency)
    checks.append(("NOT regexp_full_match(v_currency, '[A-Z]{3}')", "'currency \"' || v_currency || '\" is not an ISO code'"))
    if layout.platform in _AD_PLATFORMS or layout.platform == "generic":
        checks.append(("v_platform_campaign_id = '' AND v_platform_campaign_name = ''", "'no campaign name or id'"))
    return exprs, checks


def _import_one(con: Any, layout: Layout, source_name: str, default_currency: str) -> tuple[FileResult, list[Reject]]:
    import duckdb

    result = FileResult(source_name, layout.platform)
    types = _read_raw(con, layout)
    spec = SPECS[layout.platform]
    found = spec.match(list(types))
    exprs, checks = _expressions(layout, types, default_currency)
    if layout.platform != "ga4" and "currency" not in found and not currency_from_header(found.get("spend", "")):
        result.warnings.append(f"no currency column: amounts taken as {default_currency} (the workspace currency)")

    # Totals rows ("Total: Account", GA4's "Grand total") are reports' sums, never data.
    columns = [c for c in types if c != "__line"]
    total_cells = [
        c for c in dict.fromkeys([columns[0], *(found[c] for c in ("date", "platform_campaign_name") if c in found)]) if types[c] == "VARCHAR"
    ]
    is_total = " OR ".join(
        f"coalesce(lower(ltrim({_q(c)})) LIKE 'total%' OR lower(ltrim({_q(c)})) LIKE 'grand total%', false)" for c in total_cells
    ) or "false"
    reason = "CASE " + " ".join(f"WHEN {cond} THEN {text}" for cond, text in checks) + " END"
    parsed = ", ".join(f"{expr} AS v_{name}" for name, expr in exprs.items())
    named = ", ".join(f"v_{name} AS {name}" for name in exprs)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE staged AS SELECT *, {NATURAL_KEY_SQL} AS natural_key, {CAMPAIGN_KEY_SQL} AS campaign_key FROM ("
            f"SELECT __line AS source_line, __total AS is_total, {reason} AS reject_reason, {named} FROM ("
            f"SELECT raw.*, ({is_total}) AS __total, {parsed} FROM raw))"
        )
    except duckdb.InvalidInputException as exc:
        raise _unreadable(layout, exc) from None
    result.totals_skipped = _count(con, "SELECT count(*) FROM staged WHERE is_total")
    _reject_duplicates(con)

    rejects = [
        Reject(source_name, line, reason)
        for line, reason in con.execute(
            "SELECT source_line, reject_reason FROM staged WHERE reject_reason IS NOT NULL AND NOT is_total ORDER BY source_line"
        ).fetchall()
    ]
    result.rows_rejected = len(rejects)
    good = "FROM staged WHERE reject_reason IS NULL AND NOT is_total"
    import_id = next_import_id(con)
    if _count(con, "SELECT count(*) FROM (SELECT 1 FROM facts LIMIT 1)"):
        result.rows_replaced = _count(con, f"DELETE FROM facts WHERE natural_key IN (SELECT natural_key {good})")
    values = ", ".join({"source_file": _literal(source_name), "import_id": str(import_id)}.get(c, c) for c in FACT_COLUMNS)
    con.execute("SET preserve_insertion_order = false")  # facts has no order; lets DuckDB insert in parallel
    try:
        result.rows_loaded = _count(con, f"INSERT INTO facts ({', '.join(FACT_COLUMNS)}) SELECT {values} {good}")
    finally:
        con.execute("RESET preserve_insertion_order")
    result.first_date, result.last_date = con.execute(f"SELECT min(date), max(date) {good}").fetchone()
    if result.rows_loaded == 0 and not rejects:
        result.warnings.append("no data rows: the export holds a header only")
    con.execute(
        "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, current_timestamp::TIMESTAMP)",
        [import_id, source_name, layout.platform, result.rows_loaded, result.rows_replaced, result.rows_rejected, result.first_date, result.last_date],
    )
    con.execute("DROP VIEW raw; DROP TABLE staged")
    return result, rejects


def _reject_duplicates(con: Any) -> None:
    """Two lines of one file with the same natural key: the later line wins, the earlier is rejected."""
    ok = "reject_reason IS NULL AND NOT is_total"
    dupes = _count(con, f"SELECT count(*) FROM (SELECT natural_key FROM staged WHERE {ok} GROUP BY 1 HAVING count(*) > 1)")
    if not dupes:
        return
    con.execute(
        "UPDATE staged SET reject_reason = 'same day and campaign as line ' || d.last_line || ' (the later line is kept)' "
        f"FROM (SELECT natural_key AS k, max(source_line) AS last_line FROM staged WHERE {ok} GROUP BY 1 HAVING count(*) > 1) d "
        "WHERE staged.natural_key = d.k AND staged.source_line < d.last_line AND staged.reject_reason IS NULL AND NOT staged.is_total"
    )


def next_import_id(con: Any) -> int:
    """Numbered from the table itself, so a database copied by `privacy forget` keeps counting on."""
    return _count(con, "SELECT coalesce(max(import_id), 0) + 1 FROM imports")


def _count(con: Any, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
