"""What every transcript reader shares: turns of speech, clock times, and what a speaker label looks like.

A speaker label is the riskiest thing a reader decides: "Recap: eighteen k" or "Note: ask legal" at
the start of a line looks like `Name: text`, and a wrong speaker ends up in the brief as an owner or
the person who decided something. So a label must look like a name or a role (a few capitalised
words, no digits, no link, not a clock time, not a word such as Note or Recap), and a file counts as
labelled only when labels start a fair share of its lines (`labels_are_speakers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

# a clock time as transcripts write it: 0:03, 00:01:02, 1:02:03.456, 00:00:01,000 (SubRip), and the
# over-long fractions some exporters write (00:01:10.1000, read as 70.1 s)
CLOCK = r"\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d+)?"
_CLOCK_FULL = re.compile(CLOCK)
# `Name: text` (or `Name:` alone): the label is whatever precedes the first colon-and-space
INLINE_LABEL = re.compile(r"([^:]{1,48}?)\s*:(?:\s+|$)")


def clock_seconds(text: str, *, checked: bool = False) -> float | None:
    """Seconds in a clock time ("00:01:02.5" -> 62.5); None when `text` is not one. `checked`: the
    caller's pattern matched `text` with CLOCK already."""
    if not checked and _CLOCK_FULL.fullmatch(text) is None:
        return None
    seconds = 0.0
    parts = text.replace(",", ".").split(":")
    for part in parts[:-1]:
        seconds = seconds * 60 + int(part)
    return seconds * 60 + float(parts[-1])


class Piece(NamedTuple):
    """Words of one turn that sit on one file line."""

    line: int  # 1-based file line
    text: str  # as in the file, markup removed, stripped


@dataclass(slots=True)
class Turn:
    """One speaker's stretch of speech before it is numbered into an `Utterance`."""

    speaker: str | None
    pieces: list[Piece] = field(default_factory=list)
    start: float | None = None
    end: float | None = None
    # a cue's first turn, which may carry on the sentence of the cue before (see cues.join_continued)
    may_continue: bool = False


# Labels that open a line the way `Name:` does but name no one: minutes, captions and sound notes.
# Metadata keys are here too, because past the header block "Date: Monday" is something said.
_NOT_SPEAKERS = frozenset(
    """
    note notes nb recap summary agenda action actions todo to-do decision decisions question questions
    answer q a re fwd fw cc bcc subject date time title meeting topic attendees participants recorded
    location duration update updates reminder important warning tip example ps p.s. budget total goal
    goals objective objectives kpi kpis status result results outcome conclusion owner owners deadline
    price cost offer channels audience dates copy link url email phone mobile next steps risks risk
    open open question open questions action items next step follow-up follow up done edit transcript
    caption captions translation speaker unknown music applause laughter laughs inaudible crosstalk
    silence noise foreign sighs chuckles indistinct background noise okay ok yes yeah no right so well
    hi hello hey thanks thank you sure great good fine um uh mm hmm also and but then now edit see
    warning info error http https www mailto tel
    monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
    """.split()
) | frozenset(
    {
        "next steps", "action items", "open question", "open questions", "follow up", "thank you",
        "background noise", "to do", "key takeaways", "takeaways", "no audio", "sound",
    }
)
_PARTICLES = frozenset("van von der den de da di du del della dos das le la ten ter bin al ibn y zu".split())
# Otter, Zoom and Teams name people they cannot tell apart "Speaker 1", "Unknown Speaker", "Guest 2"
_NUMBERED_SPEAKER = re.compile(r"(?:Speaker|Participant|Guest|Person|Sprecher|Teilnehmer|Unknown Speaker)\s*\d{1,3}")
_QUALIFIER = re.compile(r"\s*\([^()]{1,30}\)$")  # "Dana Lee (Guest)", "Priya Nair (Fjordline)"
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’.\-]*(?:['’.\-][^\W\d_]*)*\.?")
_MAX_LABEL_CHARS = 48
_MAX_NAME_WORDS = 4


def looks_like_speaker(label: str) -> bool:
    """Whether `label` (the part before `:`) can name a person or a role.

    "Dana Lee", "Malte Sørensen", "Anna van der Berg", "Project Manager", "Weber, Jonas",
    "Speaker 2", "Dana Lee (Guest)" can; "Recap", "Note", "so the plan", "10:30", "https" cannot.
    """
    label = label.strip()
    if not label or len(label) > _MAX_LABEL_CHARS or label.lower() in _NOT_SPEAKERS:
        return False
    if _NUMBERED_SPEAKER.fullmatch(label):
        return True
    label = _QUALIFIER.sub("", label)
    parts = label.split(",")
    if len(parts) > 2:
        return False
    return all(_looks_like_name(part) for part in parts)


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not words or name.lower() in _NOT_SPEAKERS:
        return False
    capitalised = 0
    for word in words:
        if word.lower() in _PARTICLES:
            continue
        if _NAME_WORD.fullmatch(word) is None or not word[0].isupper():
            return False
        capitalised += 1
    return 1 <= capitalised <= _MAX_NAME_WORDS


def labels_are_speakers(counts: dict[str, int], text_lines: int) -> bool:
    """Whether a file of `text_lines` lines, where each label in `counts` starts that many lines, is
    a labelled transcript.

    One odd "Sven: ..." line in a page of unlabelled text must not invent a speaker; a transcript
    whose every other line is a `Name  0:03` header, whose utterances wrap over a few lines, or where
    two people talk between long monologues, is still labelled.
    """
    labelled_lines = sum(counts.values())
    if labelled_lines == 0:
        return False
    if labelled_lines * 2 >= text_lines:
        return True
    if labelled_lines >= 2 and labelled_lines * 10 >= text_lines:
        return True
    return sum(1 for n in counts.values() if n >= 2) >= 2


def drop_one_off_labels(counts: dict[str, int]) -> set[str]:
    """Labels to read as text although they look like names: said once, single-word, in a file whose
    recurring speakers all have full names ("Dana Lee", "Jonas Weber" and then one "Budgets: ...")."""
    recurring = [name for name, n in counts.items() if n >= 2]
    if not recurring or any(len(name.split()) == 1 for name in recurring):
        return set()
    return {name for name, n in counts.items() if n == 1 and len(name.split()) == 1}


# ., !, ? or … at the end, maybe followed by a closing quote or bracket
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def ends_sentence(text: str) -> bool:
    """Whether `text` ends a sentence (so the next cue starts a new one)."""
    return _SENTENCE_END.search(text) is not None
