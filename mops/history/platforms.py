"""Each platform's export headers, mapped to the canonical columns, and detection from a header row.

Headers are compared case-insensitively after trimming. A platform is detected when every one of
its `required` canonical columns has a header; platforms are tried in `PLATFORM_ORDER`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SUPPORTED = ("google_ads", "meta", "linkedin", "tiktok", "ga4", "crm", "generic")

# Meta and others put the currency in the spend header: "Amount spent (EUR)".
CURRENCY_IN_HEADER = re.compile(r"\(([A-Z]{3})\)\s*$")


@dataclass(frozen=True)
class PlatformSpec:
    name: str
    columns: dict[str, tuple[str, ...]]  # canonical column -> accepted headers (lowercase)
    required: tuple[str, ...]
    prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # canonical -> header prefixes
    default_channel: str | None = None

    def match(self, headers: list[str]) -> dict[str, str]:
        """canonical column -> the header in this file that holds it."""
        found: dict[str, str] = {}
        lowered = {h.strip().lower(): h for h in headers}
        for canonical, names in self.columns.items():
            for name in names:
                if name in lowered:
                    found[canonical] = lowered[name]
                    break
        for canonical, prefixes in self.prefixes.items():
            if canonical in found:
                continue
            for low, original in lowered.items():
                if any(low.startswith(p) for p in prefixes):
                    found[canonical] = original
                    break
        return found

    def missing(self, headers: list[str]) -> list[str]:
        found = self.match(headers)
        return [c for c in self.required if c not in found]


SPECS: dict[str, PlatformSpec] = {
    "google_ads": PlatformSpec(
        "google_ads",
        {
            "date": ("day", "date"),
            "platform_campaign_name": ("campaign",),
            "platform_campaign_id": ("campaign id",),
            "account": ("account", "account name", "customer id"),
            "ad_group": ("ad group",),
            "impressions": ("impr.", "impressions"),
            "clicks": ("clicks",),
            "spend": ("cost",),
            "conversions": ("conversions",),
            "conversion_value": ("conv. value", "conversion value", "total conv. value"),
            "currency": ("currency code", "currency"),
        },
        required=("date", "platform_campaign_name", "impressions", "spend"),
        default_channel="paid_search",
    ),
    "meta": PlatformSpec(
        "meta",
        {
            "date": ("day", "reporting starts"),
            "platform_campaign_name": ("campaign name",),
            "platform_campaign_id": ("campaign id",),
            "account": ("account id", "account name"),
            "ad_group": ("ad set name",),
            "impressions": ("impressions",),
            "clicks": ("link clicks", "clicks (all)"),
            "conversions": ("results", "purchases"),
            "conversion_value": ("purchases conversion value", "results value", "conversion value"),
            "currency": ("currency",),
        },
        required=("date", "platform_campaign_name", "spend"),
        prefixes={"spend": ("amount spent",)},
        default_channel="paid_social",
    ),
    "linkedin": PlatformSpec(
        "linkedin",
        {
            "date": ("start date (in utc)", "date"),
            "platform_campaign_name": ("campaign name",),
            "platform_campaign_id": ("campaign id",),
            "account": ("account name", "account id"),
            "impressions": ("impressions",),
            "clicks": ("clicks",),
            "spend": ("total spent",),
            "conversions": ("conversions",),
            "conversion_value": ("conversion value",),
            "currency": ("currency",),
        },
        required=("date", "platform_campaign_name", "spend"),
        default_channel="paid_social",
    ),
    "tiktok": PlatformSpec(
        "tiktok",
        {
            "date": ("by day", "date", "stat time day"),
            "platform_campaign_name": ("campaign name",),
            "platform_campaign_id": ("campaign id",),
            "account": ("advertiser name", "advertiser id"),
            "ad_group": ("ad group name",),
            "impressions": ("impressions",),
            "clicks": ("clicks (destination)", "clicks"),
            "spend": ("cost", "total cost"),
            "conversions": ("conversions",),
            "conversion_value": ("total complete payment value", "conversion value"),
            "currency": ("currency",),
        },
        required=("date", "platform_campaign_name", "spend"),
        default_channel="paid_social",
    ),
    "ga4": PlatformSpec(
        "ga4",
        {
            "date": ("date",),
            "source_medium": ("session source / medium", "first user source / medium"),
            "utm_source": ("session source",),
            "utm_medium": ("session medium",),
            "utm_campaign": ("session campaign", "session manual campaign name", "campaign"),
            "ga4_channel_group": ("session default channel group", "session primary channel group"),
            "account": ("property", "property id"),
            "sessions": ("sessions",),
            "conversions": ("key events", "conversions"),
            "conversion_value": ("total revenue", "purchase revenue"),
            "currency": ("currency",),
        },
        required=("sessions", "utm_campaign"),
    ),
    "generic": PlatformSpec(
        "generic",
        {
            "date": ("date",),
            "platform": ("platform",),
            "account": ("account",),
            "platform_campaign_id": ("platform_campaign_id",),
            "platform_campaign_name": ("platform_campaign_name", "campaign"),
            "ad_group": ("ad_group",),
            "utm_source": ("utm_source",),
            "utm_medium": ("utm_medium",),
            "utm_campaign": ("utm_campaign",),
            "ga4_channel_group": ("ga4_channel_group",),
            "impressions": ("impressions",),
            "clicks": ("clicks",),
            "sessions": ("sessions",),
            "spend": ("spend",),
            "conversions": ("conversions",),
            "conversion_value": ("conversion_value",),
            "currency": ("currency",),
        },
        required=("date", "platform", "spend", "currency"),
    ),
}

# CRM is detected apart (mops/history/crm.py): it needs a segment column and personal columns.
PLATFORM_ORDER = ("google_ads", "meta", "linkedin", "tiktok", "ga4", "generic")

CRM_SEGMENT_HEADERS = ("segment", "segments", "list", "list name", "audience", "lifecycle stage")


def detect(headers: list[str]) -> str | None:
    """The platform whose export has these headers, or None."""
    for name in PLATFORM_ORDER:
        if not SPECS[name].missing(headers):
            return name
    lowered = {h.strip().lower() for h in headers}
    if lowered & set(CRM_SEGMENT_HEADERS):
        from mops.history.personal import personal_columns

        if personal_columns(headers):
            return "crm"
    return None


def currency_from_header(header: str) -> str | None:
    found = CURRENCY_IN_HEADER.search(header.strip())
    return found.group(1) if found else None
