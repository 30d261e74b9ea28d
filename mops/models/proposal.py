"""A proposal awaiting a human decision, `proposals/<campaign>-<kind>[-<date>].yaml`: the machine
proposes, a gatekeeper decides (through `mops approve`)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from mops.models._base import UserFile
from mops.models.campaign import CampaignId
from mops.models.launch import LinkCorrection
from mops.models.results import Observation


class BudgetMove(UserFile):
    from_channel: str
    to_channel: str
    amount: float = Field(gt=0)


class CorrectedLink(UserFile):
    """A link the launch check corrects (the lint's safe fixes), for the person who updates the ads."""

    path: str
    line: int = Field(ge=1)
    link: str
    corrected: str
    fixes: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, correction: LinkCorrection) -> "CorrectedLink":
        return cls(**correction.model_dump())


class MoveEffect(UserFile):
    """What a reallocation is expected to do, and why: figures a gatekeeper can check."""

    reason: str
    figures: dict[str, float | int | str | None] = Field(default_factory=dict)


class Proposal(UserFile):
    """A proposed change to a campaign (a launch, a reallocation), awaiting a gatekeeper's decision."""

    campaign: CampaignId
    kind: Literal["launch", "reallocation", "pause", "extend", "budget_change"] = "reallocation"
    created: dt.date
    status: Literal["proposed", "approved", "rejected", "applied", "expired"] = "proposed"
    summary: str
    plan: str | None = Field(default=None, description="The plan file the proposal is about.")
    plan_sha256: str | None = Field(default=None, description="SHA-256 of the plan's bytes the proposal was made from: approving it after the plan changed is refused.")
    verdict: Literal["go", "go_after_fixes", "no_go"] | None = Field(default=None, description="A launch proposal's verdict.")
    total_budget: float | None = Field(default=None, ge=0, description="What launching spends (a launch proposal), in `currency`.")
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    checks: dict[str, Literal["pass", "warn", "fail"]] = Field(default_factory=dict, description="A launch proposal's check statuses.")
    corrections: list[CorrectedLink] = Field(default_factory=list, description="Links to correct before launch.")
    moves: list[BudgetMove] = Field(default_factory=list)
    bound: float | None = Field(default=None, ge=0, le=1, description="Largest share of the giving channel's remaining budget one proposal may move (the plan's pacing.max_move_share).")
    as_of: dt.date | None = Field(default=None, description="The day of the data a pacing proposal rests on.")
    effect: list[MoveEffect] = Field(default_factory=list, description="The expected effect of the moves and the reasons for them.")
    applied: dt.date | None = Field(default=None, description="Set by `mops proposal apply`: the day the plan was changed.")
    observations: list[Observation] = Field(default_factory=list)
