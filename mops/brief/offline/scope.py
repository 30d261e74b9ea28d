"""What the campaign is: its id and title, channels, audience, offer, messages and call to action."""

from __future__ import annotations

import re
from typing import Any

from mops.brief.offline.common import Candidate, Draft, cite, settle
from mops.brief.offline.discussion import OPEN_QUESTION
from mops.brief.sentences import Meeting, Sentence

_CHANNEL_CUE = re.compile(r"\b(?:channels?|sends?|campaigns?|run|running|go with|use|using|budget)\b", re.IGNORECASE)
_RECAP = re.compile(r"\b(?:recap|to sum up|summary|so that's)\b", re.IGNORECASE)
_ID_TOKEN = re.compile(r"(?<![\w./-])[a-z0-9][a-z0-9_-]{2,98}[a-z0-9](?![\w/-]|\.\w)")
_TITLE = re.compile(r"(?:^|\b(?:this is the|the|our)\s+)((?:[A-Za-z][\w'-]*\s+){0,4}?[A-Za-z][\w'-]*)\s+kick-?off\b", re.IGNORECASE)
_LOCATIONS = (
    "Germany", "Austria", "Switzerland", "DACH", "the UK", "UK", "United Kingdom", "Britain", "Ireland", "France", "Spain",
    "Italy", "Netherlands", "Belgium", "Denmark", "Sweden", "Norway", "Finland", "Poland", "Portugal", "Europe", "EU",
    "the US", "US", "USA", "United States", "Canada", "Australia", "Nordics", "Benelux", "Greece", "London", "Berlin",
)
_LOCATION = re.compile(r"\b(?:" + "|".join(re.escape(x) for x in sorted(_LOCATIONS, key=len, reverse=True)) + r")\b")
_PEOPLE_NOUN = re.compile(
    r"\b(?:people|customers|buyers|subscribers|members|users|families|fans|enthusiasts|hikers|shoppers|parents|students|"
    r"professionals|audience|prospects|visitors|owners|aged|year-olds|broad|interest|lookalike|seed)\b",
    re.IGNORECASE,
)
_AUDIENCE_CUE = re.compile(r"\b(?:audience|target group|target market|targeting|people who|customers who|segment|seed|lookalike)\b", re.IGNORECASE)
_SIZE_NOUNS = frozenset("people customers buyers subscribers members contacts users recipients households followers".split())
_SUBSET = re.compile(r"\b(?:subset|of them|of those|part of|among them)\b", re.IGNORECASE)
_OFFER_CUE = re.compile(
    r"(?:\b\d+\s?%|\bpercent)\s+off\b|\b(?:discount|free shipping|free delivery|free returns|gift with purchase|free gift|"
    r"gift wrap\w*|a gift(?=:)|tenner off|fiver off|\w+ off (?:any|every|all|your|the first)|launch price|intro(?:ductory)? price|"
    r"bundle|buy one|coupon|promo code|voucher|percent on|% on|free \w+ (?:on|with) every)\b",
    re.IGNORECASE,
)
_MESSAGE_CUE = re.compile(r"\b(?:key message|main message|the message is|messaging|tagline|headline is|we want to say|the story is|position it as)\b", re.IGNORECASE)
# a call to action named as such, or quoted ("the button says 'Shop now'"): the bare verbs are everyday speech
_CTA = re.compile(r"\b(?:call to action|cta)\b|[\"“'‘](?:shop now|sign up|book now|learn more|buy now|get started|pre-?order)[^\"”'’]{0,30}[\"”'’]", re.IGNORECASE)


def _deciding(sentence: Sentence) -> bool:
    # the budget part of a meeting names channels through the split; elsewhere only the channel part,
    # a recap or channel words settle them ("the video stuff" about creative is not a video channel)
    return sentence.topic == "channels" or bool(_RECAP.search(sentence.text) or _CHANNEL_CUE.search(sentence.text))


def extract_channels(meeting: Meeting, draft: Draft) -> None:
    """Channels the meeting settled on, in canonical taxonomy names."""
    chosen: dict[str, list[Candidate]] = {}
    dropped: dict[str, Candidate] = {}
    for item in draft.get("budget.split") or []:
        chosen.setdefault(item["channel"], [])
    for sentence in meeting.sentences:
        if sentence.past or sentence.is_question or not sentence.channels or not _deciding(sentence):
            continue
        positive = {c.channel for c in sentence.channels if not sentence.denies(c.start)}
        for mention in sentence.channels:
            candidate = Candidate(mention.channel, sentence, mention.start, mention.end)
            if mention.channel in positive:
                chosen.setdefault(mention.channel, []).append(candidate)
                dropped.pop(mention.channel, None)
            else:
                dropped[mention.channel] = candidate
    channels = [c for c in chosen if c not in dropped]
    if not channels:
        draft.ask("Channels not stated", about="channels")
        return
    evidence = []
    seen = set()
    for channel in channels:
        for candidate in chosen[channel]:
            if (candidate.sentence.index) not in seen:
                seen.add(candidate.sentence.index)
                evidence.append(cite(meeting, candidate))
    draft.set("channels", channels, sorted(evidence, key=lambda e: (e.line or 0)))
    for channel, candidate in dropped.items():
        draft.observe(f"{channel} was ruled out in the meeting", "BRIEF-CHANNEL", [cite(meeting, candidate)])


def _age_range(sentence: Sentence) -> bool:
    """ "twenty-five to fifty-four", "aged 30-60": two ages joined by to/-."""
    text = sentence.utterance.text
    return any(
        10 <= a.value < 100 and 10 <= b.value < 100 and re.fullmatch(r"\s*(?:to|-|–)\s*", text[a.end : b.start])
        for a, b in zip(sentence.quantities, sentence.quantities[1:])
    )


def extract_audience(meeting: Meeting, draft: Draft) -> None:
    described: list[Candidate] = []
    sizes: list[Candidate] = []
    locations: dict[str, Candidate] = {}
    excluded: set[str] = set()
    for sentence in meeting.sentences:
        in_topic = sentence.topic == "audience" or bool(_AUDIENCE_CUE.search(sentence.text))
        if in_topic and sentence.is_question:
            for match in _LOCATION.finditer(sentence.utterance.text, sentence.start, sentence.end):
                if sentence.denies(match.start()):  # "Not the UK?"
                    excluded.add(match.group().removeprefix("the "))
        if not in_topic or sentence.is_question or sentence.past or len(sentence.text.split()) < 3 or OPEN_QUESTION.search(sentence.text):
            continue
        text = sentence.utterance.text
        places = list(_LOCATION.finditer(text, sentence.start, sentence.end))
        for match in places:
            if sentence.denies(match.start()):
                excluded.add(match.group().removeprefix("the "))
        if _PEOPLE_NOUN.search(sentence.text) or _age_range(sentence) or _AUDIENCE_CUE.search(sentence.text):
            described.append(Candidate(sentence.text, sentence, sentence.start, sentence.end))
            for match in places:
                name = match.group().removeprefix("the ")
                if not sentence.denies(match.start()):
                    locations.setdefault(name, Candidate(name, sentence, match.start(), match.end()))
        if _SUBSET.search(sentence.text):
            continue
        for q in sentence.quantities:
            counted = q.kind == "count" and (q.unit or "") in _SIZE_NOUNS
            bare = q.kind == "number" and q.unit is None and q.value >= 100
            if (counted or bare) and not sentence.denies(q.start):
                sizes.append(Candidate(int(q.value), sentence, q.start, q.end, not sentence.hedged(q.start, q.end) or q.approximate))
    if described:
        texts = list(dict.fromkeys(c.value for c in described))[:3]
        draft.set("audience.description", " ".join(texts), [cite(meeting, c) for c in described if c.value in texts][:3])
    kept = [name for name in locations if name not in excluded]
    if kept:
        draft.set("audience.locations", kept, [cite(meeting, locations[name]) for name in kept])
    size = settle(meeting, sizes)
    if size is not None:
        draft.set("audience.size", size.value, size.evidence)
    if not described and size is None:
        draft.ask("Audience not described", about="audience.description")


def extract_offer(meeting: Meeting, draft: Draft) -> None:
    said: list[Candidate] = []
    for sentence in meeting.sentences:
        if sentence.past or sentence.is_question:
            continue
        cue = _OFFER_CUE.search(sentence.text)
        in_topic = sentence.topic == "offer" and (
            any(q.kind == "percent" for q in sentence.quantities) or re.search(r"\bincluded\b", sentence.text, re.IGNORECASE)
        )
        withdrawn = re.search(r"\b(?:is gone|are gone|no more|no longer|not this year|scrapped|dropped)\b", sentence.text, re.IGNORECASE)
        if (cue or in_topic) and not withdrawn and not (cue and sentence.denies(sentence.start + cue.start())):
            said.append(Candidate(sentence.text, sentence, sentence.start, sentence.end))
    if said:
        texts = list(dict.fromkeys(c.value for c in said))[:5]
        draft.set("offer", " ".join(texts), [cite(meeting, c) for c in said if c.value in texts][:5])


def extract_messages(meeting: Meeting, draft: Draft) -> None:
    messages: list[Candidate] = []
    ctas: list[Candidate] = []
    for sentence in meeting.sentences:
        if sentence.past or sentence.is_question:
            continue
        if _MESSAGE_CUE.search(sentence.text):
            messages.append(Candidate(sentence.text, sentence, sentence.start, sentence.end))
        cta = _CTA.search(sentence.text)
        if cta and not sentence.denies(sentence.start + cta.start()):
            ctas.append(Candidate(sentence.text, sentence, sentence.start, sentence.end))
    if messages:
        texts = list(dict.fromkeys(c.value for c in messages))
        draft.set("key_messages", texts, [cite(meeting, c) for c in messages])
    cta = settle(meeting, ctas)
    if cta is not None:
        draft.set("call_to_action", cta.value, cta.evidence)


_URL = re.compile(
    r"(?<![@\w.-])(?:https?://)?(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/[\w./%-]*[\w/])?(?![\w@-])",
    re.IGNORECASE,
)
_PAGE_CUE = re.compile(r"\b(?:landing page|page|url|link|site|website|send (?:people|traffic|them) to|goes to|lands on)\b", re.IGNORECASE)


def extract_landing_page(meeting: Meeting, draft: Draft) -> None:
    """The page the campaign sends people to, when the meeting says it ("New one.
    brightloop.com/webinars/revops, I'll have it live by February 17th")."""
    said: list[Candidate] = []
    for sentence in meeting.sentences:
        if sentence.past or sentence.is_question:
            continue
        context = sentence.text + " " + " ".join(s.text for s in meeting.in_turn(sentence.turn - 1)[-1:])
        for match in _URL.finditer(sentence.utterance.text, sentence.start, sentence.end):
            url = match.group()
            if "/" not in url and not _PAGE_CUE.search(context):
                continue  # a bare domain needs page words around it
            if not re.search(r"\.(?:com|de|at|ch|co|uk|io|org|net|eu|fr|nl|example|shop|store|app|[a-z]{2})\b", url, re.IGNORECASE):
                continue
            said.append(Candidate(url if url.lower().startswith("http") else f"https://{url}", sentence, match.start(), match.end()))
    found = settle(meeting, said)
    if found is not None:
        draft.set("landing_page", found.value, found.evidence)


def extract_identity(meeting: Meeting, draft: Draft, *, campaign: str | None, grammar: Any, transcript_path: str) -> None:
    """The campaign id (given, said in the meeting, or from the file name) and a title."""
    said: list[Candidate] = []
    for sentence in meeting.sentences:
        for match in _ID_TOKEN.finditer(sentence.utterance.text, sentence.start, sentence.end):
            token = match.group()
            if (grammar.matches(token) if grammar is not None else re.match(r"^\d{4}-", token)) and "_" in token or (grammar is not None and grammar.matches(token)):
                said.append(Candidate(token, sentence, match.start(), match.end()))
    found = settle(meeting, said)
    if campaign:
        draft.set("campaign", campaign, found.evidence if found and found.value == campaign else [])
    elif found is not None:
        draft.set("campaign", found.value, found.evidence)
    else:
        from mops.models.campaign import campaign_id_from_file_name

        slug = campaign_id_from_file_name(transcript_path)
        draft.set("campaign", slug, [])
        draft.ask(f"Campaign id not said in the meeting: '{slug}' was taken from the file name; pass --campaign to set it")
    title = meeting.transcript.metadata.get("title") or meeting.transcript.metadata.get("meeting")
    if not title:
        for sentence in meeting.sentences[:12]:
            match = _TITLE.search(sentence.text)
            if match and len(match.group(1)) > 2:
                words = match.group(1).split()
                while words and words[0].lower() in ("this", "is", "it's", "the", "our", "so", "okay", "ok", "a", "an"):
                    words.pop(0)
                title = " ".join(w if w.isupper() else w.capitalize() for w in words)
                break
    if not title:
        slug = draft.get("campaign")
        words = re.sub(r"^\d{4}-q[1-4]_", "", slug).replace("_", " ").replace("-", " ").split()
        title = " ".join(w.capitalize() for w in words)
        year = re.match(r"^(\d{4})", slug)
        if year and year.group(1) not in title:
            title = f"{title} {year.group(1)}"
    draft.set("title", title, [])
