"""`mops brief learn` end to end, through the real CLI, on a private copy of the example workspace.

A scripted draft and the version a reviewer approved (a handful of edits, made as a person makes
them: in the file's text) must give exactly the changes made, as hand-written YAML. What it learns
must then change the next offline draft of another kickoff, which says so; what it must not learn
(a target changed) must leave the next draft as the meeting said it.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from mops.brief.document import read_brief

TRANSCRIPT = "transcripts/2027-q3_trail-running-kickoff.txt"
CORRECTION = "lessons/corrections/2027-q3_trail-running.yaml"


def _said(line: int, quote: str, speaker: str, utterance: str, indent: str) -> str:
    return (f"{indent}- kind: utterance\n{indent}  path: {TRANSCRIPT}\n{indent}  line: {line}\n{indent}  quote: {quote}\n"
            f"{indent}  speaker: {speaker}\n{indent}  utterance: {utterance}\n")


DRAFT = (
    "---\n# yaml-language-server: $schema=../.mops/schemas/brief.json\nversion: 2\ncampaign: 2027-q3_trail-running\n"
    "title: Trail Running\nstatus: draft\n"
    "kpis:\n  - metric: cpa\n    target: 35\n    direction: at_most\n    unit: EUR\n    evidence:\n"
    + _said(17, "CPA under thirty-five euros.", "Malte Sørensen", "u15", "      ")
    + "channels:\n  - paid_search\n  - paid_social\n"
    "budget:\n  total: 30000\n  currency: EUR\n  split:\n"
    "    - channel: paid_search\n      amount: 12000\n      evidence:\n"
    + _said(6, "Twelve k for Google, search plus PMax.", "Malte Sørensen", "u4", "        ")
    + "    - channel: paid_social\n      amount: 9000\n      evidence:\n"
    + _said(7, "One Meta campaign, nine thousand.", "Malte Sørensen", "u5", "        ")
    + "start: 2027-06-01\n"
    "offer: Fifteen percent off the Trail Pro three, Club members only.\n"
    "owners:\n  - name: Priya Nair\n    role: owner\n  - name: Jonas Weber\n    role: pull the list\n    evidence:\n"
    + _said(20, "Jonas can pull the list.", "Priya Nair", "u18", "      ")
    + "open_questions:\n"
    "  - text: \"6,000 EUR was said for TikTok, which is not a channel in the taxonomy: add it to the taxonomy's channels or move the money\"\n"
    "    evidence:\n"
    + _said(8, "And six thousand on TikTok, the creators want to do trail videos.", "Lea Hoffmann", "u6", "      ")
    + f"transcript: {TRANSCRIPT}\ndrafted_by: offline\n---\n# Trail Running\n"
)

# the reviewer's edits, as text: approved, CPA target tightened, TikTok's money moved to paid social
# (its question answered), the flight's end added, the product's name and Jonas's role written right
_QUESTION_START = DRAFT.index("open_questions:\n")
APPROVED = (
    (DRAFT[:_QUESTION_START] + DRAFT[DRAFT.index("transcript: "):])
    .replace("status: draft", "status: approved")
    .replace("target: 35", "target: 32")
    .replace("amount: 9000", "amount: 15000")
    .replace("start: 2027-06-01\n", "start: 2027-06-01\nend: 2027-07-12\n")
    .replace("Trail Pro three", "Trail Pro 3")
    .replace("role: pull the list", "role: CRM segment")
)

EXPECTED = f"""\
version: 1
campaign: 2027-q3_trail-running
draft: review/draft.md
approved: review/approved.md
transcript: {TRANSCRIPT}
drafted_by: offline
changes:
- field: kpis[cpa].target
  change: corrected
  old: 35
  new: 32
  evidence:
{_said(17, "CPA under thirty-five euros.", "Malte Sørensen", "u15", "  ")}\
- field: budget.split[paid_social].amount
  change: corrected
  old: 9000
  new: 15000
  evidence:
{_said(7, "One Meta campaign, nine thousand.", "Malte Sørensen", "u5", "  ")}\
- field: end
  change: added
  new: '2027-07-12'
- field: offer
  change: corrected
  old: Fifteen percent off the Trail Pro three, Club members only.
  new: Fifteen percent off the Trail Pro 3, Club members only.
- field: owners[Jonas Weber].role
  change: corrected
  old: pull the list
  new: CRM segment
  evidence:
{_said(20, "Jonas can pull the list.", "Priya Nair", "u18", "  ")}\
- field: open_questions["6,000 EUR was said for TikTok, which is not a c…"]
  change: removed
  old:
    text: "6,000 EUR was said for TikTok, which is not a channel in the taxonomy: add it to the taxonomy's channels or move the money"
  evidence:
{_said(8, "And six thousand on TikTok, the creators want to do trail videos.", "Lea Hoffmann", "u6", "  ")}\
learned:
- kind: channel_alias
  said: TikTok
  means: paid_social
  learned_from: budget.split[paid_social].amount
- kind: role
  said: pull the list
  means: CRM segment
  person: Jonas Weber
  learned_from: owners[Jonas Weber].role
- kind: product_name
  said: Trail Pro three
  means: Trail Pro 3
  learned_from: offer
"""

NEXT_KICKOFF = """\
Date: 2027-08-02

Priya Nair: This is the night trail kickoff. Budget first.
Malte Sørensen: Finance gave us twenty thousand euros total.
Malte Sørensen: Fourteen k for Google, search plus PMax.
Lea Hoffmann: And six thousand on TikTok, night running videos.
Priya Nair: Offer is fifteen percent off the Trail Pro three, Club members only.
Malte Sørensen: KPIs: ROAS of three, CPA under thirty-five euros.
Priya Nair: I'll own it. Jonas can pull the list.
Dana Lee: October first to October thirty-first. Done.
"""


@pytest.fixture
def ws(example_workspace: Path) -> Path:
    (example_workspace / "review").mkdir()
    (example_workspace / "review" / "draft.md").write_text(DRAFT, encoding="utf-8")
    (example_workspace / "review" / "approved.md").write_text(APPROVED, encoding="utf-8")
    (example_workspace / "transcripts" / "2027-q4_night-trail-kickoff.txt").write_text(NEXT_KICKOFF, encoding="utf-8")
    return example_workspace


@pytest.fixture
def learn(mops, ws: Path):
    def run(*args: str):
        return mops("-w", str(ws), "brief", "learn", *args, cwd=ws)

    return run


def _draft_next(mops, ws: Path):  # noqa: ANN001, ANN202
    result = mops("-w", str(ws), "brief", "draft", "transcripts/2027-q4_night-trail-kickoff.txt", "--out", "review/", cwd=ws)
    assert result.exit_code == 0, result.stderr
    return read_brief(ws / "review" / "2027-q4_night-trail.md", display="next").brief, result.stderr


def test_learn_records_exactly_the_reviewers_changes(learn, ws: Path) -> None:
    result = learn("review/draft.md", "review/approved.md", "--write")
    assert result.exit_code == 0, result.stderr
    written = (ws / CORRECTION).read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=../../.mops/schemas/correction.json\n")
    assert yaml.safe_load(written) == yaml.safe_load(EXPECTED)
    assert f"recorded in {CORRECTION}" in result.stderr
    # what it prints names every change and what is learned
    assert "corrected kpis[cpa].target: 35 -> 32" in result.stdout
    assert "channel_alias 'TikTok' -> 'paid_social'" in result.stdout
    assert "recorded only: 3 changes" in result.stdout  # the target, the end date, the answered question's figure aside


def test_without_write_nothing_is_written_and_json_is_the_schema(learn, mops, ws: Path) -> None:
    result = learn("review/draft.md", "review/approved.md", "--format", "json")
    assert result.exit_code == 0
    assert not (ws / "lessons").exists()
    data = json.loads(result.stdout)
    assert data["written"] is False and data["target"] == CORRECTION
    assert data["correction"]["learned"] == yaml.safe_load(EXPECTED)["learned"]
    jsonschema.validate(data, json.loads(mops("schema", "brief-learn").stdout))
    assert "not written: run again with --write" in result.stderr


def test_the_next_draft_applies_what_was_learned_and_says_so(learn, mops, ws: Path) -> None:
    before, _ = _draft_next(mops, ws)
    # without the lesson: TikTok is no channel, Jonas's role and the product are as said
    assert [(s.channel, s.amount) for s in before.budget.split] == [("paid_search", 14000)]
    assert any("TikTok" in q.text for q in before.open_questions)
    assert [p.role for p in before.owners if p.name == "Jonas Weber"] == ["pull the list"]
    assert "Trail Pro three" in (before.offer or "")

    assert learn("review/draft.md", "review/approved.md", "--write").exit_code == 0
    (ws / "review" / "2027-q4_night-trail.md").unlink()
    after, stderr = _draft_next(mops, ws)
    assert [(s.channel, s.amount) for s in after.budget.split] == [("paid_search", 14000), ("paid_social", 6000)]
    assert not any("TikTok" in q.text for q in after.open_questions)
    assert [p.role for p in after.owners if p.name == "Jonas Weber"] == ["CRM segment"]
    assert after.offer == "Offer is fifteen percent off the Trail Pro 3, Club members only."
    assert after.evidence["offer"][0].quote == "Offer is fifteen percent off the Trail Pro three, Club members only."  # quotes stay as said
    # the draft says so: on stderr, and in the evidence of each value, at the line of the entry applied
    lines = (ws / CORRECTION).read_text(encoding="utf-8").splitlines()
    alias_line = lines.index("- kind: channel_alias") + 1
    role_line = lines.index("- kind: role") + 1
    assert f"applied correction from {CORRECTION}: 'TikTok' is paid_social" in stderr
    assert f"applied correction from {CORRECTION}: Jonas Weber's role 'pull the list' is 'CRM segment'" in stderr
    assert f"applied correction from {CORRECTION}: 'Trail Pro three' is written 'Trail Pro 3'" in stderr
    [social] = [s for s in after.budget.split if s.channel == "paid_social"]
    assert (social.evidence[-1].path, social.evidence[-1].line) == (CORRECTION, alias_line)
    assert social.evidence[0].quote == "And six thousand on TikTok, night running videos."
    [jonas] = [p for p in after.owners if p.name == "Jonas Weber"]
    assert (jonas.evidence[-1].path, jonas.evidence[-1].line) == (CORRECTION, role_line)


def test_a_changed_target_is_recorded_but_never_applied(learn, mops, ws: Path) -> None:
    assert learn("review/draft.md", "review/approved.md", "--write").exit_code == 0
    assert any(c["field"] == "kpis[cpa].target" for c in yaml.safe_load((ws / CORRECTION).read_text())["changes"])
    after, stderr = _draft_next(mops, ws)
    [cpa] = [k for k in after.kpis if k.metric == "cpa"]
    assert cpa.target == 35  # what this meeting said, not the 32 a reviewer set for another campaign
    assert "thirty-five" in cpa.evidence[0].quote
    assert "32" not in stderr


def test_a_channel_the_taxonomy_lists_elsewhere_is_reported_not_learned(learn, ws: Path) -> None:
    # the reviewer moves the money said "for Google" to video: the taxonomy lists `google` under paid search
    (ws / "review" / "approved.md").write_text(
        DRAFT.replace("    - channel: paid_search\n", "    - channel: video\n"), encoding="utf-8")
    result = learn("review/draft.md", "review/approved.md", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [c["field"] for c in data["correction"]["changes"]] == ["budget.split[paid_search].channel"]
    assert data["correction"]["learned"] == []
    [refused] = data["observations"]
    assert "'Google'" in refused["statement"] and "under paid_search" in refused["statement"]


def test_money_moved_to_a_channel_the_taxonomy_lacks_is_reported_not_learned(learn, ws: Path) -> None:
    # the reviewer moves Google's money to `retail_media` and puts TikTok's 6,000 on `creators`:
    # neither is a channel of the taxonomy, so neither phrase can become an alias; said, not silent
    approved = (
        APPROVED.replace("    - channel: paid_search\n", "    - channel: retail_media\n")
        .replace("channels:\n  - paid_search\n  - paid_social\n", "channels:\n  - paid_search\n  - paid_social\n  - creators\n")
        .replace("amount: 15000", "amount: 9000")
    )
    (ws / "review" / "approved.md").write_text(approved, encoding="utf-8")
    result = learn("review/draft.md", "review/approved.md", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [rule["kind"] for rule in data["correction"]["learned"]] == ["role", "product_name"]
    statements = sorted(o["statement"] for o in data["observations"])
    assert len(statements) == 2 and all(o["code"] == "BRIEF-LEARN" and o["severity"] == "warning" for o in data["observations"])
    # "Twelve k for Google, search plus PMax.": three names of paid search in the quote
    assert statements[0].startswith("not learned: the reviewer moved money said with 'Google', 'search', 'PMax' from paid_search to retail_media, "
                                    "which is not a channel in the taxonomy")
    assert statements[1].startswith("not learned: the reviewer put the 6,000 said for TikTok on creators, which is not a channel in the taxonomy")
    assert all("taxonomy/utm.yaml" in s for s in statements)


def test_the_example_pair_teaches_its_three_corrections(mops, example_workspace: Path) -> None:
    result = mops("brief", "learn", "drafts/2027-q3_trail-running.md", "briefs/2027-q3_trail-running.md", "--format", "json",
                  cwd=example_workspace)
    assert result.exit_code == 0, result.stderr
    learned = json.loads(result.stdout)["correction"]["learned"]
    assert [(r["kind"], r["said"], r["means"]) for r in learned] == [
        ("channel_alias", "TikTok", "paid_social"), ("role", "pull the list", "CRM segment"), ("product_name", "Trail Pro three", "Trail Pro 3"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["review/draft.md", "review/missing.md"], "review/missing.md: error: file not found"),
        (["review/draft.md", "review/draft.md"], "DRAFT and APPROVED are the same file"),
        (["review/draft.md", "transcripts/2027-q4_night-trail-kickoff.txt"], "no front matter"),
    ],
)
def test_bad_input_is_exit_2_with_a_clear_message(learn, args: list[str], message: str) -> None:
    result = learn(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_brief_approved_as_drafted_records_nothing(learn, ws: Path) -> None:
    (ws / "review" / "same.md").write_text(DRAFT, encoding="utf-8")
    result = learn("review/draft.md", "review/same.md", "--write")
    assert result.exit_code == 0, result.stderr
    assert "the approved brief is the draft as it was: nothing to record" in result.stderr
    assert not (ws / CORRECTION).exists()


def test_a_brief_outside_the_workspace_is_refused(learn, ws: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere" / "approved.md"
    elsewhere.parent.mkdir()
    elsewhere.write_text(APPROVED, encoding="utf-8")
    result = learn("review/draft.md", str(elsewhere), "--write")
    assert result.exit_code == 2 and "APPROVED is outside the workspace" in result.stderr
    assert not (ws / CORRECTION).exists()


def test_briefs_of_two_campaigns_are_refused_naming_the_field(learn, ws: Path) -> None:
    (ws / "review" / "other.md").write_text(APPROVED.replace("campaign: 2027-q3_trail-running", "campaign: 2027-q4_night-trail"))
    result = learn("review/draft.md", "review/other.md", "--write")
    assert result.exit_code == 2
    assert "review/other.md:4" in result.stderr and "different campaigns" in result.stderr and "campaign" in result.stderr
    assert not (ws / "lessons").exists()


def test_a_recorded_correction_is_not_replaced_without_force(learn, ws: Path) -> None:
    assert learn("review/draft.md", "review/approved.md", "--write").exit_code == 0
    target = ws / CORRECTION
    edited = target.read_text().replace("- kind: product_name", "- kind: product_name\n  # kept by the reviewer")
    target.write_text(edited)
    refused = learn("review/draft.md", "review/approved.md", "--write")
    assert refused.exit_code == 2 and "already recorded" in refused.stderr and "--force" in refused.stderr
    assert target.read_text() == edited
    assert learn("review/draft.md", "review/approved.md", "--write", "--force").exit_code == 0
    assert "# kept by the reviewer" not in target.read_text()


def test_a_broken_correction_file_stops_the_draft_naming_it(mops, ws: Path) -> None:
    (ws / "lessons" / "corrections").mkdir(parents=True)
    (ws / "lessons" / "corrections" / "x.yaml").write_text(
        "version: 1\ncampaign: 2027-q3_trail-running\ndraft: a.md\napproved: b.md\nlearned:\n  - kind: channel_alias\n    said: TikTok\n", encoding="utf-8")
    result = mops("-w", str(ws), "brief", "draft", "transcripts/2027-q4_night-trail-kickoff.txt", "--dry-run", cwd=ws)
    assert result.exit_code == 2
    assert "lessons/corrections/x.yaml:6" in result.stderr and "means" in result.stderr
