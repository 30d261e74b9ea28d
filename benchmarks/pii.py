"""PII detection throughput: the per-document pass behind PII001-PII006.

Usage: python benchmarks/pii.py [--lines 40000] [--mb 1.0] [--runs 3]

Prints, median of `--runs` runs each:
- (a) a Markdown file of `--lines` short lines with one link each (the case issue #12 measured at
  ~3,000 links/s, "mostly in person-name detection"):
  - in process, the PII pass over the file's copy spans as lint runs it (`PiiDetector.find_in_spans`,
    one pass per document) next to one `PiiDetector.find` call per span (what lint did before);
  - the same pass over issue #12's file as `benchmarks/lint_urls.py --only short-lines` lints it
    ("- Item {i}: https://..."), the least of 7 runs, each on a document made afresh;
  - `python -m mops lint FILE` as a command, start-up included, in links/s (goal >= 100,000/s for the
    whole lint; the PII share is the first figure), and the same with `--select PII`;
- (b) English prose (`--mb` MB from the Python docs, as benchmarks/lint_copy.py assembles it) in MB/s:
  every kind, then person names alone (the copy lint's goal is >= 2 MB/s for all its rules);
- (c) digit-heavy lines (dates, prices, lot numbers: each line a phone-number candidate) in MB/s.

Subprocesses run with PYTHONDONTWRITEBYTECODE unset, as an installed mops runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def median_of(runs: int, action) -> float:  # noqa: ANN001 - a zero-argument callable
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def least_of_fresh(runs: int, make_text, detector) -> float:  # noqa: ANN001 - a text maker, a PiiDetector
    """The least time of `runs` PII passes, each over a document made afresh (no string reused)."""
    times = []
    for _ in range(runs):
        text = make_text()
        spans = copy_spans(text)
        start = time.perf_counter()
        detector.find_in_spans(text, spans)
        times.append(time.perf_counter() - start)
    return min(times)


def link_lines(count: int) -> str:
    return "".join(
        f"- Offer {i}: [see the jacket](https://shop.example/p/{i}?utm_source=google&utm_medium=cpc"
        f"&utm_campaign=2026-q2_spring-sale) today\n"
        for i in range(count)
    )


def digit_lines(count: int) -> str:
    return "".join(f"Launch {i}: on 2026-05-12 at 09:30, was 1.299,00 EUR, lot {i:07d}\n" for i in range(count))


def copy_spans(text: str) -> list[tuple[int, int]]:
    """The copy spans lint judges: the text around the links, as the copy view cuts it."""
    from mops.copy.prose import prose_segments
    from mops.lint.links import find_urls

    urls = [(u.start, u.end) for u in find_urls(text, "markdown")]
    return prose_segments(text, "markdown", urls)


def command(args: list[str], cwd: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(REPO)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mops", *args], cwd=cwd, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=40_000)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from mops.pii import PiiDetector

    detector = PiiDetector(default_region="DE")
    detector.find("warm up: Laura Smith, +49 30 1234567, laura@example.com")  # name lists, phonenumbers

    text = link_lines(args.lines)
    spans = copy_spans(text)
    one_pass = median_of(args.runs, lambda: detector.find_in_spans(text, spans))
    per_span = median_of(1, lambda: [detector.find(text[a:b]) for a, b in spans])
    print(f"(a) {args.lines:,} lines, one link each, {len(spans):,} copy spans")
    print(f"    PII pass, one per document (lint):   {one_pass:6.3f} s  {args.lines / one_pass:>12,.0f} links/s")
    print(f"    PII pass, one find() per span:       {per_span:6.3f} s  {args.lines / per_span:>12,.0f} links/s")
    from lint_urls import short_lines_text

    issue = least_of_fresh(7, lambda: short_lines_text(args.lines), detector)
    print(f"    the same over issue #12's file:      {issue:6.3f} s  {args.lines / issue:>12,.0f} links/s (least of 7)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "mops.yaml").write_text("name: bench\ndefault_region: DE\n", encoding="utf-8")
        (folder / "big.md").write_text(text, encoding="utf-8")
        command(["lint", "big.md"], folder)  # warm the user cache and bytecode
        whole = statistics.median(command(["lint", "big.md"], folder) for _ in range(args.runs))
        pii_only = statistics.median(command(["lint", "big.md", "--select", "PII"], folder) for _ in range(args.runs))
    print(f"    mops lint big.md (command):          {whole:6.3f} s  {args.lines / whole:>12,.0f} links/s")
    print(f"    mops lint big.md --select PII:       {pii_only:6.3f} s  {args.lines / pii_only:>12,.0f} links/s")

    from lint_copy import assemble_prose

    prose = "\n\n".join(assemble_prose(args.mb))
    megabytes = len(prose.encode("utf-8")) / 1e6
    names = PiiDetector(default_region="DE", kinds=["person_name"])
    every_kind = median_of(args.runs, lambda: detector.find(prose))
    names_only = median_of(args.runs, lambda: names.find(prose))
    print(f"(b) {megabytes:.2f} MB of prose")
    print(f"    every kind:                          {every_kind:6.3f} s  {megabytes / every_kind:8.2f} MB/s")
    print(f"    person names only:                   {names_only:6.3f} s  {megabytes / names_only:8.2f} MB/s")

    digits = digit_lines(5_000)
    dmb = len(digits.encode("utf-8")) / 1e6
    phones = median_of(args.runs, lambda: detector.find(digits))
    print(f"(c) {dmb:.2f} MB of dates, prices and lot numbers, a phone candidate a line")
    print(f"    every kind:                          {phones:6.3f} s  {dmb / phones:8.2f} MB/s")


if __name__ == "__main__":
    main()
