"""The workspace's exchange rule: mops.yaml `history.fx_rates` gives units of the workspace currency
per 1 unit of another currency. `mops.history.reports.money_sql` applies the same rule in SQL."""

from __future__ import annotations


def home_rate(currency: str, home: str, rates: dict[str, float]) -> float | None:
    """Units of the workspace currency `home` per 1 unit of `currency` (1 for `home` itself); None
    when mops.yaml has no rate for it."""
    if currency == home:
        return 1.0
    rate = rates.get(currency)
    return float(rate) if rate is not None else None
