"""`mops serve` in a real browser: Debian's Chromium, headless, opens the real server's pages.

The DOM it builds holds the queue's table and the campaign's chart as a figure (an image, not
escaped text), no script at all, and the screenshot it takes shows the chart's curves in
matplotlib's colours. Skipped only where no browser can be installed; `.ci/run` installs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from serve_support import copy_example, full_workspace, running_server, server_env

# matplotlib's first two colours (C0 blue, C1 orange): paid search and paid social in the chart;
# nothing else on the page is drawn in them
CHART_COLOURS = {"C0": (31, 119, 180), "C1": (255, 127, 14)}


def _chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found:
        return found
    if shutil.which("apt-get") and getattr(os, "geteuid", lambda: 1)() == 0:
        pytest.fail("Chromium is not installed, and it can be here: apt-get install -y chromium (.ci/run does)")
    pytest.skip("no Chromium here and none can be installed (no apt-get, or not root to run it): "
                "this test runs where Debian's chromium package is installed, as .ci/run does")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    cache = tmp_path_factory.mktemp("browser-cache")
    ws = full_workspace(copy_example(tmp_path_factory.mktemp("browser") / "workspace"), cache)
    with running_server(ws, cache) as url:
        yield url


def _browse(tmp_path: Path, *args: str) -> str:
    """Run headless Chromium with a fresh profile; its standard output."""
    command = [
        _chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}", *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_browser_builds_the_queue_and_the_chart_as_figures(served: str, tmp_path: Path) -> None:
    queue = _browse(tmp_path, "--dump-dom", served + "/")
    assert '<table id="queue">' in queue
    assert "mops approve briefs/2027-q2_spring-sale.md" in queue
    campaign = _browse(tmp_path, "--dump-dom", served + "/campaigns/2026-q4_black-friday?as_of=2026-12-03")
    assert '<figure id="pacing-chart">' in campaign
    assert '<img src="data:image/svg+xml;base64,' in campaign
    assert '<table id="pacing-channels">' in campaign
    assert "<script" not in queue.lower() and "<script" not in campaign.lower()


def test_the_screenshot_shows_the_page_and_its_chart(served: str, tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "campaign.png"
    _browse(tmp_path, f"--screenshot={shot}", "--window-size=1280,3000", served + "/campaigns/2026-q4_black-friday?as_of=2026-12-03")
    with Image.open(shot) as image:
        assert image.size == (1280, 3000)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24)  # (pixel count, colour) per colour drawn
    total = sum(count for count, _ in colours)
    not_white = sum(count for count, colour in colours if min(colour) < 235)
    assert not_white > total * 0.03, f"{not_white} non-white pixels of {total}: the page is blank"
    for name, expected in CHART_COLOURS.items():
        drawn = sum(count for count, colour in colours if all(abs(a - b) <= 12 for a, b in zip(colour, expected)))
        assert drawn > 300, f"{drawn} pixels in the chart's {name}: the chart was not drawn"


def test_the_review_page_opens_in_the_browser_with_its_figures_and_charts(tmp_path: Path) -> None:
    """`mops report review --format html`, the file itself, opened by Chromium: the figures are in
    the page it builds, and its screenshot shows the charts."""
    from PIL import Image

    from tests.test_report_review import hand_figures

    cache = tmp_path / "cache"
    ws = full_workspace(copy_example(tmp_path / "workspace"), cache)
    done = subprocess.run([sys.executable, "-m", "mops", "report", "review", "2025-q4_black-friday", "--as-of", "2026-12-06",
                           "--format", "html"], cwd=ws, capture_output=True, text=True, timeout=300,
                          env=server_env(cache))
    assert done.returncode == 0, done.stderr
    page = ws / "reviews" / "2025-q4_black-friday.html"
    dom = _browse(tmp_path, "--dump-dom", page.as_uri())
    figures = hand_figures()
    assert "Review: Black Friday 2025" in dom
    assert f"{sum(c['spend'] for c in figures.values()):,.0f} EUR" in dom
    assert f"{figures['paid_social']['spend'] / figures['paid_social']['conversions']:,.2f} EUR" in dom  # paid social's CPA
    assert dom.count('<img src="data:image/png;base64,') == 2
    shot = tmp_path / "review.png"
    _browse(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", page.as_uri())
    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24)
    total = sum(count for count, _ in colours)
    coloured = sum(count for count, colour in colours if max(colour) - min(colour) > 60)  # chart bars and lines, not text
    assert sum(count for count, colour in colours if min(colour) < 235) > total * 0.03, "the review page is blank"
    assert coloured > 2000, f"{coloured} coloured pixels: the charts were not drawn"
