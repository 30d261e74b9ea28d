"""What `mops pacing check` returns, per plan: spend to date against the plan's curve per channel,
anomalies, observations, and the reallocation proposed (if any)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mops.models._base import Result
from mops.models.results import Evidence, Observation

# not_judged: the plan is not judged (not started, or its history is stale), so no channel's pace is;
# no_data: history holds no row of the channel in the flight up to its data's last day
ChannelStatus = Literal["under", "on_track", "over", "no_data", "not_judged"]
PlanStatus = Literal["on_track", "under", "over", "not_judged", "not_started", "ended"]
AnomalyKind = Literal["spike", "spend_stopped", "conversions_stopped", "stale_data", "no_history"]


class DayPoint(Result):
    """One day of a channel's flight: cumulative expected and actual spend (for charts)."""

    date: str
    expected: float
    actual: float | None = Field(default=None, description="Cumulative actual spend; null for days history does not hold yet.")


class ChannelPacing(Result):
    channel: str
    budget: float = Field(description="The channel's budget in the plan's currency.")
    expected_to_date: float = Field(description="What the curve expects spent by the end of the channel's data_through (as_of, or the newest day its platforms' history holds when it lags behind).")
    actual_to_date: float = Field(description="Spend to date from history, in the plan's currency.")
    pace: float | None = Field(default=None, description="actual_to_date / expected_to_date; null when nothing was expected yet.")
    status: ChannelStatus
    projected: float | None = Field(default=None, description="Spend at the end of the flight at the current run rate.")
    days_of_budget_left: float | None = Field(default=None, description="Remaining budget / current daily run rate; null when nothing is spent, no flight day is left or the flight has ended.")
    data_through: str | None = Field(
        default=None, description="The channel's own data cut-off (YYYY-MM-DD): the newest day its platforms' history holds, up to as_of and the flight's end; its expected and actual spend are both to the end of it. Null before the flight.",
    )
    conversions: float | None = None
    conversion_value: float | None = None
    cpa: float | None = None
    roas: float | None = None
    series: list[DayPoint] = Field(default_factory=list, description="Cumulative expected and actual spend per day of the flight.")


class Anomaly(Result):
    kind: AnomalyKind
    channel: str | None = None
    date: str | None = None
    statement: str
    figures: dict[str, float | int | str | bool | None] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)


class PacingReport(Result):
    """One plan's pacing on one day."""

    campaign: str
    plan: str = Field(description="The plan file, workspace-relative.")
    as_of: str = Field(description="The day judged (YYYY-MM-DD), in the plan's time zone.")
    status: PlanStatus
    currency: str
    day: int | None = Field(default=None, description="Day of the flight as_of is (1 = first day); null outside the flight.")
    days: int = Field(description="Days in the flight.")
    data_through: str | None = Field(
        default=None, description="The newest day of history counted (YYYY-MM-DD): the newest of the channels' own cut-offs (each channel is counted to its own platforms' newest day, its data_through), up to as_of and the flight's end. Null before the flight.",
    )
    channels: list[ChannelPacing] = Field(default_factory=list)
    anomalies: list[Anomaly] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)
    proposal: str | None = Field(default=None, description="The reallocation proposal written (workspace-relative), or null.")


class PacingCheckResult(Result):
    reports: list[PacingReport]


class ChannelChange(Result):
    channel: str
    budget_before: float
    budget_after: float
    share_before: float | None = Field(default=None, description="The channel's share before, when it had one (it now has an amount).")
    spent_to_date: float | None = None
    remaining_after: float | None = None


class CampaignChange(Result):
    platform: str
    campaign_id: str | None = None
    campaign_name: str | None = None
    channel: str
    daily_budget: float = Field(description="The new daily budget for the days left after the last day of spend the proposal counts.")
    remaining: float = Field(description="The campaign's part of its channel's remaining budget after the move.")
    days_left: int
    sheet: str | None = Field(default=None, description="The bulk sheet holding its row; null: change it by hand.")


class ApplyResult(Result):
    """What `mops proposal apply` did, or why it refused."""

    proposal: str
    plan: str | None = None
    applied: str | None = Field(default=None, description="The day the plan was changed (YYYY-MM-DD); null when refused.")
    refused: str | None = Field(default=None, description="Why nothing was changed.")
    approval: str | None = Field(default=None, description="The proposal's approval state as `approvals verify` judged it.")
    changes: list[ChannelChange] = Field(default_factory=list)
    campaigns: list[CampaignChange] = Field(default_factory=list)
    sheets: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
