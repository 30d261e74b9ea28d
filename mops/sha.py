"""SHA-256 without loading OpenSSL: the digests of hashlib.sha256, for what a one-file lint hashes
(cache keys, finding fingerprints).

Importing hashlib loads OpenSSL's libcrypto (`_hashlib`), 4-8 ms of a one-file `mops lint`
(benchmarks/startup.py), to hash a few small files. CPython's own SHA-256 (`_sha256`, the one
hashlib falls back to without OpenSSL) gives the same digests and loads in half a millisecond.
"""

from __future__ import annotations

from typing import Any


def sha256(data: bytes = b"") -> Any:
    """A SHA-256 hash object of `data`, as `hashlib.sha256(data)` makes."""
    try:
        from _sha256 import sha256 as made
    except ImportError:  # an interpreter without it (3.12 calls it _sha2): hashlib's
        from hashlib import sha256 as made
    return made(data)
