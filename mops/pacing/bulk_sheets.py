"""Bulk-edit sheets for the platform campaigns an applied reallocation changes, for a person to
upload: Google Ads Editor (File > Import > From file) and Meta Ads Manager's bulk import
(Import ads in bulk). mops never calls a platform.

What goes in them (docs/pacing.md, "Proposals and proposal apply"):

- the platform campaigns of each changed channel: `platform_campaigns` entries whose `channel` is
  it (an entry without a channel belongs to the plan's only channel on its platform);
- each gets an even part of its channel's remaining budget after the move (new budget - spent to
  date; per-campaign spend is not in the report), spread over the days left of the flight from the
  day apply runs (the days after the last day of spend the proposal counts, when that is today):
  a **daily** budget, rounded half up to cents;
- in the campaign's account currency: history (`campaign_daily`) knows the currency each platform
  campaign of the plan spends in; when it is not the plan's, the amount is converted with mops.yaml
  `history.fx_rates` (units of the workspace currency per 1 unit of a currency, as
  mops/history/reports.py money_sql reads them), and a campaign with no rate is changed by hand;
- Google Ads Editor: `Campaign ID`, `Campaign`, `Budget`, `Budget type` (`Daily`), one row per
  campaign; Editor matches a campaign by name within the account, so a campaign without a `name` in
  the plan is not in the sheet (changed by hand);
- Meta bulk import: `Campaign ID`, `Campaign Name`, `Campaign Daily Budget` (in the account's
  currency units, not cents), one row per campaign; the import matches existing campaigns by ID, so
  a campaign without an `id` is not in the sheet (changed by hand).

Other platforms get no sheet: their campaigns are listed in the apply result to change by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

GOOGLE_ADS_EDITOR_COLUMNS = ("Campaign ID", "Campaign", "Budget", "Budget type")
META_BULK_IMPORT_COLUMNS = ("Campaign ID", "Campaign Name", "Campaign Daily Budget")
SHEET_NAMES = {"google_ads": "google-ads-editor.csv", "meta": "meta-bulk-import.csv"}


@dataclass(frozen=True)
class CampaignBudget:
    """One platform campaign's new daily budget, in its account's currency."""

    platform: str
    campaign_id: str | None
    campaign_name: str | None
    channel: str
    daily_budget: Decimal
    remaining: Decimal  # the campaign's part of the channel's remaining budget, in `currency`
    days_left: int
    currency: str = ""  # the account's currency the amounts are in ("" before it is known)
    converted: str | None = None  # how the plan's amount became the account's, when it was converted
    by_hand: str | None = None  # why the campaign is not in a sheet: change it by hand

    @property
    def sheet(self) -> str | None:
        """The sheet's file name holding its row; None: change it by hand."""
        return None if self.by_hand else SHEET_NAMES.get(self.platform)


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def campaigns_of(plan: Any, channel: str) -> list[Any]:
    """The platform campaigns spending for `channel`, in the plan's order."""
    on_platform: dict[str, list[str]] = {}
    for c in plan.channels:
        if c.platform:
            on_platform.setdefault(c.platform, []).append(c.channel)
    found = []
    for ref in plan.platform_campaigns:
        if ref.channel == channel or (ref.channel is None and on_platform.get(ref.platform) == [channel]):
            found.append(ref)
    return found


def days_left(plan: Any, counted_through: dt.date) -> int:
    """Days of the flight after `counted_through` (the last day already spent or counted)."""
    return max(0, (plan.end - max(counted_through, plan.start - dt.timedelta(days=1))).days)


def counted_through(data_through: dt.date, today: dt.date) -> dt.date:
    """The last day a new daily budget no longer spends: the last day of spend the proposal counts,
    or yesterday when apply runs later (days gone by since the data cannot be spent again)."""
    return max(data_through, today - dt.timedelta(days=1))


def convert(amount: Decimal, source: str, target: str, rates: dict[str, float], home: str) -> Decimal | None:
    """`amount` in `source` given in `target` through the workspace currency `home`, with rates in
    units of `home` per 1 unit of a currency (mops.yaml history.fx_rates, the rule money_sql in
    mops/history/reports.py applies in SQL); None when a rate is missing."""
    from mops.fx import home_rate

    if source == target:
        return amount
    into_home, out_of_home = home_rate(source, home, rates), home_rate(target, home, rates)
    if into_home is None or out_of_home is None:
        return None
    in_home = amount if source == home else amount * Decimal(repr(into_home))
    return in_home if target == home else in_home / Decimal(repr(out_of_home))


ACCOUNT_CURRENCY_SQL = """SELECT platform, platform_campaign_id, lower(platform_campaign_name) AS name, currency, max(date) AS last_day
FROM campaign_daily
WHERE campaign_id = ? AND platform NOT IN ('ga4', 'crm') AND currency IS NOT NULL AND currency <> ''
GROUP BY ALL ORDER BY last_day"""


def account_currencies(ws: Any, campaign: str) -> dict[tuple[str, str], str] | None:
    """The currency each platform campaign of the plan's `campaign` spends in, as history has it:
    keyed by (platform, "id:<id>") and (platform, "name:<lowercased name>"); the newest day's
    currency wins. None when the workspace has no history to read."""
    try:
        from mops.history.store import open_history

        con = open_history(ws, read_only=True)
    except Exception:  # no history database (or an unreadable one): the currencies are not known
        return None
    try:
        rows = con.execute(ACCOUNT_CURRENCY_SQL, [campaign]).fetchall()
    finally:
        con.close()
    found: dict[tuple[str, str], str] = {}
    for platform, pid, name, currency, _ in rows:  # oldest first: a newer day's currency overwrites
        if pid:
            found[(platform, f"id:{pid}")] = currency
        if name:
            found[(platform, f"name:{name}")] = currency
    return found


def _account_currency(ref: Any, currencies: dict[tuple[str, str], str] | None) -> str | None:
    if not currencies:
        return None
    if ref.id and (ref.platform, f"id:{ref.id}") in currencies:
        return currencies[(ref.platform, f"id:{ref.id}")]
    if ref.name and (ref.platform, f"name:{ref.name.lower()}") in currencies:
        return currencies[(ref.platform, f"name:{ref.name.lower()}")]
    return None


def _unmatchable(platform: str, ref: Any) -> str | None:
    """Why a campaign cannot be in its platform's sheet: the import matches campaigns by a field it lacks."""
    if platform == "google_ads" and not ref.name:
        return "it has no `name` in the plan, and Google Ads Editor matches campaigns by name"
    if platform == "meta" and not ref.id:
        return "it has no `id` in the plan, and Meta's bulk import matches campaigns by Campaign ID"
    if platform not in SHEET_NAMES:
        return f"mops writes no bulk sheet for {platform}"
    return None


def campaign_budgets(plan: Any, remaining_by_channel: dict[str, Decimal], counted: dt.date, *,
                     currencies: dict[tuple[str, str], str] | None = None, rates: dict[str, float] | None = None,
                     home: str | None = None) -> list[CampaignBudget]:
    """Each changed channel's remaining budget split evenly over its platform campaigns, per day left
    after `counted`, in each campaign's account currency (`currencies`, from account_currencies;
    the plan's when unknown)."""
    days = days_left(plan, counted)
    rows = []
    for channel, remaining in remaining_by_channel.items():
        refs = campaigns_of(plan, channel)
        for ref in refs:
            part = remaining / len(refs)
            daily = part / days if days else Decimal(0)
            currency = _account_currency(ref, currencies) or plan.currency
            converted = by_hand = None
            if currency != plan.currency:
                in_account = convert(daily, plan.currency, currency, rates or {}, home or plan.currency)
                total = convert(part, plan.currency, currency, rates or {}, home or plan.currency)
                if in_account is None or total is None:
                    by_hand = (f"its account spends in {currency} and mops.yaml history.fx_rates has no rate to convert "
                               f"{plan.currency} to {currency}; its daily budget is {cents(daily):.2f} {plan.currency}")
                    currency = plan.currency
                else:
                    converted = (f"converted from {cents(daily):.2f} {plan.currency} a day at mops.yaml history.fx_rates "
                                 + ", ".join(f"{c} {float((rates or {})[c])!r}" for c in (plan.currency, currency) if c != (home or plan.currency))
                                 + f" ({home or plan.currency} per unit)")
                    daily, part = in_account, total
            by_hand = by_hand or _unmatchable(ref.platform, ref)
            rows.append(CampaignBudget(
                platform=ref.platform, campaign_id=ref.id, campaign_name=ref.name, channel=channel,
                daily_budget=cents(daily), remaining=cents(part), days_left=days, currency=currency,
                converted=converted, by_hand=by_hand,
            ))
    return rows


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def google_ads_editor_csv(budgets: list[CampaignBudget]) -> str:
    return _csv(GOOGLE_ADS_EDITOR_COLUMNS, [
        [b.campaign_id or "", b.campaign_name or "", f"{b.daily_budget:.2f}", "Daily"]
        for b in budgets if b.platform == "google_ads" and b.sheet
    ])


def meta_bulk_import_csv(budgets: list[CampaignBudget]) -> str:
    return _csv(META_BULK_IMPORT_COLUMNS, [
        [b.campaign_id or "", b.campaign_name or "", f"{b.daily_budget:.2f}"] for b in budgets if b.platform == "meta" and b.sheet
    ])


def sheet_texts(folder: Path, budgets: list[CampaignBudget]) -> dict[Path, str]:
    """The sheets to write under `folder`: one per platform that has rows."""
    texts: dict[Path, str] = {}
    if any(b.platform == "google_ads" and b.sheet for b in budgets):
        texts[folder / SHEET_NAMES["google_ads"]] = google_ads_editor_csv(budgets)
    if any(b.platform == "meta" and b.sheet for b in budgets):
        texts[folder / SHEET_NAMES["meta"]] = meta_bulk_import_csv(budgets)
    return texts
