"""Derived data kept between runs in the user's cache folder (`$XDG_CACHE_HOME/mops`, else
`~/.cache/mops`): what costs more to rebuild than to read (Faker's name lists, the GA4 source
list parsed from YAML), keyed by the identity of the file it comes from and the mops version, so a
changed source is never answered from a stale copy. A cache that cannot be written is no error."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mops import __version__
from mops.sha import sha256


def cache_dir() -> Path:
    return _cache_dir(os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))


@functools.lru_cache(maxsize=4)
def _cache_dir(xdg_cache_home: str | None, home: str | None) -> Path:
    # by the environment it is read from (tests change it); a one-file lint asks ~30 times
    return Path(xdg_cache_home or Path.home() / ".cache") / "mops"


def cached_json(kind: str, source: Path, build: Callable[[], Any], *, extra: str = "") -> Any:
    """`build()` (a JSON-serialisable value) once per version of `source`, then read from the cache."""
    try:
        stat = source.stat()
    except OSError:
        return build()
    identity = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{__version__}|{extra}"
    path = cache_dir() / f"{kind}-{sha256(identity.encode()).hexdigest()[:16]}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = build()
    try:
        from mops.fsutil import atomic_write_text

        atomic_write_text(path, json.dumps(value, ensure_ascii=False))
    except OSError:
        pass
    return value
