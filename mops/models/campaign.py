"""The campaign identity contract: one campaign id ties a brief, a plan, proposals, approvals,
the utm_campaign of its links and the platform campaigns in history together.

A campaign id is a lowercase slug, `2026-q2_spring-sale`: ASCII letters, digits, `-` and `_`,
starting and ending with a letter or digit, at most 100 characters (GA4 truncates
campaign values at 100). It is the brief's `campaign`, the plan's `campaign` and file name
(`plans/<id>.yaml`), and the `utm_campaign` of every link the campaign ships.

Rows coming from outside (ad platform exports, analytics) are tied to a campaign id by
`resolve_campaign_id`, in this order, first match wins:

1. a plan maps the row's (platform, platform campaign id);
2. a plan maps the row's (platform, platform campaign name), compared case-insensitively
   after trimming (names are edited in the platforms; ids are not, so ids win);
3. the row's utm_campaign equals a campaign id of a plan, or one of a plan's `utm_campaigns`
   aliases (case-insensitively, since GA4 reports keep whatever case the link had);
4. the row's utm_campaign is itself a well-formed campaign id (a campaign with no plan yet).

Anything else stays unattributed and is reported, never guessed.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from collections.abc import Iterable
from typing import Annotated, Literal, NamedTuple, Protocol

from mops import regexcache

CAMPAIGN_ID_PATTERN = r"^[a-z0-9](?:[a-z0-9_-]{0,98}[a-z0-9])?$"
_CAMPAIGN_ID_RE = regexcache.compile(CAMPAIGN_ID_PATTERN)

PLATFORMS = ("google_ads", "meta", "linkedin", "tiktok", "microsoft_ads", "x", "pinterest", "snapchat", "ga4", "crm", "email", "other")


def is_campaign_id(value: str) -> bool:
    """True when `value` is a well-formed campaign id."""
    return bool(_CAMPAIGN_ID_RE.match(value))


def _check_campaign_id(value: str) -> str:
    if not is_campaign_id(value):
        raise ValueError(
            f"{value!r} is not a campaign id: use lowercase letters, digits, '-' and '_', "
            "starting and ending with a letter or digit, e.g. 2026-q2_spring-sale"
        )
    return value


def __getattr__(name: str) -> object:
    # CampaignId, the type models validate campaign ids with, is made on first use: the lint's
    # CampaignIndex (below) reads plans without importing pydantic
    if name == "CampaignId":
        from pydantic import AfterValidator

        made = globals()["CampaignId"] = Annotated[str, AfterValidator(_check_campaign_id)]
        return made
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def campaign_id_from_file_name(name: str) -> str:
    """A campaign id from a kickoff file's name, when the meeting said none:
    '2027-q2_spring-sale-kickoff.txt' -> '2027-q2_spring-sale'."""
    stem = PurePath(name).name.split(".")[0]
    stem = re.sub(r"[-_ ]?(?:kick-?off|transcript|meeting|recording|call|notes)$", "", stem, flags=re.IGNORECASE)
    return slugify_campaign(stem) or "campaign"


def slugify_campaign(text: str) -> str:
    """A campaign-id-shaped slug from free text ('Spring Sale 2026!' -> 'spring-sale-2026')."""
    slug = re.sub(r"[^a-z0-9_]+", "-", text.strip().lower()).strip("-_")
    return slug[:100].strip("-_")


class PlatformCampaignRef(Protocol):
    platform: str
    id: str | None
    name: str | None


class PlanLike(Protocol):
    campaign: str
    utm_campaigns: list[str]
    platform_campaigns: list  # list[PlatformCampaignRef]


MatchRule = Literal["platform_id", "platform_name", "utm_campaign_plan", "utm_campaign_id"]


class CampaignMatch(NamedTuple):
    campaign_id: str
    rule: MatchRule


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


class CampaignIndex:
    """Lookup tables built once from the workspace's plans, applied row by row."""

    def __init__(self, plans: Iterable[PlanLike]) -> None:
        self.by_platform_id: dict[tuple[str, str], str] = {}
        self.by_platform_name: dict[tuple[str, str], str] = {}
        self.by_utm: dict[str, str] = {}
        for plan in plans:
            self.by_utm[plan.campaign.casefold()] = plan.campaign
            for alias in plan.utm_campaigns:
                self.by_utm[alias.casefold()] = plan.campaign
            for ref in plan.platform_campaigns:
                if ref.id:
                    self.by_platform_id[(ref.platform, str(ref.id).strip())] = plan.campaign
                if ref.name:
                    self.by_platform_name[(ref.platform, _norm(ref.name))] = plan.campaign

    def resolve(
        self,
        *,
        platform: str | None = None,
        platform_campaign_id: str | None = None,
        platform_campaign_name: str | None = None,
        utm_campaign: str | None = None,
    ) -> CampaignMatch | None:
        """The campaign id a row belongs to, and which rule of the contract matched."""
        if platform and platform_campaign_id:
            found = self.by_platform_id.get((platform, str(platform_campaign_id).strip()))
            if found:
                return CampaignMatch(found, "platform_id")
        if platform and platform_campaign_name:
            found = self.by_platform_name.get((platform, _norm(platform_campaign_name)))
            if found:
                return CampaignMatch(found, "platform_name")
        if utm_campaign:
            value = utm_campaign.strip()
            found = self.by_utm.get(value.casefold())
            if found:
                return CampaignMatch(found, "utm_campaign_plan")
            if is_campaign_id(value):
                return CampaignMatch(value, "utm_campaign_id")
        return None


def resolve_campaign_id(plans: Iterable[PlanLike], **row: str | None) -> CampaignMatch | None:
    """One-off form of `CampaignIndex(plans).resolve(**row)`."""
    return CampaignIndex(plans).resolve(**row)
