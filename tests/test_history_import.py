"""`mops history import`: the example exports load with the totals their generator was given."""

from __future__ import annotations

from pathlib import Path

import pytest

from history_support import google_ads_file, hmops, query_json, small_workspace  # noqa: F401

GOOGLE = "exports/google_ads_campaigns_2025-11-01_2026-11-24.csv"
META_DE = "exports/meta_fjordline-de_2025-11-01_2026-11-24.csv"
META_UK = "exports/meta_fjordline-uk_2026-06-22_2026-08-16.csv"
GA4 = "exports/ga4_traffic-acquisition_2025-11-01_2026-11-24.csv"


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_google_ads_export_totals_exclude_title_and_total_rows(hmops, example_workspace):
    result = hmops("history", "import", GOOGLE, cwd=example_workspace)
    assert result.exit_code == 1  # two dirty rows are rejected
    [totals] = query_json(hmops, example_workspace, "SELECT count(*) AS n, sum(spend) AS spend, sum(impressions) AS impr, "
                          "sum(clicks) AS clicks, sum(conversions) AS conv, min(date) AS first, max(date) AS last FROM facts")
    # 10 campaigns: 389 + 15 + 15 + 42 + 45 + 45 + 56 + 42 + 9 + 9 days
    assert totals["n"] == 667
    # 15,560 + 12,000 + 9,000 + 9,240 + 8,100 + 6,750 + 11,200 + 6,300 + 7,200 + 5,400 (the Total rows would double it)
    assert float(totals["spend"]) == 90750.00
    assert totals["impr"] == 2_557_000
    assert totals["clicks"] == 126_730
    assert totals["conv"] == 4732
    assert (totals["first"], totals["last"]) == ("2025-11-01", "2026-11-24")


def test_meta_excel_german_csv_and_usd_account_stay_apart(hmops, example_workspace):
    result = hmops("history", "import", META_DE, META_UK, cwd=example_workspace)
    assert result.exit_code == 1
    rows = query_json(hmops, example_workspace, "SELECT currency, count(*) AS n, sum(spend) AS spend, sum(impressions) AS impr "
                      "FROM facts GROUP BY currency ORDER BY currency")
    # DE: 10,500 + 4,500 + 8,400 + 11,250 + 11,200 + 6,300 + 9,000 EUR over 15+15+42+45+56+42+9 days
    assert rows[0]["currency"] == "EUR" and rows[0]["n"] == 224 and float(rows[0]["spend"]) == 61150.00
    assert rows[0]["impr"] == 1_050_000 + 225_000 + 840_000 + 1_125_000 + 1_120_000 + 630_000 + 900_000
    assert rows[1]["currency"] == "USD" and rows[1]["n"] == 56 and float(rows[1]["spend"]) == 5600.00


def test_ga4_export_skips_comments_and_grand_total(hmops, example_workspace):
    hmops("history", "import", GA4, cwd=example_workspace)
    [totals] = query_json(hmops, example_workspace, "SELECT count(*) AS n, sum(sessions) AS sessions FROM facts WHERE platform = 'ga4'")
    # direct 155,600 + campaigns 40,500 + 17,700 + 27,000 + 24,800 + 12,700 + 24,300; 389 + 3 x 209 rows
    assert totals == {"n": 1016, "sessions": 302_600}
    [spring] = query_json(hmops, example_workspace, "SELECT sum(sessions) AS s FROM campaign_daily WHERE campaign_id = '2026-q2_spring-sale'")
    assert spring["s"] == 13_500 + 9_000 + 4_500


def test_platform_campaigns_resolve_to_plan_ids(hmops, example_workspace):
    hmops("history", "import", GOOGLE, META_DE, cwd=example_workspace)
    rows = query_json(hmops, example_workspace, "SELECT campaign_id, sum(spend) AS spend FROM campaign_daily GROUP BY 1 ORDER BY 1 NULLS LAST")
    spend = {r["campaign_id"]: float(r["spend"]) for r in rows}
    assert spend["2026-q2_spring-sale"] == 8100 + 6750 + 11250
    assert spend["2025-q4_black-friday"] == 12000 + 9000 + 10500 + 4500
    assert spend[None] == 15560.00  # the always-on brand campaign belongs to no plan


def test_rejected_rows_are_reported_with_file_and_line(hmops, example_workspace):
    result = hmops("history", "import", GOOGLE, META_DE, GA4, cwd=example_workspace)
    assert result.exit_code == 1
    bad_day = _line_of(example_workspace / GOOGLE, "2026-02-30")
    bad_cost = _line_of(example_workspace / GOOGLE, "12,34,5")
    no_name = _line_of(example_workspace / META_DE, "2026-04-10;;;")
    other = _line_of(example_workspace / GA4, "(other)")
    assert f"{GOOGLE}:{bad_day}: rejected: Day \"2026-02-30\" is not a date" in result.stderr
    assert f"{GOOGLE}:{bad_cost}: rejected: Cost \"12,34,5\" is not a number" in result.stderr
    assert f"{META_DE}:{no_name}: rejected: no campaign name or id" in result.stderr
    assert f"{GA4}:{other}: rejected" in result.stderr
    rejects = (example_workspace / ".mops" / "rejects" / "last-import.csv").read_text(encoding="utf-8").splitlines()
    assert rejects[0] == "file,line,reason" and len(rejects) == 5


def test_reimport_and_overlapping_exports_never_double_count(hmops, small_workspace):
    a = google_ads_file(small_workspace / "exports" / "a.csv", [
        "2026-11-01,1,Brand,100,10,10.00,1,50.00,EUR", "2026-11-02,1,Brand,100,10,20.00,1,50.00,EUR",
        "2026-11-03,1,Brand,100,10,30.00,1,50.00,EUR",
    ])
    b = google_ads_file(small_workspace / "exports" / "b.csv", [
        "2026-11-02,1,Brand,100,10,20.00,1,50.00,EUR", "2026-11-03,1,Brand,100,10,30.00,1,50.00,EUR",
        "2026-11-04,1,Brand,100,10,40.00,1,50.00,EUR",
    ])
    for path in (a, a, b):
        assert hmops("history", "import", str(path), cwd=small_workspace).exit_code == 0
    [totals] = query_json(hmops, small_workspace, "SELECT count(*) AS n, sum(spend) AS spend FROM facts")
    assert totals["n"] == 4 and float(totals["spend"]) == 100.00  # 10 + 20 + 30 + 40


def test_corrected_reimport_replaces_rows_and_renames_do_not_duplicate(hmops, small_workspace):
    path = small_workspace / "exports" / "a.csv"
    google_ads_file(path, ["2026-11-01,1,Brand,100,10,10.00,1,50.00,EUR", "2026-11-02,1,Brand,100,10,20.00,1,50.00,EUR"])
    hmops("history", "import", str(path), cwd=small_workspace)
    google_ads_file(path, ["2026-11-02,1,Brand renamed,100,10,25.00,1,50.00,EUR"])
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert "1 replaced" in result.stderr
    [totals] = query_json(hmops, small_workspace, "SELECT count(*) AS n, sum(spend) AS spend FROM facts")
    assert totals["n"] == 2 and float(totals["spend"]) == 35.00


def test_strict_rolls_back_the_whole_batch(hmops, small_workspace):
    good = google_ads_file(small_workspace / "exports" / "good.csv", ["2026-11-01,1,Brand,100,10,10.00,1,50.00,EUR"])
    hmops("history", "import", str(good), cwd=small_workspace)
    before = query_json(hmops, small_workspace, "SELECT * EXCLUDE (import_id) FROM facts ORDER BY ALL")
    imports_before = query_json(hmops, small_workspace, "SELECT count(*) AS n FROM imports")
    more = google_ads_file(small_workspace / "exports" / "more.csv", ["2026-11-05,1,Brand,100,10,99.00,1,50.00,EUR"])
    bad = google_ads_file(small_workspace / "exports" / "bad.csv", ["2026-11-06,1,Brand,100,10,lots,1,50.00,EUR"])
    result = hmops("history", "import", "--strict", str(more), str(bad), cwd=small_workspace)
    assert result.exit_code == 2
    assert "nothing imported (--strict)" in result.stderr
    assert 'Cost "lots" is not a number' in result.stderr
    assert query_json(hmops, small_workspace, "SELECT * EXCLUDE (import_id) FROM facts ORDER BY ALL") == before
    assert query_json(hmops, small_workspace, "SELECT count(*) AS n FROM imports") == imports_before


def test_duplicate_lines_in_one_file_keep_the_later_one(hmops, small_workspace):
    path = google_ads_file(small_workspace / "exports" / "d.csv", [
        "2026-11-01,1,Brand,100,10,10.00,1,50.00,EUR", "2026-11-01,1,Brand,100,10,12.00,1,50.00,EUR",
    ])
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 1
    assert "d.csv:4: rejected: same day and campaign as line 5" in result.stderr
    [totals] = query_json(hmops, small_workspace, "SELECT sum(spend) AS spend FROM facts")
    assert float(totals["spend"]) == 12.00


def test_parquet_export_imports_like_csv(hmops, small_workspace):
    import duckdb

    parquet = small_workspace / "exports" / "gads.parquet"
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT * FROM (VALUES (DATE '2026-11-01', '7', 'Search', 1000, 50, 123.45, 2.0, 400.0, 'EUR'), "
        "(DATE '2026-11-02', '7', 'Search', 2000, 70, 76.55, 3.0, 100.0, 'EUR')) "
        "AS t(\"Day\", \"Campaign ID\", \"Campaign\", \"Impr.\", \"Clicks\", \"Cost\", \"Conversions\", \"Conv. value\", \"Currency code\")) "
        f"TO '{parquet}' (FORMAT parquet)"
    )
    con.close()
    assert hmops("history", "import", str(parquet), cwd=small_workspace).exit_code == 0
    [totals] = query_json(hmops, small_workspace, "SELECT platform, sum(spend) AS spend, sum(impressions) AS impr, max(source_line) AS line FROM facts GROUP BY 1")
    assert totals["platform"] == "google_ads" and float(totals["spend"]) == 123.45 + 76.55 and totals["impr"] == 3000


@pytest.mark.parametrize(
    ("text", "expected"),
    [("$1,234.56", 1234.56), ("1.234,56 €", 1234.56), ("12%", 12.0), ("--", 0.0), (" -- ", 0.0), ("1,234", 1234.0), ("3.50", 3.5)],
)
def test_localised_numbers_in_a_comma_file(hmops, small_workspace, text, expected):
    quoted = '"' + text + '"'
    path = google_ads_file(small_workspace / "exports" / "n.csv", [f"2026-11-01,1,Brand,100,10,{quoted},1,50.00,EUR"])
    assert hmops("history", "import", str(path), cwd=small_workspace).exit_code == 0
    [row] = query_json(hmops, small_workspace, "SELECT spend FROM facts")
    assert float(row["spend"]) == expected


def test_empty_file_is_an_input_error(hmops, small_workspace):
    (small_workspace / "exports" / "empty.csv").write_text("", encoding="utf-8")
    result = hmops("history", "import", "exports/empty.csv", cwd=small_workspace)
    assert result.exit_code == 2 and "the file is empty" in result.stderr


def test_header_only_file_imports_nothing_and_says_so(hmops, small_workspace):
    path = google_ads_file(small_workspace / "exports" / "h.csv", [])
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 0
    assert "header only" in result.stderr
    assert query_json(hmops, small_workspace, "SELECT count(*) AS n FROM facts") == [{"n": 0}]


def test_unknown_platform_lists_the_supported_ones(hmops, small_workspace):
    (small_workspace / "exports" / "x.csv").write_text("Foo,Bar,Baz\n1,2,3\n", encoding="utf-8")
    result = hmops("history", "import", "exports/x.csv", cwd=small_workspace)
    assert result.exit_code == 2
    assert "cannot tell which platform" in result.stderr
    assert "google_ads, meta, linkedin, tiktok, ga4, crm, generic" in result.stderr


def test_utf8_bom_file_with_a_bad_byte_is_refused_with_its_line(hmops, small_workspace):
    bad = small_workspace / "exports" / "bad.csv"
    bad.write_bytes(b"\xef\xbb\xbfDay,Campaign ID,Campaign,Impr.,Clicks,Cost\n2026-11-01,1,A,1,1,1\n" + "2026-11-02,1,Grün,1,1,1\n".encode("latin-1"))
    result = hmops("history", "import", str(bad), cwd=small_workspace)
    assert result.exit_code == 2 and "bad.csv:3:" in result.stderr and "--encoding" in result.stderr


def test_forced_platform_that_does_not_fit_names_missing_columns(hmops, small_workspace):
    path = google_ads_file(small_workspace / "exports" / "g.csv", ["2026-11-01,1,Brand,100,10,10.00,1,50.00,EUR"])
    result = hmops("history", "import", "--platform", "meta", str(path), cwd=small_workspace)
    assert result.exit_code == 2
    assert "does not look like a meta export" in result.stderr and "amount spent" in result.stderr


@pytest.mark.parametrize(
    ("header", "platform"),
    [
        ("Day,Campaign ID,Campaign,Impr.,Clicks,Cost", "google_ads"),
        ("Campaign name,Day,Amount spent (USD),Impressions,Link clicks,Results", "meta"),
        ("Start Date (in UTC),Campaign Name,Campaign ID,Impressions,Clicks,Total Spent,Currency", "linkedin"),
        ("By Day,Campaign name,Cost,Impressions,Clicks (destination),Conversions,Currency", "tiktok"),
        ("Date,Session source / medium,Session campaign,Sessions,Key events", "ga4"),
        ("date,platform,spend,currency", "generic"),
        ("Email,First name,Segment", "crm"),
    ],
)
def test_platform_detected_from_its_export_header(header, platform):
    from mops.history.platforms import detect

    assert detect(header.split(",")) == platform


def test_ga4_export_without_a_date_dimension_is_refused(hmops, small_workspace):
    (small_workspace / "exports" / "g.csv").write_text(
        "Session source / medium,Session campaign,Sessions,Key events\ngoogle / cpc,x,3,0\n", encoding="utf-8"
    )
    result = hmops("history", "import", "exports/g.csv", cwd=small_workspace)
    assert result.exit_code == 2 and "no date column" in result.stderr and "Date" in result.stderr


def test_import_result_names_the_rejects_file_and_matches_its_json_schema(hmops, example_workspace):
    import json

    import jsonschema

    from mops.history.importer import import_into_workspace
    from mops.workspace import load_workspace

    target = example_workspace / "out" / "rejected.csv"
    result = import_into_workspace(load_workspace(example_workspace), [example_workspace / GOOGLE, example_workspace / "exports"],
                                   rejects_file=target)
    # CRM rows are one per segment: newsletter-segments holds 3, launch-segments (the launch check's
    # example) 2, Spring campers DE and Jacket buyers DE. The pacing example's December exports add
    # 5 days x 3 Google Ads campaigns (brand, winter gear, gift guide) and 5 days x 2 Meta campaigns.
    assert result.committed and result.rows_loaded == 667 + 224 + 56 + 1016 + 3 + 2 + 15 + 10
    assert Path(result.rejects_file) == target
    written = target.read_text(encoding="utf-8").splitlines()
    assert written[0] == "file,line,reason" and len(written) == 1 + len(result.rejects) == 5
    bad_day = _line_of(example_workspace / GOOGLE, "2026-02-30")
    assert f'{GOOGLE},{bad_day},"Day ""2026-02-30"" is not a date"' in written
    schema = json.loads(hmops("schema", "history-import").stdout)
    jsonschema.validate(result.model_dump(mode="json"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**result.model_dump(mode="json"), "rows": 1}, schema)  # what the result does not hold is no field


def test_an_audience_list_among_the_exports_is_passed_over_saying_why(hmops, small_workspace):
    # the launch check's input (examples/workspace/audiences/): teams drop it beside their exports
    audiences = Path(__file__).resolve().parent.parent / "examples" / "workspace" / "audiences" / "meta_audiences_2026-12-01.csv"
    (small_workspace / "exports" / "meta_audiences.csv").write_bytes(audiences.read_bytes())
    google_ads_file(small_workspace / "exports" / "g.csv", ["2026-11-02,111,FJ | Search,100,10,10.00,1,50.00,EUR"])
    result = hmops("history", "import", "exports", cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    assert "exports/meta_audiences.csv: skipped: a platform's audience list" in result.stdout + result.stderr
    assert query_json(hmops, small_workspace, "SELECT count(*) AS n FROM facts") == [{"n": 1}]

    alone = hmops("history", "import", "exports/meta_audiences.csv", cwd=small_workspace)
    assert alone.exit_code == 2 and "no campaign history in these files" in alone.stderr
