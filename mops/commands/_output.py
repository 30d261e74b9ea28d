"""How commands print: results on stdout, diagnostics on stderr, rich only on a terminal without NO_COLOR.

The one module that knows how things look: domain code says what a piece of text is (mops.styled)
and this module maps each style name to rich's and draws it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mops.models.lint import LintReport
    from mops.styled import StyledLine

# How each style name of mops.styled looks on a terminal.
RICH_STYLES = {
    "": None, "error": "bold red", "warning": "yellow", "info": "blue", "path": "bold underline", "code": "cyan",
    "label": "bold", "summary": "bold", "dim": "dim", "fixable": "green", "suggestion": "magenta",
}


class TableFormat(str, Enum):
    text = "text"
    json = "json"


def use_rich(stream: IO[str] | None = None) -> bool:
    """Rich output only for a person at a terminal who has not asked for no colour."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """A transient rich progress bar on stderr, for a person at a terminal: silent when stderr is
    piped, and for runs of fewer than `at_least` items. Call it as work is done; `close()` at the end."""

    def __init__(self, label: str, at_least: int = 1) -> None:
        self.label = label
        self.at_least = at_least
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int, item: str | None = None) -> None:
        """`done` of `total` items are finished; `item` names the one in hand."""
        if total < self.at_least:
            return
        if self._progress is None:
            if not use_rich(sys.stderr):
                return
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=total)
        self._progress.update(self._task, completed=done, description=f"{self.label} {item}" if item else self.label)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def print_json(data: Any) -> None:
    """Machine output: JSON on stdout, nothing else."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def note(message: str) -> None:
    """A diagnostic for people, on stderr."""
    sys.stderr.write(message.rstrip("\n") + "\n")


def write_styled(lines: Iterable[StyledLine], stream: IO[str], *, color: bool) -> None:
    """Styled lines (mops.styled) on `stream`: in colour when `color`, else their plain text."""
    if not color:
        from mops.styled import plain_text

        stream.write(plain_text(lines))
        return
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
            text.append(piece, style=RICH_STYLES[style])
        console.print(text)


def print_styled(lines: Iterable[StyledLine]) -> None:
    """Styled lines on stdout: in colour for a person at a terminal, plain text otherwise."""
    write_styled(lines, sys.stdout, color=use_rich(sys.stdout))


def print_report(report: LintReport, fmt: str, source: Any = None, output_file: Path | None = None) -> None:
    """A lint report (`mops lint`, `mops brief check`, `mops utm check`) in `fmt`: on stdout, or
    written whole to `output_file`. `source` reads a file's text by its report path (SARIF's
    fingerprints). In the text format on a terminal, the lines are drawn in colour and a PII
    finding shows a masked form of what it points at; nothing kept (a file, a pipe) quotes it."""
    from mops.lint.formatters import render

    if output_file is not None:
        import io

        from mops.fsutil import atomic_write_text

        buffer = io.StringIO()
        render(report, fmt, buffer, source=source)
        atomic_write_text(output_file, buffer.getvalue())
    elif fmt == "text" and use_rich(sys.stdout):
        from mops.lint.formatters.text import styled_lines

        write_styled(styled_lines(report, source), sys.stdout, color=True)
    else:
        render(report, fmt, sys.stdout, source=source)


def print_table(
    title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: TableFormat = TableFormat.text,
    styles: Sequence[str] | None = None,
) -> None:
    """A table: rich on a terminal, aligned plain text when piped, a list of objects with --format json.
    `styles` gives each row's style name (mops.styled), for a terminal."""
    if fmt == TableFormat.json:
        print_json([dict(zip(columns, row)) for row in rows])
        return
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    if use_rich():
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title)
        for column in columns:
            table.add_column(column)
        for i, row in enumerate(cells):
            table.add_row(*row, style=RICH_STYLES[styles[i]] if styles else None)
        Console().print(table)
        return
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out = sys.stdout
    if title:
        out.write(f"{title}\n")
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
    for row in cells:
        out.write("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() + "\n")
