"""Benchmark `mops history import` and `report roi` on generated daily rows.

    python benchmarks/history.py [--rows 10000000] [--dir /tmp/mops-bench]

Generates a Google Ads-shaped export (CSV and Parquet) with `--rows` daily rows (campaigns x days),
imports each into a fresh database through the same code as `mops history import`, then runs
`report roi` over it. Each phase runs in its own process so its peak memory (max RSS) is its own.
Goals on the reference machine: Parquet >= 1M rows/s; report roi over 10M rows <= 1 s, < 2 GB.
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


def _run_phase(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/mops-bench"))
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        kind, *rest = args.phase
        data = _phase_import(*rest) if kind == "import" else _phase_roi(*rest)
        data["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(data))
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
