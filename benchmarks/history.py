"""Benchmark `mops history import`, `report roi` and `history query` on generated daily rows.

    python benchmarks/history.py [--rows 10000000] [--dir /tmp/mops-bench] [--only import|query] [--runs 5]

Import: generates a Google Ads-shaped export (CSV and Parquet) with `--rows` daily rows (campaigns x
days), imports each into a fresh database through the same code as `mops history import`, then runs
`report roi` over it. Each phase runs in its own process so its peak memory (max RSS) is its own.
Goals on the reference machine: Parquet >= 1M rows/s; report roi over 10M rows <= 1 s, < 2 GB.

Query: builds a workspace whose history holds `--rows` rows in `facts` (written straight into the
schema, no import), then runs the installed command as a user does, in a real process:
`mops history query "SELECT * FROM facts" | head` (time to the first row on the pipe, and until
the command has exited after head closed it, with its exit code) and full exports with
`--format csv > /dev/null`, `--format json` and `--format parquet --output` (rows/s and the
command's peak memory; CPU seconds too, the steadier figure on a shared machine). Median of `--runs`. Goal: the first row of `| head` well under 1 s on
10M rows; memory flat whatever the row count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

CAMPAIGNS = 5000


def generate(rows: int, folder: Path) -> tuple[Path, Path]:
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    csv_path, parquet_path = folder / f"gads_{rows}.csv", folder / f"gads_{rows}.parquet"
    if csv_path.exists() and parquet_path.exists():
        return csv_path, parquet_path
    con = duckdb.connect()
    con.execute(f"""CREATE TABLE gen AS SELECT
        DATE '2015-01-01' + CAST(i // {CAMPAIGNS} AS INTEGER) AS "Day",
        CAST(1000000 + i % {CAMPAIGNS} AS VARCHAR) AS "Campaign ID",
        'Campaign ' || (i % {CAMPAIGNS}) AS "Campaign",
        CAST(100 + hash(i) % 5000 AS BIGINT) AS "Impr.",
        CAST(hash(i) % 100 AS BIGINT) AS "Clicks",
        round((hash(i) % 50000) / 100.0, 2) AS "Cost",
        round((hash(i) % 700) / 100.0, 2) AS "Conversions",
        round((hash(i) % 200000) / 100.0, 2) AS "Conv. value",
        CASE WHEN i % {CAMPAIGNS} < 50 THEN 'USD' ELSE 'EUR' END AS "Currency code"
        FROM range({rows}) t(i)""")
    con.execute(f"COPY gen TO '{csv_path}' (HEADER, DELIMITER ',')")
    con.execute(f"COPY gen TO '{parquet_path}' (FORMAT parquet)")
    con.close()
    return csv_path, parquet_path


def _phase_import(source: str, db: str) -> dict:
    from mops.history.importer import import_exports
    from mops.history.store import connect

    Path(db).unlink(missing_ok=True)
    con = connect(db)
    start = time.perf_counter()
    result = import_exports(con, [Path(source)])
    seconds = time.perf_counter() - start
    con.close()
    return {"rows": result.rows_loaded, "seconds": seconds}


def _phase_roi(db: str) -> dict:
    from mops.history.reports import Filters, run_report
    from mops.history.store import connect

    con = connect(db)
    start = time.perf_counter()
    table = run_report(con, "roi", Filters(), rates={"USD": 0.86}, home="EUR", today=dt.date.today())
    seconds = time.perf_counter() - start
    con.close()
    return {"rows": len(table.rows), "seconds": seconds}


def build_query_workspace(rows: int, folder: Path) -> Path:
    """A workspace whose .mops/history.duckdb holds `rows` facts (5,000 campaigns x days)."""
    import duckdb

    from mops.history.schema import CAMPAIGN_KEY_SQL, NATURAL_KEY_SQL, create_schema

    ws = folder / f"query-ws-{rows}"
    db = ws / ".mops" / "history.duckdb"
    if db.exists():
        return ws
    db.parent.mkdir(parents=True, exist_ok=True)
    (ws / "mops.yaml").write_text("version: 1\nname: Bench\ncurrency: EUR\n", encoding="utf-8")
    tmp = db.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    create_schema(con)
    con.execute(f"""INSERT INTO facts SELECT
        DATE '2015-01-01' + CAST(i // {CAMPAIGNS} AS INTEGER), 'google_ads', '123-456-7890',
        CAST(1000000 + i % {CAMPAIGNS} AS VARCHAR), 'Campaign ' || (i % {CAMPAIGNS}), '', '', '', '', NULL,
        100 + hash(i) % 5000, hash(i) % 100, NULL, round((hash(i) % 50000) / 100.0, 2), round((hash(i) % 700) / 100.0, 2),
        round((hash(i) % 200000) / 100.0, 2), 'EUR', 'exports/gads.csv', i + 2, 1, 0, 0, 'search', ''
        FROM range({rows}) t(i)""")
    con.execute(f"UPDATE facts SET natural_key = {NATURAL_KEY_SQL}, campaign_key = {CAMPAIGN_KEY_SQL}")
    con.close()
    tmp.rename(db)
    return ws


def _mops(ws: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "mops", "--workspace", str(ws), "history", "query", *args]


def _first_row(ws: Path, sql: str) -> dict:
    """`mops history query SQL | head`: seconds to the first row and to exit, exit code, stderr."""
    import os

    start = time.perf_counter()
    process = subprocess.Popen(_mops(ws, sql), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines = [process.stdout.readline() for _ in range(10)]  # what head reads
    first = time.perf_counter() - start
    process.stdout.close()  # head exits
    _, status, _ = os.wait4(process.pid, 0)
    done = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode()
    process.stderr.close()
    return {"first_row": first, "exit": done, "rc": process.returncode, "stderr": stderr, "lines": sum(1 for x in lines if x)}


def _export(ws: Path, *args: str) -> dict:
    """A full export: seconds and the command's peak memory."""
    import os

    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(_mops(ws, *args), stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)}: exit {process.returncode}: {process.stderr.read().decode()}")
    process.stderr.close()
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024}


def bench_query(rows: int, folder: Path, runs: int) -> None:
    import statistics

    start = time.perf_counter()
    ws = build_query_workspace(rows, folder)
    print(f"history with {rows:,} facts ready in {time.perf_counter() - start:.1f} s ({ws})", flush=True)
    floors = [_first_row(ws, "SELECT 1") for _ in range(runs)]
    print(f"mops history query \"SELECT 1\" (the start-up floor): first row {statistics.median(f['first_row'] for f in floors):.3f} s, "
          f"exited {statistics.median(f['exit'] for f in floors):.3f} s", flush=True)
    heads = [_first_row(ws, "SELECT * FROM facts") for _ in range(runs)]
    bad = [h for h in heads if h["rc"] != 0 or h["stderr"] or h["lines"] != 10]
    print(f"mops history query \"SELECT * FROM facts\" | head over {rows:,} rows: first row "
          f"{statistics.median(h['first_row'] for h in heads):.3f} s, exited {statistics.median(h['exit'] for h in heads):.3f} s "
          f"(median of {runs}; exit codes {sorted({h['rc'] for h in heads})}, stderr {'empty' if not any(h['stderr'] for h in heads) else 'NOT empty'})", flush=True)
    if bad:
        print(f"  {len(bad)} run(s) misbehaved: {bad[0]}")
    target = folder / "query-export.parquet"
    json_rows = min(rows, 1_000_000)  # JSON is for smaller results: 1M rows say enough about its rate
    for label, count, args in (
        ("csv > /dev/null", rows, ("SELECT * FROM facts", "--format", "csv")),
        ("json > /dev/null", json_rows, ("SELECT * FROM facts", "--format", "json", "--limit", str(json_rows))),
        ("parquet --output", rows, ("SELECT * FROM facts", "--format", "parquet", "--output", str(target), "--force")),
    ):
        results = [_export(ws, *args) for _ in range(max(1, runs // 2))]
        seconds = statistics.median(r["seconds"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        peak = max(r["peak_rss_mb"] for r in results)
        print(f"export {label:17} {count:>12,} rows  {seconds:6.2f} s  {count / seconds:>10,.0f} rows/s  "
              f"(CPU {cpu:.2f} s: {count / cpu:,.0f} rows per CPU-second)  peak {peak:,.0f} MB", flush=True)
    target.unlink(missing_ok=True)


def _run_phase(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/mops-bench"))
    parser.add_argument("--only", choices=("import", "query"), help="Run one part only.")
    parser.add_argument("--runs", type=int, default=5, help="Runs per query figure (the median is printed).")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        kind, *rest = args.phase
        data = _phase_import(*rest) if kind == "import" else _phase_roi(*rest)
        data["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(data))
        return
    if args.only != "import":
        bench_query(args.rows, args.dir, args.runs)
    if args.only == "query":
        return
    start = time.perf_counter()
    csv_path, parquet_path = generate(args.rows, args.dir)
    print(f"generated {args.rows:,} rows in {time.perf_counter() - start:.1f} s "
          f"(csv {csv_path.stat().st_size / 1e6:,.0f} MB, parquet {parquet_path.stat().st_size / 1e6:,.0f} MB)")
    db = str(args.dir / "bench.duckdb")
    for label, source in (("CSV", csv_path), ("Parquet", parquet_path)):
        r = _run_phase("import", str(source), db)
        print(f"import {label:8} {r['rows']:>12,} rows  {r['seconds']:6.2f} s  {r['rows'] / r['seconds']:>12,.0f} rows/s  peak {r['peak_rss_mb']:,.0f} MB")
    r = _run_phase("roi", db)
    print(f"report roi over {args.rows:,} rows: {r['seconds']:.3f} s, {r['rows']} result rows, peak {r['peak_rss_mb']:,.0f} MB (process)")


if __name__ == "__main__":
    main()
