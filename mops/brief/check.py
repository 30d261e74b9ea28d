"""`mops brief check`: review brief files and report findings exactly as `mops lint` does.

Each brief is read and validated (an unreadable or invalid brief is an error, exit 2), then every
check of `mops.brief.check_rules` runs on it, and the real lint engine runs on the file; its
findings are included unchanged. The result is a `LintReport`, so lint's formatters render it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from mops.brief.check_rules import BriefCheck, all_checks, normalise_name
from mops.brief.document import BriefDocument, dates_out_of_order, load_front_matter, validate_front_matter
from mops.errors import InputError, MopsError, MultipleErrors
from mops.models.lint import LintReport, RuleInfo
from mops.models.brief import Brief

DOCS_URL = "https://github.com/mops-dev/mops/blob/main/docs/brief.md"


@dataclass(frozen=True)
class ActiveCampaign:
    """A campaign someone owns, with its flight: from a plan or a brief."""

    campaign: str
    kind: Literal["plan", "brief"]
    start: dt.date
    end: dt.date


@dataclass
class CheckContext:
    """What checks may ask about the workspace; each part is loaded once, on first use."""

    ws: Any
    today: dt.date
    _owned: dict[str, list[ActiveCampaign]] = field(default_factory=dict, repr=False)

    @cached_property
    def playbooks(self) -> dict[str, Any]:
        from mops.brief.playbooks import list_playbooks

        return {info.name: info for info in list_playbooks(self.ws)}

    def playbook_for(self, brief: Brief) -> Any:
        """The brief's playbook (campaign-brief when it names none); None when it names an unknown one."""
        from mops.brief.playbooks import DEFAULT_PLAYBOOK

        return self.playbooks.get(brief.playbook or DEFAULT_PLAYBOOK)

    @cached_property
    def lexicon(self) -> Any:
        from mops.brief.channels import ChannelLexicon

        return ChannelLexicon(self.ws.taxonomy())

    @cached_property
    def channels(self) -> dict[str, Any]:
        return dict(getattr(self.ws.taxonomy(), "channels", {}) or {})

    @cached_property
    def _people(self) -> dict[str, Any]:
        table: dict[str, Any] = {}
        for person in self.ws.config.people:
            table.setdefault(normalise_name(person.email), person)
            table.setdefault(normalise_name(person.name), person)
        return table

    def person(self, name_or_email: str | None) -> Any:
        """The mops.yaml person a name or email means, or None."""
        return self._people.get(normalise_name(name_or_email)) if name_or_email else None

    @cached_property
    def _workspace_briefs(self) -> list[Brief]:
        """The briefs in the briefs folder that read cleanly (the others are not counted)."""
        if self.ws.root is None:
            return []
        folder = self.ws.path(self.ws.config.paths.briefs)
        briefs = []
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            try:
                front = load_front_matter(path, display=self.ws.relative(path))
                briefs.append(validate_front_matter(front, ignore_end=dates_out_of_order(front.loaded) is not None).brief)
            except MopsError:
                continue  # checked on its own, it says why
        return briefs

    def campaigns_owned_by(self, person: Any) -> list[ActiveCampaign]:
        """Campaigns `person` owns with a known flight: plans, then briefs not archived (one per campaign id)."""
        key = person.email.lower()
        if key not in self._owned:
            found: dict[str, ActiveCampaign] = {}
            for plan in self.ws.plans():
                if self.person(plan.owner) is person:
                    found.setdefault(plan.campaign, ActiveCampaign(plan.campaign, "plan", plan.start, plan.end))
            for brief in self._workspace_briefs:
                if brief.status == "archived" or brief.start is None or brief.end is None:
                    continue
                if any((p.role or "owner") == "owner" and self.person(p.name) is person for p in brief.owners):
                    found.setdefault(brief.campaign, ActiveCampaign(brief.campaign, "brief", brief.start, brief.end))
            self._owned[key] = list(found.values())
        return self._owned[key]


def brief_files(ws: Any, paths: list[Path]) -> list[Path]:
    """The brief files to check: files as given, folders' `*.md`; the briefs folder when none is given."""
    targets = list(paths) or [ws.path(ws.config.paths.briefs)]
    files: list[Path] = []
    for given in targets:
        if given.is_dir():
            files.extend(sorted(given.rglob("*.md")))
        elif given.exists():
            files.append(given)
        else:
            raise InputError("no such file or folder", path=str(given), hint="give brief files (briefs/<campaign>.md) or folders holding them")
    return list(dict.fromkeys(files))


def read_for_check(path: Path, display: str) -> BriefDocument:
    """Read a brief to check it: like `read_brief`, but an end before the start is left to BRIEF002
    (checked without `end`) rather than stopping the check."""
    front = load_front_matter(path, display=display)
    return validate_front_matter(front, ignore_end=dates_out_of_order(front.loaded) is not None)


def check_document(doc: BriefDocument, ctx: CheckContext, checks: list[BriefCheck] | None = None) -> list[Any]:
    """The findings of the brief checks (not lint) on one read brief."""
    findings = []
    for check in checks if checks is not None else [cls() for cls in all_checks().values()]:
        findings.extend(check.check(doc, ctx))
    return findings


def rule_info(check: type[BriefCheck]) -> RuleInfo:
    return RuleInfo(
        code=check.code, name=check.name, summary=check.summary(), severity=check.severity, help_uri=f"{DOCS_URL}#{check.code.lower()}"
    )


def check_briefs(ws: Any, paths: list[Path], *, today: dt.date) -> LintReport:
    """Check brief files (default: the briefs folder) and return the findings as a lint report.

    Every brief is read first: any that cannot be read or is invalid raises (all of them together,
    exit 2). Findings of the brief checks and of `mops lint` on each file are sorted by path, line,
    column and code."""
    from mops.lint.runner import LintOptions, run_lint

    files = brief_files(ws, paths)
    documents: list[BriefDocument] = []
    errors: list[MopsError] = []
    for path in files:
        try:
            documents.append(read_for_check(path, ws.relative(path)))
        except MultipleErrors as exc:
            errors.extend(exc.errors)
        except MopsError as exc:
            errors.append(exc)
    if errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(errors)

    ctx = CheckContext(ws, today)
    checks = [cls() for cls in all_checks().values()]
    findings = [finding for doc in documents for finding in check_document(doc, ctx, checks)]
    linted = run_lint(ws, files, LintOptions()).report if files else LintReport()
    findings.extend(linted.findings)
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    return LintReport(
        findings=findings,
        rules=[*(rule_info(type(c)) for c in checks), *linted.rules],
        files_checked=len(files),
        root=str(ws.root) if ws.root else str(Path.cwd()),
    )


def explain_check(code: str) -> str:
    """The documentation of one check code, as `mops brief check --explain` prints it."""
    from mops.errors import UsageError

    check = all_checks().get(code.upper())
    if check is None:
        raise UsageError(f"no brief check {code!r}", hint=f"codes: {', '.join(all_checks())}; lint codes: `mops lint --explain`")
    return f"{check.code} {check.name} (default severity: {check.severity.value})\n\n{check.documentation()}"


__all__ = ["ActiveCampaign", "CheckContext", "brief_files", "check_briefs", "check_document", "explain_check", "read_for_check"]
