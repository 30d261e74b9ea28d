"""`mops pacing check --chart`: the chart as PNG or SVG (mops/pacing/chart.py). Needs the `chart`
extra (matplotlib), which the `test` extra installs; the message without it is tested in a process
where matplotlib cannot be imported."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mops.errors import MopsError, UsageError
from mops.models.pacing import ChannelPacing, DayPoint, PacingReport

ROOT = Path(__file__).resolve().parents[1]


def _series(days: int, per_day: float, actual_per_day: float, known: int) -> list[DayPoint]:
    return [
        DayPoint(date=f"2026-11-{d:02d}", expected=per_day * d, actual=actual_per_day * d if d <= known else None)
        for d in range(1, days + 1)
    ]


def _report(campaign: str = "2026-q4_winter-gear", as_of: str = "2026-11-04") -> PacingReport:
    return PacingReport(
        campaign=campaign, plan=f"plans/{campaign}.yaml", as_of=as_of, status="under", currency="EUR", day=4, days=14,
        channels=[
            ChannelPacing(channel="paid_search", budget=14000, expected_to_date=4000, actual_to_date=4100,
                          status="on_track", series=_series(14, 1000, 1025, 4)),
            ChannelPacing(channel="paid_social", budget=7000, expected_to_date=2000, actual_to_date=1200,
                          status="under", series=_series(14, 500, 300, 4)),
        ],
    )


def _not_started() -> PacingReport:
    return PacingReport(campaign="2027-q1_ski-touring", plan="plans/2027-q1_ski-touring.yaml", as_of="2026-11-04",
                        status="not_started", currency="EUR", days=30)


def test_png_is_a_real_image_with_something_drawn(tmp_path):
    import matplotlib.image as mpimg

    from mops.pacing.chart import write_chart

    target = tmp_path / "pacing.png"
    write_chart([_report()], target)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")  # the IHDR chunk
    assert (width, height) == (640, 400)  # one panel: 6.4 x (3.4 + 0.6) inches at 100 dpi
    pixels = mpimg.imread(str(target))
    assert pixels.shape[:2] == (height, width)
    assert pixels[..., :3].std() > 0.05  # not blank: lines, text and axes on white
    colours = {tuple(round(float(c), 2) for c in pixel[:3]) for pixel in pixels.reshape(-1, pixels.shape[-1])[::7]}
    assert len(colours) > 20
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left beside it


def test_svg_parses_and_names_the_campaign_channels_and_day(tmp_path):
    from mops.pacing.chart import write_chart

    target = tmp_path / "pacing.svg"
    write_chart([_report(), _report("2026-q4_gift-guide"), _not_started()], target)
    root = ET.parse(target).getroot()
    assert root.tag.endswith("svg")
    text = " ".join(t for element in root.iter() for t in [element.text or ""] if t.strip())
    for word in ("2026-q4_winter-gear", "2026-q4_gift-guide", "2027-q1_ski-touring", "paid_search expected",
                 "paid_search actual", "paid_social expected", "paid_social actual", "as of 2026-11-04", "spend (EUR)"):
        assert word in text, word
    again = tmp_path / "again.svg"
    write_chart([_report(), _report("2026-q4_gift-guide"), _not_started()], again)
    assert again.read_bytes() == target.read_bytes()  # the same reports give the same file


def test_many_plans_fit_in_a_grid_and_no_plans_is_a_chart_saying_so(tmp_path):
    from mops.pacing.chart import write_chart

    many = tmp_path / "many.png"
    write_chart([_report(f"2026-q4_plan-{i:02d}") for i in range(5)], many)
    data = many.read_bytes()
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1280, 1080)  # 2 columns x 3 rows
    empty = tmp_path / "empty.svg"
    write_chart([], empty)
    assert "no plans to chart" in empty.read_text(encoding="utf-8")


def test_an_unknown_suffix_or_a_missing_folder_is_a_clear_error_and_writes_nothing(tmp_path):
    from mops.pacing.chart import write_chart

    for name in ("pacing.pdf", "pacing"):
        with pytest.raises(UsageError) as caught:
            write_chart([_report()], tmp_path / name)
        assert "PNG or SVG" in caught.value.message and "pacing.png" in (caught.value.hint or "")
    with pytest.raises(UsageError, match="does not exist"):
        write_chart([_report()], tmp_path / "no" / "such" / "pacing.png")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_previous_chart_as_it_was(tmp_path):
    from mops.pacing.chart import write_chart

    target = tmp_path / "pacing.png"
    write_chart([_report()], target)
    before = target.read_bytes()
    broken = _report()
    broken.channels[1].series[5].date = "2026-11-31"  # no such day: drawing fails half-way through the panels
    with pytest.raises(ValueError):
        write_chart([broken], target)
    assert target.read_bytes() == before
    assert list(tmp_path.iterdir()) == [target]


RUNNER = """
import sys
sys.modules["matplotlib"] = None  # `import matplotlib` now raises ImportError, as when it is not installed
from pathlib import Path
from mops.errors import MopsError
from mops.models.pacing import PacingReport
from mops.pacing.chart import write_chart
report = PacingReport(campaign="c", plan="plans/c.yaml", as_of="2026-11-04", status="on_track", currency="EUR", days=3)
try:
    write_chart([report], Path(sys.argv[1]))
except MopsError as exc:
    print(type(exc).__name__, exc.exit_code, exc.message, sep="|")
"""


def test_without_matplotlib_the_error_says_how_to_install_it(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    target = tmp_path / "pacing.png"
    done = subprocess.run([sys.executable, "-c", RUNNER, str(target)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    kind, code, message = done.stdout.strip().split("|")
    assert issubclass(getattr(__import__("mops.errors", fromlist=[kind]), kind), MopsError)
    assert code == "2"
    assert message == "charts need matplotlib: pip install 'mops[chart]'"
    assert not target.exists()


def test_without_matplotlib_the_pacing_command_exits_2_with_that_message(tmp_path):
    """Through the real CLI in a process whose sitecustomize blocks matplotlib."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text("import sys\nsys.modules['matplotlib'] = None\n", encoding="utf-8")
    workspace = tmp_path / "ws"
    (workspace / "plans").mkdir(parents=True)
    (workspace / "mops.yaml").write_text("version: 1\nname: Test\ncurrency: EUR\n", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join([str(site), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "mops", "pacing", "check", "--all", "--chart", "pacing.png"],
                          capture_output=True, text=True, env=env, cwd=workspace, timeout=120)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "charts need matplotlib: pip install 'mops[chart]'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (workspace / "pacing.png").exists()


def test_matplotlib_is_imported_only_when_a_chart_is_drawn():
    code = "import sys, mops.pacing.chart; print('matplotlib' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.stdout.strip() == "False", done.stderr

