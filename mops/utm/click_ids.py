"""Parameters an ad platform, analytics tag or email tool adds to a link for ONE click or ONE
recipient: click ids (`gclid`, `fbclid`...), Google's cross-domain linker (`_gl`), email recipient
ids (`mc_eid`, `_hsenc`...). They belong on the URL a visitor lands on, added at click or send time;
copied into a link that ships (an ad's final URL, a newsletter, a bulk sheet), every later visitor
carries the same old id, and is attributed to that one click or counted as that one person.

Names are matched case-insensitively (`GCLID` is the same parameter to the tools that read it).
Each entry was checked against the platform's documentation or its tag's source before it was listed
(ef_id and s_kwcid: Adobe Experience League "Adobe Advertising IDs"; irclickid: impact.com's click
object; cjevent: CJ's "Click Events"; _ga: the analytics.js linker guide; awc: Awin's click appends;
tblci: Taboola's S2S guides; adobe_mc: Adobe's Visitor.appendToURL; the others, and these again,
in the lists of link-cleaning tools: Brave's query filter, ClearURLs-style extension rules).
"""

from __future__ import annotations

from typing import NamedTuple


class TrackingParameter(NamedTuple):
    name: str  # as the platform writes it
    owner: str  # who adds it
    kind: str  # "click": one ad click; "ad": one ad's clicks; "linker": one visit's cross-domain hand-over; "recipient": one email recipient; "send": one email send; "share": one share


TRACKING_PARAMETERS: tuple[TrackingParameter, ...] = (
    TrackingParameter("gclid", "Google Ads", "click"),
    TrackingParameter("gclsrc", "Google Ads", "click"),
    TrackingParameter("gbraid", "Google Ads", "click"),
    TrackingParameter("wbraid", "Google Ads", "click"),
    TrackingParameter("gad_source", "Google Ads", "click"),
    TrackingParameter("gad_campaignid", "Google Ads", "click"),
    TrackingParameter("dclid", "Display & Video 360 / Campaign Manager 360", "click"),
    TrackingParameter("srsltid", "Google Merchant Center", "click"),
    TrackingParameter("_gl", "Google's tag (gtag.js, Tag Manager)", "linker"),
    TrackingParameter("_ga", "Google Analytics' analytics.js linker", "linker"),  # _ga=2.1234.5678-9012.3456: one visitor's client id
    TrackingParameter("__hstc", "HubSpot's tracking code", "linker"),
    TrackingParameter("__hssc", "HubSpot's tracking code", "linker"),
    TrackingParameter("__hsfp", "HubSpot's tracking code", "linker"),
    TrackingParameter("adobe_mc", "Adobe's Experience Cloud ID service", "linker"),
    TrackingParameter("pk_vid", "Matomo", "linker"),
    TrackingParameter("fbclid", "Meta", "click"),
    TrackingParameter("igshid", "Instagram", "share"),
    TrackingParameter("igsh", "Instagram", "share"),
    TrackingParameter("mibextid", "Facebook", "share"),
    TrackingParameter("msclkid", "Microsoft Advertising", "click"),
    TrackingParameter("ttclid", "TikTok", "click"),
    TrackingParameter("twclid", "X (Twitter)", "click"),
    TrackingParameter("li_fat_id", "LinkedIn", "click"),
    TrackingParameter("epik", "Pinterest", "click"),
    TrackingParameter("ScCid", "Snapchat", "click"),
    TrackingParameter("rdt_cid", "Reddit", "click"),
    TrackingParameter("yclid", "Yandex Direct", "click"),
    TrackingParameter("qclid", "Quora", "click"),
    TrackingParameter("tblci", "Taboola", "click"),
    TrackingParameter("dicbo", "Outbrain", "click"),
    TrackingParameter("ef_id", "Adobe Advertising", "click"),  # the EF ID: one click or ad exposure ({gclid}:G:s...)
    TrackingParameter("s_kwcid", "Adobe Advertising", "ad"),  # the AMO ID (AL!..., AC!...): one ad and keyword
    TrackingParameter("irclickid", "Impact", "click"),
    TrackingParameter("cjevent", "CJ Affiliate", "click"),
    TrackingParameter("awc", "Awin", "click"),
    TrackingParameter("sscid", "ShareASale", "click"),
    TrackingParameter("_branch_match_id", "Branch", "click"),
    TrackingParameter("mc_cid", "Mailchimp", "send"),
    TrackingParameter("mc_eid", "Mailchimp", "recipient"),
    TrackingParameter("_hsenc", "HubSpot", "recipient"),
    TrackingParameter("_hsmi", "HubSpot", "recipient"),
    TrackingParameter("mkt_tok", "Marketo", "recipient"),
    TrackingParameter("_kx", "Klaviyo", "recipient"),
    TrackingParameter("_ke", "Klaviyo", "recipient"),
    TrackingParameter("vgo_ee", "ActiveCampaign", "recipient"),
    TrackingParameter("ml_subscriber", "MailerLite", "recipient"),
    TrackingParameter("ml_subscriber_hash", "MailerLite", "recipient"),
    TrackingParameter("vero_id", "Vero", "recipient"),
)

_BY_NAME = {p.name.lower(): p for p in TRACKING_PARAMETERS}


def tracking_parameter(key: str) -> TrackingParameter | None:
    """The tracking parameter a (decoded) query key is, in any case, or None."""
    return _BY_NAME.get(key.lower())


def why_stray(param: TrackingParameter) -> str:
    """What `param` is and why a hard-coded copy harms attribution, in words ("gclid is ...")."""
    if param.kind == "click":
        return f"the click id {param.owner} adds to one click: hard-coded in a link, it attributes every later visitor to that one old click"
    if param.kind == "ad":
        return f"the ad id {param.owner} adds to one ad's clicks: hard-coded in a link, it credits every later visitor to that one ad and keyword"
    if param.kind == "linker":
        return f"the id {param.owner} adds to hand one visit over to another domain: hard-coded in a link, it ties every later visitor to that one old visit and its click"
    if param.kind == "share":
        return f"the share id {param.owner} adds to one share: hard-coded in a link, it attributes every later visitor to that one old share"
    if param.kind == "send":
        return f"the campaign id {param.owner} adds to one email send: hard-coded in a link, it attributes every later visitor to that one old send"
    return f"the recipient id {param.owner} adds to one email: hard-coded in a link, every later visitor is counted as that one recipient"
