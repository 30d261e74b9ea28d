"""Microsoft Teams transcripts saved as Word (.docx): paragraphs such as `Dana Lee   0:03` or
`0:03:12 Dana Lee`, each followed by what was said.

The document is read with python-docx (the `docx` extra), imported only here. Its text is one line
per paragraph (a line break inside a paragraph starts a new line), and that is what `line` counts in
a .docx transcript. The title, date and duration Teams puts above the first speaker become metadata;
"Dana Lee started transcription" notices are not speech.
"""

from __future__ import annotations

import re
from pathlib import Path

from mops.brief.transcript_formats.common import Turn
from mops.brief.transcript_formats.plain import parse_plain
from mops.errors import InputError

_DURATION = re.compile(r"(?:\d+h\s*)?\d+m\s*\d+s|\d+h\s*\d+m(?:\s*\d+s)?|\d+s")
_NOTICE = re.compile(r".{1,80}\s(?:started|stopped) transcription\.?", re.IGNORECASE)


def docx_text(path: Path, *, display: str) -> str:
    """The paragraphs of a .docx file, one a line; InputError if python-docx is missing or the file is broken."""
    try:
        import docx  # python-docx
    except ImportError as exc:
        raise InputError(
            "reading a .docx transcript needs the python-docx library",
            path=display,
            hint="pip install 'mops[docx]', or save the transcript from Teams as .vtt",
        ) from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile, KeyError and lxml errors alike for a broken file
        raise InputError(
            f"not a readable Word document ({type(exc).__name__})",
            path=display,
            hint="open it in Word and save it again as .docx, or download the transcript as .vtt",
        ) from exc
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def parse_docx_lines(lines: list[str]) -> tuple[list[Turn], dict[str, str]]:
    """Turns and metadata of a Teams .docx transcript given as its paragraph lines."""
    spoken = ["" if _NOTICE.fullmatch(line.strip()) else line for line in lines]  # blank, so lines keep their numbers
    return parse_plain(spoken, preamble=_preamble)


def _preamble(line: str, metadata: dict[str, str]) -> tuple[str, str] | None:
    """Teams' heading lines: the meeting's title, then its date and time, then its length."""
    if _DURATION.fullmatch(line):
        return "duration", line
    if "title" not in metadata:
        return "title", line
    if "date" not in metadata and any(ch.isdigit() for ch in line):
        return "date", line
    return None
