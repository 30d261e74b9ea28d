"""Paths a client names, confined to the workspace: no `..`, nothing that resolves (through a
symlink) outside the workspace's root. A refusal is a UsageError, which the server returns as a
tool error."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from mops.errors import UsageError


def inside(ws: Any, given: str) -> Path:
    """The file or folder `given` names (relative to the workspace root, or absolute inside it)."""
    if not given or not given.strip():
        raise UsageError("empty path", hint="give a path relative to the workspace, e.g. copy/launch.md")
    if "\x00" in given:
        raise UsageError("a path cannot hold a NUL character")
    parts = set(PurePosixPath(given).parts) | set(PureWindowsPath(given).parts)
    if ".." in parts:
        raise UsageError(f"{given}: the path leaves the workspace ('..' is not allowed)",
                         hint="give a path relative to the workspace root, without '..'")
    root = ws.root.resolve()
    path = Path(given)
    target = (path if path.is_absolute() else root / path).resolve()
    if not target.is_relative_to(root):
        raise UsageError(f"{given}: the path is outside the workspace ({root})",
                         hint="the MCP server only reads files inside its workspace; a symlink out of it is refused too")
    return target
