"""Which files a lint reads, and which rules and channel apply to each (mops.yaml's lint settings,
per-path overrides, and the command line's --select/--ignore)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mops.errors import InputError, MultipleErrors, UsageError
from mops.lint.globs import matches
from mops.lint.rules import unknown_selectors

SKIPPED_FOLDERS = (".git", ".mops", "node_modules", "__pycache__")

# files mops cannot read as text, by extension: what they are, and whether a folder walk that meets
# one fails (a workbook is where bulk ad sheets live: copy and links nobody checked) or notes it
_WORKBOOKS = {".xlsx": "an Excel workbook", ".xlsm": "an Excel workbook", ".xls": "an Excel workbook",
              ".ods": "an OpenDocument spreadsheet", ".numbers": "a Numbers spreadsheet"}
_DOCUMENTS = {".docx": "a Word document", ".doc": "a Word document", ".odt": "an OpenDocument text",
              ".pages": "a Pages document", ".pdf": "a PDF", ".rtf": "a rich-text document",
              ".pptx": "a PowerPoint deck", ".key": "a Keynote deck"}
# text files mops reads under extensions the default lint.include may not name: a walk matches
# their names without regard to case (`AD.HTML`, `copy.Md`)
_EXPORT_HINT = {
    True: "export each sheet as CSV UTF-8 (Excel: File > Save As > CSV UTF-8) and lint the CSV, or add it to lint.exclude in mops.yaml",
    False: "export it as text (Markdown, HTML or plain text) and lint that, or add it to lint.exclude in mops.yaml",
}


def unreadable_type(path: str) -> tuple[str, str] | None:
    """(what the file is, what to do) for a workbook or document mops cannot read, by its
    extension; None for anything else."""
    ext = _extension(path)
    if ext in _WORKBOOKS:
        return _WORKBOOKS[ext], _EXPORT_HINT[True]
    if ext in _DOCUMENTS:
        return _DOCUMENTS[ext], _EXPORT_HINT[False]
    return None


def _extension(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def collect_files(ws: Any, paths: list[Path], skipped: dict[str, int] | None = None) -> list[Path]:
    """Files to lint: explicit files as given, folders walked with the include/exclude globs.

    A lint never passes on what it did not read: a path it cannot read (a folder it cannot list, a
    broken or looping symbolic link, a FIFO, socket or device where a file to lint would be) raises
    `InputError` naming it, unless mops.yaml's `lint.exclude` excludes it. Symbolic links to folders
    are followed, each real folder walked once (so a link back to a parent ends there).

    A walk matches `lint.include` without regard to the case of the extension (`AD.HTML`). Files
    it leaves out for their type are counted by extension in `skipped` (the run notes them once); a
    spreadsheet (.xlsx, .ods...) it meets is an `InputError`, unless `lint.exclude` excludes it:
    bulk ad sheets live there, and mops reads their CSV export."""
    settings = ws.config.lint
    base = ws.root or Path.cwd()
    chosen: list[Path] = []
    errors: list[InputError] = []  # every path that cannot be read, not only the first
    for given in paths or [base]:
        try:
            _collect(ws, given, settings, chosen, errors, skipped)
        except InputError as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise MultipleErrors(errors)
    seen: set[Path] = set()
    unique = []
    for file in chosen:
        key = file.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(file)
    return unique


def _collect(ws: Any, given: Path, settings: Any, chosen: list[Path], errors: list[InputError], skipped: dict[str, int] | None) -> None:
    """Add the files `given` names (itself, or those a walk of it finds) to `chosen`."""
    try:
        given.stat()
    except FileNotFoundError:
        pass
    except OSError as exc:  # a folder on the way that cannot be searched, a link loop
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(given), hint=_UNREADABLE_HINT) from None
    if not given.exists():
        if given.is_symlink():
            raise InputError(f"cannot read: broken symbolic link to {os.readlink(given)}", path=str(given), hint="fix or remove the link; mops lint never passes on a file it cannot read")
        raise InputError("no such file or folder", path=str(given), hint="check the path; mops lint never passes on a missing file")
    if given.is_file():
        try:
            given.open("rb").close()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=str(given), hint=_UNREADABLE_HINT) from None
        chosen.append(given)
        return
    if not given.is_dir():
        raise InputError(f"not a file or folder ({_kind_of(given)})", path=str(given), hint="name a regular file or a folder")
    # a folder named on the command line is linted even if mops.yaml excludes it (`mops lint dirty/`);
    # the other exclusions still apply inside it
    probe = ws.relative(given / "_")
    exclude = [p for p in settings.exclude if not matches(probe, [p])]
    # approval records are signed data mops writes (signer emails, base64 signatures), never copy:
    # not walked whatever lint.exclude says, so a workspace's first approval cannot fail its lint
    exclude.append(f"{ws.config.paths.approvals.rstrip('/')}/records/**")
    chosen.extend(_walk(ws, given, exclude, [*settings.include, *settings.assets], skipped, errors))


_UNREADABLE_HINT = "fix its permissions or the link, or add it to lint.exclude in mops.yaml; mops lint never passes on what it did not read"


def _walk(ws: Any, top: Path, exclude: list[str], wanted: list[str], skipped: dict[str, int] | None = None, errors: list[InputError] | None = None) -> list[Path]:
    """The files under `top` that `wanted` matches and `exclude` does not, in path order (a
    folder's files, then its subfolders). What cannot be read is added to `errors` (raised when
    None). One exclusion for folders and files, readable or not: a folder that a pattern naming it
    (`copy/secret`, `**/private`, `secret/**`) matches is not walked, so nothing in it is read or
    reported; a file `exclude` matches is not read."""
    import stat

    def excluded(rel: str) -> bool:
        # a folder is excluded when what it holds is ('dirty/**' excludes 'dirty/_')
        return matches(rel, exclude) or matches(rel + "/_", exclude)

    def everything_excluded(rel: str) -> bool:
        # 'exports/**' excludes all a folder holds, at any depth: not walked at all (nor the links
        # in it followed); 'drafts/*' excludes only its files, and its subfolders are walked
        return matches(rel + "/_", exclude) and matches(rel + "/_/_", exclude)

    # a pattern whose last part names something (`copy/secret`, `**/private`), not `drafts/*`:
    # a folder it matches is excluded with all it holds, readable or not
    named = [p for p in exclude if not any(c in p.rstrip("/").rsplit("/", 1)[-1] for c in "*?[")]

    def pruned(rel: str) -> bool:
        return everything_excluded(rel) or matches(rel, named)

    def fail(error: InputError) -> None:
        if errors is None:
            raise error
        errors.append(error)

    chosen: list[Path] = []
    walked: set[str] = set()  # real paths of the folders walked: each once, so link loops end
    pending = [top]
    while pending:
        folder = pending.pop()
        real = os.path.realpath(folder)
        if real in walked:
            continue
        walked.add(real)
        try:
            with os.scandir(folder) as entries:
                listing = sorted((entry.name, entry) for entry in entries)
        except OSError as exc:
            fail(InputError(f"cannot read folder: {exc.strerror or exc}", path=_lexical(ws, folder), hint=_UNREADABLE_HINT))
            continue
        subfolders = []
        for name, entry in listing:
            path = folder / name
            try:
                mode = entry.stat().st_mode  # follows symbolic links
            except OSError as exc:
                rel = _lexical(ws, path)
                if excluded(rel) or pruned(rel) or name in SKIPPED_FOLDERS:
                    continue
                why = exc.strerror or str(exc)
                if entry.is_symlink():
                    why = f"symbolic link to {os.readlink(path)}: {why}"
                fail(InputError(f"cannot read: {why}", path=rel, hint=_UNREADABLE_HINT))
                continue
            if stat.S_ISDIR(mode):
                if name not in SKIPPED_FOLDERS and not pruned(_lexical(ws, path)):
                    subfolders.append(path)
                continue
            rel = ws.relative(path)
            if matches(rel, exclude):
                continue
            if not matches(rel, wanted):
                ext = _extension(rel)
                if ext and ext != rel[-len(ext):] and matches(rel[: -len(ext)] + ext, wanted):
                    pass  # `AD.HTML`: lint.include names `*.html`
                elif ext in _WORKBOOKS:
                    fail(InputError(f"{_WORKBOOKS[ext]}: mops reads text, not workbooks", path=rel, hint=_EXPORT_HINT[True]))
                    continue
                else:
                    # a file without an extension (LICENSE, allowed_signers) is no type of copy
                    if skipped is not None and ext and stat.S_ISREG(mode) and not name.startswith("."):
                        skipped[ext] = skipped.get(ext, 0) + 1
                    continue
            if not stat.S_ISREG(mode):
                fail(InputError(f"not a regular file ({_kind_of(path)})", path=rel, hint=_UNREADABLE_HINT))
            elif not os.access(path, os.R_OK):
                fail(InputError("cannot read: Permission denied", path=rel, hint=_UNREADABLE_HINT))
            else:
                chosen.append(path)
        pending.extend(reversed(subfolders))
    return chosen


def _lexical(ws: Any, path: Path) -> str:
    """How an error names `path`: relative to the workspace through its folder, without following
    `path` itself (a broken or looping link has no target to name)."""
    folder = ws.relative(path.parent)
    return path.name if folder in ("", ".") else f"{folder}/{path.name}"


def _kind_of(path: Path) -> str:
    import stat

    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return exc.strerror or "unreadable"
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


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




def skipped_notice(skipped: dict[str, int]) -> str:
    """The run's note on the files a walk left out for their type (see collect_files)."""
    total = sum(skipped.values())
    kinds = ", ".join(f"{count} {ext}" for ext, count in sorted(skipped.items(), key=lambda item: (-item[1], item[0])))
    return (
        f"{total} file(s) not linted for their type ({kinds}): add a glob to lint.include in mops.yaml "
        "to lint text files of a type (e.g. '**/*.mdx'), or to lint.exclude to silence this"
    )
