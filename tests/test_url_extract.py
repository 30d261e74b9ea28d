"""find_urls: links as they are in real files, located in the original text.

Every expected column is counted by hand from the case's text (1-based, in characters).
"""

from __future__ import annotations

import random
import re

import pytest

from mops.lint.lines import LineIndex
from mops.lint.links import find_urls, kind_for_path
from tests.links_support import full_search

SALE = "https://shop.example/sale?utm_source=google"


def located(text: str, kind: str = "text") -> list[tuple[str, int, int]]:
    return [(f.url, f.line, f.column) for f in find_urls(text, kind)]


def only(text: str, kind: str = "text"):
    (found,) = find_urls(text, kind)
    return found


# --- running text ---------------------------------------------------------------------------------


def test_link_in_prose_drops_the_full_stop():
    assert located("Shop now: " + SALE + ".") == [(SALE, 1, 11)]


@pytest.mark.parametrize("mark", [".", ",", ";", ":", "!", "?", "'", '"', "*", "...", ").", ">"])
def test_trailing_prose_punctuation_is_not_part_of_the_link(mark: str):
    assert located(f"see https://x.example/a{mark} next") == [("https://x.example/a", 1, 5)]


def test_unbalanced_closing_parenthesis_is_dropped():
    found = only("(see https://x.example/a?utm_source=b)")
    assert (found.url, found.start, found.end, found.column) == ("https://x.example/a?utm_source=b", 5, 37, 6)


def test_balanced_parenthesis_is_kept():
    assert located("Read https://wiki.example/Boot_(footwear).") == [("https://wiki.example/Boot_(footwear)", 1, 6)]


def test_second_line_and_two_links_on_a_line():
    text = "intro\n\nA https://a.example/x and https://b.example/y\n"
    assert located(text) == [("https://a.example/x", 3, 3), ("https://b.example/y", 3, 27)]


def test_link_inside_a_link_is_one_link():
    text = "https://track.example/r?u=https://shop.example/sale&utm_source=a"
    assert located(text) == [(text, 1, 1)]


def test_hash_route_with_tags_is_one_link():
    text = "https://shop.example/#/sale?utm_source=a&utm_medium=b"
    assert located("Go " + text + "!") == [(text, 1, 4)]


def test_ipv6_host_and_bracketed_parameters():
    assert located("http://[::1]:8080/p?filter[size]=m&utm_source=a.") == [("http://[::1]:8080/p?filter[size]=m&utm_source=a", 1, 1)]


def test_uppercase_scheme_is_found():
    assert located("HTTPS://SHOP.EXAMPLE/?UTM_SOURCE=A") == [("HTTPS://SHOP.EXAMPLE/?UTM_SOURCE=A", 1, 1)]


def test_tracking_templates_without_scheme():
    text = "Template: {lpurl}?utm_source=google&utm_campaign={campaignid}\nAlso {lpurl+2}?a=b"
    assert located(text) == [
        ("{lpurl}?utm_source=google&utm_campaign={campaignid}", 1, 11),
        ("{lpurl+2}?a=b", 2, 6),
    ]


def test_bare_scheme_is_no_link():
    assert located("type https:// then the address, or http://a") == [("http://a", 1, 36)]


@pytest.mark.parametrize(
    "text",
    [
        "mailto:help@shop.example?body=https://shop.example/?utm_source=a",
        "tel:+4940123456",
        "/sale?utm_source=google",
        "#details",
        "//cdn.example/a.js",
        "www.example.com/?utm_source=a",
    ],
)
def test_other_schemes_relative_links_and_anchors_are_skipped(text: str):
    assert located(text) == []


def test_quoted_prose_is_not_stretched_to_the_closing_quote():
    assert located('She wrote "https://x.example is down" today') == [("https://x.example", 1, 12)]


# --- line endings and byte order mark --------------------------------------------------------------


def test_crlf_lines():
    text = "Title\r\n\r\nGo " + SALE + "\r\nnext https://b.example/\r\n"
    assert located(text) == [(SALE, 3, 4), ("https://b.example/", 4, 6)]


def test_bom_takes_no_column():
    found = only("\ufeff" + SALE)
    assert (found.start, found.line, found.column) == (1, 1, 1)
    assert found.url == SALE


def test_lone_carriage_return_ends_a_line():
    assert located("a\rhttps://x.example/") == [("https://x.example/", 2, 1)]


def test_line_index():
    index = LineIndex("ab\r\ncd\nef")
    assert index.line_col(0) == (1, 1)
    assert index.line_col(1) == (1, 2)
    assert index.line_col(4) == (2, 1)
    assert index.line_col(7) == (3, 1)
    assert index.line_col(8) == (3, 2)
    assert index.starts == [0, 4, 7]


# --- Markdown -------------------------------------------------------------------------------------


def test_markdown_link_with_title():
    text = '[Shop](https://shop.example/sale?utm_source=a "Spring sale")'
    found = only(text, "markdown")
    assert (found.url, found.column, found.context) == ("https://shop.example/sale?utm_source=a", 8, "markdown")
    assert text[found.start : found.end] == found.url


def test_markdown_link_whose_text_is_a_url():
    text = "[https://shop.example](https://shop.example/?utm_source=a)"
    assert located(text, "markdown") == [("https://shop.example", 1, 2), ("https://shop.example/?utm_source=a", 1, 24)]


def test_markdown_autolink():
    assert located("<https://shop.example/?utm_source=a>", "markdown") == [("https://shop.example/?utm_source=a", 1, 2)]


def test_markdown_angle_destination_keeps_its_space():
    text = "[x](<https://shop.example/?utm_campaign=spring sale>)"
    assert located(text, "markdown") == [("https://shop.example/?utm_campaign=spring sale", 1, 6)]


def test_markdown_bold_link():
    assert located("**https://x.example/a**", "markdown") == [("https://x.example/a", 1, 3)]


def test_markdown_front_matter_quoted_value_keeps_its_space():
    text = '---\nlink: "https://shop.example/?utm_campaign=spring sale"\n---\nBody "https://x.example/ is down"\n'
    assert [(f.url, f.line, f.column, f.context) for f in find_urls(text, "markdown")] == [
        ("https://shop.example/?utm_campaign=spring sale", 2, 8, "yaml"),
        ("https://x.example/", 4, 7, "markdown"),
    ]


def test_html_inside_markdown_is_read_as_html():
    found = only('Text <a href="https://x.example/?a=1&amp;b=2">x</a>', "markdown")
    assert (found.url, found.context, found.column) == ("https://x.example/?a=1&b=2", "html", 15)


# --- HTML -----------------------------------------------------------------------------------------


def test_href_with_entity_reports_decoded_url_and_raw_span():
    text = '<a href="https://shop.example/?a=1&amp;utm_source=b">Shop</a>'
    found = only(text, "html")
    assert found.url == "https://shop.example/?a=1&utm_source=b"
    assert found.raw == "https://shop.example/?a=1&amp;utm_source=b"
    assert (found.start, found.end) == (9, 51)
    assert text[found.start : found.end] == found.raw
    assert (found.line, found.column, found.context) == (1, 10, "html")


def test_single_quoted_unquoted_and_spaced_attributes():
    text = "<img src='https://i.example/a.png'>\n<a href=https://x.example/?a=1>x</a>\n<a href = \"https://y.example/\">"
    assert located(text, "html") == [
        ("https://i.example/a.png", 1, 11),
        ("https://x.example/?a=1", 2, 9),
        ("https://y.example/", 3, 12),
    ]


def test_attribute_value_with_spaces_is_one_link_without_its_trailing_space():
    text = '<a href="https://shop.example/?utm_campaign=spring sale&utm_source=a ">'
    assert located(text, "html") == [("https://shop.example/?utm_campaign=spring sale&utm_source=a", 1, 10)]


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("https://x.example/?a=1&#38;b=2", "https://x.example/?a=1&b=2"),
        ("https://x.example/?a=1&#x26;b=2", "https://x.example/?a=1&b=2"),
        ("https://x.example/?a=1&copy=2", "https://x.example/?a=1&copy=2"),  # no ';': not a reference
        ("https://x.example/?a=1&utm_source=b", "https://x.example/?a=1&utm_source=b"),
    ],
)
def test_character_references(raw: str, url: str):
    found = only(f'<a href="{raw}">', "html")
    assert (found.url, found.raw) == (url, raw)


def test_html_skips_mailto_tel_javascript_and_relative_links():
    text = (
        '<a href="mailto:help@shop.example?subject=Hi">m</a>\n'
        '<a href="tel:+4940123456">t</a>\n'
        "<a href=\"javascript:open('https://x.example/?utm_source=a')\">j</a>\n"
        '<a href="/sale?utm_source=google">r</a>\n'
        '<a href="#top">a</a>\n'
    )
    assert located(text, "html") == []


def test_only_link_attributes_run_to_the_closing_quote():
    text = (
        '<img srcset="https://a.example/1.png 1x, https://a.example/2.png 2x">\n'
        '<a data-href="https://a.example/?x=a b">\n'
        '<meta property="og:url" content="https://a.example/?utm_campaign=a b">\n'
        "<div style=\"background:url('https://a.example/bg.png')\">\n"
    )
    assert located(text, "html") == [
        ("https://a.example/1.png", 1, 14),
        ("https://a.example/2.png", 1, 42),
        ("https://a.example/?x=a b", 2, 15),
        ("https://a.example/?utm_campaign=a b", 3, 34),
        ("https://a.example/bg.png", 4, 29),
    ]


def test_link_in_html_text_content():
    assert located("<p>Visit https://x.example/?a=1&amp;b=2</p>", "html") == [("https://x.example/?a=1&b=2", 1, 10)]


# --- YAML and JSON --------------------------------------------------------------------------------


def test_yaml_plain_and_quoted_values():
    text = 'links:\n  - https://shop.example/?utm_source=a # note\n  - "https://shop.example/?utm_campaign=spring sale"\nflow: [https://a.example/, https://b.example/]\n'
    assert located(text, "yaml") == [
        ("https://shop.example/?utm_source=a", 2, 5),
        ("https://shop.example/?utm_campaign=spring sale", 3, 6),
        ("https://a.example/", 4, 8),
        ("https://b.example/", 4, 28),
    ]


def test_json_escaped_slashes_are_decoded_and_raw_kept():
    text = '{"url": "https:\\/\\/shop.example\\/?utm_source=a"}'
    found = only(text, "json")
    assert found.url == "https://shop.example/?utm_source=a"
    assert found.raw == "https:\\/\\/shop.example\\/?utm_source=a"
    assert (found.start, found.end, found.column, found.context) == (9, 46, 10, "json")


def test_json_unicode_escape_and_space_in_string():
    text = '[\n  "https://x.example/?a=1\\u0026b=2",\n  "https://y.example/?utm_campaign=spring sale"\n]'
    assert located(text, "json") == [("https://x.example/?a=1&b=2", 2, 4), ("https://y.example/?utm_campaign=spring sale", 3, 4)]


# --- CSV and TSV ----------------------------------------------------------------------------------


def test_csv_quoted_cell_with_comma_and_crlf():
    text = 'Campaign,Final URL\r\nspring,"https://shop.example/?a=1,2&utm_source=b"\r\n'
    found = only(text, "csv")
    assert found.url == "https://shop.example/?a=1,2&utm_source=b"
    assert (found.line, found.column, found.cell, found.context) == (2, 9, (1, "Final URL"), "csv")
    assert text[found.start : found.end] == found.url


def test_csv_bom_does_not_shift_columns_or_headers():
    text = "\ufeffURL,Channel\nhttps://x.example/?utm_source=a,Email\n"
    found = only(text, "csv")
    assert (found.url, found.line, found.column, found.cell) == ("https://x.example/?utm_source=a", 2, 1, (1, "URL"))


def test_csv_unquoted_comma_ends_the_cell():
    text = "URL,Note\nhttps://x.example/a,b?utm_source=c,n\n"
    assert located(text, "csv") == [("https://x.example/a", 2, 1)]


def test_csv_cell_after_a_multiline_quoted_cell():
    text = 'Notes,URL\n"line one\nline two",https://x.example/?utm_source=a\n'
    found = only(text, "csv")
    assert (found.line, found.column, found.cell) == (3, 11, (1, "URL"))


def test_csv_cell_keeps_inner_space_and_drops_trailing_space():
    text = "URL\nhttps://x.example/?utm_campaign=spring sale  \n"
    assert located(text, "csv") == [("https://x.example/?utm_campaign=spring sale", 2, 1)]


def test_csv_doubled_quote_inside_a_link():
    text = 'URL\n"https://x.example/?q=""a""&utm_source=b"\n'
    found = only(text, "csv")
    assert found.url == 'https://x.example/?q="a"&utm_source=b'
    assert found.raw == 'https://x.example/?q=""a""&utm_source=b'
    assert found.column == 2


def test_csv_rows_skip_blank_lines_and_missing_headers_are_empty():
    text = "URL\n\nhttps://a.example/,https://b.example/\n"
    assert [(f.url, f.line, f.cell) for f in find_urls(text, "csv")] == [
        ("https://a.example/", 3, (1, "URL")),
        ("https://b.example/", 3, (1, "")),
    ]


def test_semicolon_separated_sheet():
    text = "Kampagne;URL\nfrühling;https://x.example/?utm_source=a,b\n"
    assert [(f.url, f.column, f.cell) for f in find_urls(text, "csv")] == [("https://x.example/?utm_source=a,b", 10, (1, "URL"))]


def test_tsv_tracking_template():
    text = "Campaign\tTracking template\nspring\t{lpurl}?utm_source=google\n"
    found = only(text, "tsv")
    assert (found.url, found.line, found.column, found.cell) == ("{lpurl}?utm_source=google", 2, 8, (1, "Tracking template"))


# --- kinds ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("briefs/spring.md", "markdown"),
        ("README.MARKDOWN", "markdown"),
        ("email/index.html", "html"),
        ("email/index.htm", "html"),
        ("exports/links.csv", "csv"),
        ("exports/links.tsv", "tsv"),
        ("plans/q2.yaml", "yaml"),
        ("plans/q2.yml", "yaml"),
        ("data/links.json", "json"),
        ("notes.txt", "text"),
        ("Makefile", "text"),
        ("dir.v2/file", "text"),
    ],
)
def test_kind_for_path(path: str, kind: str):
    assert kind_for_path(path) == kind


# --- invariants on generated messy text -----------------------------------------------------------


def _expected_position(text: str, offset: int) -> tuple[int, int]:
    lines = re.split(r"\r\n|\r|\n", text[:offset])
    column = len(lines[-1]) + 1
    if len(lines) == 1 and text.startswith("\ufeff") and offset > 0:
        column -= 1
    return len(lines), column


@pytest.mark.parametrize("kind", ["text", "markdown", "html", "yaml", "json", "csv", "tsv"])
def test_spans_and_positions_hold_on_messy_text(kind: str):
    pieces = [
        "https://x.example/?utm_source=a", " ", "\n", "\r\n", "\r", '"', "'", ",", "\t", "(", ")", "[", "]",
        "<", ">", "&amp;", "href=", "{lpurl}", "#/r?", "mailto:", "é", ";", "\ufeff", "https:\\/\\/y.example", "`",
    ]
    rng = random.Random(20260401)
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        previous_end = 0
        for found in find_urls(text, kind):
            assert text[found.start : found.end] == found.raw, (text, found)
            assert found.start >= previous_end, (text, found)
            assert (found.line, found.column) == _expected_position(text, found.start), (text, found)
            previous_end = found.end


@pytest.mark.parametrize("kind", ["text", "markdown", "html", "yaml", "csv"])
def test_the_lowercase_search_finds_what_the_full_search_finds(kind: str):
    # a text whose every 'http' is lowercase is searched with a case-sensitive pattern (faster);
    # it must find exactly the links the case-insensitive one does
    from mops.lint.links import scan_links, scope_of
    from mops.lint.sheets import Sheet

    pieces = [
        "https://x.example/?utm_source=a", "http://y.example/p", " ", "\n", "\r\n", '"', "'", ",", "(", ")", "[", "]",
        "<", ">", "&amp;", "href=", "#/r?", "mailto:", "é", ";", "\ufeff", "`", "xhttps://z.example", "http", "https://",
        "HTTP", "Https://w.example", "{lpurl}",
    ]
    rng = random.Random(20261125)
    checked = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        scope = scope_of(text, kind, LineIndex(text))
        if not scope.lowercase:
            assert "HTTP" in text or "Https" in text or "{lpurl}" in text
            continue
        checked += 1
        full = full_search(text, scope)
        if kind == "csv":
            assert Sheet(text, ",").links(scope) == Sheet(text, ",").links(full), text
        else:
            assert scan_links(text, kind, scope, 0, len(text)) == scan_links(text, kind, full, 0, len(text)), text
    assert checked > 1000


# --- raw spaces inside a link ----------------------------------------------------------------------

SPACED = "https://x.example/?utm_source=fb&utm_medium=paid social&utm_campaign=2026-q4_sale"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"Shop {SPACED} today", "text"),
        (f"Shop {SPACED}.", "markdown"),
        (f"[Shop]({SPACED})", "markdown"),
        (f"<{SPACED}>", "markdown"),
        (f"name,text\nx,Shop now {SPACED}\n", "csv"),
        (f'name,text\nx,"Shop now {SPACED}, today"\n', "csv"),
        (f"name\turl\nx\t{SPACED}\n", "tsv"),
        (f"- {SPACED}\n- next line", "markdown"),
    ],
    ids=["prose", "prose-full-stop", "markdown-link", "angle-brackets", "csv-cell-with-text", "quoted-csv-cell", "tsv-cell", "list-item"],
)
def test_a_link_with_a_raw_space_in_a_query_value_is_found_whole(text: str, kind: str):
    assert [f.url for f in find_urls(text, kind)] == [SPACED]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://x.example/?a=b and then", "https://x.example/?a=b"),
        ("see https://x.example/?a=b and then https://y.example/?c=d&e=f", "https://x.example/?a=b"),
        ("see https://x.example/?a=b & Jerry=c", "https://x.example/?a=b"),
        ("see https://x.example/page and R&D=fun", "https://x.example/page"),  # no query value to be in
        ("https://x.example/?a=b\nc&d=e", "https://x.example/?a=b"),  # a line break ends it
        ('[t](https://x.example/?a=b "Title")', "https://x.example/?a=b"),  # a Markdown link title
        ("| https://x.example/?a=b | AT&T=yes |", "https://x.example/?a=b"),  # a table's next cell
    ],
)
def test_what_follows_a_link_in_prose_stays_prose(text: str, expected: str):
    assert find_urls(text, "markdown")[0].url == expected


def test_several_words_and_several_spaced_values():
    link = "https://x.example/?utm_medium=Paid Social Ads &utm_campaign=spring sale&utm_content=a b"
    assert only(f"Go: {link} now", "text").url == link.removesuffix(" b")  # the last value ends at its space
    assert only(f"[go]({link})", "markdown").url == link


@pytest.mark.parametrize("space", ["\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", " ", "\x85", "\xa0", "\u2003", "\u3000"])
@pytest.mark.parametrize("kind", ["markdown", "text", "json", "yaml"])
def test_a_link_ends_at_any_whitespace_in_an_ascii_text_and_in_any_other(space: str, kind: str) -> None:
    # an ASCII text is searched with its own patterns (a faster character set): the same ends
    for other in ("", " caf\u00e9"):
        text = f"See https://shop.example/p?utm_source=google{space}then HTTP://shop.example/q?a=1{space}done{other}\n"
        assert [f.url for f in find_urls(text, kind)] == ["https://shop.example/p?utm_source=google", "HTTP://shop.example/q?a=1"], (kind, other)


def test_links_inside_other_schemes_are_skipped_after_a_long_list_of_plain_links():
    # whether a text mentions `mailto:` is asked only once a link could sit inside one: a list of
    # links after spaces never asks, and the question must still be asked after it
    plain = "".join(f"- Item {i}: https://shop.example/p/{i}?utm_source=a\n" for i in range(50))
    tail = (
        "Write to <mailto:help@shop.example?body=https://shop.example/?utm_source=b> or "
        "<a href=\"javascript:open('https://x.example/?utm_source=c')\">here</a>, see (https://shop.example/q).\n"
    )
    for kind in ("markdown", "text", "html"):
        found = [f.url for f in find_urls(plain + tail, kind)]
        assert len(found) == 51 and found[-1] == "https://shop.example/q", kind


@pytest.mark.parametrize("kind", ["text", "markdown", "html", "yaml", "json"])
def test_links_are_found_alike_whether_other_schemes_are_looked_for_at_once_or_when_needed(kind: str):
    from mops.lint.links import Scope, scan_links, scope_of

    pieces = [
        "https://x.example/?utm_source=a", " ", "\n", "\t", "(", ")", "'", '"', "<", ">", "[", "=", "body=", ":",
        "mailto:a@b.example?", "MAILTO:", "javascript:open(", "tel:", "sms:", "data:", "x", "é", "{lpurl}",
    ]
    rng = random.Random(20261207)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        scope = scope_of(text, kind, LineIndex(text))
        told = Scope(text, scope.lines, lowercase=scope.lowercase, escapes=scope.escapes,
                     schemes=any(s in text.lower() for s in ("mailto:", "tel:", "javascript:", "sms:", "data:")))
        assert scan_links(text, kind, scope, 0, len(text)) == scan_links(text, kind, told, 0, len(text)), text


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_links_are_placed_on_their_line_and_column_when_every_line_ends_alike(ending: str):
    # such a text counts its lines as it goes; each link's place must be the one LineIndex gives
    rng = random.Random(7)
    words = ["see", "https://x.example/a?utm_source=b", "(https://y.example/)", "<https://z.example/q>", "é", "", "—", "\t"]
    for _ in range(400):
        lines = [" ".join(rng.choice(words) for _ in range(rng.randrange(0, 6))) for _ in range(rng.randrange(1, 8))]
        text = rng.choice(["", "\ufeff"]) + ending.join(lines) + rng.choice(["", ending])
        index = LineIndex(text)
        for kind in ("markdown", "text", "html"):
            found = find_urls(text, kind)
            assert [(f.line, f.column) for f in found] == [index.line_col(f.start) for f in found], (text, kind)
            assert [f.raw for f in found] == [text[f.start : f.end] for f in found]


@pytest.mark.parametrize("kind", ["text", "markdown", "html", "yaml", "json"])
def test_the_links_of_running_text_are_found_alike_in_two_parts_cut_at_any_line_start(kind: str):
    # a lint of a big document finds its links in two halves, in two processes (runner._ForkedLinks):
    # no link of running text may hold a line break, whatever the text's quotes, brackets and spaces
    from mops.lint.document import Document
    from mops.lint.links import line_start_after

    pieces = [
        "https://x.example/?utm_source=a", "https://y.example/p q?utm_medium=paid social&utm_campaign=b", " ", "\n", "\r\n",
        "\r", '"', "'", "=", "<", ">", "](", ")", "[", "(", "&amp;", "href=", "mailto:", "javascript:open(", "---\n",
        "\t", "é", "\ufeff", "`", "\\", "{lpurl}", "a b=c&d", "?", "#",
    ]
    rng = random.Random(20261207)
    for _ in range(600):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 16)))
        doc = Document(path=f"f.{kind}", text=text, kind=kind)
        whole = doc.found_urls
        breaks = [i + 1 for i, c in enumerate(text) if c == "\n"]
        for middle in breaks:
            assert doc.links_between(0, middle) + doc.links_between(middle, len(text)) == whole, (text, middle)
        middle = line_start_after(text, kind)
        assert middle is None or middle in breaks
    assert line_start_after("a\nhttps://x.example/\n" * 3, "csv") is None  # a quoted cell may hold a line break
