"""Render a `LintReport` for people (text, markdown) or machines (json, sarif, github).

One report, many renderers: every format reads the same `LintReport` and writes to a stream, so the
lint command stays a thin wrapper and tests can render into a `StringIO`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from mops.errors import UsageError

if TYPE_CHECKING:
    from mops.models.lint import LintReport

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github", "markdown")


def render(
    report: LintReport | Any,
    fmt: str,
    stream: TextIO,
    *,
    source: Callable[[str], str | None] | None = None,
) -> None:
    """Write `report` to `stream` in format `fmt` (one of FORMATS), as plain text.

    `source` returns a file's text by its report path, or None; SARIF uses it to fingerprint
    findings by the content of their line. No format written here quotes personal data; on a
    terminal, the command draws the text format's styled lines (`text.styled_lines`) instead, with
    a masked form of the personal data a PII finding points at. `report` is a `LintReport` or
    its plain value (mops.models.plain).
    """
    # Each format is imported on demand: a run renders one, and `mops --help` pays for none.
    # The text and json formats read the report by field, a plain one (mops.models.plain) as it
    # is; the others serialise models, so a plain report is made the model it stands for.
    if fmt not in ("text", "json"):
        from mops.models.plain import model_of

        report = model_of(report)
    if fmt == "text":
        from mops.lint.formatters import text

        text.render(report, stream)
    elif fmt == "json":
        from mops.lint.formatters import json_report

        json_report.render(report, stream)
    elif fmt == "sarif":
        from mops.lint.formatters import sarif

        sarif.render(report, stream, source=source or _no_source)
    elif fmt == "github":
        from mops.lint.formatters import github

        github.render(report, stream)
    elif fmt == "markdown":
        from mops.lint.formatters import markdown

        markdown.render(report, stream)
    else:
        raise UsageError(f"unknown output format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")


def _no_source(path: str) -> str | None:
    return None
