"""Evidence that holds: a quote is cited only where it is found, verbatim, in the utterance.

Both extractors cite through here. The offline one quotes the sentence that holds a value; the
model's quotes are checked before any of its values is kept (a quote not found in the utterance it
names is dropped, with an observation, by the caller).
"""

from __future__ import annotations

import re

from mops.brief.transcript import Transcript, Utterance
from mops.models.results import Evidence

# where a sentence ends inside an utterance: ., ! or ? followed by a space (or the end), or a dash
# used as a pause ("UK — open question"); decimals such as 5.5 and "e.g." inside words are not ends
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])|(?<=[.!?][\"'”’)])\s+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, trimmed of surrounding spaces."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence (or sentences, when the span crosses an end) holding text[start:end]."""
    spans = sentence_spans(text)
    first = next((s for s in spans if s[0] <= start < s[1] or start < s[0]), spans[-1] if spans else (0, len(text)))
    last = next((s for s in reversed(spans) if s[0] < end), first)
    return first[0], max(first[1], last[1])


def cite(transcript: Transcript, utterance: Utterance, start: int, end: int, *, note: str | None = None) -> Evidence:
    """Evidence for `utterance.text[start:end]`, quoted exactly as said."""
    return Evidence(
        kind="utterance",
        path=transcript.path,
        line=utterance.line_of(start),
        quote=utterance.text[start:end],
        speaker=utterance.speaker,
        utterance=utterance.id,
        note=note,
    )


def cite_sentence(transcript: Transcript, utterance: Utterance, start: int, end: int, *, note: str | None = None) -> Evidence:
    """Evidence quoting the whole sentence that holds `utterance.text[start:end]`, no more."""
    s, e = sentence_around(utterance.text, start, end)
    return cite(transcript, utterance, s, e, note=note)


def verify_quote(transcript: Transcript, utterance_id: str | None, quote: str | None) -> Evidence | None:
    """Evidence for a quote a model claims `utterance_id` holds; None when it is not found there.

    The quote must appear verbatim in the utterance's text; only runs of whitespace may differ (a
    cue's line breaks). Nothing is searched elsewhere: a right quote under a wrong id is not kept.
    """
    if not utterance_id or not quote or not quote.strip():
        return None
    utterance = transcript.utterance(utterance_id.strip())
    if utterance is None:
        return None
    words = quote.split()
    pattern = r"\s+".join(re.escape(word) for word in words)
    found = re.search(pattern, utterance.text)
    if found is None:
        return None
    return cite(transcript, utterance, found.start(), found.end())
