"""The markdown format: a pull-request comment with the verdict, a summary by rule and the findings.

Cells escape `|`, newlines and HTML (`&`, `<`, `>`), so a message cannot break the table or inject
markup; the findings table stops after `max_rows` rows with an "and M more" line.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from mops.lint.formatters._common import SEVERITIES_WORST_FIRST, ordered, plural, totals
from mops.models.lint import LintReport
from mops.models.severity import Severity

MAX_ROWS = 50
_RANK = {s: i for i, s in enumerate(SEVERITIES_WORST_FIRST)}


def cell(value: str) -> str:
    """Text made safe for one cell of a GitHub-flavoured Markdown table."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    return "<br>".join(escaped.splitlines())


def heading(report: LintReport) -> str:
    t = totals(report)
    if t.total == 0:
        return f"## ✅ mops lint: no problems found in {plural(t.files_checked, 'file')}"
    mark = "❌" if t.errors else "⚠️"
    return f"## {mark} mops lint: {t.counts_phrase()} in {plural(t.files_with_findings, 'file')} ({t.files_checked} checked)"


def render(report: LintReport, stream: TextIO, *, max_rows: int = MAX_ROWS) -> None:
    lines = [heading(report), ""]
    lines += [f"> **Note:** {note.message}\n" for note in report.notes]  # run-level, once each
    findings = ordered(report.findings)
    if not findings:
        stream.write("\n".join(lines))
        return
    t = totals(report)
    if t.fixable:
        lines += [f"{t.fixable} of them can be fixed with `mops lint --fix`.", ""]

    counts = Counter(f.code for f in findings)
    worst: dict[str, Severity] = {}
    for f in findings:
        if f.code not in worst or _RANK[f.severity] < _RANK[worst[f.code]]:
            worst[f.code] = f.severity
    lines += ["| Code | Name | Count | Severity |", "| --- | --- | ---: | --- |"]
    for code in sorted(counts, key=lambda c: (_RANK[worst[c]], -counts[c], c)):
        info = report.rule(code)
        name = info.name if info else ""
        lines.append(f"| {cell(code)} | {cell(name)} | {counts[code]} | {worst[code].value} |")

    lines += ["", "| Location | Code | Message |", "| --- | --- | --- |"]
    for f in findings[:max_rows]:
        lines.append(f"| {cell(f'{f.path}:{f.line}')} | {cell(f.code)} | {cell(f.message)} |")
    hidden = len(findings) - max_rows
    if hidden > 0:
        lines += ["", f"…and {hidden} more (run `mops lint` locally for the full list)."]
    stream.write("\n".join(lines) + "\n")
