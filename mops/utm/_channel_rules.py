"""The text of Google's GA4 default channel group rules, as constants `channels.py` evaluates.

Source: Google Analytics Help, "[GA4] Default channel group",
https://support.google.com/analytics/answer/9756891 (tables "Channels for manual traffic",
"Channels for Google Ads traffic" and "Channels for Display & Video 360 traffic").
Regexes are copied exactly as Google writes them and matched against the whole lower-cased value:
GA4's default channel definitions are not case-sensitive.
"""

from __future__ import annotations

from mops import regexcache

# The published channels, in the order GA4 evaluates the manual-traffic rules (first match wins).
CHANNELS: tuple[str, ...] = (
    "Direct",
    "Cross-network",
    "Paid Shopping",
    "Paid Search",
    "Paid Social",
    "Paid Video",
    "Display",
    "Paid Other",
    "Organic Shopping",
    "Organic Social",
    "Organic Video",
    "Organic Search",
    "Referral",
    "Email",
    "Affiliates",
    "Audio",
    "SMS",
    "Mobile Push Notifications",
    "Unassigned",
)

# What GA4 records when a dimension has no value: a session with neither source nor medium is
# "(direct) / (none)"; a missing source or medium on its own reads "(not set)".
DIRECT_SOURCE = "(direct)"
DIRECT_MEDIUMS = frozenset({"(not set)", "(none)"})
NOT_SET = "(not set)"

# Cross-network: Campaign Name contains "cross-network".
CROSS_NETWORK_CAMPAIGN = "cross-network"

# Paid Shopping / Paid Search / Paid Social / Paid Video / Paid Other:
# Medium matches regex ^(.*cp.*|ppc|retargeting|paid.*)$
PAID_MEDIUM_PATTERN = r"^(.*cp.*|ppc|retargeting|paid.*)$"
PAID_MEDIUM = regexcache.compile(PAID_MEDIUM_PATTERN)
PAID_CHANNEL_BY_CATEGORY: dict[str, str] = {
    "search": "Paid Search",
    "social": "Paid Social",
    "video": "Paid Video",
}  # shopping sources are caught earlier, by Paid Shopping

# Paid / Organic Shopping: Campaign Name matches regex ^(.*(([^a-df-z]|^)shop|shopping).*)$
# "shop" counts only at the start or after "e" or a non-letter: "eshop" and "summer-shop" match,
# "workshop" does not (but "workshopping" does, through "shopping").
SHOPPING_CAMPAIGN_PATTERN = r"^(.*(([^a-df-z]|^)shop|shopping).*)$"
SHOPPING_CAMPAIGN = regexcache.compile(SHOPPING_CAMPAIGN_PATTERN)

# Display: Medium is one of ("display", "banner", "expandable", "interstitial", "cpm").
DISPLAY_MEDIUMS = frozenset({"display", "banner", "expandable", "interstitial", "cpm"})

# Organic Social: Medium is one of
# ("social", "social-network", "social-media", "sm", "social network", "social media").
SOCIAL_MEDIUMS = frozenset(
    {"social", "social-network", "social-media", "sm", "social network", "social media"}
)

# Organic Video: Medium matches regex ^(.*video.*)$
VIDEO_MEDIUM_PATTERN = r"^(.*video.*)$"
VIDEO_MEDIUM = regexcache.compile(VIDEO_MEDIUM_PATTERN)

# Organic Search: Medium exactly matches organic.
ORGANIC_MEDIUM = "organic"

# Referral: Medium is one of ("referral", "app", or "link").
REFERRAL_MEDIUMS = frozenset({"referral", "app", "link"})

# Email: Source = email|e-mail|e_mail|e mail OR Medium = email|e-mail|e_mail|e mail.
# Google writes "=" here, and "contains" or "matches regex" where it means a partial match (Organic
# Video, Mobile Push Notifications), so "=" is read as an exact match of one of the four values:
# "newsletter-email" is not Email. (Some reimplementations, e.g. dbt-ga4, use "contains" instead.)
EMAIL_VALUES = frozenset({"email", "e-mail", "e_mail", "e mail"})

# Affiliates: Medium = affiliate.  Audio: Medium exactly matches audio.
AFFILIATE_MEDIUM = "affiliate"
AUDIO_MEDIUM = "audio"

# SMS: Source exactly matches sms OR Medium exactly matches sms.
SMS_VALUE = "sms"

# Mobile Push Notifications: Medium ends with "push" OR Medium contains "mobile" or "notification"
# OR Source exactly matches "firebase".
PUSH_MEDIUM_SUFFIX = "push"
PUSH_MEDIUM_PARTS = ("mobile", "notification")
PUSH_SOURCE = "firebase"

# Channels for Google Ads traffic (Source platform is "Google Ads"): by ad network type, and
# Cross-network also by campaign type ("Performance Max", "App", "Smart", "Demand Gen", "Local").
GOOGLE_ADS_PLATFORM = "google ads"
GOOGLE_ADS_NETWORK_CHANNELS: dict[str, str] = {
    "google search": "Paid Search",
    "google partners": "Paid Search",
    "youtube search": "Paid Video",
    "youtube videos": "Paid Video",
    "google display network": "Display",
    "cross-network": "Cross-network",
    "social": "Paid Social",
    "performance max": "Cross-network",
    "app": "Cross-network",
    "smart": "Cross-network",
    "demand gen": "Cross-network",
    "local": "Cross-network",
}

# Channels for Display & Video 360 traffic: by DV360 creative format.
DV360_PLATFORMS = frozenset({"display & video 360", "dv360"})
DV360_FORMAT_CHANNELS: dict[str, str] = {
    **dict.fromkeys(
        (
            "standard",
            "expandable",
            "native site square",
            "backdrop",
            "templated app install interstitial",
            "deprecated",
            "native app install",
            "native app install square",
            "native site",
            "templated app install",
            "lightbox",
        ),
        "Display",
    ),
    **dict.fromkeys(
        ("native video", "video", "templated app install video", "flipbook"), "Paid Video"
    ),
    "audio": "Audio",
    **dict.fromkeys(("publisher hosted", "tracking", "unknown"), "Paid Other"),
}
