"""`mops approvals verify`, `mops queue` and `mops approvals stats`: the state of artifacts from
their signed records."""

from __future__ import annotations

import datetime as dt
import os
import statistics
from pathlib import Path
from typing import Any

from mops.approvals.artifacts import artifact_globs, could_hold_artifacts, workspace_artifacts, workspace_relative
from mops.approvals.records import records_folder
from mops.approvals.state import Ledger, committed_decisions, open_ledger, statuses, trust_at_base, trust_in_working_tree
from mops.errors import InputError, MultipleErrors
from mops.lint.globs import matches
from mops.models.approval import MonthStats, StatsReport, VerifyReport

def _named(ws: Any, paths: list[Path], config: Any) -> list[str]:
    found: list[str] = []
    errors: list[InputError] = []
    every = None
    for given in paths:
        absolute = Path(os.path.abspath(given))  # lexically: a symbolic link is judged, not followed
        try:
            relative = workspace_relative(ws, given)
        except InputError as exc:
            errors.append(exc)
            continue
        if absolute.is_symlink():
            found.append(relative)
        elif absolute.is_dir():
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
        _full_history(repo)
        trust = trust_at_base(ws, repo, base_commit)
        trust_in_working_tree(ws)  # the change's own allowed-signers file must read too: a typo merged would stop everyone
    else:
        base_commit = None
        trust = trust_in_working_tree(ws)
        notes.append("signers and rules read from the working tree: in CI, pass --base so a change cannot approve itself")
    ledger = open_ledger(ws, trust, now=now, base=base_commit)
    if base_commit is None:
        _full_history(ledger.repo)
    untrusted: set[str] = set()
    if artifacts:
        chosen = _named(ws, artifacts, trust.config)
        scope = f"{len(chosen)} named artifact{'s' if len(chosen) != 1 else ''}"
    elif base_commit is not None:
        chosen, untrusted = _changed(ledger, base_commit, notes)
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
    found = statuses(ledger, chosen)
    for status in found:
        if status.artifact in untrusted and status.state != "invalid":
            status.state = "pending"
            status.needed = ["the settings that make it an artifact (paths, approvals.artifacts) merged first"]
            status.reason = ("only this change's mops.yaml (paths or approvals.artifacts) makes this file an artifact, so the base's "
                             "rules cannot judge it: merge the settings change on its own first, then approve the file")
    return VerifyReport(base=base_commit, scope=scope, artifacts=found, notes=notes)


def _full_history(repo: Any) -> None:
    """Verification reads every decision ever committed: a shallow clone would drop some silently."""
    from mops.errors import UsageError

    if repo.is_shallow():
        raise UsageError(
            "this is a shallow clone: decisions in the history it lacks (a rejection, say) would be missed",
            hint="fetch the full history (`git fetch --unshallow`; in CI, actions/checkout with `fetch-depth: 0`)",
        )


def _changed(ledger: Ledger, base: str, notes: list[str]) -> tuple[list[str], set[str]]:
    """Artifacts whose bytes changed since the base, and those whose records did; and which of them
    only the working tree's settings make artifacts (a change that moves or adds artifact folders)."""
    changed = ledger.repo.changed_since(base)
    trusted = artifact_globs(ledger.trust.config)
    globs = list(dict.fromkeys([*trusted, *artifact_globs(ledger.ws.config)]))
    folders = list(dict.fromkeys([ledger.trust.config.paths.approvals, ledger.ws.config.paths.approvals]))
    approvals = tuple(f.rstrip("/") + "/" for f in folders)
    root = ledger.ws.root
    chosen = set()
    for p in changed:
        if p.startswith(approvals):
            continue
        where = root / p
        if where.is_symlink() or (where.is_dir() and could_hold_artifacts(p, globs)):
            if matches(p, globs) or could_hold_artifacts(p, globs):
                chosen.add(p)  # a link or a nested repository where artifacts go: judged, not followed
        elif where.is_file() and matches(p, globs):
            chosen.add(p)
    gone = set()
    for records in (records_folder(f) + "/" for f in folders):
        for path in changed:  # records added, edited or removed: their artifact's state may have changed
            if path.startswith(records):
                artifact = path[len(records):].rpartition("/")[0]
                if artifact and ((root / artifact).is_file() or (root / artifact).is_symlink()):
                    chosen.add(artifact)
                else:
                    gone.add(artifact or path)
    if gone:
        notes.append(f"records changed for files that no longer exist (kept as history): {', '.join(sorted(gone))}")
    untrusted = {p for p in chosen if not matches(p, trusted) and not could_hold_artifacts(p, trusted)}
    return sorted(chosen), untrusted


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
    and lead time from the commit of the decided bytes to the decision's commit. Only committed
    decisions whose signatures verify count, each once however many copies of it there are."""
    trust = trust_in_working_tree(ws)
    ledger = open_ledger(ws, trust)
    decided, invalid = committed_decisions(ledger)
    months: dict[str, dict[str, Any]] = {}
    approved_bytes: dict[str, set[str]] = {}
    for d in decided:
        record = d.record
        month = months.setdefault(d.when.strftime("%Y-%m"), {"approvals": 0, "rejections": 0, "re": 0, "lead": []})
        if record.decision == "approved":
            month["approvals"] += 1
            earlier = approved_bytes.setdefault(record.artifact, set())
            if earlier and record.artifact_sha256 not in earlier:
                month["re"] += 1
            earlier.add(record.artifact_sha256)
        else:
            month["rejections"] += 1
        if d.waited_hours is not None:
            month["lead"].append(d.waited_hours)
    report = StatsReport(invalid_records=invalid)
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
