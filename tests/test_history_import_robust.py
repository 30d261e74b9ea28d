"""`mops history import` on files as people really have them: folders, encodings, languages, damage.

Each export here is written byte by byte as the platform or Excel writes it (encoding, separator,
decimal mark, line ends), and the figures asserted are the ones written into it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from history_support import google_ads_file, hmops, query_json, small_workspace  # noqa: F401


def _facts(hmops, ws: Path, sql: str = "SELECT count(*) AS n, sum(spend) AS spend FROM facts") -> list[dict]:
    return query_json(hmops, ws, sql)


def _nothing_imported(hmops, ws: Path) -> bool:
    return not (ws / ".mops" / "history.duckdb").exists() or _facts(hmops, ws, "SELECT count(*) AS n FROM facts") == [{"n": 0}]


# --- 1. folders: nothing unreadable is passed over --------------------------------------------


def test_folder_import_reads_every_export_in_it_and_names_what_it_skips(hmops, small_workspace):
    google_ads_file(small_workspace / "exports" / "a.csv", ["2026-11-01,1,Brand,100,10,10.00,1,50.00,EUR"])
    (small_workspace / "exports" / "2026").mkdir()
    google_ads_file(small_workspace / "exports" / "2026" / "b.csv", ["2026-11-02,1,Brand,100,10,20.00,1,50.00,EUR"])
    (small_workspace / "exports" / "notes.md").write_text("where the exports come from\n", encoding="utf-8")
    result = hmops("history", "import", "exports", cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    assert "exports/notes.md: skipped: not an export" in result.stderr
    assert _facts(hmops, small_workspace) == [{"n": 2, "spend": 30.0}]
    result = hmops("history", "import", "exports/a.csv", "exports", cwd=small_workspace)  # a.csv once, not twice
    assert result.stderr.count("exports/a.csv: google_ads") == 1


def test_broken_link_in_an_imported_folder_is_an_error_naming_it(hmops, small_workspace):
    google_ads_file(small_workspace / "exports" / "a.csv", ["2026-11-01,1,Brand,100,10,10.00,1,50.00,EUR"])
    os.symlink(small_workspace / "gone" / "q3.csv", small_workspace / "exports" / "q3.csv")
    result = hmops("history", "import", "exports", cwd=small_workspace)
    assert result.exit_code == 2
    assert "exports/q3.csv" in result.stderr and "broken symbolic link" in result.stderr
    assert _nothing_imported(hmops, small_workspace)  # nothing imported, not even the readable file


def test_fifo_in_a_folder_or_named_is_an_error_and_never_blocks(hmops, small_workspace):
    google_ads_file(small_workspace / "exports" / "a.csv", ["2026-11-01,1,Brand,100,10,10.00,1,50.00,EUR"])
    os.mkfifo(small_workspace / "exports" / "live.csv")
    result = hmops("history", "import", "exports", cwd=small_workspace)
    assert result.exit_code == 2 and "exports/live.csv" in result.stderr and "FIFO" in result.stderr
    result = hmops("history", "import", "exports/live.csv", cwd=small_workspace)
    assert result.exit_code == 2 and "live.csv" in result.stderr and "FIFO" in result.stderr
    assert _nothing_imported(hmops, small_workspace)


def test_link_loop_in_a_subfolder_is_an_error_naming_it(hmops, small_workspace):
    sub = small_workspace / "exports" / "meta"
    sub.mkdir()
    google_ads_file(small_workspace / "exports" / "a.csv", ["2026-11-01,1,Brand,100,10,10.00,1,50.00,EUR"])
    os.symlink(sub / "loop.csv", sub / "loop.csv")  # points at itself: cannot be opened
    result = hmops("history", "import", "exports", cwd=small_workspace)
    assert result.exit_code == 2 and "exports/meta/loop.csv" in result.stderr
    assert _nothing_imported(hmops, small_workspace)


# --- 2. encodings, separators, decimal commas, line ends -------------------------------------


def test_windows_1252_excel_export_with_semicolons_and_decimal_commas(hmops, small_workspace):
    text = (
        "Tag;Kampagne;Impr.;Klicks;Kosten;Conversions\r\n"
        "31.12.2026;Grüne Wände – Été;1.234;56;1.234,56 €;3,5\r\n"
        "01.01.2027;Café Müller;800;8;12,50 €;0\r\n"
    )
    path = small_workspace / "exports" / "kampagnen.csv"
    path.write_bytes(text.encode("cp1252"))  # € is 0x80 and – 0x96 in Windows-1252, absent from Latin-1
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    assert "Windows-1252" in result.stderr
    rows = _facts(hmops, small_workspace, "SELECT date, platform, platform_campaign_name AS name, impressions, spend, conversions FROM facts ORDER BY date")
    assert rows == [
        {"date": "2026-12-31", "platform": "google_ads", "name": "Grüne Wände – Été", "impressions": 1234, "spend": 1234.56, "conversions": 3.5},
        {"date": "2027-01-01", "platform": "google_ads", "name": "Café Müller", "impressions": 800, "spend": 12.5, "conversions": 0.0},
    ]


def test_utf8_file_with_one_stray_byte_is_not_read_as_windows_1252(hmops, small_workspace):
    # reading it all as Windows-1252 would turn every "ü" into "Ã¼"; the bad line is named instead
    path = small_workspace / "exports" / "mixed.csv"
    path.write_bytes("Day,Campaign,Impr.,Cost\n2026-11-01,Grüne,1,1.00\n".encode() + b"2026-11-02,Gr\xfcn,1,1.00\n")
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 2 and "mixed.csv:3:" in result.stderr and "--encoding" in result.stderr


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_google_ads_utf16_tab_separated_download(hmops, small_workspace, codec):
    text = (
        "Campaign report\n\"1 November 2026 - 2 November 2026\"\n"
        "Day\tCampaign\tCampaign type\tImpr.\tClicks\tCost\tCurrency code\n"
        "2026-11-01\tFjäll Search\tSearch\t1,204\t35\t11.52\tEUR\n"
        "2026-11-02\tFjäll Search\tSearch\t310\t4\t3.10\tEUR\n"
    )
    bom = "\ufeff".encode(codec)
    path = small_workspace / "exports" / "gads.csv"
    path.write_bytes(bom + text.encode(codec))
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    assert _facts(hmops, small_workspace, "SELECT platform_campaign_name AS name, sum(impressions) AS impr, sum(spend) AS spend FROM facts GROUP BY 1") == [
        {"name": "Fjäll Search", "impr": 1514, "spend": 14.62}
    ]


def test_german_tab_separated_export_reads_thousands_dots(hmops, small_workspace):
    # tab-separated, yet German: 1.204 is one thousand two hundred and four, 11,52 a decimal
    path = small_workspace / "exports" / "de.tsv"
    path.write_text("Tag\tKampagne\tImpr.\tKosten\n2026-11-01\tMarke\t1.204\t11,52\n2026-11-02\tMarke\t310\t3,10\n", encoding="utf-8")
    assert hmops("history", "import", str(path), cwd=small_workspace).exit_code == 0
    assert _facts(hmops, small_workspace, "SELECT sum(impressions) AS impr, sum(spend) AS spend FROM facts") == [{"impr": 1514, "spend": 14.62}]


def test_encoding_can_be_given_and_a_wrong_name_is_a_usage_error(hmops, small_workspace):
    path = small_workspace / "exports" / "l1.csv"
    path.write_bytes("Day,Campaign,Impr.,Cost\n2026-11-01,Señal,1,2.00\n".encode("latin-1"))
    result = hmops("history", "import", "--encoding", "latin-1", str(path), cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    assert _facts(hmops, small_workspace, "SELECT platform_campaign_name AS name FROM facts") == [{"name": "Señal"}]
    result = hmops("history", "import", "--encoding", "klingon", str(path), cwd=small_workspace)
    assert result.exit_code == 2 and "unknown encoding" in result.stderr


def test_mixed_crlf_and_lf_line_ends_import_with_true_line_numbers(hmops, small_workspace):
    path = small_workspace / "exports" / "mixed.csv"
    path.write_bytes(
        b"Day,Campaign,Impr.,Cost\r\n2026-11-01,A,1,1.00\n2026-11-02,A,1,2.00\r\n2026-11-31,A,1,4.00\n2026-11-04,A,1,8.00\r\n"
    )
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 1
    assert 'mixed.csv:4: rejected: Day "2026-11-31" is not a date' in result.stderr
    assert _facts(hmops, small_workspace) == [{"n": 3, "spend": 11.0}]


# --- 3. localised headers, the workspace's own mapping, dates --------------------------------

LOCALISED = [
    # Google Ads UI exports
    ("google_ads", "Tag;Kampagne;Impr.;Klicks;Kosten;Conversions", "31.12.2026;Winter;1.000;10;12,50;1"),
    ("google_ads", "Jour;Campagne;Impr.;Clics;Coût;Conversions", "31/12/2026;Winter;1 000;10;12,50;1"),
    ("google_ads", "Día;Campaña;Impresiones;Clics;Coste;Conversiones", "31/12/2026;Winter;1.000;10;12,50;1"),
    ("google_ads", "Tag;Kampagne;Impressionen;Klicks;Kosten;Conversions", "2026-12-31;Winter;1.000;10;12,50;1"),
    # Meta Ads Manager exports
    ("meta", "Berichtsbeginn;Kampagnenname;Impressionen;Ausgegebener Betrag (EUR)", "2026-12-31;Winter;1.000;12,50"),
    ("meta", "Début des rapports;Nom de la campagne;Impressions;Montant dépensé (EUR)", "2026-12-31;Winter;1000;12,50"),
    ("meta", "Inicio del informe;Nombre de la campaña;Impresiones;Importe gastado (EUR)", "2026-12-31;Winter;1.000;12,50"),
]


@pytest.mark.parametrize(("platform", "header", "row"), LOCALISED)
def test_localised_exports_map_to_the_same_columns(hmops, small_workspace, platform, header, row):
    path = small_workspace / "exports" / "x.csv"
    path.write_text(header + "\n" + row + "\n", encoding="utf-8-sig")
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    assert _facts(hmops, small_workspace, "SELECT platform, date, platform_campaign_name AS name, impressions, spend, currency FROM facts") == [
        {"platform": platform, "date": "2026-12-31", "name": "Winter", "impressions": 1000, "spend": 12.5, "currency": "EUR"}
    ]


def test_workspace_column_mapping_reads_headers_mops_does_not_know(hmops, small_workspace):
    (small_workspace / "mops.yaml").write_text(
        "version: 1\nname: Test\ncurrency: EUR\nhistory:\n  columns:\n    spend: Investissement\n"
        "    google_ads:\n      date: Periode\n      platform_campaign_name: [Kampagnenbezeichnung, Nom interne]\n",
        encoding="utf-8",
    )
    path = small_workspace / "exports" / "own.csv"
    path.write_text("Periode,Nom interne,Impr.,Investissement\n2026-11-01,Brand,100,9.99\n", encoding="utf-8")
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    assert _facts(hmops, small_workspace, "SELECT platform, platform_campaign_name AS name, spend FROM facts") == [
        {"platform": "google_ads", "name": "Brand", "spend": 9.99}
    ]


def test_a_mapping_to_an_unknown_column_is_a_config_error(hmops, small_workspace):
    (small_workspace / "mops.yaml").write_text(
        "version: 1\nname: Test\ncurrency: EUR\nhistory:\n  columns:\n    cost: Investissement\n", encoding="utf-8"
    )
    google_ads_file(small_workspace / "exports" / "a.csv", ["2026-11-01,1,Brand,100,10,10.00,1,50.00,EUR"])
    result = hmops("history", "import", "exports/a.csv", cwd=small_workspace)
    assert result.exit_code == 2 and "mops.yaml" in result.stderr and "'cost' is not a history column" in result.stderr


def _dated(ws: Path, header: str, days: list[str]) -> Path:
    path = ws / "exports" / "d.csv"
    path.write_text(f"{header},Campaign,Impr.,Cost\n" + "".join(f"{d},C{i},1,1.00\n" for i, d in enumerate(days)), encoding="utf-8")
    return path


def test_slash_dates_follow_the_order_the_file_shows(hmops, small_workspace):
    path = _dated(small_workspace, "Day", ["05/06/2026", "31/12/2026"])  # 31 can only be a day: 5 June
    assert hmops("history", "import", str(path), cwd=small_workspace).exit_code == 0
    assert [r["date"] for r in _facts(hmops, small_workspace, "SELECT date FROM facts ORDER BY date")] == ["2026-06-05", "2026-12-31"]


def test_slash_dates_nothing_disambiguates_are_an_error_unless_the_order_is_given(hmops, small_workspace):
    path = _dated(small_workspace, "Day", ["05/06/2026", "07/08/2026"])
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 2 and "d.csv:2:" in result.stderr and "--date-order" in result.stderr
    assert hmops("history", "import", "--date-order", "mdy", str(path), cwd=small_workspace).exit_code == 0
    assert [r["date"] for r in _facts(hmops, small_workspace, "SELECT date FROM facts ORDER BY date")] == ["2026-05-06", "2026-07-08"]


def test_slash_dates_in_both_orders_are_an_error(hmops, small_workspace):
    path = _dated(small_workspace, "Day", ["31/12/2026", "12/31/2026"])
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 2 and "d.csv:2:" in result.stderr and "day-first" in result.stderr


def test_two_digit_years_are_this_century_and_implausible_years_are_rejected(hmops, small_workspace):
    path = small_workspace / "exports" / "y.csv"
    path.write_text("Tag;Kampagne;Impr.;Kosten\n31.12.26;A;1;1,00\n0026-12-30;A;1;1,00\n", encoding="utf-8")
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 1 and 'y.csv:3: rejected: Tag "0026-12-30" is not a plausible day' in result.stderr
    assert _facts(hmops, small_workspace, "SELECT date FROM facts") == [{"date": "2026-12-31"}]


def test_a_localised_date_header_reads_the_day_first(hmops, small_workspace):
    path = small_workspace / "exports" / "fr.csv"
    path.write_text("Jour;Campagne;Impr.;Coût\n05/06/2026;Été;1;1,00\n", encoding="utf-8")
    assert hmops("history", "import", str(path), cwd=small_workspace).exit_code == 0
    assert _facts(hmops, small_workspace, "SELECT date FROM facts") == [{"date": "2026-06-05"}]


# --- 4. no raw DuckDB error ever reaches the user --------------------------------------------

_HEADER = b"Day,Campaign,Impr.,Cost\n"
BROKEN: dict[str, bytes] = {
    "bad_number.csv": _HEADER + b"2026-11-01,A,1,lots\n",
    "bad_date.csv": _HEADER + b"yesterday,A,1,1.00\n",
    "wrong_delimiter.csv": b"Day;Campaign;Impr.;Cost\n2026-11-01,A,1,1.00\n2026-11-02,A,1,1.00\n",
    "extra_cells.csv": _HEADER + b"2026-11-01,A,1,1.00\n2026-11-02,A, B,1,1.00\n",
    "truncated.csv": _HEADER + b"2026-11-01,A,1,1.00\n2026-11-02,\"A long na",
    "stray_quote.csv": _HEADER + b"2026-11-01,The \"Big\" Sale,1,1.00\n2026-11-02,\"A\"B,1,1.00\n",
    "empty.csv": b"",
    "blank_lines.csv": b"\n\n  \n",
    "header_only_bom.csv": b"\xef\xbb\xbf" + _HEADER,
    "binary.csv": bytes(range(256)) * 8,
    "nul_in_text.csv": _HEADER + b"2026-11-01,A\x00B,1,1.00\n",
    "workbook.csv": b"PK\x03\x04" + b"\x00" * 64,
    "gzipped.csv": b"\x1f\x8b\x08\x00" + b"\x00" * 64,
    "huge_number.csv": _HEADER + b"2026-11-01,A,1,1e300\n",
    "huge_count.csv": _HEADER + b"2026-11-01,A,99999999999999999999999,1.00\n",
    "negative.csv": _HEADER + b"2026-11-01,A,-5,1.00\n",
    "odd_utf16.csv": b"\xff\xfe" + "Day,Campaign,Impr.,Cost\n2026-11-01,A,1,1.00\n".encode("utf-16-le") + b"\x41",
    "lone_cr.csv": b"Day,Campaign,Impr.,Cost\r2026-11-01,A,1,1.00\r",
    "not_parquet.parquet": b"PAR1 this is not parquet at all",
    "unknown.csv": b"Foo,Bar\n1,2\n",
    "one_column.csv": b"Day\n2026-11-01\n",
    "date_far_future.csv": _HEADER + b"99999-01-01,A,1,1.00\n",
}


def _parquet_with_integer_day(path: Path) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute(f"COPY (SELECT 20261101 AS \"Day\", 'A' AS \"Campaign\", 'many' AS \"Impr.\", [1, 2] AS \"Cost\") TO '{path}' (FORMAT parquet)")
    con.close()


def test_broken_files_never_show_a_duckdb_error_and_always_name_the_file(hmops, small_workspace):
    failures = []
    names = [*BROKEN, "odd_types.parquet"]
    for name in names:
        path = small_workspace / "exports" / name
        if name in BROKEN:
            path.write_bytes(BROKEN[name])
        else:
            _parquet_with_integer_day(path)
        result = hmops("history", "import", f"exports/{name}", cwd=small_workspace)
        text = result.stderr + result.stdout
        leaked = [w for w in ("Binder Error", "Conversion Error", "Invalid Input Error", "Traceback", "Parser Error", "Catalog Error",
                              "Out of Range", "Error:", "Exception") if w in text]
        leaked += [w for w in ("duckdb", "unexpected error", "read_csv", "sniff") if w in text.lower()]
        if result.exit_code not in (0, 1, 2) or leaked or name not in result.stderr:
            failures.append((name, result.exit_code, leaked, result.stderr[-300:]))
        if result.exit_code == 2:
            assert "hint:" in result.stderr, (name, result.stderr)
        path.unlink()
    assert failures == []


def test_a_row_with_too_many_cells_is_named_by_line(hmops, small_workspace):
    (small_workspace / "exports" / "x.csv").write_bytes(BROKEN["extra_cells.csv"])
    result = hmops("history", "import", "exports/x.csv", cwd=small_workspace)
    assert result.exit_code == 2 and "exports/x.csv:3:" in result.stderr and "5 comma-separated cells where the header has 4" in result.stderr


def test_a_truncated_file_is_named_by_the_line_its_open_quote_starts(hmops, small_workspace):
    (small_workspace / "exports" / "t.csv").write_bytes(BROKEN["truncated.csv"])
    result = hmops("history", "import", "exports/t.csv", cwd=small_workspace)
    assert result.exit_code == 2 and "exports/t.csv:3:" in result.stderr and "never closed" in result.stderr


def test_rows_split_by_another_separator_than_the_header_are_named(hmops, small_workspace):
    (small_workspace / "exports" / "w.csv").write_bytes(BROKEN["wrong_delimiter.csv"])
    result = hmops("history", "import", "exports/w.csv", cwd=small_workspace)
    assert result.exit_code == 2 and "exports/w.csv:2:" in result.stderr and "semicolon-separated but this line is comma-separated" in result.stderr


# --- 5. channels from campaign types and placements -----------------------------------------


def test_google_ads_campaign_types_are_distinct_channels(hmops, small_workspace):
    types = ["Search", "Display", "Shopping", "Performance Max", "Video", "Demand Gen", "App"]
    path = small_workspace / "exports" / "types.csv"
    path.write_text(
        "Day,Campaign ID,Campaign,Campaign type,Impr.,Cost\n" + "".join(f"2026-11-01,{i},Campaign {i},{t},10,1.00\n" for i, t in enumerate(types)),
        encoding="utf-8",
    )
    assert hmops("history", "import", str(path), cwd=small_workspace).exit_code == 0
    rows = _facts(hmops, small_workspace, "SELECT campaign_type, channel FROM campaign_daily ORDER BY platform_campaign_id")
    assert [r["channel"] for r in rows] == ["paid_search", "display", "paid_shopping", "performance_max", "video", "demand_gen", "app"]
    assert [r["campaign_type"] for r in rows] == types


def test_campaign_type_read_from_the_name_when_the_export_has_no_type_column(hmops, small_workspace):
    names = ["FJ | Brand | Search", "FJ | BF | PMax", "FJ_Shopping_Tents", "YouTube - Awareness", "GDN Remarketing", "FJ | Brand | Always On"]
    path = small_workspace / "exports" / "names.csv"
    path.write_text("Day,Campaign ID,Campaign,Impr.,Cost\n" + "".join(f"2026-11-01,{i},{n},10,1.00\n" for i, n in enumerate(names)), encoding="utf-8")
    assert hmops("history", "import", str(path), cwd=small_workspace).exit_code == 0
    rows = _facts(hmops, small_workspace, "SELECT channel FROM campaign_daily ORDER BY platform_campaign_id")
    assert [r["channel"] for r in rows] == ["paid_search", "performance_max", "paid_shopping", "video", "display", "paid_search"]


def test_meta_placement_breakdown_keeps_every_placement(hmops, small_workspace):
    path = small_workspace / "exports" / "meta.csv"
    path.write_text(
        "Day,Campaign name,Platform,Placement,Impressions,Amount spent (EUR)\n"
        "2026-11-01,Winter,Facebook,Feed,100,10.00\n"
        "2026-11-01,Winter,Instagram,Instagram Stories,100,20.00\n"
        "2026-11-01,Winter,Instagram,Instagram Reels,100,30.00\n"
        "2026-11-01,Winter,Audience Network,\"Native, banner and interstitial\",100,40.00\n"
        "2026-11-01,Winter,Messenger,Messenger Inbox,100,50.00\n",
        encoding="utf-8",
    )
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    rows = _facts(hmops, small_workspace, "SELECT placement, channel, spend FROM campaign_daily ORDER BY spend")
    assert rows == [
        {"placement": "facebook_feed", "channel": "paid_social", "spend": 10.0},
        {"placement": "instagram_stories", "channel": "paid_social", "spend": 20.0},
        {"placement": "instagram_reels", "channel": "paid_social", "spend": 30.0},
        {"placement": "audience_network_native_banner_and_interstitial", "channel": "paid_social", "spend": 40.0},
        {"placement": "messenger_inbox", "channel": "paid_social", "spend": 50.0},
    ]
    # re-importing replaces each placement's row, never adds a second
    assert hmops("history", "import", str(path), cwd=small_workspace).exit_code == 0
    assert _facts(hmops, small_workspace) == [{"n": 5, "spend": 150.0}]


def test_french_placement_names_read_as_the_english_ones(hmops, small_workspace):
    path = small_workspace / "exports" / "meta_fr.csv"
    path.write_text(
        "Jour;Nom de la campagne;Plateforme;Placement;Impressions;Montant dépensé (EUR)\n"
        "2026-11-01;Hiver;instagram;Reels Instagram;100;1,00\n"
        "2026-11-01;Hiver;facebook;Fil d’actualité;100;2,00\n",
        encoding="utf-8",
    )
    assert hmops("history", "import", str(path), cwd=small_workspace).exit_code == 0
    assert [r["placement"] for r in _facts(hmops, small_workspace, "SELECT placement FROM facts ORDER BY spend")] == ["instagram_reels", "facebook_feed"]


def test_channels_report_keeps_campaign_types_apart(hmops, small_workspace):
    path = small_workspace / "exports" / "types.csv"
    path.write_text(
        "Day,Campaign ID,Campaign,Campaign type,Impr.,Cost\n2026-11-01,1,A,Search,10,5.00\n2026-11-01,2,B,Performance Max,10,7.00\n",
        encoding="utf-8",
    )
    hmops("history", "import", str(path), cwd=small_workspace)
    result = hmops("history", "report", "channels", "--format", "json", cwd=small_workspace)
    import json

    spend = {r["channel"]: r["spend"] for r in json.loads(result.stdout)["rows"]}
    assert spend == {"paid_search": 5.0, "performance_max": 7.0}


def test_a_version_1_history_gains_the_new_columns_on_import(hmops, small_workspace):
    import duckdb

    from mops.history.schema import create_schema

    db = small_workspace / ".mops" / "history.duckdb"
    db.parent.mkdir()
    con = duckdb.connect(str(db))
    create_schema(con)
    con.execute("ALTER TABLE facts DROP COLUMN campaign_type; ALTER TABLE facts DROP COLUMN placement")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    google_ads_file(small_workspace / "exports" / "a.csv", ["2026-11-01,1,FJ | PMax,100,10,10.00,1,50.00,EUR"])
    assert hmops("history", "import", "exports/a.csv", cwd=small_workspace).exit_code == 0
    assert _facts(hmops, small_workspace, "SELECT channel, placement FROM campaign_daily") == [{"channel": "performance_max", "placement": ""}]


@pytest.mark.parametrize(
    ("campaign_type", "channel"),
    [
        ("Search Network with Display Select", "paid_search"), ("PERFORMANCE_MAX", "performance_max"), ("DEMAND_GEN", "demand_gen"),
        ("Discovery", "demand_gen"), ("MULTI_CHANNEL", "app"), ("Vídeo", "video"), ("Red de Búsqueda", "paid_search"),
        ("Réseau Display", "display"), ("Suchnetzwerk", "paid_search"), ("Shopping", "paid_shopping"),
    ],
)
def test_campaign_type_spellings_of_the_ui_and_the_api(campaign_type, channel):
    from mops.history.attribution import campaign_channel

    assert campaign_channel("google_ads", campaign_type, "Any name") == channel


def test_a_meta_export_without_the_day_breakdown_is_refused_not_put_on_one_day(hmops, small_workspace):
    path = small_workspace / "exports" / "m.csv"
    path.write_text(
        "Début des rapports;Fin des rapports;Nom de la campagne;Impressions;Montant dépensé (EUR)\n2026-11-01;2026-11-30;Hiver;1000;300,00\n",
        encoding="utf-8",
    )
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 2 and "m.csv:2:" in result.stderr and "several days" in result.stderr and "Day" in result.stderr
