"""A bounded reallocation from a day's pacing report: which channel gives, which takes, how much,
and what it is expected to do. `mops pacing check` writes it; a person approves it (`mops approve`);
`mops proposal apply` carries it out (mops/pacing/apply.py).

The rules, exactly (docs/pacing.md, "Proposals and proposal apply"):

- **No proposal** when the report is `not_judged` (stale or missing history), `not_started` or
  `ended`, when any channel has no data (`no_data`, or a `stale_data`/`no_history` anomaly), when the
  plan has no CPA or ROAS target, or when fewer than two channels can be ranked. A `no_data`
  channel the plan maps no platform campaign to (history can never measure it: email sent from the
  CRM, say) is left out of the reallocation instead: not ranked, not in `R`, never moved.
- **Spent, budget, remaining**: a channel's budget is its plan amount (a `share` times
  `total_budget`); its spend is the report's `actual_to_date`; its remaining budget is
  `max(0, budget - spent)`. The plan's remaining budget `R` is the sum of its channels' remaining
  budgets (the reserve is not a channel's and is never moved). `R` only sets the 1% floor below;
  the share cap is taken of the giving channel's own remaining budget, not of `R`.
- **Score against target** (higher is better): `target_cpa / cpa` for a CPA target,
  `roas / target_roas` for a ROAS target, the lower of the two when the plan has both. A channel
  that spent and converted nothing scores 0 against a CPA target. A channel that spent nothing, or
  whose conversions or value are unknown, or whose conversions stopped while spend went on (a
  broken tag measures the tag, not the channel), is not ranked.
- **Action is needed** when the giver is weak (score below `1 - pacing.tolerance`), or when the
  giver or the receiver itself is `under` or `over` its pacing band (a third channel off pace does
  not move money between two others), and the receiver is strong (score at least 1) and scores
  higher. A channel `under` its pacing band never receives: it does not spend what it has.
- **Who**: the weakest ranked channel that can give (lowest score; ties: more spent first, then
  name) to the strongest that can take (highest score; ties: name), with the conditions above.
- **How much**: `min(pacing.max_move_share x the giver's remaining budget (its max(0, budget - spent)),
  giver's budget - max(its min_budget, its spend), receiver's max_budget - its budget)`, rounded
  down to whole currency units (rounding never breaks a bound). None when that is under 1% of the
  plan's remaining budget `R` (or under one unit). While `max_move_share` is below 1 the share cap
  is always within what the giver has not spent, so its spend never decides the amount; its
  `min_budget` can.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

NOT_JUDGED = ("not_judged", "not_started", "ended")
NO_DATA_ANOMALIES = ("stale_data", "no_history")
MIN_SHARE_OF_REMAINING = Decimal("0.01")


def _dec(value: float | int | None) -> Decimal:
    return Decimal(repr(float(value or 0)))


def _money(value: Decimal | float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.01")))


@dataclass
class Standing:
    """One channel as the proposal judges it."""

    channel: str
    index: int  # in the plan's channels
    budget: Decimal
    spent: Decimal
    min_budget: Decimal | None
    max_budget: Decimal | None
    status: str
    conversions: float | None
    value: float | None
    cpa: float | None
    roas: float | None
    score: float | None  # None: not ranked
    why_unranked: str | None = None

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(0), self.budget - self.spent)

    @property
    def room_to_give(self) -> Decimal:
        return self.budget - max(self.min_budget or Decimal(0), self.spent)

    @property
    def room_to_take(self) -> Decimal | None:
        return None if self.max_budget is None else self.max_budget - self.budget


def standings(pf: Any, report: Any) -> list[Standing]:
    """The plan's channels with the report's figures and their scores against the plan's targets."""
    plan = pf.plan
    targets = plan.target_values
    by_name = {c.channel: c for c in report.channels}
    broken = {a.channel for a in report.anomalies if a.kind == "conversions_stopped" and a.channel}
    found = []
    for index, channel in enumerate(plan.channels):
        figures = by_name.get(channel.channel)
        if figures is None:
            continue
        spent = _dec(figures.actual_to_date)
        conversions = figures.conversions
        value = figures.conversion_value
        cpa = figures.cpa if figures.cpa is not None else (float(spent) / conversions if conversions else None)
        roas = figures.roas if figures.roas is not None else (value / float(spent) if value is not None and spent > 0 else None)
        ratios: list[float] = []
        why = None
        if spent <= 0:
            why = "nothing spent yet"
        elif channel.channel in broken:
            why = "conversions stopped while spend went on (check the tag)"
        else:
            if "cpa" in targets:
                if conversions is not None and conversions == 0:
                    ratios.append(0.0)
                elif cpa:
                    ratios.append(targets["cpa"] / cpa)
                else:
                    why = "no conversion figures"
            if "roas" in targets and why is None:
                if roas is not None:
                    ratios.append(roas / targets["roas"])
                else:
                    why = "no conversion value figures"
        score = round(min(ratios), 4) if ratios and why is None else None
        found.append(Standing(
            channel=channel.channel, index=index, budget=_dec(channel.amount(plan.total_budget)), spent=spent,
            min_budget=_dec(channel.min_budget) if channel.min_budget is not None else None,
            max_budget=_dec(channel.max_budget) if channel.max_budget is not None else None,
            status=figures.status, conversions=conversions, value=value, cpa=cpa, roas=roas, score=score, why_unranked=why,
        ))
    return found


def unmeasured_channels(pf: Any, report: Any) -> set[str]:
    """Channels history cannot measure: `no_data` in the report and no platform campaign of the plan
    spends for them (an email channel sent from the CRM, say). They are outside the reallocation:
    not ranked, not in the remaining budget, never giving or taking. A channel with platform
    campaigns and no data stops the proposal (missing data is never read as no spend)."""
    from mops.pacing.bulk_sheets import campaigns_of

    return {c.channel for c in report.channels if c.status == "no_data" and not campaigns_of(pf.plan, c.channel)}


@dataclass
class Choice:
    giver: Standing
    receiver: Standing
    amount: Decimal
    remaining: Decimal
    share_cap: Decimal
    binding: str
    trigger: str


def choose(pf: Any, report: Any) -> tuple[Choice | None, list[Standing], str]:
    """The move to propose (or None) with every channel's standing and, when none, why not."""
    if report.status in NOT_JUDGED:
        return None, [], f"pacing is {report.status}: no proposal"
    unmeasured = unmeasured_channels(pf, report)
    if any(c.status == "no_data" and c.channel not in unmeasured for c in report.channels) or any(
        a.kind in NO_DATA_ANOMALIES and a.channel not in unmeasured for a in report.anomalies
    ):
        return None, [], "a channel has no data: no proposal on missing or stale data"
    if not pf.plan.target_values:
        return None, [], "the plan has no CPA or ROAS target to judge channels against"
    every = [s for s in standings(pf, report) if s.channel not in unmeasured]
    if any(c.channel not in {s.channel for s in every} | unmeasured for c in pf.plan.channels):
        return None, every, "a channel of the plan is missing from the report"
    ranked = [s for s in every if s.score is not None]
    if len(ranked) < 2:
        return None, every, "fewer than two channels can be ranked against target"
    remaining = sum((s.remaining for s in every), Decimal(0))
    if remaining <= 0:
        return None, every, "no budget remains"
    tolerance = pf.plan.pacing.tolerance
    givers = sorted(ranked, key=lambda s: (s.score, -s.spent, s.channel))
    receivers = sorted(ranked, key=lambda s: (-s.score, s.channel))  # type: ignore[operator]
    for giver in givers:
        weak = giver.score < 1 - tolerance  # type: ignore[operator]
        if giver.room_to_give < 1:
            continue
        for receiver in receivers:
            if receiver is giver or receiver.score < 1 or receiver.score <= giver.score:  # type: ignore[operator]
                continue
            if receiver.status == "under":
                # it does not spend what it has: more budget would sit unspent
                continue
            # off pace triggers a move only through the two channels it concerns, never a third's
            off_pace = [s.channel for s in (giver, receiver) if s.status in ("under", "over")]
            if not (weak or off_pace):
                continue
            if receiver.spent > receiver.budget:
                # it has already spent more than its budget: a move would first cover what is spent
                # (leaving it below its spend, which apply refuses) and buy none of the conversions said
                continue
            room = receiver.room_to_take
            if room is not None and room < 1:
                continue
            # the bound is a share of the giving channel's own remaining budget ("move 15% of its
            # remaining budget"): what the channel has not spent yet is what can move
            share_cap = _dec(pf.plan.pacing.max_move_share) * giver.remaining
            limits = {"max_move_share": share_cap, "giver_minimum": giver.room_to_give}
            if room is not None:
                limits["receiver_maximum"] = room
            binding = min(limits, key=lambda k: limits[k])
            amount = limits[binding].to_integral_value(rounding=ROUND_FLOOR)
            if amount < 1 or amount < MIN_SHARE_OF_REMAINING * remaining:
                return None, every, (f"the largest move the bounds allow ({amount} {pf.plan.currency}) is under 1% of the "
                                     f"remaining {_money(remaining):,.2f}: no proposal")
            trigger = (f"{giver.channel} is weak against target" if weak
                       else f"{', '.join(off_pace)} {'is' if len(off_pace) == 1 else 'are'} off pace")
            return Choice(giver, receiver, amount, remaining, share_cap, binding, trigger), every, ""
    return None, every, "no channel is weak against target (or off pace) while another is strong: no action needed"


BOUND_SAID = {
    "max_move_share": lambda g, r: "the share cap decides the amount",
    "giver_minimum": lambda g, r: (f"{g.channel} keeps {_money(max(g.min_budget or Decimal(0), g.spent)):,.2f} "
                                   f"({'its min_budget' if (g.min_budget or 0) >= g.spent else 'what it already spent'}): that decides the amount"),
    "receiver_maximum": lambda g, r: f"{r.channel} may rise to its max_budget {_money(r.max_budget or Decimal(0)):,.2f}: that decides the amount",
}


def _target_said(pf: Any, s: Standing) -> str:
    targets = pf.plan.target_values
    parts = []
    if "cpa" in targets:
        parts.append(f"CPA {s.cpa:,.2f} against {targets['cpa']:,.2f}" if s.cpa is not None else f"no conversion against a CPA of {targets['cpa']:,.2f}")
    if "roas" in targets and s.roas is not None:
        parts.append(f"ROAS {s.roas:.2f} against {targets['roas']:.2f}")
    return ", ".join(parts)


def _channel_figures(pf: Any, s: Standing, role: str, amount: Decimal) -> dict[str, Any]:
    targets = pf.plan.target_values
    after = s.budget - amount if role == "from" else s.budget + amount
    return {
        "channel": s.channel, "role": role, "budget_before": _money(s.budget), "budget_after": _money(after),
        "spent_to_date": _money(s.spent), "remaining_before": _money(s.remaining), "remaining_after": _money(max(Decimal(0), after - s.spent)),
        "min_budget": _money(s.min_budget) if s.min_budget is not None else None,
        "max_budget": _money(s.max_budget) if s.max_budget is not None else None,
        "conversions": s.conversions, "cpa": round(s.cpa, 2) if s.cpa is not None else None,
        "target_cpa": targets.get("cpa"), "roas": round(s.roas, 4) if s.roas is not None else None, "target_roas": targets.get("roas"),
        "score": s.score, "pace_status": s.status,
    }


def propose(ws: Any, pf: Any, report: Any, as_of: dt.date) -> Any:
    """The day's reallocation proposal for the plan (mops.models.proposal.Proposal), or None when no
    action is needed or the data cannot carry one (module docstring: the rules)."""
    from mops.models.proposal import BudgetMove, MoveEffect, Proposal
    from mops.models.results import Evidence, Observation

    choice, every, _why_not = choose(pf, report)
    if choice is None:
        return None
    plan = pf.plan
    currency = plan.currency
    g, r, amount = choice.giver, choice.receiver, choice.amount
    money = float(amount)

    lost = money / g.cpa if g.cpa else 0.0
    gained = money / r.cpa if r.cpa else None
    expected: dict[str, Any] = {
        "amount": money, "currency": currency, "data_through": getattr(report, "data_through", None) or report.as_of,
        "conversions_lost": round(lost, 2), "conversions_gained": round(gained, 2) if gained is not None else None,
        "net_conversions": round(gained - lost, 2) if gained is not None else None,
    }
    if g.roas is not None and r.roas is not None:
        expected.update(value_lost=_money(money * g.roas), value_gained=_money(money * r.roas),
                        net_value=_money(money * r.roas - money * g.roas))
    said = (f"{expected['net_conversions']:+,.2f} conversions" if expected["net_conversions"] is not None else "conversions not estimable")
    if "net_value" in expected:
        said += f", {expected['net_value']:+,.2f} {currency} conversion value"
    bound_figures = {
        "remaining_budget": _money(choice.remaining), "max_move_share": plan.pacing.max_move_share,
        "giver_remaining": _money(g.remaining), "share_cap": _money(choice.share_cap), "giver_room": _money(g.room_to_give),
        "receiver_room": _money(r.room_to_take) if r.room_to_take is not None else None,
        "binding": choice.binding, "amount": money,
    }
    effects = [
        MoveEffect(reason=f"expected at current CPAs: {said} for the rest of the flight", figures=expected),
        MoveEffect(reason=f"{g.channel} gives {money:,.0f} {currency}: {_target_said(pf, g)} (score {g.score:.2f}); {choice.trigger}",
                   figures=_channel_figures(pf, g, "from", amount)),
        MoveEffect(reason=f"{r.channel} takes {money:,.0f} {currency}: {_target_said(pf, r)} (score {r.score:.2f}), the strongest against target",
                   figures=_channel_figures(pf, r, "to", amount)),
        MoveEffect(reason=f"{BOUND_SAID[choice.binding](g, r)}; the share cap is {plan.pacing.max_move_share:.0%} of the "
                          f"{_money(g.remaining):,.2f} {currency} {g.channel} has left ({_money(choice.share_cap):,.2f}); "
                          f"rounded down to whole {currency}",
                   figures=bound_figures),
    ]
    observations = []
    for s in every:
        row = {"channel": s.channel, "budget": _money(s.budget), "actual_to_date": _money(s.spent), "status": s.status,
               "conversions": s.conversions, "cpa": round(s.cpa, 2) if s.cpa is not None else None,
               "roas": round(s.roas, 4) if s.roas is not None else None}
        evidence = [Evidence(kind="row", path=report.plan, row=row, note=f"pacing on {report.as_of}"),
                    pf.evidence(("channels", s.index), note="the channel's budget and bounds")]
        if plan.targets is not None:
            evidence.append(pf.evidence(("targets",), note="the targets channels are scored against"))
        if s.score is None:
            statement = f"{s.channel} is not ranked: {s.why_unranked}"
        else:
            statement = f"{s.channel}: {_target_said(pf, s)}, score {s.score:.2f} with {_money(s.spent):,.2f} {currency} spent"
        observations.append(Observation(
            statement=statement, code="PACE-RANK",
            figures={"score": s.score, "spent": _money(s.spent), "budget": _money(s.budget), "remaining": _money(s.remaining)},
            evidence=evidence,
        ))
    summary = (f"move {money:,.0f} {currency} of remaining budget from {g.channel} to {r.channel}: {g.channel} {_target_said(pf, g)}, "
               f"{r.channel} {_target_said(pf, r)}; expected {said}")
    return Proposal(
        campaign=plan.campaign, kind="reallocation", created=as_of, summary=summary, plan=pf.name, currency=currency,
        moves=[BudgetMove(from_channel=g.channel, to_channel=r.channel, amount=money)], bound=plan.pacing.max_move_share,
        as_of=as_of, effect=effects, observations=observations,
        plan_sha256=pf.loaded.sha256,  # the plan's bytes the figures were read from: approve and apply refuse other bytes
    )


def proposal_path(ws: Any, campaign: str, as_of: dt.date) -> Path:
    return ws.path(ws.config.paths.proposals) / f"{campaign}-pacing-{as_of.isoformat()}.yaml"


def proposal_text(ws: Any, proposal: Any, target: Path) -> str:
    """The proposal as YAML a person reads in a pull request, with a header saying what to do with it."""
    from mops.yamlio import dump_record

    data = {"campaign": proposal.campaign, "kind": proposal.kind,  # the kind said, though it is the default
            **proposal.model_dump(mode="json", exclude_defaults=True, by_alias=True)}
    data["status"] = proposal.status  # said explicitly: the gatekeeper's decision, then apply, change it
    relative = ws.relative(target)
    header = (
        "# yaml-language-server: $schema=../.mops/schemas/proposal.json\n"
        f"# Written by `mops pacing check` for {proposal.plan} on the data of {proposal.as_of}; a re-run the same day rewrites it.\n"
        f"# A gatekeeper approves it with `mops approve {relative}`; `mops proposal apply {relative}` then changes the plan\n"
        "# and writes bulk-edit sheets to upload. Nothing is changed on any platform by this file or by apply.\n"
    )
    return header + dump_record(data)


def write_proposal(ws: Any, proposal: Any) -> Path:
    """Write proposals/<campaign>-pacing-<as_of>.yaml atomically (same proposal, same bytes). A
    proposal already applied under that name is a record and is left as it is."""
    from mops.fsutil import atomic_write_text

    if proposal.as_of is None:
        raise ValueError("a pacing proposal needs its as_of day")
    target = proposal_path(ws, proposal.campaign, proposal.as_of)
    if is_applied(target):
        return target
    atomic_write_text(target, proposal_text(ws, proposal, target))
    return target


def is_applied(path: Path) -> bool:
    """Whether the proposal at `path` was applied (`status: applied` or an `applied:` date): a record, never rewritten."""
    if not path.is_file():
        return False
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and (data.get("status") == "applied" or data.get("applied") is not None)
