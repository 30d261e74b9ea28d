"""Bulk-edit sheets for the platform campaigns an applied reallocation changes, for a person to
upload: Google Ads Editor (File > Import > From file) and Meta Ads Manager's bulk import
(Import ads in bulk). mops never calls a platform.

What goes in them (docs/pacing.md, "Proposals and proposal apply"):

- the platform campaigns of each changed channel: `platform_campaigns` entries whose `channel` is
  it (an entry without a channel belongs to the plan's only channel on its platform);
- each gets an even part of its channel's remaining budget after the move (new budget - spent to
  date; per-campaign spend is not in the report), spread over the days left after the proposal's
  `as_of` to the end of the flight: a **daily** budget, rounded half up to cents;
- Google Ads Editor: `Campaign ID`, `Campaign`, `Budget`, `Budget type` (`Daily`), one row per
  campaign; Editor matches a campaign by name within the account, so give the name in the plan;
- Meta bulk import: `Campaign ID`, `Campaign Name`, `Campaign Daily Budget` (in the account's
  currency units, not cents), one row per campaign; the import matches existing campaigns by ID.

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
    """One platform campaign's new daily budget."""

    platform: str
    campaign_id: str | None
    campaign_name: str | None
    channel: str
    daily_budget: Decimal
    remaining: Decimal  # the campaign's part of the channel's remaining budget
    days_left: int


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


def days_left(plan: Any, as_of: dt.date) -> int:
    """Days of the flight after `as_of` (the day the proposal's figures rest on)."""
    return max(0, (plan.end - max(as_of, plan.start - dt.timedelta(days=1))).days)


def campaign_budgets(plan: Any, remaining_by_channel: dict[str, Decimal], as_of: dt.date) -> list[CampaignBudget]:
    """Each changed channel's remaining budget split evenly over its platform campaigns, per day left."""
    days = days_left(plan, as_of)
    rows = []
    for channel, remaining in remaining_by_channel.items():
        refs = campaigns_of(plan, channel)
        for ref in refs:
            part = remaining / len(refs)
            rows.append(CampaignBudget(
                platform=ref.platform, campaign_id=ref.id, campaign_name=ref.name, channel=channel,
                daily_budget=cents(part / days) if days else Decimal(0), remaining=cents(part), days_left=days,
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
        [b.campaign_id or "", b.campaign_name or "", f"{b.daily_budget:.2f}", "Daily"] for b in budgets if b.platform == "google_ads"
    ])


def meta_bulk_import_csv(budgets: list[CampaignBudget]) -> str:
    return _csv(META_BULK_IMPORT_COLUMNS, [
        [b.campaign_id or "", b.campaign_name or "", f"{b.daily_budget:.2f}"] for b in budgets if b.platform == "meta"
    ])


def sheet_texts(folder: Path, budgets: list[CampaignBudget]) -> dict[Path, str]:
    """The sheets to write under `folder`: one per platform that has rows."""
    texts: dict[Path, str] = {}
    if any(b.platform == "google_ads" for b in budgets):
        texts[folder / SHEET_NAMES["google_ads"]] = google_ads_editor_csv(budgets)
    if any(b.platform == "meta" for b in budgets):
        texts[folder / SHEET_NAMES["meta"]] = meta_bulk_import_csv(budgets)
    return texts
