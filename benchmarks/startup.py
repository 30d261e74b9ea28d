"""Start-up time of mops commands, as ratios to `python -c pass`.

Usage: python benchmarks/startup.py [--runs 21]
Prints the median wall time of each command over N runs and its ratio to a bare interpreter.
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


def median_seconds(argv: list[str], runs: int, cwd: Path) -> float:
    env = run_environment()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


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
        base = median_seconds(cases[0][1], args.runs, REPO)
        print(f"{'command':<40} {'median ms':>10} {'x python -c pass':>18}")
        for label, argv, cwd in cases:
            value = base if label == "python -c pass" else median_seconds(argv, args.runs, cwd)
            print(f"{label:<40} {value * 1000:>10.1f} {value / base:>18.2f}")


if __name__ == "__main__":
    main()
