"""Where each artifact stands: the decisions recorded for it, proven by their signatures against
a trusted allowed-signers file and judged by trusted rules, in commit order.

Shared by `mops approvals verify` (trust = the base commit), `mops queue` and `mops approvals
stats` (trust = the working tree). The order of decisions is the order of the commits that first
added each signature: a record's own time is shown, never used to order, and a copy of an old
record re-added later keeps the position of the original (so replaying an approval cannot undo
a later rejection). The ledger is the history of the records folder, not only its files today: a
decision committed once still counts after its file is deleted (deleting a rejection does not undo
it); a deleted record that never verified decided nothing and is forgotten."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mops.approvals import policy
from mops.approvals.records import StoredRecord, normalise_signature, read_records, records_folder, stored_record
from mops.approvals.repository import History, Repository, blob_id
from mops.approvals.signers import SignerEntry, parse_allowed_signers
from mops.approvals.signing import Verification, verify_many
from mops.errors import ConfigError, InputError
from mops.models.approval import Approver, ArtifactStatus, RecordProblem


@dataclass
class Trust:
    """What decides validity: the signers and the rules, read from one place."""

    config: Any  # WorkspaceConfig
    allowed_signers: bytes
    entries: list[SignerEntry]
    where: str  # how reasons name the allowed-signers file
    base: str | None = None

    def person(self, principal: str) -> Any:
        return self.config.person(principal)


def trust_in_working_tree(ws: Any) -> Trust:
    relative = ws.config.approvals.allowed_signers
    path = ws.path(relative)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b""
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=relative) from None
    return Trust(ws.config, data, parse_allowed_signers(data, relative), relative)


def trust_at_base(ws: Any, repo: Repository, base: str) -> Trust:
    """The allowed signers and rules as the base commit has them, never as the change under review
    has them: a pull request cannot add its own key or loosen the rules and approve itself."""
    from mops.models.config import WorkspaceConfig
    from mops.yamlio import parse_yaml, validate_loaded

    config_name = ws.relative(ws.config_path)
    raw = repo.show(base, config_name)
    short = base[:12]
    if raw is None:
        config = WorkspaceConfig()
        note = f"(no {config_name} at base {short})"
    else:
        shown = f"{config_name} at base {short}"
        config = validate_loaded(WorkspaceConfig, parse_yaml(raw, Path(config_name), display=shown), schema="config", display=shown)
        note = ""
    relative = config.approvals.allowed_signers
    data = repo.show(base, relative) or b""
    where = f"{relative} at base {short}" + (f" {note}" if note else "")
    return Trust(config, data, parse_allowed_signers(data, where), where, base=base)


@dataclass
class Positions:
    """Where each record's decision sits in commit order: (position, commit, commit time)."""

    by_key: dict[str, tuple[int, str | None, dt.datetime | None]] = field(default_factory=dict)

    def of(self, record: StoredRecord) -> tuple[int, str | None, dt.datetime | None]:
        return self.by_key[record.key]


def record_positions(repo: Repository, history: History, records: list[StoredRecord], folder: str) -> tuple[Positions, list[StoredRecord]]:
    """The commit that first added each record's signature (under any file name, in any form;
    records not committed yet come after every commit), and the record versions history holds that
    the working tree no longer has: a decision once committed is not undone by deleting its file."""
    earliest_by_blob: dict[str, tuple[int, str, dt.datetime]] = {}
    path_of_blob: dict[str, str] = {}
    for path, versions in history.versions.items():
        if not path.startswith(folder + "/"):
            continue
        for v in versions:
            if v.blob not in earliest_by_blob or v.position < earliest_by_blob[v.blob][0]:
                earliest_by_blob[v.blob] = (v.position, v.commit, v.time)
                path_of_blob[v.blob] = path
    current_blobs = {r.blob for r in records}
    signature_by_blob: dict[str, str | None] = {r.blob: normalise_signature(r.signature) if r.signature else None for r in records}
    historical: list[StoredRecord] = []
    missing = [b for b in earliest_by_blob if b not in current_blobs]
    for blob, data in repo.read_blobs(missing).items():
        old = stored_record(path_of_blob[blob], data, folder + "/", present=False)
        signature_by_blob[blob] = normalise_signature(old.signature) if old.signature else None
        if old.problem is None:
            historical.append(old)
    earliest_by_signature: dict[str, tuple[int, str, dt.datetime]] = {}
    for blob, where in earliest_by_blob.items():
        signature = signature_by_blob.get(blob)
        if signature and (signature not in earliest_by_signature or where[0] < earliest_by_signature[signature][0]):
            earliest_by_signature[signature] = where
    positions = Positions()
    after_all = history.commits
    for r in [*records, *historical]:
        signature = normalise_signature(r.signature) if r.signature else None
        found = earliest_by_signature.get(signature) if signature else earliest_by_blob.get(r.blob)
        positions.by_key[r.key] = found if found is not None else (after_all, None, None)
    return positions, historical


@dataclass
class Ledger:
    """Everything the state of any artifact is computed from, read once."""

    ws: Any
    repo: Repository
    trust: Trust
    records: list[StoredRecord]
    historical: list[StoredRecord]
    positions: Positions
    history: History
    now: dt.datetime
    verified: dict[str, Verification] = field(default_factory=dict)

    def records_of(self, artifact: str) -> list[StoredRecord]:
        """The artifact's records in its folder, and the versions history holds of records deleted
        or changed since whose signatures the folder no longer has."""
        present = [r for r in self.records if r.artifact == artifact]
        signatures = {normalise_signature(r.signature) for r in present if r.signature}
        gone = [r for r in self.historical if r.artifact == artifact and normalise_signature(r.signature or "") not in signatures]
        return present + gone


def open_ledger(ws: Any, trust: Trust, *, now: dt.datetime | None = None) -> Ledger:
    if ws.root is None:
        raise ConfigError("approvals need a workspace", hint="run `mops init` in the team's repository, or point --workspace at one")
    repo = Repository(ws.root)
    folder = records_folder(trust.config.paths.approvals)
    records = read_records(ws.root, trust.config.paths.approvals)
    history = repo.history()
    positions, historical = record_positions(repo, history, records, folder)
    return Ledger(ws, repo, trust, records, historical, positions, history, now or dt.datetime.now(dt.timezone.utc))


def _order(ledger: Ledger, record: StoredRecord) -> tuple:
    position = ledger.positions.of(record)[0]
    recorded = getattr(record.record, "recorded_at", None)
    stamp = recorded.timestamp() if recorded is not None else 0.0
    return (position, stamp, record.path)


def verify_records(ledger: Ledger, wanted: list[StoredRecord]) -> None:
    """Prove the signatures of these records (one ssh-keygen call each, in parallel), once."""
    todo = [r for r in wanted if r.record is not None and r.problem is None and r.key not in ledger.verified]
    items = [(r.record.signed_payload(), r.record.signature, r.record.signer) for r in todo]  # type: ignore[attr-defined]
    for record, result in zip(todo, verify_many(items, ledger.trust.allowed_signers, ledger.trust.entries, where=ledger.trust.where)):
        ledger.verified[record.key] = result


def _bytes_of(ledger: Ledger, artifact: str) -> bytes | None:
    path = ledger.ws.root / artifact
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        return None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=artifact) from None


def relevant_records(ledger: Ledger, artifact: str, data: bytes) -> list[StoredRecord]:
    """The records whose signatures decide the artifact's state: every rejection, and approvals of
    its current bytes (approvals of other bytes only make it stale and need no proof)."""
    sha = hashlib.sha256(data).hexdigest()
    return [
        r for r in ledger.records_of(artifact)
        if r.record is not None and r.problem is None and (r.record.decision == "rejected" or r.record.artifact_sha256 == sha)  # type: ignore[attr-defined]
    ]


def status_of(ledger: Ledger, artifact: str, data: bytes | None) -> ArtifactStatus:
    """The state of one artifact; its relevant records must have been through `verify_records`."""
    trust = ledger.trust
    if data is None:
        return ArtifactStatus(artifact=artifact, state="invalid", reason="the file does not exist (deleted or moved?); its records decide nothing")
    sha = hashlib.sha256(data).hexdigest()
    blob = blob_id(data)
    amount, amount_problem = policy.artifact_amount(artifact, data, trust.config)
    reqs = policy.requirements(artifact, amount, trust.config)
    problems: list[RecordProblem] = []
    decisions: list[tuple[StoredRecord, policy.Signer, Approver]] = []
    stale = False
    seen: set[str] = set()
    for stored in sorted(ledger.records_of(artifact), key=lambda r: _order(ledger, r)):
        if stored.problem is not None:
            problems.append(RecordProblem(record=stored.path, reason=stored.problem))
            continue
        record: Any = stored.record
        signature = normalise_signature(record.signature)
        if signature in seen:
            continue  # a copy of a decision already counted, at the original's place in the order
        seen.add(signature)
        current = record.artifact_sha256 == sha and record.artifact_blob == blob
        if record.decision == "approved" and not current:
            stale = True
            continue
        verification = ledger.verified.get(stored.key)
        if verification is None or not verification.ok:
            if stored.present:  # a deleted record that does not verify decided nothing: no problem left
                reason = verification.reason if verification is not None else "not verified"
                problems.append(RecordProblem(record=stored.path, reason=reason or "does not verify"))
            continue
        person = trust.person(verification.principal or "")
        signer = policy.Signer(verification.principal or "", verification.key or "", person.role if person else None, person.name if person else None)
        if not any(policy.may_decide(signer, r) for r in reqs):
            if not stored.present:
                continue
            roles = sorted({role for r in reqs for role in r.roles})
            problems.append(RecordProblem(
                record=stored.path,
                reason=f"{signer.principal} ({signer.role or 'no role in people'}) may not decide on {artifact}: "
                f"the rules{' at ' + trust.base[:12] if trust.base else ''} need role {' or '.join(roles)}",
            ))
            continue
        _, commit, _ = ledger.positions.of(stored)
        approver = Approver(principal=signer.principal, key=signer.key, name=signer.name, role=signer.role,
                            record=stored.path if stored.present else f"{stored.path} (deleted since; history keeps it)", commit=commit, override=record.override)
        decisions.append((stored, signer, approver))

    last_rejection = None
    for index, (stored, _, _) in enumerate(decisions):
        if stored.record.decision == "rejected":  # type: ignore[attr-defined]
            last_rejection = index
    after = decisions[last_rejection + 1:] if last_rejection is not None else decisions
    approvals = [(s, g, a) for s, g, a in after if s.record.decision == "approved"]  # type: ignore[attr-defined]
    needed = policy.evaluate([g for _, g, _ in approvals], reqs, amount, amount_problem, trust.config)
    approvers = [a for _, _, a in approvals]

    waiting = _waiting_since(ledger, artifact, blob)
    sla = policy.sla_hours(artifact, trust.config)
    age = (ledger.now - waiting).total_seconds() / 3600 if waiting else None
    common = dict(artifact=artifact, sha256=sha, amount=amount, waiting_since=waiting, age_hours=age, sla_hours=sla, problems=problems)

    if problems:
        listed = "; ".join(f"{p.record}: {p.reason}" for p in problems)
        return ArtifactStatus(
            **common, state="invalid", approvers=approvers, needed=needed,
            reason=f"{len(problems)} record{'s' if len(problems) > 1 else ''} that do not verify: {listed}. "
            "Remove the record (it decides nothing) and approve again with `mops approve`",
        )
    if not needed:
        names = ", ".join(_who(a) for a in approvers)
        overrides = [a.override for a in approvers if a.override]
        extra = f"; checks overridden: {'; '.join(overrides)}" if overrides else ""
        return ArtifactStatus(**common, state="approved", approvers=approvers, reason=f"approved by {names}{extra}")
    past = age is not None and sla is not None and age > sla
    if last_rejection is not None:
        stored, _, rejecter = decisions[last_rejection]
        comment = getattr(stored.record, "comment", None)
        return ArtifactStatus(
            **{**common, "past_sla": past}, state="rejected", approvers=approvers, needed=needed, rejected_by=rejecter,
            reason=f"rejected by {_who(rejecter)}" + (f": {comment}" if comment else "") + "; a new approval after the rejection is needed",
        )
    if stale and not approvers:
        return ArtifactStatus(
            **{**common, "past_sla": past}, state="stale", needed=needed,
            reason="approved in earlier bytes; the file changed since, so it needs a new approval (`mops approve`)",
        )
    so_far = f"approved so far by {', '.join(_who(a) for a in approvers)}; " if approvers else ""
    return ArtifactStatus(**{**common, "past_sla": past}, state="pending", approvers=approvers, needed=needed, reason=f"{so_far}needs {'; '.join(needed)}")


def _who(approver: Approver) -> str:
    if approver.name and approver.role:
        return f"{approver.name} <{approver.principal}> ({approver.role})"
    return approver.principal


def _waiting_since(ledger: Ledger, artifact: str, blob: str) -> dt.datetime | None:
    """When these bytes were committed, in the run of commits that still has them; now when not committed."""
    versions = ledger.history.versions.get(artifact, [])
    if not versions or versions[-1].blob != blob:
        return ledger.now
    start = versions[-1]
    for v in reversed(versions):
        if v.blob != blob:
            break
        start = v
    return start.time


def statuses(ledger: Ledger, artifacts: list[str]) -> list[ArtifactStatus]:
    """The state of each artifact, its records proven in one parallel batch."""
    contents = {a: _bytes_of(ledger, a) for a in artifacts}
    wanted = [r for a, data in contents.items() if data is not None for r in relevant_records(ledger, a, data)]
    verify_records(ledger, wanted)
    return [status_of(ledger, a, contents[a]) for a in artifacts]
