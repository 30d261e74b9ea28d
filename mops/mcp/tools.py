"""The MCP tools: each a thin wrapper over the domain function the CLI calls, returning the same
pydantic result (as structured content). A MopsError comes back as a tool error carrying its
message and hint; the server keeps serving.

No `from __future__ import annotations` here: the SDK reads each tool's signature to build its
input and output schemas."""

import datetime as dt
import functools
import inspect
import threading
import time
from pathlib import Path
from typing import Any, Callable, Optional

from mcp.server.fastmcp import Context
from pydantic import BaseModel, Field

from mops.errors import MopsError, UsageError
from mops.mcp.calllog import log_call
from mops.mcp.paths import inside
from mops.models.approval import VerifyReport
from mops.models.history import SimilarResult
from mops.models.launch import LaunchReport
from mops.models.lint import LintReport
from mops.models.pacing import PacingReport
from mops.models.results import Observation
from mops.models.utm import BuiltUrl, Classification

# the read-only tools of this server, always served
READ_ONLY_TOOLS = (
    "lint", "utm_classify", "utm_build", "rules", "history_query", "history_report", "history_similar",
    "launch_check", "pacing_check", "queue", "approvals_verify",
)
# with --allow-writes only: the tools that write drafts (briefs/, the linted files)
WRITING_TOOLS = ("brief_draft", "lint_fix")
# read-only tools that write a proposal when a call asks (write_proposal), on a server with --allow-writes
PROPOSING_TOOLS = ("launch_check", "pacing_check")

# the largest transcript text a client may send (a two-hour meeting is ~150 KB), and what a
# transcript is (sent text cannot be a .docx, the last)
MAX_TRANSCRIPT_CHARS = 2_000_000
TRANSCRIPT_SUFFIXES = (".txt", ".vtt", ".srt", ".docx")

# the most rows history_query returns when the caller gives no limit: a result an assistant can read;
# and what it returns at most, whatever the limit: a result the server can hold and a client can take
DEFAULT_QUERY_ROWS = 1000
MAX_QUERY_ROWS = 10_000
MAX_RESULT_BYTES = 4_000_000


class RuleSummary(BaseModel):
    """One lint rule, as `mops rules --format json` lists it."""

    code: str
    name: str
    severity: str
    fix: str
    summary: str


class RulesResult(BaseModel):
    rules: list[RuleSummary]


class HistoryQueryResult(BaseModel):
    """The rows of one read-only query, as `mops history query --format json` gives them."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = Field(description="True when the query had more rows than the limit, or more than 4 MB of them")
    note: Optional[str] = Field(default=None, description="Why the rows were cut short, when they were")


class HistoryReportResult(BaseModel):
    """One named report, as `mops history report NAME --format json` gives it."""

    report: str
    rows: list[dict[str, Any]] = Field(description="One object per row; for `unattributed` also what to `add` to which plan and the `evidence`")
    query: str = Field(description="The SQL that made the rows; `params` fill its ? marks")
    params: list[Any]
    notes: list[str]


class LaunchCheckResult(BaseModel):
    reports: list[LaunchReport]


class PacingCheckResult(BaseModel):
    reports: list[PacingReport]


class BriefDraftResult(BaseModel):
    """A brief drafted offline from a kickoff transcript, as `mops brief draft --offline` drafts it,
    with personal data from the transcript replaced by placeholders ([EMAIL_1], [PHONE_1])."""

    campaign: str
    target: str = Field(description="Where the brief is written (or would be, with write), workspace-relative: briefs/<campaign>.md")
    written: bool = Field(description="True when the brief was written to `target`")
    markdown: str = Field(description="The brief as written: Markdown with YAML front matter")
    brief: dict[str, Any] = Field(description="The brief's fields with their evidence (the front matter as data)")
    observations: list[Observation] = Field(description="What the draft noticed: assumptions, questions, speakers mops does not know")
    redacted: int = Field(description="Pieces of personal data replaced by placeholders in this result (and in the file written)")


class LintFixResult(BaseModel):
    """The lint's safe fixes as a diff, applied to the files only when asked."""

    applied: bool = Field(description="True when the fixes were written to the files")
    fixes: int = Field(description="Safe fixes made (or that would be made)")
    files: list[str] = Field(description="Files changed (or that would change), workspace-relative")
    diff: str = Field(description="Unified diff of the fixes; personal data in context lines replaced by placeholders")
    report: LintReport = Field(description="The findings left once the fixes are made")
    redacted: int = Field(description="Pieces of personal data replaced by placeholders in the diff")


def _day(value: Optional[str], name: str) -> Optional[dt.date]:
    if value is None:
        return None
    from mops.timezones import checked_day

    try:
        return checked_day(value)
    except ValueError as error:
        raise UsageError(f"{name}: {error}", hint="write dates as YYYY-MM-DD, e.g. 2027-01-15") from None


def _notify(ctx: Optional[Context], tool: str, observations: list[Observation], about: dict[str, Any]) -> None:
    """Send each observation to the client as an MCP log notification (level = its severity; data =
    the observation as an object) while the check goes on. Called from the tool's worker thread; a
    client that is gone or does not listen never fails the check."""
    if ctx is None:
        return
    import anyio.from_thread

    # the session's own call: Context.log says its message is a str, and the data here is an object
    session, request_id = ctx.request_context.session, ctx.request_id
    for observation in observations:
        data = {**about, **observation.model_dump(mode="json", exclude_defaults=True)}
        try:
            anyio.from_thread.run(functools.partial(session.send_log_message, observation.severity.value, data,
                                                    logger=f"mops.{tool}", related_request_id=request_id))
        except Exception:  # noqa: BLE001 - a notification is a courtesy; the result carries every observation
            return


def _stamp(ws: Any) -> tuple:
    """What says the workspace's own files changed: size and modification time of mops.yaml, the
    taxonomy, the brand voice and each plan (what a Workspace holds once read)."""
    paths = ws.config.paths
    files = [ws.config_path, ws.path(paths.taxonomy), ws.path(paths.brand_voice)]
    plans = ws.path(paths.plans)
    files += sorted(plans.glob("*.y*ml")) if plans.is_dir() else []
    stamp = []
    for file in files:
        try:
            status = file.stat()
        except OSError:
            stamp.append((str(file), None))
        else:
            stamp.append((str(file), status.st_size, status.st_mtime_ns))
    return tuple(stamp)


def _plan_targets(ws: Any, plans: Optional[list[str]], all_plans: bool) -> list[Path]:
    """The plan files a check names, confined; the refusal in this tool's words (the check's own
    names the CLI's options)."""
    if not plans and not all_plans:
        raise UsageError("give plans (plan files, e.g. plans/2027-q2_spring-sale.yaml) or all_plans=true",
                         hint="the mops://plans/{name} resources list the workspace's plans")
    return [inside(ws, p) for p in plans or []]


def _codes(values: Optional[list[str]]) -> list[str]:
    """Rule codes as `--select`/`--ignore` take them: a list, each item possibly comma-separated."""
    return [c.strip().upper() for v in values or [] for c in v.split(",") if c.strip()]


def _built(report: LintReport) -> LintReport:
    """The report as a tool returns it: `rules` holds the rules its findings name (every rule that ran
    is ~12 KB, some 3,000 tokens an assistant would read on each call; the `rules` tool lists them
    all). Its model's serializer built: the runner makes it without validation (model_construct), and
    the Result models build their serializers on first use (defer_build)."""
    LintReport.model_rebuild()
    named = {finding.code for finding in report.findings}
    report.rules = [rule for rule in report.rules if rule.code in named]
    return report


def _served(result: BaseModel) -> Any:
    """A tool's result as the CallToolResult the server sends: its JSON as text (as FastMCP writes
    it) and as structured content. FastMCP checks it against the result's model and the low-level
    server sends it as is; handed the model itself, the low-level server would check it again with
    jsonschema.validate against the output schema, which first checks the schema itself: ~20 ms a
    lint call, work the pydantic model has already done."""
    import pydantic_core
    from mcp.types import CallToolResult, TextContent

    text = pydantic_core.to_json(result, fallback=str, indent=2).decode()
    return CallToolResult(content=[TextContent(type="text", text=text)], structuredContent=result.model_dump(mode="json", by_alias=True))


class Tools:
    """The tools for one workspace. Calls run one at a time, each in a worker thread (`guarded`):
    the workspace's caches and memos are not shared between threads."""

    def __init__(self, ws: Any, *, allow_writes: bool = False) -> None:
        self.ws = ws
        self.allow_writes = allow_writes
        self._lock = threading.Lock()
        self._stamp = _stamp(ws) if ws.config_path is not None else None

    def fresh(self) -> Any:
        """The workspace as its files are now. A server runs for hours while people edit mops.yaml,
        plans, the taxonomy and the voice: a call after any of them changed (size or time) reads
        the workspace anew, and a file that no longer reads is that call's error; otherwise the
        workspace already read, with what it holds in memory, serves the call."""
        from mops.workspace import load_workspace

        if self.ws.config_path is None:
            return self.ws
        seen = _stamp(self.ws)
        if seen != self._stamp:
            self.ws = load_workspace(self.ws.config_path)
            self._stamp = _stamp(self.ws)
        return self.ws

    def _writes(self, argument: str, asked: bool) -> bool:
        """`asked`, refused on a server started without --allow-writes."""
        if asked and not self.allow_writes:
            raise UsageError(f"{argument}: this server was started read-only, so no call writes a file",
                             hint="the user starts `mops mcp --allow-writes` to let an assistant write drafts and proposals")
        return asked

    def lint(
        self,
        paths: Optional[list[str]] = None,
        text: Optional[str] = None,
        filename: Optional[str] = None,
        channel: Optional[str] = None,
        select: Optional[list[str]] = None,
        ignore: Optional[list[str]] = None,
    ) -> LintReport:
        """Lint links and copy against the taxonomy and the brand voice, as `mops lint` does.

        Give `paths` (files or folders relative to the workspace; none: the whole workspace), or
        `text` with a virtual `filename` (its extension says how to read it, e.g. ad.md or links.csv)
        and optionally the brand-voice `channel` (e.g. google_ads). Nothing is fixed or written."""
        from mops.lint.runner import LintOptions, run_lint

        if text is not None:
            if paths:
                raise UsageError("give paths or text, not both", hint="text is linted as the file `filename` would be")
            options = LintOptions(select=_codes(select) or None, ignore=_codes(ignore), stdin_text=text,
                                  stdin_filename=filename or "-", stdin_channel=channel, jobs=1)
            return _built(run_lint(self.ws, [], options).report)
        if filename is not None or channel is not None:
            raise UsageError("filename and channel go with text", hint="a file's channel comes from mops.yaml lint.per_path or its front matter")
        targets = [inside(self.ws, p) for p in paths or []]
        options = LintOptions(select=_codes(select) or None, ignore=_codes(ignore), jobs=1)
        return _built(run_lint(self.ws, targets, options).report)

    def utm_classify(
        self,
        url: Optional[str] = None,
        source: Optional[str] = None,
        medium: Optional[str] = None,
        campaign: Optional[str] = None,
        source_platform: Optional[str] = None,
    ) -> Classification:
        """The channel GA4's default channel grouping would assign a tagged URL (or source, medium,
        campaign), and the rule that decided, as `mops utm classify` does."""
        from mops.utm.classify import classify_link
        from mops.utm.context import UtmContext

        if not (url or source or medium or campaign):
            raise UsageError("give a URL or source/medium/campaign", hint="e.g. source=google, medium=cpc")
        return classify_link(UtmContext(self.ws), url, source, medium, campaign, source_platform)

    def utm_build(
        self,
        url: str,
        source: Optional[str] = None,
        medium: Optional[str] = None,
        campaign: Optional[str] = None,
        content: Optional[str] = None,
        term: Optional[str] = None,
        utm_id: Optional[str] = None,
        source_platform: Optional[str] = None,
        creative_format: Optional[str] = None,
        marketing_tactic: Optional[str] = None,
    ) -> BuiltUrl:
        """Tag the landing page `url` with UTM values that follow the taxonomy, as `mops utm build`:
        safe corrections (case, aliases, spaces) and removed click ids are listed; a value off the
        taxonomy, or a correction that would change the GA4 channel, refuses (url none, `problems` say why)."""
        from mops.utm.build import build_url
        from mops.utm.context import UtmContext

        values = {
            "utm_source": source, "utm_medium": medium, "utm_campaign": campaign, "utm_content": content, "utm_term": term,
            "utm_id": utm_id, "utm_source_platform": source_platform, "utm_creative_format": creative_format,
            "utm_marketing_tactic": marketing_tactic,
        }
        service = UtmContext(self.ws)
        return build_url(url, values, service.index, classify=service.classify)

    def rules(self) -> RulesResult:
        """Every lint rule: code, name, severity, fix safety and what it checks (`mops rules`)."""
        from mops.lint.rules import all_rules
        from mops.lint.rules_doc import fix_safety

        return RulesResult(rules=[
            RuleSummary(code=r.code, name=r.name, severity=r.severity.value, fix=fix_safety(r), summary=r.summary())
            for r in all_rules().values()
        ])

    def history_query(self, sql: str, limit: Optional[int] = None) -> HistoryQueryResult:
        """Run one read-only SELECT over the history (facts, campaign_daily, campaigns, imports,
        crm_segments), as `mops history query`; writes, ATTACH/INSTALL/LOAD/COPY and file reads are
        refused. At most `limit` rows (default 1000, at most 10,000) and 4 MB of result: beyond
        either, `truncated` is true and `note` says which (`mops history query --format parquet`
        writes any number of rows to a file)."""
        import json

        from mops.history.output import json_ready
        from mops.history.query import open_query
        from mops.history.store import db_location

        most = DEFAULT_QUERY_ROWS if limit is None else limit
        if not 0 <= most <= MAX_QUERY_ROWS:
            raise UsageError(f"limit {most}: give 0 to {MAX_QUERY_ROWS:,} rows",
                             hint="aggregate in SQL, or write every row to a file with `mops history query SQL --format parquet -o FILE`")
        rows: list[list[Any]] = []
        size, note = 0, None
        with open_query(db_location(self.ws), sql, limit=most + 1, ws=self.ws) as stream:
            columns = list(stream.columns)
            for batch in stream.batches():
                for row in batch:
                    if len(rows) == most:
                        note = f"more than {most:,} rows: the first {most:,} are here (raise limit, up to {MAX_QUERY_ROWS:,})"
                        break
                    values = [json_ready(v) for v in row]
                    size += len(json.dumps(values, default=str))
                    if size > MAX_RESULT_BYTES:
                        if not rows:
                            raise UsageError(f"the first row alone is over {MAX_RESULT_BYTES // 1_000_000} MB",
                                             hint="select fewer or shorter columns (e.g. left(column, 200))")
                        note = f"the result passed {MAX_RESULT_BYTES // 1_000_000} MB after {len(rows):,} rows: those are here"
                        break
                    rows.append(values)
                if note is not None:
                    break
        return HistoryQueryResult(columns=columns, rows=rows, truncated=note is not None, note=note)

    def history_report(
        self,
        name: str,
        since: Optional[str] = None,
        until: Optional[str] = None,
        platform: Optional[str] = None,
        channel: Optional[str] = None,
        campaign: Optional[str] = None,
    ) -> HistoryReportResult:
        """A named report over the history, as `mops history report NAME`: roi, channels, campaigns,
        pacing-baseline, freshness or unattributed (platform campaigns no plan claims, with what to add
        to which plan). Filters: `since`/`until` (YYYY-MM-DD, inclusive), `platform`, `channel`, `campaign`."""
        from mops.history.output import report_object
        from mops.history.reports import Filters, history_report

        filters = Filters(_day(since, "since"), _day(until, "until"), platform, channel, campaign)
        return HistoryReportResult(**report_object(history_report(self.ws, name, filters, read_only=True)))

    def history_similar(
        self,
        objective: Optional[str] = None,
        channels: Optional[str] = None,
        budget: Optional[float] = None,
        season: Optional[str] = None,
        limit: int = 5,
    ) -> SimilarResult:
        """The past campaigns most like a planned one (budget, duration, ROAS) and a summary, as
        `mops history similar`: give at least one of `objective` (words), `channels` (comma-separated,
        e.g. paid_search,paid_social), `budget`, `season` (a month 11 or 2026-11, a quarter q4, or a date)."""
        from mops.history.similar import similar_campaigns

        if not any(value is not None and value != "" for value in (objective, channels, budget, season)):
            raise UsageError("give at least one of objective, channels, budget or season", hint="e.g. channels=paid_search,paid_social and budget=30000")
        if budget is not None and budget <= 0:
            raise UsageError(f"budget {budget}: give the planned budget, a positive amount", hint="in the workspace's currency, e.g. 30000")
        if limit < 1:
            raise UsageError(f"limit {limit}: give how many campaigns to list, 1 or more", hint="e.g. 5")
        return similar_campaigns(self.ws, objective=objective, channels=channels, budget=budget, season=season, limit=limit, read_only=True)

    def queue(self, include_approved: bool = False) -> VerifyReport:
        """The decision queue, as `mops queue`: each artifact awaiting a decision, who approved, what is
        still needed, its age; past-SLA items first and flagged. Nothing is approved or rejected here."""
        from mops.approvals.verify import queue

        return queue(self.ws, include_approved=include_approved)

    def approvals_verify(self, artifacts: Optional[list[str]] = None, base: Optional[str] = None) -> VerifyReport:
        """Whether artifacts carry valid approvals (signed by allowed keys, naming the current bytes,
        enough of them), as `mops approvals verify`: `artifacts` relative to the workspace (none: those
        changed since `base`, or all); `base` a commit whose signers and rules are the ones that count."""
        from mops.approvals.verify import verify

        for given in artifacts or []:
            inside(self.ws, given)  # confined; the path itself is passed on, as verify judges a symlink, not its target
        return verify(self.ws, base=base, artifacts=[self.ws.root / a for a in artifacts or []])

    def launch_check(self, plans: Optional[list[str]] = None, all_plans: bool = False, as_of: Optional[str] = None,
                     write_proposal: bool = False, ctx: Optional[Context] = None) -> LaunchCheckResult:
        """Reconcile each plan's segment, tracking, budget and readiness and give a verdict (go,
        go_after_fixes, no_go), as `mops launch check`: `plans` are plan files relative to the workspace
        (plans/<campaign>.yaml); `all_plans` every plan not yet started. No proposal is written unless
        `write_proposal` (a server started with --allow-writes only): then each plan's launch proposal
        goes to proposals/<campaign>-launch.yaml for a gatekeeper to approve with `mops approve` (no
        tool approves it). Each plan's observations are also sent as log notifications as it is judged."""
        return self._launch(plans, all_plans, as_of, self._writes("write_proposal", write_proposal), ctx)

    def _launch(self, plans: Optional[list[str]], all_plans: bool, as_of: Optional[str], write: bool, ctx: Optional[Context]) -> LaunchCheckResult:
        from mops.launch.check import launch_check

        def sent(report: LaunchReport) -> None:
            for check, result in report.checks.items():
                _notify(ctx, "launch_check", result.observations, {"campaign": report.campaign, "check": check})

        targets = _plan_targets(self.ws, plans, all_plans)
        reports = launch_check(self.ws, targets, all_plans=all_plans, today=_day(as_of, "as_of"), write=write, on_report=sent)
        return LaunchCheckResult(reports=reports)

    def pacing_check(self, plans: Optional[list[str]] = None, all_plans: bool = False, as_of: Optional[str] = None,
                     write_proposal: bool = False, ctx: Optional[Context] = None) -> PacingCheckResult:
        """Spend to date per channel against each plan's curve, anomalies, CPA and ROAS against
        targets, and the reallocation that would be proposed, as `mops pacing check`. No proposal
        and no chart is written unless `write_proposal` (a server started with --allow-writes only):
        then a plan's reallocation proposal goes to proposals/ for a gatekeeper to approve and apply
        (no tool approves or applies it). Each plan's observations are also sent as log notifications."""
        return self._pacing(plans, all_plans, as_of, self._writes("write_proposal", write_proposal), ctx)

    def _pacing(self, plans: Optional[list[str]], all_plans: bool, as_of: Optional[str], write: bool, ctx: Optional[Context]) -> PacingCheckResult:
        from mops.pacing.check import pacing_check

        def sent(report: PacingReport) -> None:
            _notify(ctx, "pacing_check", report.observations, {"campaign": report.campaign})

        targets = _plan_targets(self.ws, plans, all_plans)
        reports = pacing_check(self.ws, targets, all_plans=all_plans, as_of=_day(as_of, "as_of"), write=write, on_report=sent)
        return PacingCheckResult(reports=reports)

    def brief_draft(
        self,
        transcript: Optional[str] = None,
        transcript_text: Optional[str] = None,
        filename: Optional[str] = None,
        campaign: Optional[str] = None,
        meeting_date: Optional[str] = None,
        playbook: Optional[str] = None,
        write: bool = False,
        ctx: Optional[Context] = None,
    ) -> BriefDraftResult:
        """Draft a campaign brief from a kickoff transcript with the offline extractor (no model is
        called), as `mops brief draft --offline`: budget and split, flight, channels, KPIs, owners,
        decisions and open questions, each value with the words it came from. Give `transcript` (a
        file in the workspace, e.g. transcripts/kickoff.vtt) or `transcript_text` with a `filename`
        (kickoff.txt, .vtt or .srt: how to read it). `campaign` sets the id (else from the meeting or
        the file name); `meeting_date` YYYY-MM-DD. With `write`, the brief is written to
        briefs/<campaign>.md, never over an existing file; it then awaits a gatekeeper's approval.
        Personal data from the transcript comes back, and is written, as placeholders ([EMAIL_1])."""
        from mops.brief.draft import draft_brief
        from mops.brief.playbooks import DEFAULT_PLAYBOOK
        from mops.errors import InputError
        from mops.fsutil import atomic_write_text
        from mops.mcp.redact import Redactor

        if (transcript is None) == (transcript_text is None):
            raise UsageError("give transcript (a file in the workspace) or transcript_text, one of them",
                             hint="e.g. transcript=transcripts/2027-q2_spring-sale-kickoff.txt")
        if transcript_text is not None:
            if len(transcript_text) > MAX_TRANSCRIPT_CHARS:
                raise UsageError(f"transcript_text is {len(transcript_text):,} characters, more than the {MAX_TRANSCRIPT_CHARS:,} a kickoff transcript holds",
                                 hint="save the transcript under transcripts/ and give its path as transcript")
            name = Path((filename or "transcript.txt").replace("\\", "/")).name
            if Path(name).suffix.lower() not in TRANSCRIPT_SUFFIXES[:-1]:
                raise UsageError(f"filename {filename!r}: transcript text is read as .txt, .vtt or .srt",
                                 hint="name it e.g. kickoff.vtt; a .docx transcript goes under transcripts/ and is given as transcript")
            source = Path(name)
        else:
            if filename is not None:
                raise UsageError("filename goes with transcript_text", hint="a transcript file's own name says how to read it")
            source = inside(self.ws, transcript)
            if source.suffix.lower() not in TRANSCRIPT_SUFFIXES:
                raise UsageError(f"{transcript}: a transcript is a .txt, .vtt, .srt or .docx file",
                                 hint="give the meeting's transcript (transcripts/...), not another workspace file")
        draft = draft_brief(
            self.ws, source, playbook=playbook or DEFAULT_PLAYBOOK, meeting_date=_day(meeting_date, "meeting_date"),
            offline=True, campaign=campaign, text=transcript_text,
        )
        redactor = Redactor.for_workspace(self.ws)
        markdown = redactor.text(draft.markdown)
        brief = redactor.value(draft.brief.model_dump(mode="json", exclude_none=True))
        observations = [Observation.model_validate(redactor.value(o.model_dump(mode="json"))) for o in draft.observations]
        target = inside(self.ws, draft.shown_target)
        if write:
            if target.exists():
                raise InputError("a brief is already there; not overwritten", path=draft.shown_target,
                                 hint="the MCP server never replaces a brief: give another campaign id, or edit the brief in the repository")
            atomic_write_text(target, markdown)
        _notify(ctx, "brief_draft", observations, {"campaign": draft.brief.campaign})
        return BriefDraftResult(campaign=draft.brief.campaign, target=draft.shown_target, written=write, markdown=markdown,
                                brief=brief, observations=observations, redacted=redactor.count)

    def lint_fix(
        self,
        paths: Optional[list[str]] = None,
        apply: bool = False,
        select: Optional[list[str]] = None,
        ignore: Optional[list[str]] = None,
    ) -> LintFixResult:
        """The lint's safe fixes (case, aliases, spaces, stray click ids...) as a unified diff, as
        `mops lint --diff`; with `apply`, written to the files as `mops lint --fix` writes them.
        `paths` are files or folders relative to the workspace (none: the whole workspace). Only
        fixes the lint marks safe are made; the findings left are in `report`."""
        from mops.lint.runner import LintOptions, run_lint
        from mops.mcp.redact import Redactor

        targets = [inside(self.ws, p) for p in paths or []]
        options = LintOptions(select=_codes(select) or None, ignore=_codes(ignore), fix=apply, diff=not apply, jobs=1)
        run = run_lint(self.ws, targets, options)
        files = [d.split("\n", 1)[0].removeprefix("--- a/") for d in run.diffs]
        redactor = Redactor.for_workspace(self.ws)
        diff = redactor.text("".join(run.diffs))
        return LintFixResult(applied=apply, fixes=run.report.fixes_applied, files=files, diff=diff, report=_built(run.report),
                             redacted=redactor.count)

    def arguments(self, name: str) -> tuple[str, ...]:
        """The arguments the tool `name` takes, as its schema names them."""
        return tuple(p for p in inspect.signature(getattr(self, name)).parameters if p != "ctx")

    def refuse_unknown(self, name: str, given: dict[str, Any]) -> None:
        """A tool error (logged as a call) when `given` names an argument the tool does not take:
        the SDK would drop it, and `lint {"path": "ads/"}` would lint the whole workspace."""
        import difflib

        from mcp.server.fastmcp.exceptions import ToolError

        known = self.arguments(name)
        unknown = sorted(set(given) - set(known))
        if not unknown:
            return
        close = [match for word in unknown for match in difflib.get_close_matches(word, known, n=1)]
        message = (
            f"{name} takes no argument {', '.join(map(repr, unknown))}"
            + (f" (did you mean {', '.join(map(repr, close))}?)" if close else "")
            + f"; its arguments: {', '.join(known) or 'none'}"
        )
        log_call(self.ws, start=dt.datetime.now(dt.timezone.utc), tool=name, arguments={k: v for k, v in given.items() if k in known},
                 duration_ms=0.0, result_bytes=None, error=message)
        raise ToolError(message)

    def guarded(self, name: str) -> Callable[..., Any]:
        """The tool `name` as the server calls it: one call at a time, in a worker thread, a
        MopsError as a tool error, every call logged. FastMCP 1.x calls a sync tool on the event
        loop, which would stop serving for the call's length, and `_notify` hands its notifications
        to the loop from a worker thread (anyio.from_thread). The wrapper keeps the method's
        signature: the SDK builds the input and output schemas from it."""
        import anyio.to_thread

        method = getattr(self, name)

        @functools.wraps(method)
        async def call(*args: Any, **kwargs: Any) -> Any:
            return _served(await anyio.to_thread.run_sync(functools.partial(self._call, name, method, *args, **kwargs)))

        return call

    def _call(self, name: str, method: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        # positional-only: a tool has arguments called `name` (history_report) too
        from mcp.server.fastmcp.exceptions import ToolError

        with self._lock:
            start, clock = dt.datetime.now(dt.timezone.utc), time.perf_counter()
            arguments = {k: v for k, v in {**dict(zip(inspect.signature(method).parameters, args)), **kwargs}.items() if k != "ctx"}
            try:
                self.ws = self.fresh()
                result = method(*args, **kwargs)
            except MopsError as exc:
                message = exc.render()
                log_call(self.ws, start=start, tool=name, arguments=arguments,
                         duration_ms=(time.perf_counter() - clock) * 1000, result_bytes=None, error=message)
                raise ToolError(message) from None
            except Exception as exc:
                log_call(self.ws, start=start, tool=name, arguments=arguments,
                         duration_ms=(time.perf_counter() - clock) * 1000, result_bytes=None, error=type(exc).__name__)
                raise
            size = len(result.model_dump_json().encode("utf-8")) if isinstance(result, BaseModel) else None
            log_call(self.ws, start=start, tool=name, arguments=arguments,
                     duration_ms=(time.perf_counter() - clock) * 1000, result_bytes=size)
            return result
