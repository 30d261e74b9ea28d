"""`mops approvals verify` for people (text) and for GitHub Actions (annotations on the pull request).

Both end with the same summary line; the annotations escape as lint's github format does.
"""

from __future__ import annotations

from collections.abc import Sequence

from mops.errors import MopsError
from mops.lint.formatters.github import escape_data, escape_property
from mops.models.approval import VerifyReport


def summary_line(report: VerifyReport) -> str:
    """The last line of every format: how many were verified, and the verdict."""
    failing = sum(1 for s in report.artifacts if not s.ok)
    verdict = "nothing to verify" if not report.artifacts else "all approved" if not failing else f"{failing} not approved"
    return f"{len(report.artifacts)} artifact{'s' if len(report.artifacts) != 1 else ''} verified ({report.scope}); {verdict}"


def verify_text(report: VerifyReport) -> str:
    """Each artifact's state and why, then the summary (the report's notes go to people separately)."""
    lines = [f"{status.state:<9} {status.artifact}: {status.reason}" for status in report.artifacts]
    return "".join(line + "\n" for line in [*lines, summary_line(report)])


def verify_github(report: VerifyReport) -> str:
    """An annotation per artifact (an error unless approved), one per note, then the summary."""
    lines = []
    for status in report.artifacts:
        level = "notice" if status.ok else "error"
        lines.append(f"::{level} file={escape_property(status.artifact)},title={escape_property('mops approval: ' + status.state)}::{escape_data(status.reason)}")
    lines += [f"::notice title=mops approvals::{escape_data(line)}" for line in report.notes]
    lines.append(summary_line(report))
    return "".join(line + "\n" for line in lines)


def errors_github(errors: Sequence[MopsError]) -> str:
    """Why verification could not run, as error annotations: CI readers see those, not the log."""
    out = []
    for error in errors:
        where = f" file={escape_property(error.path)}" + (f",line={error.line}" if error.line else "") if error.path else ""
        out.append(f"::error{where},title=mops approvals::{escape_data(error.message + ('; ' + error.hint if error.hint else ''))}\n".replace("::error,", "::error "))
    return "".join(out)
