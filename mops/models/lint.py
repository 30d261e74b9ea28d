"""What `mops lint` (and `mops brief check`, `mops utm check`) returns: the findings, the rules
that ran, counts, run-level notes and the errors that stopped a run. Formatters render it."""

from __future__ import annotations

from pydantic import Field

from mops.models._base import Result
from mops.models.results import Finding, Severity
from mops.models.severity import at_or_above
from mops.models.severity import count as severity_count


class RuleInfo(Result):
    """A rule's metadata as formatters need it (SARIF's `rules`, the markdown summary)."""

    code: str
    name: str
    summary: str = Field(description="First line of the rule's documentation.")
    severity: Severity
    fixable: bool = False
    help_uri: str | None = None


class RunNote(Result):
    """Something about the run as a whole, said once (not a finding: it never fails the lint)."""

    id: str = Field(description="What the note is about, e.g. 'no-channel'.")
    message: str
    paths: list[str] = Field(default_factory=list, description="The files it is about.")


class RunError(Result):
    """Why the lint could not run to the end (exit 2): a path it could not read, a bad setting."""

    message: str
    path: str | None = Field(default=None, description="The file or folder it is about, if any.")
    line: int | None = None
    hint: str | None = Field(default=None, description="What to do about it.")


class LintReport(Result):
    """The result of `mops lint` (and brief and URL checks) as Python callers get it: every finding.

    `mops lint --format json` writes a versioned summary of it instead (docs/output-formats.md)."""

    findings: list[Finding] = Field(default_factory=list)
    rules: list[RuleInfo] = Field(default_factory=list, description="Every rule that ran, for formatters that describe them.")
    files_checked: int = 0
    fixes_applied: int = 0
    root: str | None = Field(default=None, description="Folder that finding paths are relative to.")
    notes: list[RunNote] = Field(default_factory=list, description="Run-level notes, e.g. the files that had no channel.")
    errors: list[RunError] = Field(default_factory=list, description="Why the run stopped (exit 2); empty when it ran.")

    def count(self, severity: Severity) -> int:
        return severity_count(self.findings, severity)

    def at_or_above(self, threshold: Severity) -> list[Finding]:
        return at_or_above(self.findings, threshold)

    def rule(self, code: str) -> RuleInfo | None:
        for info in self.rules:
            if info.code == code:
                return info
        return None
