"""Brief enrichment from history: a real DuckDB file made by the real importer, a real git history.

Figures are known by construction: plans and platform rows written here, kickoff commits dated
40, 45 and 50 days before their launches.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from history_support import google_ads_file, small_workspace  # noqa: F401
from mops.brief.enrich import enrich_brief
from mops.models.brief import Audience, Brief, Budget, Statement
from mops.workspace import load_workspace

TODAY = dt.date(2026, 12, 6)
CRM_EXPORT = "exports/crm_newsletter-segments_2026-11-20.csv"


def _import(mops, root: Path, *files: str) -> Path:
    result = mops("history", "import", *files, cwd=root)
    assert result.exit_code in (0, 1), result.stderr  # 1: the example's deliberate rejects
    db = root / ".mops" / "history.duckdb"
    assert db.is_file()
    return db


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _git(root: Path, *args: str, day: str | None = None) -> str:
    env = dict(os.environ)
    if day is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T10:00:00+01:00"
    done = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _commit(repo: Path, files: dict[str, str], day: str) -> str:
    """Write `files` (relative to `repo`) and commit them on `day`; the commit's hash."""
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "add", *files)
    _git(repo, "commit", "-q", "-m", f"add {', '.join(files)}", day=day)
    return _git(repo, "rev-parse", "HEAD")


def _winter_brief(**changes) -> Brief:
    values = dict(
        campaign="2027-q1_winter-clearance", title="Winter clearance 2027",
        channels=["paid_search", "paid_social", "email"],
        audience=Audience(description="Outdoor enthusiasts in Germany and Austria", locations=["Germany", "Austria"]),
        budget=Budget(total=25000), start=dt.date(2027, 1, 4), end=dt.date(2027, 2, 14), meeting_date=dt.date(2026, 12, 1),
        objectives=[Statement(text="Clear the winter stock")],
    )
    values.update(changes)
    return Brief(**values)


@pytest.fixture
def with_history(mops, example_workspace: Path) -> Path:
    _import(mops, example_workspace, *(f"exports/{p.name}" for p in sorted((example_workspace / "exports").iterdir())))
    return example_workspace


def _by_field(enrichment, field: str) -> list:
    return [s for s in enrichment.suggestions if s.field == field]


# --- without a history -------------------------------------------------------------------------


def test_without_a_history_database_nothing_is_suggested_and_no_file_is_made(example_workspace: Path):
    ws = load_workspace(example_workspace)
    result = enrich_brief(ws, _winter_brief(), today=TODAY)
    assert result.suggestions == []
    assert [o.code for o in result.observations] == ["ENRICH-HISTORY", "ENRICH-VELOCITY"]  # and it is not a git repo
    assert "no campaign history at .mops/history.duckdb" in result.observations[0].statement
    assert result.observations[0].severity.value == "info"
    assert not (example_workspace / ".mops" / "history.duckdb").exists()
    assert not list((example_workspace / ".mops").glob("history*"))


def test_a_db_override_that_does_not_exist_is_not_created(example_workspace: Path, tmp_path: Path):
    elsewhere = tmp_path / "nowhere" / "h.duckdb"
    result = enrich_brief(load_workspace(example_workspace), _winter_brief(), today=TODAY, db=str(elsewhere))
    assert result.suggestions == [] and "no campaign history" in result.observations[0].statement
    assert not elsewhere.exists() and not elsewhere.parent.exists()


def test_an_unreadable_database_is_a_warning_not_a_crash(example_workspace: Path):
    db = example_workspace / ".mops" / "history.duckdb"
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"this is not a duckdb file at all" * 200)
    before = _sha256(db)
    result = enrich_brief(load_workspace(example_workspace), _winter_brief(), today=TODAY)
    assert result.suggestions == []
    assert [o.severity.value for o in result.observations] == ["warning"]
    assert "cannot read the campaign history at .mops/history.duckdb" in result.observations[0].statement
    assert _sha256(db) == before


# --- audience from the CRM segments --------------------------------------------------------------


def _crm_counts(root: Path) -> dict[str, dict[str, int]]:
    """Per segment: members and opted-in members, counted here from the export itself."""
    counts: dict[str, dict[str, int]] = {}
    with (root / CRM_EXPORT).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            seg = counts.setdefault(row["Segment"], {"members": 0, "yes": 0})
            seg["members"] += 1
            seg["yes"] += row["Opted in"] == "yes"
    return counts


def test_audience_size_comes_from_matching_segments_with_counts_only(with_history: Path):
    counts = _crm_counts(with_history)
    result = enrich_brief(load_workspace(with_history), _winter_brief(), today=TODAY)
    audience = _by_field(result, "audience.size")
    named = {re.search(r"CRM segment '([^']+)'", s.value).group(1): s for s in audience}
    # the audience's words name "Outdoor enthusiasts"; email is a channel, so the newsletter list too
    assert set(named) == {"Outdoor enthusiasts", "Newsletter DE"}
    for segment, suggestion in named.items():
        expected = counts[segment]
        assert suggestion.value.startswith(f"{expected['members']} in CRM segment '{segment}' ({expected['yes']} opted in")
        assert "export of 2026-11-20" in suggestion.value
        kinds = {e.kind for e in suggestion.sources}
        assert kinds == {"query", "row"}
        row = next(e for e in suggestion.sources if e.kind == "row")
        assert row.path == CRM_EXPORT and row.row["members"] == expected["members"]
        assert row.row["Opted in=yes"] == expected["yes"]
    assert "shares 'enthusiast', 'outdoor'" in named["Outdoor enthusiasts"].reason
    assert "a list for email" in named["Newsletter DE"].reason


def test_no_segment_matches_an_audience_it_does_not_name(with_history: Path):
    brief = _winter_brief(channels=["paid_search"], audience=Audience(description="Trail runners in Norway"))
    result = enrich_brief(load_workspace(with_history), brief, today=TODAY)
    assert _by_field(result, "audience.size") == []
    assert any("none of the CRM segments" in o.statement and "'Lapsed buyers'" in o.statement for o in result.observations)


def test_nothing_personal_reaches_any_suggestion_or_observation(with_history: Path):
    personal = set()
    with (with_history / CRM_EXPORT).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            personal.update(row[c] for c in ("Contact ID", "First name", "Last name", "Email", "Phone"))
    result = enrich_brief(load_workspace(with_history), _winter_brief(), today=TODAY)
    assert _by_field(result, "audience.size")  # something was said about the CRM
    text = result.model_dump_json()
    assert "@" not in text
    assert not re.search(r"\+\d{2}[\d ]{6,}", text)  # an international phone number
    leaked = sorted(value for value in personal if re.search(rf"\b{re.escape(value)}\b", text))
    assert leaked == []


def test_a_segment_named_after_a_person_is_left_out_unnamed(mops, small_workspace: Path):
    (small_workspace / "exports" / "crm_lists_2026-11-01.csv").write_text(
        "Email,Segment,Opted in\n"
        "a.one@example.com,Newsletter AT,yes\n"
        "b.two@example.com,Newsletter AT,no\n"
        "c.three@example.com,VIP list of jana.kraus@example.com,yes\n",
        encoding="utf-8",
    )
    _import(mops, small_workspace, "exports/crm_lists_2026-11-01.csv")
    brief = _winter_brief(channels=["email"], audience=Audience(description="VIP newsletter readers"))
    result = enrich_brief(load_workspace(small_workspace), brief, today=TODAY)
    text = result.model_dump_json()
    assert "jana" not in text.lower() and "@" not in text
    assert [s.value.split(" (")[0] for s in _by_field(result, "audience.size")] == ["2 in CRM segment 'Newsletter AT'"]
    assert any("1 CRM segment(s) left out because their names hold personal data" in o.statement for o in result.observations)


# --- budget and duration from similar campaigns --------------------------------------------------


def _plan(root: Path, campaign: str, start: str, end: str, budget: int, channels: list[str], platform_id: str) -> None:
    spread = "\n".join(f"  - {{channel: {c}, budget: {budget // len(channels)}}}" for c in channels)
    (root / "plans").mkdir(exist_ok=True)
    (root / "plans" / f"{campaign}.yaml").write_text(
        f"campaign: {campaign}\nname: {campaign}\nstart: {start}\nend: {end}\ntotal_budget: {budget}\n"
        f"channels:\n{spread}\nplatform_campaigns:\n  - {{platform: google_ads, id: '{platform_id}', channel: {channels[0]}}}\n",
        encoding="utf-8",
    )


@pytest.fixture
def similar_workspace(mops, small_workspace: Path) -> Path:
    # three campaigns like the brief (search, November): budgets 20k/30k/40k, 10/20/30 days
    _plan(small_workspace, "2023-q4_a", "2023-11-01", "2023-11-10", 20000, ["paid_search"], "1")
    _plan(small_workspace, "2024-q4_b", "2024-11-01", "2024-11-20", 30000, ["paid_search"], "2")
    _plan(small_workspace, "2025-q4_c", "2025-11-01", "2025-11-30", 40000, ["paid_search"], "3")
    # unlike it in every respect: social, 250k, May
    _plan(small_workspace, "2025-q2_far", "2025-05-01", "2025-05-31", 250000, ["paid_social"], "4")
    google_ads_file(small_workspace / "exports" / "g.csv", [
        "2023-11-01,1,A,100,10,100.00,1,400.00,EUR", "2024-11-01,2,B,100,10,100.00,1,400.00,EUR",
        "2025-11-01,3,C,100,10,100.00,1,400.00,EUR", "2025-05-01,4,F,100,10,100.00,1,400.00,EUR",
    ])
    _import(mops, small_workspace, "exports/g.csv")
    return small_workspace


def _search_brief(**changes) -> Brief:
    values = dict(campaign="2026-q4_d", title="Search push", channels=["paid_search"], budget=Budget(total=30000),
                  start=dt.date(2026, 11, 2), end=dt.date(2026, 11, 25))
    values.update(changes)
    return Brief(**values)


def test_budget_range_and_duration_from_similar_campaigns(similar_workspace: Path):
    result = enrich_brief(load_workspace(similar_workspace), _search_brief(), today=TODAY)
    [budget] = _by_field(result, "budget.total")
    assert budget.value == "20,000 to 40,000 EUR (median 30,000)"  # three campaigns: min to max
    for campaign in ("2023-q4_a", "2024-q4_b", "2025-q4_c"):
        assert campaign in budget.reason
    assert "2025-q2_far" not in budget.reason
    kinds = {e.kind for e in budget.sources}
    assert kinds == {"query", "row", "file"}
    assert {e.path for e in budget.sources if e.kind == "file"} == {"plans/2023-q4_a.yaml", "plans/2024-q4_b.yaml", "plans/2025-q4_c.yaml"}
    assert all("SELECT" in e.query for e in budget.sources if e.kind == "query")
    [duration] = _by_field(result, "duration_days")
    assert duration.value == "20 days (10 to 30)"


def test_a_stated_budget_outside_every_similar_campaign_is_observed(similar_workspace: Path):
    result = enrich_brief(load_workspace(similar_workspace), _search_brief(budget=Budget(total=45000)), today=TODAY)
    assert any("the stated budget, 45,000 EUR, is above every similar past campaign's (20,000 to 40,000)" in o.statement
               for o in result.observations)


def test_a_plan_added_after_the_import_counts_without_writing_the_database(mops, similar_workspace: Path):
    db = similar_workspace / ".mops" / "history.duckdb"
    google_ads_file(similar_workspace / "exports" / "g2.csv", ["2022-11-01,5,E,100,10,100.00,1,400.00,EUR"])
    _import(mops, similar_workspace, "exports/g2.csv")
    # the plan that claims platform campaign 5 arrives after the import: the stored map does not know it
    _plan(similar_workspace, "2022-q4_e", "2022-11-01", "2022-11-15", 25000, ["paid_search"], "5")
    before = _sha256(db)
    result = enrich_brief(load_workspace(similar_workspace), _search_brief(), today=TODAY)
    [budget] = _by_field(result, "budget.total")
    assert "2022-q4_e" in budget.reason
    assert _sha256(db) == before
    assert not list(db.parent.glob("history.duckdb.wal"))


def test_the_brief_itself_is_never_its_own_precedent(similar_workspace: Path):
    result = enrich_brief(load_workspace(similar_workspace), _search_brief(campaign="2024-q4_b"), today=TODAY)
    [budget] = _by_field(result, "budget.total")
    assert "2024-q4_b" not in budget.reason and budget.value == "20,000 to 40,000 EUR (median 30,000)"


# --- launch date from the team's velocity --------------------------------------------------------


def _velocity_history(repo: Path, ws_dir: str) -> dict[str, str]:
    """Kickoffs 40, 45 and 50 days before the example plans' starts; the rest committed after launch."""
    prefix = f"{ws_dir}/" if ws_dir else ""
    _git(repo, "init", "-q")
    hashes = {
        # 2026-q1_winter-clearance starts 2026-01-05: its brief 40 days before
        "winter": _commit(repo, {f"{prefix}briefs/2026-q1_winter-clearance.md": "---\ncampaign: 2026-q1_winter-clearance\n---\n"}, "2025-11-26"),
        # 2026-q2_spring-sale starts 2026-04-01: its transcript 45 days before
        "spring": _commit(repo, {f"{prefix}transcripts/2026-q2_spring-sale-kickoff.txt": "Priya: let's go\n"}, "2026-02-15"),
        # 2026-q3_summer-trails starts 2026-06-22: transcript 50 days before, its brief later (the first counts)
        "summer": _commit(repo, {f"{prefix}transcripts/2026-q3_summer-trails-kickoff.txt": "Jonas: trails\n"}, "2026-05-03"),
    }
    _commit(repo, {f"{prefix}briefs/2026-q3_summer-trails.md": "---\ncampaign: 2026-q3_summer-trails\n---\n"}, "2026-05-20")
    _git(repo, "add", "-A")  # everything else, the example's own transcripts and brief too, after their launches
    _git(repo, "commit", "-q", "-m", "the rest of the workspace", day="2026-11-30")
    return hashes


@pytest.mark.parametrize("ws_dir", ["", "marketing"], ids=["workspace-at-repo-root", "workspace-in-a-subfolder"])
def test_launch_date_from_kickoff_to_launch_times_in_git(mops, tmp_path: Path, ws_dir: str):
    repo = tmp_path / "repo"
    root = repo / ws_dir if ws_dir else repo
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "workspace", root)
    _import(mops, root, CRM_EXPORT)
    hashes = _velocity_history(repo, ws_dir)
    result = enrich_brief(load_workspace(root), _winter_brief(), today=TODAY)
    [start] = _by_field(result, "start")
    # the meeting on 2026-12-01 plus the median of 40, 45 and 50 days
    assert start.value == "2027-01-15 (45 days after 2026-12-01; past campaigns took 40 to 50 days)"
    notes = {e.path: e.note for e in start.sources}
    assert hashes["winter"] in notes["briefs/2026-q1_winter-clearance.md"]
    assert hashes["spring"] in notes["transcripts/2026-q2_spring-sale-kickoff.txt"]
    assert hashes["summer"] in notes["transcripts/2026-q3_summer-trails-kickoff.txt"]
    assert "briefs/2026-q3_summer-trails.md" not in notes
    plan = next(e for e in start.sources if e.path == "plans/2026-q2_spring-sale.yaml")
    assert (root / plan.path).read_text(encoding="utf-8").splitlines()[plan.line - 1].startswith("start: 2026-04-01")
    # the autumn and Black Friday kickoff files were committed after their launches
    # (its transcript and its drafted brief came in the same commit: either names the kickoff)
    assert re.search(r"2026-q3_autumn-hiking: (?:transcripts/2026-q3_autumn-hiking-kickoff\.vtt|briefs/2026-q3_autumn-hiking\.md) was first committed", start.reason)
    assert "2025-q4_black-friday: no transcript or brief" in start.reason
    # the brief starts 34 days after the meeting: sooner than the team manages
    [late] = [o for o in result.observations if o.code == "ENRICH-VELOCITY"]
    assert late.severity.value == "warning"
    assert "the flight starts 2027-01-04, 34 days after the meeting date (2026-12-01): faster than any past campaign" in late.statement


def test_a_start_the_team_can_make_raises_no_warning_and_today_stands_in_for_the_meeting(mops, tmp_path: Path):
    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "workspace", root)
    _import(mops, root, CRM_EXPORT)
    _velocity_history(root, "")
    brief = _winter_brief(meeting_date=None, start=dt.date(2027, 2, 1), end=dt.date(2027, 2, 28))
    result = enrich_brief(load_workspace(root), brief, today=TODAY)
    [start] = _by_field(result, "start")
    assert start.value.startswith("2027-01-20 (45 days after 2026-12-06;")
    assert start.reason.startswith("Today (no meeting date) plus")
    assert not [o for o in result.observations if o.code == "ENRICH-VELOCITY"]


def test_no_git_repository_means_no_launch_date_and_says_why(with_history: Path):
    result = enrich_brief(load_workspace(with_history), _winter_brief(), today=TODAY)
    assert _by_field(result, "start") == []
    [why] = [o for o in result.observations if o.code == "ENRICH-VELOCITY"]
    assert why.severity.value == "info" and "is not in a git repository" in why.statement


def test_the_launch_date_needs_only_git_not_a_history_database(tmp_path: Path):
    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "workspace", root)
    _velocity_history(root, "")
    result = enrich_brief(load_workspace(root), _winter_brief(), today=TODAY)
    assert [s.field for s in result.suggestions] == ["start"]
    assert result.suggestions[0].value.startswith("2027-01-15 (45 days after 2026-12-01")
    assert not (root / ".mops" / "history.duckdb").exists()


def test_kickoffs_committed_only_after_launch_give_no_launch_date(mops, tmp_path: Path):
    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "workspace", root)
    _import(mops, root, CRM_EXPORT)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "import the workspace", day="2026-11-30")
    result = enrich_brief(load_workspace(root), _winter_brief(), today=TODAY)
    assert _by_field(result, "start") == []
    [why] = [o for o in result.observations if o.code == "ENRICH-VELOCITY"]
    assert "no past campaign has both a kickoff commit and a plan start" in why.statement
    assert re.search(r"2026-q3_autumn-hiking: (?:transcripts/2026-q3_autumn-hiking-kickoff\.vtt|briefs/2026-q3_autumn-hiking\.md) "
                     r"was first committed 84 days after its launch", why.statement)
    # eight started plans (the six of the history table and the two running since 2026-12-01), five named
    assert why.statement.endswith("; 3 more.")


# --- read-only --------------------------------------------------------------------------------


def test_enrichment_leaves_the_database_bytes_unchanged(mops, tmp_path: Path):
    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "workspace", root)
    db = _import(mops, root, *(f"exports/{p.name}" for p in sorted((root / "exports").iterdir())))
    _velocity_history(root, "")
    before, files_before = _sha256(db), sorted(p.name for p in db.parent.iterdir())
    result = enrich_brief(load_workspace(root), _winter_brief(), today=TODAY)
    assert {s.field for s in result.suggestions} == {"audience.size", "budget.total", "duration_days", "start"}
    assert all(s.sources for s in result.suggestions)
    json.loads(result.model_dump_json())  # what `--format json` would print
    assert _sha256(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == files_before
