"""Writing a review: the playbook `review/campaign-review.md.j2` (or `.html.j2`) rendered in Jinja's
sandbox, its charts as PNG files beside the Markdown (inline `data:` images in HTML), and with
`record` the lesson; every file written all or none.

The bundled templates live in the repository's `playbooks/review/` (installed with the other
playbooks); a workspace's `playbooks/review/` holds its own, overriding the bundled ones by name, as
its brief playbooks do. HTML is rendered with autoescaping: every value is escaped.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path
from typing import Any

from mops.errors import InputError
from mops.models.review import Chart, ReviewReport

FORMATS = ("md", "html")
REVIEW_FOLDER = "review"  # under the playbooks folders
TEMPLATES = {"md": "campaign-review.md.j2", "html": "campaign-review.html.j2"}
SUFFIXES = {"md": (".md", ".markdown"), "html": (".html", ".htm")}
_HINT = ("review templates see review (`mops schema review`), charts (name -> image source), charts_left_out, workspace "
         "and the helpers money, number, percent")


def review_target(ws: Any, report: ReviewReport, fmt: str, out: Path | None) -> Path:
    """Where the review goes: `out` (inside the workspace), else reviews/<campaign>.md|html."""
    if out is None:
        return ws.path(ws.config.paths.reviews) / f"{report.campaign}.{fmt}"
    target = Path(out).absolute()
    if not target.resolve().is_relative_to(ws.root.resolve()):
        raise InputError("--out is outside the workspace", path=str(out), hint=f"write the review inside the workspace ({ws.root}), e.g. {ws.config.paths.reviews}/{report.campaign}.{fmt}")
    if target.is_dir():
        raise InputError("--out is a folder", path=str(out), hint=f"name the file, e.g. {Path(out) / (report.campaign + '.' + fmt)}")
    if target.suffix.lower() not in SUFFIXES[fmt]:
        raise InputError(f"--out must name a {' or '.join(SUFFIXES[fmt])} file for --format {fmt}", path=str(out),
                         hint=f"e.g. {Path(out).with_suffix(SUFFIXES[fmt][0])}")
    return target


def check_targets(ws: Any, paths: list[Path]) -> None:
    """Refuse to replace a file outside the reviews folder: --out names where a review goes, and a
    plan, mops.yaml or the history database there would be destroyed. Under reviews/ a review (and
    its charts) is written anew."""
    reviews = ws.path(ws.config.paths.reviews).resolve()
    for path in paths:
        if path.exists() and not path.resolve().is_relative_to(reviews):
            raise InputError(
                "a file is already there; a review never replaces a file outside the reviews folder", path=ws.relative(path),
                hint=f"give --out a new file, or write under {ws.config.paths.reviews}/ (the default), where a review is written anew",
            )


def template_folders(ws: Any) -> list[Path]:
    """The workspace's review templates first, then the bundled ones."""
    from mops.brief.playbooks import bundled_folder, workspace_folder

    own = workspace_folder(ws)
    folders = [f / REVIEW_FOLDER for f in (own, bundled_folder()) if f is not None]
    return [f for f in folders if f.is_dir()]


def write_review(
    ws: Any, report: ReviewReport, *, fmt: str = "md", out: Path | None = None, record: bool = False, today: dt.date | None = None,
) -> ReviewReport:
    """Render the review (and its charts), and with `record` its lesson, then write them all or none.
    Returns the report with `charts` and `written` filled in."""
    from mops.fsutil import atomic_write_all

    if fmt not in FORMATS:
        raise InputError(f"unknown review format {fmt!r}", hint=f"choose one of: {', '.join(FORMATS)}")
    target = review_target(ws, report, fmt, out)
    files: list[tuple[Path, bytes]] = []
    if record:
        from mops.report.lessons import check_lesson_target, lesson_text

        check_lesson_target(ws, report)
        lesson, text = lesson_text(ws, report, today=today or dt.date.today())
        files.append((lesson, text.encode("utf-8")))
    text, chart_files = render_review(ws, report, fmt, target)
    files = [(target, text.encode("utf-8")), *files, *chart_files]
    check_targets(ws, [target, *(path for path, _ in chart_files)])
    atomic_write_all(files)
    report.written = [ws.relative(path) for path, _ in files]
    return report


def render_review(ws: Any, report: ReviewReport, fmt: str, target: Path) -> tuple[str, list[tuple[Path, bytes]]]:
    """The review's text in `fmt` and, for Markdown, its chart files beside `target` (HTML holds them
    inline); fills in `report.charts`. Nothing is written: `write_review` writes, the team's page
    (`mops serve`) shows the HTML."""
    from mops.report.charts import TITLES, chart_images

    images, left_out = chart_images(report)
    sources: dict[str, str] = {}
    files: list[tuple[Path, bytes]] = []
    report.charts = []
    query_of = {"spend": "daily", "roas": "by_channel"}
    for image in images:
        if fmt == "html":
            sources[image.name] = "data:image/png;base64," + base64.b64encode(image.png).decode("ascii")
            report.charts.append(Chart(name=image.name, title=TITLES[image.name], query=query_of[image.name]))
        else:
            path = target.with_name(f"{target.stem}-{image.name}.png")
            sources[image.name] = path.name  # beside the Markdown: the link works wherever the folder is read
            files.append((path, image.png))
            report.charts.append(Chart(name=image.name, title=TITLES[image.name], file=ws.relative(path), query=query_of[image.name]))
    if left_out is not None:
        report.charts = [Chart(name=name, title=title, left_out=left_out, query=query_of[name]) for name, title in TITLES.items()]
    return render_review_text(ws, report, fmt, sources, left_out), files


def render_review_text(ws: Any, report: ReviewReport, fmt: str, sources: dict[str, str], left_out: str | None) -> str:
    """The review's text from its template (the workspace's, else the bundled one)."""
    from mops.brief.playbook_helpers import WorkspaceInfo, format_money, format_number
    from mops.brief.playbooks import render_sandboxed

    folders = template_folders(ws)
    name = TEMPLATES[fmt]
    shown = next((f / name for f in folders if (f / name).is_file()), Path(name))

    def money(amount: float | None, currency: str | None = None) -> str:
        return format_money(round(amount, 2) if amount is not None else None, currency or report.currency)

    def percent(share: float | None, digits: int = 0) -> str:
        return "n/a" if share is None else f"{share * 100:.{digits}f}%"

    helpers = {"money": money, "number": format_number, "percent": percent}
    variables = {
        "review": report, "charts": sources, "charts_left_out": left_out,
        "workspace": WorkspaceInfo(name=ws.config.name, currency=ws.config.currency),
    }
    return render_sandboxed(folders, name, variables, shown=shown, autoescape=fmt == "html", helpers=helpers, filters=helpers, variables_hint=_HINT)
