"""`mops launch check`: read the plans, run the four checks, give each plan a verdict and write its
proposal for a gatekeeper.

Every plan given is read and its references resolved before any check runs, and every check of
every plan runs before anything is written: an input error (exit 2) leaves the workspace as it was.
The proposal, `proposals/<campaign>-launch.yaml`, is the only file written; a re-run rewrites the
same file atomically (same day, same findings: the same bytes, so an approval of it stays valid).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from mops.errors import InputError, MopsError
from mops.launch.context import LaunchContext
from mops.launch.plan_file import PlanFile, check_references, load_plan_file, named_plans, workspace_plan_files
from mops.models.launch import CHECK_NAMES, CheckResult, LaunchReport, LinkCorrection
from mops.timezones import day_in


def plan_paths(ws: Any, given: list[Path], *, all_plans: bool, today: dt.date) -> list[Path]:
    """The plan files to check: those given (a folder gives its plans), or with `all_plans` every
    plan of the workspace whose flight has not started yet (the ones awaiting launch)."""
    found = named_plans(ws, given)
    if all_plans:
        found += [pf.path for pf in workspace_plan_files(ws) if pf.plan.start >= today]
    return list(dict.fromkeys(p.resolve() for p in found))


def _workspace_plans(ws: Any, checked: list[PlanFile]) -> list[PlanFile]:
    """Every plan of the workspace (finance periods are shared between them), the checked ones as read."""
    folder = ws.path(ws.config.paths.plans)
    by_path = {pf.path: pf for pf in checked}
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        if path.resolve() not in by_path:
            try:
                by_path[path.resolve()] = load_plan_file(ws, path)
            except MopsError as exc:
                # finance periods are shared: a plan that cannot be read could hold part of one
                exc.hint = ((exc.hint + "; ") if exc.hint else "") + (
                    "every plan of the workspace is read, since plans starting in one finance period share its allocation")
                raise
    return list(by_path.values())


def verdict_of(checks: dict[str, CheckResult], corrections: list[LinkCorrection]) -> str:
    """no_go when a check fails; go_after_fixes when the only thing between the plan and a launch is
    links mops corrects safely; go otherwise (warnings are in the proposal for the gatekeeper)."""
    if any(check.status == "fail" for check in checks.values()):
        return "no_go"
    return "go_after_fixes" if corrections else "go"


def _channels_said(pf: PlanFile) -> str:
    names = [c.channel.replace("_", " ") for c in pf.plan.channels if c.amount(pf.plan.total_budget) > 0]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else "no channel"


def summary_of(pf: PlanFile, verdict: str, checks: dict[str, CheckResult], corrections: list[LinkCorrection]) -> str:
    """One sentence a gatekeeper reads first: what to do, and why."""
    if verdict == "no_go":
        failed = [
            f"{name}: {next(o.statement for o in check.observations if o.severity.value == 'error')}"
            for name, check in checks.items() if check.status == "fail"
        ]
        return "do not launch: " + "; ".join(failed)
    parts = [f"launch across {_channels_said(pf)}"]
    if corrections:
        parts.append(f"{len(corrections)} corrected link{'s' if len(corrections) != 1 else ''} (UTMs)")
    if checks["budget"].status == "pass":
        parts.append("budget confirmed")
    # tracking warnings that are only the corrections above are said there
    warned = [name for name, check in checks.items() if check.status == "warn"
              and not (name == "tracking" and all(o.code in ("TRK001", "TRK002") for o in check.observations))]
    if warned:
        parts.append("review the " + " and ".join(warned) + " warnings")
    return ", ".join(parts)


def check_plan(ctx: LaunchContext, pf: PlanFile) -> tuple[dict[str, CheckResult], list[LinkCorrection]]:
    """The four checks of one plan."""
    from mops.launch.budget import check_budget
    from mops.launch.readiness import check_readiness
    from mops.launch.segment import check_segment
    from mops.launch.tracking import check_tracking

    tracking, corrections = check_tracking(ctx, pf)
    checks = {
        "segment": check_segment(ctx, pf),
        "tracking": tracking,
        "budget": check_budget(ctx, pf),
        "readiness": check_readiness(ctx, pf),
    }
    return {name: checks[name] for name in CHECK_NAMES}, corrections


def proposal_path(ws: Any, campaign: str) -> Path:
    return ws.path(ws.config.paths.proposals) / f"{campaign}-launch.yaml"


def proposal_text(pf: PlanFile, report: LaunchReport, today: dt.date) -> str:
    """The proposal file: the Proposal model, kind launch, as YAML a person reads in a pull request."""
    from mops.yamlio import dump_record

    from mops.models.proposal import CorrectedLink, Proposal

    observations = [o for check in report.checks.values() for o in check.observations]
    proposal = Proposal(
        campaign=report.campaign, kind="launch", created=today, summary=report.summary, plan=report.plan, verdict=report.verdict,
        total_budget=pf.plan.total_budget, currency=pf.plan.currency, plan_sha256=pf.loaded.sha256,
        checks={name: check.status for name, check in report.checks.items()},
        corrections=[CorrectedLink.of(c) for c in report.corrections], observations=observations,
    )
    data = proposal.model_dump(mode="json", exclude_defaults=True, by_alias=True)
    data["status"] = proposal.status  # said explicitly: the gatekeeper's decision is what changes it
    header = (
        "# yaml-language-server: $schema=../.mops/schemas/proposal.json\n"
        f"# Written by `mops launch check` for {report.plan}; a re-run rewrites it. Verdict: {report.verdict}.\n"
        + (f"# No go: `mops approve` refuses it; fix the plan and run `mops launch check {report.plan}` again.\n" if report.verdict == "no_go"
           else f"# A gatekeeper approves it with `mops approve {report.proposal}`; nothing is launched or changed by this file.\n")
    )
    return header + dump_record(data)


def launch_check(ws: Any, plans: list[Path], *, all_plans: bool = False, today: dt.date | None = None, write: bool = True,
                 on_report: Callable[[LaunchReport], None] | None = None) -> list[LaunchReport]:
    """Check each plan and (with `write`) write its launch proposal; raises MopsError (exit 2) on bad
    input, writing nothing. `on_report` is given each plan's report as soon as it is judged (the MCP
    server sends its observations to the client while the next plan is checked)."""
    if ws.root is None:
        raise InputError("no workspace: a launch check reads the workspace's plans, taxonomy and finance", hint="run it inside a workspace (mops init makes one)")
    if not plans and not all_plans:
        raise InputError("no plan given", hint="give plan files (plans/<campaign>.yaml) or --all for every plan awaiting launch")
    now = None if today is not None else dt.datetime.now(dt.timezone.utc)
    day = today or day_in(ws.config.timezone, now)
    checked = [load_plan_file(ws, path) for path in plan_paths(ws, plans, all_plans=all_plans, today=day)]
    for pf in checked:
        check_references(ws, pf)
    ctx = LaunchContext(ws=ws, today=day, plans=_workspace_plans(ws, checked), now=now)
    reports: list[LaunchReport] = []
    texts: list[tuple[Path, str]] = []
    for pf in checked:
        checks, corrections = check_plan(ctx, pf)
        verdict = verdict_of(checks, corrections)
        report = LaunchReport(
            campaign=pf.plan.campaign, plan=pf.name, as_of=ctx.day_in(pf.plan.zone(ws.config.timezone)).isoformat(), verdict=verdict, summary=summary_of(pf, verdict, checks, corrections),
            checks=checks, corrections=corrections,
        )
        if write:
            target = proposal_path(ws, pf.plan.campaign)
            report.proposal = ws.relative(target)
            texts.append((target, proposal_text(pf, report, day)))
        reports.append(report)
        if on_report is not None:
            on_report(report)
    if write:
        from mops.fsutil import atomic_write_all

        atomic_write_all([(target, text.encode("utf-8")) for target, text in texts])
    return reports
