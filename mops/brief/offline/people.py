"""Who is who in the meeting, who owns what, who approves, and who committed to what.

Names are resolved against the speakers and the workspace's `people`: "Malte" in "write down that
Malte decides on the reserve" is the speaker labelled "Malte Sørensen". Speaker labels that are
roles ("Project Manager", "Marketing") are kept as they are: in such meetings people are known by
role. First-person statements belong to their speaker ("I'll own it", "Owner's me").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from mops.brief.offline.common import Candidate, Draft, cite, settle
from mops.brief.sentences import Meeting, Sentence

_ACTION_VERBS = (
    "check|pull|send|ask|write|have|prepare|draft|call|forward|look into|get|refresh|build|set up|book|share|confirm|"
    "find out|talk to|handle|take|run|follow up|sort out|update|brief|organi[sz]e|review|test|schedule|create|design|"
    "own|lead|coordinate|reach out|email|ping|invite|check with"
)
_SELF_COMMIT = re.compile(rf"\b(?:I'll|I will|I can|I'm going to|I am going to|let me)\s+(?:also\s+|just\s+|then\s+)?({_ACTION_VERBS})\b([^.?!]*)", re.IGNORECASE)
_SELF_OWNER = re.compile(r"\b(?:I'll own (?:it|this|the campaign)|I own (?:it|this)|owner's me|owner is me|I'm the owner|I will own (?:it|this)|I'll take (?:it|this one)|I'll lead (?:it|this))\b", re.IGNORECASE)
_APPROVAL = re.compile(r"\b(?:sign(?:s|ing)? (?:it |this |the \w+ )?off|approves?|approval|approving|sign-off|signs)\b", re.IGNORECASE)
_DECIDES = re.compile(r"\b(?:decides?|has the final say|makes the call|calls it)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:I|me|I'll|I'm|I've|myself)\b")
_ROLE_WORDS = frozenset(
    "project manager marketing industrial designer user interface expert lead head director analyst designer "
    "copywriter engineer developer sales finance legal ops operations speaker host moderator interviewer "
    "participant guest unknown facilitator team member chair".split()
)


class PeopleIndex:
    """The meeting's people: full names from speaker labels and mops.yaml, and their first names."""

    def __init__(self, speakers: Iterable[str], people: Iterable[str]) -> None:
        self.speakers = list(speakers)
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
        """'Project Manager', 'Marketing': a label made of role words names a role, not a person."""
        words = label.lower().replace("-", " ").split()
        return bool(words) and all(w in _ROLE_WORDS for w in words)

    def resolve(self, word: str) -> str:
        return word if word in self.full_names else self.by_first.get(word, word)

    def names_in(self, sentence: Sentence) -> Iterator[tuple[str, int, int]]:
        """(full name, start, end) of each person named in the sentence (offsets in the utterance)."""
        if self._pattern is None:
            return
        for match in self._pattern.finditer(sentence.utterance.text, sentence.start, sentence.end):
            yield self.resolve(match.group()), match.start(), match.end()

    def speaker(self, sentence: Sentence) -> str | None:
        label = sentence.speaker
        return self.resolve(label) if label else None


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
            if owns:
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
            elif re.match(r"^\s*,\s*you take (?:that|this|it)\b", text[n_end : sentence.end], re.IGNORECASE):
                previous = _previous_request(meeting, sentence)
                if previous:
                    roles[(name, previous)] = Candidate((name, previous), sentence, n_start, clause_end)
            else:
                commit = re.match(rf"^\s+(?:will|can|is going to|needs to|should)\s+({_ACTION_VERBS})\b([^.?!,]*)", rest, re.IGNORECASE)
                if commit:
                    what = _role_text(commit.group(1) + commit.group(2))
                    roles[(name, what)] = Candidate((name, what), sentence, n_start, clause_end)
        commit = _SELF_COMMIT.search(text, sentence.start, sentence.end)
        if commit and speaker and not self_owner and commit.group(1).lower() not in ("own",):
            what = _role_text(commit.group(1) + commit.group(2))
            # "I'll pull it", "I'll forward it": the object is said elsewhere; a dated promise is a deliverable
            vague = re.fullmatch(r"\w+(?: \w+)? (?:it|that|this|them|him|her|so|too)", what, re.IGNORECASE)
            dated = any(d.precision == "day" for d in sentence.dates)
            if what and len(what.split()) > 1 and not vague and not dated:
                roles[(speaker, what)] = Candidate((speaker, what), sentence, commit.start(), commit.end())
        if _APPROVAL.search(sentence.text) and not re.search(r"\bfinance\b", sentence.text, re.IGNORECASE):
            for name, start, end in names:
                approvers.setdefault(name, Candidate(name, sentence, start, end))
            if speaker and _FIRST_PERSON.search(sentence.text):
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
