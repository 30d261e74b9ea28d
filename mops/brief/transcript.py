"""Kickoff transcripts as utterances: who said what, when, and on which line of the file.

An utterance's `id` (u1, u2, ...) is its position in the transcript, stable for a given file; its
`line` is the 1-based line of the file its text starts on, and `line_of(offset)` maps a position in
`text` back to a file line for cues whose text spans several lines.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


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
