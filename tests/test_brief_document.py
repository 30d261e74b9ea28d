"""Brief files: the Brief as YAML front matter that reads back the same, and errors that say where."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from mops.brief.document import read_brief, render_front_matter
from mops.errors import ConfigError, InputError, MultipleErrors
from mops.models.brief import (
    Audience, Brief, Budget, ChannelBudget, Deliverable, Disagreement, Kpi, Person, Pricing, Statement, Suggestion,
)
from mops.models.results import Evidence


def _said(quote: str, line: int, speaker: str = "Malte Sørensen") -> list[Evidence]:
    return [Evidence(kind="utterance", path="transcripts/kickoff.txt", line=line, quote=quote, speaker=speaker, utterance=f"u{line}")]


def full_brief() -> Brief:
    return Brief(
        campaign="2027-q1_trail-running",
        title="Trail Running 2027",
        status="in_review",
        objectives=["Sell the new trail range", Statement(text="Win back lapsed runners", by="Priya Nair", evidence=_said("win them back", 4))],
        kpis=[Kpi(metric="roas", target=4, direction="at_least", stretch=4.5, baseline=3.8), Kpi(metric="revenue", target=80000.5, unit="EUR")],
        audience=Audience(description="Runners in Germany", size=41250, locations=["Germany", "Austria"]),
        channels=["paid_search", "email"],
        budget=Budget(
            total=20000, split=[ChannelBudget(channel="paid_search", amount=12000, evidence=_said("twelve for search", 9))],
            reserve=1000, reserve_owner="Malte Sørensen",
        ),
        pricing=Pricing(price=129.0, unit_cost=61.25),
        start=dt.date(2027, 3, 1),
        end=dt.date(2027, 3, 28),
        key_messages=["Grip on wet roots: tested in Norway", "yes", "two\nlines"],
        offer="Free returns",
        landing_page="https://www.fjordline.example/trail?ref=brief",
        deliverables=["Search ads", Deliverable(what="Newsletter", due=dt.date(2027, 2, 20), owner="Lea Hoffmann")],
        owners=[Person(name="Lea Hoffmann", role="owner")],
        approvers=[Person(name="Dana Lee", role="approver")],
        decisions=["We skip display"],
        risks=[Statement(text="Stock arrives late", by="Jonas Weber")],
        open_questions=["Which shoe leads the ads?"],
        disagreements=[Disagreement(field="budget.total", offline="20000", model="22000")],
        suggested=[Suggestion(field="start", value="2027-03-08", reason="kickoff to launch took 5 weeks", sources=[Evidence(kind="file", path="plans/x.yaml", line=3)])],
        transcript="transcripts/kickoff.txt",
        meeting_date=dt.date(2027, 1, 20),
        playbook="campaign-brief",
        drafted_by="offline",
        evidence={"start": _said("first of March", 12), "budget.total": _said("twenty thousand", 8)},
    )


def test_front_matter_reads_back_as_the_same_brief() -> None:
    brief = full_brief()
    text = render_front_matter(brief)
    assert Brief.model_validate(yaml.safe_load(text)) == brief


def test_a_minimal_brief_reads_back_too() -> None:
    brief = Brief(campaign="2027-q1_x", title="X")
    assert Brief.model_validate(yaml.safe_load(render_front_matter(brief))) == brief


def test_front_matter_is_readable() -> None:
    text = render_front_matter(full_brief())
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../.mops/schemas/brief.json"
    top_keys = [line.split(":")[0] for line in lines[1:] if line and not line.startswith((" ", "-", "#"))]
    assert top_keys == [name for name in Brief.model_fields if name in top_keys]  # the model's order
    assert top_keys[:4] == ["version", "campaign", "title", "status"]
    assert "start: 2027-03-01" in lines and "end: 2027-03-28" in lines  # dates as YYYY-MM-DD, unquoted
    assert "  total: 20000" in lines  # whole amounts without '.0'
    assert "  - Search ads" in lines  # a deliverable that is only its text stays a plain string
    assert "  - We skip display" in lines


def test_empty_values_are_left_out() -> None:
    brief = Brief(campaign="2027-q1_x", title="X", channels=["email"])
    text = render_front_matter(brief)
    for absent in ("objectives", "kpis", "audience", "pricing", "start", "owners", "evidence", "null", "[]", "{}"):
        assert absent not in text


def _write(tmp_path: Path, text: str, name: str = "brief.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BRIEF = """---
# a comment
version: 2
campaign: 2027-q1_trail-running
title: Trail Running
channels:
  - paid_search
  - email
budget:
  total: 20000
  split:
    - channel: paid_search
      amount: 12000
    - channel: email
      amount: 8000
start: 2027-03-01
end: 2027-03-28
---
# Trail Running

Body text.
"""


def _line(text: str, fragment: str) -> int:
    """1-based line of the first line containing `fragment`."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_read_brief_gives_the_brief_its_body_and_where_each_field_is(tmp_path: Path) -> None:
    doc = read_brief(_write(tmp_path, BRIEF), display="briefs/brief.md")
    assert doc.brief.campaign == "2027-q1_trail-running"
    assert doc.brief.budget.split[1].amount == 8000
    assert doc.body == "# Trail Running\n\nBody text.\n"
    assert doc.body_line == _line(BRIEF, "# Trail Running")
    assert doc.line_of("title") == _line(BRIEF, "title:")
    assert doc.line_of("budget.total") == _line(BRIEF, "total: 20000")
    assert doc.line_of("budget.split[1].amount") == _line(BRIEF, "amount: 8000")
    assert doc.line_of(("channels", 1)) == _line(BRIEF, "- email")
    assert doc.line_of("end") == _line(BRIEF, "end:")
    # a field that is not there: its nearest parent, else the opening '---'
    assert doc.line_of("budget.reserve") == _line(BRIEF, "budget:")
    assert doc.line_of("owners") == 1


def test_windows_line_ends_and_a_bom_are_read(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    path.write_bytes(b"\xef\xbb\xbf" + BRIEF.replace("\n", "\r\n").encode())
    doc = read_brief(path, display="b.md")
    assert doc.brief.end == dt.date(2027, 3, 28)
    assert doc.line_of("end") == _line(BRIEF, "end:")


@pytest.mark.parametrize(
    ("text", "error", "line", "words"),
    [
        ("# Trail\n\nno front matter\n", InputError, 1, "no front matter"),
        ("---\ntitle: x\n# never closed\n", InputError, 1, "not closed"),
        (BRIEF.replace("title: Trail Running", "title: [Trail"), ConfigError, None, "YAML syntax error"),
        (BRIEF.replace("  total: 20000", "  total: -5"), ConfigError, _line(BRIEF, "total: 20000"), "greater than or equal to 0"),
        (BRIEF.replace("campaign: 2027-q1_trail-running", "campaign: Trail Running!"), ConfigError, _line(BRIEF, "campaign:"), "not a campaign id"),
        (BRIEF.replace("title: Trail Running", "title: Trail Running\nobjectiv: sell"), ConfigError, _line(BRIEF, "title:") + 1, "unknown field 'objectiv'"),
        (BRIEF.replace("end: 2027-03-28", "end: 2027-02-01"), ConfigError, _line(BRIEF, "end:"), "end 2027-02-01 is before start 2027-03-01"),
    ],
    ids=["no-front-matter", "unclosed", "bad-yaml", "negative-total", "bad-campaign-id", "unknown-field", "end-before-start"],
)
def test_errors_name_the_file_line_and_field(tmp_path: Path, text: str, error: type, line: int | None, words: str) -> None:
    with pytest.raises(error) as caught:
        read_brief(_write(tmp_path, text), display="briefs/brief.md")
    assert words in caught.value.message
    assert caught.value.path == "briefs/brief.md"
    if line is not None:
        assert caught.value.line == line


def test_a_yaml_syntax_error_is_at_its_line_in_the_file(tmp_path: Path) -> None:
    text = BRIEF.replace("  split:", "  split: [")
    with pytest.raises(ConfigError) as caught:
        read_brief(_write(tmp_path, text), display="b.md")
    # the error is where the YAML breaks, counted in the file (the '---' line included)
    assert caught.value.line in (_line(text, "split: ["), _line(text, "split: [") + 1)


def test_several_invalid_fields_are_reported_together(tmp_path: Path) -> None:
    text = BRIEF.replace("  total: 20000", "  total: lots").replace("start: 2027-03-01", "start: someday")
    with pytest.raises(MultipleErrors) as caught:
        read_brief(_write(tmp_path, text), display="b.md")
    assert {(e.field, e.line) for e in caught.value.errors} == {("budget.total", _line(text, "total: lots")), ("start", _line(text, "start: someday"))}


def test_a_version_1_brief_says_so(tmp_path: Path) -> None:
    old = "---\ncampaign: 2026-q4_black-friday\ntitle: BF\nobjective: Sell\nowner: priya@x.example\nbudget:\n  amount: 5\n---\n"
    with pytest.raises(ConfigError) as caught:
        read_brief(_write(tmp_path, old), display="b.md")
    assert "version 1" in caught.value.message
    assert caught.value.line == 4 and caught.value.field == "objective"
    assert "objectives" in caught.value.hint


def test_a_brief_that_is_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_bytes(BRIEF.replace("Body text.", "Caf\xe9").encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_brief(path, display="b.md")


def test_every_read_error_exits_2_through_the_cli(mops, example_workspace: Path) -> None:
    brief = example_workspace / "briefs" / "broken.md"
    brief.write_text(BRIEF.replace("  total: 20000", "  total: -5"), encoding="utf-8")
    result = mops("-w", str(example_workspace), "brief", "check", str(brief))
    assert result.exit_code == 2
    assert f"briefs/broken.md:{_line(BRIEF, 'total: 20000')}:" in result.stderr
    assert "field: budget.total" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_brief_that_says_version_1_is_told_how_to_move_to_2(tmp_path: Path) -> None:
    path = _write(tmp_path, "---\nversion: 1\ncampaign: 2026-q4_x\ntitle: X\n---\n")
    with pytest.raises(ConfigError) as caught:
        read_brief(path, display="briefs/x.md")
    assert "version 1 layout" in caught.value.message and caught.value.line == 2
    assert "mops schema brief" in caught.value.hint
