"""An approval record, kept as data under `approvals/` so it survives squash and rebase merges.
The signature proves who approved; the name here is only for people reading it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from mops.models._base import UserFile


class ApprovalRecord(UserFile):
    """An approval decision, kept as data under approvals/ beside its detached signature."""

    artifact: str = Field(description="Path of the approved file, relative to the workspace root.")
    artifact_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    decision: Literal["approved", "rejected"] = "approved"
    approver_name: str
    approver_email: str
    approved_at: dt.datetime
    commit: str | None = Field(default=None, description="The signed commit that recorded the decision.")
    signature: str | None = Field(default=None, description="Detached SSH signature file (namespace mops-approval).")
    note: str | None = None
