"""Timed cues, as WebVTT and SubRip share them: find them, clean their text, name their speakers,
and join the pieces of a sentence that the exporter cut over several cues."""

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
    ends_sentence,
    labels_are_speakers,
    looks_like_speaker,
)
from mops.errors import InputError

_TIMING = re.compile(rf"\s*({CLOCK})\s*-->\s*({CLOCK})(?:\s.*)?")  # then cue settings: align:start...
# formatting tags of WebVTT (<c.yellow>, <i>, <b>, <u>, <ruby>, <rt>, <lang en>, </v>) and SubRip
# (<font color=...>, <s>), and WebVTT's karaoke timestamps <00:00:01.000>; a bare "<" in text stays
_TAG = re.compile(
    r"</?(?:c|i|b|u|s|v|ruby|rt|lang|font|span)(?:\.[^\s>]*)?(?:\s[^>]*)?>|<\d+(?::\d+){1,2}[.,]\d+>",
    re.IGNORECASE,
)
_ASS_OVERRIDE = re.compile(r"\{\\[^}]*\}")  # {\an8} positioning codes some SubRip files carry
_ENTITY = re.compile(r"&(amp|lt|gt|nbsp|quot|apos|lrm|rlm|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
# &nbsp; becomes a plain space: people and models quote it as one, and quotes must be found verbatim
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "nbsp": " ", "quot": '"', "apos": "'", "lrm": "", "rlm": ""}
_BRACKET_LABEL = re.compile(r"\[([^\]]{1,48})\]\s*:?(?:\s+|$)")
# how far apart two cues may be and still carry one sentence (Teams and Zoom leave no gap at all)
_MAX_GAP_SECONDS = 2.0


class Cue(NamedTuple):
    """A cue: its timing line, times, and payload lines as in the file (markup still in)."""

    timing_line: int
    start: float
    end: float
    lines: list[Piece]


def scan_cues(lines: list[str], first: int, *, display: str, skip_block: Callable[[str], bool]) -> list[Cue]:
    """The cues in `lines[first:]`. A cue is an optional identifier line, a timing line
    (`start --> end [settings]`) and text lines up to a blank line. A block `skip_block` names (WebVTT's
    NOTE, STYLE, REGION) is skipped; text after a blank line inside a cue is kept with that cue;
    stray text before the first cue is not speech and is left out."""
    cues: list[Cue] = []
    i, n = first, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if "-->" in line:
            timing_at = i
        elif i + 1 < n and "-->" in lines[i + 1]:
            timing_at = i + 1  # lines[i] is the cue's identifier: a number, or a Teams id
        elif skip_block(line):
            while i < n and lines[i].strip():
                i += 1
            continue
        else:
            end = max(_payload_end(lines, i), i + 1)
            if cues:
                cues[-1].lines.extend(Piece(k + 1, lines[k]) for k in range(i, end))
            i = end
            continue
        start, end = _timing(lines[timing_at], timing_at + 1, display)
        j = _payload_end(lines, timing_at + 1)
        cues.append(Cue(timing_at + 1, start, end, [Piece(k + 1, lines[k]) for k in range(timing_at + 1, j)]))
        i = j
    return cues


def _payload_end(lines: list[str], i: int) -> int:
    """Index just past the text lines starting at `i`: up to a blank line or the next cue's timing."""
    n = len(lines)
    while i < n and lines[i].strip() and "-->" not in lines[i]:
        if i + 1 < n and "-->" in lines[i + 1] and lines[i].strip().isdigit():
            break  # a SubRip index with no blank line before it
        i += 1
    return i


def _timing(line: str, number: int, display: str) -> tuple[float, float]:
    found = _TIMING.fullmatch(line)
    if found is None:
        shown = line.strip() if len(line.strip()) <= 60 else line.strip()[:57] + "..."
        raise InputError(
            f"cue timing not understood: {shown!r}",
            path=display,
            line=number,
            hint="a cue timing reads like '00:01:02.000 --> 00:01:05.000' (hours optional); "
            "correct this line or export the transcript again",
        )
    return clock_seconds(found.group(1), checked=True), clock_seconds(found.group(2), checked=True)


def clean(text: str) -> str:
    """Cue text without tags and with HTML entities decoded, stripped."""
    if "<" in text:
        text = _TAG.sub("", text)
    if "{\\" in text:
        text = _ASS_OVERRIDE.sub("", text)
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    return text.strip()


def _entity(found: re.Match[str]) -> str:
    name = found.group(1)
    if name[0] == "#":
        code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        return chr(code) if 0 < code < 0x110000 else found.group(0)
    return _ENTITIES[name]


def name_speakers(turns: list[Turn]) -> None:
    """Read `Name: text` or `[Name] text` at the start of turns that have no speaker yet (Zoom writes
    names that way inside cues), when enough turns carry one to make the file a labelled one."""
    labels: dict[int, tuple[str, int]] = {}
    for index, turn in enumerate(turns):
        if turn.speaker is not None or not turn.pieces:
            continue
        text = turn.pieces[0].text
        found = INLINE_LABEL.match(text) or _BRACKET_LABEL.match(text)
        if found is not None and looks_like_speaker(found.group(1)):
            labels[index] = (found.group(1).strip(), found.end())
    unnamed = sum(1 for t in turns if t.speaker is None and t.pieces)
    counts = Counter(name for name, _ in labels.values())
    if not labels_are_speakers(counts, unnamed):
        return
    one_offs = drop_one_off_labels(counts)
    for index, (name, cut) in labels.items():
        if name in one_offs:
            continue
        turn = turns[index]
        turn.speaker = name
        first = turn.pieces[0]
        rest = first.text[cut:].strip()
        if rest:
            turn.pieces[0] = Piece(first.line, rest)
        else:
            del turn.pieces[0]


def join_continued(turns: list[Turn]) -> list[Turn]:
    """Turns with text, where a cue that carries on the previous cue's sentence, by the same speaker,
    is joined to it.

    Teams and Zoom cut captions every few seconds, mid-sentence ("So finance signed off on fifty-two"
    | "thousand euros total."). Left apart, neither half holds the sentence a value is quoted from,
    and the number itself may be cut in two. A cue continues the one before when the speaker is the
    same, the earlier text does not end a sentence, and the two are close in time. A file without
    any sentence punctuation (automatic captions) is never joined when speakers are unknown: nothing
    would stop the join before the end of the file.
    """
    spoken = [t for t in turns if t.pieces]
    punctuated = any(ends_sentence(t.pieces[-1].text) for t in spoken)
    joined: list[Turn] = []
    for turn in spoken:
        before = joined[-1] if joined else None
        if (
            before is not None
            and turn.may_continue
            and turn.speaker == before.speaker
            and (turn.speaker is not None or punctuated)
            and not ends_sentence(before.pieces[-1].text)
            and _close(before.end, turn.start)
        ):
            before.pieces.extend(turn.pieces)
            before.end = turn.end if turn.end is not None else before.end
        else:
            joined.append(turn)
    return joined


def _close(end: float | None, start: float | None) -> bool:
    return end is None or start is None or start - end <= _MAX_GAP_SECONDS
