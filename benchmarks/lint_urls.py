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
  report of every finding written in each format;
- a Markdown file of 40,000 short lines with one link each (`--short-lines`), every rule selected:
  links per second end to end (goal: >= 100,000/s), as run here and, where a site .pth imports
  something (a sandbox's), also without site (`python -S`, see benchmarks/startup.py), the two in
  turn; and the share of each part of the lint (finding the links, the URL rules, copy, PII,
  names) measured in-process on the same text, in one process (a lint of this file finds its
  links half in each of two processes and judges them in the second, beside the rest:
  runner._ForkedLinks).

- what was quadratic in a file's length (`--only quadratic`): a Markdown file with an inline
  suppression before every other link (5,000 of each), and 160,000 links each after a `<` that
  no `>` closes on its line.

- a big Markdown deck (`--only big-file`, `--big-mb 36`): ad sections (primary text, headline,
  link, some with a disclaimer), paragraphs of prose with links, personal data and a few emoji,
  Markdown tables of ads, and lists of links; `mops lint --jobs 1 --format json` end to end at 1/9
  of the size and at the full size, in seconds and MB/s (the two rates agree when the lint is
  linear in the file's length; 36 MB took 2 min 12 s when issue #12 was filed).

- reading a bulk sheet (`--only sheets`, `--sheet-rows 100000`): finding its links, its cells and
  one column's distinct values, in-process, for a plain sheet (no quote: the fast path), the same
  with CRLF line ends and a final blank line, and a sheet whose every text cell is quoted (the
  reference reader).

`--only NAME` runs one part: throughput, startup, formats, short-lines, quadratic, big-file or sheets.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

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
    parser.add_argument("--short-lines", type=int, default=40_000, help="lines (one link each) of the short-lines Markdown file")
    parser.add_argument("--big-mb", type=float, default=36.0, help="MB of the big Markdown deck (--only big-file)")
    parser.add_argument("--sheet-rows", type=int, default=100_000, help="rows of the bulk sheets read by --only sheets")
    parser.add_argument("--only", choices=("throughput", "startup", "formats", "short-lines", "quadratic", "big-file", "sheets"))
    parser.add_argument("--measure", nargs=2, metavar=("MIX", "JOBS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    from mops.gcpause import pause_cyclic_gc

    pause_cyclic_gc()  # as a `mops` process does (mops.cli.main): in-process figures are a command's
    if args.measure:
        label, jobs = args.measure
        measure(label, None if jobs == "auto" else int(jobs), args.urls)
        return
    if args.only in (None, "short-lines"):
        short_lines(args.short_lines, args.repeat)
    if args.only in (None, "big-file"):
        big_file(args.big_mb)
    if args.only in (None, "quadratic"):
        suppressions(5_000, args.repeat)
        open_brackets(160_000, args.repeat)
    if args.only in (None, "sheets"):
        sheets(args.sheet_rows, args.repeat)
    if args.only in (None, "throughput"):
        throughput(args)
    if args.only in (None, "startup"):
        with tempfile.TemporaryDirectory() as tmp:
            seconds, ratio = startup_ratio(args.runs, Path(tmp))
        print(f"mops lint one small file: {seconds * 1000:.1f} ms median = {ratio:.2f}x python -c pass")
    if args.only in (None, "formats"):
        with tempfile.TemporaryDirectory() as tmp:
            for fmt, seconds, size in end_to_end(make_urls(args.urls, False), Path(tmp)):
                print(f"mops lint --format {fmt} (legacy mix, {args.urls:,} URLs, end to end): {seconds:.2f} s, {size / 1e6:.1f} MB written")


def short_lines_text(count: int) -> str:
    return "".join(
        f"- Item {i}: https://www.fjordline.example/p/{i}?utm_source=google&utm_medium=cpc&utm_campaign=2026-q4_black-friday\n"
        for i in range(count)
    )


def short_lines(count: int, repeat: int) -> None:
    """The issue's Markdown file of short lines with one link each: end to end with every rule,
    then where the time goes, in-process (each part on a fresh document of the same text)."""
    workspace = REPO / "examples" / "workspace"
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from startup import importing_pth_files, mops_argv

    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "links.md"
        file.write_text(short_lines_text(count))
        args = ["-w", str(workspace), "lint", "--format", "json", "-o", str(Path(tmp) / "out.json"), str(file)]
        # as run here, and without site (see benchmarks/startup.py: a .pth that imports something,
        # as a sandbox's does, costs every start tens of milliseconds a user's machine does not pay)
        cases = [("", mops_argv(REPO, args))] + ([(" [without site: python -S]", mops_argv(REPO, args, site=False))] if importing_pth_files() else [])
        samples: dict[str, list[float]] = {label: [] for label, _ in cases}
        for _ in range(repeat):  # the cases in turn, so that a busy minute weighs on both
            for label, argv in cases:
                start = time.perf_counter()
                subprocess.run(argv, env=env, capture_output=True, check=False)
                samples[label].append(time.perf_counter() - start)
        for label, times in samples.items():
            seconds = statistics.median(times)
            print(f"mops lint of {count:,} short Markdown lines, one link each, all rules{label}: {seconds:.2f} s median of {repeat} "
                  f"(fastest {min(times):.2f} s) = {count / seconds:,.0f} links/s")
    parts = short_lines_parts(count)
    total = sum(parts.values())
    print("  in-process, where the time goes: " + ", ".join(f"{name} {ms:,.0f} ms ({ms / total:.0%})" for name, ms in parts.items()))


def short_lines_parts(count: int) -> dict[str, float]:
    from mops.lint.context import LintContext
    from mops.lint.document import Document
    from mops.lint.rules import all_rules
    from mops.lint.runner import _check_document
    from mops.workspace import load_workspace

    raw = short_lines_text(count).encode()
    ws = load_workspace(REPO / "examples" / "workspace")
    ctx = LintContext(ws)
    rules = {code: cls() for code, cls in all_rules().items()}

    def fresh() -> Document:
        return Document.from_bytes(raw, path="links.md", source=None)

    parts: dict[str, float] = {}
    doc = fresh()
    start = time.perf_counter()
    doc.found_urls  # noqa: B018
    parts["finding links"] = (time.perf_counter() - start) * 1000
    for family in ("UTM", "NAME", "MOPS", "COPY", "PII"):
        doc = fresh()
        doc.found_urls  # noqa: B018
        selected = [rule for code, rule in rules.items() if code.startswith(family)]
        start = time.perf_counter()
        _check_document(doc, selected, ctx, {})
        parts[f"{family} rules"] = (time.perf_counter() - start) * 1000
    return parts


def big_deck(megabytes: float, seed: int = 5) -> str:
    """A Markdown deck of about `megabytes` MB as an agency sends one: see the module's documentation."""
    from lint_copy import assemble_prose  # the same prose as the copy benchmark (next to this file)

    rng = random.Random(seed)
    paragraphs = assemble_prose(1.7)
    names = ["Jordan", "Paris", "Michael", "Savannah", "Dallas", "Malte", "Chelsea", "Priya", "Florence", "Austin"]
    sources = ["google", "Facebook", "fb", "newsletter", "linkedin", "tiktok", "x", "twitter"]
    mediums = ["cpc", "Paid Social", "paid-social", "email", "social", "cpv"]
    out = ["---\nchannel: meta\ncampaign: 2026-q4_black-friday\n---\n# Black Friday deck\n"]
    size, goal, i = 0, megabytes * 1_000_000, 0
    while size < goal:
        i += 1
        medium = rng.choice(mediums).replace(" ", rng.choice(["%20", "+", " "]))
        link = (f"https://www.fjordline.example/p/{rng.randrange(500)}?utm_source={rng.choice(sources)}&utm_medium={medium}"
                f"&utm_campaign=2026-q4_black-friday&utm_content=ad-{i % 50}")
        if rng.random() < 0.05:
            link += "&gclid=abc123"
        kind = rng.random()
        if kind < 0.4:
            part = (f"## Ad {i}: carousel\n\n### Primary text\n{rng.choice(paragraphs)[:300]} Up to {rng.randrange(10, 60)}% off! "
                    f"Hi {rng.choice(names)}, call +49 40 5550 {rng.randrange(1000, 9999)} or mail jo{i}@example.com.\n\n"
                    f"### Headline\nBLACK FRIDAY at Fjordline: {rng.choice(['tents', 'bags', 'jackets'])} \U0001f389\U0001f389\n\n### Link\n{link}\n\n")
            if rng.random() < 0.5:
                part += "### Disclaimer\nTerms apply.\n\n"
        elif kind < 0.7:
            part = (rng.choice(paragraphs) + f"\n\nVisit Paris or {rng.choice(names)} this summer: [shop]({link}). "
                    f"IBAN DE89370400440532013000 card 4111 1111 1111 1111 from 192.168.{i % 255}.{i % 200}\n\n")
        elif kind < 0.85:
            rows = "".join(f"| Headline {j} for {rng.choice(names)} | Save {j * 5}% on sale items today | {link} |\n" for j in range(rng.randrange(2, 8)))
            part = "| Headline | Description | Final URL |\n|---|---|---|\n" + rows + "\n"
        else:
            part = "".join(f"- Item {i}-{j}: {link}\n" for j in range(30)) + "\n"
        out.append(part)
        size += len(part.encode())
    return "".join(out)


def big_file(megabytes: float) -> None:
    workspace = REPO / "examples" / "workspace"
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        for size in (megabytes / 9, megabytes):
            file = Path(tmp) / "deck.md"
            file.write_text(big_deck(size), encoding="utf-8")
            real = file.stat().st_size / 1e6
            argv = [sys.executable, "-m", "mops", "-w", str(workspace), "lint", "--jobs", "1", "--format", "json",
                    "-o", str(Path(tmp) / "out.json"), str(file)]
            start = time.perf_counter()
            subprocess.run(argv, env=env, capture_output=True, check=False)
            seconds = time.perf_counter() - start
            findings = len(json.loads((Path(tmp) / "out.json").read_text())["findings"])
            print(f"mops lint of a {real:.1f} MB Markdown deck (ads, prose, tables, links; one process, every rule): "
                  f"{seconds:.1f} s = {real / seconds:.2f} MB/s, {findings:,} findings")


def suppressions(count: int, repeat: int) -> None:
    from mops.lint.runner import LintOptions, run_lint
    from mops.workspace import load_workspace

    bad = "https://shop.example/?utm_source=Google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale"
    text = "".join(
        f"<!-- mops: disable-next-line UTM006 -->\n- [x]({bad}&utm_content=c{i})\n- [y]({bad}&utm_content=d{i})\n" for i in range(count)
    )
    ws = load_workspace(REPO / "examples" / "workspace")
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run_lint(ws, [], LintOptions(select=["UTM", "MOPS"], stdin_text=text, stdin_filename="s.md"))
        samples.append(time.perf_counter() - start)
    print(f"lint of {count:,} suppressions and {2 * count:,} findings in one file: {statistics.median(samples):.2f} s median of {repeat}")


def open_brackets(count: int, repeat: int) -> None:
    from mops.lint.links import find_urls

    text = "a <https://x.example/p?utm_source=google b\n" * count
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        find_urls(text, "markdown")
        samples.append(time.perf_counter() - start)
    print(f"finding {count:,} links each after an unclosed '<': {statistics.median(samples):.2f} s median of {repeat}")


def sheets(rows: int, repeat: int) -> None:
    from mops.lint.links import find_urls
    from mops.lint.sheets import sheet_cells, sheet_column_values

    urls = make_urls(rows, False)
    plain = "Campaign,Ad group,Final URL\n" + "".join(f"2026-q2_spring-sale,g,{u}\n" for u in urls)
    texts = {
        "plain": plain,
        "plain, CRLF and a blank line": plain.replace("\n", "\r\n") + "\r\n",
        "quoted": "Campaign,Ad group,Final URL\n" + "".join(f'"2026-q2_spring-sale","g, h",{u}\n' for u in urls),
    }
    parts = {"links": lambda text: find_urls(text, "csv"), "cells": lambda text: sheet_cells(text, "csv"),
             "column values": lambda text: sheet_column_values(text, "csv", 0)}
    for label, text in texts.items():
        figures = []
        for part, read in parts.items():
            samples = []
            for _ in range(repeat):
                start = time.perf_counter()
                read(text)
                samples.append(time.perf_counter() - start)
            figures.append(f"{part} {statistics.median(samples) * 1000:,.0f} ms")
        print(f"reading a {rows:,}-row sheet ({label}), median of {repeat}: " + ", ".join(figures), flush=True)


def throughput(args: argparse.Namespace) -> None:
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
