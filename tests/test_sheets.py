"""Sheets: cells, headers, columns and links of CSV/TSV texts, read as the csv module reads them.

`Sheet` reads any sheet cell by cell; `PlainSheet`, the fast path for a sheet without a quote
character, must give the same answer wherever `open_sheet` takes it.
"""

from __future__ import annotations

import csv
import io
import random

import pytest

from mops.lint.lines import BOM, LineIndex
from mops.lint.links import find_urls, scan_links, scope_of
from tests.links_support import full_search
from mops.lint.sheets import PlainSheet, Sheet, open_sheet, sheet_cells, sheet_column, sheet_column_values, sheet_headers

# what a cell may hold: links (lowercase, uppercase, templates, in prose, with a space, a quote or
# an entity), words, the delimiters, line breaks, quotes and a byte order mark
CELL_VALUES = [
    "https://a.example/?utm_source=x", "HTTPS://B.example/p", "see https://c.example/x).", "{lpurl}?utm_source=g",
    "https://d.example/a b ", " https://e.example/", "x https://g.example/,h", "https://i.example/?a=1&amp;b=2",
    'https://q.example/?q="a"&utm_source=b', "mailto:x@y.z?body=https://f.example/", "http://", "ahttps://k.example/",
    "https://t.example/p\t\f", "", "a", "bb", " c ", "Spring sale", "x;y", "a,b", "tab\there", 'say "hi"', '"', "\ufeff", "ü",
    "multi\nline", "cr\r\nlf", "lone\rcr", "https://n.example/?a=1\nnext line",
]


def random_sheet(rng: random.Random) -> tuple[str, str]:
    """A sheet text and its kind: plain or quoted cells, `,` `;` or tab, LF, CRLF or lone CR line
    ends, blank lines, a BOM and a final line end or not."""
    delimiter = rng.choice(",;\t")
    quoting = rng.random()  # the share of quoted cells: none for about a third of the sheets
    rows = []
    for _ in range(rng.randrange(1, 6)):
        cells = []
        for _ in range(rng.randrange(1, 5)):
            value = rng.choice(CELL_VALUES)
            if rng.random() < quoting - 0.35:
                value = '"' + value.replace('"', '""') + '"'
            elif '"' in value or "\n" in value or "\r" in value:
                value = rng.choice(["plain", "", value])  # sometimes a stray quote or line break
            cells.append(value)
        rows.append(delimiter.join(cells))
        if rng.random() < 0.15:
            rows.append("")  # a blank line
    line_end = rng.choice(["\n", "\r\n", "\n", "\r\n", "\r"])
    text = rng.choice(["", "", BOM]) + line_end.join(rows) + rng.choice(["", line_end])
    return text, "tsv" if delimiter == "\t" else "csv"


def csv_module_rows(text: str, kind: str) -> list[list[str]]:
    """The rows the csv module reads, blank lines left out (`;` when the first line has more `;` than `,`)."""
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if kind == "tsv" else ";" if first_line.count(";") > first_line.count(",") else ","
    body = text[1:] if text.startswith(BOM) else text
    return [row for row in csv.reader(io.StringIO(body, newline=""), delimiter=delimiter) if row]


def test_the_fast_path_reads_every_plain_sheet_as_the_reference_reader_does():
    rng = random.Random(20261214)
    plain = quoted = 0
    for _ in range(4000):
        text, kind = random_sheet(rng)
        sheet = open_sheet(text, kind)
        assert isinstance(sheet, PlainSheet) == ('"' not in text), text
        if not isinstance(sheet, PlainSheet):
            quoted += 1
            continue
        plain += 1
        reference = Sheet(text, sheet.delimiter)
        assert list(sheet.read()) == list(reference.read()), text
        assert sheet.headers() == reference.headers(), text
        assert sheet.cells() == reference.cells(), text
        for column in range(5):
            assert sheet.column(column) == reference.column(column), (text, column)
            assert sheet.column_values(column) == reference.column_values(column), (text, column)
        # the fast search takes a case-sensitive pattern when every 'http' is lowercase
        scope = scope_of(text, kind, LineIndex(text))
        assert sheet.links(scope) == reference.links(scope) == reference.links(full_search(text, scope)), text
    assert plain > 1000 and quoted > 1000


def test_every_sheet_is_read_as_the_csv_module_reads_it():
    rng = random.Random(7)
    for _ in range(4000):
        text, kind = random_sheet(rng)
        expected = csv_module_rows(text, kind)
        header = expected[0] if expected else []
        if header:
            header[0] = header[0].lstrip(BOM)
        assert sheet_headers(text, kind) == header, text
        rows: dict[int, list[str]] = {}
        for cell in sheet_cells(text, kind):
            rows.setdefault(cell.row, []).append(cell.value)
            assert cell.header == (header[cell.column] if cell.column < len(header) else ""), text
            raw = text[cell.start : cell.end]
            # the span is the cell's raw text: inside the quotes of a quoted cell
            assert cell.value.startswith(raw.replace('""', '"')) if text[cell.start - 1 : cell.start] == '"' else raw == cell.value, text
        assert [rows[r] for r in sorted(rows)] == expected[1:], text
        for column in range(4):
            assert sheet_column_values(text, kind, column) == {row[column] for row in expected[1:] if column < len(row)}, text


def test_the_links_of_a_sheet_are_what_the_general_scan_finds_in_each_of_its_cells():
    # every shortcut (the link-to-link search of plain sheets, the usual one-link cell, skipping
    # cells without '://' or a brace, the case-sensitive search) must find what scanning each cell
    # of the reference reader finds
    rng = random.Random(31)
    links = 0
    for _ in range(3000):
        text, kind = random_sheet(rng)
        sheet = open_sheet(text, kind)
        full = full_search(text, scope_of(text, kind, LineIndex(text)))
        headers = sheet.headers()
        expected = []
        for row, column, start, end, _value in Sheet(text, sheet.delimiter).read():
            expected += scan_links(text, kind, full, start, end, (row, headers[column] if column < len(headers) else ""))
        found = find_urls(text, kind)
        assert found == expected, text
        assert all(link.context == "csv" and text[link.start : link.end] == link.raw for link in found), text
        links += len(found)
    assert links > 3000


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
        assert PlainSheet(text, delimiter).links(scope) == Sheet(text, delimiter).links(full_search(text, scope)), text


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


def test_finding_the_links_of_a_sheet_reads_its_text_a_few_times_not_once_a_cell():
    # the links of a cell that holds prose are found by scan_links, once per cell: what it counts
    # there must not run from the text's start (a sheet of 40,000 such cells took 35 s, not 3)
    class Spy(str):
        scanned = 0

        def count(self, sub, start=0, end=None):  # noqa: ANN001, ANN202
            end = len(self) if end is None else end
            Spy.scanned += max(0, end - start)
            return str.count(self, sub, start, end)

        def rfind(self, sub, start=0, end=None):  # noqa: ANN001, ANN202
            end = len(self) if end is None else end
            Spy.scanned += max(0, end - start)
            return str.rfind(self, sub, start, end)

    plain = "Campaign,Note\n" + "".join(f"c{i},See https://shop.example/p/{i}?utm_source=google\n" for i in range(2000))
    scope = scope_of(plain, "csv", LineIndex(plain))
    spy = Spy(plain)
    found = open_sheet(spy, "csv").links(scope)
    assert len(found) == 2000 and found == open_sheet(plain, "csv").links(scope)
    assert Spy.scanned < 20 * len(plain), Spy.scanned / len(plain)
