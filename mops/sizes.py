"""Sizes as people write them (`50MB`, `1.5 GB`, `200MiB`): lint.max_file_size in mops.yaml and
`mops lint --max-file-size`. A module of its own: the lint reads sizes without importing the
config model (and pydantic)."""

from __future__ import annotations

import re

from mops import regexcache

_SIZE = regexcache.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)\s*$", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9, "t": 10**12, "tb": 10**12,
               "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


def parse_size(text: str | int) -> int:
    """Bytes in a size such as `50MB`, `1.5 GB`, `200MiB` or `1000000` (MB = 1,000,000 bytes). Raises ValueError."""
    if isinstance(text, int) and not isinstance(text, bool):
        if text <= 0:
            raise ValueError("a size must be positive")
        return text
    match = _SIZE.match(str(text))
    unit = match[2].lower() if match else ""
    if match is None or unit not in _SIZE_UNITS:
        raise ValueError(f"{text!r} is not a size such as 50MB, 200MB or 1GB")
    size = int(float(match[1]) * _SIZE_UNITS[unit])
    if size <= 0:
        raise ValueError("a size must be positive")
    return size
