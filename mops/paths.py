"""How paths are shown to people."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path) -> str:
    """A path as people want to read it: relative to the current directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
