"""The github format: one GitHub Actions workflow command per finding, which the runner turns
into an annotation on the pull request's diff.

    ::error file=copy/a.md,line=3,col=14,endLine=3,endColumn=19,title=COPY001::"cheap" is off-brand

Escaping follows the runner (actions/toolkit `command.ts`): the message escapes `%`, CR and LF;
property values also escape `:` and `,`, which would otherwise end the value.
"""

from __future__ import annotations

from typing import TextIO

from mops.lint.formatters._common import ordered
from mops.models.lint import LintReport
from mops.models.results import Finding, Severity

COMMAND = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    props = [("file", finding.path.replace("\\", "/")), ("line", str(finding.line)), ("col", str(finding.column))]
    if finding.end_line is not None:
        props.append(("endLine", str(finding.end_line)))
    if finding.end_column is not None:
        props.append(("endColumn", str(finding.end_column)))
    props.append(("title", finding.code))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMAND[finding.severity]} {joined}::{escape_data(finding.message)}"


def render(report: LintReport, stream: TextIO) -> None:
    for finding in ordered(report.findings):
        stream.write(command(finding) + "\n")
    for note in report.notes:  # once for the run, not on a file
        stream.write(f"::notice title=mops {escape_property(note.id)}::{escape_data(note.message)}\n")
    for error in report.errors:  # the run stopped (exit 2): say why, on the file when there is one
        where = f"file={escape_property(error.path)}," if error.path else ""
        if error.path and error.line:
            where += f"line={error.line},"
        text = error.message + (f" ({error.hint})" if error.hint else "")
        stream.write(f"::error {where}title=mops::{escape_data(text)}\n")
