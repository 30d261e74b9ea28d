"""History as a Parquet lake (issue 16, "When a team outgrows one laptop"): `mops history export
--parquet DIR` writes facts partitioned by platform and month, crm_segments and imports; every
reader gives the same answers from the lake as from the DuckDB file; the lake is read-only."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from history_support import hmops  # noqa: F401
from test_history_query import FILE_READS, FORBIDDEN_STATEMENTS

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "workspace"
TODAY = "2026-12-01"


def _copy_example(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".mops", ".git"))
    return root


@pytest.fixture
def lake_ws(hmops, tmp_path):
    """A copy of the example workspace: its exports imported into the DuckDB file with the real CLI
    (the examples hold deliberately bad rows: exit 1), then exported to `lake/`."""
    root = _copy_example(tmp_path)
    imported = hmops("history", "import", "exports/", cwd=root)
    assert imported.exit_code in (0, 1), imported.stderr
    assert (root / ".mops" / "history.duckdb").is_file()
    exported = hmops("history", "export", "--parquet", "lake", cwd=root)
    assert exported.exit_code == 0, exported.stderr
    assert "wrote lake:" in exported.stderr
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_lake_is_facts_partitioned_by_platform_and_month_with_crm_segments_and_imports(lake_ws):
    import duckdb

    lake = lake_ws / "lake"
    assert (lake / "crm_segments.parquet").is_file() and (lake / "imports.parquet").is_file()
    partitions = sorted(p.relative_to(lake / "facts").as_posix() for p in (lake / "facts").glob("platform=*/month=*"))
    assert "platform=google_ads/month=2025-11" in partitions and "platform=meta/month=2026-06" in partitions
    assert all(len(p.split("/month=")[1]) == 7 for p in partitions)  # YYYY-MM
    assert all(list((lake / "facts" / p).glob("*.parquet")) for p in partitions)
    con = duckdb.connect(str(lake_ws / ".mops" / "history.duckdb"), read_only=True)
    expected = con.execute(
        "SELECT platform, strftime(date, '%Y-%m'), count(*) FROM facts GROUP BY ALL ORDER BY ALL").fetchall()
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("crm_segments", "imports")}
    con.close()
    read = duckdb.connect().execute(
        f"SELECT platform, month, count(*) FROM read_parquet('{lake}/facts/**/*.parquet', hive_partitioning = true) GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert read == expected
    assert sorted(f"platform={p}/month={m}" for p, m, _ in expected) == partitions
    for table, count in counts.items():
        assert duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{lake / (table + '.parquet')}')").fetchone()[0] == count
    assert not [p for p in lake_ws.iterdir() if p.name.startswith(".lake.")]  # no temporary folder left


REPORTS = ("roi", "channels", "campaigns", "pacing-baseline", "freshness", "unattributed")
QUERIES = (
    "SELECT campaign_id, channel, currency, sum(spend) AS spend, sum(conversions) AS conversions, "
    "sum(conversion_value) AS value FROM campaign_daily GROUP BY ALL ORDER BY ALL",
    "SELECT * FROM campaigns ORDER BY campaign_id, currency",
    "SELECT * EXCLUDE (imported_at) FROM imports ORDER BY import_id",
    "SELECT * FROM crm_segments ORDER BY snapshot_date, segment",
    "SELECT * FROM facts ORDER BY natural_key, date",
    "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM campaign_daily)",
)


def test_reports_queries_and_similar_give_identical_json_from_the_file_and_the_lake(hmops, lake_ws):
    def both(*args: str) -> tuple[str, str]:
        from_file = hmops(*args, cwd=lake_ws)
        from_lake = hmops(*args, "--db", "lake", cwd=lake_ws)
        assert from_file.exit_code == from_lake.exit_code, (args, from_file.stderr, from_lake.stderr)
        assert from_file.stderr == from_lake.stderr, args
        return from_file.stdout, from_lake.stdout

    for name in REPORTS:
        file_out, lake_out = both("history", "report", name, "--format", "json", "--today", TODAY)
        assert json.loads(file_out)["rows"], name
        assert file_out == lake_out, name
    for sql in QUERIES:
        file_out, lake_out = both("history", "query", sql, "--format", "json")
        assert json.loads(file_out), sql
        assert file_out == lake_out, sql
    file_out, lake_out = both("history", "similar", "--channels", "paid_search,paid_social", "--budget", "30000", "--season", "q4", "--format", "json")
    assert json.loads(file_out)["matches"]
    assert file_out == lake_out


def test_mops_yaml_history_db_may_name_the_lake(hmops, lake_ws):
    sql = "SELECT campaign_id, sum(spend) AS spend FROM campaign_daily WHERE campaign_id IS NOT NULL GROUP BY 1 ORDER BY 1"
    from_file = hmops("history", "query", sql, "--format", "json", cwd=lake_ws)
    config = lake_ws / "mops.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("db: .mops/history.duckdb", "db: lake"), encoding="utf-8")
    (lake_ws / ".mops" / "history.duckdb").unlink()  # nothing left to read but the lake
    from_lake = hmops("history", "query", sql, "--format", "json", cwd=lake_ws)
    assert from_lake.exit_code == 0, from_lake.stderr
    assert from_lake.stdout == from_file.stdout
    roi = hmops("history", "report", "roi", "--format", "json", cwd=lake_ws)
    assert roi.exit_code == 0 and json.loads(roi.stdout)["rows"]


def test_readers_in_python_see_the_same_tables_and_types_on_the_lake(lake_ws):
    from mops.history.store import open_history
    from mops.workspace import load_workspace

    ws = load_workspace(start=lake_ws)

    def shape(con) -> dict:
        tables = ("facts", "campaign_daily", "campaigns", "imports", "crm_segments", "campaign_map")
        return {t: con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {t})").fetchall() for t in tables}

    sql = "SELECT campaign_id, channel, sum(spend), count(*) FROM campaign_daily GROUP BY ALL ORDER BY ALL"
    file_con = open_history(ws, read_only=True)
    try:
        file_shape, file_rows = shape(file_con), file_con.execute(sql).fetchall()
    finally:
        file_con.close()
    for read_only in (True, False):  # a lake is read-only whatever a reader asks: the campaign map is built in memory
        con = open_history(ws, "lake", read_only=read_only)
        try:
            assert shape(con) == file_shape
            assert con.execute(sql).fetchall() == file_rows
            assert con.execute("SELECT count(*) FROM campaign_map WHERE campaign_id IS NOT NULL").fetchone()[0] > 0
        finally:
            con.close()


def test_the_read_only_guard_holds_on_the_lake(hmops, lake_ws):
    before = _files(lake_ws / "lake")
    for sql in FORBIDDEN_STATEMENTS:
        result = hmops("history", "query", sql, "--db", "lake", cwd=lake_ws)
        assert result.exit_code == 2, sql
        assert "not allowed" in result.stderr or "one query at a time" in result.stderr, sql
    for sql in [*FILE_READS, "SELECT * FROM read_parquet('lake/imports.parquet')", "SELECT * FROM 'lake/imports.parquet'"]:
        result = hmops("history", "query", sql, "--db", "lake", cwd=lake_ws)
        assert result.exit_code == 2, sql
        assert "not allowed" in result.stderr or "refused" in result.stderr, sql
        assert "root:" not in result.stdout
    assert _files(lake_ws / "lake") == before


def test_past_the_text_checks_a_locked_lake_connection_reads_only_the_lakes_own_files(lake_ws, tmp_path):
    """The database-level lock on a lake: its Parquet files are the only paths allowed."""
    import duckdb

    from mops.history.query import lock_down
    from mops.history.store import connect

    outside = tmp_path / "secret.csv"
    outside.write_text("a\n1\n", encoding="utf-8")
    beside = lake_ws / "lake" / "notes.csv"  # even a file inside the lake folder
    beside.write_text("a\n1\n", encoding="utf-8")
    con = connect(str(lake_ws / "lake"), read_only=True)
    lock_down(con)
    try:
        assert con.execute("SELECT count(*) FROM facts").fetchone()[0] > 0
        for path in (outside, beside, lake_ws / ".mops" / "history.duckdb"):
            with pytest.raises(duckdb.PermissionException):
                con.execute(f"SELECT * FROM read_csv('{path}')")
        with pytest.raises(duckdb.Error):
            con.execute("SET enable_external_access = true")
        with pytest.raises(duckdb.Error):
            con.execute(f"COPY (SELECT 1) TO '{tmp_path / 'out.csv'}'")
    finally:
        con.close()
    assert not (tmp_path / "out.csv").exists()


def test_a_query_written_to_parquet_works_on_the_lake(hmops, lake_ws):
    result = hmops("history", "query", "SELECT platform, count(*) AS n FROM facts GROUP BY 1 ORDER BY 1",
                   "-f", "parquet", "-o", "out.parquet", "--db", "lake", cwd=lake_ws)
    assert result.exit_code == 0, result.stderr
    assert (lake_ws / "out.parquet").read_bytes()[:4] == b"PAR1"


def test_importing_into_a_lake_is_refused_and_leaves_it_as_it_was(hmops, lake_ws):
    before = _files(lake_ws / "lake")
    result = hmops("history", "import", "exports/", "--db", "lake", cwd=lake_ws)
    assert result.exit_code == 2
    assert "Parquet lake" in result.stderr and "nothing is imported" in result.stderr
    assert "mops history export --parquet" in result.stderr  # says how: import into a DuckDB file, then export
    assert _files(lake_ws / "lake") == before


def test_export_replaces_a_lake_only_with_force_and_never_a_folder_of_other_files(hmops, lake_ws):
    before = _files(lake_ws / "lake")
    again = hmops("history", "export", "--parquet", "lake", cwd=lake_ws)
    assert again.exit_code == 2 and "already holds a history lake" in again.stderr and "--force" in again.stderr
    assert _files(lake_ws / "lake") == before
    forced = hmops("history", "export", "--parquet", "lake", "--force", cwd=lake_ws)
    assert forced.exit_code == 0, forced.stderr
    assert set(_files(lake_ws / "lake")) == set(before)
    other = lake_ws / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine", encoding="utf-8")
    refused = hmops("history", "export", "--parquet", "other", "--force", cwd=lake_ws)
    assert refused.exit_code == 2 and "other files" in refused.stderr
    assert _files(other) == {"keep.txt": b"mine"}
    missing = hmops("history", "export", "--parquet", "no/such/lake", cwd=lake_ws)
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    remote = hmops("history", "export", "--parquet", "s3://bucket/lake", cwd=lake_ws)
    assert remote.exit_code == 2 and "aws s3 sync" in remote.stderr


def test_a_failed_export_leaves_the_lake_as_it_was_and_no_temporary_folder(hmops, lake_ws):
    """crm_segments fails to read after facts were written to the temporary folder."""
    import duckdb

    before = _files(lake_ws / "lake")
    con = duckdb.connect(str(lake_ws / ".mops" / "history.duckdb"))
    con.execute("DROP TABLE crm_segments")
    con.execute("CREATE VIEW crm_segments AS SELECT error('disk gone') AS segment FROM range(1)")
    con.close()
    result = hmops("history", "export", "--parquet", "lake", "--force", cwd=lake_ws)
    assert result.exit_code == 2 and "cannot export the history" in result.stderr
    assert _files(lake_ws / "lake") == before
    assert sorted(p.name for p in lake_ws.iterdir() if p.name.startswith(".lake")) == []
    fresh = hmops("history", "export", "--parquet", "new-lake", cwd=lake_ws)
    assert fresh.exit_code == 2 and not (lake_ws / "new-lake").exists()


def test_an_empty_history_exports_and_reads_as_an_empty_lake(hmops, tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "mops.yaml").write_text("version: 1\nname: Test\ncurrency: EUR\n", encoding="utf-8")
    from mops.history.store import connect

    connect(str(root / ".mops" / "history.duckdb")).close()  # a database with the schema and no rows
    assert hmops("history", "export", "--parquet", "lake", cwd=root).exit_code == 0
    result = hmops("history", "query", "SELECT count(*) AS n FROM campaign_daily", "--format", "json", "--db", "lake", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [{"n": 0}]
    roi = hmops("history", "report", "roi", "--format", "json", "--db", "lake", cwd=root)
    assert roi.exit_code == 0 and json.loads(roi.stdout)["rows"] == []


def test_a_folder_that_is_no_lake_is_named_with_what_to_do(hmops, tmp_path):
    root = tmp_path / "ws"
    (root / "exports").mkdir(parents=True)
    (root / "mops.yaml").write_text("version: 1\nname: Test\ncurrency: EUR\n", encoding="utf-8")
    result = hmops("history", "query", "SELECT 1", "--db", "exports", cwd=root)
    assert result.exit_code == 2 and "not a history lake" in result.stderr and "export --parquet" in result.stderr


def test_an_s3_lake_takes_its_credentials_from_the_aws_environment():
    """Not run against S3 (no network here): the secret mops creates from AWS_* variables."""
    from mops.history.lake import is_lake, remote_secret_statements

    assert is_lake("s3://bucket/history") and is_lake("gs://bucket/history")
    env = {"AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "se'cret", "AWS_REGION": "eu-central-1"}
    [(statement, _)] = remote_secret_statements("s3://bucket/history", env)
    assert statement == ("CREATE OR REPLACE SECRET mops_lake (TYPE s3, PROVIDER config, KEY_ID 'AKIAEXAMPLE', "
                         "SECRET 'se''cret', SCOPE 's3://bucket/history', REGION 'eu-central-1')")
    assert remote_secret_statements("s3://bucket/history", {}) == []  # DuckDB's persistent secrets apply
    assert remote_secret_statements("gs://bucket/history", env) == []


def testmotherduck_read_only_connections_are_scoped_to_their_database():
    from mops.history.store import motherduck_read_only, is_file_location

    assert motherduck_read_only("md:fjordline_history") == "md:fjordline_history?attach_mode=single&saas_mode=true"
    assert motherduck_read_only("md:db?attach_mode=workspace") == "md:db?attach_mode=workspace&saas_mode=true"
    assert not is_file_location("md:db") and not is_file_location("s3://b/p")


def test_a_duckdb_file_in_an_object_store_is_a_database_not_a_lake():
    from mops.history.lake import is_lake

    assert is_lake("s3://bucket/history/") and is_lake("gs://bucket/lake")
    assert not is_lake("s3://bucket/history.duckdb") and not is_lake("gs://bucket/team.db")


def test_pacing_check_gives_identical_json_and_proposals_from_the_file_and_the_lake(hmops, lake_ws):
    """The same check on the example history as a DuckDB file, then with mops.yaml history.db naming
    the lake: the same JSON, exit code and proposal files."""
    args = ("pacing", "check", "--all", "--as-of", "2026-12-04", "--format", "json")

    def proposals() -> dict[str, bytes]:
        found = {p.name: p.read_bytes() for p in sorted((lake_ws / "proposals").glob("*-pacing-*.yaml"))}
        for name in found:
            (lake_ws / "proposals" / name).unlink()  # the next run writes its own
        return found

    from_file = hmops(*args, cwd=lake_ws)
    file_proposals = proposals()
    config = lake_ws / "mops.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("db: .mops/history.duckdb", "db: lake"), encoding="utf-8")
    (lake_ws / ".mops" / "history.duckdb").unlink()  # nothing left to read but the lake
    from_lake = hmops(*args, cwd=lake_ws)
    assert from_file.exit_code == from_lake.exit_code, (from_file.stderr, from_lake.stderr)
    assert json.loads(from_file.stdout)
    assert from_file.stdout == from_lake.stdout
    assert from_file.stderr == from_lake.stderr
    assert proposals() == file_proposals
