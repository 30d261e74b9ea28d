"""`mops pacing check` for people: per plan its status, each channel's figures with a chart of
cumulative expected (`.`) against actual (`#`) spend drawn in plain text, the anomalies, the
observations with their evidence, and the proposal written."""

from __future__ import annotations

from collections.abc import Sequence

from mops.models.pacing import ChannelPacing, PacingReport

STATUS_WORDS = {
    "on_track": "ON TRACK", "under": "UNDER", "over": "OVER", "not_judged": "NOT JUDGED",
    "not_started": "NOT STARTED", "ended": "ENDED", "no_data": "NO DATA",
}
CHART_WIDTH = 48
CHART_HEIGHT = 8


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


def chart_lines(channel: ChannelPacing, *, width: int = CHART_WIDTH, height: int = CHART_HEIGHT) -> list[str]:
    """Cumulative expected (.) and actual (#) spend over the flight, one column per day (days sampled
    when the flight is longer than `width`); where both fall in one cell, actual is drawn."""
    series = channel.series
    if not series:
        return []
    if len(series) >= width:
        columns = width
        picked = [series[round(i * (len(series) - 1) / (columns - 1))] for i in range(columns)]
    else:  # a short flight: each day as wide as fits
        per_day = max(1, width // len(series))
        picked = [point for point in series for _ in range(per_day)]
        columns = len(picked)
    top = max([channel.budget, *(p.expected for p in series), *(p.actual or 0.0 for p in series)]) or 1.0
    grid = [[" "] * columns for _ in range(height)]

    def row_of(value: float) -> int:
        return min(height - 1, int(round(value / top * (height - 1))))

    for x, point in enumerate(picked):
        grid[row_of(point.expected)][x] = "."
        if point.actual is not None:
            grid[row_of(point.actual)][x] = "#"
    label_width = max(len(_money(top)), 4)
    lines = []
    for level in range(height - 1, -1, -1):
        label = _money(top) if level == height - 1 else "0" if level == 0 else ""
        lines.append(f"      {label:>{label_width}} |" + "".join(grid[level]).rstrip())
    first, last = series[0].date, series[-1].date
    axis = first + " " * max(1, columns - len(first) - len(last)) + last if columns >= len(first) + len(last) + 1 else f"{first}..{last}"
    lines.append(f"      {'':>{label_width}} +" + "-" * columns)
    lines.append(f"      {'':>{label_width}}  {axis}")
    return lines


def _evidence_lines(evidence: list, shown: set[str]) -> list[str]:
    """Up to two lines of evidence; a query already printed for the plan is named, not repeated."""
    lines = []
    for item in evidence[:2]:
        described = item.describe()
        if not described:
            continue
        if item.kind == "query" and described in shown:
            described = "query: the same as above"
        elif item.kind == "query":
            shown.add(described)
        lines.append(f"        {described}")
    return lines


def report_text(report: PacingReport, *, chart: bool = True) -> str:
    shown: set[str] = set()
    where = f"day {report.day} of {report.days}" if report.day else f"{report.days}-day flight"
    through = f", data through {report.data_through}" if report.data_through else ""
    lines = [f"{report.campaign}: {STATUS_WORDS[report.status]} on {report.as_of} ({where}{through}; {report.plan})"]
    for channel in report.channels:
        pace = f"pace {channel.pace:.2f}" if channel.pace is not None else "pace -"
        lines.append(
            f"  {channel.channel:<14} {STATUS_WORDS[channel.status]:<10} budget {_money(channel.budget)} {report.currency}, "
            f"expected {_money(channel.expected_to_date)}, actual {_money(channel.actual_to_date)}, {pace}, projected {_money(channel.projected)}"
        )
        extra = []
        if channel.data_through is not None and channel.data_through != report.data_through:
            extra.append(f"counted to {channel.data_through}, its own data's last day")
        if channel.days_of_budget_left is not None:
            extra.append(f"{channel.days_of_budget_left:g} days of budget left at the current rate")
        if channel.cpa is not None:
            extra.append(f"CPA {_money(channel.cpa)}")
        if channel.roas is not None:
            extra.append(f"ROAS {channel.roas:.2f}")
        if extra:
            lines.append("  " + " " * 15 + ", ".join(extra))
        if chart and report.status != "not_started":
            lines += chart_lines(channel)
    if report.channels and chart and report.status != "not_started":
        lines.append("      (. expected, # actual, cumulative)")
    if report.anomalies:
        lines.append("  anomalies:")
        for anomaly in report.anomalies:
            lines.append(f"    ! {anomaly.kind}: {anomaly.statement}")
            lines += _evidence_lines(anomaly.evidence, shown)
    if report.observations:
        lines.append("  observations:")
        for observation in report.observations:
            mark = {"error": "x", "warning": "!", "info": "-"}[observation.severity.value]
            lines.append(f"    {mark} {observation.statement}")
            lines += _evidence_lines(observation.evidence, shown)
    if report.proposal:
        lines.append(f"  proposal: {report.proposal} (a gatekeeper approves it: mops approve {report.proposal})")
    return "\n".join(lines) + "\n"


def reports_text(reports: Sequence[PacingReport], *, chart: bool = True) -> str:
    if not reports:
        return "no plan is in flight on the day checked (--all checks the plans whose flight includes it)\n"
    counts: dict[str, int] = {}
    for report in reports:
        counts[report.status] = counts.get(report.status, 0) + 1
    tally = ", ".join(f"{n} {STATUS_WORDS[s].lower()}" for s, n in counts.items())
    anomalies = sum(len(r.anomalies) for r in reports)
    body = "\n".join(report_text(r, chart=chart) for r in reports)
    return f"{body}\n{len(reports)} plan{'s' if len(reports) != 1 else ''} checked: {tally}" + (f"; {anomalies} anomal{'ies' if anomalies != 1 else 'y'}" if anomalies else "") + "\n"
