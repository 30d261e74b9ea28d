"""A kickoff transcript with everything personal replaced, before any of it reaches a language model.

What becomes a placeholder:
- whatever the PII module finds (emails, phones, cards, IBANs, IPs, names in context such as
  "I'm Laura" or "this is David"), through `mops.pii.scrub.scrub`, so placeholders look and number
  as everywhere else in mops;
- speaker labels that are names ("Priya Nair"; role labels such as "Project Manager" stay), and the
  workspace's `people`;
- each of those names wherever else the transcript mentions it: its first or last name alone
  ("Priya"), or a name introduced in one utterance and used in another ("David, Andrew and Craig");
- lone first names from the PII module's name lists ("The Google rep, Katrin, wants a call"). This is
  stricter than the linter on purpose: here a missed name leaves the machine, while an over-scrubbed
  word costs the model a little context. First names that are also everyday words ("Will", "May")
  still need a context.
Brand, platform and product names (`protected`) are never replaced.

One person is one placeholder: "Priya Nair", "Priya" and "Nair" are all [PERSON_1], restored as
"Priya Nair". The placeholder -> original mapping stays in memory: it is left out of the repr, and
nothing here writes or sends it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any
from dataclasses import dataclass, field

from mops.brief.transcript import Transcript, Utterance
from mops.pii import namelists
from mops.pii.detector import PiiDetector
from mops.pii.match import PiiMatch
from mops.pii.scrub import PLACEHOLDER_PREFIX, restore, scrub

PLACEHOLDER = re.compile(rf"\[(?:{'|'.join(PLACEHOLDER_PREFIX.values())})_\d+\]")
_PERSON = PLACEHOLDER_PREFIX["person_name"]

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
# A capitalised word standing alone: not inside a handle, address, path or hyphenated word, and not
# after an apostrophe ("'Kay" is "okay" in the AMI meetings).
_CAP_WORD = re.compile(rf"(?<![\w@#/\\.'’-])[{_UPPER}][{_LOWER}]+(?![\w@]|-\w)")
# A word spelt out letter by letter: "T_A_R_I_K_" (the AMI transcripts' convention), "K-A-T-R-I-N";
# a name when the letters make one.
_SPELLED = re.compile(r"(?<![\w-])(?:[A-Z][_-] ?){3,}[A-Z]?(?![\w-])")
_SENTENCE_OPENERS = frozenset("\n.!?:;\"“”‘'(*-–—•>[")

# Words of speaker labels that name a role, not a person: "Project Manager", "User Interface",
# "Speaker 2", "SPEAKER_00". A label made only of these (and numbers) is kept as it is.
_ROLE_WORDS = frozenset("""
    account accounts admin agency ai all analyst and assistant audience bot brand ceo cfo chair client
    cmo content coordinator copy copywriter creative cto customer design designer dev developer director
    engineer everyone executive expert facilitator finance group guest head host industrial intern
    interface interviewee interviewer lead legal manager marketer marketing member moderator narrator
    note notetaker of officer operations ops other owner participant pm presenter product project qa
    recorder research researcher room sales speaker specialist strategist support team the ui unknown
    user ux vp
""".split())  # fmt: skip


@dataclass(frozen=True)
class ScrubbedTranscript:
    """The transcript as a model may see it: same utterance ids and lines, placeholders for people.

    `mapping` (placeholder -> original) never leaves the machine; `restore` and `restore_quote` use it.
    """

    original: Transcript = field(repr=False)
    utterances: tuple[Utterance, ...]
    mapping: dict[str, str] = field(repr=False)
    # every spelling each placeholder replaced ("Priya", "Priya Nair"), to find a quote's exact words
    surfaces: dict[str, tuple[str, ...]] = field(repr=False, default_factory=dict)

    def restore(self, text: str) -> str:
        """`text` with each placeholder replaced by what it stands for ([PERSON_1] -> "Priya Nair")."""
        return restore(text, self.mapping)

    def restore_quote(self, utterance_id: str, quote: str) -> str:
        """The original words of `quote`, a piece of the scrubbed utterance `utterance_id`.

        A placeholder stands for whichever spelling the utterance used ("Priya" rather than the full
        name), so the result can be checked verbatim against the original transcript. A quote not
        found in the utterance comes back with placeholders restored plainly (and will fail that check).
        """
        utterance = self.original.utterance(utterance_id.strip()) if utterance_id else None
        if utterance is not None and quote.strip():
            found = re.search(self._quote_pattern(quote.strip()), utterance.text)
            if found is not None:
                return found.group()
        return self.restore(quote)

    def _quote_pattern(self, quote: str) -> str:
        parts: list[str] = []
        position = 0
        for token in PLACEHOLDER.finditer(quote):
            parts.append(_flexible(quote[position : token.start()]))
            spellings = self.surfaces.get(token.group())
            if spellings:
                parts.append("(?:" + "|".join(_flexible(s) for s in sorted(spellings, key=len, reverse=True)) + ")")
            else:
                parts.append(re.escape(token.group()))
            position = token.end()
        parts.append(_flexible(quote[position:]))
        return "".join(parts)


def _flexible(text: str) -> str:
    """A pattern for `text` where any run of whitespace matches any other (a cue's line breaks)."""
    return r"\s+".join(re.escape(chunk) for chunk in re.split(r"\s+", text))


def scrub_transcript(
    transcript: Transcript, *, detector: PiiDetector, people: Iterable[str] = (), protected: Iterable[str] = ()
) -> ScrubbedTranscript:
    """Replace personal data and people's names in every utterance and speaker label with placeholders.

    `detector` is the workspace's PII detector; `people` the workspace's people's full names;
    `protected` the brand's, products' and platforms' names (the workspace name, taxonomy values and
    aliases, "Trail Pro 2"), which stay as they are. Placeholders are stable across utterances.
    """
    protected_pattern = _phrase_pattern([*namelists.platform_names(), *protected], ignore_case=True)
    found = {u.text: detector.find(u.text) for u in transcript.utterances}
    name_labels = [s for s in transcript.speakers if is_person_label(s, protected_pattern)]
    canonical = _canonical_names(name_labels, people, found.values(), protected_pattern)
    finder = _TranscriptNames(detector, found, canonical, protected_pattern)

    mapping: dict[str, str] = {}
    surfaces: dict[str, set[str]] = {}  # placeholder -> the spellings it replaced
    scrubbed: list[tuple[Utterance, str | None, str]] = []
    for utterance in transcript.utterances:
        speaker = utterance.speaker
        if speaker is not None and speaker in name_labels:
            label = scrub(speaker, _WholeText(), mapping=mapping)  # type: ignore[arg-type] - duck-typed detector
            mapping = label.mapping
            _note_spellings(surfaces, speaker, label.text, label.matches)
            speaker = label.text
        result = scrub(utterance.text, finder, mapping=mapping)  # type: ignore[arg-type] - duck-typed detector
        mapping = result.mapping
        _note_spellings(surfaces, utterance.text, result.text, result.matches)
        scrubbed.append((utterance, speaker, result.text))

    rename, final_mapping, spellings = _one_placeholder_per_person(mapping, surfaces, canonical)

    def renamed(text: str) -> str:
        return PLACEHOLDER.sub(lambda m: rename.get(m.group(), m.group()), text)

    utterances = tuple(
        dataclasses.replace(u, speaker=renamed(s) if s is not None else None, text=renamed(t), line_starts=())
        for u, s, t in scrubbed
    )
    return ScrubbedTranscript(original=transcript, utterances=utterances, mapping=final_mapping, surfaces=spellings)


def protected_names(ws: Any) -> list[str]:
    """What scrubbing must leave alone in this workspace: its name, the brand voice's protected names
    (products such as "Trail Pro 2"), the taxonomy's channels, sources and mediums with their aliases
    (Google, Meta, PMax, Brevo...)."""
    taxonomy = ws.taxonomy()
    names = [ws.config.name, *ws.brand_voice().protected_names]
    for channel, rule in taxonomy.channels.items():
        names += [channel.replace("_", " "), *rule.aliases]
    for parameter in ("utm_source", "utm_medium"):
        rule = taxonomy.rule(parameter)
        names += rule.allowed
        for aliases in rule.aliases.values():
            names += aliases
    return list(dict.fromkeys(n for n in names if n and n.strip()))


def is_person_label(label: str, protected: re.Pattern[str] | None = None) -> bool:
    """True when a speaker label names a person ("Priya Nair", "Jonas"), not a role ("Marketing",
    "Project Manager", "Speaker 2") nor the brand itself."""
    words = re.findall(r"[^\W\d_]+", label.lower())
    if not words or all(w in _ROLE_WORDS for w in words):
        return False
    if protected is not None:
        rest = protected.sub(" ", label)
        if not re.search(r"[^\W\d_]", rest):
            return False
    return True


class _WholeText:
    """A detector that takes the whole text as one person's name (a speaker label judged a name)."""

    def find(self, text: str) -> list[PiiMatch]:
        return [PiiMatch.of("person_name", text, 0, len(text))] if text else []


# Words around a capitalised word that make it a person whatever the word is: what only people do
# ("X said", "X from the agency", "X will send") and how people are addressed ("ask X", "thanks X").
_PERSON_AFTER = re.compile(
    r"(?:\s+[A-Z][a-z]+)?(?:'s\s+(?:team|boss|number|email|mobile|cell)\b|,?\s+(?:said|says|asked|asks|mentioned|wants|wanted|thinks|"
    r"thought|told|emailed|called|agreed|promised|confirmed|suggested|replied|will\s+(?:send|call|check|share|look|email|"
    r"forward|confirm|get|pull|ask)|can\s+(?:send|check|share|pull)|from\s+(?:the\s+)?(?:agency|team|finance|sales|legal|"
    r"warehouse|marketing|company|office|partner|client|vendor|supplier|studio|printer|store)|at\s+the\s+(?:agency|"
    r"warehouse|printer|studio))\b)"
)
_PERSON_BEFORE = re.compile(
    r"\b(?:ask|asked|tell|told|call|called|email|emailed|ping|pinged|cc|contact|thanks|thank you|dear|hi|hello|with|"
    r"talk to|spoke to|speak to|according to)\s+$",
    re.IGNORECASE,
)


# who else "will send" or "said" something in a meeting: teams and pronouns, never a person's name
_TEAMS = frozenset(
    "Finance Sales Legal Marketing Product Merchandising Procurement Support Design Creative Agency Team Management "
    "Ops Operations Engineering Accounting Purchasing Logistics Warehouse Everyone Everybody Nobody Somebody Someone "
    "Anyone Anybody They He She We It This That Head Board Leadership Compliance Brand Growth Data Analytics".split()
)


class _TranscriptNames:
    """What `scrub` runs on each utterance: the PII detector's findings (computed once per text),
    plus the names this transcript is known to hold and lone listed first names."""

    def __init__(
        self,
        detector: PiiDetector,
        found: dict[str, list[PiiMatch]],
        canonical: dict[str, str],
        protected: re.Pattern[str] | None,
    ) -> None:
        self._detector = detector
        self._found = found
        self._protected = protected
        self._known = _phrase_pattern(canonical, ignore_case=False)
        self._names_known = frozenset(canonical)
        self._first = namelists.first_names()
        self._everyday = namelists.ambiguous_first_names() | namelists.non_surname_words()

    def find(self, text: str) -> list[PiiMatch]:
        matches = self._found.get(text)
        if matches is None:
            matches = self._detector.find(text)
        candidates = [m for m in matches if m.kind != "person_name" or not self._is_protected(text, m.start, m.end)]
        candidates += self._names(text)
        # personal data other than names first (an email's local part is not a name), then longer spans
        candidates.sort(key=lambda m: (m.kind == "person_name", m.start - m.end, m.start))
        kept: list[PiiMatch] = []
        for m in candidates:
            if all(m.end <= k.start or k.end <= m.start for k in kept):
                kept.append(m)
        return sorted(kept, key=lambda m: m.start)

    def _names(self, text: str) -> list[PiiMatch]:
        spans: list[tuple[int, int]] = []
        if self._known is not None:
            for m in self._known.finditer(text):
                if m.group() in self._everyday and _sentence_initial(text, m.start()):
                    continue  # "Will we...", "Park it" when someone is called Will or Park
                spans.append(m.span())
        for m in _CAP_WORD.finditer(text):
            word = m.group()
            if word in self._first and word not in self._everyday:
                spans.append(m.span())
            elif word not in self._everyday and word.lower() not in self._everyday and word not in _TEAMS and (
                _PERSON_AFTER.match(text, m.end()) or _PERSON_BEFORE.search(text, max(0, m.start() - 30), m.start())
            ):
                # a name no list holds ("Okonkwo from the agency will send the feed"): known by what people do
                spans.append(m.span())
        for m in _SPELLED.finditer(text):
            word = re.sub(r"[^A-Z]", "", m.group()).capitalize()
            if word in self._names_known or word in self._first:  # "T_A_R_I_K_", not "L_C_D_"
                spans.append(m.span())
        return [PiiMatch.of("person_name", text, s, e) for s, e in spans if not self._is_protected(text, s, e)]

    def _is_protected(self, text: str, start: int, end: int) -> bool:
        if self._protected is None:
            return False
        for m in self._protected.finditer(text, max(0, start - 80), min(len(text), end + 80)):
            if m.start() < end and start < m.end():
                return True
        return False


def _canonical_names(
    labels: list[str], people: Iterable[str], found: Iterable[list[PiiMatch]], protected: re.Pattern[str] | None
) -> dict[str, str]:
    """Every known spelling of a person's name -> the full name it stands for.

    Full names come from speaker labels, the workspace's people and names the detector found in any
    utterance; a first or last name alone stands for the full name when exactly one known person has it.
    """
    detected = [m.text for matches in found for m in matches if m.kind == "person_name"]
    names = list(dict.fromkeys(" ".join(n.split()) for n in [*labels, *people, *detected] if n.strip()))
    canonical: dict[str, str] = {}
    holders: dict[str, set[str]] = {}
    for name in names:
        words = re.findall(rf"[{_UPPER}][\w'’-]+", name)
        if len(words) >= 2:
            canonical[name] = name
            for word in (words[0], words[-1]):
                holders.setdefault(word, set()).add(name)
    for word, full_names in holders.items():
        if len(full_names) == 1 and word not in canonical:
            canonical[word] = next(iter(full_names))
    for name in names:
        canonical.setdefault(name, name)  # a name known by one word only ("I'm Laura")
    if protected is not None:
        canonical = {k: v for k, v in canonical.items() if not protected.fullmatch(k)}
    return canonical


def _note_spellings(surfaces: dict[str, set[str]], original: str, scrubbed: str, matches: list[PiiMatch]) -> None:
    """Record which placeholder each match became. `scrub` replaces its matches in order, so walking
    both texts side by side finds each one (even where the original held placeholder-like text)."""
    shift = 0
    for m in matches:
        token = PLACEHOLDER.match(scrubbed, m.start + shift)
        if token is None:  # cannot happen while scrub replaces exactly its matches
            continue
        surfaces.setdefault(token.group(), set()).add(m.text)
        shift += len(token.group()) - (m.end - m.start)


def _one_placeholder_per_person(
    mapping: dict[str, str], surfaces: dict[str, set[str]], canonical: dict[str, str]
) -> tuple[dict[str, str], dict[str, str], dict[str, tuple[str, ...]]]:
    """Merge the placeholders `scrub` gave to spellings of one person ("Priya", "Priya Nair").

    Returns the renaming (old placeholder -> new), the final mapping (new -> the full name, or the
    original value for other kinds) and every spelling each new placeholder replaced.
    """
    rename: dict[str, str] = {}
    final: dict[str, str] = {}
    new_of_person: dict[str, str] = {}
    persons = 0
    # placeholders in the order scrub numbered them, i.e. order of first appearance per kind
    for old in sorted(mapping, key=lambda p: (p.rsplit("_", 1)[0], int(p[1:-1].rsplit("_", 1)[1]))):
        if not old.startswith(f"[{_PERSON}_"):
            rename[old] = old
            final[old] = mapping[old]
            continue
        person = _person_of(mapping[old], canonical)
        new = new_of_person.get(person)
        if new is None:
            persons += 1
            new = new_of_person[person] = f"[{_PERSON}_{persons}]"
            final[new] = person
        rename[old] = new
    spellings: dict[str, set[str]] = {}
    for old, words in surfaces.items():
        spellings.setdefault(rename.get(old, old), set()).update(words)
    return rename, final, {k: tuple(sorted(v)) for k, v in spellings.items()}


def _person_of(spelling: str, canonical: dict[str, str]) -> str:
    """The full name a spelling stands for; a spelt-out name ("T_A_R_I_K_") counts as its word."""
    name = " ".join(spelling.split())
    if name in canonical:
        return canonical[name]
    if _SPELLED.fullmatch(name):
        word = re.sub(r"[^A-Z]", "", name).capitalize()
        return canonical.get(word, name)
    return name


def _sentence_initial(text: str, position: int) -> bool:
    i = position - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_OPENERS


def _phrase_pattern(phrases: Iterable[str], *, ignore_case: bool) -> re.Pattern[str] | None:
    """One pattern matching any of `phrases` as whole words, longest first."""
    parts = sorted({" ".join(p.split()) for p in phrases if p.strip()}, key=len, reverse=True)
    if not parts:
        return None
    body = "|".join(r"\s+".join(re.escape(token) for token in p.split()) for p in parts)
    return re.compile(rf"(?<![\w@.])(?:{body})(?![\w@])", re.IGNORECASE if ignore_case else 0)
