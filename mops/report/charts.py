"""The review's charts as PNG bytes: spend against plan over the flight (the pacing chart of the
whole flight, `mops.pacing.chart.render_chart`) and ROAS by channel against the target.

matplotlib is the optional `chart` extra, imported only here and only when a review is rendered
(`require_matplotlib`, as the pacing chart does); without it `chart_images` says why the charts were
left out and the review renders without them."""

from __future__ import annotations

import io
from typing import Any, NamedTuple

from mops.errors import ConfigError
from mops.models.review import ReviewReport

TITLES = {"spend": "Spend against plan over the flight", "roas": "ROAS by channel"}


class ChartImage(NamedTuple):
    name: str  # spend | roas
    png: bytes


def chart_images(report: ReviewReport) -> tuple[list[ChartImage], str | None]:
    """The charts the review's figures allow, and why charts were left out (None when drawn)."""
    from mops.pacing.chart import require_matplotlib

    try:
        require_matplotlib()
    except ConfigError as exc:
        return [], exc.message
    images = []
    if report.flight is not None and any(c.series for c in report.flight.channels):
        from mops.pacing.chart import render_chart

        images.append(ChartImage("spend", render_chart([report.flight], "png")))
    measured = [c for c in report.channels if c.roas is not None]
    if measured:
        images.append(ChartImage("roas", _roas_chart(report, measured)))
    return images, None


def _roas_chart(report: ReviewReport, channels: list[Any]) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.size": 9}):
        figure = Figure(figsize=(6.4, 3.4), dpi=100, layout="constrained")
        FigureCanvasAgg(figure)
        ax = figure.subplots()
        names = [c.channel for c in channels]
        bars = ax.bar(names, [c.roas for c in channels], color=[f"C{i % 10}" for i in range(len(channels))])
        ax.bar_label(bars, labels=[f"{c.roas:.2f}" for c in channels], padding=2, fontsize=8)
        target = next((t.target for t in report.targets if t.metric == "roas"), None)
        if target is not None:
            ax.axhline(target, color="0.3", linestyle="--", linewidth=1.2)
            ax.annotate(f"target {target:.2f}", xy=(1, target), xycoords=("axes fraction", "data"), xytext=(-3, 3),
                        textcoords="offset points", fontsize=8, color="0.3", ha="right")
        ax.set_title(f"{report.campaign}: ROAS by channel, {report.start} to {min(report.as_of, report.end)}", fontsize=10, loc="left")
        ax.set_ylabel("ROAS (conversion value / spend)")
        ax.set_ylim(bottom=0)
        ax.grid(True, axis="y", color="0.9", linewidth=0.6)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": "mops"})
    return buffer.getvalue()
