"""Playbooks: bundled and workspace templates, rendered in the sandbox, with links that pass lint."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from mops.brief.document import read_brief
from mops.brief.playbooks import list_playbooks, render_playbook
from mops.errors import ConfigError, UsageError
from mops.lint.runner import LintOptions, run_lint
from mops.models.brief import Brief, Budget, ChannelBudget, Disagreement, Kpi, Person, Statement, Suggestion
from mops.models.results import Evidence
from mops.workspace import load_workspace

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def ws_dir(example_workspace: Path) -> Path:
    for brief in (example_workspace / "briefs").glob("*.md"):
        brief.unlink()  # the example's own briefs are redrafted elsewhere; these tests write theirs
    return example_workspace


def _said(quote: str, line: int, speaker: str) -> list[Evidence]:
    return [Evidence(kind="utterance", path="transcripts/kickoff.txt", line=line, quote=quote, speaker=speaker, utterance="u1")]


def spring_brief(**changes) -> Brief:
    values = dict(
        campaign="2026-q2_spring-sale",  # has a plan in the example workspace
        title="Spring Range 2026",  # not "sale": the example's brand voice wants "Terms apply." after that word
        objectives=[Statement(text="Sell the spring range", evidence=_said("we need to move the spring range", 4, "Priya Nair"))],
        kpis=[Kpi(metric="roas", target=4, direction="at_least"), Kpi(metric="signups")],
        channels=["paid_search", "paid_social", "email"],
        budget=Budget(
            total=30000,
            split=[
                ChannelBudget(channel="paid_search", amount=15000, evidence=_said("fifteen k for search", 9, "Malte Sørensen")),
                ChannelBudget(channel="paid_social", amount=10000),
                ChannelBudget(channel="email", amount=4000),
            ],
            reserve=1000,
            reserve_owner="Malte Sørensen",
        ),
        start=dt.date(2026, 4, 1),
        end=dt.date(2026, 4, 20),
        key_messages=["Gear for the first warm weekend.", "Free returns until June."],
        landing_page="https://www.fjordline.example/spring",
        owners=[Person(name="Priya Nair", role="owner"), Person(name="Malte Sørensen", role="paid_social")],
        open_questions=[Statement(text="Do we run the UK account?", by="Jonas Weber", evidence=_said("UK — open question.", 20, "Priya Nair"))],
        evidence={"start": _said("first of April", 12, "Dana Lee")},
        playbook="campaign-brief",
    )
    values.update(changes)
    return Brief(**values)


def _workspace_playbook(ws_dir: Path, name: str, text: str) -> None:
    folder = ws_dir / "playbooks"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.md.j2").write_text(text, encoding="utf-8")


# -- listing ---------------------------------------------------------------------------------------


def test_bundled_playbooks_declare_what_they_need(ws_dir: Path) -> None:
    found = {p.name: p for p in list_playbooks(load_workspace(ws_dir))}
    assert set(found) == {"campaign-brief", "social-calendar"}
    assert all(p.source == "bundled" and p.description for p in found.values())
    assert {"campaign", "title", "budget.total", "start", "end", "owners"} <= set(found["campaign-brief"].required_fields)
    assert {"channels", "landing_page", "key_messages"} <= set(found["social-calendar"].required_fields)


def test_a_workspace_playbook_overrides_the_bundled_one_by_name(ws_dir: Path, mops) -> None:
    _workspace_playbook(ws_dir, "campaign-brief", "{#- mops:\ndescription: Ours\nrequires: [title]\n-#}\n# {{ brief.title }} (ours)\n")
    _workspace_playbook(ws_dir, "one-pager", "{{ brief.title }}\n")
    ws = load_workspace(ws_dir)
    found = {p.name: p for p in list_playbooks(ws)}
    assert (found["campaign-brief"].source, found["campaign-brief"].description, found["campaign-brief"].required_fields) == ("workspace", "Ours", ("title",))
    assert found["one-pager"].source == "workspace" and found["one-pager"].description == ""
    assert found["social-calendar"].source == "bundled"
    assert render_playbook(ws, "campaign-brief", spring_brief(), today=TODAY) == "# Spring Range 2026 (ours)\n"

    listed = mops("-w", str(ws_dir), "playbooks", "list")
    assert listed.exit_code == 0
    rows = {line.split()[0]: line for line in listed.stdout.splitlines()[1:]}
    assert "workspace (overrides bundled)" in rows["campaign-brief"] and "Ours" in rows["campaign-brief"]
    assert "bundled" in rows["social-calendar"]
    as_json = json.loads(mops("-w", str(ws_dir), "playbooks", "list", "--format", "json").stdout)
    assert [p["name"] for p in as_json] == ["campaign-brief", "one-pager", "social-calendar"]
    assert as_json[0]["requires"] == ["title"] and as_json[0]["path"] == "playbooks/campaign-brief.md.j2"


def test_a_header_requiring_a_field_the_brief_lacks_is_an_error_at_its_line(ws_dir: Path, mops) -> None:
    _workspace_playbook(ws_dir, "bad", "{#- mops:\ndescription: x\nrequires: [title, budget.totl]\n-#}\n")
    result = mops("-w", str(ws_dir), "playbooks", "list")
    assert result.exit_code == 2
    assert "playbooks/bad.md.j2:3:" in result.stderr and "budget.totl" in result.stderr


# -- the campaign brief ----------------------------------------------------------------------------


def test_campaign_brief_is_front_matter_that_reads_back_and_a_body_for_reviewers(ws_dir: Path) -> None:
    brief = spring_brief(
        suggested=[
            Suggestion(field="budget.total", value="26,000 to 34,000 EUR", reason="Similar past campaigns.",
                       sources=[Evidence(kind="file", path="plans/2026-q1_winter-clearance.yaml", line=8)]),
        ],
        disagreements=[Disagreement(field="end", offline="2026-04-20", model="2026-04-27", evidence=_said("three weeks", 14, "Dana Lee"))],
    )
    text = render_playbook(load_workspace(ws_dir), "campaign-brief", brief, today=TODAY)
    assert text.startswith("---\n# yaml-language-server: $schema=../.mops/schemas/brief.json\n")
    path = ws_dir / "briefs" / "2026-q2_spring-sale.md"
    path.write_text(text, encoding="utf-8")
    doc = read_brief(path, display="briefs/2026-q2_spring-sale.md")
    assert doc.brief == brief

    body = doc.body
    assert "# Spring Range 2026" in body
    # the meeting's words under the value they support, with who said them and where
    assert re.search(r"- Start: 2026-04-01\n  - “first of April” \(Dana Lee, line 12\)\n", body)
    assert re.search(r"\| paid_search \| 15,000 EUR \| 50% \|", body)
    assert re.search(r"\| reserve, released by Malte Sørensen \| 1,000 EUR \| 3% \|", body)
    assert "| **total** | **30,000 EUR** | |" in body
    assert "  - “fifteen k for search” (Malte Sørensen, line 9)" in body
    assert "- **roas**: at least 4\n" in body and "- **signups**: no target yet\n" in body
    assert "- [ ] Do we run the UK account? (Jonas Weber)\n  - “UK — open question.” (Priya Nair, line 20)\n" in body
    assert "- **end**: offline 2026-04-20 (kept); model 2026-04-27\n  - “three weeks” (Dana Lee, line 14)\n" in body
    suggested = body.split("## Suggested from history", 1)[1]
    assert "Not said in the kickoff" in suggested
    assert "**budget.total** (suggested): 26,000 to 34,000 EUR" in suggested
    assert "source: plans/2026-q1_winter-clearance.yaml:8" in suggested
    # nothing from history is mixed into the stated values above it
    assert "26,000 to 34,000" not in body.split("## Suggested from history", 1)[0]


def test_campaign_brief_without_suggestions_has_no_such_section_and_says_what_is_unsettled(ws_dir: Path) -> None:
    brief = Brief(campaign="2027-q1_x", title="X")
    text = render_playbook(load_workspace(ws_dir), "campaign-brief", brief, today=TODAY)
    assert "Suggested from history" not in text
    assert "_Not settled in the kickoff: see the open questions._" in text
    assert "- Total budget: not stated" in text


def test_the_rendered_brief_passes_lint(ws_dir: Path) -> None:
    path = ws_dir / "briefs" / "2026-q2_spring-sale.md"
    path.write_text(render_playbook(load_workspace(ws_dir), "campaign-brief", spring_brief(), today=TODAY), encoding="utf-8")
    report = run_lint(load_workspace(ws_dir), [path], LintOptions()).report
    assert report.findings == []


# -- the social calendar ---------------------------------------------------------------------------


def test_social_calendar_posts_every_week_on_every_channel_with_links_that_pass_lint(ws_dir: Path) -> None:
    ws = load_workspace(ws_dir)
    text = render_playbook(ws, "social-calendar", spring_brief(), today=TODAY)
    # a flight from Wednesday 1 April to Monday 20 April: weeks start on the 1st, then Mondays
    assert re.findall(r"^## Week (\d): \w+ (\d+ \w+ \d+)", text, re.MULTILINE) == [
        ("1", "01 April 2026"), ("2", "06 April 2026"), ("3", "13 April 2026"), ("4", "20 April 2026"),
    ]
    rows = [line.split(" | ") for line in text.splitlines() if line.startswith("| paid_") or line.startswith("| email")]
    assert len(rows) == 4 * 3
    expected = {"paid_search": ("google", "cpc"), "paid_social": ("facebook", "paid-social"), "email": ("newsletter", "email")}
    for row in rows:
        channel, link = row[0].lstrip("| "), row[4].rstrip(" |")
        tags = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
        assert link.startswith("https://www.fjordline.example/spring?")
        assert (tags["utm_source"], tags["utm_medium"]) == expected[channel]
        assert tags["utm_campaign"] == "2026-q2_spring-sale"
        assert row[3] == ("Malte Sørensen" if channel == "paid_social" else "Priya Nair")
    assert rows[0][2] == "Gear for the first warm weekend." and rows[1][2] == "Free returns until June."
    assert {row[4].split("utm_content=")[1].rstrip(" |") for row in rows[:3]} == {"paid-search-w1", "paid-social-w1", "email-w1"}

    calendar = ws_dir / "copy" / "spring-calendar.md"
    calendar.write_text(text, encoding="utf-8")
    assert run_lint(ws, [calendar], LintOptions()).report.findings == []


def _set_taxonomy_channels(ws_dir: Path, channels: dict) -> None:
    path = ws_dir / "taxonomy" / "utm.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["channels"] = channels
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_a_link_the_taxonomy_refuses_is_an_error_naming_the_channel_and_why(ws_dir: Path) -> None:
    _set_taxonomy_channels(ws_dir, {"paid_search": {"source": "google", "medium": "cpc"}, "podcast": {"source": "spotify", "medium": "audio"}})
    brief = spring_brief(channels=["paid_search", "podcast"], budget=Budget(total=1000))
    with pytest.raises(ConfigError) as caught:
        render_playbook(load_workspace(ws_dir), "social-calendar", brief, today=TODAY)
    error = caught.value
    assert "'podcast'" in error.message and "utm_source='spotify' is not in the taxonomy's allowed values" in error.message
    assert error.path.endswith("social-calendar.md.j2")
    template = Path(error.path).read_text(encoding="utf-8")  # shown relative to the current folder
    assert "utm_link(" in template.splitlines()[error.line - 1]
    assert error.exit_code == 2


def test_a_channel_without_source_or_medium_or_unknown_is_a_clear_error(ws_dir: Path) -> None:
    _set_taxonomy_channels(ws_dir, {"paid_search": {"source": "google"}, "email": {"source": "newsletter", "medium": "email"}})
    ws = load_workspace(ws_dir)
    with pytest.raises(ConfigError, match="channel 'paid_search' has no medium"):
        render_playbook(ws, "social-calendar", spring_brief(channels=["paid_search"]), today=TODAY)
    with pytest.raises(ConfigError, match="channel 'tiktok' is not in the taxonomy's channels"):
        render_playbook(ws, "social-calendar", spring_brief(channels=["tiktok"]), today=TODAY)
    with pytest.raises(ConfigError, match="no landing_page"):
        render_playbook(ws, "social-calendar", spring_brief(channels=["email"], landing_page=None), today=TODAY)


# -- the sandbox and its errors --------------------------------------------------------------------


def test_an_undefined_variable_is_an_error_at_the_template_line(ws_dir: Path, tmp_path: Path) -> None:
    _workspace_playbook(ws_dir, "old", "# {{ brief.title }}\n\n{{ brief.objective }}\n")
    with pytest.raises(ConfigError) as caught:
        render_playbook(load_workspace(ws_dir), "old", spring_brief(), today=TODAY)
    error = caught.value
    assert (Path(error.path).name, error.line, error.field) == ("old.md.j2", 3, "objective")
    assert error.exit_code == 2
    _workspace_playbook(ws_dir, "typo", "{% if brief.title %}\n{{ breif.title }}\n{% endif %}\n")
    with pytest.raises(ConfigError) as caught:
        render_playbook(load_workspace(ws_dir), "typo", spring_brief(), today=TODAY)
    assert (caught.value.line, caught.value.field) == (2, "breif")


def test_a_syntax_error_is_at_its_line(ws_dir: Path) -> None:
    _workspace_playbook(ws_dir, "broken", "# {{ brief.title }}\n{% for x in brief.channels %}\n- {{ x }}\n")
    with pytest.raises(ConfigError) as caught:
        render_playbook(load_workspace(ws_dir), "broken", spring_brief(), today=TODAY)
    assert "syntax error" in caught.value.message and Path(caught.value.path).name == "broken.md.j2"
    assert caught.value.line == 3  # where Jinja found the loop still open: the last line


def test_the_sandbox_refuses_private_attributes(ws_dir: Path) -> None:
    _workspace_playbook(ws_dir, "escape", "{{ brief.__class__.__mro__ }}\n")
    with pytest.raises(ConfigError) as caught:
        render_playbook(load_workspace(ws_dir), "escape", spring_brief(), today=TODAY)
    assert caught.value.line == 1


def test_an_unknown_playbook_lists_the_available_ones(ws_dir: Path) -> None:
    with pytest.raises(UsageError) as caught:
        render_playbook(load_workspace(ws_dir), "campain-brief", spring_brief(), today=TODAY)
    assert "campain-brief" in caught.value.message
    assert "campaign-brief" in caught.value.hint and "social-calendar" in caught.value.hint


def test_helpers_and_variables(ws_dir: Path) -> None:
    _workspace_playbook(
        ws_dir, "helpers",
        "{{ money(1234.5) }}|{{ 52000 | money('USD') }}|{{ number(0.25) }}|{{ today }}|{{ workspace.name }}|{{ workspace.currency }}\n"
        "{{ weeks(brief.start, brief.end) | join(',') }}\n{{ extra_value }}\nno markup escaping: <b>&</b>\n",
    )
    text = render_playbook(load_workspace(ws_dir), "helpers", spring_brief(), extra={"extra_value": "from the caller"}, today=TODAY)
    assert text == (
        "1,234.50 EUR|52,000 USD|0.25|2026-12-06|Fjordline Outdoor GmbH|EUR\n"
        "2026-04-01,2026-04-06,2026-04-13,2026-04-20\nfrom the caller\nno markup escaping: <b>&</b>\n"
    )


def test_a_bundled_playbook_is_found_on_bundled_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ws = load_workspace(start=tmp_path)
    assert ws.is_default
    text = render_playbook(ws, "campaign-brief", Brief(campaign="2027-q1_x", title="X"), today=TODAY)
    assert text.startswith("---\n") and "# X\n" in text


def test_init_copies_bundled_playbooks_that_still_render(tmp_path: Path, mops) -> None:
    target = tmp_path / "new"
    assert mops("init", str(target)).exit_code == 0
    assert {p.name for p in (target / "playbooks").glob("*.md.j2")} == {"campaign-brief.md.j2", "social-calendar.md.j2"}
    ws = load_workspace(target)
    assert all(p.source == "workspace" for p in list_playbooks(ws))
    assert render_playbook(ws, "campaign-brief", spring_brief(), today=TODAY).startswith("---\n")


def test_a_broken_workspace_playbook_does_not_stop_drafts_that_use_another(mops, example_workspace: Path) -> None:
    (example_workspace / "playbooks").mkdir(exist_ok=True)
    (example_workspace / "playbooks" / "broken.md.j2").write_bytes(b"\xff\xfe\x00binary")
    result = mops("-w", str(example_workspace), "brief", "draft",
                  str(example_workspace / "transcripts" / "2026-q4_black-friday-kickoff.txt"), "--dry-run")
    assert result.exit_code == 0, result.stderr
    listed = mops("-w", str(example_workspace), "playbooks", "list")
    assert listed.exit_code == 2 and "broken.md.j2" in listed.stderr and "Traceback" not in listed.stderr
