"""How commands print: results on stdout, diagnostics on stderr, rich only on a terminal without NO_COLOR."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from enum import Enum
from typing import IO, Any


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


def print_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: TableFormat = TableFormat.text) -> None:
    """A table: rich on a terminal, aligned plain text when piped, a list of objects with --format json."""
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
        for row in cells:
            table.add_row(*row)
        Console().print(table)
        return
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out = sys.stdout
    if title:
        out.write(f"{title}\n")
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
    for row in cells:
        out.write("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() + "\n")
