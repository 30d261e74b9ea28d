"""Generate the example workspace's platform exports (examples/workspace/exports/).

Fjordline Outdoor GmbH's campaign history from 2025-11-01 to 2026-11-24, as the platforms export it:
Google Ads with its title and date-range lines and "Total:" rows, Meta as an Excel-saved German
CSV (BOM, `;`, "1.234,56") plus a UK account billed in USD, GA4 with `#` comment lines and a
"Grand total" row, and a CRM segment export. All names and figures are fictional.

Every campaign's totals are fixed in the tables below (the generator's inputs); the daily rows are
a seeded, noisy split of those totals that adds up to them exactly, so tests can assert the
tables' figures. A few dirty rows (listed in DIRTY) are added on top; they must be rejected.

    python examples/generate_exports.py            # rewrite the committed files
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

SEED = 20261125
FIRST_DAY = dt.date(2025, 11, 1)
LAST_DAY = dt.date(2026, 11, 24)  # yesterday, seen from 2026-11-25
OUT = Path(__file__).resolve().parent / "workspace" / "exports"

# (campaign id, name, first day, last day, spend cents, impressions, clicks, conversions, value cents)
GOOGLE_ADS = [
    ("21450000001", "FJ | Brand | Always On", FIRST_DAY, LAST_DAY, 1_556_000, 389_000, 46_680, 1_945, 19_450_000),
    ("21450001001", "FJ | BF 2025 | Search", dt.date(2025, 11, 17), dt.date(2025, 12, 1), 1_200_000, 300_000, 15_000, 600, 6_600_000),
    ("21450001002", "FJ | BF 2025 | PMax", dt.date(2025, 11, 17), dt.date(2025, 12, 1), 900_000, 450_000, 9_000, 360, 3_960_000),
    ("21450002001", "FJ | Winter Clearance 26 | Search", dt.date(2026, 1, 5), dt.date(2026, 2, 15), 924_000, 168_000, 8_400, 252, 2_268_000),
    ("21450003001", "FJ | Spring Sale 26 | Search", dt.date(2026, 4, 1), dt.date(2026, 5, 15), 810_000, 180_000, 9_000, 270, 2_700_000),
    ("21450003002", "FJ | Spring Sale 26 | Shopping", dt.date(2026, 4, 1), dt.date(2026, 5, 15), 675_000, 270_000, 6_750, 225, 2_475_000),
    ("21450004001", "FJ | Summer Trails 26 | Search", dt.date(2026, 6, 22), dt.date(2026, 8, 16), 1_120_000, 224_000, 11_200, 336, 3_360_000),
    ("21450005001", "FJ | Autumn Hiking 26 | Search", dt.date(2026, 9, 7), dt.date(2026, 10, 18), 630_000, 126_000, 6_300, 168, 1_512_000),
    ("21450006001", "FJ | BF 2026 | Search", dt.date(2026, 11, 16), LAST_DAY, 720_000, 180_000, 9_000, 360, 4_320_000),
    ("21450006002", "FJ | BF 2026 | PMax", dt.date(2026, 11, 16), LAST_DAY, 540_000, 270_000, 5_400, 216, 2_592_000),
]

META_DE = [  # account act_1021450001, billed in EUR
    ("120214500000000101", "FJL_BF2025_Prospecting", dt.date(2025, 11, 17), dt.date(2025, 12, 1), 1_050_000, 1_050_000, 10_500, 210, 1_890_000),
    ("120214500000000102", "FJL_BF2025_Retargeting", dt.date(2025, 11, 17), dt.date(2025, 12, 1), 450_000, 225_000, 4_500, 180, 1_620_000),
    ("120214500000000201", "FJL_WinterClearance26", dt.date(2026, 1, 5), dt.date(2026, 2, 15), 840_000, 840_000, 8_400, 168, 1_260_000),
    ("120214500000000301", "FJL_SpringSale26_Prospecting", dt.date(2026, 4, 1), dt.date(2026, 5, 15), 1_125_000, 1_125_000, 11_250, 225, 2_025_000),
    ("120214500000000401", "FJL_SummerTrails26", dt.date(2026, 6, 22), dt.date(2026, 8, 16), 1_120_000, 1_120_000, 11_200, 224, 2_016_000),
    ("120214500000000501", "FJL_AutumnHiking26", dt.date(2026, 9, 7), dt.date(2026, 10, 18), 630_000, 630_000, 6_300, 126, 1_008_000),
    ("120214500000000601", "FJL_BF2026_Prospecting", dt.date(2026, 11, 16), LAST_DAY, 900_000, 900_000, 9_000, 180, 1_980_000),
]

META_UK = [  # account act_1021450002, billed in USD
    ("120214500000000402", "FJL_SummerTrails26_UK", dt.date(2026, 6, 22), dt.date(2026, 8, 16), 560_000, 448_000, 4_480, 84, 840_000),
]

# GA4: (utm_campaign, source / medium, channel group, first day, last day, sessions, key events, revenue cents)
_FLIGHTS = {
    "2025-q4_black-friday": (dt.date(2025, 11, 17), dt.date(2025, 12, 1)),
    "2026-q1_winter-clearance": (dt.date(2026, 1, 5), dt.date(2026, 2, 15)),
    "2026-q2_spring-sale": (dt.date(2026, 4, 1), dt.date(2026, 5, 15)),
    "2026-q3_summer-trails": (dt.date(2026, 6, 22), dt.date(2026, 8, 16)),
    "2026-q3_autumn-hiking": (dt.date(2026, 9, 7), dt.date(2026, 10, 18)),
    "2026-q4_black-friday": (dt.date(2026, 11, 16), LAST_DAY),
}
_GA4_SIZES = {  # campaign -> (google/cpc sessions, facebook/paid sessions, newsletter/email sessions)
    "2025-q4_black-friday": (21_000, 13_500, 6_000),
    "2026-q1_winter-clearance": (7_500, 7_200, 3_000),
    "2026-q2_spring-sale": (13_500, 9_000, 4_500),
    "2026-q3_summer-trails": (10_000, 12_000, 2_800),
    "2026-q3_autumn-hiking": (5_600, 5_000, 2_100),
    "2026-q4_black-friday": (12_600, 7_200, 4_500),
}
GA4 = [("(not set)", "(direct) / (none)", "Direct", FIRST_DAY, LAST_DAY, 155_600, 3_112, 31_120_000)]
for _campaign, (_cpc, _social, _email) in _GA4_SIZES.items():
    _start, _end = _FLIGHTS[_campaign]
    GA4 += [
        (_campaign, "google / cpc", "Paid Search", _start, _end, _cpc, _cpc // 25, _cpc * 400),
        (_campaign, "facebook / paid-social", "Paid Social", _start, _end, _social, _social // 50, _social * 300),
        (_campaign, "newsletter / email", "Email", _start, _end, _email, _email // 20, _email * 500),
    ]

# Rows that must be rejected on import, added to the files as they are.
DIRTY = {
    "google_ads": [
        ["2026-02-30", "21450002001", "FJ | Winter Clearance 26 | Search", "1,000", "50", "99.00", "2.00", "180.00", "EUR"],
        ["2026-05-02", "21450003001", "FJ | Spring Sale 26 | Search", "2,000", "90", "12,34,5", "3.00", "300.00", "EUR"],
    ],
    "meta_de": [["2026-04-10", "", "", "act_1021450001", "5.000", "40", "1", "55,00", "100,00"]],
    "ga4": [["(other)", "(other)", "(other)", "Unassigned", "17", "0", "0"]],
}

CRM_SEGMENTS = [("Newsletter DE", 30), ("Outdoor enthusiasts", 20), ("Lapsed buyers", 10)]
_FIRST = ["Anna", "Ben", "Clara", "David", "Elif", "Finn", "Greta", "Hannes", "Ida", "Jan", "Katja", "Lukas"]
_LAST = ["Example", "Muster", "Beispiel", "Probe", "Testfeld"]


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _split(total: int, weights: list[float]) -> list[int]:
    """Integer parts of `total` in proportion to `weights` that add up to `total` exactly."""
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    parts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _weights(rng: random.Random, days: list[dt.date], weekend: float) -> list[float]:
    return [(weekend if d.weekday() >= 5 else 1.0) * rng.uniform(0.7, 1.3) for d in days]


def _daily(rng: random.Random, spec: tuple, weekend: float) -> list[tuple[dt.date, list[int]]]:
    _, _, first, last, *totals = spec
    days = _days(first, last)
    weights = _weights(rng, days, weekend)
    columns = [_split(t, weights) for t in totals]
    return [(d, [col[i] for col in columns]) for i, d in enumerate(days)]


def _en(cents: int) -> str:
    return f"{cents / 100:,.2f}"


def _de(cents: int) -> str:
    return f"{cents / 100:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _de_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _or_dashes(text: str, value: int) -> str:
    return " --" if value == 0 else text


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def google_ads(rng: random.Random) -> str:
    header = ["Day", "Campaign ID", "Campaign", "Impr.", "Clicks", "Cost", "Conversions", "Conv. value", "Currency code"]
    rows = []
    for spec in GOOGLE_ADS:
        for day, (cost, impr, clicks, conv, value) in _daily(rng, spec, weekend=0.8):
            rows.append([day.isoformat(), spec[0], spec[1], f"{impr:,}", f"{clicks:,}", _en(cost),
                         _or_dashes(f"{conv:.2f}", conv), _or_dashes(_en(value), value), "EUR"])
    rows += DIRTY["google_ads"]
    rows.sort(key=lambda r: (r[0], r[1]))
    cost = sum(s[4] for s in GOOGLE_ADS)
    totals = [
        ["Total: Account", "", "", f"{sum(s[5] for s in GOOGLE_ADS):,}", f"{sum(s[6] for s in GOOGLE_ADS):,}", _en(cost), "", "", ""],
        ["Total: Campaigns", "", "", "", "", _en(cost), "", "", ""],
    ]
    title = f"Campaign report\n\"{FIRST_DAY:%B} {FIRST_DAY.day}, {FIRST_DAY.year} - {LAST_DAY:%B} {LAST_DAY.day}, {LAST_DAY.year}\"\n"
    return title + _csv([header] + rows + totals)


def meta_de(rng: random.Random) -> str:
    """Meta's export as Excel in Germany saves it: BOM, semicolons, decimal commas."""
    header = ["Day", "Campaign ID", "Campaign name", "Account ID", "Impressions", "Link clicks", "Results", "Amount spent (EUR)", "Purchases conversion value"]
    rows = []
    for spec in META_DE:
        for day, (spend, impr, clicks, results, value) in _daily(rng, spec, weekend=1.3):
            rows.append([day.isoformat(), spec[0], spec[1], "act_1021450001", _de_int(impr), _de_int(clicks),
                         str(results) if results else "", _de(spend), _de(value)])
    rows += DIRTY["meta_de"]
    rows.sort(key=lambda r: (r[0], r[1]))
    return "\ufeff" + _csv([header] + rows, delimiter=";")


def meta_uk(rng: random.Random) -> str:
    header = ["Reporting starts", "Reporting ends", "Day", "Campaign ID", "Campaign name", "Account ID", "Impressions", "Link clicks", "Results", "Amount spent (USD)", "Purchases conversion value"]
    rows = []
    for spec in META_UK:
        for day, (spend, impr, clicks, results, value) in _daily(rng, spec, weekend=1.3):
            rows.append([spec[2].isoformat(), spec[3].isoformat(), day.isoformat(), spec[0], spec[1], "act_1021450002",
                         f"{impr:,}", f"{clicks:,}", str(results), f"${_en(spend)}", f"${_en(value)}"])
    return _csv([header] + rows)


def ga4(rng: random.Random) -> str:
    header = ["Date", "Session source / medium", "Session campaign", "Session default channel group", "Sessions", "Key events", "Total revenue"]
    rows = []
    for campaign, source_medium, group, first, last, *totals in GA4:
        days = _days(first, last)
        weights = _weights(rng, days, weekend=1.2)
        sessions, events, revenue = (_split(t, weights) for t in totals)
        for i, day in enumerate(days):
            rows.append([day.strftime("%Y%m%d"), source_medium, campaign, group, str(sessions[i]), str(events[i]), f"{revenue[i] / 100:.2f}"])
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    rows += DIRTY["ga4"]
    grand = ["Grand total", "", "", "", str(sum(g[5] for g in GA4)), str(sum(g[6] for g in GA4)), f"{sum(g[7] for g in GA4) / 100:.2f}"]
    comments = (
        "# ----------------------------------------\n# Traffic acquisition: Session source / medium\n"
        "# Account: Fjordline Outdoor\n# Property: Fjordline Web\n"
        f"# Start date: {FIRST_DAY:%Y%m%d}\n# End date: {LAST_DAY:%Y%m%d}\n# ----------------------------------------\n\n"
    )
    return comments + _csv([header, grand] + rows)


def crm(rng: random.Random) -> str:
    """A newsletter CRM export: personal columns that must never reach the history database."""
    header = ["Contact ID", "First name", "Last name", "Email", "Phone", "Segment", "Opted in", "Orders", "Revenue (EUR)"]
    rows = []
    n = 0
    for segment, size in CRM_SEGMENTS:
        for _ in range(size):
            n += 1
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            rows.append([f"C{10000 + n}", first, last, f"{first.lower()}.{last.lower()}{n}@example.com",
                         f"+49 40 5550{n:04d}", segment, "yes" if n % 4 else "no", str(n % 5), f"{(n % 5) * 79.90:.2f}"])
    return _csv([header] + rows)


def main() -> None:
    rng = random.Random(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    files = {
        "google_ads_campaigns_2025-11-01_2026-11-24.csv": google_ads(rng),
        "meta_fjordline-de_2025-11-01_2026-11-24.csv": meta_de(rng),
        "meta_fjordline-uk_2026-06-22_2026-08-16.csv": meta_uk(rng),
        "ga4_traffic-acquisition_2025-11-01_2026-11-24.csv": ga4(rng),
        "crm_newsletter-segments_2026-11-20.csv": crm(rng),
    }
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {OUT / name} ({text.count(chr(10))} lines)")


if __name__ == "__main__":
    main()
