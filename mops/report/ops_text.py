"""`mops report ops` for people: each month's figures as styled lines (mops.styled).

    2026-10
      briefs approved          1   kickoff to approval: median 6.5 days
      sent back                1 of 2 briefs decided (50%)
      ...
"""

from __future__ import annotations

from typing import Any

from mops.styled import Piece


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    shown = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return f"{shown} {unit}"


def _share(value: float | None) -> str:
    return "" if value is None else f" ({value:.0%})"


def ops_lines(report: Any) -> list[list[Piece]]:
    lines: list[list[Piece]] = []
    for m in report.months:
        rows = [
            ("briefs approved", f"{m.briefs_approved}; kickoff to approval: median {_number(m.kickoff_to_approval_days_median, 'days')}"),
            ("sent back", f"{m.briefs_sent_back} of {m.briefs_decided} briefs decided{_share(m.sent_back_share)}"),
            ("drafts changed", f"median {_number(m.draft_changes_median, 'fields')} per approved brief; {m.briefs_approved_unchanged} approved as drafted"),
            ("approval lead time", f"median {_number(m.lead_time_hours_median, 'h')} over {m.decisions} decisions; "
                                   f"{m.within_sla} of {m.decisions_with_sla} within the SLA{_share(m.within_sla_share)}"),
            ("launches", f"{m.launches}; lint findings at launch: {m.lint_findings_at_launch}"
                         + (f" ({_number(m.lint_findings_per_launch, 'per launch')})" if m.lint_findings_per_launch is not None else "")),
            ("proposals", f"{m.proposals_approved} approved, {m.proposals_rejected} rejected, {m.proposals_applied} applied"),
        ]
        lines.append([Piece(m.month, "path")])
        lines.extend([Piece("  "), Piece(f"{label:<20}", "label"), Piece(f" {text}")] for label, text in rows)
    if not report.months:
        lines.append([Piece("no signed decision committed" + (f" since {report.since}" if report.since else ""), "summary")])
    return lines
