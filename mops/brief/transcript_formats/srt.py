"""SubRip (.srt) transcripts: numbered cues with `00:00:01,000 --> 00:00:04,000` timings.

Speakers are written `Name: text`, `[Name] text`, `- Name: text` or `>> Name: text`; a line starting
with `- ` or `>>` is a new speaker within the cue (dialogue), named or not.
"""

from __future__ import annotations

import re

from mops.brief.transcript_formats.common import Piece, Turn
from mops.brief.transcript_formats.cues import Cue, clean, join_continued, name_speakers, scan_cues
from mops.errors import InputError

_NEW_SPEAKER = re.compile(r"(?:[-–]\s+|>>\s*)")


def parse_srt(lines: list[str], *, display: str) -> tuple[list[Turn], dict[str, str]]:
    """Turns of a SubRip file given as its lines (no line ends); SubRip has no metadata."""
    cues = scan_cues(lines, 0, display=display, skip_block=lambda line: False)
    if not cues:
        raise InputError(
            "no cue found in this SubRip file",
            path=display,
            line=1,
            hint="a cue is a number, a timing line such as '00:00:01,000 --> 00:00:04,000' and its text; "
            "export the subtitles again, or save the file as .txt if it holds plain 'Name: text' lines",
        )
    turns: list[Turn] = []
    for cue in cues:
        turns.extend(_cue_turns(cue))
    name_speakers(turns)
    return join_continued(turns), {}


def _cue_turns(cue: Cue) -> list[Turn]:
    turns: list[Turn] = []
    for line, raw in cue.lines:
        text = clean(raw)
        if not text:
            continue
        marker = _NEW_SPEAKER.match(text)
        if marker is not None:
            text = text[marker.end() :]
            if not text:  # ">>" alone: someone new speaks on the next line
                turns.append(Turn(None, start=cue.start, end=cue.end))
                continue
        if marker is not None or not turns:
            # a marked line is someone new; an unmarked first line may carry on the last cue's sentence
            turns.append(Turn(None, start=cue.start, end=cue.end, may_continue=marker is None))
        turns[-1].pieces.append(Piece(line, text))
    return turns
