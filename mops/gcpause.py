"""The one place that pauses Python's cyclic garbage collector."""

from __future__ import annotations

import gc


def pause_cyclic_gc() -> None:
    """Turn the cyclic collector off for the rest of this process, its end included.

    Why: a lint builds hundreds of thousands of small objects (links, findings, report dicts) and
    keeps them until its report is written; none is in a reference cycle, and reference counting
    frees them as usual. The collector finds nothing among them, but every collection scans them
    all, and there are more collections the more objects there are: it cost more than the work.
    Measured on benchmarks/lint_urls.py's corpus (200,000 links, 86,798 findings, one process,
    2-core machine): the lint 4.8 s with the collector, 2.3 s without; writing its SARIF 4.5 s
    and 1.8 s. At the process's end the interpreter collects once more whatever the setting:
    `gc.freeze` at exit spares that last scan of everything the lint left behind (0.6 -> 0.3 s).
    Off from the start rather than paused around the lint and its report, it also spares the
    imports' collections (`mops --help` 163 -> 151 ms, benchmarks/startup.py) and the collection
    of everything the lint had built that followed the re-enabling (0.29 s after the lint above,
    which took 1.9 s: lint_urls.py --only throughput, one core, went 86,000 -> 96,000 links/s).

    Called once per process, by its owner: `mops.cli.main` for a `mops` command, and the
    benchmarks that call the domain functions directly. Not by library code: a long-lived process
    (a server) keeps its collector, and a command that becomes one turns it back on
    (`resume_cyclic_gc`).
    """
    import atexit

    gc.disable()
    atexit.register(gc.freeze)


def resume_cyclic_gc() -> None:
    """Turn the cyclic collector back on: for a command that becomes a long-lived process (`mops
    serve`), whose requests build and drop objects for as long as it runs, cycles among them included."""
    gc.enable()
