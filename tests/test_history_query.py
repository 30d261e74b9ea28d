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


# --- streaming, --limit, formats, errors (issue #12) -----------------------------------------

LATE_ERROR = "SELECT i FROM range(10000000) t(i) WHERE i < 8000000 OR error('reached row ' || i)"


def test_limit_prints_n_rows_and_stops_the_query_there(hmops, loaded):
    """--limit ends the query after N rows: an error 8 million rows later is never reached."""
    result = hmops("history", "query", LATE_ERROR, "--limit", "3", "--format", "csv", cwd=loaded)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "i\n0\n1\n2\n"


def test_limit_zero_prints_the_header_only(hmops, loaded):
    result = hmops("history", "query", "SELECT platform, spend FROM facts", "--limit", "0", "--format", "csv", cwd=loaded)
    assert result.exit_code == 0 and result.stdout == "platform,spend\n"


def test_a_reader_that_stops_early_ends_the_command_quietly_with_exit_0(hmops, loaded):
    """`mops history query ... | head`: head closes the pipe after a few lines; mops stops, says
    nothing and exits 0 (it exited 1 before)."""
    import os
    import subprocess
    import sys

    for fmt in ("table", "csv", "json"):
        process = subprocess.Popen(
            [sys.executable, "-m", "mops", "history", "query", "SELECT * FROM facts, range(2000000)", "--format", fmt],
            cwd=loaded, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"},
        )
        first = [process.stdout.readline() for _ in range(3)]
        process.stdout.close()
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=120) == 0, (fmt, stderr)
        assert stderr == "", fmt
        assert all(first), fmt


def test_json_is_one_array_with_one_row_per_line(hmops, loaded):
    sql = "SELECT i, i * 1.5::DECIMAL(9, 2) AS amount, DATE '2026-11-01' + i::INTEGER AS day FROM range(3) t(i)"
    result = hmops("history", "query", sql, "--format", "json", cwd=loaded)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == [
        {"i": 0, "amount": 0.0, "day": "2026-11-01"},
        {"i": 1, "amount": 1.5, "day": "2026-11-02"},
        {"i": 2, "amount": 3.0, "day": "2026-11-03"},
    ]
    assert hmops("history", "query", "SELECT 1 AS a WHERE false", "--format", "json", cwd=loaded).stdout == "[]\n"


def test_json_never_writes_nan_which_json_readers_reject(hmops, loaded):
    result = hmops("history", "query", "SELECT 'nan'::DOUBLE AS a, 'inf'::DOUBLE AS b, [1.0, 'nan'::DOUBLE] AS c", "--format", "json", cwd=loaded)

    def strict(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    assert json.loads(result.stdout, parse_constant=strict) == [{"a": None, "b": None, "c": [1.0, None]}]


def test_csv_quotes_what_needs_quoting(hmops, loaded):
    import csv
    import io

    sql = "SELECT 'a,b' AS x, 'say \"hi\"' AS y, 'two' || chr(10) || 'lines' AS z, NULL AS n"
    result = hmops("history", "query", sql, "--format", "csv", cwd=loaded)
    assert list(csv.reader(io.StringIO(result.stdout))) == [["x", "y", "z", "n"], ["a,b", 'say "hi"', "two\nlines", ""]]


def test_parquet_is_written_to_the_output_file(hmops, loaded):
    import duckdb

    (loaded / "out").mkdir()  # a missing folder is refused, never created (test_history_round2)
    result = hmops("history", "query", "SELECT platform, spend FROM facts", "--format", "parquet", "--output", "out/facts.parquet", cwd=loaded)
    assert result.exit_code == 0, result.stderr
    assert "wrote 1 rows to out/facts.parquet" in result.stderr
    rows = duckdb.connect().execute(f"SELECT platform, spend FROM read_parquet('{loaded / 'out' / 'facts.parquet'}')").fetchall()
    assert [(p, float(s)) for p, s in rows] == [("google_ads", 10.0)]
    limited = hmops("history", "query", "SELECT * FROM range(100) t(i)", "-f", "parquet", "-o", "out/few.parquet", "--limit", "7", cwd=loaded)
    assert limited.exit_code == 0, limited.stderr
    assert duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{loaded / 'out' / 'few.parquet'}')").fetchone() == (7,)


def test_parquet_needs_an_output_file_and_never_replaces_one_unasked(hmops, loaded):
    missing = hmops("history", "query", "SELECT 1", "--format", "parquet", cwd=loaded)
    assert missing.exit_code == 2 and "--output" in missing.stderr
    existing = loaded / "keep.parquet"
    existing.write_bytes(b"not mine to lose")
    refused = hmops("history", "query", "SELECT 1", "-f", "parquet", "-o", "keep.parquet", cwd=loaded)
    assert refused.exit_code == 2 and "already exists" in refused.stderr and "--force" in refused.stderr
    assert existing.read_bytes() == b"not mine to lose"
    replaced = hmops("history", "query", "SELECT 1 AS a", "-f", "parquet", "-o", "keep.parquet", "--force", cwd=loaded)
    assert replaced.exit_code == 0 and existing.read_bytes()[:4] == b"PAR1"


def test_a_failed_export_leaves_no_file_behind(hmops, loaded):
    (loaded / "out").mkdir()
    for fmt in ("parquet", "csv"):
        result = hmops("history", "query", "SELECT 'x'::INTEGER AS n", "-f", fmt, "-o", f"out/bad.{fmt}", cwd=loaded)
        assert result.exit_code == 2, fmt
    assert list((loaded / "out").iterdir()) == []


def test_parquet_export_is_as_locked_as_a_query(hmops, loaded, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n", encoding="utf-8")
    for sql in (f"SELECT * FROM read_csv('{secret}')", f"SELECT * FROM '{secret}'", "DELETE FROM facts"):
        result = hmops("history", "query", sql, "-f", "parquet", "-o", "x.parquet", cwd=loaded)
        assert result.exit_code == 2 and not (loaded / "x.parquet").exists(), sql


def test_csv_output_file_is_written_whole(hmops, loaded):
    result = hmops("history", "query", "SELECT platform, spend FROM facts", "-f", "csv", "-o", "facts.csv", cwd=loaded)
    assert result.exit_code == 0 and result.stdout == ""
    assert (loaded / "facts.csv").read_text(encoding="utf-8") == "platform,spend\ngoogle_ads,10.00\n"


def test_unknown_column_error_names_the_candidates_and_the_place(hmops, loaded):
    result = hmops("history", "query", "SELECT spnd FROM facts", cwd=loaded)
    assert result.exit_code == 2
    assert '"spnd" not found' in result.stderr
    assert '"spend"' in result.stderr  # DuckDB's candidates: the column meant
    assert "LINE 1: SELECT spnd FROM facts" in result.stderr and "^" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_table_error_lists_the_tables(hmops, loaded):
    result = hmops("history", "query", "SELECT * FROM fact", cwd=loaded)
    assert result.exit_code == 2
    assert 'Did you mean "facts"' in result.stderr
    assert "facts, campaign_daily, campaigns, imports, crm_segments" in result.stderr


def test_an_error_after_rows_were_printed_is_still_a_clear_error(hmops, loaded):
    """A conversion that fails on a later row: whatever was printed, the command ends with a
    message saying what to do (exit 2), not a DuckDB traceback."""
    sql = "SELECT CASE WHEN i < 3000 THEN i::VARCHAR ELSE 'n/a' END::INTEGER AS n FROM range(5000) t(i)"
    result = hmops("history", "query", sql, "--format", "csv", cwd=loaded)
    assert result.exit_code == 2
    assert "Could not convert string 'n/a'" in result.stderr and "TRY_CAST" in result.stderr
    assert "Traceback" not in result.stderr


def test_syntax_error_points_at_the_place(hmops, loaded):
    result = hmops("history", "query", "SELECT * FORM facts", cwd=loaded)
    assert result.exit_code == 2
    assert "does not parse" in result.stderr and "LINE 1: SELECT * FORM facts" in result.stderr


@pytest.mark.parametrize("sql, message, hint", [
    ("SELECT nosuchfn(1)", "nosuchfn does not exist", "duckdb_functions()"),
    ("SELECT * FROM facts WHERE date = 'yesterday'", '"yesterday"', "YYYY-MM-DD"),
    ("SELECT 9223372036854775807 + 1", "Overflow", "wider type"),
    ("SELECT ?", "parameters", "write the values into the SQL"),
])
def test_each_kind_of_failed_query_gets_a_hint_for_that_kind(hmops, loaded, sql, message, hint):
    result = hmops("history", "query", sql, cwd=loaded)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    error, hint_line = result.stderr.split("\n  hint: ")
    assert message in error and hint in hint_line
