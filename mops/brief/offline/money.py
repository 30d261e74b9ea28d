"""Budget (total, split by channel, reserve and who releases it), unit economics, and the
arithmetic said aloud.

Only amounts said about this campaign count: a sentence about the past ("up from forty-eight last
year", "we spent thirty-nine and change"), a question, a hedge ("maybe twenty-four") or a denial
("don't plan on the twenty-four") does not set a value. Amounts said bare in a budget discussion
("eight search, eight Meta") take the scale of the budget the meeting talks in (thousands), and
only then: "five hundred" stays 500.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from mops.brief.channels import ChannelMention
from mops.brief.numbers import Quantity
from mops.brief.offline.kpis import METRIC_NAME
from mops.brief.offline.common import Candidate, Draft, cite, settle
from mops.brief.playbook_helpers import format_money
from mops.brief.offline.people import PeopleIndex
from mops.brief.sentences import Meeting, Sentence

_TOTAL_CUE = re.compile(
    r"\b(?:budget|total|overall|in all|altogether|all-in|all in|signed off|approved|allocated|in the (?:annual )?plan|"
    r"to spend|spend of|floor|ceiling|cap|given us|gave us|giving us|we have|we've got|we get|we got|to play with|"
    r"in the pot|for the (?:whole|entire) \w+|for this (?:campaign|push|launch|series|quarter)|this (?:year|time) it's)\b",
    re.IGNORECASE,
)
_RESERVE_CUE = re.compile(
    r"\b(?:reserve|contingency|buffer|held back|hold back|keep\b.{0,25}\bback|leaves|left over|remaining|unallocated)\b",
    re.IGNORECASE,
)
_RESERVE_OWNER = re.compile(r"\b(?:decides?|releases?|owns?|controls?|calls?|signs? off|unlocks?)\b", re.IGNORECASE)
_RESERVE_WORD = re.compile(r"\b(?:reserve|contingency|buffer|held back|hold back|back|the rest|slack)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:—–]|\s-\s|\band\b|\bplus\b", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"^\s*(?:to|-|–|or)\s*$", re.IGNORECASE)
_PRICE_CUE = re.compile(
    r"\b(?:sell(?:ing)?\b(?:\s+\w+){0,5}?\s+(?:for|at)|selling price|retails?\s+(?:for|at)|price(?:d)?\s+(?:at|of|is)|"
    r"sells? for|price point|priced)\b",
    re.IGNORECASE,
)
_COST_CUE = re.compile(
    r"\b(?:production costs?|costs? to (?:make|produce|build)|cost(?:s)?\b(?:\s+\w+){0,3}?\s+(?:more than|of)|unit cost|"
    r"manufacturing costs?|cost price|make it for|build it for|costs? per unit)\b",
    re.IGNORECASE,
)
_ARITHMETIC_RESULT = re.compile(r"\b(?:is|makes|equals|gives|comes to|that's|totals?)\b|=", re.IGNORECASE)


def is_amount(q: Quantity, sentence: Sentence | None = None) -> bool:
    """A quantity that can be an amount of money: money, or a bare number with no other unit - not
    one that stands for something said before ("the six is for search"), counts people or things
    ("three of them") or describes a noun ("a fifteen-second spot")."""
    if q.kind == "money":
        return True
    if not (q.kind == "number" and (q.unit is None or q.unit in ("k", "m", "grand")) and q.value > 0):
        return False
    if sentence is None or _said_with_scale(q.text):
        return True
    text = sentence.utterance.text
    after = text[q.end : q.end + 12]
    before = text[max(sentence.start, q.start - 16) : q.start]
    return not (
        re.match(r"-\w|\s+of\s+(?:them|us|those|these|the|our|you)\b", after)
        or re.search(r"\bthe\s+$", before, re.IGNORECASE)
        # "in week two", "calendar week 22", "wave three": a position in time, not money
        or re.search(r"\b(?:weeks?|days?|months?|calendar week|cw|kw|phase|wave|round|step|session|slide|number|no\.?|q)\s+$", before, re.IGNORECASE)
    )


def amount_of(q: Quantity, scale: float | None) -> float:
    """The amount meant: bare small numbers in a budget talked about in thousands are thousands."""
    if q.kind == "money" or q.currency:
        return q.value
    if scale and scale >= 1000 and q.value < 100 and not _said_with_scale(q.text):
        scaled = q.value * 1000
        if scale / 50 <= scaled <= scale * 5:
            return scaled
    return q.value


def _said_with_scale(text: str) -> bool:
    return bool(re.search(r"hundred|thousand|million|billion|\d[kKmM]\b|[kKmM]$", text))


def _budget_scale(meeting: Meeting) -> float | None:
    """The size of the budget this meeting talks about, to read "eight search" as 8,000: the last
    sum of money said with a budget word, else the largest sum of money said at all."""
    stated = [
        q.value for s in meeting.sentences if not s.past and (_TOTAL_CUE.search(s.text) or s.topic == "budget")
        for q in s.quantities if (q.kind == "money" or _said_with_scale(q.text)) and q.value >= 1000 and not _after_metric(s, q)
    ]
    if stated:
        return stated[-1]
    amounts = [q.value for s in meeting.sentences for q in s.quantities if q.kind == "money" and q.value >= 1000]
    return max(amounts) if amounts else None


def _quoted(sentence: Sentence, q: Quantity) -> bool:
    """A figure inside quotation marks belongs to a name or a slogan ("FJ | Winter Clearance 27 | Search")."""
    before = sentence.utterance.text[sentence.start : q.start]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _after_metric(sentence: Sentence, q: Quantity) -> bool:
    """A figure said right after a KPI's name ("ROAS four, CPA thirty-two") is that KPI's, not money to spend."""
    return bool(METRIC_NAME.search(sentence.utterance.text[max(sentence.start, q.start - 14) : q.start]))


def _currency(meeting: Meeting, default: str) -> str:
    said = [q.currency for s in meeting.sentences if not s.past for q in s.quantities if q.kind == "money" and q.currency]
    # the most said; on a tie the first said (iterating a set would make it vary with the hash seed)
    return max(dict.fromkeys(said), key=said.count) if said else default


def _firm(sentence: Sentence, q: Quantity) -> bool:
    return not sentence.is_question and not sentence.hedged(q.start, q.end) and not q.approximate


def _usable(sentence: Sentence, q: Quantity) -> bool:
    return not sentence.past and not sentence.denies(q.start)


def _clauses(sentence: Sentence) -> Iterator[tuple[int, int]]:
    """Clauses of the sentence, split at commas, dashes, "and" and "plus" - never inside a figure
    ("two hundred and ten thousand")."""
    text = sentence.utterance.text
    position = sentence.start
    for match in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        if any(q.start <= match.start() < q.end for q in sentence.quantities):
            continue
        yield position, match.start()
        position = match.end()
    yield position, sentence.end


def extract_money(meeting: Meeting, draft: Draft, people: PeopleIndex, *, default_currency: str) -> None:
    """Fill budget.* and pricing.*, check spoken arithmetic, ask what was left open."""
    scale = _budget_scale(meeting)
    currency = _currency(meeting, default_currency)
    periods = _periods_of_flight(meeting)
    totals: list[Candidate] = []
    pending: list[Candidate] = []
    splits: dict[str, list[Candidate]] = {}
    reserves: list[Candidate] = []
    prices: list[Candidate] = []
    costs: list[Candidate] = []
    owner_of_reserve: list[Candidate] = []
    shares: dict[str, list[Candidate]] = {}  # channel -> percent of the total ("sixty percent search")
    share_of_reserve: list[Candidate] = []
    percent_turn = -10  # the last turn that divided the budget in percent

    for sentence in meeting.sentences:
        amounts = [q for q in _spoken_thousands(sentence) if is_amount(q, sentence) and not _after_metric(sentence, q) and not _quoted(sentence, q)]
        text = sentence.text
        owner_of_reserve.extend(_reserve_owners(meeting, sentence, people))
        percents = [q for q in sentence.quantities if q.kind == "percent"]
        in_percent = sentence.turn - percent_turn <= 4
        if not sentence.past and not sentence.is_question and (percents or in_percent) and (sentence.channels or _RESERVE_CUE.search(text)):
            bare = [q for q in amounts if q.kind == "number" and q.value <= 100 and not _said_with_scale(q.text)]
            said = percents + (bare if in_percent and _dividing_money(sentence, bare) else [])
            found = _percent_shares(sentence, said)
            if found:
                percent_turn = sentence.turn
                for channel, q in found:
                    target = share_of_reserve if channel is None else shares.setdefault(channel, [])
                    target.append(Candidate(q.value, sentence, q.start, q.end, _firm(sentence, q)))
                taken = {q.start for _, q in found}
                amounts = [q for q in amounts if q.start not in taken]
        if not amounts:
            continue
        if _ARITHMETIC_RESULT.search(text) and re.search(r"\bplus\b|\+|\btimes\b|\bminus\b|\d\s*x\s*\d|\bat\b", text) and len(amounts) >= 3:
            continue  # spoken arithmetic ("twelve plus eight is twenty", "nine hundred at twenty-five is...") is checked below
        paired = _split_pairs(sentence, amounts, scale) if sentence.channels and not sentence.past else []
        paired_starts = {q.start for _, q in paired}
        for channel, q in paired:
            if _usable(sentence, q):
                value = amount_of(q, scale) * (periods if _per_period(sentence, q) and periods else 1)
                splits.setdefault(channel, []).append(Candidate(value, sentence, q.start, q.end, _firm(sentence, q)))
        for q in amounts:
            if q.start in paired_starts or not _usable(sentence, q):
                continue
            clause = _clause_text(sentence, q)
            value = amount_of(q, scale)
            if _annual(sentence, q):
                continue  # "sixty grand for the year": the year's budget, not this campaign's
            if _per_period(sentence, q):
                if periods:
                    totals.append(Candidate(value * periods, sentence, q.start, q.end, _firm(sentence, q)))
                else:
                    draft.ask(f"{format_money(value, currency)} {_per_period(sentence, q)}: for how long? The total is not settled",
                              [cite(meeting, Candidate(value, sentence, q.start, q.end))])
                continue
            if _RESERVE_CUE.search(clause) and (scale is None or value < scale):
                reserves.append(Candidate(value, sentence, q.start, q.end, _firm(sentence, q)))
            elif _right_after(_PRICE_CUE, sentence, q, amounts) and q.kind == "money":
                prices.append(Candidate(q.value, sentence, q.start, q.end, _firm(sentence, q)))
            elif _right_after(_COST_CUE, sentence, q, amounts) and (q.kind == "money" or q.value < 1000):
                costs.append(Candidate(q.value, sentence, q.start, q.end, _firm(sentence, q)))
            elif q.kind == "money" and _PER_UNIT.match(sentence.utterance.text[q.end : q.end + 14]) and _cost_talk(meeting, sentence):
                # "As you can see, twelve point five Euros per unit" in the finance part: what one unit costs
                costs.append(Candidate(q.value, sentence, q.start, q.end, _firm(sentence, q)))
            elif _GOAL.search(sentence.text) and not re.search(r"\b(?:budget|spend|spending|total)\b", sentence.text, re.IGNORECASE):
                continue  # "we're aiming to make fifty million": a target (KPIs), not money to spend
            elif (
                (_TOTAL_CUE.search(text) or _recap(sentence) or _confirms(totals, sentence, value) or _to_divide(meeting, sentence))
                and (q.kind == "money" or value != q.value or _said_with_scale(q.text))
                # in the budget part of a meeting, a sum said as money ("fifteen grand", "€40k") - not a bare "fifteen"
                or sentence.topic == "budget" and (q.kind == "money" or _said_with_scale(q.text))
            ) and value >= 100:
                upper = _range_upper(sentence, q, amounts)
                if upper is not None:
                    pending.append(Candidate(amount_of(upper, scale), sentence, upper.start, upper.end))
                if any(q.start == u.start for u in _range_uppers(sentence, amounts)):
                    continue  # the top of "twenty-two to twenty-four": asked, not settled
                totals.append(Candidate(value, sentence, q.start, q.end, _firm(sentence, q) and not _pending(sentence)))

    largest_share = max((c.value for candidates in splits.values() for c in candidates if c.firm), default=0)
    # a "total" smaller than one channel's share is a share or a sum said in passing, not the budget
    totals = [c for c in totals if c.value >= largest_share]
    total = settle(meeting, totals)
    if total is not None:
        draft.set("budget.total", total.value, total.evidence)
        draft.set("budget.currency", currency, [])
        for candidate in pending:
            if candidate.value > total.value:
                draft.ask(
                    f"Budget: {format_money(total.value, currency)} agreed; {format_money(candidate.value, currency)} asked for, not agreed",
                    [cite(meeting, candidate)],
                )
                break
    else:
        said = [c for c in totals if not c.firm]
        draft.ask("Budget not stated" if not said else f"Budget not agreed: {format_money(said[-1].value, currency)} was proposed",
                  [cite(meeting, c) for c in said[-2:]], about="budget.total")

    _unknown_channels(meeting, draft, scale, currency)
    _shares_to_amounts(meeting, draft, shares, share_of_reserve, splits, reserves, total, currency)
    for channel, candidates in splits.items():
        settled = settle(meeting, candidates)
        if settled is not None and total is not None and settled.value > total.value:
            draft.observe(f"{format_money(settled.value, currency)} said with {channel} is more than the whole budget; not read as its share",
                          "BRIEF-SPLIT", settled.evidence[-1:])
            continue
        if settled is not None:
            draft.add("budget.split", {"channel": channel, "amount": settled.value, "evidence": settled.evidence})
            draft.set("budget.currency", currency, [])
    reserve = settle(meeting, reserves)
    if reserve is not None:
        draft.set("budget.reserve", reserve.value, reserve.evidence)
        owner = settle(meeting, owner_of_reserve)
        if owner is not None:
            draft.set("budget.reserve_owner", owner.value, owner.evidence)
    _check_arithmetic(meeting, draft, scale, currency)
    _check_split(draft, currency)

    price = settle(meeting, prices)
    cost = settle(meeting, costs)
    if price is not None or cost is not None:
        said = [q.currency for c in prices + costs for q in c.sentence.quantities if q.start == c.start and q.currency]
        draft.set("pricing.currency", said[-1] if said else currency, [])
    if price is not None:
        draft.set("pricing.price", price.value, price.evidence)
    if cost is not None:
        draft.set("pricing.unit_cost", cost.value, cost.evidence)
    if price is not None and cost is not None and price.value > 0:
        margin = round(price.value - cost.value, 2)
        draft.set("pricing.margin", margin, price.evidence[:1] + cost.evidence[:1])
        draft.set("pricing.margin_percent", round(100 * margin / price.value, 1), [])
        draft.observe(
            f"margin computed from the stated price and unit cost: {format_money(price.value, None)} - {format_money(cost.value, None)} = {format_money(margin, None)}",
            "BRIEF-MARGIN", price.evidence[:1] + cost.evidence[:1],
        )


_GOAL = re.compile(r"\b(?:aim|aiming|target|goal|profit|revenue|turnover|make|making|earn|earning|sell|selling|sales)\b", re.IGNORECASE)
_FILLER = re.compile(
    r"^(?:[\s,]|'s\b|\b(?:um|uh|er|like|about|around|roughly|maybe|say|just|only|at|of|is|are|was|be|for|a|maximum|max|"
    r"minimum|min|no more than|not more than|any more than|more than|less than|under|below|up to|at most|at least|"
    r"approximately|circa|per unit|each)\b)*$",
    re.IGNORECASE,
)


def _right_after(cue: re.Pattern[str], sentence: Sentence, q: Quantity, amounts: list[Quantity]) -> bool:
    """Whether a cue ("selling ... for", "production cost's at") leads straight to this figure: only
    fillers between, no other figure ("selling this for twenty five Euro, and aiming to make fifty
    million" prices the remote at 25, not 50 million)."""
    window = max(sentence.start, q.start - 80)
    previous = [a.end for a in amounts if a.end <= q.start and a.end > window]
    window = max([window, *previous])
    for match in cue.finditer(sentence.utterance.text, window, q.start):
        if _FILLER.match(sentence.utterance.text[match.end() : q.start]):
            return True
    return False


def _clause_text(sentence: Sentence, q: Quantity) -> str:
    for start, end in _clauses(sentence):
        if start <= q.start < end:
            return sentence.utterance.text[start:end]
    return sentence.text


_SPENT_ON_NAME = re.compile(r"^\s+(?:on|for|to|into|in)\s+((?:[A-Z][\w+&.-]*)(?:\s+[A-Z][\w+&.-]*)?)")


def _unknown_channels(meeting: Meeting, draft: Draft, scale: float | None, currency: str) -> None:
    """Money put on a name the taxonomy's channels do not know ("twenty grand on LinkedIn") is not
    dropped silently: it becomes an open question, so someone adds the channel or moves the money."""
    for sentence in meeting.sentences:
        if sentence.past or sentence.is_question:
            continue
        for q in sentence.quantities:
            if not is_amount(q, sentence):
                continue
            found = _SPENT_ON_NAME.match(sentence.utterance.text[q.end : sentence.end])
            if not found:
                continue
            name_start = q.end + found.start(1)
            if any(c.start <= name_start < c.end for c in sentence.channels):
                continue
            name = found.group(1)
            if name.lower() in ("the", "a", "an", "it", "this", "that", "i", "we") or name.split()[0] in _MONTH_NAMES:
                continue
            candidate = Candidate(name, sentence, q.start, name_start + len(name))
            draft.ask(unknown_channel_question(amount_of(q, scale), currency, name), [cite(meeting, candidate)])


def unknown_channel_question(amount: float, currency: str, name: str) -> str:
    """The open question for money said on a name no channel knows; `mops brief learn` reads it back
    (`unknown_channel_asked`) to learn the name as a channel alias when a reviewer moves the money."""
    return (f"{format_money(amount, currency)} was said for {name}, which is not a channel in the taxonomy: "
            "add it to the taxonomy's channels or move the money")


_UNKNOWN_CHANNEL = re.compile(r"^(?P<amount>\d[\d,]*(?:\.\d+)?) [A-Z]{3} was said for (?P<name>.+?), which is not a channel in the taxonomy:")


def unknown_channel_asked(question: str) -> tuple[float, str] | None:
    """(amount, name) of an `unknown_channel_question`; None for any other question."""
    found = _UNKNOWN_CHANNEL.match(question)
    return (float(found["amount"].replace(",", "")), found["name"]) if found else None


_MONTH_NAMES = frozenset("January February March April May June July August September October November December Monday Tuesday "
                         "Wednesday Thursday Friday Saturday Sunday Q1 Q2 Q3 Q4".split())


def _reserve_owners(meeting: Meeting, sentence: Sentence, people: PeopleIndex) -> list[Candidate]:
    """Who releases the reserve: "Malte decides on the reserve", "keep it as a buffer, Jess can release
    it", or a first-person answer ("Me. I'll release it") to "who decides on the two?"."""
    text = sentence.text
    if not _RESERVE_OWNER.search(text) or sentence.is_question or sentence.past:
        return []
    near = [s for s in meeting.sentences[max(0, sentence.index - 3) : sentence.index + 1] if s.turn >= sentence.turn - 1]
    about_reserve = any(_RESERVE_WORD.search(s.text) or re.search(r"\bdecides? on the\b", s.text, re.IGNORECASE) for s in near)
    if not about_reserve:
        return []
    named = [Candidate(name, sentence, start, end) for name, start, end in people.names_in(sentence)]
    if named:
        return named[:1]
    if re.search(r"\b(?:I|I'll|I will|I can|me)\b", text) and sentence.speaker:
        return [Candidate(people.speaker(sentence), sentence, sentence.start, sentence.end)]
    return []


_PER_PERIOD = re.compile(r"^\s*(a|per|each|every)\s+(month|week)\b|^\s*(monthly|weekly)\b", re.IGNORECASE)
_FOR_PERIODS = re.compile(r"\bfor\s+(?:the\s+)?(?:next\s+)?(\w+(?:-\w+)?)\s+(months|weeks)\b", re.IGNORECASE)


def _per_period(sentence: Sentence, q: Quantity) -> str | None:
    """"a month" when the figure is a monthly amount ("five grand a month"), else None."""
    found = _PER_PERIOD.match(sentence.utterance.text[q.end : q.end + 16])
    if not found:
        return None
    unit = (found.group(2) or found.group(3) or "").lower().removesuffix("ly")
    return f"a {unit}"


def _periods_of_flight(meeting: Meeting) -> int | None:
    """How many months (or weeks) a budget said per month (or week) runs: "five grand a month for
    three months" -> 3. Arithmetic on what was said; None when the meeting never says."""
    from mops.brief.numbers import words_to_number

    for sentence in meeting.sentences:
        if sentence.past or not re.search(r"\b(?:a|per)\s+(?:month|week)\b|\bmonthly\b|\bweekly\b", sentence.text, re.IGNORECASE):
            continue
        found = _FOR_PERIODS.search(sentence.text)
        if found:
            count = words_to_number(found.group(1))
            if count and count == int(count) and 0 < count <= 60:
                return int(count)
    return None


def _annual(sentence: Sentence, q: Quantity) -> bool:
    text = sentence.utterance.text
    after = text[q.end : q.end + 25]
    before = text[max(sentence.start, q.start - 30) : q.start]
    return bool(re.match(r"^\s*(?:for the (?:whole |full )?year|a year|per year|per annum|annually)\b", after, re.IGNORECASE)
                or re.search(r"\b(?:annual|yearly|year's)\b[^.,;]*$", before, re.IGNORECASE))


_PER_UNIT = re.compile(r"^\s*(?:per unit|a unit|per piece|apiece|per item)\b", re.IGNORECASE)


def _cost_talk(meeting: Meeting, sentence: Sentence) -> bool:
    """Whether the talk around a per-unit figure is about costs: the budget part of the meeting, or
    cost words in this or the two turns before."""
    if sentence.topic == "budget":
        return True
    near = [s for s in meeting.sentences[max(0, sentence.index - 12) : sentence.index + 1] if s.turn >= sentence.turn - 2]
    return any(re.search(r"\b(?:cost|costs|costing|production|make it|build it)\b", s.text, re.IGNORECASE) for s in near)


def _spoken_thousands(sentence: Sentence) -> list[Quantity]:
    """The sentence's figures, with "twenty-two five" (two spoken numbers side by side, the second a
    single digit) read as one: 22.5, which a budget in thousands makes 22,500."""
    out: list[Quantity] = []
    text = sentence.utterance.text
    for q in sentence.quantities:
        previous = out[-1] if out else None
        if (
            previous is not None and previous.kind == q.kind == "number" and previous.spoken and q.spoken
            and 10 <= previous.value < 100 and previous.value == int(previous.value) and 1 <= q.value <= 9 and q.value == int(q.value)
            and text[previous.end : q.start].strip() == "" and not _said_with_scale(previous.text + q.text)
        ):
            out[-1] = replace(previous, end=q.end, text=text[previous.start : q.end], value=previous.value + q.value / 10)
            continue
        out.append(q)
    return out


def _to_divide(meeting: Meeting, sentence: Sentence) -> bool:
    """"So fifty thousand euros. How do we divide it?": a sum put up to be split is the budget."""
    following = meeting.sentences[sentence.index + 1] if sentence.index + 1 < len(meeting.sentences) else None
    return following is not None and following.turn == sentence.turn and bool(
        re.search(r"\b(?:divide|split|carve|allocate|spread)\b", following.text, re.IGNORECASE)
    )


def _confirms(totals: list[Candidate], sentence: Sentence, value: float) -> bool:
    """"Eighteen thousand euros, yes." answering "the budget is eighteen thousand, right?"."""
    return any(not c.firm and c.value == value and sentence.turn - c.sentence.turn <= 2 and c.sentence.speaker != sentence.speaker for c in totals)


def _recap(sentence: Sentence) -> bool:
    return bool(re.search(r"\b(?:recap|to sum up|summary|so that's)\b", sentence.text, re.IGNORECASE))


def _pending(sentence: Sentence) -> bool:
    return bool(re.search(r"\b(?:pending|ask finance|if finance|waiting for)\b", sentence.text, re.IGNORECASE))


def _range_uppers(sentence: Sentence, amounts: list[Quantity]) -> list[Quantity]:
    text = sentence.utterance.text
    return [b for a, b in zip(amounts, amounts[1:]) if _RANGE_JOIN.match(text[a.end : b.start]) or re.match(r"^,?\s*maybe\s*$", text[a.end : b.start])]


def _range_upper(sentence: Sentence, q: Quantity, amounts: list[Quantity]) -> Quantity | None:
    """The top of a range that starts at `q` ("twenty-two to twenty-four", "twenty-two, maybe twenty-four")."""
    for a, b in zip(amounts, amounts[1:]):
        if a.start == q.start and b in _range_uppers(sentence, amounts):
            return b
    return None


_SPLIT_CUE = re.compile(
    r"\b(?:split|carve|divide|put|spend|spending|allocate|budget|share|goes? to|for|on|into|reserve|keep|back|leaves|rest)\b",
    re.IGNORECASE,
)


def _dividing_money(sentence: Sentence, amounts: list[Quantity]) -> bool:
    """Whether a sentence divides money: the budget part of the meeting, words of dividing, or a list
    of several figures ("eight search, eight Meta, one and a half email"). "Four is fine on search"
    in the KPI talk and "shift to search in week two" do not."""
    if sentence.topic == "budget" or any(q.kind == "money" or _said_with_scale(q.text) for q in amounts):
        return True
    if len(amounts) >= 2:
        return True
    return bool(_SPLIT_CUE.search(sentence.text)) and sentence.topic not in ("kpis", "dates", "deadlines")


def _split_pairs(sentence: Sentence, amounts: list[Quantity], scale: float | None) -> list[tuple[str, Quantity]]:
    """(channel, amount) pairs said together: "twenty-six k for Google", "eight Meta", "Meta ..., twenty-one thousand"."""
    if not _dividing_money(sentence, amounts):
        return []
    pairs: list[tuple[str, Quantity]] = []
    clauses = list(_clauses(sentence))
    for start, end in clauses:
        here = [q for q in amounts if start <= q.start < end]
        channels = [c for c in sentence.channels if start <= c.start < end]
        if len(here) == 1 and channels and here[0].kind != "percent":
            nearest = min(channels, key=lambda c: abs(c.start - here[0].start))
            if _spent_on(sentence, nearest, here[0]):
                pairs.append((nearest.channel, here[0]))
    if not pairs and len(amounts) == 1 and len({c.channel for c in sentence.channels}) == 1:
        q = amounts[0]
        if not _TOTAL_CUE.search(sentence.text) and not _RESERVE_CUE.search(sentence.text) and _spent_on(sentence, sentence.channels[0], q):
            pairs.append((sentence.channels[0].channel, q))
    # a channel paired with a count ("one Meta campaign") is not a budget
    return [(c, q) for c, q in pairs if q.kind == "money" or amount_of(q, scale) != q.value or q.value >= 100]


def _percent_shares(sentence: Sentence, said: list[Quantity]) -> list[tuple[str | None, Quantity]]:
    """(channel or None for the reserve, percent) said together: "sixty percent search, thirty
    percent Meta", "keep five percent back as a reserve", and, once a meeting divides in percent,
    "fifty-five search then, and five in reserve"."""
    out: list[tuple[str | None, Quantity]] = []
    for start, end in _clauses(sentence):
        here = [q for q in said if start <= q.start < end]
        if len(here) != 1:
            continue
        channels = [c for c in sentence.channels if start <= c.start < end]
        if channels:
            out.append((min(channels, key=lambda c: abs(c.start - here[0].start)).channel, here[0]))
        elif _RESERVE_CUE.search(sentence.utterance.text[start:end]):
            out.append((None, here[0]))
    return out


def _shares_to_amounts(
    meeting: Meeting, draft: Draft, shares: dict[str, list[Candidate]], share_of_reserve: list[Candidate],
    splits: dict[str, list[Candidate]], reserves: list[Candidate], total: Any, currency: str,
) -> None:
    """Shares said in percent become amounts of the settled total: arithmetic on what was said, not a
    guess; without a total they stay a question."""
    if not shares and not share_of_reserve:
        return
    settled = {channel: settle(meeting, candidates) for channel, candidates in shares.items()}
    reserve = settle(meeting, share_of_reserve)
    said = ", ".join(f"{c} {s.value:g}%" for c, s in settled.items() if s is not None)
    if total is None:
        draft.ask(f"The split was said in percent ({said}) but no total budget was settled", [e for s in settled.values() if s for e in s.evidence[:1]])
        return
    for channel, share in settled.items():
        if share is not None and channel not in splits:
            splits[channel] = [Candidate(round(total.value * share.winner.value / 100, 2), c.sentence, c.start, c.end, c.firm) for c in shares[channel]]
            for c, original in zip(splits[channel], shares[channel]):
                c.value = round(total.value * original.value / 100, 2)
    if reserve is not None and not reserves:
        reserves.extend(Candidate(round(total.value * c.value / 100, 2), c.sentence, c.start, c.end, c.firm) for c in share_of_reserve)
    draft.observe(f"the split was said in percent of the {format_money(total.value, currency)} total ({said}"
                  + (f", reserve {reserve.value:g}%" if reserve is not None else "") + "): amounts computed from it",
                  "BRIEF-SPLIT", [e for s in settled.values() if s for e in s.evidence[:1]])


def _spent_on(sentence: Sentence, channel: ChannelMention, q: Quantity) -> bool:
    """Whether the words between a figure and a channel make it the channel's budget: not
    "210,000 euros from paid and email" (revenue earned from it)."""
    between = sentence.utterance.text[min(channel.end, q.end) : max(channel.start, q.start)]
    return not re.search(r"\b(?:from|by|through|via|with)\b", between, re.IGNORECASE)


def _check_arithmetic(meeting: Meeting, draft: Draft, scale: float | None, currency: str) -> None:
    """Sums said aloud ("twenty-six plus twenty-one plus three point five is fifty and a half") against
    their own result and against the budget split."""
    split = {item["channel"]: item["amount"] for item in draft.get("budget.split") or []}
    for sentence in meeting.sentences:
        if sentence.past or not re.search(r"\bplus\b|\+", sentence.text):
            continue
        amounts = [q for q in sentence.quantities if is_amount(q)]
        result_at = _ARITHMETIC_RESULT.search(sentence.utterance.text, sentence.start, sentence.end)
        if len(amounts) < 3 or result_at is None:
            continue
        addends = [q for q in amounts if q.end <= result_at.start()]
        results = [q for q in amounts if q.start >= result_at.end()]
        if len(addends) < 2 or not results:
            continue
        values = [amount_of(q, scale) for q in addends]
        said = amount_of(results[0], scale)
        evidence = [cite(meeting, _candidate(sentence, addends[0], results[0]))]
        total = sum(values)
        shown = " + ".join(format_money(v, None) for v in values)
        if abs(total - said) > 0.005 * max(1.0, said):
            draft.observe(f"spoken arithmetic does not add up: {shown} = {format_money(total, None)}, said as {format_money(said, None)}",
                          "BRIEF-ARITHMETIC", evidence, severity="warning")
            draft.ask(f"Budget arithmetic: {shown} is {format_money(total, currency)}, not {format_money(said, currency)} as said", evidence)
            continue
        if split and sorted(values) == sorted(split.values()):
            draft.observe(f"spoken arithmetic matches the budget split: {shown} = {format_money(total, currency)}", "BRIEF-ARITHMETIC", evidence)
        elif split:
            draft.observe(f"spoken arithmetic ({shown} = {format_money(total, None)}) does not match the budget split "
                          f"({', '.join(f'{c} {format_money(a, None)}' for c, a in split.items())})", "BRIEF-ARITHMETIC", evidence, severity="warning")
        else:
            draft.observe(f"spoken arithmetic adds up: {shown} = {format_money(total, None)}", "BRIEF-ARITHMETIC", evidence)
        remainder = [q for following in _following(meeting, sentence) for q in following.quantities if is_amount(q)]
        total_budget = draft.get("budget.total")
        if total_budget is not None and remainder:
            left = amount_of(remainder[0], scale)
            if abs(total_budget - total - left) > 0.005 * total_budget:
                draft.observe(f"the amount said to be left ({format_money(left, None)}) is not the total less the sum "
                              f"({format_money(total_budget - total, None)})", "BRIEF-ARITHMETIC", evidence, severity="warning")


def _following(meeting: Meeting, sentence: Sentence) -> list[Sentence]:
    """The next sentence, when it says what is left ("Leaves fifteen hundred.")."""
    nxt = meeting.sentences[sentence.index + 1] if sentence.index + 1 < len(meeting.sentences) else None
    return [nxt] if nxt is not None and re.search(r"\b(?:leaves|left|remaining|rest)\b", nxt.text, re.IGNORECASE) else []


def _candidate(sentence: Sentence, first: Quantity, last: Quantity) -> Candidate:
    return Candidate(None, sentence, first.start, last.end)


def _check_split(draft: Draft, currency: str) -> None:
    total = draft.get("budget.total")
    split = draft.get("budget.split") or []
    if total is None or not split:
        return
    allocated = sum(item["amount"] for item in split) + (draft.get("budget.reserve") or 0)
    evidence = [e for item in split for e in item["evidence"][:1]] + (draft.evidence.get("budget.total") or [])[:1]
    if allocated > total + 0.5:
        draft.observe(f"the channel split and reserve add up to {format_money(allocated, currency)}, more than the total "
                      f"{format_money(total, currency)}", "BRIEF-SPLIT", evidence, severity="warning")
        draft.ask(f"Budget split ({format_money(allocated, currency)}) exceeds the total ({format_money(total, currency)})", evidence)
    elif allocated < total - 0.5:
        draft.observe(f"{format_money(total - allocated, currency)} of the {format_money(total, currency)} budget is not allocated "
                      "to a channel or the reserve", "BRIEF-SPLIT", evidence)
        draft.ask(f"Where do the remaining {format_money(total - allocated, currency)} go?", evidence)
    else:
        draft.observe(f"the channel split and reserve add up to the total, {format_money(total, currency)}", "BRIEF-SPLIT", evidence)
