"""The launch check's readiness check: the brief is approved, the owner is not overbooked, and the
history the plan relies on is fresh.

Nothing here decides anything anew: the brief's state is `mops approvals verify`'s for that one
file (signed records proven against the allowed-signers file, the working tree's rules), and the
owner's workload is `mops brief check`'s count (BRIEF007's `CheckContext.campaigns_owned_by`). A
state that cannot be read (no git repository, no history database) fails: a launch is never
cleared on what could not be checked.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mops.errors import MopsError
from mops.launch.context import LaunchContext
from mops.launch.plan_file import PlanFile
from mops.models.launch import CheckResult
from mops.models.results import Evidence, Observation, Severity

CODES: dict[str, dict[str, str]] = {
    "RDY001": {
        "title": "brief approved",
        "severity": "info",
        "what": "The plan's brief is approved: signed approval records of its current bytes verify and meet the approval rules.",
        "why": "The brief is what the team agreed to run; the plan executes it.",
        "fix": "Nothing to fix; the evidence names the approval records.",
    },
    "RDY002": {
        "title": "brief not approved",
        "severity": "error",
        "what": "The brief is pending, rejected, changed since its approval, has records that do not verify, or its approvals cannot be verified "
        "(no git repository, unreadable settings).",
        "why": "A launch spends on what the brief says; nobody with the authority has signed off what it says now.",
        "fix": "Someone the rules allow runs `mops approve <brief>` (the statement names who and the command), or the brief is put back to the approved bytes.",
    },
    "RDY003": {
        "title": "no brief",
        "severity": "error",
        "what": "The plan names no `brief`.",
        "why": "Without a brief there is nothing approved for the plan to execute.",
        "fix": "Add `brief: briefs/<campaign>.md` to the plan (`mops brief draft` writes one from the kickoff).",
    },
    "RDY004": {
        "title": "owner's workload",
        "severity": "info or warning",
        "what": "The owner's campaigns (plans and briefs, as `mops brief check` BRIEF007 counts them) overlapping this flight, against their "
        "max_active_campaigns in mops.yaml.",
        "why": "An owner spread over too many launches is how tracking, budgets and approvals slip.",
        "fix": "Give the campaign another owner, move the flight, or raise max_active_campaigns if the team agrees.",
    },
    "RDY005": {
        "title": "history freshness",
        "severity": "info or error",
        "what": "For a segment read from history (`segment.history: true`): how old its latest CRM snapshot is, against the plan's pacing.freshness_days.",
        "why": "The segment's size and the pacing judgements rest on that data; an old snapshot is an audience that may no longer exist.",
        "fix": "Import a fresh CRM export (`mops history import exports/<crm export>.csv`), or raise pacing.freshness_days if older data is fine.",
    },
    "RDY006": {
        "title": "owner unknown",
        "severity": "warning",
        "what": "The plan names no owner, or one not in mops.yaml `people` (by email or name).",
        "why": "Without a known owner nobody is answerable for the launch and their workload cannot be checked.",
        "fix": "Set `owner:` to an email or name as mops.yaml `people` has it, or add the person there.",
    },
    "RDY007": {
        "title": "history unreadable",
        "severity": "error",
        "what": "The plan reads its segment from history, but there is no history database, it cannot be read, or it has no snapshot of the segment.",
        "why": "The check cannot pass on data it could not read.",
        "fix": "Import the CRM export with `mops history import` (mops.yaml history.db says where the database is), or state the segment's `size`.",
    },
}


def check_readiness(ctx: LaunchContext, pf: PlanFile) -> CheckResult:
    """The readiness check of one plan."""
    observations = [_brief(ctx, pf), _owner(ctx, pf), *_history(ctx, pf)]
    return CheckResult.of(observations)


# -- 1. the brief is approved ------------------------------------------------------------------------


def _brief(ctx: LaunchContext, pf: PlanFile) -> Observation:
    if not pf.plan.brief:
        return Observation(
            code="RDY003", severity=Severity.error, evidence=[pf.evidence(("campaign",))],
            statement="a launch needs an approved brief: add `brief:` (e.g. briefs/<campaign>.md) to the plan",
        )
    try:
        status = brief_status(ctx.ws, pf.plan.brief)
    except MopsError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        return Observation(
            code="RDY002", severity=Severity.error, figures={"state": "unverified"}, evidence=[pf.evidence(("brief",))],
            statement=f"cannot verify the approval of {pf.plan.brief}: {exc.message}{hint}",
        )
    if status.ok:
        return Observation(
            code="RDY001", severity=Severity.info, figures={"state": status.state, "approvals": len(status.approvers)},
            # a record deleted since is named "path (deleted or moved since...)": cite the path, say the rest
            evidence=[pf.evidence(("brief",)), *(Evidence(kind="file", path=a.record.split(" (")[0], note=f"signed by {a.principal}") for a in status.approvers)],
            statement=f"brief {status.artifact} is {status.reason}",
        )
    return Observation(
        code="RDY002", severity=Severity.error, figures={"state": status.state, "approvals": len(status.approvers)},
        evidence=[pf.evidence(("brief",)), *(Evidence(kind="file", path=p.record, note=p.reason) for p in status.problems)],
        statement=f"brief {status.artifact} is {status.state}: {status.reason}; {who_may_approve(ctx.ws, status.artifact)} "
        f"approve it with `mops approve {status.artifact}`",
    )


def brief_status(ws: Any, brief: str) -> Any:
    """The brief's ArtifactStatus exactly as `mops approvals verify <brief>` gives it. The path is
    joined lexically, never resolved: a symbolic link is judged as one, not followed."""
    from mops.approvals.verify import verify
    from mops.errors import InputError

    if ws.root is None:
        raise InputError("approvals need a workspace")
    return verify(ws, artifacts=[ws.root / brief]).artifacts[0]


def who_may_approve(ws: Any, artifact: str) -> str:
    """'Dana Lee or Malte Sørensen (gatekeeper or head_of_marketing) may' from the rules covering the artifact."""
    from mops.approvals.policy import requirements

    roles = sorted({role for req in requirements(artifact, None, ws.config) for role in req.roles})
    if not roles:
        return "anyone with a key in the allowed-signers file may"
    people = [p.name for p in ws.config.people if p.role in roles]
    named = " or ".join(people) if people else "nobody in `people` yet"
    return f"{named} ({' or '.join(roles)}) may"


# -- 2. the owner is not overbooked -------------------------------------------------------------------


def _owner(ctx: LaunchContext, pf: PlanFile) -> Observation:
    from mops.brief.check import CheckContext

    plan = pf.plan
    if not plan.owner:
        return Observation(
            code="RDY006", severity=Severity.warning, evidence=[pf.evidence(("campaign",))],
            statement="the plan names no owner: add `owner:` (an email or name from mops.yaml `people`) so someone answers for the launch",
        )
    counting = CheckContext(ws=ctx.ws, today=ctx.today)  # the brief check's counting, so both say the same
    person = counting.person(plan.owner)
    if person is None:
        return Observation(
            code="RDY006", severity=Severity.warning, evidence=[pf.evidence(("owner",))],
            statement=f"owner {plan.owner!r} is not in mops.yaml `people`, so their workload is not checked: write them as `people` has them, or add them",
        )
    others = [c for c in counting.campaigns_owned_by(person) if c.campaign != plan.campaign and c.start <= plan.end and plan.start <= c.end]
    active = 1 + len(others)
    figures = {"active_campaigns": active, "max_active_campaigns": person.max_active_campaigns}
    evidence = [pf.evidence(("owner",)), *(Evidence(kind="row", row={"campaign": c.campaign, "kind": c.kind, "start": str(c.start), "end": str(c.end)}) for c in others)]
    listed = "; ".join(f"{c.campaign} ({c.kind}, {c.start} to {c.end})" for c in others)
    if active > person.max_active_campaigns:
        return Observation(
            code="RDY004", severity=Severity.warning, figures=figures, evidence=evidence,
            statement=f"{person.name} would own {active} active campaigns from {plan.start} to {plan.end}, above max_active_campaigns "
            f"{person.max_active_campaigns} in mops.yaml: this one and {listed}",
        )
    also = f": this one and {listed}" if others else ""
    return Observation(
        code="RDY004", severity=Severity.info, figures=figures, evidence=evidence,
        statement=f"{person.name} owns {active} active campaign{'s' if active != 1 else ''} during the flight, within max_active_campaigns "
        f"{person.max_active_campaigns}{also}",
    )


# -- 3. the history the plan relies on is fresh ---------------------------------------------------------


def _segment_sql(segment: str) -> str:
    from mops.launch.segment import history_segment_match

    return (
        "SELECT s.snapshot_date, s.source_file, i.imported_at FROM crm_segments s LEFT JOIN imports i USING (import_id) "
        f"WHERE {history_segment_match('s.segment', segment)} ORDER BY s.snapshot_date DESC, s.import_id DESC LIMIT 1"
    )


def _history(ctx: LaunchContext, pf: PlanFile) -> list[Observation]:
    segment = pf.plan.segment
    if segment is None or not segment.history:
        return []  # the plan does not rely on history
    sql = _segment_sql(segment.crm_segment)
    query = Evidence(kind="query", query=sql)
    try:
        row = _latest_snapshot(ctx.ws, sql)
    except MopsError as exc:
        hint = f": {exc.hint}" if exc.hint else ""
        where = f" ({ctx.ws.relative(Path(exc.path))})" if exc.path else ""
        return [Observation(code="RDY007", severity=Severity.error, evidence=[pf.evidence(("segment", "history"))],
                            statement=f"the segment is read from history, but {exc.message}{where}{hint}")]
    if row is None:
        return [Observation(
            code="RDY007", severity=Severity.error, evidence=[pf.evidence(("segment",)), query],
            statement=f"history has no snapshot of CRM segment {segment.crm_segment!r}: import the CRM export that has it (`mops history import`), "
            "or fix `segment.crm_name`",
        )]
    return [_freshness(ctx.today, pf, segment.crm_segment, row, query)]


def _latest_snapshot(ws: Any, sql: str) -> tuple[Any, ...] | None:
    """(snapshot_date, source_file, imported_at) of the segment's latest snapshot; MopsError when the history cannot be read."""
    import duckdb

    from mops.errors import ConfigError
    from mops.history.store import db_location, open_history

    con = open_history(ws, read_only=True)
    try:
        return con.execute(sql).fetchone()
    except duckdb.Error as exc:
        raise ConfigError(f"the history database cannot be read: {exc}", path=db_location(ws)) from None
    finally:
        con.close()


def _freshness(today: dt.date, pf: PlanFile, segment: str, row: tuple[Any, ...], query: Evidence) -> Observation:
    snapshot, source, imported_at = row
    days_old = (today - snapshot).days
    limit = pf.plan.pacing.freshness_days
    figures = {"snapshot_date": snapshot.isoformat(), "days_old": days_old, "freshness_days": limit,
               "imported_at": imported_at.isoformat() if imported_at is not None else None}
    evidence = [pf.evidence(("segment", "history")), pf.evidence(("pacing", "freshness_days")), query]
    said = f"the CRM snapshot of segment {segment!r} is from {snapshot} ({source}), {days_old} day{'s' if days_old != 1 else ''} old"
    if days_old > limit:
        return Observation(code="RDY005", severity=Severity.error, figures=figures, evidence=evidence,
                           statement=f"{said}, older than pacing.freshness_days {limit}: import a fresh CRM export (`mops history import`)")
    return Observation(code="RDY005", severity=Severity.info, figures=figures, evidence=evidence,
                       statement=f"{said}, within pacing.freshness_days {limit}")
