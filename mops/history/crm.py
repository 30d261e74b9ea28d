"""CRM exports: only segment sizes and aggregates reach the history, never a personal value.

The export is read and aggregated in a separate in-memory DuckDB connection; the history database
only ever receives one row per segment: its member count, how many members have an email or a
phone number, sums of numeric non-personal columns, and counts of small categorical ones (at most
`MAX_CATEGORIES` distinct values, so no free text slips through). Personal columns are decided by
`mops.history.personal.personal_kinds` (the PII module, from headers and sample values).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from mops.history.bookkeeping import next_import_id, record_import
from mops.history.personal import personal_kinds
from mops.history.platforms import CRM_SEGMENT_HEADERS
from mops.history.sniff import Layout
from mops.history.sqlfuncs import install_macros
from mops.history.sqlquote import identifier, literal
from mops.models.history import FileResult, Reject

MAX_CATEGORIES = 10
SAMPLE_ROWS = 200  # values shown to the PII detector per column


def snapshot_date(name: str) -> dt.date:
    """The day the export was taken: the last YYYY-MM-DD in its file name, else today."""
    found = re.findall(r"(\d{4}-\d{2}-\d{2})", name)
    for text in reversed(found):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            continue
    return dt.date.today()


def _aggregate(layout: Layout, region: str) -> tuple[dict[str, dict[str, Any]], list[str], list[Reject]]:
    import duckdb

    mem = duckdb.connect()
    install_macros(mem)
    if layout.kind == "parquet":
        source = f"read_parquet({literal(str(layout.read_path))})"
    else:
        source = (
            f"read_csv({literal(str(layout.read_path))}, header=true, skip={layout.header_line - 1}, delim={literal(layout.delimiter)}, "
            "quote='\"', escape='\"', all_varchar=true, null_padding=true)"
        )
    mem.execute(f"CREATE TABLE crm AS SELECT (row_number() OVER () + {layout.header_line})::BIGINT AS __line, * FROM {source}")
    headers = [r[0] for r in mem.execute("DESCRIBE crm").fetchall() if r[0] != "__line"]
    segment = next(h for h in headers if h.strip().lower() in CRM_SEGMENT_HEADERS)
    sample_rows = mem.execute(f"SELECT * EXCLUDE (__line) FROM crm LIMIT {SAMPLE_ROWS}").fetchall()
    samples = {h: [str(row[i]) for row in sample_rows if row[i] is not None] for i, h in enumerate(headers)}
    kinds = personal_kinds([h for h in headers if h != segment], samples, region=region)
    seg = identifier(segment)
    rejects = [
        Reject(path=str(layout.path), line=line, reason=f"{segment} is empty")
        for (line,) in mem.execute(f"SELECT __line FROM crm WHERE coalesce(trim({seg}), '') = '' ORDER BY 1").fetchall()
    ]
    mem.execute(f"DELETE FROM crm WHERE coalesce(trim({seg}), '') = ''")
    emails = [h for h, kind in kinds.items() if kind == "email"]
    phones = [h for h, kind in kinds.items() if kind == "phone"]

    def present(columns: list[str]) -> str:
        if not columns:
            return "0"
        return "count(*) FILTER (WHERE " + " OR ".join(f"coalesce(trim({identifier(c)}), '') <> ''" for c in columns) + ")"

    segments: dict[str, dict[str, Any]] = {}
    for name, members, with_email, with_phone in mem.execute(
        f"SELECT trim({seg}), count(*), {present(emails)}, {present(phones)} FROM crm GROUP BY 1 ORDER BY 1"
    ).fetchall():
        segments[name] = {"members": members, "with_email": with_email, "with_phone": with_phone, "metrics": {}}
    for column in headers:
        if column == segment or column in kinds:
            continue
        col = identifier(column)
        numeric = mem.execute(f"SELECT bool_and(mops_num({col}, {str(layout.decimal_comma).lower()}) IS NOT NULL) FROM crm").fetchone()[0]
        if numeric:
            for name, total in mem.execute(f"SELECT trim({seg}), round(sum(mops_num({col}, {str(layout.decimal_comma).lower()})), 2) FROM crm GROUP BY 1").fetchall():
                segments[name]["metrics"][column] = {"sum": total}
            continue
        distinct = mem.execute(f"SELECT count(DISTINCT {col}) FROM crm").fetchone()[0]
        if distinct <= MAX_CATEGORIES:
            for name, value, count in mem.execute(f"SELECT trim({seg}), coalesce(trim({col}), ''), count(*) FROM crm GROUP BY 1, 2 ORDER BY 1, 2").fetchall():
                segments[name]["metrics"].setdefault(column, {})[value] = count
    mem.close()
    return segments, sorted(kinds), rejects


def import_crm(con: Any, layout: Layout, source_name: str, region: str = "US") -> tuple[FileResult, list[Reject]]:
    """Store the export's per-segment aggregates; a re-import of the same day replaces them."""
    segments, personal, rejects = _aggregate(layout, region)
    for reject in rejects:
        reject.path = source_name
    day = snapshot_date(layout.path.name)
    import_id = next_import_id(con)
    replaced = 0
    if segments:
        replaced = con.execute(
            f"DELETE FROM crm_segments WHERE snapshot_date = ? AND segment IN ({', '.join('?' * len(segments))})", [day, *segments]
        ).fetchone()[0]
        con.executemany(
            "INSERT INTO crm_segments VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(day, name, s["members"], s["with_email"], s["with_phone"], json.dumps(s["metrics"], sort_keys=True), source_name, import_id)
             for name, s in segments.items()],
        )
    result = FileResult(path=source_name, platform="crm", rows_loaded=len(segments), rows_replaced=replaced, rows_rejected=len(rejects),
                        first_date=day, last_date=day)
    result.notes.append(f"stored segment sizes and aggregates only; personal columns not stored: {', '.join(personal) or '(none found)'}")
    record_import(con, import_id, result)
    return result, rejects
