"""Findings as the lint builds them: named tuples, turned into pydantic `Finding`s once, at the end.

A lint of a legacy bulk sheet makes a finding per problem, tens of thousands of them, and forked
workers send theirs back through a pipe. A tuple is the cheapest record to build, compare, sort
and send; named, it is read by field like the model it becomes. `to_model` makes the model, in the
process that reports (see runner.py), and `--fix` reads the raw findings' fixes directly.
"""

from __future__ import annotations

from typing import NamedTuple

from mops.models._base import trusted
from mops.models.results import Edit, Finding, Fix, Severity


class RawEdit(NamedTuple):
    """Replace `text[start:end]` with `replacement`: offsets into the document's text, or into a
    link's URL for the edits a URL rule proposes (mops.lint.fixes maps those to the text)."""

    start: int
    end: int
    replacement: str


class RawFix(NamedTuple):
    """A finding's fix: what it does, its edits of the document's text, whether --fix applies it."""

    description: str | None
    edits: tuple[RawEdit, ...]
    safe: bool


class RawFinding(NamedTuple):
    """A `Finding`'s fields, in its order."""

    code: str
    severity: Severity
    path: str
    line: int
    column: int
    end_line: int | None
    end_column: int | None
    message: str
    fix: RawFix | None


class LinkFinding(NamedTuple):
    """A finding of a URL rule on one link, whatever link of the run it is on: offsets relative to
    the link's start, edits of its URL. Identical links share these (the runner's memo); each
    occurrence becomes a `RawFinding` at its place."""

    code: str
    severity: Severity
    start: int
    end: int
    message: str
    fix_description: str | None
    url_edits: tuple[RawEdit, ...]  # edits of the URL as extracted
    edits: tuple[RawEdit, ...]  # edits of the document's text, as a rule gave them
    safe: bool


def fix_of(description: str | None, edits: tuple, safe: bool) -> RawFix | None:
    """The fix of a finding: its edits, or a suggestion in words (never applied), or none."""
    if edits:
        return RawFix(description or "apply the fix", edits, safe)
    return RawFix(description, (), False) if description else None


def file_finding(code: str, severity: Severity, path: str, message: str, line: int = 1, column: int = 1) -> RawFinding:
    """A finding at a line and column with no span and no fix (by default at the file's start)."""
    return RawFinding(code, severity, path, line, column, None, None, message, None)


# trusted(): findings are built from values of the right types, and validating tens of thousands
# of findings a run would cost more than linting the links
def to_model(raw: RawFinding) -> Finding:
    """The pydantic `Finding` of a raw finding."""
    # unpacked, not read field by field: 10% of building the models of a run (86k findings)
    code, severity, path, line, column, end_line, end_column, message, fix = raw
    if fix is not None:
        description, edits, safe = fix
        fix = trusted(Fix, {
            "description": description,
            "edits": [trusted(Edit, {"start": start, "end": end, "replacement": replacement}) for start, end, replacement in edits],
            "safe": safe,
        })
    return trusted(Finding, {
        "code": code, "severity": severity, "path": path, "line": line, "column": column, "end_line": end_line,
        "end_column": end_column, "message": message, "fix": fix,
    })
