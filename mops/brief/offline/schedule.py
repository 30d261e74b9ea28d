"""The flight (first and last day) and the deliverables with their deadlines.

A date becomes the start or the end only when the words around it say so: a range ("sixteenth of
November to first of December"), a start word ("starting Monday the sixteenth") or an end word
("we run through Cyber Monday ... so Tuesday December first": the last date after the word wins).
Dates of events ("Black Friday is the twenty-seventh"), of ramps ("ramp from the eleventh") and of
deadlines ("copy by the thirtieth of October") are not the flight; deadlines become deliverables.
"Make it the nineteenth" revises the date said just before.
"""

from __future__ import annotations

import datetime as dt
import re

from mops.brief.dates import DateMention
from mops.brief.offline.common import Candidate, Draft, cite, settle
from mops.brief.offline.people import PeopleIndex
from mops.brief.sentences import Meeting, Sentence

_START = re.compile(r"\b(?:start(?:ing|s)?|launch(?:ing|es)?|go(?:ing)? live|kick(?:ing)? off|begin(?:ning|s)?|from|opens?|opening)\b", re.IGNORECASE)
_END = re.compile(r"\b(?:end(?:ing|s)?|through|thru|last day|wrap(?:s|ping)? up|finish(?:es|ing)?|to|until|till|stop(?:s|ping)?|closes?|closing)\b", re.IGNORECASE)
_RUN_WORDS = re.compile(r"\b(?:run|runs|running|live|campaign|flight|go|start|end|appeal|promotion|sale|drive|push)\b", re.IGNORECASE)
# words between a cue and its date that make the date something else than the flight's edge
_BLOCKERS = re.compile(
    r"\b(?:ramp|ramps|ramping|scale|boost|peak|public|before|after|review|send|sends|deadline|ready|draft|due|by|"
    r"returns|shipping|off|out|price|prices|pricing|discount|offer|because|since)\b",
    re.IGNORECASE,
)
_DEADLINE = re.compile(r"\b(?:by|due|deadline(?: is)?|no later than|before)\b[\s,]*(?:say,?\s*|the latest\s*)?$", re.IGNORECASE)
_REVISION = re.compile(r"^\W*(?:make it|let's say|let's make it|rather|actually|no,|better)\b", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^[\s,]*(?:to|through|thru|until|till|-|–)[\s,]*(?:the\s+)?$", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
_AWAY = re.compile(r"\b(?:I'm|I am|he's|she's|they're|we're) (?:on|off|out|away)\b|\b(?:holiday|vacation|on leave|out of office)\b", re.IGNORECASE)
_OTHERS = re.compile(r"\b(?:competitors?|competition|they|others|everyone else|the market)\s+(?:\w+\s+)?$", re.IGNORECASE)
_CONDITIONAL = re.compile(r"^\W*(?:if|when|unless|once|in case)\b", re.IGNORECASE)
_THING_PREFIX = re.compile(
    r"^\s*(?:so|and|then|okay|ok|yes|also|plus|oh|well|um|uh)?[\s,]*"
    r"(?:(?:I|we|you|he|she|they)(?:'ll| will| can| could| should| must| need to| have to)?\s+(?:have|get|send|deliver|finish|do|need)|"
    r"let's have|can you have|I'd like|we need)?\s*",
    re.IGNORECASE,
)
_THING_SUFFIX = re.compile(r"[\s,]*(?:ready|done|finished|in place|out|live|delivered|signed off)?[\s,]*$", re.IGNORECASE)
_NEED = re.compile(r"\b(?:needs? to be|need to|should be|must be|has to be|have to be|will be)\s+", re.IGNORECASE)


def _day_dates(sentence: Sentence) -> list[DateMention]:
    """Dates precise enough to be a flight's edge: days, and calendar weeks (a week starts on its
    Monday and ends on its Sunday)."""
    return [d for d in sentence.dates if d.precision == "day" or d.precision == "week" and d.last is not None]


def _last_day(d: DateMention) -> dt.date:
    return d.last if d.precision == "week" and d.last is not None else d.date


def _between(sentence: Sentence, start: int, end: int) -> str:
    return sentence.utterance.text[start:end]


def extract_schedule(meeting: Meeting, draft: Draft, people: PeopleIndex) -> None:
    starts: list[Candidate] = []
    ends: list[Candidate] = []
    deliverables: dict[str, list[Candidate]] = {}
    last_dated: list[tuple[str, Candidate]] = []  # what "make it the nineteenth" would revise

    for sentence in meeting.sentences:
        dates = _day_dates(sentence)
        if not dates or sentence.past:
            continue
        firm = not sentence.is_question and not sentence.tentative
        if _REVISION.match(sentence.text) and last_dated and last_dated[-1][1].sentence.turn >= sentence.turn - 2:
            kind, previous = last_dated[-1]
            revised = Candidate(_revise(previous.value, dates[0]), sentence, dates[0].start, dates[0].end, firm)
            {"start": starts, "end": ends}.get(kind, deliverables.setdefault(kind, [])).append(revised)
            continue
        used: set[int] = set()
        for first, second in zip(dates, dates[1:]):
            joined = _RANGE_JOIN.match(_between(sentence, first.end, second.start)) or (
                re.match(r"^[\s,]*and[\s,]*(?:the\s+)?$", _between(sentence, first.end, second.start))
                and _BETWEEN.search(_between(sentence, sentence.start, first.start))
            )
            until = re.search(r"\b(?:until|till)\b", _between(sentence, first.end, second.start), re.IGNORECASE)
            if until and not _RUN_WORDS.search(sentence.text):
                joined = None  # "I'm on Black Friday until December second": someone's week, not the flight
            if joined and _deadline_before(sentence, first) is None and not _AWAY.search(sentence.text):
                if first.date <= second.date:
                    starts.append(Candidate(first.date, sentence, first.start, first.end, firm))
                    ends.append(Candidate(_last_day(second), sentence, second.start, second.end, firm))
                    used.update((first.start, second.start))
                    last_dated.append(("end", ends[-1]))
        for date in dates:
            if date.start in used:
                continue
            if date.precision == "week" and date.last - date.date > dt.timedelta(days=7) and (
                _RUN_WORDS.search(sentence.text) or sentence.topic == "dates" or re.search(r"\bwhole thing\b", sentence.text, re.IGNORECASE)
            ):
                # "the whole thing is weeks 8 to 13": one mention, both edges
                starts.append(Candidate(date.date, sentence, date.start, date.end, firm))
                ends.append(Candidate(date.last, sentence, date.start, date.end, firm))
                last_dated.append(("end", ends[-1]))
                continue
            deadline = _deadline_before(sentence, date)
            if deadline is not None and _CONDITIONAL.match(sentence.text):
                continue  # "If search runs dry before Cyber Monday...": a condition, not a deadline
            if deadline is not None:
                thing, owner = _deliverable(sentence, deadline, people, meeting)
                if thing:
                    key = thing.lower()
                    deliverables.setdefault(key, []).append(Candidate((thing, date.date, owner), sentence, date.start, date.end, firm))
                    last_dated.append((key, deliverables[key][-1]))
                continue
            cue = _cue_before(sentence, date)
            if cue == "start":
                starts.append(Candidate(date.date, sentence, date.start, date.end, firm))
                last_dated.append(("start", starts[-1]))
            elif cue == "end" and date is dates[-1]:  # "run through Cyber Monday, ... so Tuesday December first"
                ends.append(Candidate(_last_day(date), sentence, date.start, date.end, firm))
                last_dated.append(("end", ends[-1]))

    _month_ranges(meeting, starts, ends)
    start = settle(meeting, starts)
    end = settle(meeting, ends)
    if start is not None:
        draft.set("start", start.value, start.evidence)
    if end is not None:
        draft.set("end", end.value, end.evidence)
    if start is not None and end is not None and end.value < start.value:
        draft.observe(f"the last day said ({end.value}) is before the first ({start.value}); both left for a person to settle",
                      "BRIEF-DATES", start.evidence[:1] + end.evidence[:1], severity="warning")
        draft.fields.pop("end", None)
        draft.evidence.pop("end", None)
        draft.ask(f"Flight: the end said ({end.value}) is before the start ({start.value})", start.evidence[:1] + end.evidence[:1])
    if start is None and end is None:
        draft.ask("Flight dates not stated", about="start")
    elif start is None:
        draft.ask("Start date not stated", about="start")
    elif end is None or "end" not in draft.fields:
        draft.ask("End date not stated", about="end")
    for key, candidates in deliverables.items():
        settled = settle(meeting, candidates, key=lambda v: v[1])
        if settled is None:
            continue
        thing, due, owner = settled.value
        item = {"what": thing, "due": due, "evidence": settled.evidence}
        if owner:
            item["owner"] = owner
        draft.add("deliverables", item)
    for sentence in meeting.sentences:
        for date in _day_dates(sentence):
            if date.weekday_mismatch and not sentence.past:
                draft.observe(f"'{date.text}': the weekday said does not fall on {date.date:%A %d %B %Y}",
                              "BRIEF-DATES", [cite(meeting, Candidate(date.date, sentence, date.start, date.end))], severity="warning")


def _month_ranges(meeting: Meeting, starts: list[Candidate], ends: list[Candidate]) -> None:
    """A flight said in months ("April to June", "April, May and June") runs from the first day of the
    first to the last day of the last: the meeting's own words, not a guess of days. Said only when
    no day-precise date settles that edge."""
    for sentence in meeting.sentences:
        months = [d for d in sentence.dates if d.precision == "month" and d.last is not None]
        if len(months) < 2 or sentence.past or sentence.is_question:
            continue
        first, last = months[0], months[-1]
        between = sentence.utterance.text[first.end : last.start]
        if not re.fullmatch(r"[\s,]*(?:to|through|thru|until|till|-|–|and|(?:\w+[\s,]+)*?and)[\s,]*", between, re.IGNORECASE):
            continue
        if first.date <= last.date:
            starts.insert(0, Candidate(first.date, sentence, first.start, first.end, not sentence.tentative))
            ends.insert(0, Candidate(last.last, sentence, last.start, last.end, not sentence.tentative))


def _revise(previous: object, date: DateMention) -> object:
    if isinstance(previous, tuple):
        thing, _, owner = previous
        return (thing, date.date, owner)
    return date.date


def _clause_start(sentence: Sentence, offset: int) -> int:
    text = sentence.utterance.text
    breaks = [m.end() for m in re.finditer(r"[,;:—–]", text[sentence.start : offset])]
    # ", say," inside "ready by, say, October twentieth" does not end the clause
    while breaks and re.fullmatch(r"[\s,]*(?:say|let's say)?[\s,]*", text[sentence.start + breaks[-1] : offset]):
        breaks.pop()
    return sentence.start + (breaks[-1] if breaks else 0)


def _deadline_before(sentence: Sentence, date: DateMention) -> int | None:
    """Where deadline words ("by", "due", "ready by, say,") right before the date begin, if any."""
    window = max(sentence.start, date.start - 30)
    found = _DEADLINE.search(sentence.utterance.text[window : date.start])
    return window + found.start() if found else None


def _cue_before(sentence: Sentence, date: DateMention) -> str | None:
    """'start' or 'end' when the nearest cue before the date, in its sentence, is one."""
    text = sentence.utterance.text[sentence.start : date.start]
    cues = [(m.end(), "start") for m in _START.finditer(text)] + [(m.end(), "end") for m in _END.finditer(text)]
    if not cues:
        return None
    position, kind = max(cues)
    if any(position <= d.start - sentence.start < date.start - sentence.start for d in sentence.dates if d is not date):
        return None  # "we start on the first of November ... because of the early Black Friday": the cue is the first date's
    cue_word_start = max((m.start() for m in (_START if kind == "start" else _END).finditer(text) if m.end() == position), default=position)
    if _OTHERS.search(text[:cue_word_start]):
        return None  # "the competitors start on the second": someone else's start
    between = text[position:]
    if _BLOCKERS.search(between) or _BLOCKERS.search(text[max(0, position - 25) : position]):
        return None
    word = text[:position].split()[-1].lower() if text[:position].split() else ""
    if kind == "end" and word in ("to", "until", "till") and not _RUN_WORDS.search(sentence.text):
        return None
    if kind == "start" and word == "from" and not _RUN_WORDS.search(sentence.text):
        return None
    return kind


def _deliverable(sentence: Sentence, end: int, people: PeopleIndex, meeting: Meeting) -> tuple[str | None, str | None]:
    """What is due ("Copy first draft", "Ads in the accounts") and who said they would deliver it."""
    text = sentence.utterance.text
    start = _clause_start(sentence, end)
    raw = text[start:end]
    thing = _THING_PREFIX.sub("", raw, count=1)
    thing = _NEED.sub("", thing)
    thing = _THING_SUFFIX.sub("", thing).strip(" ,.;")
    if not re.search(r"[A-Za-z]{3}", thing):
        return None, None
    if len(thing.split()) == 1 and start > sentence.start:
        # "Copy first draft by the 30th, final by the 6th": "final" borrows its noun from the clause before
        head = text[sentence.start : start].split()
        if head:
            thing = f"{head[0].strip(',')} {thing}"
    owner = None
    names = [n for n in people.names_in(sentence) if start <= n[1] < end]
    if names:
        owner = names[0][0]
        thing = re.sub(rf"^\s*{re.escape(text[names[0][1]:names[0][2]])}\W*", "", thing).strip() or thing
    elif re.search(r"\b(?:I'll|I will|I can|I'm)\b", raw):
        owner = people.speaker(sentence)
    return thing[0].upper() + thing[1:], owner
