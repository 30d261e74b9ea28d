"""`mops approvals verify`, `mops queue` and `mops approvals stats`: the state of artifacts from
their signed records."""

from __future__ import annotations

import datetime as dt
import os
import statistics
from pathlib import Path
from typing import Any

from mops.approvals import policy
from mops.approvals.records import records_folder
from mops.approvals.state import Ledger, open_ledger, statuses, trust_at_base, trust_in_working_tree, verify_records
from mops.errors import InputError, MultipleErrors
from mops.lint.globs import matches
from mops.models.approval import MonthStats, StatsReport, VerifyReport

SKIPPED_FOLDERS = {".git", ".mops", "node_modules"}


def workspace_artifacts(ws: Any, config: Any) -> list[str]:
    """Every file of the working tree that needs approval under `config`'s artifact globs."""
    globs = policy.artifact_globs(config)
    approvals = config.paths.approvals.rstrip("/") + "/"
    found = []
    root = ws.root
    for current, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS and d != config.paths.state)
        base = Path(current).relative_to(root).as_posix()
        for name in sorted(files):
            relative = name if base == "." else f"{base}/{name}"
            if not relative.startswith(approvals) and matches(relative, globs):
                found.append(relative)
    return found


def _named(ws: Any, paths: list[Path], config: Any) -> list[str]:
    found: list[str] = []
    errors: list[InputError] = []
    root = ws.root.resolve()
    every = None
    for given in paths:
        absolute = (given if given.is_absolute() else Path.cwd() / given).resolve()
        try:
            relative = absolute.relative_to(root).as_posix()
        except ValueError:
            errors.append(InputError("outside the workspace: only the workspace's own files have approvals", path=str(given)))
            continue
        if absolute.is_dir():
            every = every if every is not None else workspace_artifacts(ws, config)
            inside = [a for a in every if relative == "." or a.startswith(relative.rstrip("/") + "/")]
            if not inside:
                errors.append(InputError("no file needing approval in this folder", path=relative))
            found.extend(inside)
        elif absolute.is_file():
            found.append(relative)
        else:
            errors.append(InputError("no such file", path=relative))
    if errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(list(errors))
    return list(dict.fromkeys(found))


def verify(ws: Any, *, base: str | None = None, artifacts: list[Path] | None = None, now: dt.datetime | None = None) -> VerifyReport:
    """The approval state of the artifacts changed since `base` (signers and rules read at the base
    commit), of the artifacts named, or of every artifact (signers and rules of the working tree)."""
    from mops.approvals.repository import Repository

    notes: list[str] = []
    if base is not None:
        repo = Repository(ws.root) if ws.root is not None else None
        if repo is None:
            raise InputError("approvals need a workspace")
        base_commit = repo.resolve(base)
        trust = trust_at_base(ws, repo, base_commit)
    else:
        base_commit = None
        trust = trust_in_working_tree(ws)
        notes.append("signers and rules read from the working tree: in CI, pass --base so a change cannot approve itself")
    ledger = open_ledger(ws, trust, now=now)
    if artifacts:
        chosen = _named(ws, artifacts, trust.config)
        scope = f"{len(chosen)} named artifact{'s' if len(chosen) != 1 else ''}"
    elif base_commit is not None:
        chosen = _changed(ledger, base_commit, notes)
        scope = f"artifacts changed since {base} ({base_commit[:12]})"
        if not chosen:
            notes.append(f"no artifact needing approval changed since {base}: nothing to verify")
    else:
        chosen = workspace_artifacts(ws, trust.config)
        scope = "every artifact of the workspace"
        if not chosen:
            notes.append("the workspace has no artifact needing approval (approvals.artifacts): nothing to verify")
    if base_commit is not None:
        changed = ledger.repo.changed_since(base_commit)
        own = [name for name in (ws.relative(ws.config_path), ws.config.approvals.allowed_signers, trust.config.approvals.allowed_signers) if name in changed]
        if own:
            notes.append(f"this change edits {', '.join(dict.fromkeys(own))}: signers and rules are read from the base commit, so the edits count only after they are merged")
    if trust.config.approvals.gatekeepers:
        notes.append("approvals.gatekeepers is no longer used: the allowed-signers file says who may sign, `people` roles and approvals.rules what each may approve")
    if not trust.entries and chosen:
        notes.append(f"{trust.where} lists no key: no approval can verify until a gatekeeper's key is registered there")
    return VerifyReport(base=base_commit, scope=scope, artifacts=statuses(ledger, chosen), notes=notes)


def _changed(ledger: Ledger, base: str, notes: list[str]) -> list[str]:
    """Artifacts whose bytes changed since the base, and those whose records did."""
    changed = ledger.repo.changed_since(base)
    globs = policy.artifact_globs(ledger.trust.config)
    approvals = ledger.trust.config.paths.approvals.rstrip("/") + "/"
    chosen = {p for p in changed if not p.startswith(approvals) and matches(p, globs) and (ledger.ws.root / p).is_file()}
    gone = set()
    records = records_folder(ledger.trust.config.paths.approvals) + "/"
    for path in changed:  # records added, edited or removed: their artifact's state may have changed
        if path.startswith(records):
            artifact = path[len(records):].rpartition("/")[0]
            if artifact and (ledger.ws.root / artifact).is_file():
                chosen.add(artifact)
            else:
                gone.add(artifact or path)
    if gone:
        notes.append(f"records changed for files that no longer exist (kept as history): {', '.join(sorted(gone))}")
    return sorted(chosen)


def queue(ws: Any, *, now: dt.datetime | None = None, include_approved: bool = False) -> VerifyReport:
    """Every artifact's state for the people who decide: what waits, for what, and for how long."""
    trust = trust_in_working_tree(ws)
    ledger = open_ledger(ws, trust, now=now)
    found = statuses(ledger, workspace_artifacts(ws, trust.config))
    order = {"invalid": 0, "rejected": 1, "stale": 2, "pending": 3, "approved": 4}
    found.sort(key=lambda s: (order[s.state], not s.past_sla, -(s.age_hours or 0), s.artifact))
    shown = found if include_approved else [s for s in found if s.state != "approved"]
    return VerifyReport(scope="every artifact of the workspace" if include_approved else "artifacts awaiting a decision", artifacts=shown)


def stats(ws: Any) -> StatsReport:
    """Per month of the decision commits: decisions, rejection rate, re-approvals after a change,
    and lead time from the commit of the decided bytes to the decision's commit."""
    trust = trust_in_working_tree(ws)
    ledger = open_ledger(ws, trust)
    every = [*ledger.records, *ledger.historical]
    committed = [r for r in every if r.record is not None and r.problem is None and ledger.positions.of(r)[1] is not None]
    verify_records(ledger, committed)
    valid = [r for r in committed if ledger.verified.get(r.key) and ledger.verified[r.key].ok]
    seen: set[str] = set()
    decisions = []
    for r in sorted(valid, key=lambda r: (ledger.positions.of(r)[0], r.record.recorded_at, r.path)):  # type: ignore[attr-defined]
        signature = "".join(r.record.signature.split())  # type: ignore[attr-defined]
        if signature not in seen:
            seen.add(signature)
            decisions.append(r)
    months: dict[str, dict[str, Any]] = {}
    approved_bytes: dict[str, set[str]] = {}
    for r in decisions:
        record: Any = r.record
        position, _, when = ledger.positions.of(r)
        assert when is not None
        month = months.setdefault(when.strftime("%Y-%m"), {"approvals": 0, "rejections": 0, "re": 0, "lead": []})
        if record.decision == "approved":
            month["approvals"] += 1
            earlier = approved_bytes.setdefault(record.artifact, set())
            if earlier and record.artifact_sha256 not in earlier:
                month["re"] += 1
            earlier.add(record.artifact_sha256)
        else:
            month["rejections"] += 1
        since = _committed_before(ledger, record.artifact, record.artifact_blob, position)
        if since is not None:
            month["lead"].append((when - since).total_seconds() / 3600)
    report = StatsReport(invalid_records=sum(1 for r in committed if r.present and r not in valid) + sum(1 for r in ledger.records if r.problem is not None))
    for name in sorted(months):
        m = months[name]
        total = m["approvals"] + m["rejections"]
        report.months.append(MonthStats(
            month=name, decisions=total, approvals=m["approvals"], rejections=m["rejections"],
            rejection_rate=round(m["rejections"] / total, 4) if total else None, re_approvals=m["re"],
            median_lead_time_hours=round(statistics.median(m["lead"]), 2) if m["lead"] else None,
            mean_lead_time_hours=round(statistics.fmean(m["lead"]), 2) if m["lead"] else None,
        ))
    return report


def _committed_before(ledger: Ledger, artifact: str, blob: str, position: int) -> dt.datetime | None:
    """When the decided bytes were committed: the start of the latest run of commits holding them
    at or before the decision's commit."""
    start = None
    previous = None
    for v in ledger.history.versions.get(artifact, []):
        if v.position > position:
            break
        if v.blob == blob and previous != blob:
            start = v.time
        previous = v.blob
    return start
