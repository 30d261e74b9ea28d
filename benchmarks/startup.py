"""Start-up time of mops commands, as ratios to `python -c pass`.

Usage: python benchmarks/startup.py [--runs 21] [--against DIR]
Prints the median wall and CPU time of each command over N rounds and its ratio to a bare
interpreter measured in the same rounds.
Goals: `mops --version` <= 6x, `mops --help` and `mops lint` of one small file well under 250 ms;
`mops lint` of one small file <= 10x a bare interpreter (issue #12).

Site .pth files that import something (a sandbox's `_sandboxing_egress_ca.pth` imports certifi,
~25 ms) run in EVERY Python start, the bare interpreter's too, so on such a machine the raw ratio
flatters mops: a user's machine has no such file and a bare `python -c pass` there takes 10-12 ms.
The script lists those .pth files and also times every case "without site": `python -S` with the
same sys.path (so mops is found), which is what a start costs when no .pth runs. That bare figure
is a little below a clean machine's (site's own work, 1-2 ms, is skipped too), so the ratio
"without site" is, if anything, the harsher one.

Last measured (2-core sandbox shared with other jobs, load average about 3, `taskset -c 1 python
benchmarks/startup.py --runs 15 --against <base>`, base and change in the same rounds): `mops lint`
of one small file 364 -> 118 ms without site (25.7x -> 8.3x `python -S -c pass`, 14.2 ms; CPU
279 -> 100 ms, 23.7x -> 8.6x), after the lint stopped importing Typer (mops/commands/_direct.py),
pydantic (mops.models.plain), `regex` (terms compiled when an anchor of theirs occurs) and
OpenSSL (mops.sha), and its value records became NamedTuples. In a quieter minute an earlier
state measured 280 -> 112 ms (11.2 ms bare). What is left: docs/concepts.md, "How `mops lint`
stays fast".

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


def importing_pth_files() -> list[str]:
    """Site .pth files with `import` lines: code run in every Python start on this machine."""
    import site

    found = []
    for folder in {*site.getsitepackages(), site.getusersitepackages()}:
        for pth in sorted(Path(folder).glob("*.pth")) if Path(folder).is_dir() else []:
            lines = pth.read_text(encoding="utf-8", errors="replace").splitlines()
            if any(line.startswith(("import ", "import\t")) for line in lines):
                found.append(str(pth))
    return found


def mops_argv(source: Path, args: list[str], *, site: bool = True) -> list[str]:
    """`mops ARGS` run from the mops package in `source` (this checkout, or --against's), not
    whatever `python -m mops` would find installed. Without site: `python -S` with this sys.path."""
    launch = f"sys.path.insert(0, {str(source)!r}); sys.argv = ['mops', *sys.argv[1:]]\nfrom mops.cli import main; main()"
    if site:
        return [sys.executable, "-c", f"import sys; {launch}", *args]
    return [sys.executable, "-S", "-c", f"import sys; sys.path[:] = {_PATH!r}; {launch}", *args]


_PATH = [p for p in sys.path if p]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="also time the mops package of DIR (e.g. `git archive main | tar -x -C DIR`) in the same "
                             "rounds, for a before/after taken in the same minute")
    args = parser.parse_args()
    py = sys.executable
    workspace = str(REPO / "examples" / "workspace")
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "ad.md"
        sample.write_text("Shop now: https://www.example.com/?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale\n")
        commands = [
            ("mops --version", ["--version"]),
            ("mops --help", ["--help"]),
            ("mops brief draft --help", ["brief", "draft", "--help"]),
            ("mops schema (list)", ["schema"]),
            ("mops config show (example workspace)", ["-w", workspace, "config", "show"]),
            ("mops lint one small file", ["-w", workspace, "lint", str(sample)]),
        ]
        sources = [("", REPO)] + ([(f" @{args.against}", args.against.resolve())] if args.against else [])
        cases: list[tuple[str, list[str], Path]] = []
        for site, suffix in ((True, ""), (False, " [-S]")):
            cases.append((f"python -c pass{suffix}", [py, "-c", "pass"] if site else [py, "-S", "-c", "pass"], REPO))
            for tag, source in sources:
                cases += [(f"{label}{tag}{suffix}", mops_argv(source, argv, site=site), REPO) for label, argv in commands]
        # warm the OS cache, the bytecode caches and the workspace's validated-file cache once
        for _, argv, cwd in cases:
            subprocess.run(argv, cwd=cwd, env=run_environment(), capture_output=True, check=False)
        figures = measure(cases, args.runs)
        pth = importing_pth_files()
        print("site .pth files that import (run in every start, bare python's too):", ", ".join(pth) or "none")
        for suffix, title in (("", "as this machine starts Python (site and its .pth files)"),
                              (" [-S]", "without site (python -S, same sys.path): no .pth runs, as on a clean machine")):
            base_wall, base_cpu = figures[f"python -c pass{suffix}"]
            print(f"\n{title}")
            print(f"{'command':<60} {'median ms':>10} {'x python -c pass':>18} {'CPU ms':>8} {'CPU x':>7}")
            for label, (wall, cpu) in figures.items():
                if label.endswith(" [-S]") == bool(suffix):
                    name = label.removesuffix(suffix)
                    print(f"{name:<60} {wall * 1000:>10.1f} {wall / base_wall:>18.2f} {cpu * 1000:>8.1f} {cpu / base_cpu:>7.2f}")
        site_cost = figures["python -c pass"][0] - figures["python -c pass [-S]"][0]
        print(f"\nsite and its .pth files cost {site_cost * 1000:.1f} ms of every start here (python -c pass minus python -S -c pass)")
        for tag, _source in sources:
            lint = f"mops lint one small file{tag}"
            own = figures[lint][0] - figures["python -c pass"][0]
            own_s = figures[f"{lint} [-S]"][0] - figures["python -c pass [-S]"][0]
            print(f"{lint}: {own * 1000:.1f} ms beyond a bare start ({own_s * 1000:.1f} ms without site); "
                  "the goal, 10x a clean machine's bare start (10-12 ms), leaves 90-110 ms")


if __name__ == "__main__":
    main()
