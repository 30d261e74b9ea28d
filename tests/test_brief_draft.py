"""`mops brief draft` end to end, through the real CLI, on a private copy of the example workspace.

What a person running the command would notice: the file it writes and what reads back from it,
what it prints, what it refuses, that a failed run changes nothing, what goes over the wire to a
model (nothing personal) and what comes back (grounded values, disagreements, real names), and
what history adds (suggestions kept apart from what the meeting stated).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

import pytest
from model_stub import Reply, completion, prompt_lines, said_in_prompt, start_stub

from mops.brief.document import read_brief
from mops.models.brief import Brief

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "transcripts"
INVALID = REPO / "tests" / "data" / "transcripts-invalid"  # apart: every file in DATA must parse
AMI = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "transcripts" / "ami"

BLACK_FRIDAY = "transcripts/2026-q4_black-friday-kickoff.txt"
BLACK_FRIDAY_BRIEF = "briefs/2026-q4_black-friday.md"
MODEL = "openai/test-model"

# Everything personal in the Black Friday kickoff: the team (speaker labels and first names said
# aloud) and the Google rep, named only in running text, with her phone number and email.
PERSONAL = ["Priya", "Nair", "Jonas", "Weber", "Dana", "Lee", "Malte", "Sørensen", "Lea", "Hoffmann",
            "Katrin", "katrin.vogel", "adpartner-mail.example", "040 5550 1234"]  # fmt: skip


@pytest.fixture
def ws(example_workspace: Path) -> Path:
    return example_workspace


@pytest.fixture
def draft(mops, ws: Path):
    """`mops -w WS brief draft ARGS...`, run from the workspace."""

    def run(*args: str):
        return mops("-w", str(ws), "brief", "draft", *args, cwd=ws)

    return run


@pytest.fixture
def stub():
    server, stop = start_stub()
    yield server
    stop()


def tree_hashes(root: Path) -> dict[str, str]:
    """Every file under `root` (local state included) -> sha256 of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def configure_model(ws: Path, *, api_base: str, name: str | None = None) -> None:
    """Point the copied workspace's mops.yaml at the stub (and optionally name a model)."""
    config = ws / "mops.yaml"
    text = config.read_text(encoding="utf-8")
    old = re.search(r"^model:\n  name: null[^\n]*\n", text, re.M)
    assert old, "the example's mops.yaml no longer has the model block this test edits"
    block = f"model:\n  name: {name or 'null'}\n  api_base: {api_base}\n  timeout_seconds: 10\n"
    config.write_text(text.replace(old.group(), block), encoding="utf-8")


def file_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def assert_quoted_verbatim(evidence, source: Path) -> None:
    """Each quote is found, character for character, on the line it cites."""
    lines = file_lines(source)
    assert evidence, "no evidence"
    for e in evidence:
        assert e.line is not None and e.quote, e
        assert e.quote in lines[e.line - 1], f"{e.quote!r} is not on line {e.line}: {lines[e.line - 1]!r}"


# --- 1. the draft, its file and its output ------------------------------------------------------


def test_draft_writes_the_brief_that_json_prints_and_shows_each_field_with_its_quote(draft, ws: Path) -> None:
    shown = draft(BLACK_FRIDAY, "--format", "json", "--dry-run")
    assert shown.exit_code == 0, shown.stderr
    printed = Brief.model_validate(json.loads(shown.stdout))

    result = draft(BLACK_FRIDAY, "--force")
    assert result.exit_code == 0, result.stderr
    assert f"wrote {BLACK_FRIDAY_BRIEF}" in result.stderr
    written = read_brief(ws / BLACK_FRIDAY_BRIEF, display=BLACK_FRIDAY_BRIEF).brief
    assert written == printed  # the file round-trips through the model to what --format json printed

    assert written.budget.total == 52000 and written.budget.currency == "EUR"
    assert (written.start, written.end) == (dt.date(2026, 11, 16), dt.date(2026, 12, 1))
    assert written.meeting_date == dt.date(2026, 10, 5)  # from the transcript's Date: header
    assert written.owner is not None and written.owner.name == "Priya Nair"
    for evidence in [*written.evidence.values(), *(k.evidence for k in written.kpis), *(s.evidence for s in written.budget.split)]:
        assert_quoted_verbatim(evidence, ws / BLACK_FRIDAY)

    out = result.stdout
    assert "budget: 52,000 EUR\n" in out
    assert f'    {BLACK_FRIDAY}:11 "Malte Sørensen: So finance signed off on fifty-two thousand euros total."\n' in out
    assert "start: 2026-11-16\n" in out and "end: 2026-12-01\n" in out
    assert "\nopen questions:\n" in out
    assert "  ? What about the UK?\n" in out
    assert f'    {BLACK_FRIDAY}:57 "Dana Lee: What about the UK?"' in out
    assert not re.search(r"^\s+$", out, re.M)  # no quote line without a quote
    assert "wrote" not in out  # diagnostics go to stderr only


# --- 2. what it refuses, and what a failed run leaves ---------------------------------------------


def test_an_existing_brief_is_not_overwritten_without_force(draft, ws: Path) -> None:
    before = (ws / BLACK_FRIDAY_BRIEF).read_bytes()
    (ws / BLACK_FRIDAY_BRIEF).write_bytes(before + b"\nA note a person added by hand.\n")
    edited = (ws / BLACK_FRIDAY_BRIEF).read_bytes()

    result = draft(BLACK_FRIDAY)
    assert result.exit_code == 2
    assert f"{BLACK_FRIDAY_BRIEF}: error: a brief is already there; not overwritten" in result.stderr
    assert "--force" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert (ws / BLACK_FRIDAY_BRIEF).read_bytes() == edited


def test_dry_run_writes_nothing(draft, ws: Path) -> None:
    (ws / BLACK_FRIDAY_BRIEF).unlink()
    draft(BLACK_FRIDAY, "--dry-run")  # a first run may create the workspace's validation cache
    before = tree_hashes(ws)
    result = draft(BLACK_FRIDAY, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "budget: 52,000 EUR" in result.stdout and "not written (--dry-run)" in result.stderr
    assert not (ws / BLACK_FRIDAY_BRIEF).exists()
    assert tree_hashes(ws) == before


def test_out_inside_the_workspace_writes_there_and_outside_is_refused(draft, ws: Path, tmp_path: Path) -> None:
    result = draft(BLACK_FRIDAY, "--out", "drafts/black-friday-v2.md")
    assert result.exit_code == 0, result.stderr
    assert "wrote drafts/black-friday-v2.md" in result.stderr
    assert read_brief(ws / "drafts/black-friday-v2.md", display="drafts/black-friday-v2.md").brief.budget.total == 52000

    elsewhere = tmp_path / "elsewhere.md"  # beside the workspace, not in it
    for out in (str(elsewhere), "../elsewhere.md"):
        refused = draft(BLACK_FRIDAY, "--out", out, "--force")
        assert refused.exit_code == 2, out
        assert "is outside the workspace" in refused.stderr and "Traceback" not in refused.stderr
        assert refused.stdout == ""
        assert not elsewhere.exists()


def test_out_may_name_a_folder_but_never_a_file_that_is_not_markdown(draft, ws: Path) -> None:
    (ws / "drafts").mkdir(exist_ok=True)  # the example keeps a draft there (for `mops brief learn`)
    result = draft(BLACK_FRIDAY, "--out", "drafts")
    assert result.exit_code == 0, result.stderr
    assert "wrote drafts/2026-q4_black-friday.md" in result.stderr
    assert (ws / "drafts" / "2026-q4_black-friday.md").is_file()

    config = (ws / "mops.yaml").read_bytes()
    refused = draft(BLACK_FRIDAY, "--out", "mops.yaml", "--force")
    assert refused.exit_code == 2
    assert "error: --out mops.yaml: a brief is written as a Markdown file (.md)" in refused.stderr
    assert (ws / "mops.yaml").read_bytes() == config


def test_a_failed_run_leaves_every_file_as_it_was(draft, ws: Path) -> None:
    draft(BLACK_FRIDAY, "--dry-run")  # the validation cache, as any earlier run leaves it
    before = tree_hashes(ws)
    for args in (["--playbook", "nope"], ["--campaign", "Not An Id"], ["--meeting-date", "2026-02-30"]):
        result = draft(BLACK_FRIDAY, "--force", *args)
        assert result.exit_code == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr and result.stdout == ""
        assert tree_hashes(ws) == before, args
    assert "no playbook named 'nope'" in draft(BLACK_FRIDAY, "--force", "--playbook", "nope").stderr


def test_a_header_date_in_words_is_the_meeting_date(draft) -> None:
    result = draft(str(DATA / "draft-dated.txt"), "--campaign", "2026-q4_autumn-boots", "--format", "json", "--dry-run")
    assert result.exit_code == 0, result.stderr
    brief = Brief.model_validate(json.loads(result.stdout))
    assert brief.meeting_date == dt.date(2026, 10, 12)  # "Date: Monday, October 12, 2026 3:00 PM"
    assert (brief.start, brief.end) == (dt.date(2026, 10, 19), dt.date(2026, 11, 30))  # "next Monday", "the end of November"
    assert "no meeting date" not in result.stderr


# --- 3. bad input: exit 2, a message that says where, never a traceback --------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["transcripts/nope.txt"], "transcripts/nope.txt: error: no such file"),
        ([str(INVALID / "empty.txt")], "transcripts-invalid/empty.txt:1: error: the transcript is empty"),
        ([str(INVALID / "binary.txt")], "transcripts-invalid/binary.txt:3: error: binary file, not a transcript"),
        ([str(INVALID / "no-cue.vtt")], "transcripts-invalid/no-cue.vtt:5: error: no cue found in this WebVTT file"),
        ([BLACK_FRIDAY, "--meeting-date", "2026-13-01"], "'--meeting-date': '2026-13-01' is not a date as YYYY-MM-DD"),
        ([BLACK_FRIDAY, "--campaign", "Not An Id"], "error: --campaign 'Not An Id' is not a campaign id"),
        ([BLACK_FRIDAY, "--model", "x", "--offline"], "error: --model and --offline do not go together"),
    ],
    ids=["missing", "empty", "binary", "vtt-without-cue", "bad-meeting-date", "bad-campaign-id", "model-and-offline"],
)  # fmt: skip
def test_bad_input_is_exit_2_with_a_clear_message(draft, args: list[str], message: str) -> None:
    result = draft(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# --- 4. the model path, over real HTTP to a stub -----------------------------------------------


def _black_friday_answer(request: dict) -> dict:
    """A model that agrees on the budget, reads another start date (with a true quote), names the
    Google rep in a deliverable, and invents a quote for the offer."""
    lines = prompt_lines(request["messages"])

    def said(pattern: str) -> tuple[str, re.Match[str]]:
        return said_in_prompt(lines, pattern)

    total_at, total = said(r"So finance signed off on fifty-two thousand euros total\.")
    public_at, public = said(r"Then public from the Monday before Black Friday\.")
    owner_at, _ = said(r"Owner\. I'll own it\.")
    rep_at, rep = said(r"The Google rep, (\[PERSON_\d+\]), wants a call about PMax feed labels\.")
    answer = {
        "title": "Black Friday 2026",
        "budget": {"total": {"value": 52000, "evidence": [{"utterance": total_at, "quote": total.group()}]}},
        "start": {"value": "2026-11-23", "evidence": [{"utterance": public_at, "quote": public.group()}]},
        "offer": {"value": "Half price on every tent", "evidence": [{"utterance": owner_at, "quote": "Half price on every tent."}]},
        "owners": [{"name": lines[owner_at][0], "role": "owner", "evidence": [{"utterance": owner_at, "quote": "Owner. I'll own it."}]}],
        "deliverables": [{"what": f"Call {rep.group(1)} about PMax feed labels", "owner": lines[rep_at][0],
                          "evidence": [{"utterance": rep_at, "quote": rep.group()}]}],
    }  # fmt: skip
    return completion(json.dumps(answer))


def test_the_model_path_sends_nothing_personal_and_grounds_merges_and_logs(draft, mops, ws: Path, stub, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    configure_model(ws, api_base=stub.api_base)
    stub.replies.append(Reply(_black_friday_answer))

    result = draft(BLACK_FRIDAY, "--force", "--model", MODEL)
    assert result.exit_code == 0, result.stderr
    assert f"wrote {BLACK_FRIDAY_BRIEF} (drafted with {MODEL}" in result.stderr

    # on the wire: the bytes as they crossed the socket
    [raw] = stub.raw_requests
    wire = raw.decode("utf-8")
    sent = json.dumps(json.loads(raw), ensure_ascii=False)  # \u escapes decoded: Sørensen in any spelling
    for text in (wire, sent):
        assert [p for p in PERSONAL if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)] == []
    assert "05550" not in re.sub(r"\D", "", sent)
    assert "PMax" in sent and "Black Friday" in sent  # what the meeting is about is sent

    path = ws / BLACK_FRIDAY_BRIEF
    text = path.read_text(encoding="utf-8")
    brief = read_brief(path, display=BLACK_FRIDAY_BRIEF).brief
    assert brief.budget.total == 52000  # agreed: no disagreement, both readings' evidence
    assert not [d for d in brief.disagreements if d.field == "budget.total"]

    [start] = [d for d in brief.disagreements if d.field == "start"]
    assert (start.offline, start.model, start.kept) == ("2026-11-16", "2026-11-23", "offline")
    assert brief.start == dt.date(2026, 11, 16)
    quotes = {(e.line, e.quote) for e in start.evidence}
    assert (28, "So I'd like Club early access starting Monday the sixteenth.") in quotes
    assert (28, "Then public from the Monday before Black Friday.") in quotes
    assert_quoted_verbatim(start.evidence, ws / BLACK_FRIDAY)

    # the invented quote: its value is nowhere, and the run says so
    assert "half price" not in text.lower()
    assert re.search(r"warning: model's offer 'Half price on every tent' dropped: it quoted \"Half price on every tent\.\"", result.stderr)

    # real names back, no placeholder anywhere
    assert "Priya Nair" in [p.name for p in brief.owners]
    [call] = [d for d in brief.deliverables if "PMax feed labels" in d.what]
    assert (call.what, call.owner) == ("Call Katrin about PMax feed labels", "Malte Sørensen")
    assert not re.search(r"\[(PERSON|EMAIL|PHONE)_\d+\]", text + result.stdout)

    # the call is logged as sent, and `mops logs` lists it
    [log_file] = (ws / ".mops" / "logs").glob("*.json")
    log = json.loads(log_file.read_text(encoding="utf-8"))
    assert log["messages"] == json.loads(raw)["messages"] and log["outcome"] == "ok" and log["model"] == MODEL
    listed = mops("-w", str(ws), "logs", "--format", "json", cwd=ws)
    assert listed.exit_code == 0, listed.stderr
    assert [(c["id"], c["model"], c["outcome"]) for c in json.loads(listed.stdout)] == [(log["id"], MODEL, "ok")]
    assert log["id"] in mops("-w", str(ws), "logs", cwd=ws).stdout


def test_a_refused_key_fails_cleanly_and_keeps_the_brief(draft, ws: Path, stub, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    configure_model(ws, api_base=stub.api_base)
    refusal = {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"}}
    stub.replies.append(Reply(refusal, status=401))
    before = (ws / BLACK_FRIDAY_BRIEF).read_bytes()

    result = draft(BLACK_FRIDAY, "--force", "--model", MODEL)
    assert result.exit_code == 2
    assert f"error: {MODEL}: the provider refused the API key, or none is set" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert (ws / BLACK_FRIDAY_BRIEF).read_bytes() == before


def test_a_model_without_litellm_installed_says_how_to_get_it(draft, ws: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "litellm", None)  # as in an install without the llm extra: `import litellm` fails
    result = draft(BLACK_FRIDAY, "--dry-run", "--model", MODEL)
    assert result.exit_code == 2
    assert f"error: drafting with {MODEL} needs litellm, which is not installed" in result.stderr
    assert "pip install 'mops[llm]'" in result.stderr and "--offline" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


# --- 5. which model: --model, MOPS_LLM_MODEL, mops.yaml, --offline --------------------------------


def test_mops_llm_model_selects_the_model(draft, ws: Path, stub, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    monkeypatch.setenv("MOPS_LLM_MODEL", MODEL)
    configure_model(ws, api_base=stub.api_base)  # model.name stays null
    stub.replies.append(Reply(_black_friday_answer))

    result = draft(BLACK_FRIDAY, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert len(stub.requests) == 1 and stub.requests[0]["model"] == "test-model"
    assert f"drafted with {MODEL}" in result.stderr


def test_offline_overrides_the_model_in_mops_yaml(draft, ws: Path, stub, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    configure_model(ws, api_base=stub.api_base, name=MODEL)

    offline = draft(BLACK_FRIDAY, "--dry-run", "--offline")
    assert offline.exit_code == 0, offline.stderr
    assert stub.requests == [] and "drafted offline" in offline.stderr
    assert not (ws / ".mops" / "logs").exists()

    stub.replies.append(Reply(_black_friday_answer))  # without --offline the same settings do call it
    configured = draft(BLACK_FRIDAY, "--dry-run")
    assert configured.exit_code == 0, configured.stderr
    assert len(stub.requests) == 1 and f"drafted with {MODEL}" in configured.stderr


# --- 6. enrichment from history ----------------------------------------------------------------


def test_history_adds_suggestions_apart_from_what_the_meeting_stated(draft, mops, ws: Path) -> None:
    without = draft(BLACK_FRIDAY, "--format", "json", "--dry-run")
    assert without.exit_code == 0, without.stderr
    stated = Brief.model_validate(json.loads(without.stdout))
    assert stated.suggested == []  # no history database yet: nothing suggested

    exports = sorted(p.relative_to(ws).as_posix() for p in (ws / "exports").iterdir())
    imported = mops("-w", str(ws), "history", "import", *exports, cwd=ws)
    assert (ws / ".mops" / "history.duckdb").exists(), imported.stderr

    result = draft(BLACK_FRIDAY, "--force")
    assert result.exit_code == 0, result.stderr
    path = ws / BLACK_FRIDAY_BRIEF
    brief = read_brief(path, display=BLACK_FRIDAY_BRIEF).brief
    assert {s.field for s in brief.suggested} >= {"budget.total", "duration_days"}
    for suggestion in brief.suggested:
        assert suggestion.sources and suggestion.reason, suggestion
    budget = next(s for s in brief.suggested if s.field == "budget.total")
    assert any(e.path == "plans/2025-q4_black-friday.yaml" for e in budget.sources)
    assert "## Suggested from history" in path.read_text(encoding="utf-8")
    assert re.search(r"^suggested budget\.total: .* EUR .*\(from history", result.stdout, re.M)
    assert "    plans/2025-q4_black-friday.yaml\n" in result.stdout

    # what the meeting stated is untouched: the brief is the one drafted without history, plus suggestions
    assert brief.budget.total == 52000 and brief.audience.size == 91300
    assert brief.model_copy(update={"suggested": [], "playbook": stated.playbook}) == stated


# --- 7. a meeting nobody on the project wrote ---------------------------------------------------


def test_a_real_product_design_kickoff(draft, ws: Path) -> None:
    source = AMI / "ES2002a.txt"
    assert source.is_file(), f"the shared corpus should sit beside the clone: {source} is missing"

    result = draft(str(source), "--campaign", "2027-q1_remote-launch", "--meeting-date", "2026-12-06")
    assert result.exit_code == 0, result.stderr
    path = ws / "briefs" / "2027-q1_remote-launch.md"
    brief = read_brief(path, display="briefs/2027-q1_remote-launch.md").brief

    assert (brief.pricing.price, brief.pricing.unit_cost) == (25, 12.5)
    assert_quoted_verbatim(brief.evidence["pricing.price"], source)
    assert_quoted_verbatim(brief.evidence["pricing.unit_cost"], source)
    assert "twenty five Euro" in brief.evidence["pricing.price"][0].quote
    assert "twelve fifty" in brief.evidence["pricing.unit_cost"][0].quote
    [target] = [k for k in brief.kpis if k.target == 50_000_000]
    assert target.unit == "EUR"
    assert "fifty million Euro" in target.evidence[0].quote
    assert_quoted_verbatim(target.evidence, source)
    assert brief.budget.total is None  # the meeting sets no marketing budget: nothing is made up


def test_speakers_missing_from_people_are_named_once_with_what_to_do(mops, draft, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    assert mops("init", str(fresh)).exit_code == 0
    kickoff = fresh / "transcripts" / "k.txt"
    kickoff.write_text("Date: 2026-10-05\n\nAnn Smith: Budget is twenty thousand euros total.\nBob Jones: I'll own it.\n", encoding="utf-8")
    result = mops("brief", "draft", "transcripts/k.txt", "--campaign", "2026-q4_k", cwd=fresh)
    assert result.exit_code == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "not in mops.yaml `people`" in line]
    assert "Ann Smith, Bob Jones" in warning and "PII006" in warning
    # the example workspace lists its team: no such warning
    example = draft("transcripts/2026-q4_black-friday-kickoff.txt", "--dry-run")
    assert example.exit_code == 0 and "not in mops.yaml `people`" not in example.stderr
