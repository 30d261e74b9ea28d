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
