"""The json format: one versioned object for scripts and dashboards (documented in docs/output-formats.md).

`version` changes only when a field is removed or changes meaning; new fields may appear at any time.
"""

from __future__ import annotations

from typing import Any, TextIO

from mops import __version__
from mops.lint.formatters._common import json_text, ordered, totals
from mops.models.lint import LintReport
from mops.models.results import Finding

JSON_FORMAT_VERSION = 1


def report_object(report: LintReport) -> dict[str, Any]:
    # findings are built without validation and their model's serializer is built on first use
    # (models.Result's defer_build); json_text serializes them directly, so build it now
    Finding.model_rebuild()
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
        "findings": ordered(report.findings),  # models: json_text writes their JSON dump
        "notes": [note.model_dump() for note in report.notes],  # run-level: {id, message, paths}
        "errors": [error.model_dump() for error in report.errors],  # why the run stopped (exit 2): {message, path, line, hint}
    }


def render(report: LintReport, stream: TextIO) -> None:
    stream.write(json_text(report_object(report)))
    stream.write("\n")
