"""The text format, for people: findings grouped by file, then one summary line.

    copy/spring.md
      3:14  ERROR    COPY001  "cheap" is off-brand; use "affordable"  (fix available)

    1 error in 1 file (12 checked); 1 fixable with --fix
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import TextIO

from mops.lint.formatters._common import has_safe_fix, ordered, summary_line
from mops.lint.report import LintReport
from mops.models.results import Finding, Severity

_SEVERITY_WIDTH = max(len(s.value) for s in Severity)
_SEVERITY_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "blue"}


def marker(finding: Finding) -> str | None:
    """'fix available' when --fix would apply it, 'suggestion' for a fix a person must judge."""
    if finding.fix is None:
        return None
    return "fix available" if has_safe_fix(finding) else "suggestion"


def render(
    report: LintReport, stream: TextIO, *, color: bool = False, source: Callable[[str], str | None] | None = None
) -> None:
    """`color` is for a terminal: there, with `source`, a PII finding shows a masked form of what it
    points at ("j•••@g•••.com"); output that may be kept (a file, a pipe, CI) never quotes it."""
    findings = ordered(report.findings)
    masked = _Masker(source) if color and source is not None else None
    loc_width = max((len(f"{f.line}:{f.column}") for f in findings), default=0)
    code_width = max((len(f.code) for f in findings), default=0)
    # Each line is a list of (text, rich style) pieces; plain output just joins the text.
    lines: list[list[tuple[str, str]]] = []
    for path, group in groupby(findings, key=lambda f: f.path):
        lines.append([(path, "bold underline")])
        for f in group:
            pieces = [
                ("  " + f"{f.line}:{f.column}".ljust(loc_width), "dim"),
                ("  ", ""),
                (f.severity.value.upper().ljust(_SEVERITY_WIDTH), _SEVERITY_STYLE[f.severity]),
                ("  ", ""),
                (f.code.ljust(code_width), "cyan"),
                ("  ", ""),
                (_indent_continuation(f.message, indent=2 + loc_width + 2 + _SEVERITY_WIDTH + 2 + code_width + 2), ""),
            ]
            shown = masked.of(f) if masked is not None else None
            if shown:
                pieces.append((f"  [{shown}]", "dim"))
            mark = marker(f)
            if mark:
                pieces.append((f"  ({mark})", "green" if mark == "fix available" else "magenta"))
            lines.append(pieces)
        lines.append([])
    lines.append([(summary_line(report), "bold")])
    for note in report.notes:  # run-level notes, once each (e.g. the files that had no channel)
        lines.append([("note: ", "blue"), (note.message, "")])
    if color:
        _write_rich(lines, stream)
    else:
        stream.write("".join("".join(text for text, _ in line) + "\n" for line in lines))


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


def _indent_continuation(message: str, indent: int) -> str:
    """Keep a multi-line message under its own column instead of back at the margin."""
    return ("\n" + " " * indent).join(message.splitlines() or [""])


def _write_rich(lines: list[list[tuple[str, str]]], stream: TextIO) -> None:
    from rich.console import Console
    from rich.text import Text

    # The caller already decided colour is wanted, so rich must not second-guess it from the
    # stream or from NO_COLOR; Text (not markup) keeps '[' in messages literal.
    console = Console(
        file=stream, force_terminal=True, no_color=False, color_system="standard", highlight=False, soft_wrap=True,
    )
    for line in lines:
        text = Text()
        for piece, style in line:
            text.append(piece, style=style or None)
        console.print(text)
