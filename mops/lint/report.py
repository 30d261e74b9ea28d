"""The report of a lint run that stopped on an error, for the formats CI reads.

The result types themselves live in mops.models.lint; they are imported here too because the
runner (mops/lint/runner.py) takes them from this module.
"""

from __future__ import annotations

from mops.models.lint import LintReport, RuleInfo, RunError, RunNote

__all__ = ["LintReport", "RuleInfo", "RunError", "RunNote", "error_report"]


def error_report(error: Exception, ws: object | None = None) -> LintReport:
    """The report of a run that stopped on `error` (a MopsError, or MultipleErrors of several):
    no findings, its errors, for the formats CI reads."""
    errors = getattr(error, "errors", None) or [error]
    root = getattr(ws, "root", None)
    return LintReport(
        root=str(root) if root else None,
        errors=[RunError(message=getattr(e, "message", str(e)), path=getattr(e, "path", None), line=getattr(e, "line", None), hint=getattr(e, "hint", None)) for e in errors],
    )
