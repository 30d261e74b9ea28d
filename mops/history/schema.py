"""The history database's tables and views (the contract documented in docs/history.md)."""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = 2

# Columns of `facts` in order; importers build rows with exactly these names.
FACT_COLUMNS = (
    "date", "platform", "account", "platform_campaign_id", "platform_campaign_name", "ad_group",
    "utm_source", "utm_medium", "utm_campaign", "ga4_channel_group",
    "impressions", "clicks", "sessions", "spend", "conversions", "conversion_value", "currency",
    "source_file", "source_line", "import_id", "natural_key", "campaign_key", "campaign_type", "placement",
)

DDL = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS imports (
    import_id INTEGER PRIMARY KEY,
    source_file VARCHAR NOT NULL,
    platform VARCHAR NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_replaced BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    first_date DATE,
    last_date DATE,
    imported_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS facts (
    date DATE NOT NULL,
    platform VARCHAR NOT NULL,
    account VARCHAR NOT NULL,
    platform_campaign_id VARCHAR NOT NULL,
    platform_campaign_name VARCHAR NOT NULL,
    ad_group VARCHAR NOT NULL,
    utm_source VARCHAR NOT NULL,
    utm_medium VARCHAR NOT NULL,
    utm_campaign VARCHAR NOT NULL,
    ga4_channel_group VARCHAR,
    impressions BIGINT,
    clicks BIGINT,
    sessions BIGINT,
    spend DECIMAL(18, 2),
    conversions DOUBLE,
    conversion_value DECIMAL(18, 2),
    currency VARCHAR,
    source_file VARCHAR NOT NULL,
    source_line BIGINT,
    import_id INTEGER NOT NULL,
    natural_key UBIGINT NOT NULL,
    campaign_key UBIGINT NOT NULL,
    campaign_type VARCHAR DEFAULT '',
    placement VARCHAR DEFAULT ''
);
CREATE TABLE IF NOT EXISTS campaign_map (
    campaign_key UBIGINT NOT NULL,
    platform VARCHAR NOT NULL,
    platform_campaign_id VARCHAR NOT NULL,
    platform_campaign_name VARCHAR NOT NULL,
    utm_campaign VARCHAR NOT NULL,
    campaign_id VARCHAR,
    match_rule VARCHAR,
    channel VARCHAR
);
CREATE TABLE IF NOT EXISTS crm_segments (
    snapshot_date DATE NOT NULL,
    segment VARCHAR NOT NULL,
    members BIGINT NOT NULL,
    with_email BIGINT NOT NULL,
    with_phone BIGINT NOT NULL,
    metrics JSON,
    source_file VARCHAR NOT NULL,
    import_id INTEGER NOT NULL
);
CREATE OR REPLACE VIEW campaign_daily AS
    SELECT f.*, m.campaign_id, m.match_rule,
           coalesce(m.channel, lower(replace(f.ga4_channel_group, ' ', '_')), f.platform) AS channel
    FROM facts f
    LEFT JOIN campaign_map m ON f.campaign_key = m.campaign_key;
CREATE OR REPLACE VIEW campaigns AS
    SELECT campaign_id, currency,
           min(date) AS first_day, max(date) AS last_day,
           count(DISTINCT date) AS active_days,
           sum(spend) AS spend, sum(impressions) AS impressions, sum(clicks) AS clicks,
           sum(conversions) AS conversions, sum(conversion_value) AS conversion_value,
           list(DISTINCT channel ORDER BY channel) AS channels
    FROM campaign_daily
    WHERE campaign_id IS NOT NULL AND platform <> 'ga4'
    GROUP BY campaign_id, currency;
"""

# The natural key of a fact: one row per day and platform campaign (or ad group, or GA4
# source/medium/campaign). The campaign id wins over its name, so renames do not double count.
# A Meta export broken down by placement has one row per placement: the placement joins the key
# then, and only then, so keys of version-1 databases stay the same.
_KEY_PARTS = (
    "platform, account, CASE WHEN platform_campaign_id <> '' THEN platform_campaign_id "
    "ELSE lower(platform_campaign_name) END, ad_group, utm_source, utm_medium, lower(utm_campaign), date"
)
NATURAL_KEY_SQL = f"CASE WHEN coalesce(placement, '') = '' THEN hash({_KEY_PARTS}) ELSE hash({_KEY_PARTS}, placement) END"


# Which platform campaign a fact belongs to, as one integer, so views join on it fast.
CAMPAIGN_KEY_SQL = "hash(platform, platform_campaign_id, platform_campaign_name, utm_campaign)"


def create_schema(con: Any) -> None:
    """Create the tables and views if missing and record the schema version."""
    con.execute(DDL)
    # Version 2 added these columns: a version-1 file gains them, empty, when opened for writing.
    for column in ("campaign_type", "placement"):
        con.execute(f"ALTER TABLE facts ADD COLUMN IF NOT EXISTS {column} VARCHAR DEFAULT ''")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
