"""Tie platform rows to campaign ids through the campaign identity contract (mops/models/campaign.py).

`campaign_map` holds one row per distinct (platform, platform campaign id, name, utm_campaign) in
`facts`, with the campaign id it resolves to, the rule that matched and its channel. It is
rebuilt after each import and whenever the plans' mappings change.

A campaign's channel, first found wins: the plan's channel for that platform campaign; the Google
Ads campaign type (the export's "Campaign type" column) through `CAMPAIGN_TYPE_CHANNELS`; for
Google Ads exports without that column (or with a type mops does not know), a campaign type written as a
word of the campaign name ("FJ | PMax | Tents"); an unknown type whose name says none gets
`<platform>_other` (`google_ads_other`: never silently paid search; mops.yaml
history.campaign_types teaches a type its channel); else the platform's channel (`google_ads` paid_search; `meta`, `linkedin`,
`tiktok` paid_social). Meta placements (Facebook, Instagram, Audience Network, Messenger; feed,
stories, reels) stay paid_social, as GA4 counts their clicks, and keep the placement in
`facts.placement`.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from mops.history.platforms import SPECS
from mops.models.campaign import CampaignIndex

_DEFAULT_CHANNEL = {name: spec.default_channel for name, spec in SPECS.items() if spec.default_channel}
_DEFAULT_CHANNEL.update({"crm": "email", "email": "email"})

# Google Ads campaign types (as the UI names them in English, German, French and Spanish) -> channel.
# paid_search, display and video are channels of the bundled taxonomy; paid_shopping,
# performance_max, demand_gen and app are history's own, so reports keep them apart.
CAMPAIGN_TYPE_CHANNELS = {
    "search": "paid_search", "suche": "paid_search", "suchnetzwerk": "paid_search", "recherche": "paid_search",
    "reseau de recherche": "paid_search", "busqueda": "paid_search", "red de busqueda": "paid_search",
    "smart": "paid_search", "hotel": "paid_search", "hotels": "paid_search",
    "display": "display", "displaynetzwerk": "display", "reseau display": "display", "red de display": "display",
    "shopping": "paid_shopping",
    "performance max": "performance_max", "pmax": "performance_max", "local": "performance_max",
    "video": "video", "videos": "video",
    "demand gen": "demand_gen", "demand generation": "demand_gen", "discovery": "demand_gen",
    "app": "app", "apps": "app", "application": "app", "aplicacion": "app", "app kampagne": "app", "multi channel": "app",
    # Spanish and French UI names (support.google.com ?hl=es / ?hl=fr): Máximo rendimiento, Generación de demanda,
    # Génération de la demande, Aplicaciones, Applications; Local campaigns became Performance Max
    "maximo rendimiento": "performance_max", "generacion de demanda": "demand_gen", "generation de la demande": "demand_gen",
    "generation de demande": "demand_gen", "aplicaciones": "app", "applications": "app",
    "locales": "performance_max", "lokal": "performance_max", "hoteles": "paid_search", "hotels et voyages": "paid_search",
}
# Platforms whose campaign type column holds these types (a Meta objective mapped there is no Google Ads type).
_TYPED_PLATFORMS = ("google_ads",)
_TYPES_LONGEST_FIRST = sorted(CAMPAIGN_TYPE_CHANNELS, key=len, reverse=True)

# Words of a campaign name that say its type, when the export has no Campaign type column.
# Whole words only ("Shopping" in "FJ | Shopping | Tents", never "shoppingcart"); the first found wins.
_NAME_TYPES = (
    (re.compile(r"\b(pmax|p max|performance max)\b"), "performance_max"),
    (re.compile(r"\b(demand gen|demandgen|discovery)\b"), "demand_gen"),
    (re.compile(r"\b(shopping|pla)\b"), "paid_shopping"),
    (re.compile(r"\b(youtube|video|yt)\b"), "video"),
    (re.compile(r"\b(display|gdn)\b"), "display"),
    (re.compile(r"\b(app|uac|app install|app installs)\b"), "app"),
    (re.compile(r"\b(search|sea|sem|brand search)\b"), "paid_search"),
)


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def known_campaign_type(campaign_type: str, taught: Mapping[str, str] | None = None) -> str | None:
    """The channel of a campaign type mops knows (or mops.yaml history.campaign_types teaches), else None."""
    plain = _plain(campaign_type)
    if taught:
        for their, channel in taught.items():
            if _plain(their) == plain:
                return channel
    # the type's first words name it: "Search Network with Display Select" is a search campaign
    for known in _TYPES_LONGEST_FIRST:
        if plain == known or plain.startswith(known + " "):
            return CAMPAIGN_TYPE_CHANNELS[known]
    for words, channel in _NAME_TYPES:
        if words.search(plain):
            return channel
    return None


def other_channel(platform: str) -> str:
    """The channel of a campaign whose type mops does not know and whose name says none: never a guess."""
    return f"{platform}_other"


def campaign_channel(platform: str, campaign_type: str = "", name: str = "", taught: Mapping[str, str] | None = None) -> str | None:
    """The channel a platform campaign's own data says (no plan involved): see the module docstring.

    A campaign type mops does not know never falls to the platform's channel (an unknown Google Ads
    type is not search): the campaign name's words decide, else `<platform>_other`."""
    if campaign_type:
        found = known_campaign_type(campaign_type, taught)
        if found:
            return found
    if platform == "google_ads" and name:
        plain = _plain(name)
        for words, channel in _NAME_TYPES:
            if words.search(plain):
                return channel
    if campaign_type and platform in _TYPED_PLATFORMS:
        return other_channel(platform)
    return _DEFAULT_CHANNEL.get(platform)


def _signature(plans: Sequence[Any]) -> str:
    data = [
        [p.campaign, sorted(p.utm_campaigns), sorted([r.platform, r.id or "", r.name or "", r.channel or ""] for r in p.platform_campaigns)]
        for p in plans
    ]
    return hashlib.sha256(json.dumps(sorted(data), default=str).encode()).hexdigest()


def _channels(plans: Sequence[Any]) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    by_id: dict[tuple[str, str], str] = {}
    by_name: dict[tuple[str, str], str] = {}
    for plan in plans:
        for ref in plan.platform_campaigns:
            if ref.channel and ref.id:
                by_id[(ref.platform, str(ref.id).strip())] = ref.channel
            if ref.channel and ref.name:
                by_name[(ref.platform, " ".join(ref.name.split()).casefold())] = ref.channel
    return by_id, by_name


def plans_signature(plans: Sequence[Any], campaign_types: Mapping[str, str] | None = None) -> str:
    """What `campaign_map` is built from (the plans' campaign ties and history.campaign_types): the
    map stored with the same signature is current."""
    return _signature(plans) + (json.dumps(sorted(campaign_types.items())) if campaign_types else "")


def refresh_campaign_map(con: Any, plans: Sequence[Any], *, force: bool = False, campaign_types: Mapping[str, str] | None = None) -> bool:
    """Rebuild `campaign_map` if the plans (or mops.yaml history.campaign_types) changed since the last build (or `force`); True if rebuilt."""
    signature = plans_signature(plans, campaign_types)
    row = con.execute("SELECT value FROM meta WHERE key = 'plans_signature'").fetchone()
    if not force and row and row[0] == signature:
        return False
    index = CampaignIndex(plans)
    channel_by_id, channel_by_name = _channels(plans)
    has_type = bool(con.execute("SELECT 1 FROM (DESCRIBE facts) WHERE column_name = 'campaign_type'").fetchall())  # version 1 files lack it
    type_sql = "max(coalesce(campaign_type, ''))" if has_type else "''"
    keys = con.execute(
        f"SELECT campaign_key, platform, platform_campaign_id, platform_campaign_name, utm_campaign, {type_sql} FROM facts GROUP BY ALL"
    ).fetchall()
    rows = []
    for key, platform, pid, name, utm, campaign_type in keys:
        match = index.resolve(platform=platform, platform_campaign_id=pid or None, platform_campaign_name=name or None, utm_campaign=utm or None)
        channel = (
            channel_by_id.get((platform, pid)) or channel_by_name.get((platform, " ".join(name.split()).casefold()))
            or campaign_channel(platform, campaign_type, name, campaign_types)
        )
        rows.append((key, platform, pid, name, utm, match.campaign_id if match else None, match.rule if match else None, channel))
    con.execute("DELETE FROM campaign_map")
    if rows:
        # One statement with a list per column: executemany would make a round trip per row.
        columns = [list(column) for column in zip(*rows)]
        con.execute("INSERT INTO campaign_map SELECT " + ", ".join(["unnest(?)"] * len(columns)), columns)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('plans_signature', ?)", [signature])
    return True
