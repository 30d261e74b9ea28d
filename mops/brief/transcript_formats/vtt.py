"""WebVTT transcripts as Zoom, Google Meet and Microsoft Teams export them.

The `WEBVTT` header and its `Kind:`/`Language:` lines become metadata; NOTE, STYLE and REGION blocks
are skipped; a cue's speaker comes from its `<v Name>` voice tag (several voices in one cue make
several turns) or, failing that, from a `Name: text` label inside the cue (Zoom).
"""

from __future__ import annotations

import re

from mops.brief.transcript_formats.common import Piece, Turn
from mops.brief.transcript_formats.cues import Cue, clean, join_continued, name_speakers, scan_cues
from mops.errors import InputError

_HEADER_FIELD = re.compile(r"([A-Za-z][\w-]*)\s*[:=]\s*(.*)")
_SKIPPED_BLOCK = re.compile(r"(?:NOTE|STYLE|REGION)(?:\s|$)")
# <v Name>, <v.loud Name>, <v> (a voice without a name)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>", re.IGNORECASE)


def parse_vtt(lines: list[str], *, display: str) -> tuple[list[Turn], dict[str, str]]:
    """Turns and header metadata of a WebVTT file given as its lines (no line ends)."""
    metadata: dict[str, str] = {}
    first = _header(lines, metadata)
    cues = scan_cues(lines, first, display=display, skip_block=lambda line: _SKIPPED_BLOCK.match(line) is not None)
    if not cues:
        raise InputError(
            "no cue found in this WebVTT file",
            path=display,
            line=next((i + 1 for i in range(first, len(lines)) if lines[i].strip()), 1),
            hint="a cue is a timing line such as '00:00:01.000 --> 00:00:04.000' followed by its text; "
            "export the transcript again, or save it as .txt if it holds plain 'Name: text' lines",
        )
    turns: list[Turn] = []
    for cue in cues:
        turns.extend(_cue_turns(cue))
    name_speakers(turns)
    return join_continued(turns), metadata


def _header(lines: list[str], metadata: dict[str, str]) -> int:
    """Read `WEBVTT [title]` and its header fields; the index of the first line after them."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i == len(lines) or not lines[i].lstrip().startswith("WEBVTT"):
        return i  # no header: read the cues all the same
    title = lines[i].strip()[len("WEBVTT") :].strip(" -\t")
    if title:
        metadata["title"] = title
    i += 1
    while i < len(lines) and lines[i].strip() and "-->" not in lines[i]:
        if i + 1 < len(lines) and "-->" in lines[i + 1]:
            break  # a cue identifier right under the header, with no blank line between
        found = _HEADER_FIELD.fullmatch(lines[i].strip())
        if found is not None:
            metadata.setdefault(found.group(1).lower(), found.group(2).strip())
        i += 1
    return i


def _cue_turns(cue: Cue) -> list[Turn]:
    """One turn per voice in the cue; the first may carry on the previous cue's sentence."""
    turns: list[Turn] = []
    current: Turn | None = None
    for line, raw in cue.lines:
        position = 0
        for voice in _VOICE.finditer(raw):
            current = _add(turns, current, cue, line, raw[position : voice.start()])
            name = clean(voice.group(1) or "")
            current = Turn(name or None, start=cue.start, end=cue.end, may_continue=not turns)
            turns.append(current)
            position = voice.end()
        current = _add(turns, current, cue, line, raw[position:])
    return turns


def _add(turns: list[Turn], current: Turn | None, cue: Cue, line: int, raw: str) -> Turn | None:
    text = clean(raw)
    if not text:
        return current
    if current is None:
        current = Turn(None, start=cue.start, end=cue.end, may_continue=True)
        turns.append(current)
    current.pieces.append(Piece(line, text))
    return current
