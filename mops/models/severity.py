"""`Severity`, in a module of its own: lint rules and the lint engine use it without importing
pydantic (mops.models.results, which re-exports it, builds pydantic models), and cached plain
models (mops.models.plain) pickle it by this module's name."""

from __future__ import annotations

from enum import Enum


class Severity(str, Enum):
    """How bad a finding is; `--fail-on` compares against this order."""

    info = "info"
    warning = "warning"
    error = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.info: 0, Severity.warning: 1, Severity.error: 2}


def count(findings: list, severity: Severity) -> int:
    """How many of `findings` (anything with a `severity`) have this severity."""
    return sum(1 for f in findings if f.severity == severity)


def at_or_above(findings: list, threshold: Severity) -> list:
    """The findings at `threshold` or worse."""
    return [f for f in findings if f.severity.rank >= threshold.rank]
