"""History rows and reports written for scripts and people: CSV, JSON and aligned text.

`mops history query` streams its rows through `write_rows` batch by batch (a reader that stops
early, `| head`, costs nothing more); `mops history report --format json` writes `report_object`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TextIO

from mops.models.history import HistoryReport


def write_rows(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], fmt: str, out: TextIO) -> int:
    """Write the rows of `batches` to `out` in `fmt`, flushing after each batch; returns how many.

    csv: Python's csv module, a header line then the rows. json: one array whose elements are
    one object per line, so the whole output parses as JSON and each line after the first is one
    row. table: columns aligned on the widths of the first batch."""
    if fmt == "csv":
        return _csv(columns, batches, out)
    if fmt == "json":
        return _json(columns, batches, out)
    return _table(columns, batches, out)


def _csv(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], out: TextIO) -> int:
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for batch in batches:
        writer.writerows(batch)
        count += len(batch)
        out.flush()
    out.flush()
    return count


def _json(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], out: TextIO) -> int:
    import json

    count = 0
    out.write("[")
    for batch in batches:
        lines = []
        for row in batch:
            record = dict(zip(columns, row))
            try:
                lines.append(json.dumps(record, default=_json_default, ensure_ascii=False, allow_nan=False))
            except ValueError:
                lines.append(json.dumps(_finite(record), default=_json_default, ensure_ascii=False))
        out.write(("\n" if count == 0 else ",\n") + ",\n".join(lines))
        count += len(batch)
        out.flush()
    out.write("\n]\n" if count else "]\n")
    out.flush()
    return count


def _table(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], out: TextIO) -> int:
    def cells(row: Sequence[Any]) -> list[str]:
        return ["" if v is None else str(v) for v in row]

    batches = iter(batches)
    rows = [cells(row) for row in next(batches, [])]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]

    def write(lines: list[list[str]]) -> None:
        out.write("".join("  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip() + "\n" for line in lines))
        out.flush()

    write([list(columns), *rows])
    count = len(rows)
    for batch in batches:
        write([cells(row) for row in batch])
        count += len(batch)
    return count


def _json_default(value: Any) -> Any:
    """What json cannot write itself: DECIMAL money as a number, dates as ISO text, the rest as text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def _finite(value: Any) -> Any:
    """NaN and infinity have no JSON spelling: null."""
    import math

    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


def json_ready(value: Any) -> Any:
    """JSON numbers for DECIMAL money columns, ISO text for dates; anything else as it is."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def report_object(table: HistoryReport) -> dict[str, Any]:
    """`mops history report --format json`: the rows as objects (with, for `unattributed`, what to
    add to which plan and why), the query and its parameters, and the notes."""
    records = [{k: json_ready(v) for k, v in r.items()} for r in table.records()]
    for record, detail in zip(records, table.details):
        record["add"] = detail.add
        record["evidence"] = [e.model_dump(mode="json", exclude_none=True) for e in detail.evidence]
    return {"report": table.name, "rows": records, "query": table.query, "params": [json_ready(p) for p in table.params], "notes": table.notes}
