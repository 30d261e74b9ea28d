"""Tie platform rows to campaign ids through the campaign identity contract (mops/models/campaign.py).

`campaign_map` holds one row per distinct (platform, platform campaign id, name, utm_campaign) in
`facts`, with the campaign id it resolves to, the rule that matched and the plan channel. It is
rebuilt after each import and whenever the plans' mappings change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from mops.history.platforms import SPECS
from mops.models.campaign import CampaignIndex

_DEFAULT_CHANNEL = {name: spec.default_channel for name, spec in SPECS.items() if spec.default_channel}
_DEFAULT_CHANNEL.update({"crm": "email", "email": "email"})


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


def refresh_campaign_map(con: Any, plans: Sequence[Any], *, force: bool = False) -> bool:
    """Rebuild `campaign_map` if the plans changed since the last build (or `force`); True if rebuilt."""
    signature = _signature(plans)
    row = con.execute("SELECT value FROM meta WHERE key = 'plans_signature'").fetchone()
    if not force and row and row[0] == signature:
        return False
    index = CampaignIndex(plans)
    channel_by_id, channel_by_name = _channels(plans)
    keys = con.execute(
        "SELECT DISTINCT campaign_key, platform, platform_campaign_id, platform_campaign_name, utm_campaign FROM facts"
    ).fetchall()
    rows = []
    for key, platform, pid, name, utm in keys:
        match = index.resolve(platform=platform, platform_campaign_id=pid or None, platform_campaign_name=name or None, utm_campaign=utm or None)
        channel = channel_by_id.get((platform, pid)) or channel_by_name.get((platform, " ".join(name.split()).casefold())) or _DEFAULT_CHANNEL.get(platform)
        rows.append((key, platform, pid, name, utm, match.campaign_id if match else None, match.rule if match else None, channel))
    con.execute("DELETE FROM campaign_map")
    if rows:
        # One statement with a list per column: executemany would make a round trip per row.
        columns = [list(column) for column in zip(*rows)]
        con.execute("INSERT INTO campaign_map SELECT " + ", ".join(["unnest(?)"] * len(columns)), columns)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('plans_signature', ?)", [signature])
    return True
