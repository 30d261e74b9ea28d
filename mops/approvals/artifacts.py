"""Which files need approval, and how a path a user gives becomes a workspace path.

One place for both, used by `mops approve` and by verify, queue and stats: a path is taken as
written (never through a symbolic link, which would let a link stand for the file it points at),
and must lie inside the workspace."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mops.errors import InputError
from mops.lint.globs import matches


def artifact_globs(config: Any) -> list[str]:
    """Which files need approval: `approvals.artifacts`, else briefs, plans, proposals and copy."""
    if config.approvals.artifacts is not None:
        return list(config.approvals.artifacts)
    paths = config.paths
    return [f"{paths.briefs}/**/*.md", f"{paths.briefs}/**/*.markdown", f"{paths.plans}/**/*.yaml", f"{paths.plans}/**/*.yml",
            f"{paths.proposals}/**/*.yaml", f"{paths.proposals}/**/*.yml", "copy/**"]


def workspace_relative(ws: Any, given: Path) -> str:
    """The workspace path of what the user named, taken lexically; InputError when it is outside."""
    absolute = Path(os.path.abspath(given))
    try:
        return absolute.relative_to(ws.root.resolve()).as_posix()
    except ValueError:
        raise InputError("outside the workspace: only the workspace's own files have approvals", path=str(given)) from None


def _static_prefix(glob: str) -> str:
    """The folder part of a glob before its first wildcard: `copy/**` -> `copy/`, `**/*.md` -> ``."""
    cut = min((glob.index(c) for c in "*?[" if c in glob), default=len(glob))
    return glob[:cut].rpartition("/")[0] + "/" if "/" in glob[:cut] else ""


def could_hold_artifacts(folder: str, globs: list[str]) -> bool:
    """Whether files under `folder` could match any of the globs (a symlinked or submodule folder
    there would hide artifacts from a walk)."""
    folder = folder.rstrip("/") + "/"
    return any(folder.startswith(p) or p.startswith(folder) for p in map(_static_prefix, globs))


def workspace_artifacts(ws: Any, config: Any) -> list[str]:
    """Every file of the working tree that needs approval under `config`'s artifact globs, and every
    symbolic link or nested repository where one could be (reported, never followed)."""
    globs = artifact_globs(config)
    approvals = config.paths.approvals.rstrip("/")
    state = config.paths.state.rstrip("/")
    found = []
    root = ws.root
    for current, dirs, files in os.walk(root):
        base = Path(current).relative_to(root).as_posix()
        kept = []
        for d in sorted(dirs):
            relative = d if base == "." else f"{base}/{d}"
            if d == ".git" or relative in (approvals, state):
                continue
            full = os.path.join(current, d)
            if os.path.islink(full) or os.path.exists(os.path.join(full, ".git")):
                if matches(relative, globs) or could_hold_artifacts(relative, globs):
                    found.append(relative)  # judged as not a file: never walked through
                continue
            kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            relative = name if base == "." else f"{base}/{name}"
            if matches(relative, globs):
                found.append(relative)
    return sorted(found)
