"""`mops history` on what a new user's exports and commands hold (issue 12, second round):
negatives however written, encodings that are no text encodings, unknown campaign types,
duplicate headers, output paths, localised placements, two-digit years, timestamps, closed pipes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from history_support import hmops, query_json, small_workspace  # noqa: F401


# --- negatives: every way a spreadsheet writes a minus is read as one, in every numeric column ----


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("Kosten", "(2,00)"),  # accounting brackets
        ("Kosten", "\u22124,00"),  # U+2212 minus sign
        ("Kosten", "\u20135,00"),  # en dash (Word and Excel autocorrect)
        ("Kosten", "4,00-"),  # trailing minus (SAP, some bank and finance exports)
        ("Kosten", "EUR (1.234,50)"),
        ("Impr.", "(10)"),
        ("Klicks", "\u22121"),
        ("Conversions", "2-"),
        ("Conv.-Wert", "\u2013 3,50"),
    ],
)
def test_negative_amounts_however_written_are_rejected_as_negative(hmops, small_workspace, column, cell):
    cells = {"Tag": "05.11.2026", "Kampagne": "P", "Impr.": "10", "Klicks": "1", "Kosten": "2,00", "Conversions": "1", "Conv.-Wert": "9,00"}
    cells[column] = cell
    path = small_workspace / "exports" / "n.csv"
    path.write_text(";".join(cells) + "\n" + ";".join(cells.values()) + "\n05.11.2026;Q;10;1;3,00;1;9,00\n", encoding="utf-8")
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 1, result.stderr
    assert f'n.csv:2: rejected: {column} "{cell}" is negative' in result.stderr
    assert "refund or credit" in result.stderr
    assert query_json(hmops, small_workspace, "SELECT platform_campaign_name AS name, spend FROM facts") == [{"name": "Q", "spend": 3.0}]


def test_a_minus_inside_the_digits_is_no_number_and_plain_amounts_still_read(hmops, small_workspace):
    path = small_workspace / "exports" / "m.csv"
    path.write_text("Day,Campaign,Impr.,Cost\n2026-11-05,A,10,1-2\n2026-11-05,B,\"1,204\",\"$ 1,234.50\"\n2026-11-05,C,10,-\n",
                    encoding="utf-8")
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 1
    assert 'm.csv:2: rejected: Cost "1-2" is not a number' in result.stderr
    assert query_json(hmops, small_workspace, "SELECT platform_campaign_name AS name, impressions, spend FROM facts ORDER BY 1") == [
        {"name": "B", "impressions": 1204, "spend": 1234.5}, {"name": "C", "impressions": 10, "spend": 0.0},
    ]


# --- --encoding: only text encodings, and a clear error naming the file and the encoding ------------


_UTF8_EXPORT = "Day,Campaign,Impr.,Cost\n2026-11-05,Señal,10,1.00\n2026-11-06,Señal,10,2.00\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf_16_be", "utf-32", "rot13", "base64", "hex", "zlib", "bz2", "uu",
                                      "quopri", "undefined"])
def test_an_encoding_that_cannot_read_the_file_is_an_error_naming_file_and_encoding(hmops, small_workspace, encoding):
    path = small_workspace / "exports" / "u.csv"
    path.write_text(_UTF8_EXPORT, encoding="utf-8")
    result = hmops("history", "import", "--encoding", encoding, str(path), cwd=small_workspace)
    assert result.exit_code == 2, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert "u.csv" in first and encoding in first, first
    assert "--encoding" in result.stderr  # what to do


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_given_for_a_file_without_byte_order_mark_reads_it(hmops, small_workspace, codec):
    path = small_workspace / "exports" / "w.csv"
    path.write_bytes(_UTF8_EXPORT.encode(codec))
    result = hmops("history", "import", "--encoding", "utf-16", str(path), cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    assert query_json(hmops, small_workspace, "SELECT platform_campaign_name AS name, sum(spend) AS spend FROM facts GROUP BY 1") == [
        {"name": "Señal", "spend": 3.0}
    ]


# --- campaign types: localised names, and an unknown type is never silently paid search -------------


@pytest.mark.parametrize(
    ("campaign_type", "channel"),
    [("Máximo rendimiento", "performance_max"), ("Generación de demanda", "demand_gen"), ("Génération de la demande", "demand_gen"),
     ("Applications", "app"), ("Aplicaciones", "app"), ("Búsqueda", "paid_search")],
)
def test_spanish_and_french_campaign_types_are_their_channels(hmops, small_workspace, campaign_type, channel):
    path = small_workspace / "exports" / "t.csv"
    path.write_text(f"Día;Campaña;Tipo de campaña;Impresiones;Coste\n05.11.2026;Otoño;{campaign_type};10;1,00\n", encoding="utf-8")
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    assert "does not know" not in result.stderr
    assert query_json(hmops, small_workspace, "SELECT channel FROM campaign_daily") == [{"channel": channel}]


def test_an_unknown_campaign_type_is_named_once_and_never_becomes_paid_search(hmops, small_workspace):
    path = small_workspace / "exports" / "t.csv"
    path.write_text(
        "Day,Campaign ID,Campaign,Campaign type,Impr.,Cost\n"
        "2026-11-05,1,Autumn,Hybrid Experiment,10,1.00\n2026-11-06,1,Autumn,Hybrid Experiment,10,1.00\n"
        "2026-11-05,2,Autumn | Shopping,Hybrid Experiment,10,2.00\n2026-11-05,3,Winter,Quantum,10,4.00\n",
        encoding="utf-8",
    )
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "campaign types mops does not know" in line]
    assert len(warnings) == 1, result.stderr
    assert "'Hybrid Experiment' (2 campaigns)" in warnings[0] and "'Quantum' (1 campaign)" in warnings[0]
    assert "history: {campaign_types:" in warnings[0]
    rows = query_json(hmops, small_workspace, "SELECT DISTINCT platform_campaign_id AS id, channel FROM campaign_daily ORDER BY 1")
    assert rows == [{"id": "1", "channel": "google_ads_other"}, {"id": "2", "channel": "paid_shopping"}, {"id": "3", "channel": "google_ads_other"}]
    # taught in mops.yaml, the type is its channel at once (reports rebuild the map) and the warning names only the rest
    (small_workspace / "mops.yaml").write_text(
        "version: 1\nname: Test\ncurrency: EUR\nhistory:\n  campaign_types:\n    hybrid experiment: performance_max\n", encoding="utf-8"
    )
    import json

    report = hmops("history", "report", "channels", "--format", "json", cwd=small_workspace)
    assert {r["channel"]: r["spend"] for r in json.loads(report.stdout)["rows"]} == {
        "performance_max": 4.0, "google_ads_other": 4.0}  # a taught type wins over a word of the name
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert "'Quantum'" in result.stderr and "Hybrid Experiment'" not in result.stderr


# --- minor: duplicate headers, --output paths ---------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "row", "named"),
    [
        ("Day,Campaign,Cost,Cost", "2026-11-05,A,1.00,2.00", "'Cost'"),
        ("Day,Campaign,Impr.,Cost,Cost", "2026-11-05,A,10,1.00,2.00", "'Cost'"),  # detected as Google Ads, yet which Cost?
        ("Day,Campaign,Impr.,Cost,campaign", "2026-11-05,A,10,1.00,B", "'campaign'"),
        ("Jour;Nom de la campagne;Montant dépensé (EUR);Montant dépensé (EUR)", "2026-11-05;A;1,00;2,00", "'Montant dépensé (EUR)'"),
    ],
)
def test_a_column_named_twice_in_the_header_is_an_error_naming_it_and_line_1(hmops, small_workspace, header, row, named):
    path = small_workspace / "exports" / "dup.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 2
    assert "dup.csv:1:" in result.stderr and f"names the column {named} twice" in result.stderr, result.stderr
    assert "cannot tell which platform" not in result.stderr


def test_a_column_mops_does_not_read_may_repeat(hmops, small_workspace):
    path = small_workspace / "exports" / "notes.csv"
    path.write_text("Day,Campaign,Impr.,Cost,Notes,Notes\n2026-11-05,A,10,1.00,x,y\n", encoding="utf-8")
    assert hmops("history", "import", str(path), cwd=small_workspace).exit_code == 0


@pytest.fixture
def with_history(hmops, small_workspace):
    path = small_workspace / "exports" / "a.csv"
    path.write_text("Day,Campaign,Impr.,Cost\n2026-11-05,A,10,1.00\n", encoding="utf-8")
    assert hmops("history", "import", str(path), cwd=small_workspace).exit_code == 0
    return small_workspace


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_output_to_a_folder_names_the_users_path_not_a_temporary_file(hmops, with_history, fmt):
    (with_history / "outdir").mkdir()
    result = hmops("history", "query", "SELECT * FROM facts", "--format", fmt, "--output", "outdir", "--force", cwd=with_history)
    assert result.exit_code == 2
    assert "outdir is a folder" in result.stderr and ".tmp" not in result.stderr, result.stderr
    assert list((with_history / "outdir").iterdir()) == []


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_output_into_a_missing_folder_is_refused_and_creates_nothing(hmops, with_history, fmt):
    result = hmops("history", "query", "SELECT * FROM facts", "--format", fmt, "--output", "typo/deeper/x.out", cwd=with_history)
    assert result.exit_code == 2
    assert "typo/deeper" in result.stderr and "does not exist" in result.stderr
    assert not (with_history / "typo").exists()


# --- localised Meta placements read as the English slugs -----------------------------------------------


def test_localised_meta_placements_read_as_the_english_slugs(hmops, small_workspace):
    placements = [  # (platform, placement as the German, Spanish or French UI writes it, the English export's slug)
        ("Instagram", "Explorar de Instagram", "instagram_explore"),
        ("Audience Network", "Native, Banner und Interstitial", "audience_network_native_banner_and_interstitial"),
        ("Audience Network", "Natif, bannière et interstitiel", "audience_network_native_banner_and_interstitial"),
        ("Instagram", "Instagram Entdecken", "instagram_explore"),
        ("Instagram", "Historias de Instagram", "instagram_stories"),
        ("Facebook", "Facebook-Suchergebnisse", "facebook_search_results"),
        ("Audience Network", "Native, banner and interstitial", "audience_network_native_banner_and_interstitial"),
        ("Facebook", "In-stream videos", "facebook_in_stream_video"),
    ]
    path = small_workspace / "exports" / "meta.csv"
    path.write_text(
        "Tag,Kampagnenname,Plattform,Platzierung,Impressionen,Ausgegebener Betrag (EUR)\n"
        + "".join(f'2026-11-01,C{i},{pub},"{pos}",1,{i + 1}.00\n' for i, (pub, pos, _) in enumerate(placements)),
        encoding="utf-8",
    )
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    rows = query_json(hmops, small_workspace, "SELECT placement FROM facts ORDER BY spend")
    assert [r["placement"] for r in rows] == [slug for _, _, slug in placements]


# --- dates: two-digit years alike in every shape, midnight timestamps --------------------------------


@pytest.mark.parametrize(
    ("header", "days", "expected"),
    [
        ("Day", ["13/11/26", "05/11/26"], ["2026-11-05", "2026-11-13"]),  # 13 can only be a day: day first
        ("Day", ["11/13/26", "11/05/26"], ["2026-11-05", "2026-11-13"]),  # 13 in second place: month first
        ("Day", ["13-11-26", "05-11-26"], ["2026-11-05", "2026-11-13"]),
        ("Tag", ["11.11.26", "12/11/26"], ["2026-11-11", "2026-11-12"]),  # a German header: day first
    ],
)
def test_two_digit_years_read_alike_with_dots_slashes_and_dashes(hmops, small_workspace, header, days, expected):
    path = small_workspace / "exports" / "y.csv"
    path.write_text(f"{header},Campaign,Impr.,Cost\n" + "".join(f"{d},C{i},1,1.00\n" for i, d in enumerate(days)), encoding="utf-8")
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    assert [r["date"] for r in query_json(hmops, small_workspace, "SELECT date FROM facts ORDER BY date")] == expected


def test_a_midnight_timestamp_is_its_day_and_a_time_of_day_is_rejected_as_such(hmops, small_workspace):
    path = small_workspace / "exports" / "t.csv"
    path.write_text(
        "Day,Campaign,Impr.,Cost\n2026-11-12T00:00:00,A,1,1.00\n2026-11-13 00:00,B,1,1.00\n"
        "2026-11-14T00:00:00.000+01:00,C,1,1.00\n2026-11-15T13:45:00,D,1,1.00\n"
        "16/11/2026 00:00:00,E,1,1.00\n17/11/2026 12:00:00 AM,F,1,1.00\n2026-11-18 12:00 PM,G,1,1.00\n",
        encoding="utf-8",
    )
    result = hmops("history", "import", str(path), cwd=small_workspace)
    assert result.exit_code == 1
    assert 't.csv:5: rejected: Day "2026-11-15T13:45:00" has a time of day' in result.stderr
    assert 't.csv:8: rejected: Day "2026-11-18 12:00 PM" has a time of day' in result.stderr  # noon
    assert query_json(hmops, small_workspace, "SELECT platform_campaign_name AS n, date FROM facts ORDER BY 1") == [
        {"n": "A", "date": "2026-11-12"}, {"n": "B", "date": "2026-11-13"}, {"n": "C", "date": "2026-11-14"},
        {"n": "E", "date": "2026-11-16"}, {"n": "F", "date": "2026-11-17"},
    ]


# --- reports to a reader that is gone ---------------------------------------------------------------


@pytest.mark.parametrize(("report", "fmt", "code"), [
    ("roi", "text", 0), ("roi", "csv", 0), ("campaigns", "json", 0), ("pacing-baseline", "text", 0), ("freshness", "csv", 0),
    ("unattributed", "text", 1),  # its findings code, whether read whole or not
])
def test_a_report_whose_reader_is_gone_ends_quietly(hmops, small_workspace, report, fmt, code):
    """`mops history report roi | head`: the pipe is closed before mops writes (a reader that
    already stopped); mops says nothing and exits as if it had been read (it exited 1 before)."""
    import os
    import subprocess
    import sys

    path = small_workspace / "exports" / "a.csv"
    path.write_text("Day,Campaign ID,Campaign,Campaign type,Impr.,Clicks,Cost\n"
                    + "".join(f"2026-11-{1 + i % 28:02d},{i},C{i},Search,10,1,1.00\n" for i in range(300)), encoding="utf-8")
    assert hmops("history", "import", str(path), cwd=small_workspace).exit_code == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line
    try:
        process = subprocess.run(
            [sys.executable, "-m", "mops", "history", "report", report, "--format", fmt, "--today", "2026-11-30"],
            cwd=small_workspace, stdout=write_end, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"}, timeout=120,
        )
    finally:
        os.close(write_end)
    stderr = process.stderr.decode()
    assert process.returncode == code, stderr
    assert "Error" not in stderr and "Traceback" not in stderr and "Broken pipe" not in stderr, stderr
