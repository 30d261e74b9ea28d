"""What `mops history` returns: an import (per file what was loaded, every rejected row, what was skipped), a report,
the past campaigns most like a planned one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from mops.models._base import Result
from mops.models.results import Evidence, Observation


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


class PlanAdvice(Result):
    """For one row of `report unattributed`: what to add to which plan (plan file and entry), and why."""

    add: dict[str, str] | None = Field(None, description="The platform_campaigns entry to add, when a plan fits.")
    evidence: list[Evidence] = Field(default_factory=list)


class HistoryReport(Result):
    """A `mops history report`: its columns and rows, the SQL that made them with its parameters, notes."""

    name: str
    columns: list[str]
    rows: list[tuple[Any, ...]] = Field(description="One tuple per row, its values in the order of `columns`.")
    query: str = Field(description="The SQL that made the rows; `params` fill its ? marks.")
    params: list[Any] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    details: list[PlanAdvice] = Field(default_factory=list, description="Per row of `unattributed`: what to add to which plan and why.")

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


class Target(Result):
    """The planned campaign `mops history similar` compares past ones with (criteria not given are left out)."""

    objective_words: list[str] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)
    budget: float | None = None
    month: int | None = Field(default=None, ge=1, le=12)


class SimilarCampaign(Result):
    """A past campaign, how alike it is (score 0-1, and per criterion), and its figures with their sources."""

    campaign: str
    score: float
    parts: dict[str, float]
    budget: float | None
    spend: float | None
    currency: str
    days: int | None
    roas: float | None
    channels: list[str]
    start: dt.date | None
    evidence: list[Evidence] = Field(default_factory=list)


class SimilarResult(Result):
    """What `mops history similar` returns: the target, the best matches, and what they say together."""

    target: Target
    measure: str = "weighted mean of channel Jaccard (0.35), budget log-ratio (0.30), season month distance (0.20), objective word Jaccard (0.15)"
    matches: list[SimilarCampaign]
    summary: list[Observation]
