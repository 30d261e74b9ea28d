"""A proposal awaiting a human decision, `proposals/<campaign>-<date>.yaml`: the machine proposes,
a gatekeeper decides (through `mops approve`)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from mops.models._base import UserFile
from mops.models.campaign import CampaignId
from mops.models.results import Observation


class BudgetMove(UserFile):
    from_channel: str
    to_channel: str
    amount: float = Field(gt=0)


class Proposal(UserFile):
    """A proposed change to a running campaign, awaiting a gatekeeper's decision."""

    campaign: CampaignId
    kind: Literal["reallocation", "pause", "extend", "budget_change"] = "reallocation"
    created: dt.date
    status: Literal["proposed", "approved", "rejected", "applied", "expired"] = "proposed"
    summary: str
    moves: list[BudgetMove] = Field(default_factory=list)
    bound: float | None = Field(default=None, ge=0, le=1, description="Largest share of a channel's budget one proposal may move.")
    observations: list[Observation] = Field(default_factory=list)
