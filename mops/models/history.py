"""What `mops history import` returns: per file what was loaded, every rejected row, what was skipped."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from mops.models._base import Result


class Reject(Result):
    """A row that was not imported: the file (as stored in source_file), its line, and why."""

    path: str
    line: int | None = Field(description="Line in the file (Parquet files have none).")
    reason: str


class FileResult(Result):
    """One file imported: rows loaded, replaced (same day and campaign as earlier), rejected, and its days."""

    path: str
    platform: str
    rows_loaded: int = 0
    rows_replaced: int = 0
    rows_rejected: int = 0
    totals_skipped: int = Field(0, description="Totals rows (a report's sums) passed over, never data.")
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    warnings: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class Skipped(Result):
    """A file in a folder imported that is not an export, and why it was passed over."""

    path: str
    reason: str


class ImportResult(Result):
    """Results of `mops history import`: every file, every rejected row; nothing stored unless committed."""

    files: list[FileResult]
    rejects: list[Reject]
    committed: bool = Field(description="False when --strict found rejects: the database stays as it was.")
    skipped: list[Skipped] = Field(default_factory=list)
    rejects_file: str | None = Field(None, description="Where the rejected rows were written (CSV), when there were any.")

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)
