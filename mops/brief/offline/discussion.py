"""What the meeting decided, left open, worried about, and set out to achieve.

Open questions come from what people said they could not settle ("Let's put Aurora stock as an open
question", "UK — open question", "I'll check with the warehouse. I don't know yet."): the question is
the one asked just before, by someone else, with both quotes kept. Decisions come from explicit words
("write down that...", "that's a rule", "let's go with", "Done."), risks from worry words, objectives
from "the goal is to...", "we're aiming to...".
"""

from __future__ import annotations

import re

from mops.brief.offline.common import Candidate, Draft, cite
from mops.brief.offline.people import PeopleIndex
from mops.brief.sentences import Meeting, Sentence

OPEN_QUESTION = re.compile(
    r"\b(?:open question|open point|leave it open|leave that open|keep it open|(?:is|are|stays?|remains?) open|"
    r"park (?:it|that)|parking lot|tbd|"
    r"to be confirmed|to be decided|(?:I )?don't know yet|not sure yet|(?:I'll|I will|I'd have to|I need to|we need to|have to) "
    r"(?:check|ask|find out|confirm)|pending|waiting (?:for|on))\b",
    re.IGNORECASE,
)
_DECISION = re.compile(
    r"\b(?:we agreed|we've agreed|agreed that|let's go with|we'll go with|we go with|(?:we )?decided|write (?:it )?down that|"
    r"that's a rule|final answer|let's write|let's say|let's make it|we'll do|the decision is|we're going with|no budget for)\b",
    re.IGNORECASE,
)
_BARE_YES = re.compile(r"^\W*(?:done|agreed|deal|settled|decided|fine|that's settled)\W*$", re.IGNORECASE)
_RISK = re.compile(
    r"\b(?:risk|risky|worried|worry|concern(?:ed)?|nervous|might not|may not|could (?:fail|miss|slip)|sell out|sold out|"
    r"run out of (?:stock|budget|money)|out of stock|stock is low|is low|definitely is low|ambitious|tight|cannibali[sz]es?|delay|"
    r"can take (?:up to )?(?:\w+ )?(?:days|weeks|hours)|bottleneck|frequency was terrible|fatigue)\b",
    re.IGNORECASE,
)
_OBJECTIVE = re.compile(
    r"\b(?:the goal is to|our goal is|objective is|the objective|we want to (?:sell|reach|grow|drive|clear|launch|get|move|build|"
    r"increase|win|bring)|aim(?:ing)? (?:is )?to|aiming for|the point is to|we need to (?:sell|clear|move|get rid)|"
    r"it's a (?:product|brand|sales|awareness|launch|clearance) campaign|wants? it gone|designing a new)\b",
    re.IGNORECASE,
)
_NOT_OBJECTIVE = re.compile(r"\b(?:today|this meeting|the meeting|this call)\b", re.IGNORECASE)
_LOOKBACK = 4  # turns an open question may point back over


def extract_discussion(meeting: Meeting, draft: Draft, people: PeopleIndex) -> None:
    _open_questions(meeting, draft, people)
    _decisions(meeting, draft)
    _statements(meeting, draft, "risks", _RISK)
    _statements(meeting, draft, "objectives", _OBJECTIVE, exclude=_NOT_OBJECTIVE)
    if not draft.get("objectives"):
        draft.ask("Objective not stated: what must the campaign achieve?", about="objectives")


def _question_before(meeting: Meeting, sentence: Sentence) -> Sentence | None:
    """The question the meeting left open: the last one asked in the few turns before. A guess
    said with a question mark ("It's EN 343, I think class four?") is not a question put to anyone."""
    for other in reversed(meeting.sentences[: sentence.index]):
        if other.turn < sentence.turn - _LOOKBACK:
            break
        if other.is_question and len(other.text.split()) > 1 and not _GUESS.search(other.text):
            if _AGENDA.match(other.text):
                # "Open stuff?" - "Whether we do TikTok.": the answer names what stays open
                answer = next((s for s in meeting.sentences[other.index + 1 : sentence.index + 1] if s.turn > other.turn), None)
                return answer if answer is not None and answer is not sentence else None
            return other
    return None


_AGENDA = re.compile(r"^\W*(?:any|anything|what(?:'s| is)?|other|more)?\s*(?:open|else|other|more)?\s*(?:stuff|points?|questions?|issues?|items?|else)?\W*$", re.IGNORECASE)


_GUESS = re.compile(r"\b(?:I think|I guess|I believe|I suppose)\b", re.IGNORECASE)


def _question_text(meeting: Meeting, question: Sentence) -> tuple[str, list[Sentence]]:
    """A question that reads on its own: "Do we have it?" takes the sentence before it along."""
    if len(question.text.split()) < 6 and question.index > 0:
        previous = meeting.sentences[question.index - 1]
        if previous.turn == question.turn:
            return f"{previous.text} {question.text}", [previous, question]
    return question.text, [question]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]{2,}", text.lower()) if w not in _STOP}


_STOP = frozenset("the and for are was were you your our this that with from have has can what about there open question put "
                  "let's lets leave not yet don't know it is we to of as an on please write down make note mark put that this a "
                  "then okay ok so".split())


def _open_questions(meeting: Meeting, draft: Draft, people: PeopleIndex) -> None:
    asked: set[int] = set()
    for sentence in meeting.sentences:
        cue = OPEN_QUESTION.search(sentence.text)
        if not cue or sentence.past:
            continue
        subject = None if sentence.is_question else _subject(sentence, cue)
        if subject and any(_words(subject) and _words(subject) <= _words(q["text"]) | _words(" ".join(e.quote or "" for e in q["evidence"])) for q in draft.questions):
            continue  # "Let's put Aurora stock as an open question" after "is there stock?" was already taken down
        question = sentence if sentence.is_question else _question_before(meeting, sentence)
        by = None
        if re.search(r"\b(?:I'll|I will|I'd have to|I need to)\b", sentence.text):
            by = people.speaker(sentence)
        named = [name for name, _, _ in people.names_in(sentence)]
        if named:
            by = named[0]
        if subject and question is not None and not _words(subject) & _words(question.text):
            question = None  # the question just before is about something else: the sentence names its subject
        if question is not None:
            if question.index in asked:
                continue
            asked.add(question.index)
            text, sentences = _question_text(meeting, question)
            evidence = [cite(meeting, Candidate(None, s, s.start, s.end)) for s in sentences]
            if sentence is not question:
                evidence.append(cite(meeting, Candidate(None, sentence, sentence.start, sentence.end)))
        else:
            if not subject:
                continue
            text = subject
            evidence = [cite(meeting, Candidate(None, sentence, sentence.start, sentence.end))]
        draft.ask(text, evidence, by=by)


def _subject(sentence: Sentence, cue: re.Match[str]) -> str | None:
    """What "Let's put Aurora stock as an open question" or "UK — open question" leaves open."""
    text = sentence.text
    found = re.search(r"\b(?:put|keep|leave|mark)\s+(.+?)\s+(?:as|down as)\s+(?:an?\s+)?open", text, re.IGNORECASE)
    if found:
        subject = found.group(1).strip()
    elif re.match(r"open (?:question|point)", cue.group(), re.IGNORECASE):
        before = text[: cue.start()].strip(" —–-:,.")
        after = text[cue.end() :].strip(" —–-:,.")
        subject = before or after
    else:
        return None
    subject = re.sub(r"^(?:so|okay|ok|then|and|right)\b[\s,]*", "", subject, flags=re.IGNORECASE).strip()
    return subject[0].upper() + subject[1:] if _words(subject) else None


def _decisions(meeting: Meeting, draft: Draft) -> None:
    seen: set[int] = set()
    for sentence in meeting.sentences:
        if sentence.past or sentence.is_question or OPEN_QUESTION.search(sentence.text):
            continue
        target: Sentence | None = None
        cue = _DECISION.search(sentence.text)
        if cue and sentence.denies(sentence.start + cue.start()):
            continue  # "Nothing is decided"
        if cue:
            # "That's a rule." settles the sentence before it; "Write down that Malte decides..." itself
            target = sentence if len(sentence.text.split()) >= 5 else _decided(meeting, sentence)
        elif _BARE_YES.match(sentence.text):
            target = _decided(meeting, sentence)
        if target is None or target.index in seen or len(target.text.split()) < 2:
            continue
        seen.add(target.index)
        question = _answered(meeting, target)
        text = re.sub(r"^\W*(?:okay|ok|so|fine|yes|good|right)[.,!]?\s+", "", target.text, flags=re.IGNORECASE)
        text = re.sub(r"^(?:write (?:it )?down that|we agreed(?: that)?|agreed that)\s+", "", text, flags=re.IGNORECASE)
        text = text[0].upper() + text[1:]
        evidence = [cite(meeting, Candidate(None, target, target.start, target.end))]
        if question is not None:
            text = f"{question.text} {text}"
            evidence.insert(0, cite(meeting, Candidate(None, question, question.start, question.end)))
        if target is not sentence:
            evidence.append(cite(meeting, Candidate(None, sentence, sentence.start, sentence.end)))
        item = {"text": text.rstrip(), "evidence": evidence}
        if target.speaker:
            item["by"] = target.speaker
        draft.add("decisions", item)


def _answered(meeting: Meeting, target: Sentence) -> Sentence | None:
    """The question a short answer settles ("Anything on influencers?" - "Not this year.")."""
    if len(target.text.split()) >= 5:
        return None
    for other in reversed(meeting.sentences[: target.index]):
        if other.turn < target.turn - 1:
            return None
        if other.is_question and other.speaker != target.speaker:
            return other
    return None


def _decided(meeting: Meeting, sentence: Sentence) -> Sentence | None:
    """What a bare "Done." or "That's a rule." settles: the sentence before it in the same turn, or
    a proposal ("let's...") in the turn before."""
    following = meeting.sentences[sentence.index + 1] if sentence.index + 1 < len(meeting.sentences) else None
    if following is not None and following.turn == sentence.turn and not following.is_question:
        return following  # "Fine. Fourth of January, ramp from the eleventh."
    if sentence.index > 0:
        previous = meeting.sentences[sentence.index - 1]
        if previous.turn == sentence.turn and not previous.is_question and not _BARE_YES.match(previous.text):
            return previous
        if previous.turn == sentence.turn - 1:
            proposals = [s for s in meeting.in_turn(previous.turn) if re.search(r"\blet's\b", s.text, re.IGNORECASE) and not OPEN_QUESTION.search(s.text)]
            return proposals[-1] if proposals else None
    return None


def _statements(meeting: Meeting, draft: Draft, field: str, pattern: re.Pattern[str], exclude: re.Pattern[str] | None = None) -> None:
    seen: set[str] = set()
    for sentence in meeting.sentences:
        cue = pattern.search(sentence.text)
        if sentence.past or sentence.is_question or not cue or sentence.denies(sentence.start + cue.start()):
            continue  # "I wouldn't worry too much" is no risk
        if exclude is not None and exclude.search(sentence.text):
            continue
        key = sentence.text.lower()
        if key in seen:
            continue
        seen.add(key)
        item = {"text": sentence.text, "evidence": [cite(meeting, Candidate(None, sentence, sentence.start, sentence.end))]}
        if sentence.speaker:
            item["by"] = sentence.speaker
        draft.add(field, item)
