"""A campaign brief: the structured front matter of `briefs/<campaign>.md` (version 2).

A brief is drafted by `mops brief draft` from a kickoff transcript and then edited by people. Every
value a machine filled in can be traced to the words it came from:

- items of a list of objects (KPIs, the budget split, owners, approvers, decisions, risks, open
  questions, deliverables) carry their own `evidence`;
- every other field (the flight dates, the budget total, the offer...) is cited in the brief-wide
  `evidence` map, keyed by its dotted path: `start`, `budget.total`, `pricing.price`, `channels`.

What the kickoff did not settle stays empty and becomes an open question rather than a guess.
What history suggests (audience size from the CRM, a budget range and duration from similar past
campaigns, a launch date from the team's velocity) lives apart, under `suggested`, with its sources:
it is never mixed with what the meeting stated.

Plain strings are accepted where a list holds statements (`decisions: ["We drop retargeting"]`), so a
hand-written brief stays short.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from mops.models._base import UserFile
from mops.models.campaign import CampaignId
from mops.models.results import Evidence

BRIEF_VERSION = 2

_CURRENCY_PATTERN = r"^[A-Z]{3}$"


class Grounded(UserFile):
    """Something the brief states, with where it was said."""

    evidence: list[Evidence] = Field(default_factory=list, description="The utterances (or rows) the value came from.")


def _statement_from_text(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Statement(Grounded):
    """A decision, risk, objective or open question, in a sentence."""

    text: str = Field(min_length=1)
    by: str | None = Field(default=None, description="Who said, decided or must answer it.")
    about: str | None = Field(default=None, description="The brief field an open question stands for (budget.total, start...), when it marks a gap.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return _statement_from_text(value)


class Kpi(Grounded):
    """A measurable target: `roas` at least 4, `cpa` at most 32 EUR, `profit` 50,000,000 EUR."""

    metric: str = Field(min_length=1, description="e.g. revenue, profit, roas, cpa, conversions, units, signups.")
    target: float | None = None
    direction: Literal["at_least", "at_most"] | None = Field(
        default=None, description="Whether the target is a floor (ROAS of at least 4) or a ceiling (CPA under 32)."
    )
    stretch: float | None = Field(default=None, description="A stretch goal beyond the target, when one was set.")
    baseline: float | None = Field(default=None, description="Where the metric stands now or stood last time.")
    unit: str | None = Field(default=None, description="e.g. EUR, %, units. None for ratios such as ROAS.")
    deadline: dt.date | None = None


class ChannelBudget(Grounded):
    """The share of the budget one channel gets."""

    channel: str = Field(min_length=1, description="Canonical channel name from the taxonomy, e.g. paid_search.")
    amount: float = Field(ge=0)


class Budget(UserFile):
    """What the campaign may spend, and how it is split."""

    total: float | None = Field(default=None, ge=0, description="The whole budget, reserve included.")
    currency: str | None = Field(default=None, pattern=_CURRENCY_PATTERN, description="ISO 4217 code; the workspace's currency when not given.")
    split: list[ChannelBudget] = Field(default_factory=list, description="Per channel, where the meeting stated it.")
    reserve: float | None = Field(default=None, ge=0, description="Held back, released by a person's decision.")
    reserve_owner: str | None = Field(default=None, description="Who decides on releasing the reserve.")

    @property
    def allocated(self) -> float:
        """The split plus the reserve."""
        return sum(c.amount for c in self.split) + (self.reserve or 0.0)


class Pricing(UserFile):
    """Unit economics, where the meeting discussed them (targets such as revenue or profit are KPIs)."""

    currency: str | None = Field(default=None, pattern=_CURRENCY_PATTERN)
    price: float | None = Field(default=None, ge=0, description="Selling price per unit.")
    unit_cost: float | None = Field(default=None, ge=0, description="Cost to make or buy one unit.")
    margin: float | None = Field(default=None, description="Margin per unit, in the currency.")
    margin_percent: float | None = Field(default=None, description="Margin as a share of the price, in percent.")


class Audience(UserFile):
    description: str | None = Field(default=None, description="Who the campaign is for, in the meeting's words.")
    size: int | None = Field(default=None, ge=0, description="Audience size as stated in the meeting.")
    locations: list[str] = Field(default_factory=list, description="Countries or regions, e.g. Germany, Austria.")


class Person(Grounded):
    """Someone with a part in the campaign."""

    name: str = Field(min_length=1)
    role: str | None = Field(default=None, description="e.g. owner, copy, ad accounts, reporting, approver.")


class Deliverable(Grounded):
    what: str = Field(min_length=1)
    due: dt.date | None = None
    owner: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"what": value} if isinstance(value, str) else value


class Disagreement(UserFile):
    """Where the offline extractor and the model read the meeting differently: a person decides."""

    field: str
    offline: str | None = None
    model: str | None = None
    kept: Literal["offline", "model"] = "offline"
    evidence: list[Evidence] = Field(default_factory=list)


class Suggestion(UserFile):
    """A value suggested from history, never stated in the meeting, with what it rests on."""

    field: str = Field(description="What it is a suggestion for: audience.size, budget.total, duration_days, start; `constraint`: a lesson of a similar past campaign (lessons/).")
    value: str = Field(description="The suggestion as a person reads it, e.g. '38,000 to 52,000 EUR'.")
    reason: str = Field(description="How it was derived.")
    sources: list[Evidence] = Field(default_factory=list)


class Brief(UserFile):
    """A campaign brief: the YAML front matter of briefs/<campaign>.md."""

    version: Literal[2] = BRIEF_VERSION
    campaign: CampaignId
    title: str = Field(min_length=1)
    status: Literal["draft", "in_review", "approved", "archived"] = "draft"
    objectives: list[Statement] = Field(default_factory=list, description="What the campaign must achieve.")
    kpis: list[Kpi] = Field(default_factory=list)
    audience: Audience = Field(default_factory=Audience)
    channels: list[str] = Field(default_factory=list, description="Canonical channel names from the taxonomy.")
    budget: Budget = Field(default_factory=Budget)
    pricing: Pricing = Field(default_factory=Pricing)
    start: dt.date | None = Field(default=None, description="First day of the flight.")
    end: dt.date | None = Field(default=None, description="Last day of the flight.")
    key_messages: list[str] = Field(default_factory=list)
    call_to_action: str | None = None
    offer: str | None = None
    landing_page: str | None = Field(default=None, description="The page links send people to (untagged); playbooks tag it per channel.")
    deliverables: list[Deliverable] = Field(default_factory=list)
    owners: list[Person] = Field(default_factory=list, description="Who owns the campaign and each part of it.")
    approvers: list[Person] = Field(default_factory=list, description="Who signs the brief or plan off.")
    decisions: list[Statement] = Field(default_factory=list)
    risks: list[Statement] = Field(default_factory=list)
    open_questions: list[Statement] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)
    suggested: list[Suggestion] = Field(default_factory=list, description="From history, not from the meeting.")
    transcript: str | None = Field(default=None, description="Path of the kickoff transcript the brief was drafted from.")
    meeting_date: dt.date | None = Field(default=None, description="The date relative dates in the meeting were read against.")
    playbook: str | None = None
    drafted_by: str | None = Field(default=None, description="'offline' or the model that drafted it.")
    evidence: dict[str, list[Evidence]] = Field(default_factory=dict, description="dotted field path -> where its value came from.")

    @field_validator("channels")
    @classmethod
    def _unique_channels(cls, channels: list[str]) -> list[str]:
        return list(dict.fromkeys(channels))

    @model_validator(mode="after")
    def _dates_in_order(self) -> "Brief":
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    @property
    def owner(self) -> Person | None:
        """The person accountable for the whole campaign (role 'owner'), when named."""
        return next((p for p in self.owners if (p.role or "owner") == "owner"), None)
