"""`mops queue` and `mops approvals stats` on a scripted history whose figures are worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mops.approvals.approve import approve
from mops.approvals.verify import queue, stats
from mops.workspace import load_workspace
from tests.approvals_support import BASE_CONFIG, Team

UTC = dt.timezone.utc
BOOTS = "copy/meta/boots.md"
PLAN_FILE = "plans/2026-q4_black-friday.yaml"
WELCOME = "copy/email/welcome.md"
PROMO = "copy/sms/promo.txt"


def _at(team: Team, when: dt.datetime) -> None:
    team.at(when)


def _decide(team: Team, who: str, artifact: str, when: dt.datetime, decision: str = "approved") -> None:
    team.sign_as(who)
    team.at(when)
    approve(load_workspace(team.root), [team.root / artifact], decision=decision, comment="not like this" if decision == "rejected" else None, now=when)


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    """Oct 1 00:00 workspace; Oct 1 05:00 Dana approves the boots ad (5 h); Oct 1 10:00 Malte rejects
    the plan (10 h); Oct 3 the ad changes; Nov 2 00:00 Dana approves it again (720 h, a re-approval);
    Nov 2 12:00 Malte approves the unchanged plan (780 h); Nov 5 a welcome email and Nov 9 12:00 an
    SMS wait for a decision, with a 48-hour SLA."""
    team = Team(tmp_path, monkeypatch)
    monkeypatch.chdir(team.root)
    team.write("mops.yaml", BASE_CONFIG + "  sla_hours: 48\n")
    team.write("approvals/allowed_signers", "".join(team.person(e).signers_line() for e in ("dana@example.com", "malte@example.com")))
    from tests.approvals_support import COPY, PLAN

    team.write(BOOTS, COPY)
    team.write(PLAN_FILE, PLAN.format(budget=30000))
    team.at(dt.datetime(2026, 10, 1, 0, 0, tzinfo=UTC))
    team.commit_all("workspace", tick=False)
    _decide(team, "dana@example.com", BOOTS, dt.datetime(2026, 10, 1, 5, 0, tzinfo=UTC))
    _decide(team, "malte@example.com", PLAN_FILE, dt.datetime(2026, 10, 1, 10, 0, tzinfo=UTC), "rejected")
    team.write(BOOTS, COPY.replace("Warm feet", "Dry feet"))
    team.at(dt.datetime(2026, 10, 3, 0, 0, tzinfo=UTC))
    team.commit_all("boots v2", tick=False)
    _decide(team, "dana@example.com", BOOTS, dt.datetime(2026, 11, 2, 0, 0, tzinfo=UTC))
    _decide(team, "malte@example.com", PLAN_FILE, dt.datetime(2026, 11, 2, 12, 0, tzinfo=UTC))
    team.write(WELCOME, "Subject: Welcome to the trail\n\nThanks for joining us.\n")
    team.at(dt.datetime(2026, 11, 5, 0, 0, tzinfo=UTC))
    team.commit_all("welcome email", tick=False)
    team.write(PROMO, "Boots for the first snow, this week only in our stores.\n")
    team.at(dt.datetime(2026, 11, 9, 12, 0, tzinfo=UTC))
    team.commit_all("sms", tick=False)
    return team


def test_stats_per_month_match_the_hand_count(history: Team) -> None:
    report = stats(load_workspace(history.root))
    months = {m.month: m for m in report.months}
    assert sorted(months) == ["2026-10", "2026-11"]
    october, november = months["2026-10"], months["2026-11"]
    assert (october.decisions, october.approvals, october.rejections, october.re_approvals) == (2, 1, 1, 0)
    assert october.rejection_rate == 0.5
    assert october.median_lead_time_hours == 7.5 and october.mean_lead_time_hours == 7.5
    assert (november.decisions, november.approvals, november.rejections, november.re_approvals) == (2, 2, 0, 1)
    assert november.rejection_rate == 0.0
    assert november.median_lead_time_hours == 750.0


def test_stats_command_prints_the_months(history: Team, mops) -> None:
    result = mops("approvals", "stats", "--format", "json", cwd=history.root)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [m["month"] for m in data["months"]] == ["2026-10", "2026-11"]
    text = mops("approvals", "stats", cwd=history.root)
    assert "2026-10" in text.stdout and "50%" in text.stdout and "7.5 h" in text.stdout and "31.2 d" in text.stdout


def test_queue_lists_what_waits_oldest_past_sla_first(history: Team) -> None:
    now = dt.datetime(2026, 11, 10, 0, 0, tzinfo=UTC)
    report = queue(load_workspace(history.root), now=now)
    assert [(s.artifact, s.state) for s in report.artifacts] == [(WELCOME, "pending"), (PROMO, "pending")]
    welcome, promo = report.artifacts
    assert welcome.age_hours == 120.0 and welcome.past_sla and welcome.sla_hours == 48
    assert promo.age_hours == 12.0 and not promo.past_sla
    assert welcome.needed == ["1 more approval (0 of 1, one approval by anyone in the allowed-signers file)"]


def test_queue_all_shows_who_approved(history: Team) -> None:
    now = dt.datetime(2026, 11, 10, 0, 0, tzinfo=UTC)
    report = queue(load_workspace(history.root), now=now, include_approved=True)
    states = {s.artifact: s for s in report.artifacts}
    assert states[BOOTS].state == "approved" and [a.name for a in states[BOOTS].approvers] == ["Dana Lee"]
    assert states[PLAN_FILE].state == "approved" and [a.name for a in states[PLAN_FILE].approvers] == ["Malte Berg"]


def test_queue_command_flags_items_past_the_sla(history: Team, mops) -> None:
    result = mops("queue", cwd=history.root)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1].startswith("pending") and WELCOME in lines[1] and "PAST SLA" in lines[1]
    assert "past the SLA" in result.stderr
    data = json.loads(mops("queue", "--format", "json", cwd=history.root).stdout)
    assert [a["artifact"] for a in data["artifacts"]] == [WELCOME, PROMO]
