"""Styled text (mops.styled): every style a domain module may name has a look on a terminal, and the
plain text of styled lines is what a pipe shows."""

from __future__ import annotations

import io

from mops.commands._output import RICH_STYLES, write_styled
from mops.styled import STYLES, Piece, plain_text


def test_every_style_name_has_a_look_on_a_terminal() -> None:
    assert set(STYLES) == set(RICH_STYLES)


def test_plain_text_is_each_line_joined_then_a_newline() -> None:
    lines = [[Piece("copy/a.md", "path")], [Piece("  1:1", "dim"), Piece("  "), Piece("ERROR", "error")], []]
    assert plain_text(lines) == "copy/a.md\n  1:1  ERROR\n\n"


def test_without_colour_styled_lines_are_drawn_as_their_plain_text() -> None:
    lines = [[Piece("budget", "label"), Piece(": 52,000 EUR")], [Piece("    "), Piece("kickoff.txt:11 [sic]", "dim")]]
    out = io.StringIO()
    write_styled(lines, out, color=False)
    assert out.getvalue() == "budget: 52,000 EUR\n    kickoff.txt:11 [sic]\n"
    colored = io.StringIO()
    write_styled(lines, colored, color=True)
    assert "\x1b[1m" in colored.getvalue() and "[sic]" in colored.getvalue()
