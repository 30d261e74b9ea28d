"""What `mops privacy forget` returns: what was removed from where, and what is left to the team."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mops.models._base import Result


class Removal(Result):
    """One store a person's data was removed from: which, where, how much."""

    store: Literal["history", "state", "source", "user cache"]
    path: str
    removed: int = Field(description="Rows or lines removed (or files deleted, for caches).")
    detail: str


class ForgetReport(Result):
    """What `mops privacy forget` did: every removal, and the traces left in the team's own files."""

    subject: str
    kind: str
    removals: list[Removal] = Field(default_factory=list)
    remaining: list[str] = Field(default_factory=list, description="path:line of traces left in the team's source files.")
