"""Each platform's export headers, mapped to the canonical columns, and detection from a header row.

Headers are compared after trimming, case folding, Unicode normalisation (NFKC) and with curly
apostrophes read as straight ones, so "Nom de l’ensemble de publicités" matches either spelling.
A platform is detected when every one of its `required` canonical columns has a header; platforms
are tried in `PLATFORM_ORDER`. Each platform accepts its English headers and those of its German,
French and Spanish user interfaces (docs/history.md says which were checked against real exports);
mops.yaml `history.columns` adds a team's own (`with_columns`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

SUPPORTED = ("google_ads", "meta", "linkedin", "tiktok", "ga4", "crm", "generic")

# Meta and others put the currency in the spend header: "Amount spent (EUR)".
CURRENCY_IN_HEADER = re.compile(r"\(([A-Z]{3})\)\s*$")

# Every canonical column an export header can be mapped to (mops.yaml history.columns keys).
CANONICAL_COLUMNS = (
    "date", "platform", "account", "platform_campaign_id", "platform_campaign_name", "ad_group",
    "utm_source", "utm_medium", "utm_campaign", "source_medium", "ga4_channel_group",
    "impressions", "clicks", "sessions", "spend", "conversions", "conversion_value", "currency",
    "campaign_type", "publisher_platform", "placement", "date_end",
)


def normalise_header(text: str) -> str:
    """How headers are compared: trimmed, NFKC, case-folded, one kind of apostrophe, single spaces."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class PlatformSpec:
    name: str
    columns: dict[str, tuple[str, ...]]  # canonical column -> accepted headers
    required: tuple[str, ...]
    prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # canonical -> header prefixes
    default_channel: str | None = None

    def match(self, headers: list[str]) -> dict[str, str]:
        """canonical column -> the header in this file that holds it."""
        found: dict[str, str] = {}
        lowered: dict[str, str] = {}
        for h in headers:
            lowered.setdefault(normalise_header(h), h)
        for canonical, names in self.columns.items():
            for name in names:
                key = normalise_header(name)
                if key in lowered:
                    found[canonical] = lowered[key]
                    break
        for canonical, prefixes in self.prefixes.items():
            if canonical in found:
                continue
            for low, original in lowered.items():
                if any(low.startswith(normalise_header(p)) for p in prefixes):
                    found[canonical] = original
                    break
        return found

    def missing(self, headers: list[str]) -> list[str]:
        found = self.match(headers)
        return [c for c in self.required if c not in found]


SPECS: dict[str, PlatformSpec] = {
    # English, then German, French and Spanish UI headers (docs/history.md: which were verified).
    "google_ads": PlatformSpec(
        "google_ads",
        {
            "date": ("day", "date", "tag", "datum", "jour", "date", "día", "dia", "fecha"),
            "platform_campaign_name": ("campaign", "kampagne", "campagne", "campaña", "campana"),
            "platform_campaign_id": ("campaign id", "kampagnen-id", "id de campagne", "id de la campagne", "id. de campaña",
                                     "id de campaña", "id de la campaña"),
            "account": ("account", "account name", "customer id", "konto", "kontoname", "kundennummer", "compte",
                        "nom du compte", "numéro client", "cuenta", "nombre de la cuenta", "id. de cliente", "id de cliente"),
            "ad_group": ("ad group", "anzeigengruppe", "groupe d'annonces", "grupo de anuncios"),
            "impressions": ("impr.", "impressions", "impressionen", "impresiones"),
            "clicks": ("clicks", "klicks", "clics"),
            "spend": ("cost", "kosten", "coût", "cout", "coste", "costo"),
            "conversions": ("conversions", "conversiones"),
            "conversion_value": ("conv. value", "conversion value", "total conv. value", "conv.-wert", "conversion-wert",
                                 "valeur de conv.", "valeur de conversion", "valor de conv.", "valor de conversión"),
            "currency": ("currency code", "currency", "währungscode", "währung", "code de devise", "code de la devise", "devise",
                         "código de moneda", "moneda"),
            "campaign_type": ("campaign type", "advertising channel type", "kampagnentyp", "type de campagne", "tipo de campaña",
                              "tipo de campana"),
        },
        required=("date", "platform_campaign_name", "impressions", "spend"),
        default_channel="paid_search",
    ),
    "meta": PlatformSpec(
        "meta",
        {
            "date": ("day", "tag", "jour", "día", "dia", "reporting starts", "berichtsbeginn", "début des rapports",
                     "inicio del informe"),
            "date_end": ("reporting ends", "berichtsende", "fin des rapports", "fin del informe"),
            "platform_campaign_name": ("campaign name", "kampagnenname", "nom de la campagne", "nombre de la campaña"),
            "platform_campaign_id": ("campaign id", "kampagnen-id", "identifiant de la campagne", "id de la campagne",
                                     "identificador de la campaña", "id. de la campaña"),
            "account": ("account id", "account name", "konto-id", "kontoname", "identifiant du compte", "nom du compte",
                        "identificador de la cuenta", "nombre de la cuenta"),
            "ad_group": ("ad set name", "name der anzeigengruppe", "anzeigengruppenname", "nom de l'ensemble de publicités",
                         "nombre del conjunto de anuncios"),
            "impressions": ("impressions", "impressionen", "impresiones"),
            "clicks": ("link clicks", "clicks (all)", "link-klicks", "klicks (alle)", "clics sur un lien", "clics sur le lien",
                       "clics (tous)", "clics en el enlace", "clics (todos)"),
            "conversions": ("results", "purchases", "ergebnisse", "käufe", "résultats", "achats", "resultados", "compras"),
            "conversion_value": ("purchases conversion value", "results value", "conversion value",
                                 "conversionswert der käufe", "valeur de conversion des achats", "valor de conversión de compras"),
            "currency": ("currency", "währung", "devise", "divisa", "moneda"),
            "publisher_platform": ("platform", "publisher platform", "plattform", "plateforme", "plataforma"),
            "placement": ("placement", "platzierung", "ubicación", "ubicacion"),
        },
        required=("date", "platform_campaign_name", "spend"),
        prefixes={"spend": ("amount spent", "ausgegebener betrag", "montant dépensé", "importe gastado")},
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

CRM_SEGMENT_HEADERS = ("segment", "segments", "segment name", "list", "list name", "lists", "audience", "lifecycle stage")


def with_columns(columns: Mapping[str, object] | None) -> dict[str, PlatformSpec]:
    """SPECS with mops.yaml `history.columns` first: `{column: header}` for every platform, or
    `{platform: {column: header}}` for one (a header may also be a list of headers)."""
    if not columns:
        return SPECS
    specs = dict(SPECS)
    for platform in SUPPORTED:
        if platform == "crm":
            continue
        extra: dict[str, list[str]] = {}
        for key, value in columns.items():
            if key in CANONICAL_COLUMNS:
                extra.setdefault(key, []).extend([value] if isinstance(value, str) else list(value))  # type: ignore[arg-type]
            elif key == platform and isinstance(value, Mapping):
                for column, headers in value.items():
                    extra.setdefault(column, []).extend([headers] if isinstance(headers, str) else list(headers))
        if extra:
            spec = specs[platform]
            merged = dict(spec.columns)
            for column, headers in extra.items():
                merged[column] = (*headers, *merged.get(column, ()))
            specs[platform] = replace(spec, columns=merged)
    return specs


def detect(headers: list[str], specs: Mapping[str, PlatformSpec] | None = None) -> str | None:
    """The platform whose export has these headers, or None."""
    specs = specs or SPECS
    for name in PLATFORM_ORDER:
        if not specs[name].missing(headers):
            return name
    lowered = {normalise_header(h) for h in headers}
    if lowered & set(CRM_SEGMENT_HEADERS):
        from mops.history.personal import personal_columns

        if personal_columns(headers):
            return "crm"
    return None


def currency_from_header(header: str) -> str | None:
    found = CURRENCY_IN_HEADER.search(header.strip())
    return found.group(1) if found else None
