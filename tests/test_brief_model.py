"""The model path, offline: litellm's mock_response, and real HTTP to a stub on 127.0.0.1.

Nothing personal is sent, the brief comes back with the real names, every quote is checked against
the original transcript, and failures are errors a person can act on (exit 2, no traceback, nothing
printed on stdout by litellm).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from model_stub import EXAMPLE_TRANSCRIPTS, Reply, completion, prompt_lines, said_in_prompt, start_stub, transcript_from_text, transcript_of

from mops.brief.model import ModelError, extract_with_model
from mops.brief.scrub import protected_names
from mops.errors import InputError
from mops.pii.detector import PiiDetector
from mops.workspace import load_workspace

MEETING = dt.date(2026, 10, 5)
WORKSPACE = load_workspace(EXAMPLE_TRANSCRIPTS.parent)
TEAM = [p.name for p in WORKSPACE.config.people]
PROTECTED = protected_names(WORKSPACE)
CHANNELS = {name: rule.aliases for name, rule in WORKSPACE.taxonomy().channels.items()}

KICKOFF = """
Priya Nair: Spring sale kickoff. Finance gave us twelve thousand euros.
Jonas Weber: Twelve thousand, fine. I'll do reporting.
Priya Nair: I'll own it. Search and Meta, and Brevo for two sends.
Jonas Weber: Henrike Albers from the Club wrote in, call her on +49 30 5550 1234 or write to h.albers@example.org.
Priya Nair: We start March second and run to March twenty-second.
"""


@pytest.fixture(autouse=True)
def _dummy_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")


@pytest.fixture
def stub():
    server, stop = start_stub()
    yield server
    stop()


def _detector() -> PiiDetector:
    return PiiDetector(default_region="DE", people=TEAM, protected_names=PROTECTED)


def _extract(transcript, tmp_path: Path, **options):
    settings = {
        "model": "openai/test-model", "timeout": 10.0, "temperature": 0.0, "detector": _detector(), "people": TEAM,
        "protected": PROTECTED, "log_dir": tmp_path / "logs", "campaign": "2026-q1_spring-sale", "meeting_date": MEETING,
        "currency": "EUR", "channels": CHANNELS,
    }  # fmt: skip
    return extract_with_model(transcript, **{**settings, **options})


def _logs(tmp_path: Path) -> list[dict]:
    return sorted((json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "logs").glob("*.json")), key=lambda r: r["time"])


def _spring_answer(**changes) -> str:
    """What a model would answer about KICKOFF: placeholders number people in order of appearance."""
    answer = {
        "title": "Spring sale",
        "budget": {"total": {"value": 12000, "evidence": [{"utterance": "u1", "quote": "Finance gave us twelve thousand euros."}]}},
        "owners": [{"name": "[PERSON_1]", "role": "owner", "evidence": [{"utterance": "u3", "quote": "I'll own it."}]},
                   {"name": "[PERSON_2]", "role": "reporting", "evidence": [{"utterance": "u2", "quote": "I'll do reporting."}]}],
        "channels": [{"value": "search", "evidence": [{"utterance": "u3", "quote": "Search and Meta, and Brevo for two sends."}]},
                     {"value": "paid_social", "evidence": [{"utterance": "u3", "quote": "Search and Meta"}]}],
        "start": {"value": "2027-03-02", "evidence": [{"utterance": "u5", "quote": "We start March second and run to March twenty-second."}]},
        "end": {"value": "2027-03-22", "evidence": [{"utterance": "u5", "quote": "run to March twenty-second"}]},
        "risks": [{"text": "[PERSON_3] from the Club complained", "evidence": [{"utterance": "u4", "quote": "[PERSON_3] from the Club wrote in"}]}],
        "open_questions": [{"text": "No KPI was set", "evidence": []}],
    }  # fmt: skip
    answer.update(changes)
    return json.dumps(answer)


def test_mock_response_end_to_end_restores_names_and_grounds_every_value(tmp_path: Path, capfd) -> None:
    transcript = transcript_from_text(KICKOFF)
    result = _extract(transcript, tmp_path, model="gpt-4o-mini", mock_response=_spring_answer())
    brief = result.brief

    assert brief.budget.total == 12000 and brief.budget.currency == "EUR"
    assert [(p.name, p.role) for p in brief.owners] == [("Priya Nair", "owner"), ("Jonas Weber", "reporting")]
    assert brief.channels == ["paid_search", "paid_social"]  # "search" is the taxonomy's alias of paid_search
    assert (brief.start, brief.end) == (dt.date(2027, 3, 2), dt.date(2027, 3, 22))
    assert brief.risks[0].text == "Henrike Albers from the Club complained"
    assert brief.risks[0].evidence[0].quote == "Henrike Albers from the Club wrote in"
    total = brief.evidence["budget.total"][0]
    assert (total.utterance, total.line, total.speaker, total.path) == ("u1", 1, "Priya Nair", "transcripts/kickoff.txt")
    assert brief.owners[1].evidence[0].quote == "I'll do reporting." and brief.owners[1].evidence[0].line == 2
    assert [q.text for q in brief.open_questions] == ["No KPI was set"]
    assert (brief.campaign, brief.drafted_by, brief.meeting_date) == ("2026-q1_spring-sale", "gpt-4o-mini", MEETING)
    assert result.observations == []

    [log] = _logs(tmp_path)
    assert result.log_ids == [log["id"]]
    assert log["outcome"] == "ok" and log["model"] == "gpt-4o-mini" and log["response"] == _spring_answer()
    sent = json.dumps(log["messages"], ensure_ascii=False)
    for personal in ("Priya", "Nair", "Jonas", "Weber", "Henrike", "Albers", "h.albers@example.org", "5550 1234"):
        assert not re.search(rf"(?<!\w){re.escape(personal)}(?!\w)", sent), personal
    assert "u4 [PERSON_2]: [PERSON_3] from the Club wrote in, call her on [PHONE_1] or write to [EMAIL_1]." in sent
    assert "Brevo" in sent and "Meta" in sent
    assert capfd.readouterr().out == ""


def _black_friday_answer(request: dict) -> dict:
    """A fake model: reads the transcript it was sent and answers with what it says there."""
    lines = prompt_lines(request["messages"])

    def said(pattern: str) -> tuple[str, re.Match[str]]:
        return said_in_prompt(lines, pattern)

    total_at, total = said(r"So finance signed off on fifty-two thousand euros total\.")
    reserve_at, reserve = said(r"Write down that (\[PERSON_\d+\]) decides on the reserve\.")
    owner_at, _ = said(r"Owner\. I'll own it\.")
    owner = lines[owner_at][0]
    rep_at, rep = said(r"The Google rep, (\[PERSON_\d+\]), wants a call about PMax feed labels\.")
    answer = {
        "title": "Black Friday 2026",
        "budget": {
            "total": {"value": 52000, "evidence": [{"utterance": total_at, "quote": total.group()}]},
            "reserve_owner": {"value": reserve.group(1), "evidence": [{"utterance": reserve_at, "quote": reserve.group()}]},
        },
        "owners": [{"name": owner, "role": "owner", "evidence": [{"utterance": owner_at, "quote": "Owner. I'll own it."}]}],
        "deliverables": [{"what": f"Call {rep.group(1)} about PMax feed labels", "owner": reserve.group(1),
                          "evidence": [{"utterance": rep_at, "quote": rep.group()}]}],
    }  # fmt: skip
    return completion(json.dumps(answer))


def test_real_http_sends_nothing_personal_and_restores_real_names(stub, tmp_path: Path, capfd) -> None:
    transcript = transcript_of(EXAMPLE_TRANSCRIPTS / "2026-q4_black-friday-kickoff.txt", "transcripts/2026-q4_black-friday-kickoff.txt")
    stub.replies.append(Reply(_black_friday_answer))
    result = _extract(transcript, tmp_path, api_base=stub.api_base, campaign="2026-q4_black-friday")

    [raw] = stub.raw_requests
    sent = json.dumps(json.loads(raw), ensure_ascii=False)
    personal = ["Priya", "Nair", "Jonas", "Weber", "Dana", "Malte", "Sørensen", "Lea", "Hoffmann", "Katrin",
                "katrin.vogel", "adpartner-mail.example", "040 5550 1234"]  # fmt: skip
    assert [p for p in personal if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", sent)] == []
    on_the_wire = raw.decode("utf-8")  # the bytes as they crossed the socket, not our reading of them
    assert [p for p in personal if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", on_the_wire)] == []
    assert "05550" not in re.sub(r"\D", "", sent)  # the phone number in no spelling
    assert "PMax" in sent and "Brevo" in sent and "Trail Pro 2" in sent  # what the meeting is about stays

    brief = result.brief
    assert brief.budget.total == 52000
    assert brief.budget.reserve_owner == "Malte Sørensen"
    assert brief.evidence["budget.reserve_owner"][0].quote == "Write down that Malte decides on the reserve."
    assert brief.evidence["budget.reserve_owner"][0].line == 24  # after the Date: header and its blank line
    assert [(p.name, p.role) for p in brief.owners] == [("Priya Nair", "owner")]
    assert brief.deliverables[0].what == "Call Katrin about PMax feed labels"  # the rep, named only in running text
    assert brief.deliverables[0].owner == "Malte Sørensen"
    assert brief.deliverables[0].evidence[0].quote == "The Google rep, Katrin, wants a call about PMax feed labels."
    assert result.observations == []

    [log] = _logs(tmp_path)
    assert log["messages"] == json.loads(raw)["messages"]  # logged exactly as sent
    assert (log["tokens_in"], log["tokens_out"], log["cost"]) == (1200, 300, None)  # no price known for a stub model
    assert log["api_base"] == f"127.0.0.1:{stub.port}" and log["outcome"] == "ok"
    assert "Katrin" not in json.dumps(log, ensure_ascii=False) and "Malte" not in json.dumps(log, ensure_ascii=False)
    assert capfd.readouterr().out == ""


def test_an_invented_quote_drops_the_value_and_says_so(tmp_path: Path, capfd) -> None:
    invented = {"value": 15000, "evidence": [{"utterance": "u1", "quote": "Finance gave us fifteen thousand euros."}]}
    answer = _spring_answer(budget={"total": invented}, approvers=[
        {"name": "[PERSON_1]", "evidence": [{"utterance": "u9", "quote": "I'll own it."}]}
    ])  # fmt: skip
    result = _extract(transcript_from_text(KICKOFF), tmp_path, model="gpt-4o-mini", mock_response=answer)

    assert result.brief.budget.total is None and "budget.total" not in result.brief.evidence
    assert result.brief.approvers == []
    assert result.brief.owners[0].name == "Priya Nair"  # the rest stands
    statements = [(o.code, o.statement) for o in result.observations]
    assert statements == [
        ("BRIEF-UNGROUNDED", "model's budget.total 15000 dropped: it quoted \"Finance gave us fifteen thousand euros.\", but u1 does not say it"),
        ("BRIEF-UNGROUNDED", "model's approvers (name=Priya Nair) dropped: it quoted \"I'll own it.\", but there is no utterance u9"),
    ]  # fmt: skip
    assert result.observations[0].evidence[0].line == 1
    assert capfd.readouterr().out == ""


def test_invalid_json_then_a_valid_answer_on_the_retry(stub, tmp_path: Path, capfd) -> None:
    stub.replies += [Reply(completion("Sure! Here is the brief: {budget: 12000")), Reply(completion(_spring_answer()))]
    result = _extract(transcript_from_text(KICKOFF), tmp_path, api_base=stub.api_base)

    assert result.brief.budget.total == 12000
    first, second = stub.requests
    retry = second["messages"]
    assert retry[: len(first["messages"])] == first["messages"]
    assert retry[-2] == {"role": "assistant", "content": "Sure! Here is the brief: {budget: 12000"}
    assert retry[-1]["role"] == "user" and "not a valid brief: not JSON (Expecting value at line 1 column 1)" in retry[-1]["content"]
    logs = _logs(tmp_path)
    assert [(r["attempt"], r["outcome"]) for r in logs] == [(1, "invalid"), (2, "ok")]
    assert result.log_ids == [r["id"] for r in logs]
    assert capfd.readouterr().out == ""


def test_the_retry_carries_the_first_validation_error(stub, tmp_path: Path) -> None:
    backwards = _spring_answer(end={"value": "2027-02-01", "evidence": [{"utterance": "u5", "quote": "run to March twenty-second"}]})
    stub.replies += [Reply(completion(_spring_answer(budget={"total": {"value": "a lot", "evidence": []}}))),
                     Reply(completion(backwards)), Reply(completion(_spring_answer()))]  # fmt: skip
    with pytest.raises(InputError) as raised:
        _extract(transcript_from_text(KICKOFF), tmp_path, api_base=stub.api_base)
    assert "budget.total.value: Input should be a valid number" in stub.requests[1]["messages"][-1]["content"]
    assert raised.value.message == "the model's answer is not a valid brief: Value error, end 2027-02-01 is before start 2027-03-02"
    assert "--offline" in raised.value.hint and "mops logs" in raised.value.hint
    assert len(stub.requests) == 2  # one retry, no more


def _cli_exit(capfd, call) -> tuple[int, str, str]:
    """Run `call` as a mops command through the real entry point: exit code, stdout, stderr."""
    from mops.cli import run

    app = typer.Typer()
    app.command()(call)
    capfd.readouterr()
    code = run([], command=typer.main.get_command(app))
    out, err = capfd.readouterr()
    return code, out, err


def test_invalid_twice_is_exit_2_without_traceback(stub, tmp_path: Path, capfd) -> None:
    stub.replies += [Reply(completion("[]")), Reply(completion("not json either"))]
    code, out, err = _cli_exit(capfd, lambda: _extract(transcript_from_text(KICKOFF), tmp_path, api_base=stub.api_base))
    assert code == 2 and out == ""
    assert "error: the model's answer is not a valid brief: not JSON (Expecting value at line 1 column 1)" in err
    assert "hint: try another model, or draft offline with --offline" in err
    assert "Traceback" not in err
    assert [r["outcome"] for r in _logs(tmp_path)] == ["invalid", "invalid"]


def test_a_timeout_is_a_clear_error(stub, tmp_path: Path, capfd) -> None:
    stub.replies.append(Reply(completion(_spring_answer()), delay=3))
    code, out, err = _cli_exit(capfd, lambda: _extract(transcript_from_text(KICKOFF), tmp_path, api_base=stub.api_base, timeout=0.5))
    assert code == 2 and out == ""
    assert "error: the model openai/test-model did not answer within 0.5 s" in err
    assert "timeout_seconds" in err and "--offline" in err and "Traceback" not in err
    [log] = _logs(tmp_path)
    assert log["outcome"] == "error" and "did not answer" in log["error"] and log["response"] is None
    assert len(stub.requests) == 1  # no retry behind our back


def test_a_refused_key_is_a_clear_error(stub, tmp_path: Path, capfd) -> None:
    refusal = {"error": {"message": "Incorrect API key provided: sk-test", "type": "invalid_request_error", "code": "invalid_api_key"}}
    stub.replies.append(Reply(refusal, status=401))
    with pytest.raises(ModelError) as raised:
        _extract(transcript_from_text(KICKOFF), tmp_path, api_base=stub.api_base)
    assert raised.value.exit_code == 2
    assert raised.value.message == "openai/test-model: the provider refused the API key, or none is set"
    assert len(stub.requests) == 1
    captured = capfd.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err


def test_a_missing_key_names_the_variable_to_set(stub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(ModelError) as raised:
        _extract(transcript_from_text(KICKOFF), tmp_path, api_base=stub.api_base)
    assert "API key" in raised.value.message
    assert raised.value.hint.startswith("set OPENAI_API_KEY in the environment")
    assert stub.requests == []  # nothing was sent
    assert capfd.readouterr().out == ""


def test_an_unreachable_provider_is_a_clear_error(tmp_path: Path, capfd) -> None:
    closed = "http://127.0.0.1:9/v1"  # the discard port: nothing listens there
    with pytest.raises(ModelError) as raised:
        _extract(transcript_from_text(KICKOFF), tmp_path, api_base=closed)
    assert raised.value.message == f"cannot reach {closed} for openai/test-model"
    assert capfd.readouterr().out == ""


def test_importing_the_model_path_imports_no_litellm() -> None:
    code = "import sys, mops.brief.model, mops.brief.scrub; print('litellm' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("status", "message", "hint"),
    [(404, "openai/test-model: the provider does not know this model", "check the model name"),
     (429, "openai/test-model: the provider's rate limit or quota is exhausted", "wait a minute")],
)  # fmt: skip
def test_an_unknown_model_or_a_rate_limit_is_a_clear_error(stub, tmp_path: Path, capfd, status: int, message: str, hint: str) -> None:
    stub.replies.append(Reply({"error": {"message": "nope", "type": "invalid_request_error"}}, status=status))
    with pytest.raises(ModelError) as raised:
        _extract(transcript_from_text(KICKOFF), tmp_path, api_base=stub.api_base)
    assert raised.value.message == message
    assert raised.value.hint.startswith(hint) and "--offline" in raised.value.hint
    assert len(stub.requests) == 1  # litellm's own retries are off
    assert capfd.readouterr().out == ""


def test_a_model_name_without_a_provider_is_a_clear_error(tmp_path: Path, capfd) -> None:
    # litellm prints a provider list and a "Give Feedback / Get Help" banner for this one, unless silenced
    with pytest.raises(ModelError) as raised:
        _extract(transcript_from_text(KICKOFF), tmp_path, model="my-own-model", api_base=None)
    assert raised.value.message == "'my-own-model' does not name a provider litellm knows"
    assert "openai/gpt-4o-mini" in raised.value.hint
    captured = capfd.readouterr()
    assert captured.out == "" and "Give Feedback" not in captured.err and "Provider List" not in captured.err
