"""The checks an artifact must pass before it can be approved: `mops brief check` for a brief, plan
validation and lint for a plan, validation for a proposal (and a launch proposal's verdict not
no_go), `mops lint` for copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mops.approvals.policy import artifact_kind
from mops.errors import MopsError, MultipleErrors
from mops.models.approval import ArtifactCheck


def check_artifact(ws: Any, artifact: str, *, today: dt.date) -> ArtifactCheck:
    """Run the artifact's own checks; problems at or above the workspace's `lint.fail_on` fail it."""
    from mops.models.results import Severity

    kind = artifact_kind(artifact, ws.config)
    path = ws.path(artifact)
    threshold = ws.config.lint.fail_on
    problems: list[str] = []
    if kind == "brief":
        from mops.brief.check import check_briefs

        what = "mops brief check"
        try:
            report = check_briefs(ws, [path], today=today)
        except MopsError as exc:
            return ArtifactCheck(artifact=artifact, kind=kind, checks=what, passed=False, problems=_errors(exc))
    else:
        from mops.lint.runner import LintOptions, run_lint

        what = "mops lint"
        if kind == "proposal":
            # a proposal is what a check found (a launch proposal quotes the malformed links it
            # corrects): it is validated and judged as a decision, never linted as copy
            return _proposal_check(ws, artifact, path)
        if kind == "plan":
            what = "plan validation and mops lint"
            try:
                _validate(ws, kind, path)
            except MopsError as exc:
                problems.extend(_errors(exc))
        try:
            report = run_lint(ws, [path], LintOptions()).report
        except MopsError as exc:
            return ArtifactCheck(artifact=artifact, kind=kind, checks=what, passed=False, problems=list(dict.fromkeys(problems + _errors(exc))))
    if threshold.value != "never":
        level = Severity(threshold.value)
        problems.extend(
            f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in report.findings if f.severity.rank >= level.rank
        )
    problems = list(dict.fromkeys(problems))  # validation and lint can report the same broken file
    return ArtifactCheck(artifact=artifact, kind=kind, checks=what, passed=not problems, problems=problems)


def _proposal_check(ws: Any, artifact: str, path: Path) -> ArtifactCheck:
    """A proposal must be valid; a launch proposal whose verdict is no_go is not one to approve (a
    gatekeeper who launches anyway says why with --override)."""
    what = "proposal validation"
    try:
        proposal = _validate(ws, "proposal", path)
    except MopsError as exc:
        return ArtifactCheck(artifact=artifact, kind="proposal", checks=what, passed=False, problems=_errors(exc))
    problems = []
    if proposal.plan and proposal.plan_sha256:
        import hashlib

        try:
            current = hashlib.sha256(ws.path(proposal.plan).read_bytes()).hexdigest()
        except OSError:
            current = None
        if current != proposal.plan_sha256:
            said = "no longer exists" if current is None else "has changed since the proposal was made"
            problems.append(f"{artifact}: its plan {proposal.plan} {said}: run the check again (`mops launch check {proposal.plan}`) "
                            "and decide on what it says now" if proposal.kind == "launch" else
                            f"{artifact}: its plan {proposal.plan} {said}: the proposal's figures no longer hold")
    if proposal.kind == "launch" and proposal.verdict == "no_go":
        problems.append(f"{artifact}: the launch check's verdict is no_go ({proposal.summary}); fix the plan and run "
                        "`mops launch check" + (f" {proposal.plan}" if proposal.plan else "") + "` again")
    return ArtifactCheck(artifact=artifact, kind="proposal", checks=what, passed=not problems, problems=problems)


def _validate(ws: Any, kind: str, path: Path) -> Any:
    from mops.errors import ConfigError
    from mops.models.plan import Plan
    from mops.models.proposal import Proposal

    model = ws.load(Plan if kind == "plan" else Proposal, path, schema=kind)
    if kind == "plan" and model.campaign != path.stem:
        raise ConfigError(
            f"plan for campaign {model.campaign!r} is in a file named {path.name!r}",
            path=ws.relative(path), field="campaign", hint=f"rename the file to {model.campaign}.yaml",
        )
    return model


def _errors(exc: MopsError) -> list[str]:
    errors = exc.errors if isinstance(exc, MultipleErrors) else [exc]
    return ["; ".join(part.strip() for part in e.render().splitlines()) for e in errors]
