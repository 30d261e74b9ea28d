"""The launch check's budget check: the plan's money adds up, fits what finance allocated, and its
flight is still ahead.

Three questions, each answered with observations that carry their figures and the lines they rest
on (the plan's, and finance/allocations.yaml's):

1. Do the channels and the named reserve add up to total_budget, each channel within its own
   min_budget and max_budget? Money in no channel and not named as a reserve blocks the launch:
   nobody has decided where it goes.
2. Does the total fit finance's allocation? The campaign's own entry, else the period entry that
   holds the flight's first day; a period is shared by every plan whose own allocation it is. A
   plan finance has not allocated anything to is blocked (a check never passes on what it could
   not read). A plan in another currency than finance's is an input error (exit 2): amounts in two
   currencies cannot be compared.
3. Has the flight ended, or started already?
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mops.launch.context import FinanceFile, LaunchContext
from mops.launch.plan_file import PlanFile
from mops.models.launch import CheckResult
from mops.models.results import Evidence, Observation, Severity

# Share-based channels are rounded to cents one by one, so their sum may miss the total by half a
# cent each; below this the plan adds up.
TOLERANCE = 0.01

CODES: dict[str, dict[str, str]] = {
    "BUD001": {
        "title": "channels and reserve add up to the total",
        "severity": "info",
        "what": "The channels' budgets (amounts, or shares of total_budget) and the named reserve add up to total_budget.",
        "why": "Every unit of the total has a place: a channel spends it, or the reserve says why it is kept back.",
        "fix": "Nothing to fix; the figures list each channel's amount.",
    },
    "BUD002": {
        "title": "money unallocated, over the total, or nothing to launch",
        "severity": "error",
        "what": "Part of total_budget is in no channel and not named as a reserve, or the channels and reserve add up to more than the total.",
        "why": "Money nobody placed is either forgotten or spent somewhere the plan does not say; more than the total is spend nobody approved.",
        "fix": "Give the rest to a channel or add `reserve: {amount, reason}`; when it is above, lower a channel or raise total_budget.",
    },
    "BUD003": {
        "title": "channel outside its min/max",
        "severity": "info or error",
        "what": "A channel's budget is below its min_budget or above its max_budget.",
        "why": "The bounds are what the team agreed a channel needs to work and may take at most; pacing moves respect them, so the plan must too.",
        "fix": "Move money between channels until each is within its bounds, or change the bounds if the team agrees.",
    },
    "BUD004": {
        "title": "total against finance's allocation",
        "severity": "info or error",
        "what": "The plan's total (for a period, the total of every plan sharing it) against finance's allocation.",
        "why": "Finance's allocation is the money that exists; a launch above it spends money finance has not approved.",
        "fix": "Lower total_budget (or another plan's in the period), or ask finance for a larger allocation in finance/allocations.yaml.",
    },
    "BUD005": {
        "title": "no finance allocation",
        "severity": "error",
        "what": "Finance has no allocation for the campaign or for a period holding its first day, or the workspace has no finance file.",
        "why": "Without an allocation nothing says the money exists; the check cannot pass on what it could not read.",
        "fix": "Add the campaign (or its period) to finance/allocations.yaml (mops.yaml paths.finance) with finance's amount.",
    },
    "BUD006": {
        "title": "flight outside the allocation's period",
        "severity": "error",
        "what": "The flight runs outside the dates of the allocation it is held against.",
        "why": "Finance allocates money to a period; spend after it ends comes out of a budget nobody has set yet.",
        "fix": "End the flight within the period, split the campaign, or ask finance to allocate the next period too.",
    },
    "BUD007": {
        "title": "flight dates against today",
        "severity": "info, warning or error",
        "what": "Where the flight is relative to today: ahead (info), started (warning) or over (error), in the plan's time zone.",
        "why": "A flight that has started is already expected to spend (pacing counts from its first day); one that is over cannot launch.",
        "fix": "Move start (and end) to days ahead, or launch at once knowing pacing starts behind.",
    },
}


def check_budget(ctx: LaunchContext, pf: PlanFile) -> CheckResult:
    """The budget check of one plan. Raises ConfigError (exit 2) when the plan's currency is not finance's."""
    observations = [*_channel_observations(pf), *_finance_observations(ctx, pf), _flight_observation(ctx, pf)]
    return CheckResult.of(observations)


def money(amount: float, currency: str) -> str:
    return f"{amount:,.2f} {currency}"


# -- 1. channels and reserve ------------------------------------------------------------------------


def _channel_observations(pf: PlanFile) -> list[Observation]:
    nothing = _spends_nothing(pf)
    return [nothing] if nothing else [_adds_up(pf), *_bounds(pf)]


def _spends_nothing(pf: PlanFile) -> Observation | None:
    """A plan with no channel, or whose channels get nothing, has nothing to launch: never a pass."""
    plan = pf.plan
    spent = sum(c.amount(float(plan.total_budget)) for c in plan.channels)
    if plan.channels and spent > 0:
        return None
    said = "names no channel" if not plan.channels else f"gives its channels {money(0, plan.currency)}"
    return Observation(
        code="BUD002", severity=Severity.error, figures={"total": float(plan.total_budget), "allocated": 0.0, "channels": len(plan.channels)},
        evidence=[pf.evidence(("channels",) if plan.channels else ("total_budget",))],
        statement=f"the plan {said}: there is nothing to launch; give `channels` their budgets",
    )


def _channel_loc(channel: Any, index: int) -> tuple[Any, ...]:
    return ("channels", index, "budget" if channel.budget is not None else "share")


def _adds_up(pf: PlanFile) -> Observation:
    plan = pf.plan
    total, currency = float(plan.total_budget), plan.currency
    amounts = {c.channel: c.amount(total) for c in plan.channels}
    allocated = round(sum(amounts.values()), 2)
    reserve = float(plan.reserve.amount) if plan.reserve is not None else 0.0
    unallocated = round(total - allocated - reserve, 2)
    shares = sum(1 for c in plan.channels if c.share is not None)
    tolerance = max(TOLERANCE, 0.005 * shares)
    figures: dict[str, Any] = {"total": total, "allocated": allocated, "reserve": reserve, "unallocated": unallocated}
    figures.update({f"channel_{name}": amount for name, amount in amounts.items()})
    evidence = [pf.evidence(("total_budget",)), *(pf.evidence(_channel_loc(c, i)) for i, c in enumerate(plan.channels))]
    if plan.reserve is not None:
        evidence.append(pf.evidence(("reserve",), quote=plan.reserve.reason))
    in_channels = f"channels {money(allocated, currency)}" + (f" + reserve {money(reserve, currency)}" if plan.reserve else "")
    if abs(unallocated) <= tolerance:
        return Observation(code="BUD001", severity=Severity.info, figures=figures, evidence=evidence,
                           statement=f"{in_channels} = total {money(total, currency)}")
    if unallocated > 0:
        named = f"above the reserve of {money(reserve, currency)}" if plan.reserve else "and not named as a reserve"
        fix = "raise `reserve.amount` or give it to a channel" if plan.reserve else "add `reserve: {amount, reason}` or give it to a channel"
        statement = f"{money(unallocated, currency)} of the total is in no channel {named}: {fix}"
    else:
        statement = (f"{in_channels} add up to {money(allocated + reserve, currency)}, {money(-unallocated, currency)} above "
                     f"total {money(total, currency)}: lower a channel{' or the reserve' if plan.reserve else ''}, or raise total_budget")
    return Observation(code="BUD002", severity=Severity.error, figures=figures, evidence=evidence, statement=statement)


def _bounds(pf: PlanFile) -> list[Observation]:
    """One failure per channel outside its min/max; one pass when every bounded channel is inside."""
    plan = pf.plan
    total, currency = float(plan.total_budget), plan.currency
    bounded = [(i, c) for i, c in enumerate(plan.channels) if c.min_budget is not None or c.max_budget is not None]
    found = []
    for index, channel in bounded:
        amount = channel.amount(total)
        if channel.min_budget is not None and amount < channel.min_budget - TOLERANCE:
            side, bound, gap = "below its min_budget", float(channel.min_budget), round(channel.min_budget - amount, 2)
            loc = ("channels", index, "min_budget")
        elif channel.max_budget is not None and amount > channel.max_budget + TOLERANCE:
            side, bound, gap = "above its max_budget", float(channel.max_budget), round(amount - channel.max_budget, 2)
            loc = ("channels", index, "max_budget")
        else:
            continue
        found.append(Observation(
            code="BUD003", severity=Severity.error,
            statement=f"{channel.channel} gets {money(amount, currency)}, {money(gap, currency)} {side} of {money(bound, currency)}",
            figures={"channel": channel.channel, "amount": amount, "min_budget": channel.min_budget, "max_budget": channel.max_budget, "gap": gap},
            evidence=[pf.evidence(_channel_loc(channel, index)), pf.evidence(loc)],
        ))
    if bounded and not found:
        found.append(Observation(
            code="BUD003", severity=Severity.info,
            statement=f"{len(bounded)} channel{'s' if len(bounded) != 1 else ''} with min/max budgets, each within its bounds",
            figures={"channels_bounded": len(bounded)}, evidence=[pf.evidence(("channels", i)) for i, _ in bounded],
        ))
    return found


# -- 2. finance ----------------------------------------------------------------------------------------


@dataclass
class FinanceEntry:
    """An entry of finance's file as one plan is held against it."""

    index: int
    entry: Any  # mops.models.finance.Allocation
    currency: str
    dates: tuple[dt.date, dt.date] | None
    where: str  # finance/allocations.yaml:12

    @property
    def label(self) -> str:
        if self.entry.campaign is not None:
            return str(self.entry.campaign)
        if self.entry.period is not None:
            return str(self.entry.period)
        return f"{self.entry.start} to {self.entry.end}"


def allocation_for(finance: FinanceFile, plan: Any, fiscal_year_start: str) -> FinanceEntry | None:
    """The campaign's own entry, else the first period entry (file order) holding the flight's first day."""
    entries = finance.model.allocations

    def made(index: int) -> FinanceEntry:
        entry = entries[index]
        return FinanceEntry(index, entry, entry.currency or finance.model.currency, entry.dates(fiscal_year_start),
                           f"{finance.name}:{finance.line(('allocations', index))}")

    for index, entry in enumerate(entries):
        if entry.campaign == plan.campaign:
            return made(index)
    for index, entry in enumerate(entries):
        dates = entry.dates(fiscal_year_start)
        if entry.campaign is None and dates is not None and dates[0] <= plan.start <= dates[1]:
            return made(index)
    return None


def _finance_observations(ctx: LaunchContext, pf: PlanFile) -> list[Observation]:
    finance = ctx.finance
    plan = pf.plan
    if finance is None:
        relative = ctx.ws.config.paths.finance
        return [Observation(
            code="BUD005", severity=Severity.error, figures={"total": float(plan.total_budget)},
            evidence=[pf.evidence(("total_budget",))],
            statement=f"no finance file ({relative}): nothing says the {money(plan.total_budget, plan.currency)} exists; "
            f"add one to {relative} with finance's allocation for {plan.campaign} (`mops schema finance`)",
        )]
    allocation = allocation_for(finance, plan, ctx.ws.config.fiscal_year_start)
    _require_same_currency(pf, finance, allocation)
    if allocation is None:
        return [Observation(
            code="BUD005", severity=Severity.error, figures={"total": float(plan.total_budget)},
            evidence=[pf.evidence(("total_budget",)), pf.evidence(("start",)), Evidence(kind="file", path=finance.name, line=finance.line(("allocations",)))],
            statement=f"finance has no allocation for {plan.campaign} nor for a period holding its start {plan.start}: "
            f"add one to {finance.name} (`campaign: {plan.campaign}` or a `period:`) with finance's amount",
        )]
    evidence = Evidence(kind="file", path=finance.name, line=finance.line(("allocations", allocation.index)))
    found = [_against_allocation(ctx, pf, allocation, evidence)]
    outside = _outside_period(pf, allocation, evidence)
    if outside is not None:
        found.append(outside)
    return found


def _require_same_currency(pf: PlanFile, finance: FinanceFile, allocation: FinanceEntry | None) -> None:
    """Amounts in two currencies are not compared at a guessed rate: the plan is an input error."""
    theirs = allocation.currency if allocation is not None else finance.model.currency
    if pf.plan.currency == theirs:
        return
    whose = f"its allocation ({allocation.where}) is in {theirs}" if allocation is not None and allocation.entry.currency else f"{finance.name} is in {theirs}"
    raise pf.error(
        ("currency",), f"the plan is in {pf.plan.currency} but finance's {whose}: the budget cannot be checked against it",
        hint=f"write the plan in {theirs} (currency and every amount), or ask finance for an allocation in {pf.plan.currency}",
    )


def _against_allocation(ctx: LaunchContext, pf: PlanFile, allocation: FinanceEntry, evidence: Evidence) -> Observation:
    plan = pf.plan
    amount, currency = float(allocation.entry.amount), allocation.currency
    total = float(plan.total_budget)
    base = {"total": total, "allocation": amount}
    where = f"{allocation.label} ({allocation.where})"
    if allocation.entry.campaign is not None:
        figures = {**base, "remaining": round(amount - total, 2)}
        if total > amount + TOLERANCE:
            return Observation(code="BUD004", severity=Severity.error, figures=figures, evidence=[pf.evidence(("total_budget",)), evidence],
                               statement=f"total {money(total, currency)} is above finance's allocation of {money(amount, currency)} for {where}")
        return Observation(code="BUD004", severity=Severity.info, figures=figures, evidence=[pf.evidence(("total_budget",)), evidence],
                           statement=f"total {money(total, currency)} within finance's {money(amount, currency)} for {where}")
    return _against_period(ctx, pf, allocation, evidence, where)


def _against_period(ctx: LaunchContext, pf: PlanFile, allocation: FinanceEntry, evidence: Evidence, where: str) -> Observation:
    """Every plan held against the same period entry shares its amount, this one included."""
    currency, amount = allocation.currency, float(allocation.entry.amount)
    sharing = _plans_sharing(ctx, pf, allocation)
    totals: dict[str, float] = {}
    for other in sharing:
        converted = _in_currency(ctx, other.plan, currency)
        if converted is None:
            return Observation(
                code="BUD004", severity=Severity.error, figures={"allocation": amount},
                evidence=[other.evidence(("currency",)), evidence],
                statement=f"{other.plan.campaign} ({money(other.plan.total_budget, other.plan.currency)}) shares {where} but mops.yaml "
                f"history.fx_rates has no rate from {other.plan.currency} to {currency}: the period's spend cannot be added up",
            )
        totals[other.plan.campaign] = converted
    period_total = round(sum(totals.values()), 2)
    others = [c for c in totals if c != pf.plan.campaign]
    figures = {"total": float(pf.plan.total_budget), "allocation": amount, "period_total": period_total,
               "remaining": round(amount - period_total, 2), "plans_sharing": len(totals)}
    cited = [pf.evidence(("total_budget",)), evidence, *(o.evidence(("total_budget",)) for o in sharing if o.plan.campaign in others)]
    listed = ", ".join(f"{c} {money(t, currency)}" for c, t in totals.items())
    shared = f"with {', '.join(others)} " if others else ""
    together = "together " if others else ""
    if period_total > amount + TOLERANCE:
        return Observation(code="BUD004", severity=Severity.error, figures=figures, evidence=cited,
                           statement=f"plans starting in {where} {together}spend {money(period_total, currency)} ({listed}), "
                           f"{money(period_total - amount, currency)} above finance's {money(amount, currency)} for the period")
    return Observation(code="BUD004", severity=Severity.info, figures=figures, evidence=cited,
                       statement=f"total {money(pf.plan.total_budget, currency)} fits finance's {money(amount, currency)} for {where}, "
                       f"shared {shared}({listed}): {money(amount - period_total, currency)} left")


def _plans_sharing(ctx: LaunchContext, pf: PlanFile, allocation: FinanceEntry) -> list[PlanFile]:
    """The workspace's plans held against this same entry (a plan with its own entry is not), this plan first."""
    finance = ctx.finance
    assert finance is not None
    found = {pf.plan.campaign: pf}
    for other in ctx.plans:
        if other.plan.campaign in found:
            continue
        theirs = allocation_for(finance, other.plan, ctx.ws.config.fiscal_year_start)
        if theirs is not None and theirs.index == allocation.index:
            found[other.plan.campaign] = other
    return list(found.values())


def _in_currency(ctx: LaunchContext, plan: Any, currency: str) -> float | None:
    """A plan's total in the allocation's currency: as written, or at mops.yaml's fx rate when the
    allocation is in the workspace currency; None when there is no rate."""
    from mops.fx import home_rate

    if plan.currency == currency:
        return float(plan.total_budget)
    config = ctx.ws.config
    rate = home_rate(plan.currency, config.currency, config.history.fx_rates) if currency == config.currency else None
    return round(float(plan.total_budget) * rate, 2) if rate is not None else None


def _outside_period(pf: PlanFile, allocation: FinanceEntry, evidence: Evidence) -> Observation | None:
    if allocation.dates is None:
        return None  # a campaign's entry without dates covers the campaign whenever it runs
    first, last = allocation.dates
    plan = pf.plan
    days_before = max(0, (first - plan.start).days)
    days_after = max(0, (plan.end - last).days)
    if not days_before and not days_after:
        return None
    side = []
    if days_before:
        side.append(f"starts {days_before} day{'s' if days_before != 1 else ''} before it")
    if days_after:
        side.append(f"ends {days_after} day{'s' if days_after != 1 else ''} after it")
    return Observation(
        code="BUD006", severity=Severity.error,
        statement=f"the flight {plan.start} to {plan.end} {' and '.join(side)}: finance's {allocation.label} runs {first} to {last} "
        f"({allocation.where}); end the flight within it or ask finance to cover the rest",
        figures={"start": plan.start.isoformat(), "end": plan.end.isoformat(), "period_start": first.isoformat(),
                 "period_end": last.isoformat(), "days_before": days_before, "days_after": days_after},
        evidence=[pf.evidence(("start",)), pf.evidence(("end",)), evidence],
    )


# -- 3. the flight's dates -------------------------------------------------------------------------------


def _flight_observation(ctx: LaunchContext, pf: PlanFile) -> Observation:
    """The flight's days are the plan's time zone's, so today is taken there too (`ctx.day_in`)."""
    plan = pf.plan
    zone = plan.zone(ctx.ws.config.timezone)
    today = ctx.day_in(zone)
    until = (plan.start - today).days
    figures = {"start": plan.start.isoformat(), "end": plan.end.isoformat(), "days": plan.days, "days_until_start": until,
               "today": today.isoformat(), "timezone": zone}
    evidence = [pf.evidence(("start",)), pf.evidence(("end",))]
    flight = f"{plan.start} to {plan.end}, {plan.days} day{'s' if plan.days != 1 else ''} in {zone}"
    if plan.end < today:
        ago = (today - plan.end).days
        return Observation(code="BUD007", severity=Severity.error, figures=figures, evidence=evidence,
                           statement=f"the flight ended {ago} day{'s' if ago != 1 else ''} ago ({flight}): there is nothing left to launch; "
                           "move start and end to days ahead")
    if until < 0:
        return Observation(code="BUD007", severity=Severity.warning, figures=figures, evidence=evidence,
                           statement=f"started {-until} day{'s' if until != -1 else ''} ago: the pacing curve already expects spend ({flight})")
    when = "starts today" if until == 0 else f"starts in {until} day{'s' if until != 1 else ''}"
    return Observation(code="BUD007", severity=Severity.info, figures=figures, evidence=evidence, statement=f"{when} ({flight})")
