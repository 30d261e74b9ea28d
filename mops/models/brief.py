"""A campaign brief: the structured front matter of `briefs/<campaign>.md`.

Every field a machine filled in can be traced to its source: `evidence` maps a field name to the
transcript lines (or history rows) it came from. What the kickoff did not settle goes into
`open_questions` rather than being guessed.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from mops.models._base import UserFile
from mops.models.campaign import CampaignId
from mops.models.money import Money
from mops.models.results import Evidence


class Kpi(UserFile):
    metric: str = Field(description="e.g. revenue, conversions, roas, cpa, signups.")
    target: float | None = None
    unit: str | None = Field(default=None, description="e.g. EUR, %, units.")


class Brief(UserFile):
    """A campaign brief: the YAML front matter of briefs/<campaign>.md."""

    campaign: CampaignId
    title: str = Field(min_length=1)
    status: Literal["draft", "in_review", "approved", "archived"] = "draft"
    owner: str | None = Field(default=None, description="Email of the person accountable.")
    objective: str | None = Field(default=None, description="What the campaign must achieve, in one sentence.")
    audience: str | None = None
    offer: str | None = None
    key_messages: list[str] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)
    budget: Money | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    kpis: list[Kpi] = Field(default_factory=list)
    deliverables: list[str] = Field(default_factory=list)
    constraints: list[str] = Field(default_factory=list)
    open_questions: list[str] = Field(default_factory=list)
    transcript: str | None = Field(default=None, description="Path of the kickoff transcript the brief was drafted from.")
    playbook: str | None = None
    evidence: dict[str, list[Evidence]] = Field(default_factory=dict, description="field -> where its value came from.")

    @model_validator(mode="after")
    def _dates_in_order(self) -> "Brief":
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self
