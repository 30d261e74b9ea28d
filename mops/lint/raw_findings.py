"""Findings as the lint builds them: flat named tuples, made into pydantic `Finding`s once, at the end.

A lint of a legacy bulk sheet makes a finding per problem, tens of thousands of them, and forked
workers send theirs back through a pipe. A tuple is the cheapest record to build, sort and send;
named, it is read by field like the model it becomes. The records are flat, a finding's fix in
three fields of its own and edits as plain `(start, end, replacement)` tuples, because a record
nested in a record costs a Python call each to pickle: sent as plain rows (see
`runner.LintedFile.__reduce__`), a worker's findings cross the pipe at a tuple's cost.

`to_model` makes the model, in the process that reports (`to_plain` its plain value, for a report
that is read by field only: mops.models.plain); `--fix` reads the raw findings' edits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from mops.models.plain import plain
from mops.models.severity import Severity

if TYPE_CHECKING:
    from mops.models.results import Finding

TextEdit = tuple[int, int, str]  # (start, end, replacement): replace text[start:end]


class RawFinding(NamedTuple):
    """A `Finding`'s fields, in its order, its fix spread over the last three."""

    code: str
    severity: Severity
    path: str
    line: int
    column: int
    end_line: int | None
    end_column: int | None
    message: str
    fix_description: str | None  # None: no fix
    fix_edits: tuple[TextEdit, ...]  # of the document's text; () for a fix said in words only
    fix_safe: bool  # whether --fix applies it


class LinkFinding(NamedTuple):
    """A finding of a URL rule on one link, whatever link of the run it is on: offsets relative to
    the link's start. Identical links share these (the runner's memo); each occurrence becomes a
    `RawFinding` at its place, its `url_edits` mapped to edits of the text (mops.lint.fixes)."""

    code: str
    severity: Severity
    start: int
    end: int
    message: str
    fix_description: str | None
    url_edits: tuple[TextEdit, ...]  # edits of the URL as extracted
    edits: tuple[TextEdit, ...]  # edits of the document's text, as the rule gave them
    fix_safe: bool


def fix_fields(description: str | None, has_edits: bool, safe: bool) -> tuple[str | None, bool]:
    """(description, safe) of a finding's fix: with edits, described ("apply the fix" when the rule
    said nothing); without, a suggestion in words, never applied; neither: no fix (None)."""
    if has_edits:
        return description or "apply the fix", safe
    return description, False


FINDING, FIX, EDIT = "mops.models.results:Finding", "mops.models.results:Fix", "mops.models.results:Edit"


def to_model(raw: RawFinding) -> Finding:
    """The pydantic `Finding` of a raw finding."""
    return _finding(raw, _trusted)


def to_plain(raw: RawFinding) -> Any:
    """The plain value (mops.models.plain) of the `Finding` of a raw finding: read by field as the
    model is, made without importing pydantic."""
    return _finding(raw, plain)


def _finding(raw: RawFinding, make: Callable[[str, dict], Any]) -> Any:
    # unpacked, not read field by field: 10% of building the models of a run (86k findings)
    code, severity, path, line, column, end_line, end_column, message, fix_description, fix_edits, fix_safe = raw
    fix = None
    if fix_description is not None:
        fix = make(FIX, {
            "description": fix_description,
            "edits": [make(EDIT, {"start": start, "end": end, "replacement": replacement}) for start, end, replacement in fix_edits],
            "safe": fix_safe,
        })
    return make(FINDING, {
        "code": code, "severity": severity, "path": path, "line": line, "column": column, "end_line": end_line,
        "end_column": end_column, "message": message, "fix": fix,
    })


_classes: dict[str, type] = {}  # FINDING, FIX, EDIT -> the model class, imported on first use
_trust: Callable[[type, dict], Any]


# trusted(): findings are built from values of the right types, and validating tens of thousands
# of findings a run would cost more than linting the links
def _trusted(name: str, values: dict) -> Any:
    cls = _classes.get(name) or _model_class(name)
    return _trust(cls, values)


def _model_class(name: str) -> type:
    global _trust
    from mops.models import results
    from mops.models._base import trusted

    _trust = trusted
    cls = _classes[name] = getattr(results, name.rpartition(":")[2])
    return cls
