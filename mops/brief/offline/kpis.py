"""KPI targets: "Blended ROAS of four. CPA under thirty-two euros.", "profit aim is fifty million Euros".

A metric named with a number after it, in a sentence about this campaign (not "last year search did a
ROAS of 5.5", not "search is at six so far"), is a target; "under"/"below" make it a ceiling. A metric
asked about ("And revenue target, do we have one?") takes the figure of the answer. "Two and a half as
the target and three as the stretch" sets the target and stretch of the metric last discussed. A
proposal turned down in the next turn ("six hundred units over the flight?" - "it's not a target")
is dropped.
"""

from __future__ import annotations

import re

from mops.brief.numbers import Quantity
from mops.brief.offline.common import Candidate, Draft, cite, settle
from mops.brief.sentences import Meeting, Sentence

# metric -> the words that name it; the default direction of its target
METRICS: dict[str, tuple[str, str]] = {
    "roas": (r"roas|return on ad spend", "at_least"),
    "cpa": (r"cpa|cost per (?:acquisition|order|sale|conversion)", "at_most"),
    "cpc": (r"cpc|cost per click", "at_most"),
    "cpm": (r"cpm", "at_most"),
    "ctr": (r"ctr|click[- ]through rate", "at_least"),
    "conversion_rate": (r"conversion rate|cvr", "at_least"),
    "conversions": (r"conversions|orders", "at_least"),
    "revenue": (r"revenue|turnover|sales target|(?:aim(?:ing)?|hop(?:e|ing)|want(?:ing)?|need|trying|plan(?:ning)?) to make(?! it\b)|aim(?:ing)? for|amount made", "at_least"),
    "profit": (r"profit|profits|profit aim|profit target", "at_least"),
    "units": (r"units sold|units", "at_least"),
    "signups": (r"sign-?ups|registrations", "at_least"),
    "leads": (r"leads", "at_least"),
    "open_rate": (r"open rate", "at_least"),
    "aov": (r"aov|average order value|basket size", "at_least"),
    "market_share": (r"market share", "at_least"),
    "cac": (r"cac|customer acquisition cost", "at_most"),
    "cpl": (r"cpl|cost per lead", "at_most"),
    # any other "cost per X" and "X rate" a team tracks: named after X
    "cost_per": (r"cost per (?!unit\b|item\b|piece\b)[a-z][\w-]*", "at_most"),  # per unit is unit economics (pricing)
    "rate": (r"[a-z]+(?:-[a-z]+)? rate", "at_least"),
}
_GENERIC = ("cost_per", "rate")
_METRIC = re.compile(r"\b(?:blended\s+)?(" + "|".join(f"(?:{words})" for words, _ in METRICS.values()) + r")\b", re.IGNORECASE)
# a KPI's name just before a figure ("ROAS four", "CPA under thirty-two"): the figure is the KPI's
METRIC_NAME = re.compile(r"\b(?:roas|cpa|cpc|cpm|ctr|cvr|aov|return on ad spend|cost per \w+)\b(?:\s+(?:of|under|below|over|above|at|is|was|around|about|at least|at most))*\s*$", re.IGNORECASE)
_WORDS_OF = [(name, re.compile(rf"^(?:{words})$", re.IGNORECASE)) for name, (words, _) in METRICS.items()]
_AT_MOST = re.compile(r"\b(?:under|below|at most|less than|no more than|max(?:imum)?|cap(?:ped)?|lower than|not (?:more|higher) than|any more than|up to)\b", re.IGNORECASE)
_AT_LEAST = re.compile(r"\b(?:at least|over|above|more than|minimum|min|no less than|beat)\b", re.IGNORECASE)
_TARGET_CUE = re.compile(r"\b(?:target|goal|aim|aiming|kpi|wants?|should|need|must|hit|reach|make|making|match|beat)\b", re.IGNORECASE)
_STRETCH = re.compile(r"\bstretch\b", re.IGNORECASE)
_CONDITIONAL = re.compile(r"^\W*(?:if|when|unless|once)\b", re.IGNORECASE)
_REJECTION = re.compile(r"\b(?:not a target|not the target|no target|not yet|don't|no,|not a kpi|just track|only track|too (?:high|ambitious|low))\b", re.IGNORECASE)
_KPI_KINDS = ("number", "money", "percent")


def metric_of(words: str) -> str | None:
    """The metric a phrase names: "Blended ROAS" -> roas, "cost per MQL" -> cost_per_mql, "open rate" -> open_rate."""
    words = " ".join(words.split()).lower()
    for name, pattern in _WORDS_OF:
        if pattern.match(words):
            if name == "cost_per":
                return "cost_per_" + _singular(words.split()[-1].replace("-", ""))
            if name == "rate":
                return words.replace("-", "_").replace(" ", "_")
            return name
    return None


def direction_of(metric: str) -> str:
    """Whether a metric's target is a floor or a ceiling, when nothing said which."""
    if metric.startswith("cost_per_"):
        return "at_most"
    if metric.endswith("_rate") and metric not in METRICS:
        return "at_least"
    return METRICS[metric][1] if metric in METRICS else "at_least"


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _unit(q: Quantity, metric: str) -> str | None:
    if q.kind == "percent":
        return "%"
    if q.kind == "money":
        return q.currency
    if metric == "units":
        return "units"
    return None


_COUNTED = ("units", "conversions", "signups", "leads")


def _value_near(sentence: Sentence, mention: re.Match[str], metric: str) -> Quantity | None:
    """The figure said for a metric: the first after it ("ROAS of four"), or for counted metrics the
    count right before its noun ("six hundred units")."""
    allowed = (*_KPI_KINDS, "count") if metric in _COUNTED else _KPI_KINDS
    for q in sentence.quantities:
        if q.start >= mention.end() and q.kind in allowed and q.start - mention.end() <= 45:
            return q
    if metric in ("revenue", "profit"):
        # "Three hundred grand in e-bike revenue": the sum said before the word
        for q in reversed(sentence.quantities):
            if q.end <= mention.start() and q.kind == "money" and mention.start() - q.end <= 25:
                return q
    for q in sentence.quantities:
        # "six hundred units", "forty percent attendance rate": the figure right before the name
        before_ok = metric in _COUNTED or (q.kind == "percent" and metric.endswith("rate"))
        if before_ok and q.end <= mention.start() and mention.start() - q.end <= 2:
            return q
    return None


def _cued(sentence: Sentence, metric: str) -> bool:
    """Money and counts are everywhere in a meeting: revenue, profit and counted metrics need words
    that make them a goal ("target", "aiming to make", "track"), or the KPI part of the meeting."""
    if metric not in ("revenue", "profit", *_COUNTED) and not metric.endswith("_rate"):
        return True
    if sentence.topic == "kpis":
        return True
    turn_text = sentence.utterance.text
    return bool(_TARGET_CUE.search(sentence.text) or (metric in _COUNTED and re.search(r"\b(?:track|like to|want to)\b", turn_text, re.IGNORECASE))
                or metric.endswith("_rate") and _TARGET_CUE.search(turn_text))


def extract_kpis(meeting: Meeting, draft: Draft, *, default_currency: str) -> None:
    found: dict[str, list[Candidate]] = {}
    stretch: dict[str, Candidate] = {}
    last_metric: str | None = None
    asked_metric: tuple[str, int] | None = None  # a metric asked about, and in which turn
    carried: tuple[str, int] | None = None  # a metric named as the goal, its figure said next in the turn

    for sentence in meeting.sentences:
        text = sentence.utterance.text
        mentions = list(_METRIC.finditer(text, sentence.start, sentence.end))
        # "If we're aiming for fifty million Euros, ...": a premise that states the target is still the target
        conditional = _CONDITIONAL.match(sentence.text) and not re.search(r"\baim(?:ing)?\b|\btarget\b", sentence.text, re.IGNORECASE)
        usable = not sentence.past and not conditional
        if sentence.is_question and mentions:
            metric = metric_of(mentions[-1].group(1))
            if metric:
                q = _value_near(sentence, mentions[-1], metric)
                if q is not None and usable and _cued(sentence, metric):
                    found.setdefault(metric, []).append(_candidate(sentence, q, metric, mentions[-1].start(), firm=False))
                elif q is None:
                    asked_metric = (metric, sentence.turn)
                last_metric = metric
            continue
        # "Two and a half as the target and three as the stretch": the metric last discussed
        if usable and last_metric and not mentions and re.search(r"\bas the target\b|\btarget\b", sentence.text, re.IGNORECASE):
            values = [q for q in sentence.quantities if q.kind in _KPI_KINDS]
            if values:
                target_q = values[0]
                last_metric = _metric_meant(found, values) or last_metric
                found.setdefault(last_metric, []).append(_candidate(sentence, target_q, last_metric, target_q.start, firm=not sentence.tentative))
                if _STRETCH.search(sentence.text) and len(values) > 1:
                    stretch[last_metric] = _candidate(sentence, values[1], last_metric, values[1].start)
                continue
        if carried and carried[1] == sentence.turn and not mentions and usable:
            # "Match last year's revenue with less money. Four hundred and ten thousand.": named, then said
            metric = carried[0]
            q = next((q for q in sentence.quantities if q.kind in _KPI_KINDS and (metric not in ("revenue", "profit") or q.value >= 1000)), None)
            if q is not None:
                found.setdefault(metric, []).append(_candidate(sentence, q, metric, q.start, firm=not sentence.tentative))
            carried = None
        for number, mention in enumerate(mentions):
            metric = metric_of(mention.group(1))
            if metric is None:
                continue
            last_metric = metric
            q = _value_near(sentence, mention, metric)
            if q is None and not sentence.is_question and _TARGET_CUE.search(sentence.text):
                carried = (metric, sentence.turn)
            if q is not None and number + 1 < len(mentions) and mentions[number + 1].start() < q.start:
                continue  # "aiming for a profit of fifty million": the figure is the nearer metric's
            if q is None or not usable or sentence.denies(mention.start()) or not _cued(sentence, metric):
                continue
            if metric == "revenue" and q.kind != "money":
                continue
            candidate = _candidate(sentence, q, metric, mention.start(), firm=not sentence.hedged(q.start, q.end) and not q.approximate)
            if _STRETCH.search(sentence.after(q.end, 20)):
                stretch[metric] = candidate
                continue
            found.setdefault(metric, []).append(candidate)
        if usable and not sentence.is_question:
            _counted_targets(sentence, mentions, found)
        if asked_metric and sentence.turn == asked_metric[1] + 1 and not mentions:
            metric = asked_metric[0]
            q = next((q for q in sentence.quantities if q.kind in _KPI_KINDS and (metric not in ("revenue", "profit") or q.kind == "money")), None)
            if q is not None and usable:
                found.setdefault(metric, []).append(_candidate(sentence, q, metric, q.start, firm=not sentence.tentative))
                asked_metric = None
        _drop_rejected(meeting, sentence, found)

    for metric, candidates in found.items():
        settled = settle(meeting, candidates, key=lambda v: v["target"])
        if settled is None:
            proposed = candidates[-1]
            draft.ask(f"{metric} target not agreed: {proposed.value['target']:g} was proposed", [cite(meeting, proposed)])
            continue
        item = dict(settled.value)
        money_metric = metric in ("cpa", "cpc", "cpm", "cac", "cpl", "revenue", "profit", "aov") or metric.startswith("cost_per_")
        if item.get("unit") is None and money_metric and default_currency:
            item["unit"] = default_currency
        if metric in stretch:
            item["stretch"] = stretch[metric].value["target"]
            settled.evidence.append(cite(meeting, stretch[metric]))
        item["evidence"] = settled.evidence
        draft.add("kpis", item)
    if not draft.get("kpis"):
        draft.ask("No KPI target agreed", about="kpis")


# nouns counted in a meeting that are not a campaign's outcome: who it is for, what it lasts, what it costs
_OUTCOME_CUE = re.compile(
    r"\b(?:target(?:s|ing)?|goal|aim(?:ing)?(?: for| at)?|wants?|get us|deliver|bring in|hit|reach|kpi|at least|minimum)\b",
    re.IGNORECASE,
)
_NOT_OUTCOMES = frozenset(
    "people employees staff members customers users subscribers years months weeks days hours minutes seconds slides "
    "pages stores shops clubs parks cabins products skus items sends emails posts ads flights spots videos sessions "
    "times percent euros dollars pounds units-ish kilometres kilometers miles kids children".split()
)


def _counted_targets(sentence: Sentence, mentions: list[re.Match[str]], found: dict[str, list[Candidate]]) -> None:
    """Targets counted in things the campaign should bring: "Sales wants 500 MQLs", "the target is
    nine hundred new memberships", "two thousand four hundred bookings"."""
    named = {m.start() for m in mentions}
    for q in sentence.quantities:
        unit = (q.unit or "").lower()
        if q.kind != "count" or not unit or unit in _NOT_OUTCOMES or sentence.denies(q.start):
            continue
        if not _OUTCOME_CUE.search(sentence.before(q.start, 40)):
            continue  # "seeing a million tiny little buttons": counted, but nobody's goal
        if any(abs(start - q.end) <= 2 for start in named):
            continue  # "six hundred units": the named metric takes it
        metric = re.sub(r"[^a-z0-9]+", "_", unit).strip("_")
        if metric in ("signup", "sign_ups", "sign_up"):
            metric = "signups"
        candidate = _candidate(sentence, q, metric, q.start, firm=not sentence.hedged(q.start, q.end) and not q.approximate)
        candidate.value["unit"] = None
        found.setdefault(metric, []).append(candidate)


def _metric_meant(found: dict[str, list[Candidate]], values: list[Quantity]) -> str | None:
    """Which metric "two and a half as the target and three as the stretch" revises: the one whose
    latest figure is among those said."""
    said = {q.value for q in values}
    latest = [(c[-1].sentence.index, metric) for metric, c in found.items() if c and c[-1].value["target"] in said]
    return max(latest)[1] if latest else None


def _candidate(sentence: Sentence, q: Quantity, metric: str, start: int, *, firm: bool = True) -> Candidate:
    before = sentence.utterance.text[start : q.start]
    direction = direction_of(metric)
    if _AT_MOST.search(before):
        direction = "at_most"
    elif _AT_LEAST.search(before):
        direction = "at_least"
    value = {"metric": metric, "target": q.value, "direction": direction, "unit": _unit(q, metric)}
    return Candidate(value, sentence, min(start, q.start), max(q.end, start), firm)


def _drop_rejected(meeting: Meeting, sentence: Sentence, found: dict[str, list[Candidate]]) -> None:
    """A proposal asked as a question and turned down in the next turn by someone else is not a target."""
    if not _REJECTION.search(sentence.text):
        return
    for metric, candidates in found.items():
        if candidates and not candidates[-1].firm and candidates[-1].sentence.turn == sentence.turn - 1 and candidates[-1].sentence.speaker != sentence.speaker:
            candidates.pop()
