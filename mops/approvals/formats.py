"""`mops approvals verify` for people (text) and for GitHub Actions (annotations on the pull request).

Both end with the same summary line; the annotations escape as lint's github format does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from mops.errors import MopsError
from mops.lint.formatters.github import escape_data, escape_property
from mops.models.approval import ArtifactStatus, VerifyReport


def duration(hours: float | None) -> str:
    """An age or lead time for people: hours up to two days, days after; empty when unknown."""
    if hours is None:
        return ""
    return f"{hours / 24:.1f} d" if hours >= 48 else f"{hours:.1f} h"


class QueueRow(NamedTuple):
    """One line of the decision queue as people read it (`mops queue`, the page of `mops serve`)."""

    state: str
    artifact: str
    approved_by: str
    still_needed: str
    age: str
    sla: str


def queue_row(status: ArtifactStatus) -> QueueRow:
    """What `status` still needs (or, rejected, stale or invalid, why), its age and its SLA."""
    needs = "; ".join(status.needed) if status.state != "approved" else ""
    if status.state in ("invalid", "rejected", "stale"):
        needs = status.reason  # who rejected and why, what changed since, which record does not count
    sla = ("PAST SLA " if status.past_sla else "") + (duration(status.sla_hours) if status.sla_hours else "")
    return QueueRow(status.state, status.artifact, ", ".join(a.name or a.principal for a in status.approvers), needs,
                    duration(status.age_hours), sla.strip())


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
