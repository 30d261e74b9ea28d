"""`re.compile` whose work is kept between runs, in the user's cache.

Compiling a pattern is pure Python (the parser and code generator of `re`) and costs 0.1-1 ms; a
one-file `mops lint` compiles about 120 of them, most never used, a sixth of its start-up. What
compiling produces is a list of integers for the C matcher (`_sre`), which depends only on the
pattern, its flags and the interpreter. This module keeps those lists in the user's cache (never a
workspace's: see `mops.usercache`) and builds the pattern from them with `_sre.compile`, as `re`
itself does last. The result is the very pattern `re.compile` makes (a `re.Pattern`; patterns
compare equal when their code is), so nothing else changes.

A stale entry can never be read: an entry is found by its exact pattern and flags, in a file named
by the interpreter's version and the `re` engine's identity (its magic number, code size, and the
size and time of the compiler's own source). An entry is stored only after the pattern built from
it compared equal to `re.compile`'s, and a file or entry that cannot be read or built is ignored:
the pattern is compiled the ordinary way. `save()` writes what this process compiled anew; the
CLI calls it when a command ends.
"""

from __future__ import annotations

import re
import sys

_entries: dict[tuple[str, int], tuple] | None = None  # (pattern, flags) -> what _sre.compile takes
_made: dict[tuple[str, int], re.Pattern[str]] = {}  # patterns built in this process
_new = False  # whether this process compiled a pattern the cache did not hold
_MAX_ENTRIES = 4000  # beyond this, a save keeps only this process's patterns


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's name, on purpose
    """`re.compile(pattern, flags)`, from the user's cache when it holds this pattern."""
    key = (pattern, int(flags))
    made = _made.get(key)
    if made is not None:
        return made
    entries = _entries if _entries is not None else _load()
    entry = entries.get(key)
    if entry is not None:
        try:
            import _sre

            made = _sre.compile(pattern, *entry)
        except Exception:  # noqa: BLE001 - an entry that cannot be built: compile it instead
            made = None
    if made is None:
        made = _compile(pattern, key[1])
    _made[key] = made
    return made


def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    """Compile as `re` does, keeping the code for the cache when it builds the same pattern."""
    global _new
    compiled = re.compile(pattern, flags)
    if flags & re.DEBUG or not isinstance(pattern, str):
        return compiled
    try:
        import _sre
        from re import _compiler, _parser

        # re._compiler.compile, in its parts
        parsed = _parser.parse(pattern, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses: plain for marshal
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        same = _sre.compile(pattern, *entry) == compiled
    except Exception:  # noqa: BLE001 - another interpreter's `re`: no cache, the pattern is right anyway
        return compiled
    if same:
        _load()[(pattern, flags)] = entry
        _new = True
    return compiled


def _cache_file():  # -> Path | None
    try:
        import _sre
        import os
        from re import _compiler, _parser

        stamps = "|".join(f"{os.stat(m.__file__).st_size}:{os.stat(m.__file__).st_mtime_ns}" for m in (_compiler, _parser))
        identity = f"{sys.implementation.cache_tag}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{_sre.MAXREPEAT}|{_sre.MAXGROUPS}|{stamps}"
    except Exception:  # noqa: BLE001 - an interpreter without these: no cache
        return None
    from mops.sha import sha256
    from mops.usercache import cache_dir

    return cache_dir() / f"regex-{sha256(identity.encode()).hexdigest()[:16]}.marshal"


def _load() -> dict[tuple[str, int], tuple]:
    global _entries
    if _entries is None:
        _entries = {}
        path = _cache_file()
        if path is not None:
            import marshal

            try:
                found = marshal.loads(path.read_bytes())
            except (OSError, ValueError, EOFError, TypeError):
                found = None
            if isinstance(found, dict):
                _entries = found
    return _entries


def save() -> None:
    """Write the patterns this process compiled anew into the user's cache (nothing when none)."""
    global _new
    if not _new or _entries is None:
        return
    _new = False
    path = _cache_file()
    if path is None:
        return
    import marshal

    entries = _entries
    if len(entries) > _MAX_ENTRIES:  # patterns of older code pile up: keep the ones in use
        entries = {key: entries[key] for key in _made if key in entries}
    try:
        from mops.fsutil import atomic_write_bytes

        atomic_write_bytes(path, marshal.dumps(entries))
    except (OSError, ValueError):
        pass  # a cache that cannot be written is no error
