"""Translate a Vale pattern (Go RE2 syntax, run by Vale through the .NET-flavoured `regexp2`) into one
the `regex` package reads the same way.

Most syntax is shared. What differs, and what this module does about it:

- A bare flag group such as `(?i)` in the middle of a pattern sets the flag from there to the end of
  the enclosing group in Go; `re` rejects it and `regex` applies it to the whole pattern. It becomes a
  scoped group, `a(?i)b|c` -> `a(?i:b)|(?i:c)`, closed at every `|` and `)` of its group.
- Go's `\\z` (end of text) is `\\Z` here; .NET's `\\Z` (end, or before a final newline) becomes
  `(?=\\n?\\Z)`; Go's `\\x{41}` becomes `\\U00000041`; `\\Q...\\E` becomes the escaped literal.
- Vale compiles every rule with `(?m)`, so `^` and `$` mean start and end of a line: a pattern using
  them is wrapped in `(?m:...)`.
- Go's `(?U)` (swap greedy and lazy) and .NET's `(?n)` (explicit capture) have no equivalent: the
  pattern is reported as not convertible.

Character classes are copied as they are (`[[:alpha:]]` and `\\pL` are understood by `regex`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FLAG_GROUP = re.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])")
_NAMED_GROUP = re.compile(r"\(\?P?<(?![=!])")
_HEX_BRACED = re.compile(r"\\x\{([0-9a-fA-F]{1,8})\}")
_SCOPED_FLAGS = set("imsx")


class NotConvertible(ValueError):
    """A pattern that cannot be expressed for the `regex` package; the message says why."""


@dataclass
class _Group:
    # flag groups opened inside this group that must be closed (and reopened after each `|`)
    scoped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Translated:
    pattern: str
    capture_groups: int


def translate(pattern: str) -> Translated:
    """Rewrite `pattern` for the `regex` package, keeping Vale's meaning; raises `NotConvertible`."""
    out: list[str] = []
    stack: list[_Group] = [_Group()]
    anchors = False
    captures = 0
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            piece, i = _escape(pattern, i)
            out.append(piece)
            continue
        if ch == "[":
            end = _class_end(pattern, i)
            out.append(pattern[i:end])
            i = end
            continue
        if ch == "(":
            flags = _FLAG_GROUP.match(pattern, i)
            if flags:
                on, off, kind = flags.group(1), flags.group(2) or "", flags.group(3)
                unsupported = set(on + off) - _SCOPED_FLAGS
                if unsupported:
                    letter = sorted(unsupported)[0]
                    raise NotConvertible(f"inline flag '{letter}' in {flags.group(0)!r} has no Python equivalent")
                spec = on + (f"-{off}" if off else "")
                if kind == ")":
                    # a bare `(?i)`: scoped to the rest of the enclosing group
                    out.append(f"(?{spec}:")
                    stack[-1].scoped.append(spec)
                else:
                    out.append(f"(?{spec}:")
                    stack.append(_Group())
                i = flags.end()
                continue
            if pattern.startswith("(?", i):
                if _NAMED_GROUP.match(pattern, i):
                    captures += 1
                out.append("(")
                stack.append(_Group())
                i += 1
                continue
            captures += 1
            out.append("(")
            stack.append(_Group())
            i += 1
            continue
        if ch == ")":
            if len(stack) == 1:
                raise NotConvertible(f"unbalanced ')' at position {i}")
            out.append(")" * len(stack[-1].scoped))
            stack.pop()
            out.append(")")
            i += 1
            continue
        if ch == "|":
            scoped = stack[-1].scoped
            out.append(")" * len(scoped) + "|" + "".join(f"(?{spec}:" for spec in scoped))
            i += 1
            continue
        if ch in "^$":
            anchors = True
        out.append(ch)
        i += 1
    if len(stack) != 1:
        raise NotConvertible("unbalanced '(': a group is never closed")
    out.append(")" * len(stack[0].scoped))
    result = "".join(out)
    if anchors:
        result = f"(?m:{result})"
    return Translated(result, captures)


def _escape(pattern: str, i: int) -> tuple[str, int]:
    """The translation of the escape starting at `pattern[i]` (a backslash) and where it ends."""
    if i + 1 >= len(pattern):
        raise NotConvertible("pattern ends with a lone backslash")
    nxt = pattern[i + 1]
    if nxt == "Q":
        end = pattern.find("\\E", i + 2)
        literal = pattern[i + 2 :] if end < 0 else pattern[i + 2 : end]
        return re.escape(literal), len(pattern) if end < 0 else end + 2
    if nxt == "z":
        return r"\Z", i + 2
    if nxt == "Z":
        return r"(?=\n?\Z)", i + 2
    braced = _HEX_BRACED.match(pattern, i)
    if braced:
        return f"\\U{int(braced.group(1), 16):08x}", braced.end()
    return pattern[i : i + 2], i + 2


def _class_end(pattern: str, i: int) -> int:
    """Index just past the character class opening at `pattern[i]`."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1  # a `]` first in the class is a literal
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[" and pattern.startswith("[:", j):
            close = pattern.find(":]", j + 2)
            if close > 0:
                j = close + 2
                continue
        if c == "]":
            return j + 1
        j += 1
    raise NotConvertible(f"character class opened at position {i} is never closed")
