"""The json format: one versioned object for scripts and dashboards (documented in docs/output-formats.md).

`version` changes only when a field is removed or changes meaning; new fields may appear at any time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from mops import __version__
from mops.lint.formatters._common import json_text, ordered, totals
from mops.models.plain import dump

if TYPE_CHECKING:
    from mops.models.lint import LintReport

JSON_FORMAT_VERSION = 1


def report_object(report: LintReport) -> dict[str, Any]:
    """The JSON data of a report, its models' or its plain values' (mops.models.plain): the same."""
    t = totals(report)
    return {
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "mops", "version": __version__},
        "summary": {
            "total": t.total,
            "errors": t.errors,
            "warnings": t.warnings,
            "info": t.info,
            "files_with_findings": t.files_with_findings,
            "files_checked": t.files_checked,
            "fixable": t.fixable,
            "fixes_applied": t.fixes_applied,
        },
        "findings": dump(ordered(report.findings)),
        "notes": dump(report.notes),  # run-level: {id, message, paths}
        "errors": dump(report.errors),  # why the run stopped (exit 2): {message, path, line, hint}
    }


def render(report: LintReport, stream: TextIO) -> None:
    stream.write(json_text(report_object(report), records=len(report.findings)))
    stream.write("\n")
