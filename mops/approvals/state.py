"""Where each artifact stands: the decisions recorded for it, proven by their signatures against
a trusted allowed-signers file and judged by trusted rules.

Shared by `mops approvals verify` (trust = the base commit), `mops queue` and `mops approvals
stats` (trust = the working tree).

What came after what is signed, not inferred: each record's `after` names the decisions its
signer's repository held. A rejection stands until an approval names it (directly or through
other decisions); an approval the rejection named does not count. Commit order, rebases, merge
parents and anyone's clock decide nothing, so reordering commits, replaying an old approval or
back-dating a record cannot undo a rejection; an approver who had not seen a rejection has not
overturned it.

The ledger is every version of every record the history holds (all sides of all merges, and the
base commit's history), not only the files there today: a decision committed once still counts
after its file is deleted or moved. A record that does not verify is a problem while it is in the
tree; once deleted, it decided nothing and is forgotten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mops.approvals import policy
from mops.approvals.records import StoredRecord, read_records, records_folder, stored_record
from mops.approvals.repository import History, Repository, blob_id
from mops.approvals.signers import SignerEntry, parse_allowed_signers
from mops.approvals.signing import Verification, verify_many
from mops.errors import ConfigError, InputError, UsageError
from mops.models.approval import Approver, ArtifactStatus, RecordProblem


@dataclass
class Trust:
    """What decides validity: the signers and the rules, read from one place."""

    config: Any  # WorkspaceConfig
    allowed_signers: bytes
    entries: list[SignerEntry]
    where: str  # how reasons name the allowed-signers file
    base: str | None = None

    def person(self, principal: str, key: str) -> Any:
        """The `people` entry of a proven principal, when the allowed-signers file lists this key for
        exactly that principal (a key listed through a pattern such as *@example.com proves a name,
        not whose role it is)."""
        literal = any(
            principal.lower() in (p.lower() for p in entry.principals) for entry in self.entries if entry.fingerprint == key
        )
        return self.config.person(principal) if literal else None


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

    config_name = config_file_name(ws)
    raw = repo.show(base, config_name)
    short = base[:12]
    if raw is None:
        raise UsageError(
            f"the base commit {short} has no {config_name} in this workspace: there are no signers or rules to trust",
            hint="verify against a base that has the workspace (a pull request that creates it is reviewed by hand)",
        )
    shown = f"{config_name} at base {short}"
    config = validate_loaded(WorkspaceConfig, parse_yaml(raw, Path(config_name), display=shown), schema="config", display=shown)
    relative = config.approvals.allowed_signers
    data = repo.show(base, relative) or b""
    where = f"{relative} at base {short}"
    return Trust(config, data, parse_allowed_signers(data, where), where, base=base)


def config_file_name(ws: Any) -> str:
    """mops.yaml's path in the workspace as written, never through a symbolic link: a link would
    let a change point "the config" at a file the base does not have."""
    import os

    lexical = Path(os.path.abspath(ws.config_path))
    if lexical.is_symlink():
        raise InputError(
            "mops.yaml is a symbolic link: approvals read the signers and rules from the file itself",
            path=str(lexical.name), hint="replace the link with the file",
        )
    try:
        return lexical.relative_to(ws.root).as_posix()
    except ValueError:
        return lexical.name


@dataclass
class Ledger:
    """Everything the state of any artifact is computed from, read once."""

    ws: Any
    repo: Repository
    trust: Trust
    records: list[StoredRecord]  # in the working tree
    historical: list[StoredRecord]  # versions history holds at paths where the tree no longer has them
    first_commit: dict[str, tuple[int, str, dt.datetime]]  # decision id -> the first commit holding it
    now: dt.datetime
    verified: dict[str, Verification] = field(default_factory=dict)
    _history: History | None = None

    @property
    def history(self) -> History:
        """Every version of the workspace's files, for ages and lead times (read on first use)."""
        if self._history is None:
            self._history = self.repo.history()
        return self._history

    def records_of(self, artifact: str) -> list[StoredRecord]:
        return [r for r in (*self.records, *self.historical) if r.artifact == artifact]


def open_ledger(ws: Any, trust: Trust, *, now: dt.datetime | None = None, base: str | None = None) -> Ledger:
    if ws.root is None:
        raise ConfigError("approvals need a workspace", hint="run `mops init` in the team's repository, or point --workspace at one")
    repo = Repository(ws.root)
    # the records folder the trusted settings name, and the working tree's if a change moved it: a
    # decision written where the change under review says is read too (it must verify all the same)
    approvals_folders = list(dict.fromkeys([trust.config.paths.approvals, ws.config.paths.approvals]))
    folders = [records_folder(f) for f in approvals_folders]
    records = [r for f in approvals_folders for r in read_records(ws.root, f)]
    revisions = ("HEAD", base) if base else ("HEAD",)
    record_history = repo.history(*folders, revisions=revisions, every_version=True)
    present = {(r.path, r.blob) for r in records}
    versions = [(path, v) for path, vs in record_history.versions.items() for v in vs]
    contents = repo.read_blobs(sorted({v.blob for path, v in versions if (path, v.blob) not in present}))
    historical: dict[tuple[str, str], StoredRecord] = {}
    for path, v in versions:
        if (path, v.blob) not in present and (path, v.blob) not in historical and v.blob in contents:
            folder = next((f for f in folders if path.startswith(f + "/")), folders[0])
            old = stored_record(path, contents[v.blob], folder + "/", present=False)
            if old.problem is None:
                historical[(path, v.blob)] = old
    by_blob = {r.blob: r for r in [*records, *historical.values()] if r.record is not None}
    first_commit: dict[str, tuple[int, str, dt.datetime]] = {}
    for path, v in versions:
        stored = by_blob.get(v.blob)
        if stored is None:
            continue
        decision = stored.record.decision_id()  # type: ignore[attr-defined]
        if decision not in first_commit or v.position < first_commit[decision][0]:
            first_commit[decision] = (v.position, v.commit, v.time)
    return Ledger(ws, repo, trust, records, list(historical.values()), first_commit, now or dt.datetime.now(dt.timezone.utc))


def _verification_key(record: Any) -> str:
    return hashlib.sha256(record.signed_payload() + b"\0" + "".join(record.signature.split()).encode()).hexdigest()


def verify_records(ledger: Ledger, wanted: list[StoredRecord]) -> None:
    """Prove the signatures of these records, each distinct (payload, signature) once, in parallel."""
    todo: dict[str, Any] = {}
    for r in wanted:
        if r.record is not None and r.problem is None:
            key = _verification_key(r.record)
            if key not in ledger.verified:
                todo.setdefault(key, r.record)
    items = [(record.signed_payload(), record.signature, record.signer) for record in todo.values()]
    for key, result in zip(todo, verify_many(items, ledger.trust.allowed_signers, ledger.trust.entries, where=ledger.trust.where)):
        ledger.verified[key] = result


def verification_of(ledger: Ledger, record: Any) -> Verification | None:
    return ledger.verified.get(_verification_key(record))


def read_artifact(root: Path, artifact: str) -> tuple[bytes | None, str | None]:
    """(bytes, None), or (None, why there is nothing to judge): missing, or not a regular file.
    Never read through a symbolic link: the bytes approved must be the file's own."""
    from mops.fsutil import NotARegularFile, read_regular_file

    path = root / artifact
    try:
        return read_regular_file(path), None
    except NotARegularFile as exc:
        return None, f"{exc}, not a file: approvals name a file's own bytes (replace it with the file itself)"
    except FileNotFoundError:
        return None, "the file does not exist (deleted or moved?); its records decide nothing"
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=artifact) from None


@dataclass
class _Decision:
    id: str
    record: Any
    stored: StoredRecord
    signer: policy.Signer
    approver: Approver


def _verified_decisions(ledger: Ledger, artifact: str) -> tuple[dict[str, _Decision], list[RecordProblem]]:
    """The artifact's decisions whose signatures verify, by id (roles do not matter here: every
    verified decision is part of what came after what); and the problems of records in the tree
    that do not verify (deleted ones that never verified decided nothing and are forgotten)."""
    trust = ledger.trust
    valid: dict[str, _Decision] = {}
    problems: list[RecordProblem] = []
    for stored in ledger.records_of(artifact):
        if stored.problem is not None:
            if stored.present:
                problems.append(RecordProblem(record=stored.path, reason=stored.problem))
            continue
        record: Any = stored.record
        verification = verification_of(ledger, record)
        if verification is None or not verification.ok:
            if stored.present:
                reason = verification.reason if verification is not None else "not verified"
                problems.append(RecordProblem(record=stored.path, reason=reason or "does not verify"))
            continue
        principal, key = verification.principal or "", verification.key or ""
        person = trust.person(principal, key)
        signer = policy.Signer(principal, key, person.role if person else None, person.name if person else None)
        decision = record.decision_id()
        if decision in valid and valid[decision].stored.present:
            continue  # a copy of a decision already counted
        first = ledger.first_commit.get(decision)
        shown = stored.path if stored.present else f"{stored.path} (deleted or moved since; history keeps it)"
        approver = Approver(principal=principal, key=key, name=signer.name, role=signer.role, record=shown,
                            commit=first[1] if first else None, override=record.override)
        valid[decision] = _Decision(decision, record, stored, signer, approver)
    return valid, problems


def _ancestors(valid: dict[str, _Decision]) -> dict[str, frozenset[str]]:
    """For each decision, every verified decision it was made after (through `after`, transitively).
    Iterative (a chain of thousands of decisions is fine); ids are hashes of signed payloads, so a
    cycle cannot be signed, but one is tolerated."""
    done: dict[str, frozenset[str]] = {}
    for root in valid:
        stack = [(root, False)]
        visiting: set[str] = set()
        while stack:
            decision, expanded = stack.pop()
            if decision in done:
                continue
            parents = [p for p in valid[decision].record.after if p in valid and p != decision]
            if expanded:
                found: set[str] = set()
                for parent in parents:
                    found.add(parent)
                    found |= done.get(parent, frozenset())
                done[decision] = frozenset(found)
                visiting.discard(decision)
                continue
            visiting.add(decision)
            stack.append((decision, True))
            stack.extend((p, False) for p in parents if p not in done and p not in visiting)
    return done


def decision_heads(ledger: Ledger, artifact: str) -> list[str]:
    """The latest decisions on the artifact (verified ones no other names in `after`): what a new
    decision records as made after. The records must have been through `verify_records`."""
    valid, _ = _verified_decisions(ledger, artifact)
    named = {earlier for d in valid.values() for earlier in d.record.after}
    return sorted(d for d in valid if d not in named)


def rejections_seen(ledger: Ledger, artifact: str, heads: list[str]) -> list[str]:
    """The record files of the rejections a decision made after `heads` has seen (and so, if it is
    an approval, overturns)."""
    valid, _ = _verified_decisions(ledger, artifact)
    ancestors = _ancestors(valid)
    seen = set(heads) | {a for h in heads if h in ancestors for a in ancestors[h]}
    return sorted(valid[d].stored.path for d in seen if d in valid and valid[d].record.decision == "rejected")


def status_of(ledger: Ledger, artifact: str, data: bytes | None, missing: str | None = None) -> ArtifactStatus:
    """The state of one artifact; its records must have been through `verify_records`.

    Every verified decision takes part in what came after what. A rejection (by anyone the
    allowed-signers file lists) stands until an approval that may decide the artifact has it among
    the decisions it was made after. An approval counts when it is of the current bytes, its signer
    may decide the artifact (roles), and every rejection is among what it was made after: an
    approval given before, or without seeing, a rejection never counts again, even once someone
    else overturned that rejection."""
    trust = ledger.trust
    if data is None:
        return ArtifactStatus(artifact=artifact, state="invalid", reason=missing or "the file does not exist")
    sha = hashlib.sha256(data).hexdigest()
    blob = blob_id(data)
    amount, amount_problem = policy.artifact_amount(artifact, data, trust.config)
    reqs = policy.requirements(artifact, amount, trust.config)
    valid, problems = _verified_decisions(ledger, artifact)
    ancestors = _ancestors(valid)
    approvals = [d for d in valid.values() if d.record.decision == "approved"]
    rejections = [d for d in valid.values() if d.record.decision == "rejected"]

    def is_current(d: _Decision) -> bool:
        return d.record.artifact_sha256 == sha and d.record.artifact_blob == blob

    def may_decide(d: _Decision) -> bool:
        return any(policy.may_decide(d.signer, r) for r in reqs)

    for d in approvals:
        if is_current(d) and not may_decide(d) and d.stored.present:
            roles = sorted({role for r in reqs for role in r.roles})
            problems.append(RecordProblem(
                record=d.stored.path,
                reason=f"{d.signer.principal} ({d.signer.role or 'no role in people'}) may not approve {artifact}: "
                f"the rules{' at ' + trust.base[:12] if trust.base else ''} need role {' or '.join(roles)}",
            ))
    deciders = [a for a in approvals if may_decide(a)]
    standing = [r for r in rejections if not any(r.id in ancestors[a.id] for a in deciders)]
    current = [a for a in deciders if is_current(a) and all(r.id in ancestors[a.id] for r in rejections)]
    overturned_by_rejection = {a.id for a in approvals if not all(r.id in ancestors[a.id] for r in rejections)}
    stale = any(not is_current(a) or a.id in overturned_by_rejection for a in approvals)
    needed = policy.evaluate([a.signer for a in current], reqs, amount, amount_problem, trust.config)
    current.sort(key=lambda a: ledger.first_commit.get(a.id, (1 << 62, "", None))[0])
    approvers = [a.approver for a in current]

    waiting = _waiting_since(ledger, artifact, blob)
    sla = policy.sla_hours(artifact, trust.config)
    age = (ledger.now - waiting).total_seconds() / 3600 if waiting else None
    past = age is not None and sla is not None and age > sla
    common = dict(artifact=artifact, sha256=sha, amount=amount, waiting_since=waiting, age_hours=age, sla_hours=sla, problems=problems)
    default_rule = trust.config.approvals.rules and reqs[0].label.startswith("one approval by anyone")
    note = " (no rule in approvals.rules covers this file: the default applies)" if default_rule else ""

    if problems:
        listed = "; ".join(f"{p.record}: {p.reason}" for p in problems)
        return ArtifactStatus(
            **{**common, "past_sla": past}, state="invalid", approvers=approvers, needed=needed,
            reason=f"{len(problems)} record{'s that do' if len(problems) > 1 else ' that does'} not count: {listed}. "
            "If the record is the mistake (edited, forged, by someone the rules do not allow), remove it and approve again "
            "with `mops approve`; if the allowed-signers file or mops.yaml is (a typo in a key line or an email), fix that instead",
        )
    if standing:
        latest = max(standing, key=lambda r: ledger.first_commit.get(r.id, (1 << 62, "", None))[0])
        comment = latest.record.comment
        return ArtifactStatus(
            **{**common, "past_sla": past}, state="rejected", approvers=approvers, needed=needed, rejected_by=latest.approver,
            reason=f"rejected by {_who(latest.approver)}" + (f": {comment}" if comment else "")
            + "; it stands until someone approves having seen it (`mops approve` after pulling the rejection)",
        )
    if not needed:
        names = ", ".join(_who(a) for a in approvers)
        overrides = [a.override for a in approvers if a.override]
        extra = f"; checks overridden: {'; '.join(overrides)}" if overrides else ""
        return ArtifactStatus(**common, state="approved", approvers=approvers, reason=f"approved by {names}{extra}{note}")
    if stale and not approvers:
        earlier = [a for a in approvals if not is_current(a) or a.id in overturned_by_rejection]
        last = max(earlier, key=lambda a: ledger.first_commit.get(a.id, (-1, "", None))[0])
        if is_current(last):
            why = f"approved by {_who(last.approver)} before a rejection that approval never saw"
        else:
            commit = ledger.first_commit.get(last.id)
            since = f" (`git diff {commit[1][:12]} -- {artifact}` shows what changed since)" if commit else ""
            why = f"approved by {_who(last.approver)} in earlier bytes{since}"
        return ArtifactStatus(
            **{**common, "past_sla": past}, state="stale", needed=needed,
            reason=f"{why}; it needs a new approval (`mops approve`)" + note,
        )
    so_far = f"approved so far by {', '.join(_who(a) for a in approvers)}; " if approvers else ""
    return ArtifactStatus(**{**common, "past_sla": past}, state="pending", approvers=approvers, needed=needed, reason=f"{so_far}needs {'; '.join(needed)}{note}")


def _who(approver: Approver) -> str:
    if approver.name and approver.role:
        return f"{approver.name} <{approver.principal}> ({approver.role})"
    return approver.principal


def _waiting_since(ledger: Ledger, artifact: str, blob: str) -> dt.datetime | None:
    """When these bytes were committed, in the run of commits that still has them; now when the
    working tree's bytes are not what the last commit holds."""
    last = ledger.history.last(artifact)
    if last is None or last.blob != blob:
        return ledger.now
    return ledger.history.held_since(artifact, blob)


def statuses(ledger: Ledger, artifacts: list[str]) -> list[ArtifactStatus]:
    """The state of each artifact, its records proven in one parallel batch."""
    contents = {a: read_artifact(ledger.ws.root, a) for a in artifacts}
    verify_records(ledger, [r for a, (data, _) in contents.items() if data is not None for r in ledger.records_of(a)])
    return [status_of(ledger, a, data, missing) for a, (data, missing) in contents.items()]


@dataclass
class Decided:
    """A committed decision whose signature verifies, with when it was committed and how long the
    decided bytes had waited for it."""

    record: Any  # ApprovalRecord
    signer: policy.Signer
    commit: str
    position: int  # in history, for ordering
    when: dt.datetime  # the decision's first commit
    waited_hours: float | None  # from the commit of the decided bytes; None when history never held them


def committed_decisions(ledger: Ledger) -> tuple[list[Decided], int]:
    """Every committed decision whose signature verifies, each once however many copies of it there
    are, oldest first; and how many records in the tree do not verify (left out). What `mops
    approvals stats` and `mops report ops` count."""
    every = [r for r in (*ledger.records, *ledger.historical) if r.record is not None and r.problem is None]
    verify_records(ledger, every)
    decisions: dict[str, tuple[Any, Any]] = {}
    invalid = sum(1 for r in ledger.records if r.problem is not None)
    for r in every:
        verification = verification_of(ledger, r.record)
        if verification is None or not verification.ok:
            invalid += r.present
            continue
        decision = r.record.decision_id()  # type: ignore[attr-defined]
        if decision in ledger.first_commit:
            decisions[decision] = (r.record, verification)
    found: list[Decided] = []
    for decision, (record, verification) in sorted(decisions.items(), key=lambda item: ledger.first_commit[item[0]][0]):
        position, commit, when = ledger.first_commit[decision]
        principal, key = verification.principal or "", verification.key or ""
        person = ledger.trust.person(principal, key)
        signer = policy.Signer(principal, key, person.role if person else None, person.name if person else None)
        since = ledger.history.held_since(record.artifact, record.artifact_blob, until=when)
        waited = (when - since).total_seconds() / 3600 if since is not None else None
        found.append(Decided(record, signer, commit, position, when, waited))
    return found, invalid
