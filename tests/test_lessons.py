"""Lessons: `mops report review --record` writes lessons/<campaign>.yaml with the misses computed by
hand here, keeps the team's notes when recorded again, and the next brief of a similar campaign
(and only a similar one) shows them as constraints citing the lesson's file and line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from test_report_review import AS_OF, CAMPAIGN, TARGET_CPA, TARGET_ROAS, hand_figures, imported

LESSON = f"lessons/{CAMPAIGN}.yaml"
SIMILAR = "transcripts/2026-q4_black-friday-kickoff.txt"  # Black Friday again: same season, budget scale, words
DISSIMILAR = "transcripts/2027-q1_winter-clearance-kickoff.txt"  # the same three channels, but January, half the budget


def record(mops, root: Path):
    return mops("report", "review", CAMPAIGN, "--as-of", AS_OF, "--record", cwd=root)


def constraints(mops, root: Path, transcript: str) -> list[str]:
    done = mops("brief", "draft", transcript, "--offline", "--dry-run", cwd=root)
    assert done.exit_code in (0, 1), done.stderr
    lines = done.stdout.splitlines()
    return [line + " @ " + lines[i + 1].strip() for i, line in enumerate(lines) if line.startswith("suggested constraint:")]


def test_record_writes_the_misses_computed_by_hand(mops, example_workspace: Path) -> None:
    ws = imported(mops, example_workspace)
    done = record(mops, ws)
    assert done.exit_code == 0, done.stderr
    assert f"wrote {LESSON}" in done.stdout.splitlines()
    lesson = yaml.safe_load((ws / LESSON).read_text(encoding="utf-8"))
    social = hand_figures()["paid_social"]
    cpa, roas = social["spend"] / social["conversions"], social["value"] / social["spend"]
    assert lesson["campaign"] == CAMPAIGN and lesson["review_as_of"] == dt.date(2026, 12, 6)
    assert lesson["channels"] == ["paid_search", "paid_social", "email"] and lesson["total_budget"] == 48000
    assert [(m["channel"], m["metric"]) for m in lesson["missed"]] == [("paid_social", "cpa"), ("paid_social", "roas")]
    by_metric = {m["metric"]: m for m in lesson["missed"]}
    assert by_metric["cpa"]["actual"] == round(cpa, 2) and by_metric["cpa"]["off_by_pct"] == round((round(cpa, 2) / TARGET_CPA - 1) * 100, 1)
    assert by_metric["roas"]["actual"] == round(roas, 2) and by_metric["roas"]["off_by_pct"] == round((1 - round(roas, 2) / TARGET_ROAS) * 100, 1)
    assert by_metric["cpa"]["statement"] == (f"paid_social missed its CPA target by {(round(cpa, 2) / TARGET_CPA - 1) * 100:.0f}% "
                                             f"({cpa:,.2f} EUR against 34.00 EUR)")
    assert lesson["changes"] == [] and lesson["notes"] == []


def test_the_lesson_validates_against_its_json_schema(mops, example_workspace: Path) -> None:
    ws = imported(mops, example_workspace)
    record(mops, ws)
    schema = json.loads(mops("schema", "lesson").stdout)
    # as an editor reads the YAML: dates are ISO strings
    document = json.loads(json.dumps(yaml.safe_load((ws / LESSON).read_text()), default=str))
    jsonschema.validate(document, schema)
    document["missed"][0]["metric"] = "ctr"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_recording_again_keeps_the_teams_notes(mops, example_workspace: Path) -> None:
    ws = imported(mops, example_workspace)
    record(mops, ws)
    path = ws / LESSON
    path.write_text(path.read_text().replace("notes: []", "notes:\n- Retargeting audiences were too small before the early access.\n"))
    assert record(mops, ws).exit_code == 0
    assert yaml.safe_load(path.read_text())["notes"] == ["Retargeting audiences were too small before the early access."]


def test_a_broken_lesson_is_not_overwritten_and_nothing_is_written(mops, example_workspace: Path) -> None:
    ws = imported(mops, example_workspace)
    (ws / "lessons").mkdir()
    (ws / LESSON).write_text("campaign: 2025-q4_black-friday\nnotes: [unclosed\n")
    done = record(mops, ws)
    assert done.exit_code == 2 and LESSON in done.stderr
    assert (ws / LESSON).read_text() == "campaign: 2025-q4_black-friday\nnotes: [unclosed\n"
    assert not (ws / "reviews").exists()


def test_a_recorded_lesson_constrains_the_next_similar_brief_and_not_a_dissimilar_one(mops, example_workspace: Path) -> None:
    ws = imported(mops, example_workspace)
    assert constraints(mops, ws, SIMILAR) == []  # nothing to learn from before the review is recorded
    record(mops, ws)
    path = ws / LESSON
    path.write_text(path.read_text().replace("notes: []", "notes:\n- Book the retargeting creative before the early access.\n"))
    lines = path.read_text().splitlines()
    social = hand_figures()["paid_social"]
    cpa = social["spend"] / social["conversions"]
    found = constraints(mops, ws, SIMILAR)
    cpa_line = next(i for i, line in enumerate(lines, 1) if line == "- channel: paid_social")  # the first miss: cpa
    note_line = lines.index("- Book the retargeting creative before the early access.") + 1
    assert len(found) == 3
    assert found[0].startswith(f"suggested constraint: last time ({CAMPAIGN}), paid_social missed its CPA target by "
                               f"{(round(cpa, 2) / TARGET_CPA - 1) * 100:.0f}% ({cpa:,.2f} EUR against 34.00 EUR)")
    assert found[0].endswith(f"@ {LESSON}:{cpa_line}")
    assert "missed its ROAS target" in found[1]
    assert found[2].startswith(f"suggested constraint: last time ({CAMPAIGN}), the team noted: Book the retargeting creative") and found[2].endswith(f"@ {LESSON}:{note_line}")
    assert constraints(mops, ws, DISSIMILAR) == []


def test_the_drafted_brief_shows_the_lesson_as_a_constraint(mops, example_workspace: Path) -> None:
    from mops.brief.draft import draft_brief
    from mops.workspace import load_workspace

    ws = imported(mops, example_workspace)
    record(mops, ws)
    drafted = draft_brief(load_workspace(ws), ws / SIMILAR, offline=True, today=dt.date(2026, 10, 6))
    [cpa, roas] = [s for s in drafted.brief.suggested if s.field == "constraint"]
    assert cpa.sources[0].path == LESSON and "paid_social missed its CPA target" in cpa.value
    section = drafted.markdown.split("## Lessons from similar past campaigns", 1)[1].split("\n## ", 1)[0]
    assert f"- **constraint**: {cpa.value}." in section and f"  - source: {LESSON}:{cpa.sources[0].line}" in section
    other = draft_brief(load_workspace(ws), ws / DISSIMILAR, offline=True, today=dt.date(2026, 10, 6))
    assert not [s for s in other.brief.suggested if s.field == "constraint"]
    assert "## Lessons from similar past campaigns" not in other.markdown
