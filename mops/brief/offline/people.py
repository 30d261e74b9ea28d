"""Who is who in the meeting, who owns what, who approves, and who committed to what.

Names are resolved against the speakers and the workspace's `people`: "Malte" in "write down that
Malte decides on the reserve" is the speaker labelled "Malte Sørensen". Speaker labels that are
roles ("Project Manager", "Marketing") are kept as they are: in such meetings people are known by
role. First-person statements belong to their speaker ("I'll own it", "Owner's me").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from mops.brief.offline.common import Candidate, Draft, cite, settle
from mops.brief.sentences import Meeting, Sentence

_ACTION_VERBS = (
    "check|pull|send|ask|write|have|prepare|draft|call|forward|look into|get|refresh|build|set up|book|share|confirm|"
    "find out|talk to|handle|take|run|follow up|sort out|update|brief|organi[sz]e|review|test|schedule|create|design|"
    "own|lead|coordinate|reach out|email|ping|invite|check with"
)
_SELF_COMMIT = re.compile(rf"\b(?:I'll|I will|I can|I'm going to|I am going to|let me)\s+(?:also\s+|just\s+|then\s+)?({_ACTION_VERBS})\b([^.?!]*)", re.IGNORECASE)
_CAMPAIGN_WORDS = r"(?:it|this(?: one)?|the (?:campaign|series|launch|project|program(?:me)?|whole thing|push|drive|sale))"
_SELF_OWNER = re.compile(
    rf"\b(?:I(?:'ll| will)? own {_CAMPAIGN_WORDS}(?: overall)?|I(?:'ll| will)? (?:take|lead|run) {_CAMPAIGN_WORDS}|"
    r"I'm owning (?:it|this|the \w+)(?: overall)?|I(?:'ll| will)? own (?:the )?\w+ overall|"
    r"owner's me|owner is me|I'm the (?:overall |campaign )?owner|I am the (?:overall |campaign )?owner)\b",
    re.IGNORECASE,
)
# "Priti, I'd like you to own it": the campaign handed to the person addressed
_HANDED_OVER = re.compile(
    rf"^\s*,\s*(?:I'd like you to|I want you to|you'll|you will|can you|could you|please|you)\s+(?:own|take|lead|run)\s+{_CAMPAIGN_WORDS}\b",
    re.IGNORECASE,
)
# "Florian, you take Google Ads and Meta", "Sophie, you do the translations"
_ASSIGNED = re.compile(r"^\s*,\s*(?:you|you'll|you will|can you|could you|please)\s+(?:take|do|handle|own|run|cover|look after)\s+([^.?!]+)", re.IGNORECASE)
# "I sign off", "Malte and I both sign off", "Herr Brandt and me": the speaker signs, not merely asks
_SPEAKER_SIGNS = re.compile(
    r"\b(?:I|I'll|I will|I'd|I can|and I|both of us|we both)\b(?:\s+\w+){0,2}\s+(?:sign|approve|sign-off|do the sign)|\band me\b|\bme too\b",
    re.IGNORECASE,
)
_APPROVAL = re.compile(r"\b(?:sign(?:s|ing)? (?:it |this |the \w+ )?off|approves?|approval|approving|sign-off|signs)\b", re.IGNORECASE)
_DECIDES = re.compile(r"\b(?:decides?|has the final say|makes the call|calls it)\b", re.IGNORECASE)


_OTHER_NAME = re.compile(
    r"(?P<title>\b(?:Herr|Frau|Mr|Mrs|Ms|Dr|Prof)\.?\s+)?\b(?P<first>[A-Z][a-zà-ÿ]+)(?:\s+(?!(?:and|or|from|the)\b)[A-Z][a-zà-ÿ]+)?\b"
)


def _as_name(label: str) -> str:
    """A label shouted in capitals ("GEMMA", "TOM") is the name Gemma, Tom."""
    return label.title() if label.isupper() and len(label) > 2 else label


@cache  # the difference of two lists of thousands of names: once per process, not once per capitalised word
def _first_names() -> frozenset[str]:
    """First names that are not also everyday words (May, Will, Summer are left out)."""
    from mops.pii.namelists import ambiguous_first_names, first_names

    return first_names() - ambiguous_first_names()


class PeopleIndex:
    """The meeting's people: full names from speaker labels and mops.yaml, and their first names."""

    def __init__(self, speakers: Iterable[str], people: Iterable[str], protected: Iterable[str] = ()) -> None:
        self.protected = {w.lower() for w in protected}  # channel and platform words: "Meta" is no person here
        self.speakers = [_as_name(s) for s in speakers]
        self.full_names: list[str] = []
        for name in [*people, *self.speakers]:
            if name not in self.full_names and not self.is_role(name):
                self.full_names.append(name)
        self.by_first: dict[str, str] = {}
        for name in self.full_names:
            first = name.split()[0]
            self.by_first.setdefault(first, name)
        words = sorted({*self.full_names, *self.by_first}, key=len, reverse=True)
        self._pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b") if words else None

    @staticmethod
    def is_role(label: str) -> bool:
        """'Project Manager', 'Marketing', 'Speaker 2': a label that names a role, not a person."""
        from mops.brief.scrub import is_person_label

        return not is_person_label(label)

    def resolve(self, word: str) -> str:
        word = _as_name(word)
        return word if word in self.full_names else self.by_first.get(word, word)

    def names_in(self, sentence: Sentence) -> Iterator[tuple[str, int, int]]:
        """(full name, start, end) of each person named in the sentence (offsets in the utterance):
        speakers and mops.yaml people by full or first name, and others by title ("Herr Brandt") or
        by a first name that is not also an everyday word ("Rachel signs off the budget")."""
        text = sentence.utterance.text
        found: list[tuple[str, int, int]] = []
        if self._pattern is not None:
            found = [(self.resolve(m.group()), m.start(), m.end()) for m in self._pattern.finditer(text, sentence.start, sentence.end)]
        taken = [(start, end) for _, start, end in found]
        for match in _OTHER_NAME.finditer(text, sentence.start, sentence.end):
            start, end = match.start(), match.end()
            if any(a < end and start < b for a, b in taken):
                continue
            if match.group().lower() in self.protected or match.group("first").lower() in self.protected:
                continue
            if match.group("title") or match.group("first") in _first_names():
                found.append((match.group().strip(), start, end))
                taken.append((start, end))
        yield from sorted(found, key=lambda n: n[1])

    def speaker(self, sentence: Sentence) -> str | None:
        label = sentence.speaker
        return self.resolve(_as_name(label)) if label else None


def _role_text(text: str) -> str:
    text = re.sub(r"^\s*(?:the|our)\s+", "", text.strip(" ,.;"), flags=re.IGNORECASE)
    text = re.sub(r",?\s*(?:as always|as usual|too|then|again)$", "", text, flags=re.IGNORECASE)
    return text.strip(" ,.;")


def extract_people(meeting: Meeting, draft: Draft, people: PeopleIndex) -> None:
    """Fill owners (the campaign owner and each responsibility) and approvers."""
    owners: list[Candidate] = []
    roles: dict[tuple[str, str], Candidate] = {}
    approvers: dict[str, Candidate] = {}

    for sentence in meeting.sentences:
        if sentence.is_question or sentence.past:
            continue
        text = sentence.utterance.text
        speaker = people.speaker(sentence)
        self_owner = _SELF_OWNER.search(text, sentence.start, sentence.end)
        if self_owner and speaker:
            owners.append(Candidate(speaker, sentence, self_owner.start(), self_owner.end()))
        names = list(people.names_in(sentence))
        owns_clause = False
        for clause_start, clause_end in _comma_clauses(sentence):
            here = [n for n in names if clause_start <= n[1] < clause_end]
            if not here:
                continue
            name, n_start, n_end = here[0]
            rest = text[n_end:clause_end]
            owns = re.match(r"^\s+(?P<verb>owns?|will own|does|is doing|takes|handles|runs|leads|shadows|decides on|decides)\b\s*(?P<what>.*)$", rest, re.IGNORECASE)
            overall = owns and re.match(r"^(?:the\s+)?\w+\s+overall\b", owns.group("what"), re.IGNORECASE)
            if overall and owns.group("verb").lower().startswith("own"):
                owners.append(Candidate(name, sentence, n_start, clause_end))  # "Birgit owns the fair overall"
                owns_clause = True
            elif owns:
                owns_clause = True
                verb = owns.group("verb").split()[0].lower()
                what = _role_text(owns.group("what"))
                if re.fullmatch(r"(?:it|this|the campaign|this one)?", what, re.IGNORECASE) and verb in ("own", "owns", "will", "takes", "runs", "leads"):
                    owners.append(Candidate(name, sentence, n_start, clause_end))
                elif verb == "shadows":
                    roles[(name, "shadow")] = Candidate((name, "shadow"), sentence, n_start, clause_end)
                elif what:
                    role = f"decides on {what}" if verb.startswith("decides") else what
                    roles[(name, role)] = Candidate((name, role), sentence, n_start, clause_end)
            elif owns_clause and re.match(r"^\s+(?:the\s+)?[a-z][\w -]{2,40}$", rest):
                what = _role_text(rest)  # "..., Malte the accounts, Jonas reporting"
                roles[(name, what)] = Candidate((name, what), sentence, n_start, clause_end)
            elif _HANDED_OVER.match(text[n_end : sentence.end]) or re.search(r"\byou own (?:it|this)\W*$", text[sentence.start : n_start], re.IGNORECASE):
                # "Priti, I'd like you to own it", "You own it, Olu."
                owners.append(Candidate(name, sentence, n_start, sentence.end))
            elif re.match(r"^\s*,\s*you take (?:that|this|it)\b", text[n_end : sentence.end], re.IGNORECASE):
                previous = _previous_request(meeting, sentence)
                if previous:
                    roles[(name, previous)] = Candidate((name, previous), sentence, n_start, clause_end)
            elif _ASSIGNED.match(text[n_end : sentence.end]):
                what = _role_text(_ASSIGNED.match(text[n_end : sentence.end]).group(1))
                if what:
                    roles[(name, what)] = Candidate((name, what), sentence, n_start, sentence.end)
            else:
                commit = re.match(rf"^\s+(?:will|can|is going to|needs to|should)\s+({_ACTION_VERBS})\b([^.?!]*)", text[n_end : sentence.end], re.IGNORECASE)
                if commit:
                    what = _role_text(commit.group(1) + commit.group(2))
                    roles[(name, what)] = Candidate((name, what), sentence, n_start, clause_end)
        commit = _SELF_COMMIT.search(text, sentence.start, sentence.end)
        if commit and speaker and not self_owner:
            what = _role_text(commit.group(1) + commit.group(2))
            # "I'll pull it", "I'll forward it": the object is said elsewhere; a dated promise is a deliverable
            vague = re.fullmatch(r"\w+(?: \w+)? (?:it|that|this|them|him|her|so|too)", what, re.IGNORECASE)
            dated = any(d.precision == "day" for d in sentence.dates)
            if what and len(what.split()) > 1 and not vague and not dated:
                roles[(speaker, what)] = Candidate((speaker, what), sentence, commit.start(), commit.end())
        if _APPROVAL.search(sentence.text) and not re.search(r"\bfinance\b", sentence.text, re.IGNORECASE):
            for name, start, end in names:
                approvers.setdefault(name, Candidate(name, sentence, start, end))
            asks = re.search(r"\b(?:from you|by you|your (?:sign|approval|ok)|need (?:a |your )?sign|need (?:an |your )?approval)", sentence.text, re.IGNORECASE)
            if speaker and _SPEAKER_SIGNS.search(sentence.text) and not asks:
                approvers.setdefault(speaker, Candidate(speaker, sentence, sentence.start, sentence.end))
            elif speaker and re.search(r"\bone of us\b", sentence.text, re.IGNORECASE):
                nxt = meeting.sentences[sentence.index + 1] if sentence.index + 1 < len(meeting.sentences) else None
                if nxt is not None and nxt.turn == sentence.turn and re.search(r"\bI'll (?:do it|approve|sign)", nxt.text):
                    approvers.setdefault(speaker, Candidate(speaker, nxt, nxt.start, nxt.end))

    owner = settle(meeting, owners)
    if owner is not None:
        draft.add("owners", {"name": owner.value, "role": "owner", "evidence": owner.evidence})
    else:
        draft.ask("Owner not named: who is accountable for the campaign?", about="owners")
    owner_name = owner.value if owner else None
    for (name, role), candidate in roles.items():
        if name == owner_name and role in ("owner",):
            continue
        draft.add("owners", {"name": name, "role": role, "evidence": [cite(meeting, candidate)]})
    for name, candidate in approvers.items():
        draft.add("approvers", {"name": name, "role": "approver", "evidence": [cite(meeting, candidate)]})


def _comma_clauses(sentence: Sentence) -> Iterator[tuple[int, int]]:
    text = sentence.utterance.text
    position = sentence.start
    for match in re.finditer(r"[,;]|\band\b", text[sentence.start : sentence.end]):
        yield position, sentence.start + match.start()
        position = sentence.start + match.end()
    yield position, sentence.end


def _previous_request(meeting: Meeting, sentence: Sentence) -> str | None:
    """What "X, you take that" hands over: the request in the utterance before."""
    before = [s for s in meeting.sentences if s.turn == sentence.turn - 1]
    for s in before:
        found = re.search(r"\b(?:someone|somebody)\s+(?:to\s+)?(\w+\b[^.?!]*)", s.text, re.IGNORECASE)
        if found:
            return _role_text(found.group(1))
    return None
