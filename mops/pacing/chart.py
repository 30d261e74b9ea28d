"""`mops pacing check --chart FILE.png|FILE.svg`: cumulative expected against actual spend, as a file.

One panel per plan, one colour per channel: the expected curve dashed, actual spend solid (it
stops at the last day history holds), the day judged (`as_of`) a vertical line; each panel titled
with the campaign, the day and the plan's status. matplotlib draws it (an optional extra:
`pip install 'mops[chart]'`), imported only here and only when a chart is asked for, on its Agg
canvas (no display, no global backend switch: no `pyplot`). The file is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mops.errors import ConfigError, UsageError
from mops.models.pacing import PacingReport

FORMATS = {".png": "png", ".svg": "svg"}
MISSING = "charts need matplotlib: pip install 'mops[chart]'"
_PANEL_SIZE = (6.4, 3.4)  # inches per panel
_MAX_PIXELS = 16000  # a PNG of 200 plans stays an image viewers open (dpi lowered to fit)


def check_chart_path(path: Path) -> str:
    """The format for `path` (png or svg); a UsageError for another suffix or a folder that does not
    exist, a ConfigError when matplotlib is missing. Cheap: call it before doing the work the chart shows."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"--chart {path}: charts are written as PNG or SVG, not {path.suffix or 'a file without a suffix'}",
            hint=f"name the file {path.with_suffix('.png').name} or {path.with_suffix('.svg').name}",
        )
    if path.is_dir():
        raise UsageError(f"--chart {path} is a folder", hint=f"name the file to write inside it, e.g. {path / ('pacing.' + fmt)}")
    parent = path.absolute().parent
    if not parent.is_dir():
        raise UsageError(f"--chart {path}: the folder {parent} does not exist",
                         hint=f"create it first (mkdir -p {parent}), or write somewhere that exists")
    require_matplotlib()
    return fmt


def require_matplotlib() -> Any:
    """matplotlib, imported now (`mops report review` draws its charts with it too); a ConfigError
    saying how to install it when it is missing."""
    try:
        import matplotlib
    except ImportError:
        raise ConfigError(MISSING, hint="or run without --chart: the text output draws the same chart in the terminal") from None
    return matplotlib


def write_chart(reports: Sequence[PacingReport], path: Path) -> None:
    """Draw `reports` (one panel each) to `path`, PNG or SVG by its suffix, atomically."""
    from mops.fsutil import atomic_write_bytes

    path = Path(path)
    fmt = check_chart_path(path)
    atomic_write_bytes(path, render_chart(reports, fmt))


def render_chart(reports: Sequence[PacingReport], fmt: str = "png") -> bytes:
    """The chart's bytes in `fmt` (png or svg)."""
    matplotlib = require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    panels = max(1, len(reports))
    columns = 1 if panels == 1 else 2
    rows = math.ceil(panels / columns)
    size = (_PANEL_SIZE[0] * columns, _PANEL_SIZE[1] * rows + 0.6)
    dpi = min(100.0, _MAX_PIXELS / size[1])
    # svg.fonttype none: text stays text in the SVG (searchable, readable by tests and screen readers);
    # a fixed hash salt and no date: the same reports give the same bytes.
    settings = {"svg.fonttype": "none", "svg.hashsalt": "mops-pacing", "font.size": 9}
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=size, dpi=dpi, layout="constrained")
        FigureCanvasAgg(figure)
        figure.suptitle("Pacing: cumulative spend, expected (dashed) against actual (solid)", fontsize=11)
        axes = figure.subplots(rows, columns, squeeze=False)
        for index, ax in enumerate(axes.flat):
            if index >= len(reports):
                if reports:
                    ax.set_visible(False)
                else:
                    _empty(ax, "no plans to chart")
                continue
            _panel(ax, reports[index])
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": "mops"}
        figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _panel(ax: Any, report: PacingReport) -> None:
    ax.set_title(f"{report.campaign}: as of {report.as_of} ({report.status.replace('_', ' ')})", fontsize=10, loc="left")
    drawn = False
    for number, channel in enumerate(report.channels):
        if not channel.series:
            continue
        colour = f"C{number % 10}"
        days = [_day(point.date) for point in channel.series]
        ax.plot(days, [point.expected for point in channel.series], linestyle="--", color=colour, linewidth=1.3,
                label=f"{channel.channel} expected")
        actual = [(day, point.actual) for day, point in zip(days, channel.series) if point.actual is not None]
        if actual:
            ax.plot([d for d, _ in actual], [v for _, v in actual], linestyle="-", color=colour, linewidth=2,
                    label=f"{channel.channel} actual")
        drawn = True
    if not drawn:
        _empty(ax, "no spend curve to draw (" + (report.status.replace("_", " ")) + ")")
        return
    as_of = _day(report.as_of)
    ax.axvline(as_of, color="0.35", linestyle=":", linewidth=1.2)
    ax.annotate(f"as of {report.as_of}", xy=(as_of, 0), xycoords=("data", "axes fraction"), xytext=(3, 4),
                textcoords="offset points", fontsize=8, color="0.3")
    ax.set_ylabel(f"spend ({report.currency})")
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(lambda value, _position: f"{value:,.0f}")
    ax.grid(True, color="0.9", linewidth=0.6)
    ax.legend(fontsize=7, loc="upper left", frameon=False)
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _empty(ax: Any, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])


__all__ = ["FORMATS", "MISSING", "check_chart_path", "render_chart", "require_matplotlib", "write_chart"]

