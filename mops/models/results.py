"""The result types every reasoning command returns: Finding, Observation, Evidence.

Lint rules return `Finding`s (a problem at a place in a file, maybe with a fix). Checks that reason
over data (launch, pacing, review, brief enrichment) return `Observation`s: a short statement with
the evidence it rests on, so a person can check the machine's reasoning.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mops.models._base import Result
from mops.models.severity import Severity


class Edit(Result):
    """Replace `text[start:end]` (character offsets into the decoded file) with `replacement`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    replacement: str


class Fix(Result):
    """A change that resolves a finding. `safe` fixes are applied by `--fix`; others are suggestions."""

    description: str
    edits: list[Edit] = Field(default_factory=list)
    safe: bool = True


class Finding(Result):
    """One problem at one place: what `mops lint` and every check report."""

    code: str = Field(description="Stable rule code, such as UTM001 or COPY003.")
    severity: Severity = Severity.warning
    path: str = Field(description="File path relative to the workspace (or as given), '-' for stdin.")
    line: int = Field(default=1, ge=1, description="1-based line in the original file.")
    column: int = Field(default=1, ge=1, description="1-based column (characters) in the original line.")
    end_line: int | None = Field(default=None, ge=1)
    end_column: int | None = Field(default=None, ge=1)
    message: str
    fix: Fix | None = None

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Evidence(Result):
    """What an observation rests on: a place in a file, a row of data, a query, or an utterance."""

    kind: Literal["file", "row", "query", "utterance"] = "file"
    path: str | None = None
    line: int | None = Field(default=None, ge=1)
    row: dict[str, str | int | float | bool | None] | None = None
    query: str | None = None
    quote: str | None = Field(default=None, description="The exact text cited (an utterance, a cell).")
    speaker: str | None = None
    utterance: str | None = Field(default=None, description="Id of the transcript utterance quoted (u1, u2...).")
    note: str | None = Field(default=None, description="How the evidence bears on the value, e.g. 'superseded by line 31'.")

    def describe(self) -> str:
        """One line a person can follow back to the source."""
        if self.kind == "query" and self.query:
            return f"query: {self.query}"
        where = self.path or ""
        if self.line is not None:
            where = f"{where}:{self.line}"
        if self.kind == "utterance" and self.quote:
            who = f"{self.speaker}: " if self.speaker else ""
            return f'{where} "{who}{self.quote}"'
        if self.kind == "row" and self.row:
            cells = ", ".join(f"{k}={v}" for k, v in self.row.items())
            return f"{where} ({cells})" if where else cells
        return where


class Observation(Result):
    """A statement a check makes, with its evidence, e.g. 'segment size differs by 12% (tolerance 5%)'."""

    statement: str
    severity: Severity = Severity.info
    code: str | None = Field(default=None, description="Stable code of the check that made it, if any.")
    figures: dict[str, float | int | str | bool | None] = Field(
        default_factory=dict, description="The numbers the statement rests on (sizes, expected size, gap_pct, amounts), as numbers.",
    )
    evidence: list[Evidence] = Field(default_factory=list)
