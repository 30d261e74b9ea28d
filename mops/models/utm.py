"""What `mops utm build|classify|audit` return: a tagged URL or a refusal, a link's channel, and the
attribution damage in a GA4 report."""

from __future__ import annotations

from pydantic import Field, field_serializer

from mops.models._base import Result
from mops.models.results import Observation


class BuiltUrl(Result):
    """What `mops utm build` returns: the tagged URL, or none and why it was refused."""

    url: str | None = Field(description="The tagged URL; none when refused.")
    changes: list[str] = Field(default_factory=list, description='Safe normalisations applied ("Facebook -> facebook").')
    removed: list[str] = Field(
        default_factory=list,
        description="Click ids and other one-visit parameters dropped from the URL (UTM023's list), each with why.",
    )
    problems: list[str] = Field(default_factory=list, description="Why it was refused, each with a suggestion where one exists.")


class Classification(Result):
    """What `mops utm classify` reports: the values read, the channel and the rule that decided it."""

    source: str | None
    medium: str | None
    campaign: str | None
    channel: str
    reason: str


class AuditResult(Result):
    """What `mops utm audit` finds in a GA4 traffic export: sessions, the Unassigned share, the damage.

    Each kind of damage is an observation: split sources (AUDIT001), Unassigned sessions and why
    (AUDIT002), values outside the taxonomy (AUDIT003)."""

    file: str = Field(description="The export, as the user named it.")
    rows: int = Field(description="Data rows read (totals and comment lines left out).")
    sessions: float = Field(description="Sessions over all rows.")
    unassigned_sessions: float = Field(default=0.0, description="Sessions GA4 puts in the Unassigned channel.")
    unassigned_share: float = Field(default=0.0, description="unassigned_sessions / sessions, written to 4 decimals.")
    observations: list[Observation] = Field(default_factory=list)

    @field_serializer("unassigned_share")
    def _four_decimals(self, share: float) -> float:
        return round(share, 4)
