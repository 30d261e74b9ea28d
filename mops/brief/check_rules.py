"""The checks of `mops brief check`, one small class each; the docstring is the documentation.

Each check has a stable code (BRIEF001...), a name and a default severity, and yields `Finding`s
at the line of the field to edit. Codes are never renumbered; docs/brief.md is generated from the
docstrings (`python -m mops.brief.check_docs`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import inspect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from mops.brief.document import BriefDocument, FieldPath, dates_out_of_order
from mops.models.results import Finding, Severity

if TYPE_CHECKING:
    from mops.brief.check import CheckContext

# half a currency unit: amounts said aloud and typed by hand are whole units, floats are not exact
BUDGET_TOLERANCE = 0.5
# a statement that says something about unallocated money (an open question, a decision, a risk)
_ABOUT_BUDGET = re.compile(r"\b(budget|unallocated|unassigned|unspent|remaining|remainder|left ?over|rest of the money)\b", re.IGNORECASE)


class BriefCheck:
    """Base class of the brief checks."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.warning

    def check(self, doc: BriefDocument, ctx: "CheckContext") -> Iterable[Finding]:
        return ()

    @classmethod
    def summary(cls) -> str:
        return (inspect.getdoc(cls) or cls.name).strip().splitlines()[0]

    @classmethod
    def documentation(cls) -> str:
        return inspect.getdoc(cls) or ""

    def finding(self, doc: BriefDocument, field: str | FieldPath, message: str, severity: Severity | None = None) -> Finding:
        line, column = doc.position_of(field)
        return Finding(code=self.code, severity=severity or self.severity, path=doc.display, line=line, column=column, message=message)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _value(brief: Any, path: str) -> Any:
    value = brief
    for part in path.split("."):
        value = getattr(value, part, None)
    return value


def _norm(text: str) -> str:
    """Names compared as people write them: case, accents and spacing do not matter."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _money(amount: float, currency: str) -> str:
    from mops.brief.playbook_helpers import format_money

    return format_money(amount, currency)


class RequiredField(BriefCheck):
    """A field the brief's playbook requires is missing or empty.

    What it checks: every field listed under `requires:` in the header of the brief's playbook
    (`playbook:` in the brief, campaign-brief when it names none) has a value; an empty list or
    text counts as missing.
    Why it matters: the playbook renders those fields for the people who approve and run the
    campaign; a brief without a budget or an owner cannot be signed off.
    Example: `budget:` with a split but no `total:`, under the campaign-brief playbook.
    Fix: fill the field in, or settle it and say who decides in `open_questions`; the finding is
    at the field's parent (or line 1 when the parent is missing too).
    """

    code = "BRIEF001"
    name = "brief.required-field"
    severity = Severity.error

    def check(self, doc: BriefDocument, ctx: "CheckContext") -> Iterator[Finding]:
        playbook = ctx.playbook_for(doc.brief)
        if playbook is None:
            return
        for path in playbook.required_fields:
            if path not in doc.ignored and _missing(_value(doc.brief, path)):
                yield self.finding(doc, path, f"`{path}` is required by the {playbook.name} playbook and is missing or empty")


class FlightOrder(BriefCheck):
    """The flight ends before it starts.

    What it checks: `end` is on or after `start`.
    Why it matters: plans, pacing and the calendar all count days from `start` to `end`; a swapped
    or mistyped date makes every one of them wrong.
    Example: `start: 2027-02-14` and `end: 2027-01-04`.
    Fix: correct the date that is wrong (the finding is at `end`).
    """

    code = "BRIEF002"
    name = "brief.flight-order"
    severity = Severity.error

    def check(self, doc: BriefDocument, ctx: "CheckContext") -> Iterator[Finding]:
        order = dates_out_of_order(doc.loaded)
        if order is not None:
            start, end = order
            yield self.finding(doc, "end", f"end {end} is before start {start}")


class DateInPast(BriefCheck):
    """A brief still in draft or review starts or ends in the past.

    What it checks: for a brief whose `status` is draft or in_review, that `start` and `end` are
    not before today (`--today` sets the day to check against).
    Why it matters: a brief still being reviewed cannot launch on a day that has gone; the dates
    were misheard, or the plan has slipped and nobody said so.
    Example: `status: draft` with `start: 2026-11-16`, checked on 2026-12-06.
    Fix: move the flight, or set `status: approved` or `archived` if the brief is no longer in review.
    """

    code = "BRIEF003"
    name = "brief.date-in-past"
    severity = Severity.warning

    def check(self, doc: BriefDocument, ctx: "CheckContext") -> Iterator[Finding]:
        brief = doc.brief
        if brief.status not in ("draft", "in_review"):
            return
        for field in ("start", "end"):
            day: dt.date | None = getattr(brief, field)
            if day is not None and day < ctx.today:
                yield self.finding(doc, field, f"{field} {day} is in the past (today is {ctx.today}) and the brief is still {brief.status}")


class BudgetSplit(BriefCheck):
    """The budget split and the reserve do not add up to the total.

    What it checks: the split by channel plus the reserve against `budget.total`, within half a
    currency unit. More than the total is an error; less is a warning unless an open question,
    decision or risk speaks about the rest (it mentions the budget, or money unallocated,
    remaining or left over).
    Why it matters: finance signs off on the total; a split that overspends it, or silently
    leaves money unplanned, is found out only when the invoices come.
    Example: total 52,000 EUR; search 26,000, Meta 21,000, email 3,500, reserve 2,000 = 52,500 EUR.
    Fix: correct the amounts, or say what happens to the rest in `open_questions`.
    """

    code = "BRIEF004"
    name = "brief.budget-split"
    severity = Severity.error

    def check(self, doc: BriefDocument, ctx: "CheckContext") -> Iterator[Finding]:
        budget = doc.brief.budget
        if budget.total is None or (not budget.split and budget.reserve is None):
            return
        parts = [_money(c.amount, "") for c in budget.split]
        if budget.reserve is not None:
            parts.append(f"reserve {_money(budget.reserve, '')}")
        allocated = budget.allocated
        # the sum as a person checks it: "10,000 + 6,000 + reserve 1,000 = 17,000 EUR"
        spelled = f"{' + '.join(parts)} = {_money(allocated, budget.currency)}" if len(parts) > 1 else f"{parts[0]} {budget.currency}"
        where = "budget.split" if budget.split else "budget.reserve"
        difference = allocated - budget.total
        if difference > BUDGET_TOLERANCE:
            yield self.finding(
                doc, where,
                f"the split adds up to more than the total: {spelled}, "
                f"{_money(difference, budget.currency)} over budget.total {_money(budget.total, budget.currency)}",
            )
        elif -difference > BUDGET_TOLERANCE and not _rest_is_discussed(doc.brief):
            yield self.finding(
                doc, where,
                f"the split leaves {_money(-difference, budget.currency)} of budget.total {_money(budget.total, budget.currency)} "
                f"unallocated ({spelled}), and no open question or decision says what happens to it",
                severity=Severity.warning,
            )


def _rest_is_discussed(brief: Any) -> bool:
    return any(_ABOUT_BUDGET.search(s.text) for s in [*brief.open_questions, *brief.decisions, *brief.risks])


def _suggest_channel(name: str, ctx: "CheckContext") -> str | None:
    """The canonical channel `name` stands for (an alias), else the closest spelling of one."""
    canonical = ctx.lexicon.canonical(name)
    if canonical is not None:
        return canonical
    spellings: dict[str, str] = {}
    for channel, aliases in ctx.lexicon.aliases().items():
        for spelling in (channel, channel.replace("_", " "), *aliases):
            spellings.setdefault(spelling.casefold(), channel)
    close = difflib.get_close_matches(name.casefold().replace("_", " ").replace("-", " "), list(spellings), n=1, cutoff=0.6)
    return spellings[close[0]] if close else None


class UnknownChannel(BriefCheck):
    """A channel that is not one of the taxonomy's channels.

    What it checks: each entry of `channels` and each `budget.split[].channel` is a canonical
    channel name from the taxonomy's `channels` section (paid_search, paid_social, email...).
    Why it matters: plans, history and links join on the canonical name; "Meta" in a brief and
    paid_social in the plan are two channels to every report.
    Example: `channels: [search, Meta]` -> use `[paid_search, paid_social]`.
    Fix: write the canonical name the message suggests (an alias's channel, or the closest
    spelling), or add the channel to the taxonomy with its source and medium.
    """

    code = "BRIEF005"
    name = "brief.unknown-channel"
    severity = Severity.error

    def check(self, doc: BriefDocument, ctx: "CheckContext") -> Iterator[Finding]:
        places: list[tuple[FieldPath, str]] = [(("channels", i), c) for i, c in enumerate(doc.brief.channels)]
        places += [(("budget", "split", i, "channel"), c.channel) for i, c in enumerate(doc.brief.budget.split)]
        for field, channel in places:
            if channel in ctx.channels:
                continue
            suggestion = _suggest_channel(channel, ctx)
            if suggestion is not None and ctx.lexicon.canonical(channel) == suggestion:
                advice = f"it is an alias of {suggestion}: write {suggestion}"
            elif suggestion is not None:
                advice = f"did you mean {suggestion}?"
            else:
                advice = f"the taxonomy's channels are {', '.join(ctx.channels) or 'none'}"
            yield self.finding(doc, field, f"channel {channel!r} is not one of the taxonomy's channels; {advice}")


class SplitChannelNotListed(BriefCheck):
    """A channel has budget in the split but is not in the brief's `channels`.

    What it checks: every `budget.split[].channel` (read as its canonical name) is also in
    `channels` (read the same way).
    Why it matters: `channels` is what the plan, the calendar and the launch check work from; money
    for a channel missing there is money nobody sets up a campaign for.
    Example: `channels: [paid_search]` with a split for paid_search and email.
    Fix: add the channel to `channels`, or move its money elsewhere.
    """

    code = "BRIEF006"
    name = "brief.split-channel-not-listed"
    severity = Severity.warning

    def check(self, doc: BriefDocument, ctx: "CheckContext") -> Iterator[Finding]:
        listed = {ctx.lexicon.canonical(c) or c for c in doc.brief.channels}
        for i, item in enumerate(doc.brief.budget.split):
            canonical = ctx.lexicon.canonical(item.channel)
            if canonical is None:
                continue  # BRIEF005 says what is wrong with it
            if canonical not in listed:
                yield self.finding(
                    doc, ("budget", "split", i, "channel"),
                    f"{item.channel} has {_money(item.amount, doc.brief.budget.currency)} in the split but is not in `channels`",
                )


class OwnerOverbooked(BriefCheck):
    """The campaign's owner would run more campaigns at once than mops.yaml allows them.

    What it checks: for each person with role owner (matched to mops.yaml `people` by name or
    email), the campaigns they own whose flights overlap this brief's: plans (`owner`) and the
    other briefs in the briefs folder (not archived), this brief included; more than the person's
    `max_active_campaigns` is reported with the overlapping campaigns.
    Why it matters: an owner spread over too many launches is how tracking, budgets and approvals
    slip; the limit is the team's own.
    Example: Priya Nair (max_active_campaigns 2) owns two plans overlapping this brief's flight.
    Fix: give the campaign another owner, move the flight, or raise the limit in mops.yaml if the
    team agrees.
    """

    code = "BRIEF007"
    name = "brief.owner-overbooked"
    severity = Severity.warning

    def check(self, doc: BriefDocument, ctx: "CheckContext") -> Iterator[Finding]:
        brief = doc.brief
        if brief.start is None or brief.end is None:
            return
        for i, owner in enumerate(brief.owners):
            if (owner.role or "owner") != "owner":
                continue
            person = ctx.person(owner.name)
            if person is None:
                continue  # BRIEF011
            others = [
                c for c in ctx.campaigns_owned_by(person)
                if c.campaign != brief.campaign and c.start <= brief.end and brief.start <= c.end
            ]
            active = 1 + len(others)
            if active > person.max_active_campaigns:
                listed = "; ".join(f"{c.campaign} ({c.kind}, {c.start} to {c.end})" for c in others)
                yield self.finding(
                    doc, ("owners", i, "name"),
                    f"{person.name} would own {active} active campaigns from {brief.start} to {brief.end}, above "
                    f"max_active_campaigns {person.max_active_campaigns} in mops.yaml: this one and {listed}",
                )


class KpiWithoutTarget(BriefCheck):
    """A KPI is listed without a target.

    What it checks: each entry of `kpis` has a `target` number.
    Why it matters: a KPI without a number cannot be met or missed; pacing and the campaign review
    have nothing to compare against.
    Example: `kpis: [{metric: roas}]`.
    Fix: add `target:` (and `direction:` at_least or at_most), or remove the KPI.
    """

    code = "BRIEF008"
    name = "brief.kpi-without-target"
    severity = Severity.warning

    def check(self, doc: BriefDocument, ctx: "CheckContext") -> Iterator[Finding]:
        for i, kpi in enumerate(doc.brief.kpis):
            if kpi.target is None:
                yield self.finding(doc, ("kpis", i), f"KPI {kpi.metric!r} has no target")


class OpenQuestionOnApproved(BriefCheck):
    """An approved brief still has open questions.

    What it checks: a brief with `status: approved` has no `open_questions` left.
    Why it matters: an approval signs off what the brief says; a question still open means part of
    it was not settled when it was signed.
    Example: `status: approved` with `open_questions: [Do we run the UK account?]`.
    Fix: answer the question in the brief (a decision, a value) and remove it, or set the status
    back to in_review.
    """

    code = "BRIEF009"
    name = "brief.open-question-on-approved"
    severity = Severity.warning

    def check(self, doc: BriefDocument, ctx: "CheckContext") -> Iterator[Finding]:
        if doc.brief.status != "approved":
            return
        for i, question in enumerate(doc.brief.open_questions):
            yield self.finding(doc, ("open_questions", i), f"the brief is approved but this question is still open: {question.text}")


class UnknownPlaybook(BriefCheck):
    """The brief names a playbook that does not exist.

    What it checks: `playbook:` names a bundled playbook or one in the workspace's playbooks folder.
    Why it matters: the playbook says which fields the brief needs (BRIEF001) and how it is
    rendered; with a misspelt name neither happens.
    Example: `playbook: campaign_brief` -> campaign-brief.
    Fix: use a name `mops playbooks list` shows, or add the playbook to the workspace.
    """

    code = "BRIEF010"
    name = "brief.unknown-playbook"
    severity = Severity.error

    def check(self, doc: BriefDocument, ctx: "CheckContext") -> Iterator[Finding]:
        name = doc.brief.playbook
        if name is not None and name not in ctx.playbooks:
            close = difflib.get_close_matches(name, list(ctx.playbooks), n=1, cutoff=0.6)
            advice = f"did you mean {close[0]}?" if close else f"available: {', '.join(ctx.playbooks)}"
            yield self.finding(doc, "playbook", f"no playbook named {name!r}; {advice}")


class OwnerNotInPeople(BriefCheck):
    """The campaign's owner is not in mops.yaml `people`.

    What it checks: each person with role owner matches someone in `people` by name or email
    (case and accents aside).
    Why it matters: without the match, mops cannot check the owner's workload (BRIEF007) or route
    approvals; often it is a misspelt name.
    Example: `owners: [{name: Priya Nayr, role: owner}]`.
    Fix: write the name as mops.yaml has it, or add the person to `people`.
    """

    code = "BRIEF011"
    name = "brief.owner-not-in-people"
    severity = Severity.info

    def check(self, doc: BriefDocument, ctx: "CheckContext") -> Iterator[Finding]:
        for i, owner in enumerate(doc.brief.owners):
            if (owner.role or "owner") == "owner" and ctx.person(owner.name) is None:
                yield self.finding(
                    doc, ("owners", i, "name"),
                    f"owner {owner.name!r} is not in mops.yaml `people`, so their workload is not checked",
                )


CHECKS: tuple[type[BriefCheck], ...] = (
    RequiredField,
    FlightOrder,
    DateInPast,
    BudgetSplit,
    UnknownChannel,
    SplitChannelNotListed,
    OwnerOverbooked,
    KpiWithoutTarget,
    OpenQuestionOnApproved,
    UnknownPlaybook,
    OwnerNotInPeople,
)


def all_checks() -> dict[str, type[BriefCheck]]:
    """Code -> check class, in code order."""
    return {check.code: check for check in CHECKS}


def normalise_name(text: str) -> str:
    """How people's names and emails are compared: case, accents and spacing aside."""
    return _norm(text)
