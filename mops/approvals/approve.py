"""`mops approve`: run an artifact's checks, sign the decision over its exact bytes, keep the signed
record under approvals/records/, and commit it as a signed commit with trailers.

The record is what verification reads (it survives squash and rebase merges, which drop or
rewrite commit signatures); the signed commit and its trailers are for people reading the log.
Nothing is left behind when any step fails: records written are removed and unstaged."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path
from typing import Any

from mops.approvals.artifacts import artifact_globs, workspace_relative
from mops.lint.globs import matches
from mops.approvals.checks import check_artifact
from mops.approvals.records import record_path, render_record
from mops.approvals.repository import Repository, blob_id, not_in_repository
from mops.approvals.signers import entries_for_key, key_fingerprint, parse_allowed_signers
from mops.approvals.signing import SETUP_HINT, SigningKey, sign, signature_key, signing_key, verify_many
from mops.errors import InputError, MultipleErrors, UsageError
from mops.models.approval import ApprovalRecord, ApproveResult, ArtifactStatus, Decision


def approve(
    ws: Any, paths: list[Path], *, decision: Decision = "approved", comment: str | None = None, override: str | None = None,
    today: dt.date | None = None, now: dt.datetime | None = None,
) -> ApproveResult:
    if ws.root is None:
        raise UsageError("approvals need a workspace", hint="run `mops init` in the team's repository, or point --workspace at one")
    if not paths:
        raise UsageError("name the files to approve", hint="e.g. `mops approve briefs/2026-q4_black-friday.md`")
    if override is not None and not override.strip():
        raise UsageError("--override needs a reason", hint='e.g. --override "legal cleared the claim by email on 3 Dec"')
    if decision == "rejected":
        if not (comment or "").strip():
            raise UsageError("a rejection needs a reason", hint='say what to change: --reject --comment "the claim needs legal\'s sign-off"')
        if override is not None:
            raise UsageError("--override goes with an approval, not a rejection", hint="a rejection runs no checks")
    repo = Repository(ws.root)
    _git_signs_with_ssh(repo)
    key = signing_key(repo.config)
    artifacts = _artifacts(ws, repo, paths)
    staged = repo.staged()
    if staged:
        raise UsageError(
            f"the working tree has staged changes unrelated to this approval: {', '.join(staged[:5])}{' ...' if len(staged) > 5 else ''}",
            hint="an approval commit holds only its records: commit or unstage those first (`git restore --staged <file>`)",
        )
    principal, _ = _principal(ws, key)
    ledger = _ledger(ws, artifacts)
    from mops.approvals.state import statuses

    before = statuses(ledger, artifacts)  # where each file stands now, as this clone sees it
    if decision == "approved":
        _may_approve(ws, before, principal)

    result = ApproveResult(decision=decision, signer=principal, notes=_settings_edited(ws, repo))
    if repo.is_shallow():
        result.notes.append("this is a shallow clone: a rejection in the history it lacks is not named by this decision, and so still stands")
    if decision == "approved":
        now_local = now or dt.datetime.now(dt.timezone.utc)
        day = today or now_local.date()
        result.checks = [check_artifact(ws, artifact, today=day) for artifact in artifacts]
        if any(not c.passed for c in result.checks) and override is None:
            result.refused = True
            return result

    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    after, standing = _latest_decisions(ledger, before)
    if decision == "approved":
        result.overturns = standing
    records: list[ApprovalRecord] = []
    for artifact in artifacts:
        data = ws.path(artifact).read_bytes()
        fields = dict(
            artifact=artifact, artifact_blob=blob_id(data), artifact_sha256=hashlib.sha256(data).hexdigest(), decision=decision,
            comment=comment or None, override=override if decision == "approved" else None, signer=principal, recorded_at=stamp,
            after=after[artifact],
        )
        unsigned = ApprovalRecord.model_validate({**fields, "signature": "-"})
        records.append(unsigned.model_copy(update={"signature": sign(unsigned.signed_payload(), key)}))
    _check_own_signatures(ws, records)
    result.records = _commit(ws, repo, records, key)
    result.commit = repo.repo.head.commit.hexsha
    from mops.approvals.state import open_ledger, statuses, trust_in_working_tree

    result.states = statuses(open_ledger(ws, trust_in_working_tree(ws)), artifacts)
    return result


def _git_signs_with_ssh(repo: Repository) -> None:
    """git signs commits with SSH keys from 2.34 on; older ones would fail at the commit."""
    import re

    found = re.search(r"(\d+)\.(\d+)", repo.run("--version"))
    if found and (int(found[1]), int(found[2])) < (2, 34):
        raise UsageError(f"git {found[0]} cannot sign commits with SSH keys", hint="install git 2.34 or newer")


def _ledger(ws: Any, artifacts: list[str]) -> Any:
    """This repository's decisions on the artifacts (history included), proven against the working
    tree's allowed signers."""
    from mops.approvals.state import open_ledger, trust_in_working_tree, verify_records

    ledger = open_ledger(ws, trust_in_working_tree(ws))
    verify_records(ledger, [r for a in artifacts for r in ledger.records_of(a)])
    return ledger


def _may_approve(ws: Any, before: list[ArtifactStatus], principal: str) -> None:
    """Refuse what would not count: a signer whose role no rule covering the artifact accepts (the
    record would make the artifact invalid), or a second approval of the same bytes by the same
    person (it adds nothing). Judged with the working tree's rules: verify uses the base's."""
    from mops.approvals import policy

    person = ws.config.person(principal)
    role = person.role if person else None
    for status in before:
        data = ws.path(status.artifact).read_bytes()
        amount, _ = policy.artifact_amount(status.artifact, data, ws.config)
        reqs = policy.requirements(status.artifact, amount, ws.config)
        signer = policy.Signer(principal, "", role, None)
        if not any(policy.may_decide(signer, r) for r in reqs):
            roles = sorted({r for req in reqs for r in req.roles})
            raise UsageError(
                f"{principal} ({role or 'no role in people'}) may not approve {status.artifact}: the rules need role {' or '.join(roles)}",
                path=status.artifact,
                hint="ask someone with that role; a rejection (--reject) is open to anyone listed" + ("" if person else f"; add {principal} to `people` with a role"),
            )
        if any(a.principal.lower() == principal.lower() for a in status.approvers):
            raise UsageError(
                f"you already approved {status.artifact} in these bytes", path=status.artifact,
                hint=f"it is {status.state}: {status.reason}",
            )


def _latest_decisions(ledger: Any, before: list[ArtifactStatus]) -> tuple[dict[str, list[str]], list[str]]:
    """For each artifact, the latest decisions this repository holds on it: the new decision is
    signed as made after them, which is what lets it overturn a rejection; and the records of the
    rejections standing among them (those this decision, if an approval, overturns)."""
    from mops.approvals.state import decision_heads

    heads = {s.artifact: decision_heads(ledger, s.artifact) for s in before}
    standing = [s.rejected_by.record for s in before if s.state == "rejected" and s.rejected_by]
    return heads, standing


def _settings_edited(ws: Any, repo: Repository) -> list[str]:
    """A note when this branch changes the settings the checks run with (mops.yaml, the taxonomy,
    the brand voice, the allowed signers) against the repository's default branch: a gatekeeper
    approving on someone's branch should know its checks ran with that branch's rules."""
    import git

    default = None
    for ref in ("refs/remotes/origin/HEAD", "refs/remotes/origin/main", "refs/heads/main", "refs/remotes/origin/master", "refs/heads/master"):
        try:
            default = repo.run("rev-parse", "--verify", "-q", ref).strip()
            break
        except git.GitCommandError:
            continue
    if not default:
        return []
    try:
        fork = repo.run("merge-base", default, "HEAD").strip()
    except git.GitCommandError:
        return []
    config = ws.config
    names = [ws.relative(ws.config_path), config.approvals.allowed_signers, config.paths.taxonomy, config.paths.brand_voice]
    try:
        changed = repo.run("diff", "--name-only", fork, "--", *(repo.repo_path(n) for n in names)).split()
    except git.GitCommandError:
        return []
    if not changed:
        return []
    shown = ", ".join(repo.workspace_path(c) or c for c in changed)
    return [f"this branch edits {shown}: the checks ran with its settings, not the default branch's; review those edits before approving"]


def _artifacts(ws: Any, repo: Repository, paths: list[Path]) -> list[str]:
    """Workspace-relative paths of the files named; each must be committed exactly as it is."""
    found: list[str] = []
    errors: list[InputError] = []
    for given in paths:
        try:
            relative = workspace_relative(ws, given)
        except InputError as exc:
            errors.append(exc)
            continue
        absolute = ws.root / relative
        if relative.split("/")[0] in (".git", ws.config.paths.state) or relative.startswith(ws.config.paths.approvals.rstrip("/") + "/"):
            errors.append(InputError("not an artifact: approvals, git and mops state are not approved", path=relative))
            continue
        if not matches(relative, artifact_globs(ws.config)):
            errors.append(InputError(
                "not an artifact: nothing needs approval here (briefs, plans, proposals and copy do)", path=relative,
                hint="settings such as mops.yaml and the taxonomy are reviewed as code; `approvals.artifacts` in mops.yaml lists what needs approval",
            ))
            continue
        if absolute.is_symlink() or not absolute.is_file():
            kind = "a symbolic link: approve the file itself" if absolute.is_symlink() else "no such file" if not absolute.exists() else "not a file"
            errors.append(InputError(kind, path=relative))
            continue
        tracked = repo.tracked_blob(relative)
        if tracked is None:
            errors.append(not_in_repository(relative))
            continue
        if blob_id(absolute.read_bytes()) != tracked:
            errors.append(InputError(
                "has changes that are not committed: an approval names the bytes git holds",
                path=relative, hint=f"commit {relative} (or `git restore` it), then approve",
            ))
            continue
        if relative not in found:
            found.append(relative)
    if errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(list(errors))
    return found


def _public_key(key: SigningKey) -> str:
    """`<type> <base64>` of the signing key, read without touching the private key when possible."""
    if key.literal is not None:
        return key.literal
    assert key.key_file is not None
    candidates = [key.key_file] if key.key_file.endswith(".pub") else [key.key_file + ".pub", key.key_file]
    for candidate in candidates:
        try:
            text = Path(candidate).read_text(errors="replace").strip()
        except OSError:
            continue
        if text.startswith(("ssh-", "ecdsa-", "sk-")):
            return text
    proc = subprocess.run([key.program, "-y", "-f", key.key_file], capture_output=True, text=True, check=False)
    if proc.returncode == 0 and proc.stdout.strip():
        return proc.stdout.strip()
    raise UsageError(f"cannot read the public key of {key.key_file}", hint=SETUP_HINT)


def _principal(ws: Any, key: SigningKey) -> tuple[str, str]:
    """The allowed-signers principal of the signing key (the one matching user.email when the key
    has several); a clear error when the key is not listed."""
    allowed = ws.config.approvals.allowed_signers
    try:
        data = ws.path(allowed).read_bytes()
    except OSError:
        data = b""
    entries = parse_allowed_signers(data, allowed)
    public = _public_key(key)
    parts = public.split()
    listed = entries_for_key(entries, parts[0], parts[1]) if len(parts) >= 2 else []
    principals = [p for e in listed if e.allows("mops-approval") for p in e.principals if "*" not in p and "?" not in p]
    if not principals:
        email = key.email or "you@example.com"
        why = "may not sign approvals (its namespaces option leaves out mops-approval)" if listed else "is not in the allowed-signers file"
        fingerprint = _fingerprint(parts[1]) if len(parts) >= 2 else ""
        raise UsageError(
            f"your signing key {fingerprint or (parts[0] if parts else '')} {why}: {allowed}",
            path=allowed,
            hint=f"register it by pull request, a line `{email} namespaces=\"mops-approval,git\" {' '.join(parts[:2])}` "
            "(README: \"For gatekeepers\"); a gatekeeper merges it, then you can approve",
        )
    chosen = next((p for p in principals if key.email and p.lower() == key.email.lower()), principals[0])
    return chosen, public


def _fingerprint(key: str) -> str:
    """SHA256:... of a base64 public key; empty when it is not base64."""
    import base64
    import binascii

    try:
        return key_fingerprint(base64.b64decode(key, validate=True))
    except (binascii.Error, ValueError):
        return ""


def _check_own_signatures(ws: Any, records: list[ApprovalRecord]) -> None:
    """The signatures just made must verify as `mops approvals verify` will check them."""
    allowed = ws.config.approvals.allowed_signers
    data = ws.path(allowed).read_bytes()
    entries = parse_allowed_signers(data, allowed)
    results = verify_many([(r.signed_payload(), r.signature, r.signer) for r in records], data, entries, where=allowed)
    for record, outcome in zip(records, results):
        if not outcome.ok:
            key = signature_key(record.signature)
            raise UsageError(
                f"the signature made for {record.artifact} does not verify: {outcome.reason}",
                hint=f"check that user.signingkey is the key listed for {record.signer} ({key.fingerprint if key else '?'})",
            )


def _commit(ws: Any, repo: Repository, records: list[ApprovalRecord], key: SigningKey) -> list[str]:
    """Write the records, stage them, and make the signed commit; undo everything if any step fails."""
    import git

    from mops.fsutil import atomic_write_text

    folder = ws.config.paths.approvals
    for record in records:
        existing = record_path(folder, record)
        if ws.path(existing).exists():
            raise UsageError(f"this decision is already recorded: {existing}", path=existing, hint="nothing to do; `mops approvals verify` shows where it stands")
    written: list[str] = []
    repo_paths: list[str] = []
    try:
        for record in records:
            relative = record_path(folder, record)
            atomic_write_text(ws.path(relative), render_record(record))
            written.append(relative)
            repo_paths.append(repo.repo_path(relative))
        repo.run("add", "--", *repo_paths)
        repo.run("commit", "-S", "--no-verify", "-q", "-m", _message(ws, records), "--", *repo_paths)
    except (git.GitCommandError, OSError) as exc:
        if repo_paths:
            try:
                repo.run("reset", "-q", "--", *repo_paths)
            except git.GitCommandError:
                pass
        for relative in written:
            ws.path(relative).unlink(missing_ok=True)
        detail = getattr(exc, "stderr", None) or str(exc)
        raise UsageError(
            f"git could not make the signed commit: {' '.join(str(detail).split())[:300]}",
            hint="nothing was recorded. " + SETUP_HINT,
        ) from None
    return written


def _message(ws: Any, records: list[ApprovalRecord]) -> str:
    verb = "approve" if records[0].decision == "approved" else "reject"
    names = ", ".join(r.artifact for r in records)
    lines = [f"mops: {verb} {names}", ""]
    if records[0].comment:
        lines += [records[0].comment, ""]
    if records[0].override:
        lines += [f"Checks overridden: {records[0].override}", ""]
    person = ws.config.person(records[0].signer)
    who = f"{person.name} <{records[0].signer}>" if person else records[0].signer
    for record in records:
        lines += [f"Mops-Decision: {record.decision}", f"Mops-Artifact: {record.artifact}", f"Mops-Artifact-SHA256: {record.artifact_sha256}"]
    lines.append(f"{'Approved-by' if records[0].decision == 'approved' else 'Rejected-by'}: {who}")
    return "\n".join(lines) + "\n"
