"""Start-up time of mops commands, as ratios to `python -c pass`.

Usage: python benchmarks/startup.py [--runs 21]
Prints the median wall and CPU time of each command over N rounds and its ratio to a bare
interpreter measured in the same rounds.
Goals: `mops --version` <= 6x, `mops --help` and `mops lint` of one small file well under 250 ms.

Commands run as an installed mops does, with Python's bytecode cache: PYTHONDONTWRITEBYTECODE is
dropped from their environment (some shells and containers set it), or every run would time the
compiling of mops's modules rather than mops (about 45 ms of `mops lint`).
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


def run_environment() -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(cases: list[tuple[str, list[str], Path]], runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall seconds, CPU seconds) of each case over `runs` rounds.

    Round-robin, a run of each case per round, so that the bare interpreter is measured in the
    same minute as the commands: on a machine shared with others, load moves every figure, and a
    ratio of figures taken minutes apart measures the load. CPU time (user + system of the child)
    moves less with load than wall time does."""
    import resource

    env = run_environment()
    wall: dict[str, list[float]] = {label: [] for label, _, _ in cases}
    cpu: dict[str, list[float]] = {label: [] for label, _, _ in cases}
    for _ in range(runs):
        for label, argv, cwd in cases:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            wall[label].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[label].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {label: (statistics.median(wall[label]), statistics.median(cpu[label])) for label in wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "ad.md"
        sample.write_text("Shop now: https://www.example.com/?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale\n")
        cases = [
            ("python -c pass", [py, "-c", "pass"], REPO),
            ("mops --version", [py, "-m", "mops", "--version"], REPO),
            ("mops --help", [py, "-m", "mops", "--help"], REPO),
            ("mops schema (list)", [py, "-m", "mops", "schema"], REPO),
            ("mops config show (example workspace)", [py, "-m", "mops", "-w", str(REPO / "examples" / "workspace"), "config", "show"], REPO),
        ]
        lint = [py, "-m", "mops", "-w", str(REPO / "examples" / "workspace"), "lint", str(sample)]
        if subprocess.run([py, "-m", "mops", "lint", "--help"], capture_output=True, check=False).returncode == 0:
            cases.append(("mops lint one small file", lint, REPO))
        # warm the OS cache and the workspace config cache once
        for _, argv, cwd in cases:
            subprocess.run(argv, cwd=cwd, capture_output=True, check=False)
        figures = measure(cases, args.runs)
        base_wall, base_cpu = figures["python -c pass"]
        print(f"{'command':<40} {'median ms':>10} {'x python -c pass':>18} {'CPU ms':>8} {'CPU x':>7}")
        for label, (wall, cpu) in figures.items():
            print(f"{label:<40} {wall * 1000:>10.1f} {wall / base_wall:>18.2f} {cpu * 1000:>8.1f} {cpu / base_cpu:>7.2f}")


if __name__ == "__main__":
    main()
