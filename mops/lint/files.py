"""Which files a lint reads, and which rules and channel apply to each (mops.yaml's lint settings,
per-path overrides, and the command line's --select/--ignore)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mops.errors import InputError, UsageError
from mops.lint.globs import matches
from mops.lint.rules import unknown_selectors

SKIPPED_FOLDERS = (".git", ".mops", "node_modules", "__pycache__")


def collect_files(ws: Any, paths: list[Path]) -> list[Path]:
    """Files to lint: explicit files as given, folders walked with the include/exclude globs."""
    settings = ws.config.lint
    base = ws.root or Path.cwd()
    chosen: list[Path] = []
    for given in paths or [base]:
        if not given.exists():
            raise InputError("no such file or folder", path=str(given), hint="check the path; mops lint never passes on a missing file")
        if given.is_file():
            chosen.append(given)
            continue
        # a folder named on the command line is linted even if mops.yaml excludes it (`mops lint dirty/`);
        # the other exclusions still apply inside it
        probe = ws.relative(given / "_")
        exclude = [p for p in settings.exclude if not matches(probe, [p])]
        for folder, dirnames, filenames in os.walk(given):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_FOLDERS)
            for name in sorted(filenames):
                file = Path(folder) / name
                rel = ws.relative(file)
                if matches(rel, exclude):
                    continue
                if matches(rel, settings.include) or matches(rel, settings.assets):
                    chosen.append(file)
    seen: set[Path] = set()
    unique = []
    for file in chosen:
        key = file.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(file)
    return unique


class FileSettings:
    """The rules and channel for each path: mops.yaml, then per-path overrides (later win), with
    the command line's --select replacing and --ignore adding to mops.yaml's."""

    def __init__(self, ws: Any, select: list[str] | None, ignore: list[str]) -> None:
        config = ws.config.lint
        self.select = select if select is not None else config.select
        self.ignore = list(config.ignore) + list(ignore)
        for selectors in (self.select, self.ignore):
            unknown = unknown_selectors(selectors)
            if unknown:
                raise UsageError(f"unknown rule code or prefix: {', '.join(unknown)}", hint="`mops rules` lists every code")
        self.overrides = config.per_path

    def for_path(self, rel: str) -> tuple[list[str], list[str], str | None]:
        select, ignore, channel = self.select, list(self.ignore), None
        for override in self.overrides:  # later entries win
            if matches(rel, override.paths):
                if override.select is not None:
                    select = override.select
                ignore = ignore + override.ignore
                channel = override.channel or channel
        return select, ignore, channel


