"""What `mops report review` computes for one plan: results against plan and targets, figures by
channel, similar past campaigns, the pacing history and its proposals, the launch corrections, the
attribution risks, what the review cannot judge and the questions for the team.

Every figure names the query it came from (`queries`: name -> SQL and parameters), so a reader can
rerun it with `mops history query`."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from mops.models._base import Result
from mops.models.pacing import PacingReport
from mops.models.results import Evidence, Observation


class Query(Result):
    """The SQL behind a figure, with the values of its `?` marks, and the same query with the values
    written in (what `mops history query` reruns)."""

    sql: str
    params: list[Any] = Field(default_factory=list)
    rerun: str = Field(default="", description="The SQL with its parameters written in as literals, on one line.")


class ChannelResult(Result):
    """One channel's (or the whole campaign's, channel `all`) figures over the flight, from history."""

    channel: str
    budget: float | None = Field(default=None, description="The plan's budget for the channel (the plan's total for `all`).")
    spend: float | None = None
    conversions: float | None = None
    conversion_value: float | None = None
    cpa: float | None = Field(default=None, description="spend / conversions.")
    roas: float | None = Field(default=None, description="conversion_value / spend.")
    roi: float | None = Field(default=None, description="(conversion_value - spend) / spend: the return on conversion value, before margins.")
    spent_share: float | None = Field(default=None, description="spend / budget.")
    query: str = Field(default="by_channel", description="The key in `queries` of the query these figures come from.")


class TargetResult(Result):
    """A target of the plan against what the channel (or the campaign) achieved."""

    channel: str = Field(description="A channel, or `all` for the campaign.")
    metric: Literal["cpa", "roas"]
    target: float
    actual: float | None
    gap_pct: float | None = Field(default=None, description="How far off the target, in percent: CPA over it, or ROAS under it, is positive; null: not measured.")
    met: bool | None = Field(default=None, description="null when nothing was measured.")
    statement: str
    evidence: list[Evidence] = Field(default_factory=list, description="The plan's line holding the target.")
    query: str = Field(default="by_channel", description="The key in `queries` of the query `actual` comes from.")


class SimilarPast(Result):
    """A past campaign like this one, and how this one compares."""

    campaign: str
    score: float
    spend: float | None
    roas: float | None
    start: dt.date | None
    days: int | None
    channels: list[str]


class ProposalEntry(Result):
    """A proposal of the campaign (launch or reallocation) and what became of it."""

    path: str
    kind: str
    created: dt.date | None = None
    summary: str
    status: str = Field(description="The file's own `status`.")
    decision: str = Field(description="approved, rejected, pending, stale or invalid (`mops approvals verify`), applied, or not judged.")
    reason: str = Field(default="", description="Why, as the approvals code says it.")
    applied: dt.date | None = None
    moves: list[str] = Field(default_factory=list, description="Budget moves, e.g. '1,800 EUR from paid_social to paid_search'.")


class FixedLink(Result):
    """A link the launch check corrected, and whether the file now holds the corrected link."""

    proposal: str
    path: str
    line: int
    link: str
    corrected: str
    fixes: list[str] = Field(default_factory=list)
    state: Literal["fixed", "not fixed", "file gone"]


class ChannelAttribution(Result):
    """A plan channel's GA4 sessions and those that landed in Unassigned or another channel group than it should."""

    channel: str
    expected_ga4_channel: str | None
    sessions: float
    unassigned_sessions: float
    misdirected_sessions: float = Field(description="Sessions that landed in a GA4 channel group other than the expected one (Unassigned not included).")
    spend: float | None
    spend_at_risk: float | None = Field(default=None, description="spend x (unassigned + misdirected sessions) / sessions.")


class Attribution(Result):
    """Attribution quality from the campaign's GA4 rows in history, read as `mops utm audit` reads an export."""

    sessions: float = 0.0
    unassigned_sessions: float = 0.0
    unassigned_share: float | None = None
    misdirected_sessions: float = 0.0
    spend_at_risk: float | None = None
    spend_at_risk_share: float | None = Field(default=None, description="spend_at_risk / the campaign's spend.")
    channels: list[ChannelAttribution] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list, description="`mops utm audit`'s findings (AUDIT001-003) on these rows.")
    query: str = "ga4"


class Chart(Result):
    """A chart of the review: its file (beside the Markdown) or why it was left out."""

    name: Literal["spend", "roas"]
    title: str
    file: str | None = Field(default=None, description="Workspace-relative image file, for Markdown.")
    left_out: str | None = Field(default=None, description="Why the chart is not drawn.")
    query: str


class ReviewReport(Result):
    """A post-campaign review of one plan."""

    campaign: str
    name: str | None = None
    plan: str = Field(description="The plan file, workspace-relative.")
    brief: str | None = None
    currency: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    finished: bool = Field(description="Whether the flight ended before as_of.")
    history_gaps: list[str] = Field(default_factory=list, description="Days of the flight a platform of the campaign has no row for, of any campaign (an export not imported): the figures leave them out. Empty when the history covers the flight.")
    data_through: dt.date | None = Field(default=None, description="The campaign's newest day of history in the flight.")
    total: ChannelResult | None = None
    channels: list[ChannelResult] = Field(default_factory=list)
    targets: list[TargetResult] = Field(default_factory=list)
    similar: list[SimilarPast] = Field(default_factory=list)
    similar_statement: str | None = None
    flight: PacingReport | None = Field(default=None, description="The pacing check of the whole flight (as of its last day): spend against the plan's curve.")
    proposals: list[ProposalEntry] = Field(default_factory=list)
    fixed_links: list[FixedLink] = Field(default_factory=list)
    attribution: Attribution | None = None
    cannot_judge: list[str] = Field(default_factory=list, description="What the review could not judge, and why (missing data).")
    questions: list[str] = Field(default_factory=list, description="Questions for the team.")
    observations: list[Observation] = Field(default_factory=list)
    queries: dict[str, Query] = Field(default_factory=dict, description="name -> the SQL (and parameters) a figure came from.")
    charts: list[Chart] = Field(default_factory=list)
    written: list[str] = Field(default_factory=list, description="Files written (the review, its charts, the lesson).")
