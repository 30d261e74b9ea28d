"""What a reviewer corrected in a drafted brief, `lessons/corrections/<campaign>.yaml`, written by
`mops brief learn DRAFT APPROVED --write`, and what the command returns.

`changes` is every difference between the draft and the approved brief, field by field
(`budget.split[paid_social].amount: 9000 -> 15000`), with the words the draft's value came from.
`learned` is the part of it the offline extractor applies to later drafts because it is safe to:
a phrase the taxonomy does not know that the reviewer put on a channel (`channel_alias`), a
person's role written differently (`role`), and a product name the draft misspelt
(`product_name`). Figures, dates, targets and who does what are the meeting's to state: they are
recorded, never applied. Deleting an entry of `learned` in review stops it being applied.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from mops.models._base import Result, UserFile
from mops.models.campaign import CampaignId
from mops.models.results import Evidence, Observation

CORRECTION_VERSION = 1

ChangeKind = Literal["corrected", "added", "removed"]
RuleKind = Literal["channel_alias", "role", "product_name"]


class FieldChange(UserFile):
    """One difference between the draft and the approved brief."""

    field: str = Field(description="Path of the field: `budget.total`, `kpis[cpa].target`, `owners[Jonas Weber].role`, `channels[sms]`.")
    change: ChangeKind = Field(description="corrected (a value replaced), added (only in the approved brief), removed (only in the draft).")
    old: Any = Field(default=None, description="The draft's value (none when added).")
    new: Any = Field(default=None, description="The approved value (none when removed).")
    evidence: list[Evidence] = Field(default_factory=list, description="Where the draft's value came from (the approved one's, for an addition).")


class LearnedRule(UserFile):
    """A correction the offline extractor applies to later drafts."""

    kind: RuleKind = Field(description="channel_alias, role or product_name.")
    said: str = Field(min_length=1, description="What the draft had: the phrase heard (channel_alias), the role written (role), the name as drafted (product_name).")
    means: str = Field(min_length=1, description="What the reviewer made of it: the taxonomy channel, the role, the product name.")
    person: str | None = Field(default=None, description="Whose role it is (role only).")
    learned_from: str = Field(description="The change it was learned from (a `field` of `changes`).")


class Correction(UserFile):
    """What a reviewer changed between a drafted brief and the approved one."""

    version: Literal[1] = CORRECTION_VERSION
    campaign: CampaignId
    draft: str = Field(description="The drafted brief compared, as given (workspace-relative).")
    approved: str = Field(description="The approved brief compared, as given (workspace-relative).")
    transcript: str | None = Field(default=None, description="The kickoff transcript the draft came from.")
    drafted_by: str | None = Field(default=None, description="'offline' or the model that drafted it.")
    changes: list[FieldChange] = Field(default_factory=list)
    learned: list[LearnedRule] = Field(default_factory=list, description="The corrections later drafts apply (remove one to stop it).")


class LearnResult(Result):
    """What `mops brief learn` returns: the correction, where it goes, and whether it was written."""

    correction: Correction
    target: str = Field(description="lessons/corrections/<campaign>.yaml, workspace-relative.")
    written: bool = Field(description="True when --write wrote (or found identical) the file.")
    observations: list[Observation] = Field(default_factory=list, description="Changes recorded but not learned, and why.")
