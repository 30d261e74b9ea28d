"""What `mops launch check` returns, per plan: a verdict, four checks with their observations, the
links mops can correct safely, and the proposal written for a gatekeeper."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mops.models._base import Result
from mops.models.results import Observation

CheckStatus = Literal["pass", "warn", "fail"]
Verdict = Literal["go", "go_after_fixes", "no_go"]
CHECK_NAMES = ("segment", "tracking", "budget", "readiness")


class LinkCorrection(Result):
    """A link as it is in a file and as the lint's safe fixes make it."""

    path: str = Field(description="Workspace-relative file holding the link.")
    line: int = Field(ge=1)
    link: str
    corrected: str
    fixes: list[str] = Field(default_factory=list, description="The rule codes whose safe fixes make the correction.")


class CheckResult(Result):
    """One of the four checks: `fail` blocks the launch, `warn` needs a look or a safe fix, `pass` is clean."""

    status: CheckStatus
    observations: list[Observation] = Field(default_factory=list)

    @classmethod
    def of(cls, observations: list[Observation]) -> "CheckResult":
        """The check of these observations: an error fails it, a warning warns, else it passes."""
        severities = {o.severity.value for o in observations}
        status = "fail" if "error" in severities else "warn" if "warning" in severities else "pass"
        return cls(status=status, observations=observations)


class LaunchReport(Result):
    """One plan's launch check."""

    campaign: str
    plan: str = Field(description="The plan file, workspace-relative.")
    as_of: str = Field(description="The day judged (YYYY-MM-DD).")
    verdict: Verdict
    summary: str
    checks: dict[str, CheckResult]
    corrections: list[LinkCorrection] = Field(default_factory=list)
    proposal: str | None = Field(default=None, description="The proposal written for a gatekeeper (workspace-relative), or null when none was written.")


