"""Counting and wording shared by the formatters, so every format tells the same totals."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from mops.models.severity import Severity, count

if TYPE_CHECKING:  # the text format reads reports by field; plain ones (mops.models.plain) need no pydantic
    from mops.models.lint import LintReport
    from mops.models.results import Finding

Source = Callable[[str], str | None]

SEVERITIES_WORST_FIRST = (Severity.error, Severity.warning, Severity.info)


def ordered(findings: list[Finding]) -> list[Finding]:
    """Findings by path, line, column and code: the order every format prints them in."""
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.code))


def json_text(value: Any, records: int | None = None) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, byte for byte. Written by pydantic's
    serializer when `value` may hold models (`records` None) or many records: json.dumps indents
    in Python, 1.2 s for a report of 43,000 findings against 0.15 s; for a few hundred, importing
    the serializer (~30 ms) costs more than json.dumps takes."""
    if records is not None and records < 1000:
        import json

        return json.dumps(value, indent=2, ensure_ascii=False)
    from pydantic_core import to_json

    return to_json(value, indent=2).decode()


def has_safe_fix(finding: Finding) -> bool:
    """True when `--fix` would apply this finding's fix."""
    return finding.fix is not None and finding.fix.safe and bool(finding.fix.edits)


def plural(count: int, noun: str) -> str:
    if noun == "info":  # "info" is a mass noun: 1 info, 3 info
        return f"{count} info"
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class Totals(NamedTuple):
    """The counts every format reports: findings by severity, files, fixes."""

    errors: int
    warnings: int
    info: int
    files_with_findings: int
    files_checked: int
    fixable: int
    fixes_applied: int

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.info

    def counts_phrase(self) -> str:
        """'3 errors, 2 warnings': the non-zero severities, worst first."""
        parts = [
            plural(n, noun)
            for n, noun in ((self.errors, "error"), (self.warnings, "warning"), (self.info, "info"))
            if n
        ]
        return ", ".join(parts) or "0 problems"


def totals(report: LintReport) -> Totals:
    return Totals(
        errors=count(report.findings, Severity.error),
        warnings=count(report.findings, Severity.warning),
        info=count(report.findings, Severity.info),
        files_with_findings=len({f.path for f in report.findings}),
        files_checked=report.files_checked,
        fixable=sum(1 for f in report.findings if has_safe_fix(f)),
        fixes_applied=report.fixes_applied,
    )


def summary_line(report: LintReport) -> str:
    """The last line of the text output, e.g. '3 errors, 2 warnings in 4 files (12 checked); 2 fixable with --fix'."""
    t = totals(report)
    if t.total == 0:
        return f"No problems found in {plural(t.files_checked, 'file')}."
    line = f"{t.counts_phrase()} in {plural(t.files_with_findings, 'file')} ({t.files_checked} checked)"
    if t.fixable:
        line += f"; {t.fixable} fixable with --fix"
    return line
