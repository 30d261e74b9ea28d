"""`mops logs [ID]` lists and shows the model calls as sent; `mops privacy forget` redacts a person from them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from model_stub import transcript_from_text

from mops.brief.calllog import CallLog, write_call
from mops.brief.model import extract_with_model
from mops.pii.detector import PiiDetector

KICKOFF = """
Priya Nair: Spring sale kickoff. Finance gave us twelve thousand euros.
Jonas Weber: Twelve thousand, fine. I'll do reporting.
"""
ANSWER = json.dumps({
    "title": "Spring sale",
    "budget": {"total": {"value": 12000, "evidence": [{"utterance": "u1", "quote": "Finance gave us twelve thousand euros."}]}},
    "owners": [{"name": "[PERSON_2]", "role": "reporting", "evidence": [{"utterance": "u2", "quote": "I'll do reporting."}]}],
})  # fmt: skip


def _draft(workspace: Path, answer: str = ANSWER) -> list[str]:
    """One `brief draft`-like run on the model path, logged where the workspace keeps its logs."""
    result = extract_with_model(
        transcript_from_text(KICKOFF), model="gpt-4o-mini", detector=PiiDetector(default_region="DE"),
        people=["Priya Nair", "Jonas Weber"], log_dir=workspace / ".mops" / "logs", campaign="2027-q1_spring-sale",
        meeting_date=dt.date(2026, 12, 1), mock_response=answer,
    )  # fmt: skip
    return result.log_ids


def test_no_logs_yet(mops, example_workspace: Path) -> None:
    result = mops("logs", cwd=example_workspace)
    assert result.exit_code == 0 and result.stdout == ""
    assert "no model calls logged yet" in result.stderr
    as_json = mops("logs", "--format", "json", cwd=example_workspace)
    assert as_json.exit_code == 0 and json.loads(as_json.stdout) == []


def test_logs_lists_each_call_and_shows_one_as_sent(mops, example_workspace: Path) -> None:
    first = _draft(example_workspace)
    second = _draft(example_workspace)
    listed = mops("logs", cwd=example_workspace)
    assert listed.exit_code == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0] == "model calls"
    assert lines[1].split() == ["id", "time", "model", "outcome", "tokens_in", "tokens_out", "cost_usd", "seconds"]
    assert [line.split()[0] for line in lines[2:]] == first + second  # oldest first
    assert all(" gpt-4o-mini " in line and " ok " in line for line in lines[2:])

    rows = json.loads(mops("logs", "--format", "json", cwd=example_workspace).stdout)
    assert [r["id"] for r in rows] == first + second
    assert rows[0]["model"] == "gpt-4o-mini" and rows[0]["outcome"] == "ok" and rows[0]["seconds"] >= 0
    assert dt.datetime.fromisoformat(rows[0]["time"]).tzinfo is not None

    shown = mops("logs", first[0], cwd=example_workspace)
    assert shown.exit_code == 0
    assert f"id:       {first[0]}" in shown.stdout
    assert "--- system ---" in shown.stdout and "--- user ---" in shown.stdout
    assert "u1 [PERSON_1]: Spring sale kickoff. Finance gave us twelve thousand euros." in shown.stdout
    assert f"--- response ---\n{ANSWER}" in shown.stdout
    assert "Priya" not in shown.stdout and "Jonas" not in shown.stdout  # as sent: scrubbed

    record = json.loads(mops("logs", first[0], "--format", "json", cwd=example_workspace).stdout)
    assert record["id"] == first[0] and record["messages"][1]["role"] == "user" and record["response"] == ANSWER


def test_logs_takes_the_start_of_an_id(mops, example_workspace: Path) -> None:
    [call_id] = _draft(example_workspace)
    shown = mops("logs", call_id[:-3], cwd=example_workspace)
    assert shown.exit_code == 0 and f"id:       {call_id}" in shown.stdout


def test_an_unknown_id_is_exit_2_with_a_hint(mops, example_workspace: Path) -> None:
    _draft(example_workspace)
    result = mops("logs", "20991231T000000-000000", cwd=example_workspace)
    assert result.exit_code == 2 and result.stdout == ""
    assert "error: no logged model call with id '20991231T000000-000000'" in result.stderr
    assert "hint: run `mops logs` to list the logged calls" in result.stderr


def test_logs_skips_files_that_are_not_call_records(mops, example_workspace: Path) -> None:
    [call_id] = _draft(example_workspace)
    (example_workspace / ".mops" / "logs" / "mops.log").write_text("2026-11-20 import ok\n", encoding="utf-8")
    (example_workspace / ".mops" / "logs" / "half-written.json").write_text('{"id": "x"', encoding="utf-8")
    rows = json.loads(mops("logs", "--format", "json", cwd=example_workspace).stdout)
    assert [r["id"] for r in rows] == [call_id]


def _leaked_call(workspace: Path) -> Path:
    """A call record holding what should never have been sent (a name the scrub missed, say)."""
    record = CallLog(
        id="20261120T101500-abc123", time=dt.datetime(2026, 11, 20, 10, 15, tzinfo=dt.timezone.utc), model="ollama/llama3.1",
        messages=[{"role": "user", "content": "u1 Priya Nair: mail me at Priya.Nair@fjordline.example. Priya decides, Nairobi office."}],
        response='{"owners": [{"name": "Priya"}]}', tokens_in=40, tokens_out=9, duration_seconds=1.5, outcome="ok",
    )  # fmt: skip
    return write_call(workspace / ".mops" / "logs", record)


def test_forget_redacts_a_person_from_call_logs_and_keeps_the_record(mops, example_workspace: Path) -> None:
    leaked = _leaked_call(example_workspace)
    [clean_id] = _draft(example_workspace)
    clean_before = (example_workspace / ".mops" / "logs" / f"{clean_id}.json").read_text(encoding="utf-8")

    result = mops("privacy", "forget", "priya.nair@fjordline.example", cwd=example_workspace)
    assert ".mops/logs/20261120T101500-abc123.json: 4 mentions redacted from a model call log" in result.stdout

    record = json.loads(leaked.read_text(encoding="utf-8"))
    assert record["messages"][0]["content"] == (
        "u1 [forgotten]: mail me at [forgotten]. [forgotten] decides, Nairobi office."
    )
    assert record["response"] == '{"owners": [{"name": "[forgotten]"}]}'
    assert (record["tokens_in"], record["model"]) == (40, "ollama/llama3.1")  # the call is still on record
    shown = mops("logs", "20261120T101500-abc123", cwd=example_workspace)
    assert shown.exit_code == 0 and "Priya" not in shown.stdout
    # the scrubbed call holds nothing of her: untouched
    assert (example_workspace / ".mops" / "logs" / f"{clean_id}.json").read_text(encoding="utf-8") == clean_before


def test_forget_a_phone_number_in_any_spelling_from_call_logs(mops, example_workspace: Path) -> None:
    record = CallLog(
        id="20261121T090000-def456", time=dt.datetime(2026, 11, 21, 9, tzinfo=dt.timezone.utc), model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Sven's mobile is 0170 5550123; the office is 040 5550 9999."}],
        response="call +49 170 555 0123", duration_seconds=0.8, outcome="ok",
    )  # fmt: skip
    path = write_call(example_workspace / ".mops" / "logs", record)
    result = mops("privacy", "forget", "+49 170 5550123", cwd=example_workspace)
    assert ".mops/logs/20261121T090000-def456.json: 2 mentions redacted from a model call log" in result.stdout
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["messages"][0]["content"] == "Sven's mobile is [forgotten]; the office is 040 5550 9999."
    assert data["response"] == "call [forgotten]"


def test_forget_with_name_redacts_someone_not_in_the_team_list(mops, example_workspace: Path) -> None:
    record = CallLog(
        id="20261122T090000-aaa111", time=dt.datetime(2026, 11, 22, 9, tzinfo=dt.timezone.utc), model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Sven Olsen (sven@warehouse.example) handles returns; Sven said fine."}],
        response="ok", duration_seconds=0.5, outcome="ok",
    )  # fmt: skip
    path = write_call(example_workspace / ".mops" / "logs", record)
    without = mops("privacy", "forget", "sven@warehouse.example", cwd=example_workspace)
    assert without.exit_code == 0
    assert "Sven" in json.loads(path.read_text(encoding="utf-8"))["messages"][0]["content"]  # not a mops.yaml person
    result = mops("privacy", "forget", "sven@warehouse.example", "--name", "Sven Olsen", "--name", "Sven", cwd=example_workspace)
    assert result.exit_code == 0
    content = json.loads(path.read_text(encoding="utf-8"))["messages"][0]["content"]
    assert "Sven" not in content and "Olsen" not in content
