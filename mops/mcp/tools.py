"""The MCP tools: each a thin wrapper over the domain function the CLI calls, returning the same
pydantic result (as structured content). A MopsError comes back as a tool error carrying its
message and hint; the server keeps serving.

No `from __future__ import annotations` here: the SDK reads each tool's signature to build its
input and output schemas."""

import datetime as dt
import functools
import threading
from typing import Any, Callable, Optional

from pydantic import BaseModel, Field

from mops.errors import MopsError, UsageError
from mops.mcp.paths import inside
from mops.models.launch import LaunchReport
from mops.models.lint import LintReport
from mops.models.pacing import PacingReport
from mops.models.utm import Classification

# the read-only tools of this server; writing tools (drafts, proposals) come only with --allow-writes
READ_ONLY_TOOLS = ("lint", "utm_classify", "rules", "history_query", "launch_check", "pacing_check")

# the most rows history_query returns when the caller gives no limit: a result an assistant can read
DEFAULT_QUERY_ROWS = 1000


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
    truncated: bool = Field(description="True when the query had more rows than the limit")


class LaunchCheckResult(BaseModel):
    reports: list[LaunchReport]


class PacingCheckResult(BaseModel):
    reports: list[PacingReport]


def _day(value: Optional[str], name: str) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name} {value!r} is not a date", hint="write dates as YYYY-MM-DD, e.g. 2027-01-15") from None


def _built(report: LintReport) -> LintReport:
    """The report, its model's serializer built: the runner makes it without validation
    (model_construct), and the Result models build their serializers on first use (defer_build)."""
    LintReport.model_rebuild()
    return report


class Tools:
    """The tools for one workspace. Calls run one at a time (the SDK runs sync tools in threads;
    the workspace's caches and memos are not shared between threads)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self._lock = threading.Lock()

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

        codes = lambda values: [c.strip().upper() for v in values or [] for c in v.split(",") if c.strip()]  # noqa: E731
        if text is not None:
            if paths:
                raise UsageError("give paths or text, not both", hint="text is linted as the file `filename` would be")
            options = LintOptions(select=codes(select) or None, ignore=codes(ignore), stdin_text=text,
                                  stdin_filename=filename or "-", stdin_channel=channel, jobs=1)
            return _built(run_lint(self.ws, [], options).report)
        if filename is not None or channel is not None:
            raise UsageError("filename and channel go with text", hint="a file's channel comes from mops.yaml lint.per_path or its front matter")
        targets = [inside(self.ws, p) for p in paths or []]
        options = LintOptions(select=codes(select) or None, ignore=codes(ignore), jobs=1)
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
        refused. At most `limit` rows (default 1000)."""
        from mops.history.output import json_ready
        from mops.history.query import open_query
        from mops.history.store import db_location

        most = DEFAULT_QUERY_ROWS if limit is None else limit
        if most < 0:
            raise UsageError(f"limit {most} is negative", hint="give the most rows to return, e.g. 100")
        with open_query(db_location(self.ws), sql, limit=most + 1, ws=self.ws) as stream:
            rows = [list(row) for batch in stream.batches() for row in batch]
            columns = list(stream.columns)
        return HistoryQueryResult(columns=columns, rows=[[json_ready(v) for v in row] for row in rows[:most]], truncated=len(rows) > most)

    def launch_check(self, plans: Optional[list[str]] = None, all_plans: bool = False, as_of: Optional[str] = None) -> LaunchCheckResult:
        """Reconcile each plan's segment, tracking, budget and readiness and give a verdict (go,
        go_after_fixes, no_go), as `mops launch check`, but writing no proposal: `plans` are plan
        files relative to the workspace (plans/<campaign>.yaml); `all_plans` every plan not yet started."""
        from mops.launch.check import launch_check

        targets = [inside(self.ws, p) for p in plans or []]
        return LaunchCheckResult(reports=launch_check(self.ws, targets, all_plans=all_plans, today=_day(as_of, "as_of"), write=False))

    def pacing_check(self, plans: Optional[list[str]] = None, all_plans: bool = False, as_of: Optional[str] = None) -> PacingCheckResult:
        """Spend to date per channel against each plan's curve, anomalies, CPA and ROAS against
        targets, and the reallocation that would be proposed, as `mops pacing check`, but writing
        no proposal and no chart."""
        from mops.pacing.check import pacing_check

        targets = [inside(self.ws, p) for p in plans or []]
        return PacingCheckResult(reports=pacing_check(self.ws, targets, all_plans=all_plans, as_of=_day(as_of, "as_of"), write=False))

    def guarded(self, name: str) -> Callable[..., Any]:
        """The tool `name` as the server calls it: one call at a time, a MopsError as a tool error."""
        from mcp.server.mcpserver.exceptions import ToolError

        method = getattr(self, name)

        @functools.wraps(method)
        def call(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                try:
                    return method(*args, **kwargs)
                except MopsError as exc:
                    raise ToolError(exc.render()) from None

        return call
