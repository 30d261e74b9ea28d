"""Plain-text transcripts: `Name: text` lines, the usual export layouts, or no labels at all.

Layouts read (a clock time is 0:03, 00:01:02 or 1:02:03.5):
- `Name: text`, `[00:01:02] Name: text`, `00:01:02 Name: text`;
- a header line naming the speaker, the words on the lines below: `Name  0:03` (Otter, Teams .docx),
  `Name 00:01:02`, `[Name] 10:02:33` (Zoom), `0:03:12 Name` (Teams .docx), `Name:` alone;
- no labels: one utterance per line, or per paragraph when the text is wrapped into paragraphs.
A line without a label in a labelled file continues the utterance above it; after a blank line it
starts a new one by the same speaker. A leading block of `Date:`, `Title:`... lines is metadata.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from mops.brief.transcript_formats.common import (
    CLOCK,
    INLINE_LABEL,
    Piece,
    Turn,
    clock_seconds,
    drop_one_off_labels,
    labels_are_speakers,
    looks_like_speaker,
)

_METADATA = re.compile(r"(date|meeting|title|subject|attendees|participants|recorded|location)\s*:\s*(.*)", re.I)
# a clock time opening the line: [00:01:02], (00:01:02) or 00:01:02 followed by a space
_TIME_FIRST = re.compile(rf"(?:\[({CLOCK})\]|\(({CLOCK})\)|({CLOCK})(?=\s))\s*(?:[-–—|]\s+)?")
_TIME_ONLY = re.compile(rf"\[({CLOCK})\]|\(({CLOCK})\)|{CLOCK}")
_HEADER_TIME_AFTER = re.compile(rf"(.+?)\s+\(?({CLOCK})\)?")
_HEADER_BRACKETED = re.compile(rf"\[([^\]]+)\]\s*:?\s*(?:({CLOCK}))?")

# Preamble handler: a line before the first speaker -> (metadata key, value), or None to keep it as text.
Preamble = Callable[[str, dict[str, str]], tuple[str, str] | None]


class _Line(NamedTuple):
    number: int
    speaker: str | None  # the label, when the line has one that looks like a speaker
    said: str  # the words if the label is a speaker ("" when they follow on the next lines)
    text: str  # the words if it is not (the whole line but a leading clock time)
    time: float | None
    time_of_day: bool = False  # Zoom's `[Name] 10:02:33` is the clock on the wall, not the recording's


def parse_plain(lines: list[str], *, preamble: Preamble | None = None) -> tuple[list[Turn], dict[str, str]]:
    """Turns and header metadata of a plain-text transcript given as its lines (no line ends)."""
    metadata: dict[str, str] = {}
    body_start = _metadata_block(lines, metadata)
    classified = [_classify(i + 1, lines[i]) for i in range(body_start, len(lines))]
    spoken = [c for c in classified if c is not None]
    clock = next((c.time for c in spoken if c.time_of_day), None)
    if clock is not None:  # times of day become seconds since the first one, as the recording's would be
        classified = [c._replace(time=c.time - clock) if c is not None and c.time_of_day else c for c in classified]
        spoken = [c for c in classified if c is not None]
    counts = Counter(c.speaker for c in spoken if c.speaker is not None)
    if labels_are_speakers(counts, len(spoken)):
        one_offs = drop_one_off_labels(counts)
        if one_offs:
            classified = [_unlabel(c) if c is not None and c.speaker in one_offs else c for c in classified]
        return _labelled_turns(classified, metadata, preamble), metadata
    return _unlabelled_turns([None if c is None else _unlabel(c) for c in classified]), metadata


def _metadata_block(lines: list[str], metadata: dict[str, str]) -> int:
    """Read the leading `Key: value` header lines into `metadata`; the index of the first other line."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        found = _METADATA.fullmatch(stripped)
        if found is None:
            return index
        metadata.setdefault(found.group(1).lower(), found.group(2).strip())
    return len(lines)


def _classify(number: int, raw: str) -> _Line | None:
    """What one line holds; None for a blank line."""
    line = raw.strip()
    if not line or _TIME_ONLY.fullmatch(line):  # Google Meet marks every five minutes with a bare time
        return None
    time = None
    rest = line
    first = _TIME_FIRST.match(line)
    if first is not None:
        time = clock_seconds(first.group(1) or first.group(2) or first.group(3))
        rest = line[first.end() :]
    label = INLINE_LABEL.match(rest)
    if label is not None and looks_like_speaker(label.group(1)):
        said = rest[label.end() :].strip()
        return _Line(number, label.group(1).strip(), said, rest, time)
    if first is not None and rest and looks_like_speaker(rest):  # 0:03:12 Dana Lee
        return _Line(number, rest, "", rest, time)
    if first is None:
        header = _HEADER_BRACKETED.fullmatch(line) or _HEADER_TIME_AFTER.fullmatch(line)
        if header is not None and looks_like_speaker(header.group(1)):
            when = clock_seconds(header.group(2)) if header.group(2) else None
            bracketed = header.re is _HEADER_BRACKETED
            return _Line(number, header.group(1).strip(), "", line, when, bracketed and when is not None)
    return _Line(number, None, rest, rest, time)


def _unlabel(line: _Line) -> _Line:
    return line._replace(speaker=None, said=line.text)


def _labelled_turns(lines: list[_Line | None], metadata: dict[str, str], preamble: Preamble | None) -> list[Turn]:
    turns: list[Turn] = []
    current: Turn | None = None
    after_blank = False
    seen_speaker = False
    for line in lines:
        if line is None:
            after_blank = True
            continue
        if line.speaker is not None:
            seen_speaker = True
            current = Turn(line.speaker, start=line.time)
            turns.append(current)
            if line.said:
                current.pieces.append(Piece(line.number, line.said))
        elif not seen_speaker and preamble is not None and (entry := preamble(line.text, metadata)) is not None:
            metadata.setdefault(*entry)
        elif current is None or line.time is not None or (after_blank and current.pieces):
            # a new paragraph: the same speaker goes on (a timed line without a label: nobody known)
            speaker = None if current is None or line.time is not None else current.speaker
            current = Turn(speaker, [Piece(line.number, line.said)], start=line.time)
            turns.append(current)
        else:
            current.pieces.append(Piece(line.number, line.said))
        after_blank = False
    return turns


def _unlabelled_turns(lines: list[_Line | None]) -> list[Turn]:
    """One turn per line, or per paragraph when most paragraphs run over several lines (wrapped prose)."""
    paragraphs: list[list[_Line]] = [[]]
    for line in lines:
        if line is None:
            if paragraphs[-1]:
                paragraphs.append([])
        else:
            paragraphs[-1].append(line)
    paragraphs = [p for p in paragraphs if p]
    wrapped = len(paragraphs) > 1 and sum(len(p) > 1 for p in paragraphs) * 2 > len(paragraphs)
    if not wrapped:
        return [Turn(None, [Piece(line.number, line.text)], start=line.time) for p in paragraphs for line in p]
    return [Turn(None, [Piece(line.number, line.text) for line in p], start=p[0].time) for p in paragraphs]
