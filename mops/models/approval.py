"""An approval record, `approvals/records/<artifact>/<time>-<decision>-<id>.yaml`, and what
`mops approve`, `mops approvals verify`, `mops queue` and `mops approvals stats` return.

A record is the decision as data in the tree, so it survives squash and rebase merges (which
rewrite or drop commit signatures). Its `signature` is a detached SSH signature (namespace
`mops-approval`) over every other field, serialised canonically (`signed_payload`): editing any
field, or moving the record onto another artifact, breaks it. `after` chains decisions: it names
the decisions the signer had seen, which is how a later approval overturns a rejection without
trusting commit order or anyone's clock. `signer` is the principal the signer
claims; verification proves it against the allowed-signers file, never trusts it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

from pydantic import AwareDatetime, Field

from mops.models._base import Result, UserFile

RECORD_VERSION = 1
SIGNATURE_NAMESPACE = "mops-approval"
Decision = Literal["approved", "rejected"]
State = Literal["approved", "pending", "stale", "rejected", "invalid"]


class ApprovalRecord(UserFile):
    """One signed decision on one artifact's exact bytes."""

    mops_approval: Literal[1] = Field(default=RECORD_VERSION, description="Record format version.")
    artifact: str = Field(min_length=1, description="Path of the decided file, relative to the workspace root.")
    artifact_blob: str = Field(pattern=r"^[0-9a-f]{40}([0-9a-f]{24})?$", description="git blob id of the file's bytes.")
    artifact_sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file's bytes.")
    decision: Decision
    comment: str | None = None
    override: str | None = Field(default=None, description="Why the artifact was approved although its checks failed.")
    signer: str = Field(min_length=1, description="The principal the signer claims (their allowed-signers entry); proven by the signature.")
    recorded_at: AwareDatetime = Field(description="When it was signed (UTC), as the signer's clock says: shown, never used to decide anything.")
    after: list[str] = Field(
        default_factory=list,
        description="Ids (decision_id) of the latest decisions on this artifact the signer's repository held when signing: "
        "what this decision was made after. A rejection stands until an approval names it here (directly or through another decision).",
    )
    signature: str = Field(min_length=1, description="Armored SSH signature (ssh-keygen -Y sign -n mops-approval) over every other field.")

    def signed_payload(self) -> bytes:
        """The exact bytes the signature covers: every field but the signature, canonical JSON."""
        return signed_payload(self.model_dump(mode="json", exclude={"signature"}))

    def decision_id(self) -> str:
        """What names this decision in other records' `after`: the SHA-256 of its signed payload."""
        import hashlib

        return hashlib.sha256(self.signed_payload()).hexdigest()


def signed_payload(fields: dict) -> bytes:
    """Canonical JSON (sorted keys, no spaces, UTF-8) of a record's fields without its signature."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class Approver(Result):
    """Someone whose valid decision counts, as the signature proves them."""

    principal: str = Field(description="The allowed-signers principal the signature verified for.")
    key: str = Field(description="Fingerprint of the signing key (SHA256:...).")
    name: str | None = None
    role: str | None = None
    record: str = Field(description="The record file, relative to the workspace.")
    commit: str | None = None
    override: str | None = None


class RecordProblem(Result):
    """A record that does not count, and why."""

    record: str
    reason: str


class ArtifactStatus(Result):
    """Where one artifact stands: its state, who approved its current bytes, what is still needed."""

    artifact: str
    state: State
    reason: str
    sha256: str | None = None
    approvers: list[Approver] = Field(default_factory=list)
    needed: list[str] = Field(default_factory=list, description="What would approve it, one requirement per item.")
    rejected_by: Approver | None = None
    problems: list[RecordProblem] = Field(default_factory=list)
    amount: float | None = Field(default=None, description="Plan or proposal amount in the workspace currency, when it has one.")
    waiting_since: dt.datetime | None = Field(default=None, description="When the current bytes were committed (now, if uncommitted).")
    age_hours: float | None = None
    sla_hours: float | None = None
    past_sla: bool = False

    @property
    def ok(self) -> bool:
        return self.state == "approved"


class VerifyReport(Result):
    """What `mops approvals verify` and `mops queue` return: one status per artifact in scope."""

    base: str | None = Field(default=None, description="The base commit the signers and rules were read from; none: the working tree.")
    scope: str = Field(description="Which artifacts were verified, in words.")
    artifacts: list[ArtifactStatus] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(a.ok for a in self.artifacts)


class MonthStats(Result):
    """One month of decisions: how many, how many rejected or approved again, and how long they took."""

    month: str = Field(description="YYYY-MM of the decision commits.")
    decisions: int
    approvals: int
    rejections: int
    rejection_rate: float | None = Field(description="Rejections / decisions.")
    re_approvals: int = Field(description="Approvals of an artifact already approved in other bytes (approved again after a change).")
    median_lead_time_hours: float | None = Field(description="From the commit of the decided bytes to the decision's commit.")
    mean_lead_time_hours: float | None = None


class StatsReport(Result):
    """What `mops approvals stats` returns: the decisions month by month."""

    months: list[MonthStats] = Field(default_factory=list)
    invalid_records: int = Field(default=0, description="Records left out because they do not verify.")


class ArtifactCheck(Result):
    """An artifact's own checks before a decision on it: what ran, and each problem at or above lint.fail_on."""

    artifact: str
    kind: str = Field(description="brief, plan, proposal or copy.")
    checks: str = Field(description="What was run.")
    passed: bool
    problems: list[str] = Field(default_factory=list, description="`file:line:column: CODE message`, one per problem at or above lint.fail_on.")


class ApproveResult(Result):
    """What `mops approve` did: the checks, whether it refused, the records and signed commit made, and where each artifact stands now."""

    decision: Decision
    checks: list[ArtifactCheck] = Field(default_factory=list)
    refused: bool = Field(default=False, description="True when checks failed and no --override was given: nothing was recorded.")
    records: list[str] = Field(default_factory=list, description="Record files written (workspace-relative).")
    commit: str | None = None
    signer: str | None = None
    overturns: list[str] = Field(default_factory=list, description="Rejection records this approval was made after (and so overturns).")
    notes: list[str] = Field(default_factory=list, description="What the gatekeeper should know: e.g. the branch edits the settings the checks ran with.")
    states: list[ArtifactStatus] = Field(default_factory=list, description="Where each artifact stands after this decision (working-tree rules).")
