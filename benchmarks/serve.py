"""The team's page: how long each page of `mops serve` takes on the example workspace.

Usage: python benchmarks/serve.py [--runs 9] [--concurrent 200] [--parallel 20] [--keep]

Builds, in a temporary folder with its own XDG_CACHE_HOME and git identity (the user's are never
touched), the example workspace in a git repository of its own with its history imported by the
real `mops history import exports/*` (tests/serve_support.py's `full_workspace`, as the tests do),
and starts the real server (`python -m mops serve --port 0` in a subprocess). Each page is asked
for once to warm it (imports, the content-hash cache, matplotlib's fonts), then --runs times in
turn; printed per page: the median time a client waits (httpx, one connection) and the median the
server measured itself (its Server-Timing header: the workspace read, the domain work, rendering).
Then --concurrent requests over every page at once, --parallel at a time (as the tests do): the wall
time, requests per second and the slowest request.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

PAGES = [
    "/", "/campaigns", "/lint",
    "/campaigns/2027-q2_spring-sale",                     # launch check's worked example, not started
    "/campaigns/2026-q4_black-friday?as_of=2026-12-03",    # ended: pacing with its chart
    "/campaigns/2026-q4_winter-gear?as_of=2026-12-05",     # running: pacing with its chart
]


def _server_ms(response) -> float:  # noqa: ANN001 - an httpx.Response
    return float(response.headers["server-timing"].split("dur=")[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--concurrent", type=int, default=200)
    parser.add_argument("--parallel", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    import httpx
    from serve_support import copy_example, full_workspace, running_server

    folder = Path(tempfile.mkdtemp(prefix="mops-serve-bench-"))
    try:
        cache = folder / "cache"
        started = time.perf_counter()
        ws = full_workspace(copy_example(folder / "workspace"), cache)
        print(f"example workspace in git, history imported: {time.perf_counter() - started:.1f} s")
        with running_server(ws, cache) as url:
            with httpx.Client(base_url=url, timeout=300) as client:
                for page in PAGES:
                    assert client.get(page).status_code == 200, page
                waited: dict[str, list[float]] = {page: [] for page in PAGES}
                measured: dict[str, list[float]] = {page: [] for page in PAGES}
                for _ in range(args.runs):
                    for page in PAGES:
                        clock = time.perf_counter()
                        response = client.get(page)
                        waited[page].append((time.perf_counter() - clock) * 1000)
                        measured[page].append(_server_ms(response))
            print(f"\nper page, median of {args.runs} (warm):")
            print(f"  {'page':<52} {'client ms':>10} {'server ms':>10}")
            for page in PAGES:
                print(f"  {page:<52} {statistics.median(waited[page]):>10.0f} {statistics.median(measured[page]):>10.0f}")

            async def burst() -> list[float]:
                limit = asyncio.Semaphore(args.parallel)
                async with httpx.AsyncClient(base_url=url, timeout=600, limits=httpx.Limits(max_connections=args.parallel)) as client:
                    async def one(page: str) -> float:
                        async with limit:
                            clock = time.perf_counter()
                            response = await client.get(page)
                            assert response.status_code == 200, page
                            return time.perf_counter() - clock

                    return await asyncio.gather(*(one(PAGES[i % len(PAGES)]) for i in range(args.concurrent)))

            clock = time.perf_counter()
            times = asyncio.run(burst())
            wall = time.perf_counter() - clock
            print(f"\n{args.concurrent} requests over the {len(PAGES)} pages, {args.parallel} at a time: {wall:.1f} s wall, "
                  f"{args.concurrent / wall:.0f} requests/s, slowest {max(times):.2f} s, median {statistics.median(times):.2f} s; all 200")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
