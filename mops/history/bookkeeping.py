"""The `imports` table: one row per file imported, numbered from the table itself.

Every importer (platform exports in `importer.py`, CRM aggregates in `crm.py`) takes its number
here before writing its rows and records the file here after, so `history query` and `privacy
forget` see every import alike.
"""

from __future__ import annotations

from typing import Any

from mops.models.history import FileResult


def next_import_id(con: Any) -> int:
    """Numbered from the table itself, so a database copied by `privacy forget` keeps counting on."""
    row = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def record_import(con: Any, import_id: int, result: FileResult) -> None:
    """The file's row in `imports`: its name, platform, row counts and days, stamped with the time."""
    con.execute(
        "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, current_timestamp::TIMESTAMP)",
        [import_id, result.path, result.platform, result.rows_loaded, result.rows_replaced, result.rows_rejected,
         result.first_date, result.last_date],
    )
