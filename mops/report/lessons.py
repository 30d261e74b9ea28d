"""Lessons: what a finished campaign taught, `lessons/<campaign>.yaml`, and what the next brief of a
similar campaign learns from them.

`lesson_text` makes the file `mops report review --record` writes (the misses against target, the
reallocations applied mid-flight, the reviewers' `notes`, kept when recorded again). `lesson_constraints`
is what `mops brief draft`'s enrichment adds to a brief: for each lesson of a similar campaign, its
misses on the brief's channels (and the campaign's own), the moves it made mid-flight and what the team
wrote, as `constraint` suggestions citing the lesson file and line.

Similar is `mops history similar`'s measure (channels, budget scale, season, objective words) on what
the brief and the lesson hold, at LESSON_SIMILARITY or more: a constraint takes more likeness than a
budget range does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple

from mops.errors import InputError, MopsError
from mops.models.lesson import Change, Lesson, Miss
from mops.models.review import ReviewReport

LESSON_SIMILARITY = 0.7


class LessonFile(NamedTuple):
    lesson: Lesson
    path: str  # workspace-relative
    loaded: Any  # LoadedYaml: where each value sits, for evidence

    def line(self, *loc: Any) -> int | None:
        position = self.loaded.position(loc)
        return position.line if position else None


def lesson_path(ws: Any, campaign: str) -> Path:
    return ws.path(ws.config.paths.lessons) / f"{campaign}.yaml"


def lesson_text(ws: Any, report: ReviewReport, *, today: dt.date) -> tuple[Path, str]:
    """The lesson file for a reviewed campaign: where it goes and its text. The notes of a lesson
    already recorded are kept; one that cannot be read is an InputError (its notes would be lost)."""
    from mops.history.similar import objective_text
    from mops.launch.plan_file import load_plan_file
    from mops.yamlio import dump_record

    plan = load_plan_file(ws, ws.path(report.plan)).plan
    target = lesson_path(ws, report.campaign)
    notes = _existing_notes(ws, target)
    lesson = Lesson(
        campaign=report.campaign, name=report.name, recorded=today, review_as_of=report.as_of, start=report.start, end=report.end,
        currency=plan.currency, total_budget=plan.total_budget, spend=report.total.spend if report.total else None,
        channels=[c.channel for c in plan.channels], about=objective_text(ws, plan), targets=plan.target_values,
        missed=[_miss(t, report.currency) for t in report.targets if t.met is False],
        changes=[Change(proposal=p.path, applied=p.applied, summary=p.summary, moves=p.moves) for p in report.proposals if p.decision == "applied"],
        notes=notes,
    )
    header = (
        "# yaml-language-server: $schema=../.mops/schemas/lesson.json\n"
        f"# What {report.campaign} taught, recorded by `mops report review --record` on {today} (data as of {report.as_of}).\n"
        "# Review it in the pull request and add what the team learned under `notes:`; recording again keeps the notes.\n"
        "# The next brief of a similar campaign shows the misses, changes and notes as constraints (`mops brief draft`).\n"
    )
    return target, header + dump_record(lesson.model_dump(exclude_none=True))  # days as YAML dates, not quoted strings


def _miss(target: Any, currency: str) -> Miss:
    who = "the campaign" if target.channel == "all" else target.channel
    label = "CPA" if target.metric == "cpa" else "ROAS"
    if target.actual is None:
        said = f"{who} spent without a conversion (CPA target {target.target:,.2f} {currency})"
    else:
        shown = f"{target.actual:,.2f} {currency}" if target.metric == "cpa" else f"{target.actual:.2f}"
        goal = f"{target.target:,.2f} {currency}" if target.metric == "cpa" else f"{target.target:.2f}"
        said = f"{who} missed its {label} target by {target.gap_pct:.0f}% ({shown} against {goal})"
    return Miss(channel=target.channel, metric=target.metric, target=target.target, actual=target.actual, off_by_pct=target.gap_pct, statement=said)


def _existing_notes(ws: Any, path: Path) -> list[str]:
    if not path.is_file():
        return []
    found = read_lesson(ws, path)
    return list(found.lesson.notes)


def read_lesson(ws: Any, path: Path) -> LessonFile:
    """One lesson file, validated, with its positions; a ConfigError at the file's line otherwise."""
    from mops.yamlio import load_yaml, validate_loaded

    shown = ws.relative(path)
    loaded = load_yaml(path, display=shown)
    return LessonFile(validate_loaded(Lesson, loaded, schema="lesson", display=shown), shown, loaded)


def read_lessons(ws: Any) -> tuple[list[LessonFile], list[str]]:
    """Every lesson of the workspace, and the files that could not be read (with why)."""
    if ws.root is None:
        return [], []
    folder = ws.path(ws.config.paths.lessons)
    found, problems = [], []
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        try:
            found.append(read_lesson(ws, path))
        except MopsError as exc:
            problems.append(f"{exc.location or ws.relative(path)}: {exc.message}")
    return found, problems


def lesson_constraints(ws: Any, brief: Any) -> tuple[list[Any], list[Any]]:
    """The constraints (Suggestion, field `constraint`) the lessons of campaigns similar to `brief`
    give it, and observations (which lessons were compared, unreadable lesson files)."""
    from mops.errors import UsageError
    from mops.history.similar import content_words, parse_target, similarity
    from mops.models.brief import Suggestion
    from mops.models.results import Evidence, Observation, Severity

    lessons, problems = read_lessons(ws)
    observations = [Observation(statement=f"lesson left out, it cannot be read: {p}", severity=Severity.warning, code="ENRICH-LESSON") for p in problems]
    lessons = [f for f in lessons if f.lesson.campaign != brief.campaign]
    if not lessons:
        return [], observations
    try:
        target = parse_target(
            objective=" ".join([brief.title, *(o.text for o in brief.objectives)]), channels=",".join(brief.channels) or None,
            budget=brief.budget.total if brief.budget.total else None, season=brief.start.isoformat() if brief.start else None,
        )
    except UsageError:
        return [], observations
    currency = ws.config.currency
    suggestions = []
    for found in lessons:
        lesson = found.lesson
        budget = lesson.total_budget if lesson.currency == currency else None
        score, parts = similarity(target, set(lesson.channels), budget, lesson.start.month, content_words(lesson.about or lesson.name or ""))
        if score < LESSON_SIMILARITY:
            continue
        alike = ", ".join(f"{k} {v:.2f}" for k, v in parts.items())
        reason = (f"{lesson.campaign} is like this brief (similarity {score:.2f}: {alike}; {LESSON_SIMILARITY} or more counts); "
                  f"from its review recorded {lesson.recorded}")
        said = f"last time ({lesson.campaign}), "
        ours = set(brief.channels)
        for index, miss in enumerate(lesson.missed):
            if miss.channel == "all" or miss.channel in ours:
                suggestions.append(Suggestion(field="constraint", value=said + miss.statement, reason=reason + ".", sources=[
                    Evidence(kind="file", path=found.path, line=found.line("missed", index), note=f"{miss.metric} target {miss.target:g}, actual {miss.actual}"),
                ]))
        for index, change in enumerate(lesson.changes):
            suggestions.append(Suggestion(field="constraint", value=said + f"budget was moved mid-flight: {'; '.join(change.moves) or change.summary}",
                                          reason=reason + f"; the reallocation {change.proposal}, applied {change.applied}.",
                                          sources=[Evidence(kind="file", path=found.path, line=found.line("changes", index))]))
        for index, note in enumerate(lesson.notes):
            suggestions.append(Suggestion(field="constraint", value=said + f"the team noted: {note}", reason=reason + "; a reviewer's note.",
                                          sources=[Evidence(kind="file", path=found.path, line=found.line("notes", index))]))
    return suggestions, observations


def check_lesson_target(ws: Any, report: ReviewReport) -> None:
    """A lesson is recorded for a campaign the review judged: refuse before anything is written when
    there is nothing to learn from (no history figures)."""
    if not report.finished:
        raise InputError(
            f"{report.campaign} is still running on {report.as_of} (its flight ends {report.end}): a lesson is what a finished campaign taught",
            hint="review it without --record for the figures to date, and record its lesson once the flight has ended",
        )
    if report.total is None:
        raise InputError(
            f"nothing to record for {report.campaign}: the review found no spend in the history",
            hint="import the campaign's exports (`mops history import exports/*`) and review it again, or run without --record",
        )
    if report.history_gaps:
        raise InputError(
            f"the history of {report.campaign}'s flight has gaps ({'; '.join(report.history_gaps)}): a lesson from partial figures would mislead the next brief",
            hint="import the missing exports (`mops history import`) and record again, or review without --record",
        )
