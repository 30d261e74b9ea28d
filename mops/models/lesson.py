"""What a finished campaign taught, `lessons/<campaign>.yaml`: written by `mops report review
--record`, reviewed in a pull request (the team adds `notes`), read by the next brief's enrichment.

The file says what the campaign was (channels, budget, flight, the words of its name and
objectives: what a later brief is compared with), which channels missed their targets and by how
much, what changed mid-flight (the reallocations applied) and what the reviewers wrote."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from mops.models._base import UserFile
from mops.models.campaign import CampaignId


class Miss(UserFile):
    """A target a channel (or the campaign, channel `all`) missed."""

    channel: str
    metric: Literal["cpa", "roas"]
    target: float
    actual: float | None = Field(description="null: spent without a conversion (no CPA).")
    off_by_pct: float | None = Field(description="CPA over the target, or ROAS under it, in percent of the target (35.0: 35% off); null without a conversion.")
    statement: str = Field(description="The miss in a sentence, as the next brief shows it.")


class Change(UserFile):
    """A reallocation applied during the flight."""

    proposal: str = Field(description="The proposal file, workspace-relative.")
    applied: dt.date | None = None
    summary: str
    moves: list[str] = Field(default_factory=list)


class Lesson(UserFile):
    """The outcome of one campaign, for the next brief of a similar one."""

    campaign: CampaignId
    name: str | None = None
    recorded: dt.date = Field(description="The day the review was recorded.")
    review_as_of: dt.date = Field(description="The day of the data the review judged.")
    start: dt.date
    end: dt.date
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    total_budget: float = Field(ge=0)
    spend: float | None = None
    channels: list[str] = Field(default_factory=list, description="The plan's channels.")
    about: str = Field(default="", description="The campaign's name, brief title and objectives: the words a later brief is compared with.")
    targets: dict[str, float] = Field(default_factory=dict, description="The plan's targets: cpa, roas.")
    missed: list[Miss] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list, description="What changed mid-flight: reallocations applied.")
    notes: list[str] = Field(default_factory=list, description="What the reviewers wrote (kept when the review is recorded again).")
