"""What an artifact needs: the rules of mops.yaml that cover it, its amount, and whether a set of
proven approvers meets them (distinct people with distinct keys, roles, spending authority)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mops.lint.globs import matches


@dataclass(frozen=True)
class Signer:
    """A proven approver: the principal and key the signature verified for, and their role."""

    principal: str
    key: str
    role: str | None
    name: str | None


@dataclass(frozen=True)
class Requirement:
    min_approvals: int
    roles: tuple[str, ...]
    label: str  # how the rule is named to people


def artifact_kind(path: str, config: Any) -> str:
    """brief, plan, proposal or copy: which checks `mops approve` runs and where an amount comes from."""
    paths = config.paths
    for kind, folder in (("brief", paths.briefs), ("plan", paths.plans), ("proposal", paths.proposals)):
        if path.startswith(folder.rstrip("/") + "/"):
            if kind == "brief" and path.endswith((".md", ".markdown")):
                return kind
            if kind != "brief" and path.endswith((".yaml", ".yml")):
                return kind
    return "copy"


def artifact_amount(path: str, data: bytes, config: Any) -> tuple[float | None, str | None]:
    """(amount in the workspace currency, None) for a plan or proposal; (None, why not) when it
    cannot be read; (None, None) for artifacts that spend nothing."""
    kind = artifact_kind(path, config)
    if kind not in ("plan", "proposal"):
        return None, None
    from mops.errors import MopsError
    from mops.models.plan import Plan
    from mops.models.proposal import Proposal
    from mops.yamlio import parse_yaml, validate_loaded

    try:
        loaded = parse_yaml(data, Path(path), display=path)
        model = validate_loaded(Plan if kind == "plan" else Proposal, loaded, schema=kind, display=path)
    except MopsError as exc:
        return None, f"cannot read its amount ({exc.message})"
    if kind == "plan":
        currency = model.currency
        amount = float(model.total_budget)
    elif model.kind == "launch" and model.total_budget is not None:  # launching spends the plan's total
        currency = model.currency or config.currency
        amount = float(model.total_budget)
    else:  # a reallocation moves amounts in the plan's currency, which the proposal records
        currency = model.currency or config.currency
        amount = float(sum(move.amount for move in model.moves))
    from mops.fx import home_rate

    rate = home_rate(currency, config.currency, config.history.fx_rates)
    if rate is None:
        return None, f"its amount is in {currency} and mops.yaml history.fx_rates has no rate to {config.currency}"
    return amount * rate, None


def requirements(path: str, amount: float | None, config: Any) -> list[Requirement]:
    """Every rule covering the artifact; one approval by anyone listed when none does. A rule with
    `budget_above` applies when the amount is above it, or cannot be read (the safe side)."""
    found = []
    for number, rule in enumerate(config.approvals.rules, 1):
        if not matches(path, rule.paths):
            continue
        if rule.budget_above is not None and amount is not None and amount <= rule.budget_above:
            continue
        label = f"rule {number} ({', '.join(rule.paths)}" + (f", above {rule.budget_above:,.0f}" if rule.budget_above is not None else "") + ")"
        found.append(Requirement(rule.min_approvals, tuple(rule.roles), label))
    return found or [Requirement(1, (), "one approval by anyone in the allowed-signers file")]


def sla_hours(path: str, config: Any) -> float | None:
    own = [r.sla_hours for r in config.approvals.rules if r.sla_hours is not None and matches(path, r.paths)]
    return min(own) if own else config.approvals.sla_hours


def distinct_count(signers: list[Signer]) -> int:
    """How many distinct approvers these are: each needs their own principal and their own key (one
    key listed for two people, or one person with two keys, counts once): a maximum matching."""
    keys_of: dict[str, set[str]] = {}
    for s in signers:
        keys_of.setdefault(s.principal.lower(), set()).add(s.key)
    owner: dict[str, str] = {}

    def claim(principal: str, seen: set[str]) -> bool:
        for key in sorted(keys_of[principal]):
            if key in seen:
                continue
            seen.add(key)
            if key not in owner or claim(owner[key], seen):
                owner[key] = principal
                return True
        return False

    return sum(1 for principal in sorted(keys_of) if claim(principal, set()))


def may_decide(signer: Signer, requirement: Requirement) -> bool:
    return not requirement.roles or signer.role in requirement.roles


def evaluate(signers: list[Signer], reqs: list[Requirement], amount: float | None, amount_problem: str | None, config: Any) -> list[str]:
    """What is still needed (empty: approved)."""
    needed: list[str] = []
    for req in reqs:
        eligible = [s for s in signers if may_decide(s, req)]
        have = distinct_count(eligible)
        if have < req.min_approvals:
            who = f" with role {' or '.join(req.roles)}" if req.roles else ""
            needed.append(f"{req.min_approvals - have} more approval{'s' if req.min_approvals - have > 1 else ''}{who} "
                          f"({have} of {req.min_approvals}, {req.label})")
    limits = config.approvals.spending_limits
    if limits and (amount is not None or amount_problem is not None):
        if amount is None:
            needed.append(f"spending authority cannot be judged: {amount_problem}")
        else:
            needed.extend(_authority(signers, amount, limits, config.currency))
    return needed


def _authority(signers: list[Signer], amount: float, limits: dict[str, float | None], currency: str) -> list[str]:
    """Approvers' limits add up (a second approver covers what the first cannot); a role with a
    null limit covers any amount; a role not listed covers nothing. Each approver is one person with
    one key: a key listed under two addresses, or one person signing with two keys, adds one limit
    (the largest first, each principal and each key used once: never more than the truth)."""
    def limit(s: Signer) -> float | None:
        return limits.get(s.role or "", 0.0)

    ordered = sorted(signers, key=lambda s: (limit(s) is not None, -(limit(s) or 0.0)))  # unlimited first, then largest
    used_principals: set[str] = set()
    used_keys: set[str] = set()
    covered = 0.0
    for s in ordered:
        if s.principal.lower() in used_principals or s.key in used_keys:
            continue
        used_principals.add(s.principal.lower())
        used_keys.add(s.key)
        value = limit(s)
        if value is None:
            return []
        covered += value
    if covered + 0.005 >= amount:
        return []
    higher = sorted((r for r, v in limits.items() if v is None or v >= amount), key=lambda r: (limits[r] is None, limits[r] or 0))
    options = f"an approver with role {' or '.join(higher)}" if higher else "more approvers"
    return [f"spending authority for {amount:,.2f} {currency}: approvers so far cover {covered:,.2f}; {options} (or another approver) must approve"]
