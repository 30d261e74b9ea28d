"""URL lint throughput and single-file start-up.

Usage: python benchmarks/lint_urls.py [--urls 200000] [--repeat 5] [--runs 11]

Prints:
- URLs linted per second with the bundled taxonomy, in-process (`run_lint`, findings built, no
  output written), on generated copy: a Markdown file and a bulk-sheet CSV, half the links each,
  over 2,000 distinct campaigns (goal: >= 200,000 URLs/s). Three mixes:
  - "legacy mix": 43% of links wrong (case and alias variants, `Paid+Social`, typos, fragments),
    about 0.43 findings per link: what a first lint of an old bulk sheet sees;
  - "all distinct": the same with no two links alike, the worst case for memoisation;
  - "all clean": every link right, what a workspace linted in CI looks like day to day;
  each on one core (`--jobs 1`) and on all cores (the default for runs this size);
- `mops lint` of one small file as a ratio to `python -c pass` (goal: <= 10x), with the bytecode
  cache as an installed mops has it (see benchmarks/startup.py);
- `mops lint --format F` of the legacy mix end to end, as a user runs it: start-up, lint, and the
  report of every finding written in each format.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCES = ["google", "facebook", "Facebook", "fb", "linkedin", "newsletter", "tiktok", "bing", "instagram"]
MEDIUMS = {"google": "cpc", "facebook": "paid-social", "Facebook": "paid-social", "fb": "Paid Social", "linkedin": "paid-social",
           "newsletter": "email", "tiktok": "paid-social", "bing": "cpc", "instagram": "paid-social"}


def make_urls(count: int, distinct: bool, seed: int = 7, clean: bool = False) -> list[str]:
    rng = random.Random(seed)
    campaigns = [f"{2024 + i % 3}-q{1 + i % 4}_campaign-{i}" for i in range(2000)]
    urls = []
    for i in range(count):
        source = rng.choice(SOURCES[:1] + SOURCES[4:] if clean else SOURCES)
        medium = MEDIUMS[source].replace(" ", "+")
        campaign = campaigns[rng.randrange(len(campaigns))]
        path = f"p/{i}" if distinct else f"p/{rng.randrange(50)}"
        roll = 1.0 if clean else rng.random()
        if roll < 0.05:
            url = f"https://shop.example/{path}#utm_source={source}&utm_medium={medium}&utm_campaign={campaign}"
        elif roll < 0.10:
            url = f"https://shop.example/{path}?utm_source={source}&utm_medium={medium}&utm_campaing={campaign}"
        else:
            url = f"https://shop.example/{path}?utm_source={source}&utm_medium={medium}&utm_campaign={campaign}&utm_content=ad-{i % 40}"
        urls.append(url)
    return urls


def lint_throughput(urls: list[str], folder: Path, jobs: int | None) -> tuple[float, int]:
    from mops.lint.runner import LintOptions, run_lint
    from mops.workspace import load_workspace

    half = len(urls) // 2
    (folder / "copy.md").write_text("".join(f"- [Shop the sale]({u}) now.\n" for u in urls[:half]))
    (folder / "bulk.csv").write_text("Campaign,Ad group,Final URL\n" + "".join(f"2026-q2_spring-sale,g,{u}\n" for u in urls[half:]))
    ws = load_workspace(start=folder)
    start = time.perf_counter()
    report = run_lint(ws, [folder / "copy.md", folder / "bulk.csv"], LintOptions(select=["UTM", "NAME"], jobs=jobs)).report
    elapsed = time.perf_counter() - start
    return len(urls) / elapsed, len(report.findings)


def startup_ratio(runs: int, folder: Path) -> tuple[float, float]:
    sample = folder / "one.md"
    sample.write_text("Shop: https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale\n")
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def median(argv: list[str]) -> float:
        subprocess.run(argv, env=env, capture_output=True, check=False)
        samples = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(argv, env=env, capture_output=True, check=False)
            samples.append(time.perf_counter() - t)
        return statistics.median(samples)

    base = median([sys.executable, "-c", "pass"])
    lint = median([sys.executable, "-m", "mops", "lint", str(sample)])
    return lint, lint / base


MIXES = {"legacy mix": (False, False), "all distinct": (True, False), "all clean": (False, True)}


def measure(label: str, jobs: int | None, count: int) -> None:
    """One measurement, in a process of its own (see main): prints 'URLs/s findings'."""
    distinct, clean = MIXES[label]
    with tempfile.TemporaryDirectory() as tmp:
        rate, findings = lint_throughput(make_urls(count, distinct, clean=clean), Path(tmp), jobs)
    print(f"{rate} {findings}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=11, help="start-up runs to take the median of")
    parser.add_argument("--repeat", type=int, default=5, help="throughput runs per figure to take the median of")
    parser.add_argument("--measure", nargs=2, metavar=("MIX", "JOBS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        label, jobs = args.measure
        measure(label, None if jobs == "auto" else int(jobs), args.urls)
        return
    # each run in a fresh process, as each `mops lint` is: a run that follows another in the same
    # process inherits its caches and heap, which slows forked workers twofold; the median of
    # several, because a shared machine's neighbours move a single run by 15% either way
    for label in MIXES:
        for jobs in ("1", "auto"):
            rates, findings = [], 0
            for _ in range(args.repeat):
                out = subprocess.run([sys.executable, __file__, "--urls", str(args.urls), "--measure", label, jobs], check=True, capture_output=True, text=True)
                rate, findings_text = out.stdout.split()
                rates.append(float(rate))
                findings = int(findings_text)
            cores = "one core" if jobs == "1" else "all cores"
            print(
                f"URLs linted per second ({label}, {cores}, {args.urls:,} URLs, {findings:,} findings): {statistics.median(rates):,.0f} "
                f"median of {len(rates)} (range {min(rates):,.0f}-{max(rates):,.0f})",
                flush=True,
            )
    with tempfile.TemporaryDirectory() as tmp:
        seconds, ratio = startup_ratio(args.runs, Path(tmp))
    print(f"mops lint one small file: {seconds * 1000:.1f} ms median = {ratio:.2f}x python -c pass")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, seconds, size in end_to_end(make_urls(args.urls, False), Path(tmp)):
            print(f"mops lint --format {fmt} (legacy mix, {args.urls:,} URLs, end to end): {seconds:.2f} s, {size / 1e6:.1f} MB written")


FORMATS = ("text", "json", "sarif", "github", "markdown")


def end_to_end(urls: list[str], folder: Path) -> list[tuple[str, float, int]]:
    half = len(urls) // 2
    (folder / "copy.md").write_text("".join(f"- [Shop the sale]({u}) now.\n" for u in urls[:half]))
    (folder / "bulk.csv").write_text("Campaign,Ad group,Final URL\n" + "".join(f"2026-q2_spring-sale,g,{u}\n" for u in urls[half:]))
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    figures = []
    for fmt in FORMATS:
        out = folder / f"report.{fmt}"
        argv = [sys.executable, "-m", "mops", "lint", "--select", "UTM,NAME", "--format", fmt, "-o", str(out), "copy.md", "bulk.csv"]
        start = time.perf_counter()
        subprocess.run(argv, cwd=folder, env=env, capture_output=True, check=False)
        figures.append((fmt, time.perf_counter() - start, out.stat().st_size if out.exists() else 0))
    return figures


if __name__ == "__main__":
    main()
