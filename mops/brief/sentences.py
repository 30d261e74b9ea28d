"""A transcript read sentence by sentence, with what each sentence holds and how it is said.

The offline extractor never looks at raw text: it looks at `Sentence`s, each knowing its
quantities, dates and channel mentions, the meeting topic it falls under ("Budget." ... "Dates."),
and how it is said: a question, about the past ("last year we spent..."), tentative ("maybe",
"I'd ask for"). Those flags are what keep last year's figures, proposals that were turned down and
counts of things out of this campaign's brief.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from mops.brief.channels import ChannelLexicon, ChannelMention
from mops.brief.dates import DateMention, find_dates
from mops.brief.grounding import sentence_spans
from mops.brief.numbers import Quantity, find_quantities
from mops.brief.transcript import Transcript, Utterance

# A sentence that only names a topic ("Budget.", "Dates?", "Channels then.", "KPIs. Malte?") opens
# that part of the meeting; what follows belongs to it until the next topic.
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "budget": ("budget", "budgets", "money", "finance", "finances", "project finance", "spend", "costs", "numbers"),
    "dates": ("dates", "date", "timing", "timeline", "flight", "schedule", "when"),
    "channels": ("channels", "channel", "media", "media mix", "channel mix"),
    "kpis": ("kpis", "kpi", "targets", "target", "goals", "metrics", "success metrics"),
    "audience": ("audience", "audiences", "target group", "targeting", "segment", "segments"),
    "offer": ("offer", "offers", "promotion", "promo", "discount", "discounts", "deal", "deals"),
    "owners": ("owner", "owners", "ownership", "roles", "who owns what", "team"),
    "approvals": ("approval", "approvals", "sign-off", "sign off"),
    "deadlines": ("deadlines", "deadline", "creative deadlines", "copy deadline", "milestones"),
    "messages": ("messaging", "key messages", "message", "tone", "copy"),
}
_TOPIC_OF = {word: topic for topic, words in TOPIC_WORDS.items() for word in words}
_TOPIC_FILLER = re.compile(r"\b(?:and|so|okay|ok|right|then|now|the|our|a|an|any|on|about|what about|next|let's do|let's talk|first)\b|[^\w\s'-]", re.IGNORECASE)
_TOPIC_SPAN = 8  # utterances a topic lasts without being renewed

# Speaking of the past: last year's figures are context, never this campaign's values.
# Speaking of an earlier campaign: its figures are context, never this campaign's values. (Recent
# events about this one - "signed off last week", "as of last month" - are not the past meant here,
# and neither is every "was": only a was/were that states a figure or a result.)
_NUMBER_WORD = (
    r"(?:\d|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|a thousand|half)"
)
_PAST = re.compile(
    r"\b(?:last (?:year|time|season(?!'s)|winter|summer|spring|autumn|fall|quarter|campaign|black friday|christmas|"
    r"easter|edition|launch|one)|the year before|previous(?:ly)?|we had|we spent|spent|"
    rf"(?:was|were)\s+(?:(?:at|about|around|roughly|like|only|just|almost|nearly|way|well|maybe|probably)\s+)*(?:{_NUMBER_WORD}|below|above|under|over)|"
    r"came in|ended (?:at|up)|used to|held|ran out|achieved|in the past|historically|a year ago|so far|up from|down from|"
    r"we (?:did|sold|got|made|reached|hit)\b|"
    rf"\bdid\s+(?:(?:about|around|roughly|like|only|just|almost|nearly)\s+)*{_NUMBER_WORD})",
    re.IGNORECASE,
)
_TENTATIVE = re.compile(
    r"\b(?:maybe|perhaps|possibly|might|i was thinking|i'd ask|i would ask|ask for|if we can|if possible|"
    r"pending|not sure|i don't know|don't know|no idea|hopefully|ideally|could be|roughly half)\b",
    re.IGNORECASE,
)
# Words that deny what follows ("don't plan on the twenty-four", "no PMax", "not the UK"), except
# when they make a ceiling ("no more than", "can't cost any more than": that is a value, capped).
_NEGATION = re.compile(
    r"\b(?:no|not|don't|do not|never|won't|can't|cannot|isn't|aren't|haven't|hasn't|didn't|doesn't|wouldn't|shouldn't|"
    r"couldn't|without|drop|skip|"
    r"nobody|nothing|none)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:—–]|\band\b|\bbut\b")
_CAP_AFTER_NEGATION = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:any )?(?:more than|higher than|above|over|later than|exceed|beyond|less than|under|below)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Sentence:
    index: int  # position in the whole meeting
    utterance: Utterance
    turn: int  # index of the utterance
    start: int  # offsets in utterance.text
    end: int
    text: str
    topic: str | None = None
    quantities: list[Quantity] = field(default_factory=list)  # offsets in utterance.text
    dates: list[DateMention] = field(default_factory=list)  # offsets in utterance.text
    channels: list[ChannelMention] = field(default_factory=list)  # offsets in utterance.text
    is_question: bool = False
    past: bool = False
    tentative: bool = False

    @property
    def speaker(self) -> str | None:
        return self.utterance.speaker

    def before(self, offset: int, chars: int = 60) -> str:
        """The sentence's text before an utterance offset (at most `chars` characters)."""
        return self.utterance.text[max(self.start, offset - chars) : offset]

    def after(self, offset: int, chars: int = 60) -> str:
        return self.utterance.text[offset : min(self.end, offset + chars)]

    def denies(self, start: int) -> bool:
        """Whether a negation in the same clause, before `start`, denies what stands there."""
        clause_start = self.start
        for match in _CLAUSE_BREAK.finditer(self.utterance.text, self.start, start):
            clause_start = match.end()
        before = self.utterance.text[clause_start:start]
        for match in _NEGATION.finditer(before):
            if not _CAP_AFTER_NEGATION.match(before[match.end() :]):
                return True
        return False

    def hedged(self, start: int, end: int) -> bool:
        """Whether the words right around a span hedge it ("maybe twenty-four", "twenty-four if we can")."""
        near = self.utterance.text[max(self.start, start - 25) : min(self.end, end + 20)]
        return bool(_TENTATIVE.search(near))


def _topic_of(text: str) -> str | None:
    """The topic a sentence opens: "Budget.", "Channels then.", "KPIs. Malte?", or a question that
    starts with a topic word ("Channels same as last year?", "Audience — the lapsed buyers again?")."""
    words = " ".join(_TOPIC_FILLER.sub(" ", text.lower()).split())
    if not words:
        return None
    if len(words.split()) <= 3:
        found = _TOPIC_OF.get(words) or _TOPIC_OF.get(words.rstrip("s"))
        if found:
            return found
    if text.rstrip().endswith("?") or re.match(r"^\W*\w+(?:\s+\w+)?\s*[—–:-]", text):
        parts = words.split()
        for size in (2, 1):
            head = " ".join(parts[:size])
            if head in _TOPIC_OF:
                return _TOPIC_OF[head]
    return None


@dataclass(slots=True)
class Meeting:
    """The transcript, read: its sentences and what was learnt on the way."""

    transcript: Transcript
    meeting_date: dt.date
    sentences: list[Sentence]

    def in_turn(self, turn: int) -> list[Sentence]:
        return [s for s in self.sentences if s.turn == turn]


def read_meeting(transcript: Transcript, *, meeting_date: dt.date, fiscal_year_start: str, lexicon: ChannelLexicon) -> Meeting:
    """Split every utterance into sentences and annotate them."""
    sentences: list[Sentence] = []
    topic: str | None = None
    topic_turn = -_TOPIC_SPAN
    month_hint: int | None = None
    for turn, utterance in enumerate(transcript.utterances):
        text = utterance.text
        quantities = find_quantities(text)
        dates = find_dates(text, meeting_date=meeting_date, fiscal_year_start=fiscal_year_start, month_hint=month_hint)
        channels = lexicon.find(text)
        for start, end in sentence_spans(text):
            body = text[start:end]
            named = _topic_of(body) or _topic_of(body.split("?")[0]) or _topic_of(body.split(".")[0])
            if named is not None:
                topic, topic_turn = named, turn
            elif turn - topic_turn > _TOPIC_SPAN:
                topic = None
            sentence = Sentence(
                index=len(sentences), utterance=utterance, turn=turn, start=start, end=end, text=body, topic=topic,
                quantities=[q for q in quantities if start <= q.start < end],
                dates=[d for d in dates if start <= d.start < end],
                channels=[c for c in channels if start <= c.start < end],
                is_question=body.rstrip().endswith("?"),
                # a turn that goes on about last year stays there until it says otherwise ("Search was 5.5.
                # PMax was more like 4.4. Meta prospecting around 1.8.")
                past=_mentions_past(body, meeting_date) or (
                    bool(sentences) and sentences[-1].turn == turn and sentences[-1].past and not _NOW.search(body)
                ),
                tentative=bool(_TENTATIVE.search(body)),
            )
            sentences.append(sentence)
        month_dates = [d for d in dates if d.precision == "day"]
        if month_dates:
            month_hint = month_dates[-1].date.month
    return Meeting(transcript=transcript, meeting_date=meeting_date, sentences=sentences)


_NOW = re.compile(r"\b(?:this (?:year|time|campaign|season)|now|will|we'll|going to|let's|next|plan|planning|should|want)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _mentions_past(text: str, meeting_date: dt.date) -> bool:
    if _PAST.search(text):
        return True
    return any(int(m.group()) < meeting_date.year for m in _YEAR.finditer(text) if not re.search(re.escape(m.group()) + r"-q[1-4]", text))
