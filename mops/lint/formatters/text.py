"""The text format, for people: findings grouped by file, then one summary line.

    copy/spring.md
      3:14  ERROR    COPY001  "cheap" is off-brand; use "affordable"  (fix available)

    1 error in 1 file (12 checked); 1 fixable with --fix

`styled_lines` says what each part of a line is (a path, a severity, a code: mops.styled); the
command draws them in colour on a terminal, and `render` writes their plain text everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from mops.lint.formatters._common import has_safe_fix, ordered, summary_line
from mops.models.severity import Severity
from mops.styled import Piece, plain_text

if TYPE_CHECKING:  # reports are read by field: a plain one (mops.models.plain) needs no pydantic
    from mops.models.lint import LintReport
    from mops.models.results import Finding

_SEVERITY_WIDTH = max(len(s.value) for s in Severity)
# the pieces every line shares are made once; a big run prints one line per finding
_SEVERITY = {s: Piece(s.value.upper().ljust(_SEVERITY_WIDTH), s.value) for s in Severity}
_GAP = Piece("  ")
_MARKS = {"fix available": Piece("  (fix available)", "fixable"), "suggestion": Piece("  (suggestion)", "suggestion")}
_NOTE = Piece("note: ", "info")
# tuple.__new__ skips a NamedTuple's Python-level __new__: three pieces are made per finding
_piece = tuple.__new__


def marker(finding: Finding) -> str | None:
    """'fix available' when --fix would apply it, 'suggestion' for a fix a person must judge."""
    if finding.fix is None:
        return None
    return "fix available" if has_safe_fix(finding) else "suggestion"


def render(report: LintReport, stream: TextIO) -> None:
    """The report as plain text: what a file, a pipe or CI keeps, so it never quotes personal data."""
    stream.write(plain_text(styled_lines(report)))


def styled_lines(report: LintReport, source: Callable[[str], str | None] | None = None) -> Iterator[list[Piece]]:
    """The report's lines as styled pieces. `source` (a file's text by its report path) is for a
    terminal only: with it, a PII finding shows a masked form of what it points at ("j•••@g•••.com").

    Made one at a time as they are written: a line's pieces are gone before the next is made, so
    a report of 86,000 findings never holds 600,000 pieces for the garbage collector to walk."""
    findings = ordered(report.findings)
    masked = _Masker(source) if source is not None else None
    loc_width = max((len(f"{f.line}:{f.column}") for f in findings), default=0)
    code_width = max((len(f.code) for f in findings), default=0)
    indent = "\n" + " " * (2 + loc_width + 2 + _SEVERITY_WIDTH + 2 + code_width + 2)
    for path, group in groupby(findings, key=lambda f: f.path):
        yield [Piece(path, "path")]
        for f in group:
            pieces = [
                _piece(Piece, ("  " + f"{f.line}:{f.column}".ljust(loc_width), "dim")),
                _GAP,
                _SEVERITY[f.severity],
                _GAP,
                _piece(Piece, (f.code.ljust(code_width), "code")),
                _GAP,
                # a multi-line message stays under its own column, not back at the margin
                _piece(Piece, (indent.join(f.message.splitlines()), "")),
            ]
            shown = masked.of(f) if masked is not None else None
            if shown:
                pieces.append(Piece(f"  [{shown}]", "dim"))
            mark = marker(f) if f.fix is not None else None
            if mark:
                pieces.append(_MARKS[mark])
            yield pieces
        yield []
    yield [Piece(summary_line(report), "summary")]
    for note in report.notes:  # run-level notes, once each (e.g. the files that had no channel)
        yield [_NOTE, Piece(note.message)]


class _Masker:
    """Masked forms of the values PII findings point at, each file read and split once."""

    def __init__(self, source: Callable[[str], str | None]) -> None:
        self._source = source
        self._lines: dict[str, list[str]] = {}

    def of(self, finding: Finding) -> str | None:
        from mops.pii import CODES, mask

        kind = next((k for k, code in CODES.items() if code == finding.code), None)
        if kind is None or finding.end_line not in (None, finding.line) or finding.end_column is None:
            return None
        lines = self._lines.get(finding.path)
        if lines is None:
            from mops.lint.lines import split_lines

            text = self._source(finding.path)
            lines = self._lines[finding.path] = split_lines(text) if text is not None else []
        if not 0 < finding.line <= len(lines):
            return None
        value = lines[finding.line - 1][finding.column - 1 : finding.end_column - 1]
        return mask(kind, value) if value.strip() else None
