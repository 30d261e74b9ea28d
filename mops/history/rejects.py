"""The rejects file of an import: every row not imported, as CSV (file, line, reason), written whole or not at all."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mops.fsutil import atomic_write_text
from mops.models.history import Reject


def default_rejects_file(ws: Any) -> Path:
    """`.mops/rejects/last-import.csv` in the workspace state folder (the current folder's `.mops/` outside one)."""
    return (ws.state_dir or Path.cwd() / ".mops") / "rejects" / "last-import.csv"


def write_rejects(target: Path, rejects: Sequence[Reject]) -> None:
    """Replace `target` with the rejected rows under a `file,line,reason` header (its folder made if need be)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "line", "reason"])
    writer.writerows([r.path, r.line, r.reason] for r in rejects)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, buffer.getvalue())
