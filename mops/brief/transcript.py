"""Kickoff transcripts as utterances: who said what, when, and on which line of the file.

An utterance's `id` (u1, u2, ...) is its position in the transcript, stable for a given file; its
`line` is the 1-based line of the file its text starts on, and `line_of(offset)` maps a position in
`text` back to a file line for cues whose text spans several lines.

`load_transcript(path)` reads a file (.txt, WebVTT, SubRip, Teams .docx; the format is told by the
extension and the content), `parse_transcript(text, fmt=...)` text already decoded. The readers
live in `mops.brief.transcript_formats`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mops.errors import InputError, UsageError

if TYPE_CHECKING:
    from mops.brief.transcript_formats.common import Turn

FORMATS = ("txt", "vtt", "srt", "docx")


@dataclass(frozen=True, slots=True)
class Utterance:
    id: str
    speaker: str | None
    text: str
    line: int
    start: float | None = None  # seconds from the start of the recording
    end: float | None = None
    # offsets in `text` where each following file line begins, with that line's number:
    # ((0, line), (offset_2, line_2), ...); one entry for a one-line utterance
    line_starts: tuple[tuple[int, int], ...] = ()

    def line_of(self, offset: int) -> int:
        """The file line holding `text[offset]`."""
        if not self.line_starts:
            return self.line
        i = bisect.bisect_right([o for o, _ in self.line_starts], offset) - 1
        return self.line_starts[max(i, 0)][1]


@dataclass(frozen=True, slots=True)
class Transcript:
    path: str  # as shown to people (workspace-relative when inside the workspace)
    format: str  # txt, vtt, srt, docx
    utterances: tuple[Utterance, ...]
    metadata: dict[str, str] = field(default_factory=dict)  # header lines such as Date:, Title:

    @property
    def speakers(self) -> list[str]:
        """Distinct speaker labels in order of first appearance."""
        return list(dict.fromkeys(u.speaker for u in self.utterances if u.speaker))

    def utterance(self, utterance_id: str) -> Utterance | None:
        for u in self.utterances:
            if u.id == utterance_id:
                return u
        return None

    @property
    def word_count(self) -> int:
        return sum(len(u.text.split()) for u in self.utterances)


_ZIP_MAGIC = b"PK\x03\x04"
# the first cue of a headerless WebVTT or of a SubRip file: an optional number, then a timing line
_FIRST_TIMING = re.compile(r"\s*(?:\S+\s*\n\s*)?\d{1,3}(?::\d{1,2}){1,2}([.,])\d+\s*-->")


def load_transcript(path: Path, *, display: str | None = None) -> Transcript:
    """Read and parse the transcript at `path`; `display` is the path shown in errors and evidence.

    The format comes from the content first (a .txt holding WebVTT is read as WebVTT), then the
    extension. Raises InputError (with the line at fault and a hint) for a missing, empty, binary
    or undecodable file, a WebVTT or SubRip file without a readable cue, and a file with no utterance.
    """
    from mops.brief.transcript_formats.decode import decode_transcript

    shown = display if display is not None else str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=shown, hint="check the path; kickoff transcripts usually sit in transcripts/") from None
    except IsADirectoryError:
        raise InputError("this is a folder, not a transcript", path=shown, hint="give one transcript file") from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=shown, hint="check the file's permissions") from None
    suffix = path.suffix.lower()
    if suffix == ".docx" or (data.startswith(_ZIP_MAGIC) and b"word/" in data[:4096]):
        from mops.brief.transcript_formats.docx import docx_text

        return parse_transcript(docx_text(path, display=shown), fmt="docx", display=shown)
    text = decode_transcript(data, display=shown)
    return parse_transcript(text, fmt=detect_format(text, suffix), display=shown)


def detect_format(text: str, suffix: str = "") -> str:
    """txt, vtt or srt for decoded `text` from a file ending in `suffix` (".vtt", ".txt"...).

    What the content shows wins: a `WEBVTT` header, or a first cue timing (with a comma before the
    milliseconds: SubRip; a dot: WebVTT). Otherwise the extension decides, and anything else is text.
    """
    head = text[:2000].lstrip("\ufeff")
    if head.lstrip().startswith("WEBVTT"):
        return "vtt"
    first_cue = _FIRST_TIMING.match(head)
    if first_cue is not None:
        return "srt" if first_cue.group(1) == "," else "vtt"
    return {".vtt": "vtt", ".srt": "srt"}.get(suffix.lower(), "txt")


def parse_transcript(text: str, *, fmt: str, display: str) -> Transcript:
    """Parse decoded transcript `text` as `fmt` (txt, vtt, srt, docx: a .docx's paragraphs, one a
    line; or auto, to detect it). Line ends may be \\n, \\r\\n or \\r. Raises InputError as
    `load_transcript` does."""
    from mops.brief.transcript_formats import docx, plain, srt, vtt

    if fmt == "auto":
        fmt = detect_format(text)
    if fmt not in FORMATS:
        raise UsageError(f"unknown transcript format {fmt!r}", hint=f"use one of: auto, {', '.join(FORMATS)}")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError("the transcript is empty", path=display, line=1, hint="export the meeting's transcript again; this file holds no text")
    # lines end at \n, \r\n or a lone \r, as everywhere in mops (mops.lint.lines.split_lines)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if fmt == "vtt":
        turns, metadata = vtt.parse_vtt(lines, display=display)
    elif fmt == "srt":
        turns, metadata = srt.parse_srt(lines, display=display)
    elif fmt == "docx":
        turns, metadata = docx.parse_docx_lines(lines)
    else:
        turns, metadata = plain.parse_plain(lines)
    utterances = tuple(_numbered(turns))
    if not utterances:
        raise InputError(
            "no utterance found in the transcript",
            path=display,
            line=1,
            hint="a transcript holds what was said, e.g. lines such as 'Dana Lee: Budget is fifty thousand.'",
        )
    return Transcript(path=display, format=fmt, utterances=utterances, metadata=metadata)


def _numbered(turns: list[Turn]) -> list[Utterance]:
    """Utterances u1, u2, ... from the readers' turns: pieces joined by one space, each mapped to its line."""
    utterances: list[Utterance] = []
    for turn in turns:
        pieces = [piece for piece in turn.pieces if piece.text]
        if not pieces:
            continue
        line_starts = []
        offset = 0
        for piece in pieces:
            line_starts.append((offset, piece.line))
            offset += len(piece.text) + 1
        utterances.append(
            Utterance(
                id=f"u{len(utterances) + 1}",
                speaker=turn.speaker,
                text=" ".join(piece.text for piece in pieces),
                line=pieces[0].line,
                start=turn.start,
                end=turn.end,
                line_starts=tuple(line_starts),
            )
        )
    return utterances
