"""Which GA4 default channel a session lands in, from its source, medium and campaign.

Follows Google's published rules ("[GA4] Default channel group",
https://support.google.com/analytics/answer/9756891): the manual-traffic rules in their published
order, first match wins, compared case-insensitively; the source lists are Google's source
categories (`taxonomy/ga4_source_categories.yaml`). The rule text lives in `_channel_rules.py`.

    >>> classify_channel("Facebook", "CPC").channel
    'Paid Social'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple
from functools import lru_cache
from pathlib import Path

from mops.errors import ConfigError
from mops.utm import _channel_rules as rules
from mops.utm._channel_rules import CHANNELS

__all__ = [
    "CATEGORY_NAMES",
    "CHANNELS",
    "ChannelAssignment",
    "SourceCategories",
    "classify_channel",
    "load_source_categories",
]

CATEGORY_NAMES: tuple[str, ...] = ("search", "social", "shopping", "video")


class ChannelAssignment(NamedTuple):
    """The channel GA4 would assign, and the condition that decided it, in words."""

    channel: str
    reason: str


@dataclass(frozen=True)
class SourceCategories:
    """Google's source categories: which sources GA4 counts as search, social, shopping or video sites."""

    by_source: Mapping[str, str]  # lower-cased source -> one of CATEGORY_NAMES
    path: Path | None = None

    def category_of(self, source: str) -> str | None:
        """The category of a source (any case), or None when it is in no list."""
        return self.by_source.get(source.lower())

    def sources(self, category: str) -> frozenset[str]:
        """The lower-cased sources of one category."""
        return frozenset(s for s, c in self.by_source.items() if c == category)

    def __len__(self) -> int:
        return len(self.by_source)


def load_source_categories(path: Path | None = None) -> SourceCategories:
    """Read a source-category file (default: the bundled Google list); cached per process."""
    if path is None:
        return _load_bundled()
    return _load_cached(path.resolve())


@lru_cache(maxsize=1)
def _load_bundled() -> SourceCategories:
    # A cache keyed on nothing: resolving the bundled path costs file-system calls, which would
    # dominate a classification that takes a microsecond.
    from mops.resources import bundled_path

    return _load_cached(bundled_path("taxonomy", "ga4_source_categories.yaml").resolve())


@lru_cache(maxsize=8)
def _load_cached(path: Path) -> SourceCategories:
    # parsing ~800 sources from YAML (and importing PyYAML) costs more than a one-file lint's rules:
    # the validated mapping is kept in the user cache, keyed by the file's identity
    from mops.usercache import cached_json

    return SourceCategories(by_source=cached_json("ga4-source-categories", path, lambda: _read_categories(path)), path=path)


def _read_categories(path: Path) -> dict[str, str]:
    from mops.yamlio import load_yaml

    loaded = load_yaml(path)
    shown = str(path)

    def error(message: str, loc: tuple[object, ...], hint: str) -> ConfigError:
        at = loaded.position(loc)
        return ConfigError(
            message,
            path=shown,
            line=at.line if at else None,
            column=at.column if at else None,
            hint=hint,
        )

    layout_hint = "the file maps each of search, social, shopping, video to a list of source names"
    if not isinstance(loaded.data, dict):
        raise error("expected a mapping of category to list of sources", (), layout_hint)
    by_source: dict[str, str] = {}
    for category, entries in loaded.data.items():
        if category not in CATEGORY_NAMES:
            raise error(f"unknown source category {category!r}", (category,), layout_hint)
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise error(f"{category}: expected a list of sources", (category,), layout_hint)
        for index, entry in enumerate(entries):
            if not isinstance(entry, str) or not entry:
                raise error(
                    f"{category}: entry {entry!r} is not a source name",
                    (category, index),
                    "write each source as text; quote values such as 360.cn or google+",
                )
            source = entry.lower()
            previous = by_source.get(source)
            if previous is not None and previous != category:
                raise error(
                    f"source {entry!r} is listed under both {previous} and {category}",
                    (category, index),
                    "GA4 gives each source one category: keep it in one list",
                )
            by_source[source] = category
    return by_source


def classify_channel(
    source: str | None,
    medium: str | None,
    campaign: str | None = None,
    *,
    source_platform: str | None = None,
    ad_network_type: str | None = None,
    categories: SourceCategories | None = None,
) -> ChannelAssignment:
    """The GA4 default channel of a session with this source, medium and campaign name.

    A missing (None or empty) source and medium together read as GA4's "(direct) / (none)"; either
    one missing on its own reads "(not set)". `source_platform` with `ad_network_type` applies
    Google's platform tables first: for "Google Ads" the ad network type (or the campaign types
    GA4 counts as Cross-network: Performance Max, App, Smart, Demand Gen, Local), for
    "Display & Video 360" the creative format. Without a known type the manual rules decide.
    """
    cats = categories if categories is not None else _load_bundled()
    if source_platform and ad_network_type:
        platform = _platform_channel(source_platform, ad_network_type)
        if platform is not None:
            return platform

    if not source and not medium:
        # Direct is the first rule, so the campaign name cannot change the outcome.
        return ChannelAssignment(
            "Direct", "no source and no medium: GA4 records the session as (direct) / (none)"
        )
    src = source.lower() if source else rules.NOT_SET
    med = medium.lower() if medium else rules.NOT_SET
    camp = campaign.lower() if campaign else ""
    return _manual_rules(src, med, camp, cats.by_source.get(src))


def _platform_channel(source_platform: str, ad_network_type: str) -> ChannelAssignment | None:
    platform = source_platform.lower()
    kind = ad_network_type.lower()
    if platform == rules.GOOGLE_ADS_PLATFORM:
        channel = rules.GOOGLE_ADS_NETWORK_CHANNELS.get(kind)
        what = "ad network type or campaign type"
    elif platform in rules.DV360_PLATFORMS:
        channel = rules.DV360_FORMAT_CHANNELS.get(kind)
        what = "creative format"
    else:
        return None
    if channel is None:
        return None
    reason = f"source platform is {source_platform} and {what} is {ad_network_type!r}"
    return ChannelAssignment(channel, reason)


def _manual_rules(src: str, med: str, camp: str, category: str | None) -> ChannelAssignment:
    """Google's "channels for manual traffic", in order; inputs already lower-cased."""
    paid_rx = rules.PAID_MEDIUM_PATTERN
    if src == rules.DIRECT_SOURCE and med in rules.DIRECT_MEDIUMS:
        return ChannelAssignment("Direct", f"source is (direct) and medium is {med}")
    if rules.CROSS_NETWORK_CAMPAIGN in camp:
        return ChannelAssignment("Cross-network", f"campaign {camp!r} contains 'cross-network'")

    paid = rules.PAID_MEDIUM.fullmatch(med) is not None
    shop_campaign = bool(camp) and rules.SHOPPING_CAMPAIGN.fullmatch(camp) is not None
    if paid:
        if category == "shopping" or shop_campaign:
            return ChannelAssignment(
                "Paid Shopping", f"medium {med!r} matches {paid_rx} and {_shopping_why(src, camp, category)}"
            )
        if category is not None:
            return ChannelAssignment(
                rules.PAID_CHANNEL_BY_CATEGORY[category], f"medium {med!r} matches {paid_rx} and source {src!r} is in the {category} category"
            )
    if med in rules.DISPLAY_MEDIUMS:
        return ChannelAssignment(
            "Display", f"medium is {med!r}, one of display, banner, expandable, interstitial, cpm"
        )
    if paid:
        return ChannelAssignment(
            "Paid Other", f"medium {med!r} matches {paid_rx} and source {src!r} is in no category"
        )

    if category == "shopping" or shop_campaign:
        return ChannelAssignment("Organic Shopping", _shopping_why(src, camp, category))
    if category == "social":
        return ChannelAssignment("Organic Social", f"source {src!r} is in the social category")
    if med in rules.SOCIAL_MEDIUMS:
        return ChannelAssignment("Organic Social", f"medium is {med!r}, one of the social mediums")
    if category == "video":
        return ChannelAssignment("Organic Video", f"source {src!r} is in the video category")
    if rules.VIDEO_MEDIUM.fullmatch(med):
        return ChannelAssignment("Organic Video", f"medium {med!r} matches {rules.VIDEO_MEDIUM_PATTERN}")
    if category == "search":
        return ChannelAssignment("Organic Search", f"source {src!r} is in the search category")
    if med == rules.ORGANIC_MEDIUM:
        return ChannelAssignment("Organic Search", "medium is 'organic'")

    if med in rules.REFERRAL_MEDIUMS:
        return ChannelAssignment("Referral", f"medium is {med!r}, one of referral, app, link")
    if src in rules.EMAIL_VALUES:
        return ChannelAssignment("Email", f"source is {src!r}, one of email, e-mail, e_mail, e mail")
    if med in rules.EMAIL_VALUES:
        return ChannelAssignment("Email", f"medium is {med!r}, one of email, e-mail, e_mail, e mail")
    if med == rules.AFFILIATE_MEDIUM:
        return ChannelAssignment("Affiliates", "medium is 'affiliate'")
    if med == rules.AUDIO_MEDIUM:
        return ChannelAssignment("Audio", "medium is 'audio'")
    if src == rules.SMS_VALUE or med == rules.SMS_VALUE:
        which = "source" if src == rules.SMS_VALUE else "medium"
        return ChannelAssignment("SMS", f"{which} is 'sms'")
    if med.endswith(rules.PUSH_MEDIUM_SUFFIX):
        return ChannelAssignment("Mobile Push Notifications", f"medium {med!r} ends with 'push'")
    for part in rules.PUSH_MEDIUM_PARTS:
        if part in med:
            return ChannelAssignment("Mobile Push Notifications", f"medium {med!r} contains {part!r}")
    if src == rules.PUSH_SOURCE:
        return ChannelAssignment("Mobile Push Notifications", "source is 'firebase'")

    return ChannelAssignment(
        "Unassigned", f"source {src!r} and medium {med!r} match no default channel rule"
    )


def campaign_can_change_channel(campaign: str) -> bool:
    """Whether this campaign name can decide a channel (the Cross-network and shopping rules);
    for any other name GA4 assigns the same channel whatever the campaign is called."""
    camp = campaign.lower()
    return rules.CROSS_NETWORK_CAMPAIGN in camp or rules.SHOPPING_CAMPAIGN.fullmatch(camp) is not None


def _shopping_why(src: str, camp: str, category: str | None) -> str:
    if category == "shopping":
        return f"source {src!r} is in the shopping category"
    return f"campaign {camp!r} matches {rules.SHOPPING_CAMPAIGN_PATTERN}"
