"""The report of a lint run that stopped on an error, for the formats CI reads (the result types
themselves are mops.models.lint's)."""

from __future__ import annotations

from mops.models.lint import LintReport, RunError


def error_report(error: Exception, ws: object | None = None) -> LintReport:
    """The report of a run that stopped on `error` (a MopsError, or MultipleErrors of several):
    no findings, its errors, for the formats CI reads."""
    errors = getattr(error, "errors", None) or [error]
    root = getattr(ws, "root", None)
    return LintReport(
        root=str(root) if root else None,
        errors=[RunError(message=getattr(e, "message", str(e)), path=getattr(e, "path", None), line=getattr(e, "line", None), hint=getattr(e, "hint", None)) for e in errors],
    )
