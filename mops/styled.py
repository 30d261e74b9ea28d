"""Text for people as data: lines of pieces, each with what it is (a style name), not how it looks.

Domain code that writes something for a person to read (the lint's text format, a drafted brief)
returns styled lines; `mops/commands/_output.py` alone decides how a style name looks on a
terminal (rich) and draws them. Piped or with NO_COLOR, a line is its pieces' text joined, so the
plain output is the same whoever draws it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

# What a piece is, for the terminal to show it as such ("" is plain text). A new name needs its
# look in mops.commands._output; tests/test_styled.py holds every name here to one.
STYLES = (
    "",
    "error",  # an error (a finding's severity, a row past its deadline)
    "warning",  # a warning; something to answer (an open question)
    "info",  # information; a note's label
    "path",  # a file a block of lines is about
    "code",  # a rule or check code
    "label",  # the name of a value ("budget: ...")
    "summary",  # the last line that sums up
    "dim",  # what is there for reference (a location, a quote)
    "fixable",  # what --fix would repair
    "suggestion",  # a change a person must judge
)


class Piece(NamedTuple):
    """A run of text and what it is, one of STYLES."""

    text: str
    style: str = ""


StyledLine = Sequence[Piece]


def plain_text(lines: Iterable[StyledLine]) -> str:
    """The lines as a terminal without colour shows them: each line's text, then a newline."""
    return "".join("".join([text for text, _ in line]) + "\n" for line in lines)
