"""A launch plan, `plans/<campaign>.yaml`: budget, flight, channels, the platform campaigns that
belong to the campaign (the mapping history uses to attribute spend), the CRM segment and each
platform's audience, targets and pacing settings. `mops launch check` reconciles it; the pacing
monitor reads its pacing settings."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from mops.models._base import UserFile
from mops.models.campaign import PLATFORMS, CampaignId

AD_PLATFORMS = tuple(p for p in PLATFORMS if p not in ("ga4", "crm", "email", "other"))


def _platform(value: str | None) -> str | None:
    if value is not None and value not in PLATFORMS:
        raise ValueError(f"platform {value!r} is not one of {', '.join(PLATFORMS)}")
    return value


class PlatformCampaign(UserFile):
    """A campaign as an ad platform knows it; `id` is preferred, `name` is a fallback."""

    platform: str = Field(description=f"One of: {', '.join(PLATFORMS)}.")
    id: str | None = Field(default=None, description="The platform's campaign id (stable across renames).")
    name: str | None = Field(default=None, description="The platform's campaign name, matched case-insensitively.")
    channel: str | None = Field(default=None, description="The plan channel this platform campaign spends for.")

    @model_validator(mode="after")
    def _id_or_name(self) -> "PlatformCampaign":
        _platform(self.platform)
        if not self.id and not self.name:
            raise ValueError("a platform campaign needs an `id` or a `name`")
        return self


class ChannelBudget(UserFile):
    """One channel of the plan: its platform, its budget (an amount or a share of the total) and its bounds."""

    channel: str = Field(description="A channel of the taxonomy's `channels`: paid_search, paid_social, email, display...")
    platform: str | None = Field(default=None, description=f"The platform that spends it, one of: {', '.join(PLATFORMS)}.")
    budget: float | None = Field(default=None, ge=0, allow_inf_nan=False, description="Amount in the plan's currency. Give `budget` or `share`.")
    share: float | None = Field(default=None, gt=0, le=1, description="Share of total_budget, 0-1 (0.4 is 40%). Give `budget` or `share`.")
    min_budget: float | None = Field(default=None, ge=0, allow_inf_nan=False, description="Reallocations never go below this.")
    max_budget: float | None = Field(default=None, ge=0, allow_inf_nan=False, description="Reallocations never go above this.")
    expected_ga4_channel: str | None = Field(
        default=None, description="The GA4 default channel group its links should land in; default: where the taxonomy's source and medium for the channel land.",
    )
    links: list[str] = Field(default_factory=list, description="Tagged links this channel ships; linted, and their GA4 channel compared with this channel's.")

    _check_platform = field_validator("platform")(_platform)

    @field_validator("share", mode="before")
    @classmethod
    def _percent(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().endswith("%"):
            try:
                return float(value.strip()[:-1]) / 100
            except ValueError:
                raise ValueError(f"{value!r} is not a share such as 40% or 0.4") from None
        return value

    @model_validator(mode="after")
    def _amount_or_share(self) -> "ChannelBudget":
        if (self.budget is None) == (self.share is None):
            raise ValueError(f"channel {self.channel!r} needs exactly one of `budget` (an amount) or `share` (of total_budget)")
        if self.min_budget is not None and self.max_budget is not None and self.min_budget > self.max_budget:
            raise ValueError(f"channel {self.channel!r}: min_budget {self.min_budget:,.2f} is above max_budget {self.max_budget:,.2f}")
        if self.expected_ga4_channel is not None:
            from mops.utm._channel_rules import CHANNELS

            if self.expected_ga4_channel not in CHANNELS:
                raise ValueError(f"{self.expected_ga4_channel!r} is not a GA4 default channel group ({', '.join(CHANNELS)})")
        return self

    def amount(self, total: float) -> float:
        """The channel's budget in the plan's currency (a share becomes an amount of `total`)."""
        return float(self.budget) if self.budget is not None else round(float(self.share or 0) * total, 2)


class Reserve(UserFile):
    """Budget kept back on purpose: named, so the check does not read it as money lost."""

    amount: float = Field(ge=0, allow_inf_nan=False)
    reason: str = Field(min_length=1, description="Why it is kept and who releases it.")


class Segment(UserFile):
    """The CRM segment the campaign targets: an export file, the history database, or a stated size."""

    name: str
    crm_name: str | None = Field(
        default=None, description="The segment's value in the CRM export's segment column or history's crm_segments (default: `name`).",
    )
    export: str | None = Field(default=None, description="A CRM export in the workspace (exports/...): members are counted from it, never copied.")
    history: bool = Field(default=False, description="Read the size from the history database's latest crm_segments snapshot.")
    size: int | None = Field(default=None, ge=0, description="Audience size as the CRM counts it, when there is no export or history.")
    source: str | None = Field(default=None, description="Where the segment is defined (CRM list, export file), for people.")

    @model_validator(mode="after")
    def _one_source(self) -> "Segment":
        given = [name for name, value in (("export", self.export), ("history", self.history or None), ("size", self.size)) if value is not None]
        if len(given) > 1:
            raise ValueError(f"the segment's size comes from one place: give one of `export`, `history: true` or `size`, not {' and '.join(given)}")
        return self

    @property
    def crm_segment(self) -> str:
        return self.crm_name or self.name


class Audience(UserFile):
    """A platform's audience built from the segment (a customer-list upload): its export or its stated size."""

    platform: str = Field(description=f"One of: {', '.join(AD_PLATFORMS)}.")
    export: str | None = Field(default=None, description="The platform's audience list export in the workspace (e.g. audiences/meta_2026-12-01.csv: kept apart from exports/, which history imports).")
    name: str | None = Field(default=None, description="The audience's name or id in the export (needed when the export lists several).")
    size: int | None = Field(default=None, ge=0, description="The audience size the platform shows, when there is no export.")
    match_rate: float | None = Field(default=None, gt=0, le=1, description="Expected share of uploaded contacts the platform matches; default: mops.yaml launch.match_rates.")

    @model_validator(mode="after")
    def _export_or_size(self) -> "Audience":
        if self.platform not in AD_PLATFORMS:
            raise ValueError(f"platform {self.platform!r} is not an ad platform ({', '.join(AD_PLATFORMS)})")
        if (self.export is None) == (self.size is None):
            raise ValueError(f"the {self.platform} audience needs exactly one of `export` (a file) or `size` (as the platform shows it)")
        return self


class Targets(UserFile):
    """What the campaign must achieve; pacing and reviews judge against these."""

    cpa: float | None = Field(default=None, gt=0, allow_inf_nan=False, description="Cost per acquisition, in the plan's currency.")
    roas: float | None = Field(default=None, gt=0, allow_inf_nan=False, description="Return on ad spend (conversion value / spend).")


class Pacing(UserFile):
    """How the pacing monitor judges this plan (`mops pacing check`)."""

    curve: Literal["even", "front_loaded", "weekday", "custom"] = Field(default="even", description="Expected spend curve over the flight.")
    weights: list[float] | None = Field(default=None, description="Per-day weights for the custom curve, one per flight day.")
    tolerance: float = Field(default=0.1, gt=0, lt=1, description="Pace within 1 +/- tolerance is on track.")
    freshness_days: int = Field(default=2, ge=0, description="Oldest history (days) pacing is judged on; older: not judged.")
    max_move_share: float = Field(default=0.15, gt=0, le=1, description="Largest share of a channel's remaining budget one proposal may move from it.")

    @model_validator(mode="after")
    def _weights(self) -> "Pacing":
        if self.curve == "custom" and not self.weights:
            raise ValueError("curve custom needs `weights`, one per day of the flight")
        if self.weights is not None and any(w < 0 for w in self.weights):
            raise ValueError("pacing weights cannot be negative")
        return self


class Plan(UserFile):
    """A launch plan: budget, flight, channels, audiences, and the platform campaigns that spend for it."""

    campaign: CampaignId
    name: str | None = None
    owner: str | None = None
    brief: str | None = Field(default=None, description="Path of the brief this plan executes.")
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    timezone: str | None = Field(default=None, description="IANA time zone the flight's days are counted in; default: mops.yaml timezone.")
    start: dt.date
    end: dt.date
    total_budget: float = Field(ge=0, allow_inf_nan=False)
    reserve: Reserve | None = Field(default=None, description="Budget deliberately not given to a channel.")
    channels: list[ChannelBudget] = Field(default_factory=list)
    platform_campaigns: list[PlatformCampaign] = Field(default_factory=list)
    utm_campaigns: list[str] = Field(default_factory=list, description="Extra utm_campaign values that mean this campaign.")
    landing_pages: list[str] = Field(default_factory=list, description="Tagged URLs the campaign sends traffic to.")
    copy_files: list[str] = Field(
        default_factory=list, alias="copy",
        description="Globs of the campaign's copy files; default: files under copy/ that link with this campaign's utm_campaign.",
    )
    segment: Segment | None = None
    audiences: list[Audience] = Field(default_factory=list, description="Each platform's audience built from the segment.")
    targets: Targets | None = None
    kpis: dict[str, float] = Field(default_factory=dict, description="Deprecated: use `targets`. metric -> target, e.g. roas: 4.0.")
    pacing: Pacing = Field(default_factory=Pacing)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        if value is not None:
            from mops.timezones import timezone_problem

            problem = timezone_problem(value)
            if problem is not None:
                raise ValueError(problem)
        return value

    @field_validator("end")
    @classmethod
    def _ends_after_start(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError(f"end {end} is before start {start}: the flight must end on or after its first day")
        return end

    @model_validator(mode="after")
    def _consistent(self) -> "Plan":
        seen: set[str] = set()
        for channel in self.channels:
            if channel.channel in seen:
                raise ValueError(f"channel {channel.channel!r} is listed twice; give it one entry")
            seen.add(channel.channel)
        platforms = [a.platform for a in self.audiences]
        twice = sorted({p for p in platforms if platforms.count(p) > 1})
        if twice:
            raise ValueError(f"audiences list {', '.join(twice)} more than once; one audience per platform")
        return self

    def zone(self, workspace_zone: str) -> str:
        """The time zone the flight's days are counted in: the plan's own, else the workspace's."""
        return self.timezone or workspace_zone

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def target_values(self) -> dict[str, float]:
        """cpa and roas targets, from `targets` (or the deprecated `kpis`)."""
        found = {k: float(v) for k, v in self.kpis.items() if k in ("cpa", "roas")}
        if self.targets is not None:
            found.update({k: v for k, v in self.targets.model_dump().items() if v is not None})
        return found
