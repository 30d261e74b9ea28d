"""What each page of `mops serve` shows, as data: the templates of mops/web/ render these models and
nothing else, so a page says what the same domain functions tell the command line."""

from __future__ import annotations

from pydantic import Field

from mops.models._base import Result
from mops.models.launch import LaunchReport
from mops.models.pacing import PacingReport
from mops.models.results import Finding


class Problem(Result):
    """Why a part of a page could not be made: the error the command line would print (file, line,
    field and hint), never a traceback."""

    message: str


class QueueEntry(Result):
    """One artifact awaiting a decision, as `mops queue` lists it, with the command that decides it."""

    state: str = Field(description="pending, stale, rejected or invalid.")
    artifact: str = Field(description="Workspace-relative path of the artifact.")
    approved_by: str = Field(description="Who approved its current bytes, comma-separated.")
    still_needed: str = Field(description="What would approve it; why it is rejected, stale or invalid.")
    age: str = Field(description="How long it has waited, e.g. '5.0 h' or '3.1 d'.")
    sla: str = Field(description="Its SLA, 'PAST SLA' first when past it.")
    past_sla: bool = False
    approve_command: str = Field(description="The command a gatekeeper runs in their checkout: approving stays in git.")


class QueuePage(Result):
    """The decision queue: what awaits a decision, past-SLA items first."""

    entries: list[QueueEntry] = Field(default_factory=list)
    past_sla: int = Field(default=0, description="How many entries are past their SLA.")
    problem: Problem | None = Field(default=None, description="Why there is no queue (e.g. the workspace is not in a git repository).")


class CampaignSummary(Result):
    """One campaign of the workspace: its plan's name, flight and budget, and the files it has."""

    campaign: str
    name: str | None = None
    start: str | None = Field(default=None, description="YYYY-MM-DD.")
    end: str | None = Field(default=None, description="YYYY-MM-DD.")
    budget: float | None = None
    currency: str | None = None
    plan: str | None = Field(default=None, description="The plan file, workspace-relative; null without one.")
    brief: str | None = Field(default=None, description="The brief file, workspace-relative; null without one.")
    problem: str | None = Field(default=None, description="Why the plan could not be read, as the command line says it.")


class CampaignIndex(Result):
    """Every campaign with a plan or a brief, by id."""

    campaigns: list[CampaignSummary] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list, description="Briefs that could not be read, each with why.")


class BriefSection(Result):
    """The campaign's brief: its front matter as written and its body."""

    path: str
    front_matter: str = Field(description="The YAML between the brief's '---' lines, as written.")
    body: str = Field(description="The Markdown body, as written.")
    body_html: str | None = Field(default=None, description="The body rendered by markdown-it with raw HTML off (escaped), when markdown-it-py is installed.")


class ChartSection(Result):
    """The pacing chart (mops/pacing/chart.py), as an SVG image's bytes in base64, or why there is none."""

    svg_base64: str | None = None
    problem: Problem | None = None


class ReviewSection(Result):
    """The post-campaign review of a campaign, or the command that writes it."""

    html: str | None = Field(default=None, description="The review as a standalone HTML document, shown in a sandboxed frame.")
    command: str = Field(description="The command that writes the review.")
    note: str


class CampaignPage(Result):
    """Everything the page of one campaign shows; each part that could not be made says why."""

    campaign: str
    summary: CampaignSummary
    as_of: str | None = Field(default=None, description="The day judged when the page was asked for one (?as_of=YYYY-MM-DD); null: today.")
    plan_text: str | None = Field(default=None, description="The plan file as written.")
    brief: BriefSection | None = None
    brief_problem: Problem | None = None
    launch: LaunchReport | None = None
    launch_problem: Problem | None = None
    pacing: PacingReport | None = None
    pacing_problem: Problem | None = None
    chart: ChartSection | None = None
    review: ReviewSection | None = None


class CodeCount(Result):
    code: str
    name: str | None = None
    severity: str
    count: int


class FileCount(Result):
    path: str
    errors: int = 0
    warnings: int = 0
    info: int = 0


class LintSummary(Result):
    """The workspace's lint (`mops lint` on the workspace): counts per code and per file, and each
    finding's place. Findings are as the lint's formats give them: a PII finding names its kind and
    place, never the value."""

    files_checked: int
    errors: int
    warnings: int
    info: int
    by_code: list[CodeCount] = Field(default_factory=list)
    by_file: list[FileCount] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    run_errors: list[str] = Field(default_factory=list, description="Paths the lint could not read, each with why (`mops lint` exits 2 on them).")
    notes: list[str] = Field(default_factory=list)
