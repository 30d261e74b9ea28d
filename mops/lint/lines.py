"""Lines and columns of a text, as every finding reports them.

Lines and columns are 1-based; a column counts characters (code points). `\\n`, `\\r\\n` and a lone
`\\r` end a line, and nothing else does (str.splitlines also breaks at form feeds and Unicode
separators); a byte order mark at the start of the text takes no column.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from mops import regexcache

BOM = "\ufeff"
LINE_END = regexcache.compile(r"\r\n?|\n")


class LineIndex:
    """Offset -> (line, column) for one text, by binary search over line starts."""

    __slots__ = ("starts", "_bom")

    def __init__(self, text: str) -> None:
        end = sole_line_end(text)
        if end is None:
            self.starts = [0, *(m.end() for m in LINE_END.finditer(text))]
        else:
            width = len(end)
            self.starts = list(accumulate([len(line) + width for line in text.split(end)], initial=0))[:-1]
        self._bom = text.startswith(BOM)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of the character at `offset`."""
        line = bisect_right(self.starts, offset)
        column = offset - self.starts[line - 1] + 1
        if line == 1 and self._bom and offset > 0:
            column -= 1
        return line, column


def split_lines(text: str) -> list[str]:
    """The lines of `text` as `LineIndex` counts them: ended by `\\n`, `\\r\\n` or a lone `\\r`."""
    end = sole_line_end(text)
    return LINE_END.split(text) if end is None else text.split(end)


def sole_line_end(text: str) -> str | None:
    """The one line end `text` uses, `\\n` or `\\r\\n` (`\\n` when it has none), so that str.split can
    cut its lines in C; None when it mixes them or ends a line with a lone `\\r`."""
    if "\r" not in text:
        return "\n"
    crlf = text.count("\r\n")
    return "\r\n" if text.count("\r") == crlf == text.count("\n") else None
