"""Inline suppressions, and the finding for a suppression that suppressed nothing.

    <!-- mops: disable-next-line UTM001, UTM007 -->   Markdown / HTML
    <!-- mops: disable COPY001 --> ... <!-- mops: enable COPY001 -->
    # mops: disable-next-line UTM004                  YAML, CSV/TSV, plain text
    ... # mops: disable-line UTM004                   on the line itself

No codes means every rule. Codes may be prefixes (`UTM` silences every UTM rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mops import regexcache

_DIRECTIVE = regexcache.compile(
    r"(?:<!--|#|//)[ \t]*mops:[ \t]*(?P<verb>disable-next-line|disable-line|disable|enable)\b"
    r"(?P<codes>[ \t,A-Za-z0-9]*?)[ \t]*(?:-->|$)",
    re.MULTILINE,
)
_CODE = regexcache.compile(r"[A-Z]+[0-9]*")


@dataclass
class Suppression:
    """An inline `mops:` directive and the lines and rule codes it covers."""

    line: int  # where the directive is
    column: int
    verb: str
    codes: tuple[str, ...]  # empty: every rule
    first_line: int
    last_line: int  # inclusive; a `disable` without `enable` runs to the end of the file
    used: bool = field(default=False)

    def covers(self, code: str, line: int) -> bool:
        if not self.first_line <= line <= self.last_line:
            return False
        return not self.codes or any(code.startswith(c) for c in self.codes)


def parse_suppressions(text: str, line_col) -> list[Suppression]:  # noqa: ANN001 - line_col: offset -> (line, col)
    """Every directive in `text`, with the lines it covers."""
    if "mops:" not in text:
        return []
    found: list[Suppression] = []
    open_blocks: dict[tuple[str, ...], Suppression] = {}
    total_lines = text.count("\n") + 1
    for match in _DIRECTIVE.finditer(text):
        line, column = line_col(match.start())
        verb = match["verb"]
        codes = tuple(sorted(set(_CODE.findall(match["codes"].upper()))))
        if verb == "disable-next-line":
            found.append(Suppression(line, column, verb, codes, line + 1, line + 1))
        elif verb == "disable-line":
            found.append(Suppression(line, column, verb, codes, line, line))
        elif verb == "disable":
            block = Suppression(line, column, verb, codes, line, total_lines)
            open_blocks[codes] = block
            found.append(block)
        else:  # enable closes the matching disable
            block = open_blocks.pop(codes, None)
            if block is not None:
                block.last_line = line
    return found
