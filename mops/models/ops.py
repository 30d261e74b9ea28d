"""What `mops report ops` returns (`mops schema report-ops`): the operational figures of a
marketing-ops team per month, read from the workspace's git history and signed approvals, and the
briefs, launches and proposals each figure was counted from, so a lead can check any of them."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from mops.models._base import Result


class BriefFigures(Result):
    """One brief that got a decision: from kickoff to approval."""

    brief: str = Field(description="The brief file, workspace-relative.")
    campaign: str | None = None
    transcript: str | None = Field(default=None, description="The kickoff transcript the brief names (its `transcript` field).")
    kickoff_at: dt.datetime | None = Field(default=None, description="The commit that added the transcript; none when history does not hold it.")
    first_decision_at: dt.datetime | None = None
    approved_at: dt.datetime | None = Field(default=None, description="The commit of the approval that met the approval rules; none while not approved.")
    kickoff_to_approval_days: float | None = None
    rejections: int = 0
    sent_back: bool = Field(default=False, description="Rejected, then changed: sent back for revisions.")
    draft_changes: int | None = Field(default=None, description="Fields changed between the brief's first committed version and the approved one (`mops brief learn`'s changes).")


class LaunchFigures(Result):
    """One launch: a launch proposal approved, with what the launch check's lint found."""

    proposal: str
    campaign: str | None = None
    approved_at: dt.datetime
    lint_findings: int = Field(description="Lint findings on the campaign's links at the approved launch check (TRK001's count).")
    corrections: int = Field(description="Links the launch check corrected.")


class ProposalFigures(Result):
    """One proposal decided: approved or rejected, and applied."""

    proposal: str
    kind: str | None = None
    approved_at: dt.datetime | None = None
    rejected_at: dt.datetime | None = None
    applied_at: dt.datetime | None = Field(default=None, description="The first commit holding the proposal marked applied.")
    hours_to_apply: float | None = None


class OpsMonth(Result):
    """One month (in the workspace's time zone) of operational figures."""

    month: str = Field(description="YYYY-MM.")
    briefs_approved: int = Field(description="Briefs whose approval met the rules this month.")
    kickoff_to_approval_days_median: float | None = Field(description="Median days from the kickoff transcript's commit to the approval, over those briefs.")
    briefs_decided: int = Field(description="Briefs whose first decision fell this month.")
    briefs_sent_back: int = Field(description="Of those, briefs rejected and then changed.")
    sent_back_share: float | None
    draft_changes_median: float | None = Field(description="Median fields changed from first committed version to approved, over the briefs approved this month.")
    briefs_approved_unchanged: int
    decisions: int = Field(description="Signed decisions (any artifact) committed this month.")
    lead_time_hours_median: float | None = Field(description="Median hours from the commit of the decided bytes to the decision's commit.")
    decisions_with_sla: int = Field(description="Decisions on artifacts an SLA covers (mops.yaml approvals sla_hours, or a rule's).")
    within_sla: int
    within_sla_share: float | None
    launches: int = Field(description="Launch proposals approved this month.")
    lint_findings_at_launch: int
    lint_findings_per_launch: float | None
    proposals_approved: int
    proposals_rejected: int
    proposals_applied: int


class OpsReport(Result):
    """What `mops report ops` returns."""

    since: str | None = Field(default=None, description="The first month shown (YYYY-MM), when --since was given.")
    time_zone: str = Field(description="The zone months are counted in (mops.yaml timezone).")
    months: list[OpsMonth] = Field(default_factory=list)
    briefs: list[BriefFigures] = Field(default_factory=list)
    launches: list[LaunchFigures] = Field(default_factory=list)
    proposals: list[ProposalFigures] = Field(default_factory=list)
    invalid_records: int = Field(default=0, description="Approval records left out because they do not verify.")
    notes: list[str] = Field(default_factory=list, description="What could not be counted, and why.")
