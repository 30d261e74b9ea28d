"""`mops report ops`: the operational figures a marketing-ops lead tracks, per month, from the
workspace's committed git history and its signed approvals.

Where each figure comes from (only what is committed counts; months are the workspace's time zone):

- **kickoff to approved brief**: from the commit that added the transcript the brief names
  (`transcript:`) to the commit of the approval that met the approval rules (mops.yaml in the
  working tree) for one version of the brief. Approvals are replayed in commit order; a rejection
  voids the approvals before it, as `mops approvals verify` does.
- **sent back for revisions**: a brief with a signed rejection whose bytes changed in a later
  commit, over the briefs whose first decision fell in the month.
- **how much reviewers change drafts**: `mops brief learn`'s changes between the brief's first
  committed version (what `mops brief draft` wrote, as committed) and the approved version.
- **approval lead time against the SLA**: each signed decision, from the commit of the decided bytes
  to the decision's commit (as `mops approvals stats`), against the SLA that covers the artifact
  (a rule's `sla_hours`, else approvals `sla_hours`).
- **lint findings per launch**: the approved launch proposal's own record of the launch check
  (TRK001: the lint's findings on the campaign's links), not a lint run today, whose rules and
  taxonomy may have changed since.
- **proposals approved and applied**: proposals whose approval met the rules, those rejected, and
  the first commit holding a proposal marked applied (`mops proposal apply`).

Only decisions whose signatures verify against the working tree's allowed signers count.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mops.errors import ConfigError, UsageError
from mops.models.ops import BriefFigures, LaunchFigures, OpsMonth, OpsReport, ProposalFigures

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def ops_report(ws: Any, *, since: str | None = None) -> OpsReport:
    """The figures month by month (from `since`, YYYY-MM, when given), with what they were counted from."""
    from zoneinfo import ZoneInfo

    from mops.approvals.state import committed_decisions, open_ledger, trust_in_working_tree

    if since is not None and not _MONTH.match(since):
        raise UsageError(f"--since {since!r} is not a month", hint="give it as YYYY-MM, e.g. --since 2026-10")
    if ws.root is None:
        raise ConfigError("the ops report reads a workspace's git history", hint="run it inside a workspace (`mops init` makes one)")
    ledger = open_ledger(ws, trust_in_working_tree(ws))
    decided, invalid = committed_decisions(ledger)
    zone = ZoneInfo(ws.config.timezone)
    reading = _History(ws, ledger, decided)
    report = OpsReport(since=since, time_zone=ws.config.timezone, invalid_records=invalid)
    report.briefs = [b for b in (reading.brief(a) for a in reading.artifacts("brief")) if b is not None]
    report.launches, report.proposals = reading.proposals()
    report.notes = reading.notes

    def month(when: dt.datetime | None) -> str | None:
        return when.astimezone(zone).strftime("%Y-%m") if when is not None else None

    if since is not None:
        report.briefs = [b for b in report.briefs if max(month(b.approved_at) or "", month(b.first_decision_at) or "") >= since]
        report.launches = [launch for launch in report.launches if (month(launch.approved_at) or "") >= since]
        report.proposals = [p for p in report.proposals if max(month(p.approved_at) or "", month(p.rejected_at) or "", month(p.applied_at) or "") >= since]
    report.months = _months(report, decided, ws.config, month, since)
    return report


@dataclass
class _History:
    """The committed versions the figures are read from, and the decisions on each artifact."""

    ws: Any
    ledger: Any
    decided: list[Any]
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.history = self.ledger.history
        self.by_artifact: dict[str, list[Any]] = {}
        for d in self.decided:
            self.by_artifact.setdefault(d.record.artifact, []).append(d)
        # one order for every commit: positions in the workspace's log (decisions carry the records
        # log's, which is another listing)
        self.order = {v.commit: v.position for versions in self.history.versions.values() for v in versions}
        wanted = {d.record.artifact_blob for d in self.decided}
        for artifact in self.by_artifact:
            wanted |= {v.blob for v in self.history.versions.get(artifact, [])}
        self.blobs = self.ledger.repo.read_blobs(sorted(wanted))

    def artifacts(self, kind: str) -> list[str]:
        from mops.approvals.policy import artifact_kind

        return sorted(a for a in self.by_artifact if artifact_kind(a, self.ws.config) == kind)

    def approval(self, artifact: str, amount_of: Callable[[bytes], tuple[float | None, str | None]] | None = None) -> Any | None:
        """The decision that met the rules for one version of the artifact, replaying decisions in
        commit order (a rejection voids the approvals before it); None while none did."""
        from mops.approvals import policy

        config = self.ws.config
        signers: dict[str, list[Any]] = {}
        for d in self.by_artifact.get(artifact, []):
            if d.record.decision == "rejected":
                signers.clear()
                continue
            blob = d.record.artifact_blob
            signers.setdefault(blob, []).append(d.signer)
            amount, problem = amount_of(self.blobs.get(blob, b"")) if amount_of else (None, None)
            if not policy.evaluate(signers[blob], policy.requirements(artifact, amount, config), amount, problem, config):
                return d
        return None

    def _brief(self, artifact: str, blob: str) -> Any | None:
        from mops.brief.document import parse_front_matter, validate_front_matter
        from mops.errors import MopsError

        data = self.blobs.get(blob)
        if data is None:
            return None
        try:
            return validate_front_matter(parse_front_matter(data, Path(artifact), display=f"{artifact} at {blob[:12]}")).brief
        except MopsError as exc:
            self.notes.append(f"{artifact}: a committed version does not read as a brief ({exc.message}); left out of the draft changes")
            return None

    def brief(self, artifact: str) -> BriefFigures | None:
        from mops.brief.diff import brief_changes

        decisions = self.by_artifact[artifact]
        approval = self.approval(artifact)
        rejections = [d for d in decisions if d.record.decision == "rejected"]
        versions = self.history.versions.get(artifact, [])
        figures = BriefFigures(brief=artifact, first_decision_at=decisions[0].when, rejections=len(rejections),
                               sent_back=any(self._changed_after(versions, r) for r in rejections))
        if approval is None:
            return figures
        figures.approved_at = approval.when
        approved = self._brief(artifact, approval.record.artifact_blob)
        if approved is None:
            return figures
        figures.campaign, figures.transcript = approved.campaign, approved.transcript
        if versions:
            first_blob = versions[0].blob
            if first_blob == approval.record.artifact_blob:
                figures.draft_changes = 0
            else:
                first = self._brief(artifact, first_blob)
                figures.draft_changes = len(brief_changes(first, approved)) if first is not None else None
        kickoff = self.history.versions.get(approved.transcript or "", [])
        if kickoff:
            figures.kickoff_at = kickoff[0].time
            figures.kickoff_to_approval_days = round((approval.when - kickoff[0].time).total_seconds() / 86400, 2)
        else:
            self.notes.append(f"{artifact}: its kickoff transcript {approved.transcript or '(none named)'} is not in the history; "
                              "left out of kickoff to approval")
        return figures

    def _changed_after(self, versions: list[Any], rejection: Any) -> bool:
        """Whether the artifact got other bytes in a commit after the rejection's."""
        at = self.order.get(rejection.commit)
        later = (lambda v: v.position > at) if at is not None else (lambda v: v.time > rejection.when)
        return any(later(v) and v.blob != rejection.record.artifact_blob for v in versions)

    def proposals(self) -> tuple[list[LaunchFigures], list[ProposalFigures]]:
        import yaml

        from mops.approvals.policy import artifact_amount

        launches: list[LaunchFigures] = []
        found: list[ProposalFigures] = []
        for artifact in self.artifacts("proposal"):
            decisions = self.by_artifact[artifact]
            approval = self.approval(artifact, lambda data, a=artifact: artifact_amount(a, data, self.ws.config))
            rejection = next((d for d in decisions if d.record.decision == "rejected"), None)
            figures = ProposalFigures(proposal=artifact, rejected_at=rejection.when if rejection else None)
            content = _yaml_mapping(self.blobs.get((approval or decisions[-1]).record.artifact_blob, b""), yaml)
            figures.kind = content.get("kind")
            if approval is not None:
                figures.approved_at = approval.when
                applied = next((v for v in self.history.versions.get(artifact, [])
                                if v.time >= approval.when and _is_applied(_yaml_mapping(self.blobs.get(v.blob, b""), yaml))), None)
                if applied is not None:
                    figures.applied_at = applied.time
                    figures.hours_to_apply = round((applied.time - approval.when).total_seconds() / 3600, 2)
                if figures.kind == "launch":
                    launches.append(LaunchFigures(
                        proposal=artifact, campaign=content.get("campaign"), approved_at=approval.when,
                        lint_findings=_lint_findings(content), corrections=len(content.get("corrections") or []),
                    ))
            found.append(figures)
        return launches, found


def _yaml_mapping(data: bytes, yaml: Any) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(data.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _is_applied(content: dict[str, Any]) -> bool:
    return content.get("status") == "applied" or bool(content.get("applied"))


def _lint_findings(proposal: dict[str, Any]) -> int:
    """The lint findings the launch check recorded: TRK001's count, else its findings one by one."""
    observations = [o for o in proposal.get("observations") or [] if isinstance(o, dict)]
    for o in observations:
        if o.get("code") == "TRK001" and isinstance((o.get("figures") or {}).get("findings"), int):
            return int(o["figures"]["findings"])
    return sum(1 for o in observations if o.get("code") in ("TRK002", "TRK003"))


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _months(report: OpsReport, decided: list[Any], config: Any, month: Callable[[dt.datetime | None], str | None], since: str | None) -> list[OpsMonth]:
    from mops.approvals.policy import sla_hours

    names: set[str] = set()
    rows: dict[str, dict[str, Any]] = {}

    def row(when: dt.datetime | None) -> dict[str, Any] | None:
        name = month(when)
        if name is None or (since is not None and name < since):
            return None
        names.add(name)
        return rows.setdefault(name, {"approved": [], "decided": [], "lead": [], "sla": [], "launches": [], "decisions": 0, "p_approved": 0, "p_rejected": 0, "p_applied": 0})

    for b in report.briefs:
        if (r := row(b.approved_at)) is not None:
            r["approved"].append(b)
        if (r := row(b.first_decision_at)) is not None:
            r["decided"].append(b)
    for d in decided:
        r = row(d.when)
        if r is None:
            continue
        r["decisions"] += 1
        if d.waited_hours is None:
            continue
        r["lead"].append(d.waited_hours)
        sla = sla_hours(d.record.artifact, config)
        if sla is not None:
            r["sla"].append(d.waited_hours <= sla)
    for launch in report.launches:
        if (r := row(launch.approved_at)) is not None:
            r["launches"].append(launch)
    for p in report.proposals:
        for when, key in ((p.approved_at, "p_approved"), (p.rejected_at, "p_rejected"), (p.applied_at, "p_applied")):
            if (r := row(when)) is not None:
                r[key] += 1
    months = []
    for name in sorted(names):
        r = rows[name]
        approved, decided_briefs = r["approved"], r["decided"]
        kickoff = [b.kickoff_to_approval_days for b in approved if b.kickoff_to_approval_days is not None]
        changes = [b.draft_changes for b in approved if b.draft_changes is not None]
        sent_back = sum(1 for b in decided_briefs if b.sent_back)
        findings = sum(launch.lint_findings for launch in r["launches"])
        months.append(OpsMonth(
            month=name, briefs_approved=len(approved), kickoff_to_approval_days_median=_median(kickoff),
            briefs_decided=len(decided_briefs), briefs_sent_back=sent_back, sent_back_share=_share(sent_back, len(decided_briefs)),
            draft_changes_median=_median(changes), briefs_approved_unchanged=sum(1 for c in changes if c == 0),
            decisions=r["decisions"], lead_time_hours_median=_median(r["lead"]), decisions_with_sla=len(r["sla"]),
            within_sla=sum(r["sla"]), within_sla_share=_share(sum(r["sla"]), len(r["sla"])),
            launches=len(r["launches"]), lint_findings_at_launch=findings,
            lint_findings_per_launch=round(findings / len(r["launches"]), 2) if r["launches"] else None,
            proposals_approved=r["p_approved"], proposals_rejected=r["p_rejected"], proposals_applied=r["p_applied"],
        ))
    return months


__all__ = ["ops_report"]
