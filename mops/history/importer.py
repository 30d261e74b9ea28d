"""Load platform exports into `facts`: DuckDB parses, maps the columns and checks every row.

One call imports a batch of files in one transaction. A row that cannot be read becomes a
`Reject` (file, line, reason) and never reaches the table; with `strict` any reject rolls the whole
batch back. Rows replace earlier rows with the same natural key, so re-imports and overlapping
exports never double count.
"""

from __future__ import annotations

import codecs
import csv
import os
import stat
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from mops.errors import InputError, UsageError
from mops.history.bookkeeping import next_import_id, record_import
from mops.history.crm import import_crm
from mops.history.platforms import PlatformSpec, currency_from_header, normalise_header, with_columns
from mops.history.schema import CAMPAIGN_KEY_SQL, FACT_COLUMNS, NATURAL_KEY_SQL
from mops.history.sniff import AudienceList, Layout, check_readable, sniff
from mops.history.sqlfuncs import install_macros
from mops.history.sqlquote import identifier, literal
from mops.models.history import FileResult, ImportResult, Reject, Skipped

_TEXT = ("account", "platform_campaign_id", "platform_campaign_name", "ad_group", "utm_source", "utm_medium", "utm_campaign",
         "campaign_type")
# Files a folder import reads; anything else in the folder is listed as skipped, never read.
EXPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet")
# Date headers of English exports: slash dates under them have no implied day-first order.
_REPORT_STARTS = frozenset({"reporting starts", "berichtsbeginn", "début des rapports", "inicio del informe"})
_ENGLISH_DATE_HEADERS = frozenset({"day", "date", "reporting starts", "start date (in utc)", "by day", "stat time day"})
_INTEGERS = ("impressions", "clicks", "sessions")
_METRICS = ("impressions", "clicks", "sessions", "spend", "conversions", "conversion_value")
_AD_PLATFORMS = ("google_ads", "meta", "linkedin", "tiktok")


def expand_paths(paths: Sequence[Path]) -> tuple[list[Path], list[Skipped]]:
    """The export files named or found (recursively, in name order) in the folders named.

    Anything that cannot be read is an InputError naming it (a folder that cannot be listed, a broken
    link, a FIFO, a file without read permission): an import never passes over data silently. Hidden
    entries (`.DS_Store`, `.git`) are ignored; other files that are not exports (by suffix: csv, tsv,
    txt, parquet) are returned as skipped, so the command can say so.
    """
    files: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()

    def walk(folder: Path) -> None:
        real = os.path.realpath(folder)
        if real in seen:  # a link back up the tree
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            raise InputError(f"cannot read this folder: {exc.strerror}", path=folder,
                             hint="fix its permissions, or import the other files by name; nothing was imported") from None
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            try:
                mode = os.stat(path).st_mode
            except OSError:
                check_readable(path)  # raises, naming the broken link or the unreadable entry
                raise
            if stat.S_ISDIR(mode):
                walk(path)
            elif stat.S_ISREG(mode) and path.suffix.lower() not in EXPORT_SUFFIXES:
                skipped.append(Skipped(path=str(path), reason="not an export (csv, tsv, txt or parquet)"
                                       + (": save it as CSV to import it" if path.suffix.lower() in (".xlsx", ".xls") else "")))
            else:
                check_readable(path)
                files.append(path)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                raise InputError("cannot read this folder: permission denied", path=path, hint="fix its permissions; nothing was imported")
            walk(path)
        else:
            files.append(path)
    unique: dict[str, Path] = {}
    for path in files:  # a file named and also inside a folder named is imported once
        unique.setdefault(os.path.realpath(path), path)
    return list(unique.values()), skipped


def import_into_workspace(
    ws: Any,
    paths: Sequence[Path],
    *,
    db: str | None = None,
    platform: str = "auto",
    strict: bool = False,
    encoding: str | None = None,
    date_order: str | None = None,
    rejects_file: Path | None = None,
    on_file: Callable[[Path, int, int], None] | None = None,
) -> ImportResult:
    """`mops history import`: the files into the workspace's history (or `db`), with its currency, region,
    plans, columns, date order and campaign types; any rejected rows written to `rejects_file` (default
    `.mops/rejects/last-import.csv`, also when `strict` rolled the import back), named in the result."""
    from mops.history.rejects import default_rejects_file, write_rejects
    from mops.history.store import connect, db_location

    con = connect(db_location(ws, db))
    try:
        result = import_exports(
            con, paths, platform=platform, strict=strict, default_currency=ws.config.currency,
            region=ws.config.default_region, plans=ws.plans(), name_of=lambda p: ws.relative(Path(p)), on_file=on_file,
            encoding=encoding, columns=ws.config.history.columns, date_order=date_order or ws.config.history.date_order,
            campaign_types=ws.config.history.campaign_types,
        )
    finally:
        con.close()
    if result.rejects:
        target = rejects_file or default_rejects_file(ws)
        write_rejects(target, result.rejects)
        result.rejects_file = str(target)
    return result


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
    on_file: Callable[[Path, int, int], None] | None = None,
    encoding: str | None = None,
    columns: Mapping[str, Any] | None = None,
    date_order: str | None = None,
    campaign_types: Mapping[str, str] | None = None,
) -> ImportResult:
    """Import every file (folders: every export in them) in one transaction; `name_of` gives the name stored as source_file.

    `encoding` overrides detection; `columns` is mops.yaml `history.columns`; `date_order` ("dmy" or
    "mdy") reads slash dates no row of a file disambiguates.
    """
    if date_order not in (None, "dmy", "mdy"):
        raise UsageError(f"unknown date order {date_order!r}", hint="use dmy (31/12/2026) or mdy (12/31/2026)")
    specs = with_columns(columns)
    files_in, skipped = expand_paths(paths)
    if not files_in:
        raise InputError("no export files found", path=", ".join(str(p) for p in paths),
                         hint="give CSV, TSV or Parquet exports, or a folder holding them")
    layouts = []
    for given in files_in:  # fail fast, before touching the database
        try:
            layouts.append(sniff(Path(given), platform, specs=specs, encoding=encoding))
        except AudienceList as exc:
            skipped.append(Skipped(path=str(given), reason=exc.message))
    if not layouts:
        raise InputError("no campaign history in these files", path=", ".join(s.path for s in skipped),
                         hint="give ad-platform, GA4 or CRM exports; audience lists are read by `mops launch check`")
    install_macros(con)
    files: list[FileResult] = []
    rejects: list[Reject] = []
    with tempfile.TemporaryDirectory(prefix="mops-import-") as scratch:
        con.execute("BEGIN TRANSACTION")
        try:
            for number, layout in enumerate(layouts):
                if on_file:
                    on_file(layout.path, number, len(layouts))
                if layout.needs_copy:
                    layout = replace(layout, source=_utf8_copy(layout, Path(scratch) / f"{number}.csv"))
                if layout.platform == "crm":
                    result, file_rejects = _guarded(layout, lambda: import_crm(con, layout, name_of(layout.path), region))
                else:
                    result, file_rejects = _guarded(
                        layout, lambda: _import_one(con, layout, name_of(layout.path), default_currency, specs[layout.platform], date_order)
                    )
                if layout.encoding not in ("utf-8", "utf-8-sig"):
                    result.notes.append(f"read as {_ENCODING_NAMES.get(layout.encoding, layout.encoding)}"
                                        + ("" if encoding else " (detected; give --encoding if the text looks wrong)"))
                files.append(result)
                rejects.extend(file_rejects)
                if layout.source is not None:
                    layout.source.unlink(missing_ok=True)
            if strict and rejects:
                con.execute("ROLLBACK")
                return ImportResult(files=files, rejects=rejects, committed=False, skipped=skipped)
            from mops.history.attribution import refresh_campaign_map

            _warn_unknown_campaign_types(con, files, campaign_types)
            refresh_campaign_map(con, plans, force=True, campaign_types=campaign_types)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return ImportResult(files=files, rejects=rejects, committed=True, skipped=skipped)


def _warn_unknown_campaign_types(con: Any, files: list[FileResult], taught: Mapping[str, str] | None) -> None:
    """One warning per file naming the campaign types no table (nor mops.yaml history.campaign_types) knows."""
    from mops.history.attribution import CAMPAIGN_TYPE_CHANNELS, known_campaign_type, other_channel

    names = [f.path for f in files if f.rows_loaded]
    if not names:
        return
    rows = con.execute(
        "SELECT source_file, platform, campaign_type, count(DISTINCT campaign_key) FROM facts "
        "WHERE campaign_type <> '' AND platform = 'google_ads' AND source_file IN (SELECT unnest(?)) GROUP BY ALL ORDER BY 1, 4 DESC, 3", [names]
    ).fetchall()
    unknown: dict[str, list[tuple[str, str, int]]] = {}
    for source, platform, campaign_type, campaigns in rows:
        if known_campaign_type(campaign_type, taught) is None:
            unknown.setdefault(source, []).append((platform, campaign_type, campaigns))
    for result in files:
        found = unknown.get(result.path)
        if not found:
            continue
        listed = ", ".join(f"'{t}' ({n} campaign{'s' if n != 1 else ''})" for _, t, n in found[:8]) + (" ..." if len(found) > 8 else "")
        result.warnings.append(
            f"campaign types mops does not know: {listed}: their campaigns take the channel a word of their name says "
            f"(Search, PMax, Shopping...), else {other_channel(found[0][0])}, never paid_search by default; "
            f"teach mops in mops.yaml: history: {{campaign_types: {{'{found[0][1]}': CHANNEL}}}}, CHANNEL one of "
            f"{', '.join(sorted(set(CAMPAIGN_TYPE_CHANNELS.values())))} (or a plan's platform_campaigns channel)"
        )


_ENCODING_NAMES = {"cp1252": "Windows-1252", "latin-1": "Latin-1 (ISO 8859-1)", "iso8859-1": "Latin-1 (ISO 8859-1)",
                   "utf-16": "UTF-16", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE"}


def _utf8_copy(layout: Layout, target: Path) -> Path:
    """The file as UTF-8 with LF line ends (CRLF become LF, so every line keeps its number)."""
    decoder = codecs.getincrementaldecoder(layout.encoding)(errors="strict")
    lines_done = 0
    carry = ""
    with layout.path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        while True:
            chunk = src.read(4 * 1024 * 1024)
            try:
                text = carry + decoder.decode(chunk, final=not chunk)
            except UnicodeError as exc:
                if not isinstance(exc, UnicodeDecodeError):
                    raise InputError(f"this file cannot be read as {layout.encoding}: {exc}", path=layout.path,
                                     hint="give the encoding it was saved in with --encoding (e.g. utf-8, utf-16, cp1252)") from None
                before = exc.object[: exc.start].decode(layout.encoding, errors="replace")
                raise InputError(
                    f"this file cannot be read as {_ENCODING_NAMES.get(layout.encoding, layout.encoding)}",
                    path=layout.path, line=lines_done + before.count("\n") + 1,
                    hint="give the encoding it was saved in with --encoding (e.g. utf-8, utf-16, cp1252)",
                ) from None
            if lines_done == 0 and text.startswith("\ufeff"):
                text = text[1:]
            carry = ""
            if chunk and text.endswith("\r"):
                text, carry = text[:-1], "\r"
            text = text.replace("\r\n", "\n")
            lines_done += text.count("\n")
            dst.write(text)
            if not chunk:
                break
    return target


def _guarded(layout: Layout, work: Callable[[], tuple[FileResult, list[Reject]]]) -> tuple[FileResult, list[Reject]]:
    """Run one file's import; a DuckDB error becomes an InputError naming the file, the line and what to do."""
    import duckdb

    try:
        return work()
    except duckdb.Error:
        raise _diagnose(layout) from None


def _diagnose(layout: Layout) -> InputError:
    """Why DuckDB could not read a file, found again in Python (its own messages name no line and no fix)."""
    if layout.kind == "parquet":
        return InputError(
            "this Parquet file cannot be read as an export: a column has a type mops cannot convert, or the file is damaged",
            path=layout.path, hint="export it again, or as CSV",
        )
    width = len(layout.headers)
    name = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(layout.delimiter, repr(layout.delimiter))
    try:
        with layout.read_path.open("r", encoding="utf-8-sig", newline="") as handle:
            for _ in range(layout.header_line):
                handle.readline()
            reader = csv.reader(handle, delimiter=layout.delimiter, quotechar='"', strict=True)
            previous_end = layout.header_line
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    start = previous_end + 1
                    if "end of data" in str(exc) or "EOF" in str(exc):
                        return InputError(
                            "a quoted value starts here and is never closed: the file looks cut short", path=layout.path, line=start,
                            hint="download the export again (it may have been truncated), or close the quote",
                        )
                    return InputError(
                        "this line cannot be read as CSV: a quote inside a value is not doubled", path=layout.path, line=start,
                        hint='write a quote inside a quoted value as "" (Excel does), or export the report again',
                    )
                line = previous_end + 1
                previous_end = layout.header_line + reader.line_num
                if len(row) > width and any(c.strip() for c in row[width:]):
                    return InputError(
                        f"this line has {len(row)} {name}-separated cells where the header has {width}",
                        path=layout.path, line=line,
                        hint=f"a value holds a {name} without quotes around it, or the line belongs to another table; "
                        "quote the value or remove the line",
                    )
    except (OSError, UnicodeDecodeError):
        pass
    return InputError(
        f"this file cannot be read as a {name}-separated export", path=layout.path,
        hint="open it in a spreadsheet and save it again as 'CSV UTF-8', then import it again",
    )


def _read_raw(con: Any, layout: Layout) -> dict[str, str]:
    """Expose the file as temp view `raw` (with `__line`); returns column -> DuckDB type. DuckDB errors propagate (see `_guarded`)."""
    if layout.kind == "parquet":
        source = f"read_parquet({literal(str(layout.read_path))})"
        line = "NULL::BIGINT"
    else:
        source = (
            f"read_csv({literal(str(layout.read_path))}, header=true, skip={layout.header_line - 1}, "
            f"delim={literal(layout.delimiter)}, quote='\"', escape='\"', all_varchar=true, null_padding=true)"
        )
        # DuckDB skips blank lines, so this counts data lines after the header (documented).
        line = f"(row_number() OVER () + {layout.header_line})::BIGINT"
    con.execute(f"CREATE OR REPLACE TEMP VIEW raw AS SELECT {line} AS __line, * FROM {source}")
    return {row[0]: row[1] for row in con.execute("DESCRIBE raw").fetchall()}


def _quote_text(header: str) -> str:
    return header.replace("'", "''")


def _is_text(duck_type: str) -> bool:
    return duck_type == "VARCHAR"


def _is_number(duck_type: str) -> bool:
    return duck_type.split("(")[0] in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                                       "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL")


def _date_formats(con: Any, layout: Layout, header: str, date_order: str | None) -> list[str]:
    """strptime formats for this file's dates. Day-first or month-first slash (or dash) dates are
    decided by the file (a first part over 12 is a day, a second part over 12 is a day), else by
    `date_order`, else by a localised date header (German, French and Spanish write the day first);
    a file that leaves it open, or shows both orders, is an error naming the line."""
    formats = ["%d.%m.%y", "%d.%m.%Y"]  # %y first: %Y would read 31.12.26 as the year 26 (year-first dates: _YEAR_FIRST)
    col = "v"  # the cell trimmed, a midnight time dropped (computed once per row below)
    row = con.execute(
        f"SELECT count(*) FILTER (WHERE a > 12), count(*) FILTER (WHERE b > 12), min(__line) FILTER (WHERE a > 12), "
        f"min(__line) FILTER (WHERE b > 12), min(__line), count(*) FROM (SELECT __line, "
        f"TRY_CAST(regexp_extract({col}, '^(\\d{{1,2}})[/-]', 1) AS INTEGER) AS a, "
        f"TRY_CAST(regexp_extract({col}, '^\\d{{1,2}}[/-](\\d{{1,2}})[/-]', 1) AS INTEGER) AS b "
        f"FROM (SELECT __line, {_day_text(identifier(header))} AS v FROM raw) WHERE regexp_full_match({col}, '\\d{{1,2}}/\\d{{1,2}}/(\\d{{2}}|\\d{{4}})|\\d{{1,2}}-\\d{{1,2}}-(\\d{{2}}|\\d{{4}})'))"
    ).fetchone()
    day_first, month_first, day_line, month_line, first_line, total = row
    if not total:
        return formats
    if day_first and month_first:
        raise InputError(
            f"the {header} column mixes day-first dates (line {day_line}) and month-first dates (line {month_line})",
            path=layout.path, line=min(day_line, month_line) if day_line and month_line else None,
            hint="export the report again with one date format (YYYY-MM-DD is safest)",
        )
    order = "dmy" if day_first else "mdy" if month_first else date_order
    if order is None and normalise_header(header) not in _ENGLISH_DATE_HEADERS:
        order = "dmy"
    if order is None:
        raise InputError(
            "dates such as the one on this line could be day-first or month-first (05/06/2026: 5 June or May 6), "
            "and no date in the file tells which",
            path=layout.path, line=first_line,
            hint="pass --date-order dmy (or mdy), or set history.date_order in mops.yaml",
        )
    return [*formats, *(["%d/%m/%y", "%d/%m/%Y", "%d-%m-%y", "%d-%m-%Y"] if order == "dmy" else ["%m/%d/%y", "%m/%d/%Y", "%m-%d-%y", "%m-%d-%Y"])]


# Dates that start with a four-digit year; only they are read year first, so 13/11/26 is never the year 13.
_YEAR_FIRST = ["%Y-%m-%d", "%Y%m%d", "%Y/%m/%d"]
# An ISO timestamp at midnight (2026-11-12T00:00:00, with seconds, fractions or a zone) is that day.
# So is any date shape followed by midnight (31.12.2026 00:00:00, 12/31/2026 12:00:00 AM, as Excel writes them).
_MIDNIGHT = "'^([0-9./-]+)[T ](00?:00(:00(\\.0+)?)? ?(Z|[+-]\\d{2}(:?\\d{2})?|UTC)?|12:00(:00)? ?[Aa][Mm])$'"
_TIME_OF_DAY = "'^[0-9./-]+[T ]\\d{1,2}:\\d{2}'"


def _day_text(text: str) -> str:
    """A date cell trimmed, a midnight time after it dropped."""
    return f"(CASE WHEN length(trim({text})) > 10 THEN regexp_replace(trim({text}), {_MIDNIGHT}, '\\1') ELSE trim({text}) END)"


def _date_sql(text: str, formats: list[str]) -> str:
    """A date cell as a DATE (NULL when unreadable): a date starting with a four-digit year
    (2026-11-13, 2026/11/13, 20261113) by _YEAR_FIRST, any other by `formats`, so 13-11-26 is
    never the year 13."""
    day = _day_text(text)
    year_first = "[" + ", ".join(literal(f) for f in _YEAR_FIRST) + "]"
    others = "[" + ", ".join(literal(f) for f in formats) + "]"
    starts_with_year = ("((d LIKE '____-%' OR d LIKE '____/%' OR length(d) = 8) AND translate(left(d, 4), '0123456789', '') = '')")
    return (f"TRY_CAST((SELECT CASE WHEN {starts_with_year} THEN try_strptime(d, {year_first}) ELSE try_strptime(d, {others}) END "
            f"FROM (SELECT {day} AS d)) AS DATE)")


def _refuse_multi_day_rows(con: Any, layout: Layout, start: str, end: str, start_sql: str) -> None:
    """A Meta export without the Day breakdown sums the whole reporting period into one row per
    campaign; stored under its first day, it would put a month of spend on one day."""
    end_sql = start_sql.replace(identifier(start), identifier(end))
    row = con.execute(
        f"SELECT __line, {identifier(start)}, {identifier(end)} FROM raw "
        f"WHERE {end_sql} IS NOT NULL AND {start_sql} IS NOT NULL AND {end_sql} <> {start_sql} ORDER BY __line NULLS LAST LIMIT 1"
    ).fetchone()
    if row:
        raise InputError(
            f"this row sums several days ({start} {row[1]}, {end} {row[2]}): history is kept per day", path=layout.path, line=row[0],
            hint="export it again with Breakdown > By time > Day (one row per campaign and day)",
        )


def _placement_sql(found: dict[str, str]) -> str:
    """Meta's publisher platform and placement as one slug: `instagram_stories`, `facebook_feed`, `audience_network`."""

    def slug(column: str) -> str:
        return f"trim(regexp_replace(strip_accents(lower(coalesce(trim(CAST({identifier(found[column])} AS VARCHAR)), ''))), '[^a-z0-9]+', '_', 'g'), '_')"

    def phrase(text: str, otherwise: str) -> str:
        known = " ".join(f"WHEN {text} = {literal(k)} THEN {literal(v)}" for k, v in _PLACEMENT_WORDS.items())
        return f"(CASE {known} ELSE {otherwise} END)"

    def words(text: str) -> str:
        # a name no phrase knows, word by word: connecting words dropped ("Explorar de" -> explorar),
        # "und"/"et"/"y" read as "and", each known word in English
        table = " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in _PLACEMENT_WORD_BY_WORD.items())
        return (f"array_to_string(list_filter(list_transform(string_split({text}, '_'), lambda w: CASE w {table} ELSE w END), "
                f"lambda w: w <> ''), '_')")

    def position(text: str) -> str:
        return phrase(text, phrase(words(text), words(text)))

    if "publisher_platform" in found and "placement" in found:
        pub, pos = slug("publisher_platform"), slug("placement")
        # "Instagram" + "Instagram Stories" (or "Reels Instagram") is instagram_stories, not instagram_instagram_stories
        bare = position(f"trim(regexp_replace('_' || {pos} || '_', '_' || {pub} || '_', '_'), '_')")
        return f"CASE WHEN {pub} = '' THEN {position(pos)} WHEN {bare} = '' THEN {pub} ELSE {pub} || '_' || {bare} END"
    if "publisher_platform" in found:
        return slug("publisher_platform")
    if "placement" in found:
        return position(slug("placement"))
    return "''"


# Meta placement names in the German, French and Spanish UI -> the English slug (others are kept as slugs).
_PLACEMENT_WORDS = {
    "fil_d_actualite": "feed", "fil_d_actualites": "feed", "fil": "feed", "noticias": "feed", "seccion_de_noticias": "feed",
    "feed_de_noticias": "feed", "news_feed": "feed",
    "storys": "stories", "historias": "stories", "story": "stories",
    "reels_de_facebook": "reels", "reels_d_instagram": "reels",
    "entdecken": "explore", "explorer": "explore", "explorar": "explore",
    "videofeeds": "video_feeds", "fils_video": "video_feeds", "feeds_de_video": "video_feeds",
    "in_stream_videos": "in_stream_video", "videos_in_stream": "in_stream_video",
    "posteingang": "inbox", "boite_de_reception": "inbox", "bandeja_de_entrada": "inbox", "messenger_inbox": "inbox",
    "suchergebnisse": "search_results", "resultats_de_recherche": "search_results", "resultados_de_busqueda": "search_results",
}
# Single words of localised placement names (after the phrases above): connecting words go, the rest in English.
_PLACEMENT_WORD_BY_WORD = {
    **dict.fromkeys(("de", "del", "la", "le", "les", "las", "los", "el", "d", "du", "des", "von", "der", "die", "das", "den", "dans",
                     "sur", "auf", "en"), ""),
    "und": "and", "et": "and", "y": "and", "e": "and",
    "explorar": "explore", "explorer": "explore", "entdecken": "explore",
    "historias": "stories", "storys": "stories", "story": "stories",
    "natif": "native", "nativo": "native", "nativ": "native", "native": "native",
    "banniere": "banner", "bannieres": "banner", "interstitiel": "interstitial", "intersticial": "interstitial",
}


def _expressions(
    con: Any, layout: Layout, spec: PlatformSpec, types: dict[str, str], default_currency: str, date_order: str | None
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """SQL for each canonical column (over `raw`), and (condition, reason) checks over the parsed `v_` columns."""
    found = spec.match([t for t in types if t != "__line"])
    dc = "true" if layout.decimal_comma else "false"
    exprs: dict[str, str] = {}
    checks: list[tuple[str, str]] = []
    for column in _TEXT:
        exprs[column] = f"coalesce(trim(CAST({identifier(found[column])} AS VARCHAR)), '')" if column in found else "''"
    if "source_medium" in found:
        sm = identifier(found["source_medium"])
        exprs["utm_source"] = f"coalesce(trim(split_part(CAST({sm} AS VARCHAR), ' / ', 1)), '')"
        exprs["utm_medium"] = f"coalesce(trim(split_part(CAST({sm} AS VARCHAR), ' / ', 2)), '')"
    exprs["ga4_channel_group"] = f"nullif(trim(CAST({identifier(found['ga4_channel_group'])} AS VARCHAR)), '')" if "ga4_channel_group" in found else "NULL"
    exprs["platform"] = f"lower(trim(CAST({identifier(found['platform'])} AS VARCHAR)))" if "platform" in found else literal(layout.platform)
    exprs["placement"] = _placement_sql(found)

    if "date" in found:
        raw_date, label = identifier(found["date"]), _quote_text(found["date"])
        kind = types[found["date"]]
        if kind in ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S"):
            exprs["date"] = f"CAST({raw_date} AS DATE)"
            checks.append(("v_date IS NULL", f"'{label} is empty'"))
        else:
            text = raw_date if _is_text(kind) else f"CAST({raw_date} AS VARCHAR)"
            formats = _date_formats(con, layout, found["date"], date_order) if _is_text(kind) else []
            exprs["date"] = _date_sql(text, formats)
            checks.append((f"v_date IS NULL AND regexp_matches(trim({text}), {_TIME_OF_DAY})",
                           f"'{label} \"' || {text} || '\" has a time of day: history is kept per day (a midnight timestamp reads as "
                           f"its day); export the report with the Day breakdown'"))
            checks.append(("v_date IS NULL", f"'{label} ' || coalesce('\"' || {text} || '\"', '(empty)') || ' is not a date'"))
            checks.append(("year(v_date) NOT BETWEEN 1970 AND 2199",
                           f"'{label} \"' || {text} || '\" is not a plausible day (the year ' || year(v_date) || '): write the year with four digits'"))
        if "date_end" in found and normalise_header(found["date"]) in _REPORT_STARTS:
            _refuse_multi_day_rows(con, layout, found["date"], found["date_end"], exprs["date"])
    else:
        raise InputError(
            f"this {layout.platform} export has no date column: history is kept per day", path=layout.path,
            line=layout.header_line if layout.kind == "csv" else None,
            hint=f"export again with the Day (or Date) dimension; accepted headers: {', '.join(spec.columns['date'][:6])}",
        )

    for column in _METRICS:
        if column not in found:
            exprs[column] = "NULL"
            continue
        header = found[column]
        raw, label = identifier(header), _quote_text(header)
        if _is_number(types[header]):
            exprs[column] = f"coalesce(CAST({raw} AS DOUBLE), 0)"
        else:
            text = raw if _is_text(types[header]) else f"CAST({raw} AS VARCHAR)"
            exprs[column] = f"mops_num({text}, {dc})"
            checks.append((f"v_{column} IS NULL", f"'{label} \"' || {text} || '\" is not a number'"))
        shown = raw if _is_text(types[header]) else f"CAST({raw} AS VARCHAR)"
        checks.append((f"v_{column} < 0", f"'{label} \"' || {shown} || '\" is negative: a refund or credit, which history cannot store as the figures of a day; "
                       f"remove the row, or net it against the positive amount of that day'"))
        if column in ("spend", "conversion_value"):  # DECIMAL(18, 2) in facts
            checks.append((f"abs(v_{column}) >= 1e16", f"'{label} is too large'"))
        elif column != "conversions":  # BIGINT in facts
            checks.append((f"abs(v_{column}) >= 9e18", f"'{label} is too large'"))

    header_currency = currency_from_header(found["spend"]) if "spend" in found else None
    if "currency" in found:
        fallback = literal(header_currency or default_currency)
        exprs["currency"] = f"coalesce(nullif(upper(trim(CAST({identifier(found['currency'])} AS VARCHAR))), ''), {fallback})"
    else:
        exprs["currency"] = literal(header_currency or default_currency)
    checks.append(("NOT regexp_full_match(v_currency, '[A-Z]{3}')", "'currency \"' || v_currency || '\" is not an ISO code'"))
    if layout.platform in _AD_PLATFORMS or layout.platform == "generic":
        checks.append(("v_platform_campaign_id = '' AND v_platform_campaign_name = ''", "'no campaign name or id'"))
    return exprs, checks


def _import_one(
    con: Any, layout: Layout, source_name: str, default_currency: str, spec: PlatformSpec, date_order: str | None = None
) -> tuple[FileResult, list[Reject]]:
    result = FileResult(path=source_name, platform=layout.platform)
    types = _read_raw(con, layout)
    found = spec.match([t for t in types if t != "__line"])
    exprs, checks = _expressions(con, layout, spec, types, default_currency, date_order)
    if layout.platform != "ga4" and "currency" not in found and not currency_from_header(found.get("spend", "")):
        result.warnings.append(f"no currency column: amounts taken as {default_currency} (the workspace currency)")

    # Totals rows ("Total: Account", GA4's "Grand total") are reports' sums, never data.
    columns = [c for c in types if c != "__line"]
    total_cells = [
        c for c in dict.fromkeys([columns[0], *(found[c] for c in ("date", "platform_campaign_name") if c in found)]) if types[c] == "VARCHAR"
    ]
    totals = ("total%", "grand total%", "gesamt%", "summe%", "insgesamt%")  # English, French, Spanish; German
    is_total = " OR ".join(
        "coalesce(" + " OR ".join(f"lower(ltrim({identifier(c)})) LIKE {literal(t)}" for t in totals) + ", false)" for c in total_cells
    ) or "false"
    reason = "CASE " + " ".join(f"WHEN {cond} THEN {text}" for cond, text in checks) + " END"
    parsed = ", ".join(f"{expr} AS v_{name}" for name, expr in exprs.items())
    named = ", ".join(f"v_{name} AS {name}" for name in exprs)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE staged AS SELECT *, {NATURAL_KEY_SQL} AS natural_key, {CAMPAIGN_KEY_SQL} AS campaign_key FROM ("
        f"SELECT __line AS source_line, __total AS is_total, {reason} AS reject_reason, {named} FROM ("
        f"SELECT raw.*, ({is_total}) AS __total, {parsed} FROM raw))"
    )
    result.totals_skipped = _count(con, "SELECT count(*) FROM staged WHERE is_total")
    _reject_duplicates(con)

    rejects = [
        Reject(path=source_name, line=line, reason=reason)
        for line, reason in con.execute(
            "SELECT source_line, reject_reason FROM staged WHERE reject_reason IS NOT NULL AND NOT is_total ORDER BY source_line"
        ).fetchall()
    ]
    result.rows_rejected = len(rejects)
    good = "FROM staged WHERE reject_reason IS NULL AND NOT is_total"
    import_id = next_import_id(con)
    if _count(con, "SELECT count(*) FROM (SELECT 1 FROM facts LIMIT 1)"):
        result.rows_replaced = _count(con, f"DELETE FROM facts WHERE natural_key IN (SELECT natural_key {good})")
    values = ", ".join({"source_file": literal(source_name), "import_id": str(import_id)}.get(c, c) for c in FACT_COLUMNS)
    con.execute("SET preserve_insertion_order = false")  # facts has no order; lets DuckDB insert in parallel
    try:
        result.rows_loaded = _count(con, f"INSERT INTO facts ({', '.join(FACT_COLUMNS)}) SELECT {values} {good}")
    finally:
        con.execute("RESET preserve_insertion_order")
    result.first_date, result.last_date = con.execute(f"SELECT min(date), max(date) {good}").fetchone()
    if result.rows_loaded == 0 and not rejects:
        result.warnings.append("no data rows: the export holds a header only")
    record_import(con, import_id, result)
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


def _count(con: Any, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
