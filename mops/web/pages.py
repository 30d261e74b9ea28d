"""What each page of the team's page shows, gathered from the domain functions the commands call:
the decision queue (`mops queue`), the campaigns, one campaign (brief, plan, `mops launch check`
and `mops pacing check` without writing anything, the pacing chart, the review) and the workspace's
lint (`mops lint`). Each returns a model of mops/models/web.py; nothing here writes a file.

A part of a campaign's page that fails with an error the user can fix (a plan that does not
validate, no history yet) says so in its place, as the command line would, and the rest of the
page is still shown."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import shlex
from collections import Counter
from pathlib import Path
from typing import Any

from mops.errors import MopsError
from mops.models.web import (
    BriefSection,
    CampaignIndex,
    CampaignPage,
    CampaignSummary,
    ChartSection,
    CodeCount,
    FileCount,
    LintSummary,
    Problem,
    QueueEntry,
    QueuePage,
)


def _problem(exc: MopsError) -> Problem:
    return Problem(message=exc.render())


def approve_command(artifact: str) -> str:
    """The command that records a decision on `artifact`, quoted for a shell."""
    return f"mops approve {shlex.quote(artifact)}"


def queue_page(ws: Any, *, now: dt.datetime | None = None) -> QueuePage:
    """The decision queue as `mops queue` gives it, with the `mops approve` command of each entry."""
    from mops.approvals.formats import queue_row
    from mops.approvals.verify import queue

    try:
        report = queue(ws, now=now)
    except MopsError as exc:  # no git repository, signers that do not read: said where the queue would be
        return QueuePage(problem=_problem(exc))
    entries = [
        QueueEntry(**queue_row(status)._asdict(), past_sla=status.past_sla, approve_command=approve_command(status.artifact))
        for status in report.artifacts
    ]
    return QueuePage(entries=entries, past_sla=sum(1 for e in entries if e.past_sla))


def _files(ws: Any, folder_setting: str, pattern: str) -> list[Path]:
    """The files of a workspace folder matching `pattern`, leaving out any that resolves (through a
    symbolic link) outside the workspace: the page shows files of the workspace only."""
    folder = ws.path(getattr(ws.config.paths, folder_setting))
    root = ws.root.resolve()
    return [p for p in sorted(folder.glob(pattern)) if p.resolve().is_relative_to(root)] if folder.is_dir() else []


def _brief_campaigns(ws: Any) -> tuple[dict[str, Path], list[str]]:
    """Each brief's campaign (its front matter's `campaign`, else its file name) -> its file; and
    the briefs that could not be read, each with why."""
    from mops.brief.document import load_front_matter

    found: dict[str, Path] = {}
    problems: list[str] = []
    for path in _files(ws, "briefs", "*.md"):
        try:
            front = load_front_matter(path, display=ws.relative(path))
        except MopsError as exc:
            problems.append(exc.render())
            continue
        data = front.loaded.data if isinstance(front.loaded.data, dict) else {}
        campaign = data.get("campaign") if isinstance(data.get("campaign"), str) else path.stem
        found.setdefault(campaign, path)
    return found, problems


def _plan_summary(ws: Any, path: Path) -> tuple[CampaignSummary, Any]:
    """A plan file's summary and its PlanFile (None when it does not read: the summary says why)."""
    from mops.launch.plan_file import load_plan_file

    try:
        plan_file = load_plan_file(ws, path)
    except MopsError as exc:
        return CampaignSummary(campaign=path.stem, plan=ws.relative(path), problem=exc.render()), None
    plan = plan_file.plan
    return CampaignSummary(
        campaign=plan.campaign, name=plan.name, start=plan.start.isoformat(), end=plan.end.isoformat(),
        budget=plan.total_budget, currency=plan.currency, plan=ws.relative(path),
    ), plan_file


def campaign_index(ws: Any) -> CampaignIndex:
    """Every campaign with a plan (plans/<campaign>.yaml) or a brief, by id; a plan that does not
    read is listed with why, the others still are."""
    briefs, problems = _brief_campaigns(ws)
    summaries = {path.stem: _plan_summary(ws, path)[0] for path in _files(ws, "plans", "*.y*ml")}
    for campaign, path in briefs.items():
        summaries.setdefault(campaign, CampaignSummary(campaign=campaign)).brief = ws.relative(path)
    return CampaignIndex(campaigns=sorted(summaries.values(), key=lambda c: c.campaign), problems=problems)


def _markdown_html(text: str) -> str | None:
    """The Markdown as HTML, raw HTML in it escaped and unsafe link schemes (javascript:, data:...)
    refused by markdown-it; None without markdown-it-py (the page shows the text as written)."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        return None
    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def _brief(ws: Any, summary: CampaignSummary, plan_file: Any) -> BriefSection:
    """The campaign's brief: the one its plan names (confined to the workspace), else the brief of
    the briefs folder whose campaign it is."""
    from mops.brief.document import load_front_matter
    from mops.launch.plan_file import workspace_file

    if plan_file is not None and plan_file.plan.brief:
        path = workspace_file(ws, plan_file, ("brief",), plan_file.plan.brief, "brief")
    else:
        path = ws.path(summary.brief)
    front = load_front_matter(path, display=ws.relative(path))
    head = front.text[: len(front.text) - len(front.body)] if front.body else front.text
    return BriefSection(path=ws.relative(path), front_matter=head, body=front.body, body_html=_markdown_html(front.body))


@functools.lru_cache(maxsize=32)
def _chart_svg(report_json: str) -> str:
    """The chart of one pacing report, base64 SVG. Drawing it is most of a campaign page's time
    (0.2-1 s of matplotlib) and the same report gives the same bytes (chart.py fixes the SVG's salt
    and date), so the charts of the last pages asked for are kept: a few dozen of ~25 KB."""
    from mops.models.pacing import PacingReport
    from mops.pacing.chart import render_chart

    return base64.b64encode(render_chart([PacingReport.model_validate_json(report_json)], "svg")).decode("ascii")


def _chart(report: Any) -> ChartSection:
    """The pacing chart as SVG (text stays text), or why there is none."""
    if not any(channel.series for channel in report.channels):
        return ChartSection(problem=Problem(message=f"no spend curve to draw ({report.status.replace('_', ' ')})"))
    try:
        return ChartSection(svg_base64=_chart_svg(report.model_dump_json()))
    except MopsError as exc:  # matplotlib missing: said with the extra to install
        return ChartSection(problem=_problem(exc))


def campaign_page(ws: Any, campaign: str, *, as_of: dt.date | None = None, now: dt.datetime | None = None) -> CampaignPage | None:
    """Everything about one campaign, or None when the workspace has no campaign of that id. The
    launch and pacing checks run as `mops launch check` and `mops pacing check` do, writing no
    proposal and no chart file; `as_of` judges as on that day (default: today in the plan's zone)."""
    from mops.launch.check import launch_check
    from mops.pacing.check import pacing_check
    from mops.timezones import day_in
    from mops.web.review import campaign_review

    # the campaign's files are found by name (a plan's file name is its campaign id), and only its
    # own plan is read: the page does not pay for reading every plan of the workspace
    plan_path = next((p for p in _files(ws, "plans", "*.y*ml") if p.stem == campaign), None)
    brief_path = _brief_campaigns(ws)[0].get(campaign)
    if plan_path is None and brief_path is None:
        return None
    plan_file = None
    if plan_path is not None:
        summary, plan_file = _plan_summary(ws, plan_path)
    else:
        summary = CampaignSummary(campaign=campaign)
    summary.brief = ws.relative(brief_path) if brief_path is not None else None
    page = CampaignPage(campaign=campaign, summary=summary, as_of=as_of.isoformat() if as_of else None)
    if plan_path is not None and plan_path.is_file():  # else the summary's problem says what it is
        page.plan_text = plan_path.read_text(encoding="utf-8", errors="replace")
    if summary.brief is not None or (plan_file is not None and plan_file.plan.brief):
        try:
            page.brief = _brief(ws, summary, plan_file)
        except MopsError as exc:
            page.brief_problem = _problem(exc)
    if plan_file is None:
        return page
    try:
        page.launch = launch_check(ws, [plan_file.path], today=as_of, write=False)[0]
    except MopsError as exc:
        page.launch_problem = _problem(exc)
    try:
        page.pacing = pacing_check(ws, [plan_file.path], as_of=as_of, write=False)[0]
    except MopsError as exc:
        page.pacing_problem = _problem(exc)
    else:
        page.chart = _chart(page.pacing)
    today = as_of or day_in(plan_file.plan.zone(ws.config.timezone), now or dt.datetime.now(dt.timezone.utc))
    page.review = campaign_review(ws, plan_file.plan, plan_file.name, today)
    return page


def lint_summary(ws: Any) -> LintSummary:
    """`mops lint` on the whole workspace (its include and exclude settings), counted per code and
    per file. In this process (no forked workers: the server runs pages in threads)."""
    from mops.lint.runner import LintOptions, run_lint

    report = run_lint(ws, [], LintOptions(jobs=1)).report
    # a file reached through a symlink out of the workspace is not the workspace's: its findings
    # (which quote its text) are not shown, only that it was left out
    root = ws.root.resolve()
    outside = sorted({f.path for f in report.findings if not (root / f.path).resolve().is_relative_to(root)})
    report.findings = [f for f in report.findings if f.path not in outside]
    if outside:
        from mops.models.lint import RunNote

        report.notes.append(RunNote(id="outside-workspace", paths=outside,
                                    message=f"{len(outside)} file(s) reached through a symlink out of the workspace are not shown "
                                            f"(`mops lint` reads them; exclude them in mops.yaml lint.exclude): {', '.join(outside[:5])}"))
    severities = Counter(f.severity.value for f in report.findings)
    codes = Counter((f.code, f.severity.value) for f in report.findings)
    per_file: dict[str, Counter] = {}
    for finding in report.findings:
        per_file.setdefault(finding.path, Counter())[finding.severity.value] += 1
    names = {info.code: info.name for info in report.rules}
    return LintSummary(
        files_checked=report.files_checked,
        errors=severities["error"], warnings=severities["warning"], info=severities["info"],
        by_code=[CodeCount(code=code, name=names.get(code), severity=severity, count=count)
                 for (code, severity), count in sorted(codes.items(), key=lambda item: (-item[1], item[0]))],
        by_file=[FileCount(path=path, errors=c["error"], warnings=c["warning"], info=c["info"])
                 for path, c in sorted(per_file.items(), key=lambda item: (-sum(item[1].values()), item[0]))],
        findings=sorted(report.findings, key=lambda f: (f.path, f.line, f.column, f.code)),
        run_errors=[":".join(str(p) for p in (e.path, e.line) if p is not None) + (": " if e.path else "") + e.message
                    + (f" (hint: {e.hint})" if e.hint else "") for e in report.errors],
        notes=[note.message for note in report.notes],
    )
