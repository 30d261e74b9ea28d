"""Atomic file writes: a failed run leaves every existing file as it was."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` through a temp file in the same directory, then rename over it.

    The rename is atomic on POSIX, so a reader sees either the old or the new file, never half.
    The file's permission bits are kept when it already exists.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_beside(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write several files all or none: each to a temp file beside it first, then every temp file
    renamed over its target; a failure while writing leaves every target as it was."""
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in files:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = _temp_beside(target)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o644)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Text flavour of `atomic_write_bytes`; newlines are written exactly as given."""
    atomic_write_bytes(path, text.encode(encoding))


@contextlib.contextmanager
def atomic_writer(path: str | Path) -> Iterator[TextIO]:
    """A text file to stream into beside `path`, that replaces `path` only when the writing ends
    without an error (then nothing is left behind). Newlines are written exactly as given."""
    target = Path(path)
    fd, tmp = _temp_beside(target)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _temp_beside(target: Path) -> tuple[int, str]:
    """A new file beside `target`, open for writing and readable by this user only, as
    `tempfile.mkstemp` makes it (the flags are its flags): `tempfile` is not imported for this, its
    own imports (shutil, random...) cost every `mops lint -o FILE` about 4 ms of start-up."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        # eight random characters, as mkstemp's: a longer name would refuse targets whose own name
        # is a few characters short of the file system's limit (255 bytes), which mkstemp took
        name = os.path.join(target.parent, f".{target.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    import errno

    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(target.parent))


class NotARegularFile(ValueError):
    """What lies at a path is not a regular file (a symbolic link, a folder, a device...)."""


def read_regular_file(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, never read through a symbolic link, at most `limit` + 1 bytes
    (a caller compares the length with its limit). Raises NotARegularFile naming what lies there,
    OSError when it cannot be read. A device or FIFO is never read: /dev/zero would never end."""
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise NotARegularFile("a symbolic link") from None
        raise exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket"
            raise NotARegularFile(kind)
        chunks = []
        remaining = None if limit is None else limit + 1
        while remaining is None or remaining > 0:
            chunk = os.read(fd, 1 << 20 if remaining is None else min(1 << 20, remaining))
            if not chunk:
                break
            chunks.append(chunk)
            if remaining is not None:
                remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
