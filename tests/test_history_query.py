"""`mops history query` is read-only and cannot reach files: each way out is refused with exit 2."""

from __future__ import annotations

import json

import pytest

from history_support import google_ads_file, hmops, small_workspace  # noqa: F401


@pytest.fixture
def loaded(hmops, small_workspace):
    path = google_ads_file(small_workspace / "exports" / "a.csv", ["2026-11-01,1,Brand,100,10,10.00,1,50.00,EUR"])
    assert hmops("history", "import", str(path), cwd=small_workspace).exit_code == 0
    return small_workspace


FORBIDDEN_STATEMENTS = [
    "DELETE FROM facts",
    "UPDATE facts SET spend = 0",
    "INSERT INTO meta VALUES ('a', 'b')",
    "DROP TABLE facts",
    "CREATE TABLE t (a INTEGER)",
    "ATTACH '/tmp/other.duckdb' AS other",
    "DETACH other",
    "INSTALL httpfs",
    "LOAD httpfs",
    "COPY facts TO '/tmp/facts.csv'",
    "EXPORT DATABASE '/tmp/dump'",
    "PRAGMA database_list",
    "SET enable_external_access = true",
    "CALL pragma_version()",
    "CHECKPOINT",
    "SELECT 1; DELETE FROM facts",
]

FILE_READS = [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_csv_auto('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_blob('/etc/passwd')",
    "SELECT * FROM read_parquet('/tmp/x.parquet')",
    "SELECT * FROM read_json('/tmp/x.json')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM '/etc/passwd'",
    "SELECT * FROM 'https://example.com/data.csv'",
    "SELECT * FROM query('SELECT 1')",
    "SELECT getenv('HOME')",
]


@pytest.mark.parametrize("sql", FORBIDDEN_STATEMENTS)
def test_writes_and_side_effects_are_refused(hmops, loaded, sql):
    result = hmops("history", "query", sql, cwd=loaded)
    assert result.exit_code == 2
    assert "not allowed" in result.stderr or "one query at a time" in result.stderr
    assert "read-only" in result.stderr  # the hint says what the command is for
    after = hmops("history", "query", "SELECT count(*) AS n FROM facts", "--format", "json", cwd=loaded)
    assert json.loads(after.stdout) == [{"n": 1}]


@pytest.mark.parametrize("sql", FILE_READS)
def test_reading_files_from_sql_is_refused(hmops, loaded, sql):
    result = hmops("history", "query", sql, cwd=loaded)
    assert result.exit_code == 2
    assert "not allowed" in result.stderr or "refused" in result.stderr
    assert "root:" not in result.stdout


def test_external_access_is_locked_even_past_the_statement_check(tmp_path):
    """The database-level lock alone stops a file read that the text checks would miss."""
    import duckdb

    from mops.history.query import lock_down

    con = duckdb.connect()
    lock_down(con)
    passwd = tmp_path / "secret.csv"
    passwd.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(duckdb.PermissionException):
        con.execute(f"SELECT * FROM read_csv('{passwd}')")
    with pytest.raises(duckdb.Error):
        con.execute("SET enable_external_access = true")


def test_select_prints_table_csv_and_json(hmops, loaded):
    sql = "SELECT platform, spend FROM facts"
    table = hmops("history", "query", sql, cwd=loaded)
    assert table.exit_code == 0 and table.stdout.splitlines()[0].split() == ["platform", "spend"]
    csv_out = hmops("history", "query", sql, "--format", "csv", cwd=loaded)
    assert csv_out.stdout == "platform,spend\ngoogle_ads,10.00\n"
    as_json = hmops("history", "query", sql, "--format", "json", cwd=loaded)
    assert json.loads(as_json.stdout) == [{"platform": "google_ads", "spend": 10.0}]


def test_query_before_any_import_says_what_to_do(hmops, small_workspace):
    result = hmops("history", "query", "SELECT 1", cwd=small_workspace)
    assert result.exit_code == 2 and "no campaign history yet" in result.stderr and "mops history import" in result.stderr
