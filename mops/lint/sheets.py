"""Reading CSV and TSV sheets: their cells with positions in the text, headers, columns and links.

Cells are read with the csv module's default dialect: a quote opens a quoted cell only as the
cell's first character; a quoted cell may hold the delimiter and line breaks, and a doubled quote
(`""`) inside it reads as one quote; text after the closing quote is kept, as the csv module does
when not strict. `\\n`, `\\r\\n` and a lone `\\r` end a row, a blank line is no row, and a byte order
mark at the start of the text is no part of the first cell. `.tsv` files are tab-separated; `.csv`
files whose first line has more `;` than `,` are read as `;`-separated (Excel in many European
locales).

Row 0 is the header row; data cells are rows 1 and on. A cell's `start`/`end` span its raw text,
inside the quotes of a quoted cell. A link in a sheet carries `cell = (row, header)` and is found
in its cell by `mops.lint.links.cell_links`.

One reader, and one cheaper way to get the same answer: `Sheet` reads any sheet cell by cell, and
is the definition; `PlainSheet` is for a sheet without a quote character, where every delimiter
and every line end separates cells, so that a line is split in C and a link is found without
visiting the cells around it (bulk sheets run to hundreds of thousands of rows). `open_sheet` is the
one place that picks between them; tests/test_sheets.py holds them to the same cells and links on
random sheets, and `Sheet` to the csv module.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from mops import regexcache
from mops.lint.lines import BOM, sole_line_end, split_lines

if TYPE_CHECKING:
    from mops.lint.links import FoundUrl, Scope


class SheetCell(NamedTuple):
    """A data cell of a CSV/TSV sheet. `start`/`end` span its raw text (inside the quotes of a quoted
    cell); `value` is the cell as the csv module reads it. (A tuple: bulk sheets have millions.)"""

    row: int  # 1 = the first row after the header
    column: int  # 0-based
    header: str
    value: str
    start: int
    end: int


#: (row, column, start, end, value) of a cell, the header row's too: what `Sheet.read` yields
RawCell = tuple[int, int, int, int, str]

# a quote opens a quoted cell only as the cell's first character; text after the closing quote is
# kept (group 3)
_FIELD_TEMPLATE = r'"([^"]*(?:""[^"]*)*)("?)([^{d}\r\n]*)|[^{d}\r\n]*'
_FIELD_PATTERNS: dict[str, re.Pattern[str]] = {}
# blank lines before the header row, then the header row of a sheet without quotes
_FIRST_ROW = regexcache.compile(r"[\r\n]*([^\r\n]*)")


def sheet_delimiter(text: str, kind: str) -> str:
    """The delimiter of a sheet of `kind` ('csv' or 'tsv')."""
    if kind == "tsv":
        return "\t"
    # a sheet saved by a European Excel separates with ';'
    line_end = text.find("\n")
    first_line = text if line_end < 0 else text[:line_end]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def open_sheet(text: str, kind: str) -> "Sheet":
    """The reader for a sheet of `kind`: `PlainSheet` when it has no quote character, else `Sheet`."""
    delimiter = sheet_delimiter(text, kind)
    return Sheet(text, delimiter) if '"' in text else PlainSheet(text, delimiter)


def sheet_cells(text: str, kind: str) -> list[SheetCell]:
    """The data cells (every row after the header) of a CSV or TSV text."""
    return open_sheet(text, kind).cells()


def sheet_headers(text: str, kind: str) -> list[str]:
    """The header row of a CSV or TSV text."""
    return open_sheet(text, kind).headers()


def sheet_column(text: str, kind: str, column: int) -> list[SheetCell]:
    """The data cells of one column (0-based) of a CSV or TSV text: `sheet_cells` of that column."""
    return open_sheet(text, kind).column(column)


def sheet_column_values(text: str, kind: str, column: int) -> set[str]:
    """The distinct values of one column's data cells: a rule that judges each value once reads
    these, and asks `sheet_column` where they are only for the values it reports."""
    return open_sheet(text, kind).column_values(column)


def sheet_links(text: str, kind: str, scope: "Scope") -> list["FoundUrl"]:
    """Every link in the cells of a CSV or TSV text, in order (see `mops.lint.links.find_urls`)."""
    return open_sheet(text, kind).links(scope)


class Sheet:
    """A CSV/TSV text read cell by cell, as the csv module reads it: the reference reader."""

    __slots__ = ("text", "delimiter")

    def __init__(self, text: str, delimiter: str) -> None:
        self.text = text
        self.delimiter = delimiter

    def read(self) -> Iterable[RawCell]:
        """Every cell, the header row's too, in order; blank lines are no row."""
        text, delimiter = self.text, self.delimiter
        pattern = _FIELD_PATTERNS.get(delimiter)
        if pattern is None:
            pattern = _FIELD_PATTERNS[delimiter] = regexcache.compile(_FIELD_TEMPLATE.format(d=re.escape(delimiter)))
        pos, size, row, column = (1 if text.startswith(BOM) else 0), len(text), 0, 0
        while pos < size:
            if column == 0 and text[pos] in "\r\n":
                pos += 2 if text.startswith("\r\n", pos) else 1
                continue
            match = pattern.match(text, pos)
            end = match.end()
            inner = match[1]
            if inner is None:
                yield row, column, pos, end, match[0]
            else:
                value = inner.replace('""', '"') if '"' in inner else inner
                yield row, column, pos + 1, pos + 1 + len(inner), value + match[3]
            if end < size and text[end] == delimiter:
                column += 1
                pos = end + 1
                if pos == size:  # 'a,b,' at the very end: one more, empty cell
                    yield row, column, pos, pos, ""
            else:
                row, column = row + 1, 0
                pos = end + (2 if text.startswith("\r\n", end) else 1)

    def headers(self) -> list[str]:
        """The header row's values."""
        headers: list[str] = []
        for row, _column, _start, _end, value in self.read():
            if row > 0:
                break
            headers.append(value)
        return _header_names(headers)

    def cells(self) -> list[SheetCell]:
        """The data cells, row by row."""
        cells: list[SheetCell] = []
        append = cells.append
        headers: list[str] = []
        for row, column, start, end, value in self.read():
            if row == 0:
                headers.append(value.lstrip(BOM) if column == 0 else value)
                continue
            append(SheetCell(row, column, headers[column] if column < len(headers) else "", value, start, end))
        return cells

    def column(self, column: int) -> list[SheetCell]:
        """The data cells of one column (0-based)."""
        return [cell for cell in self.cells() if cell.column == column]

    def column_values(self, column: int) -> set[str]:
        """The distinct values of one column's data cells."""
        return {cell.value for cell in self.column(column)}

    def links(self, scope: "Scope") -> list["FoundUrl"]:
        """Every link in the cells, the header row's too, in order."""
        from mops.lint.links import cell_links

        text = self.text
        found: list["FoundUrl"] = []
        headers: list[str] = []
        for row, column, start, end, value in self.read():
            if row == 0:
                headers.append(value.lstrip(BOM) if column == 0 else value)
            # no link without '://' or an {lpurl} template's brace: most cells skip the call
            if "://" in value or "{" in value:
                found += cell_links(text, scope, start, end, (row, headers[column] if column < len(headers) else ""))
        return found


class PlainSheet(Sheet):
    """A sheet without a quote character, read line by line: every line end ends a row (blank lines
    are none) and every delimiter ends a cell. The same answers as `Sheet`'s, found faster."""

    __slots__ = ()

    def _lines(self) -> tuple[list[str], str | None]:
        """The text's lines, blank ones too, without the BOM; and the one line end they all have
        (see `sole_line_end`). A row is a line that is not blank."""
        text = self.text
        end = sole_line_end(text)
        lines = split_lines(text) if end is None else text.split(end)  # split_lines, without asking again
        if text.startswith(BOM):
            lines[0] = lines[0][1:]
        return lines, end

    def _rows(self) -> Iterator[tuple[int, str]]:
        """(where it starts, its text) of each row, the header row first."""
        text = self.text
        lines, end = self._lines()
        pos = 1 if text.startswith(BOM) else 0
        if end is not None:
            width = len(end)
            for line in lines:
                if line:
                    yield pos, line
                pos += len(line) + width
            return
        for line in lines:
            if line:
                yield pos, line
            pos += len(line)
            pos += 2 if text.startswith("\r\n", pos) else 1

    def read(self) -> list[RawCell]:
        cells: list[RawCell] = []
        append = cells.append
        delimiter = self.delimiter
        step = len(delimiter)
        for row, (pos, line) in enumerate(self._rows()):
            column = 0
            for value in line.split(delimiter):
                end = pos + len(value)
                append((row, column, pos, end, value))
                pos = end + step
                column += 1
        return cells

    def headers(self) -> list[str]:
        text = self.text
        line = _FIRST_ROW.match(text, 1 if text.startswith(BOM) else 0)[1]
        return _header_names(line.split(self.delimiter)) if line else []

    def column(self, column: int) -> list[SheetCell]:
        headers = self.headers()
        name = headers[column] if column < len(headers) else ""
        delimiter = self.delimiter
        offset = column * len(delimiter)  # the delimiters before the cell
        cells: list[SheetCell] = []
        rows = self._rows()
        next(rows, None)  # the header row
        for row, (pos, line) in enumerate(rows, 1):
            values = line.split(delimiter)
            if column < len(values):
                start = pos + sum(map(len, values[:column])) + offset
                value = values[column]
                cells.append(SheetCell(row, column, name, value, start, start + len(value)))
        return cells

    def column_values(self, column: int) -> set[str]:
        # the rows' text is enough: no need for where they start
        delimiter = self.delimiter
        lines, _end = self._lines()
        del lines[: next((i for i, line in enumerate(lines) if line), len(lines)) + 1]  # up to the header row
        if column == 0:
            return {line.partition(delimiter)[0] for line in lines if line}
        return {cells[column] for line in lines if line and len(cells := line.split(delimiter, column + 1)) > column}

    def links(self, scope: "Scope") -> list["FoundUrl"]:
        # jump from link to link with a regex instead of visiting every cell, and find the cell
        # around each link
        from mops.lint.links import FoundUrl, cell_links

        text, delimiter = self.text, self.delimiter
        found: list[FoundUrl] = []
        append = found.append
        headers = self.headers()
        columns = len(headers)
        starts = scope.lines.starts
        # the row of each line: the line's number less one, unless blank lines come before it
        row_of_line: list[int] | range = range(-1, len(starts))
        if _has_blank_lines(text):
            row_of_line = [-1] * (len(starts) + 1)
            for row, (pos, _line) in enumerate(self._rows()):
                row_of_line[bisect_right(starts, pos)] = row
        count = text.count
        bom = 1 if text.startswith(BOM) else 0
        new = tuple.__new__
        for match in _cells_with_links(delimiter, scope.lowercase).finditer(text):
            start = match.start()
            line = bisect_right(starts, start)
            line_start = starts[line - 1] or bom
            raw = match[0].rstrip(" \t\f")
            if (start == line_start or text[start - 1] == delimiter) and raw.startswith(("https://", "http://")) and len(raw) > 8:
                # the usual cell, one link and nothing else: what cell_links finds, inline as this
                # runs once per link of a bulk sheet
                column = count(delimiter, line_start, start)
                cell = (row_of_line[line], headers[column] if column < columns else "")
                append(new(FoundUrl, (raw, start, start + len(raw), line, start - line_start + 1, "csv", cell, raw)))
            else:
                cell_start = text.rfind(delimiter, line_start, start) + 1 or line_start
                column = count(delimiter, line_start, cell_start)
                cell = (row_of_line[line], headers[column] if column < columns else "")
                found += cell_links(text, scope, cell_start, match.end(), cell)
        return found


def _header_names(values: list[str]) -> list[str]:
    if values:
        values[0] = values[0].lstrip(BOM)
    return values


def _has_blank_lines(text: str) -> bool:
    """Whether a line of `text` is blank, so that rows and lines are counted apart."""
    if "\r" not in text:
        return "\n\n" in text or text.startswith(("\n", BOM + "\n"))
    return "\n\n" in text or "\n\r" in text or "\r\r" in text or text.startswith(("\n", "\r", BOM + "\n", BOM + "\r"))


_CELL_PATTERNS: dict[tuple[str, bool], re.Pattern[str]] = {}


def _cells_with_links(delimiter: str, lowercase: bool) -> re.Pattern[str]:
    """From where a link may start to the end of its cell: at most one match a cell, and every cell
    with a link has one (a superset: `cell_links` decides)."""
    pattern = _CELL_PATTERNS.get((delimiter, lowercase))
    if pattern is None:
        start = "https?://" if lowercase else r"(?i:https?://|\{(?:un)?(?:escaped)?lpurl)"
        pattern = _CELL_PATTERNS[delimiter, lowercase] = regexcache.compile(rf"{start}[^{re.escape(delimiter)}\r\n]*")
    return pattern
