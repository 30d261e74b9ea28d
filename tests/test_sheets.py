"""Sheets: cells, headers, columns and links of CSV/TSV texts, read as the csv module reads them."""

from __future__ import annotations

import csv
import io
import random

import pytest

from mops.lint.lines import LineIndex
from mops.lint.links import scope_of
from mops.lint.sheets import PlainSheet, Sheet, sheet_cells, sheet_column, sheet_column_values

@pytest.mark.parametrize(
    "text",
    [
        'a,b\r\n1,"x,y"\r\n',
        'h1,h2\n"a ""q"" b",c\n\n"multi\nline",z\n',
        '"abc"def,g\n',
        "a,b,\n",
        'x, "a,b"\n',
        "a\rb\r\nc\n",
        '"",""\n,\n',
    ],
)
def test_sheet_cells_read_as_the_csv_module_does(text: str):
    expected = [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    rows: dict[int, list[str]] = {}
    header = expected[0]
    for cell in sheet_cells(text, "csv"):
        rows.setdefault(cell.row, []).append(cell.value)
        assert cell.header == (header[cell.column] if cell.column < len(header) else "")
    assert [rows[r] for r in sorted(rows)] == expected[1:]


def test_sheet_cells():
    text = 'Campaign,Ad group\r\n"Spring, sale",Boots\r\n'
    cells = sheet_cells(text, "csv")
    assert [(c.row, c.column, c.header, c.value) for c in cells] == [(1, 0, "Campaign", "Spring, sale"), (1, 1, "Ad group", "Boots")]
    assert (cells[0].start, cells[0].end) == (20, 32)
    assert (cells[1].start, cells[1].end) == (34, 39)


def test_sheets_without_quotes_are_split_exactly_as_quoted_sheets_are_read():
    # quote-free sheets take a split-based path; it must find the same cells, at the same offsets,
    # as the cell-by-cell reader does, whatever the line endings, blank lines, BOM or delimiters
    rng = random.Random(11)
    for _ in range(20000):
        text = "".join(rng.choice("ab,;\t\r\n \ufeff") for _ in range(rng.randrange(14)))
        for delimiter in ",;\t":
            assert PlainSheet(text, delimiter).read() == list(Sheet(text, delimiter).read()), (text, delimiter)


def test_links_in_plain_sheets_are_found_as_cell_by_cell_reading_finds_them():
    # a sheet without quotes is searched link to link, not cell by cell; both must find the same
    # links, spans, positions and cells, blank lines or not
    # (the fast search takes a case-sensitive pattern when every 'http' is lowercase)
    rng = random.Random(5)
    cells = ["https://a.example/?utm_source=x", "HTTPS://B.example/p", "see https://c.example/x).", "{lpurl}?utm_source=g", "plain",
             "https://d.example/a b ", "", " https://e.example/", "mailto:x@y.z?body=https://f.example/", "http://", "x https://g.example/,h",
             "Http://h.example/", "{UnescapedLpurl}", "https://i.example/?a=1&amp;b=2", "x;y https://j.example/", "ahttps://k.example/"]
    for _ in range(6000):
        delimiter = rng.choice(",;\t")
        rows = [delimiter.join(rng.choice(cells) for _ in range(rng.randrange(1, 4))) for _ in range(rng.randrange(1, 5))]
        text = rng.choice(["", "\ufeff"]) + rng.choice(["\n", "\r\n", "\n\n", "\r"]).join(rows) + rng.choice(["", "\n", "\r\n"])
        kind = "tsv" if delimiter == "\t" else "csv"
        scope = scope_of(text, kind, LineIndex(text))
        assert PlainSheet(text, delimiter).links(scope) == Sheet(text, delimiter).links(scope._replace(lowercase=False)), text


def test_one_column_of_a_sheet_is_that_column_of_all_its_cells():
    rng = random.Random(3)
    for _ in range(3000):
        delimiter = rng.choice(",;")
        rows = [delimiter.join(rng.choice(["a", "bb", "", " c ", "\ufeff"]) for _ in range(rng.randrange(1, 4))) for _ in range(rng.randrange(1, 5))]
        text = rng.choice(["", "\ufeff"]) + rng.choice(["\n", "\r\n"]).join(rows) + rng.choice(["", "\n", "\r\n"])
        for column in range(3):
            cells = [c for c in sheet_cells(text, "csv") if c.column == column]
            assert sheet_column(text, "csv", column) == cells, text
            assert sheet_column_values(text, "csv", column) == {c.value for c in cells}, text
