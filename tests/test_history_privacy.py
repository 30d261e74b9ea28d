"""CRM imports keep no personal value; `mops privacy forget` removes a person from every store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from history_support import hmops, query_json, small_workspace  # noqa: F401

CRM = "exports/crm_newsletter-segments_2026-11-20.csv"
PERSONAL = ("Contact ID", "First name", "Last name", "Email", "Phone")


def test_crm_import_stores_segment_sizes_and_no_personal_value(hmops, example_workspace):
    result = hmops("history", "import", CRM, cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    rows = query_json(hmops, example_workspace, "SELECT segment, members, with_email, metrics FROM crm_segments ORDER BY segment")
    # generator: Newsletter DE 30, Outdoor enthusiasts 20, Lapsed buyers 10; orders n % 5 for contacts 1..30 sum to 6 x 10
    assert [(r["segment"], r["members"], r["with_email"]) for r in rows] == [
        ("Lapsed buyers", 10, 10), ("Newsletter DE", 30, 30), ("Outdoor enthusiasts", 20, 20)
    ]
    assert json.loads(rows[1]["metrics"])["Orders"] == {"sum": 60.0}
    with (example_workspace / CRM).open(encoding="utf-8") as handle:
        people = list(csv.DictReader(handle))
    db_bytes = (example_workspace / ".mops" / "history.duckdb").read_bytes()
    for person in people:
        for column in ("Contact ID", "Email", "Phone"):
            assert person[column].encode() not in db_bytes, f"{column} {person[column]} found in the database file"
        assert person["Phone"].replace(" ", "").encode() not in db_bytes
        assert f"{person['First name']} {person['Last name']}".encode() not in db_bytes
    for header in PERSONAL:
        assert header.encode() not in db_bytes


def _leaky_workspace(root: Path) -> None:
    """A person's email got into a utm_campaign (it happens), a log line, a cache file and a rejects file."""
    (root / "exports" / "ga4.csv").write_text(
        "# GA4\nDate,Session source / medium,Session campaign,Sessions,Key events\n"
        "20261101,newsletter / email,winter_anna.probe@example.com,3,0\n20261101,google / cpc,2026-q4_bf,10,1\n",
        encoding="utf-8",
    )
    (root / "exports" / "crm.csv").write_text(
        "Email,Phone,Segment\nanna.probe@example.com,+49 40 5550123,VIP\nben@example.com,,VIP\n", encoding="utf-8"
    )
    state = root / ".mops"
    (state / "logs").mkdir(parents=True)
    (state / "logs" / "mops.log").write_text(
        "2026-11-20 import ok\n2026-11-21 bounce for Anna.Probe@example.com\n2026-11-22 call 040 5550123 back\n", encoding="utf-8"
    )
    (state / "cache").mkdir()
    (state / "cache" / "abc.json").write_text('{"to": "anna.probe@example.com"}', encoding="utf-8")
    (state / "cache" / "other.json").write_text('{"to": "someone"}', encoding="utf-8")


def test_forget_email_removes_it_from_history_logs_and_caches(hmops, small_workspace):
    _leaky_workspace(small_workspace)
    assert hmops("history", "import", "exports/ga4.csv", "exports/crm.csv", cwd=small_workspace).exit_code == 0
    db = small_workspace / ".mops" / "history.duckdb"
    assert b"anna.probe@example.com" in db.read_bytes()

    result = hmops("privacy", "forget", "Anna.Probe@example.com", cwd=small_workspace)
    assert result.exit_code == 1  # exports/crm.csv, a source file, still mentions her
    assert ".mops/history.duckdb: 1 rows deleted from table facts" in result.stdout
    assert ".mops/logs/mops.log: 1 lines removed" in result.stdout
    assert ".mops/cache/abc.json: 1 cache file deleted" in result.stdout
    assert "exports/crm.csv:2: still mentions anna.probe@example.com" in result.stderr
    assert b"anna.probe@example.com" not in db.read_bytes()
    assert "anna" not in (small_workspace / ".mops" / "logs" / "mops.log").read_text(encoding="utf-8").lower()
    assert not (small_workspace / ".mops" / "cache" / "abc.json").exists()
    assert (small_workspace / ".mops" / "cache" / "other.json").exists()
    assert query_json(hmops, small_workspace, "SELECT utm_campaign FROM facts") == [{"utm_campaign": "2026-q4_bf"}]
    # the rewritten database still has its views and keeps numbering imports
    (small_workspace / "exports" / "more.csv").write_text(
        "Date,Session source / medium,Session campaign,Sessions,Key events\n20261102,google / cpc,2026-q4_bf,5,0\n", encoding="utf-8"
    )
    assert hmops("history", "import", "exports/more.csv", cwd=small_workspace).exit_code == 0
    assert query_json(hmops, small_workspace, "SELECT sum(sessions) AS s, count(DISTINCT import_id) AS imports FROM campaign_daily") == [
        {"s": 15, "imports": 2}
    ]

    again = hmops("privacy", "forget", "anna.probe@example.com", "--sources", cwd=small_workspace)
    assert again.exit_code == 0
    assert "exports/crm.csv: 1 lines removed" in again.stdout
    assert "anna" not in (small_workspace / "exports" / "crm.csv").read_text(encoding="utf-8")


def test_forget_phone_matches_other_spellings(hmops, small_workspace):
    _leaky_workspace(small_workspace)
    result = hmops("privacy", "forget", "+49 40 5550123", "--sources", cwd=small_workspace)
    assert result.exit_code == 0
    assert ".mops/logs/mops.log: 1 lines removed" in result.stdout  # written there as 040 5550123
    assert "5550123" not in (small_workspace / ".mops" / "logs" / "mops.log").read_text(encoding="utf-8")


def test_forget_refuses_what_is_neither_email_nor_phone(hmops, small_workspace):
    result = hmops("privacy", "forget", "Anna Probe", cwd=small_workspace)
    assert result.exit_code == 2 and "neither an email address nor a phone number" in result.stderr


def test_forget_with_nothing_to_remove_says_so(hmops, small_workspace):
    result = hmops("privacy", "forget", "nobody@example.com", cwd=small_workspace)
    assert result.exit_code == 0 and "no trace of nobody@example.com" in result.stdout


def test_crm_columns_judged_personal_by_their_values_are_not_stored(hmops, small_workspace):
    (small_workspace / "exports" / "list.csv").write_text(
        "Recipient,Segment,Opens\nzoe.muster@example.org,Winter,3\nmax.probe@example.org,Winter,1\nli.test@example.org,Spring,0\n",
        encoding="utf-8",
    )
    result = hmops("history", "import", "--platform", "crm", "exports/list.csv", cwd=small_workspace)
    assert result.exit_code == 0, result.stderr
    rows = query_json(hmops, small_workspace, "SELECT segment, members, with_email, metrics FROM crm_segments ORDER BY segment")
    assert [(r["segment"], r["members"], r["with_email"]) for r in rows] == [("Spring", 1, 1), ("Winter", 2, 2)]
    assert json.loads(rows[1]["metrics"]) == {"Opens": {"sum": 4.0}}
    db_bytes = (small_workspace / ".mops" / "history.duckdb").read_bytes()
    assert b"example.org" not in db_bytes and b"Recipient" not in db_bytes


def test_forget_keeps_json_state_files_valid(hmops, small_workspace):
    pii = small_workspace / ".mops" / "pii"
    pii.mkdir(parents=True)
    (pii / "kickoff.json").write_text(
        json.dumps({"EMAIL_1": "anna.probe@example.com", "PERSON_1": "Dana Lee", "spans": ["anna.probe@example.com", "x"]}),
        encoding="utf-8",
    )
    result = hmops("privacy", "forget", "anna.probe@example.com", cwd=small_workspace)
    assert result.exit_code == 0
    assert ".mops/pii/kickoff.json: 2 entries removed" in result.stdout
    assert json.loads((pii / "kickoff.json").read_text(encoding="utf-8")) == {"PERSON_1": "Dana Lee", "spans": ["x"]}


def test_forget_deletes_validated_copies_of_workspace_files_from_the_user_cache(hmops, small_workspace):
    """mops.yaml names people; its validated copy lives in the user's cache (mops.workspace)."""
    config = small_workspace / "mops.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "people:\n  - {name: Anna Probe, email: anna.probe@example.com}\n", encoding="utf-8")
    assert hmops("config", "show", cwd=small_workspace).exit_code == 0  # validates and caches it
    from mops.workspace import validated_cache_dir

    def mentioning() -> list:
        return [p for p in validated_cache_dir().glob("*") if b"anna.probe@example.com" in p.read_bytes()]

    assert mentioning()
    result = hmops("privacy", "forget", "anna.probe@example.com", cwd=small_workspace)
    assert "cache file deleted" in result.stdout
    assert mentioning() == []
