"""A launch plan, `plans/<campaign>.yaml`: budget, flight, channels, and the platform campaigns
that belong to the campaign (the mapping history uses to attribute spend)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from mops.models._base import UserFile
from mops.models.campaign import PLATFORMS, CampaignId


class PlatformCampaign(UserFile):
    """A campaign as an ad platform knows it; `id` is preferred, `name` is a fallback."""

    platform: str = Field(description=f"One of: {', '.join(PLATFORMS)}.")
    id: str | None = Field(default=None, description="The platform's campaign id (stable across renames).")
    name: str | None = Field(default=None, description="The platform's campaign name, matched case-insensitively.")
    channel: str | None = Field(default=None, description="The plan channel this platform campaign spends for.")

    @model_validator(mode="after")
    def _id_or_name(self) -> "PlatformCampaign":
        if self.platform not in PLATFORMS:
            raise ValueError(f"platform {self.platform!r} is not one of {', '.join(PLATFORMS)}")
        if not self.id and not self.name:
            raise ValueError("a platform campaign needs an `id` or a `name`")
        return self


class ChannelBudget(UserFile):
    channel: str = Field(description="e.g. paid_search, paid_social, email, display.")
    budget: float = Field(ge=0)
    min_budget: float | None = Field(default=None, ge=0, description="Reallocations never go below this.")
    max_budget: float | None = Field(default=None, ge=0, description="Reallocations never go above this.")
    expected_ga4_channel: str | None = Field(default=None, description="The GA4 default channel group its links should land in.")
    links: list[str] = Field(default_factory=list, description="Tagged links this channel ships; linted against expected_ga4_channel.")


class Segment(UserFile):
    name: str
    size: int | None = Field(default=None, ge=0, description="Audience size as the CRM counts it.")
    source: str | None = Field(default=None, description="Where the segment is defined (CRM list, export file).")


class Plan(UserFile):
    """A launch plan: budget, flight, channels, and the platform campaigns that spend for it."""

    campaign: CampaignId
    name: str | None = None
    owner: str | None = None
    brief: str | None = Field(default=None, description="Path of the brief this plan executes.")
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    start: dt.date
    end: dt.date
    total_budget: float = Field(ge=0)
    channels: list[ChannelBudget] = Field(default_factory=list)
    platform_campaigns: list[PlatformCampaign] = Field(default_factory=list)
    utm_campaigns: list[str] = Field(default_factory=list, description="Extra utm_campaign values that mean this campaign.")
    landing_pages: list[str] = Field(default_factory=list, description="Tagged URLs the campaign sends traffic to.")
    segment: Segment | None = None
    kpis: dict[str, float] = Field(default_factory=dict, description="metric -> target, e.g. roas: 4.0.")

    @model_validator(mode="after")
    def _consistent(self) -> "Plan":
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        allocated = sum(c.budget for c in self.channels)
        if self.channels and allocated > self.total_budget + 0.005:
            raise ValueError(f"channel budgets add up to {allocated:,.2f}, more than total_budget {self.total_budget:,.2f}")
        return self

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1
