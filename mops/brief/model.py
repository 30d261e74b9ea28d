"""Brief extraction through a language model (any litellm model), on a scrubbed transcript.

The model sees the transcript with placeholders for people and contact details (`scrub`), the
meeting date, the workspace currency, the taxonomy's channel names and the JSON Schema of the answer
(`model_answer.brief_answer_model`, derived from the Brief model: every value with the utterances it
came from). Its answer is validated, and sent back once with the first error if it is not a valid
brief. Then placeholders are restored, and every quote is checked verbatim against the original
transcript: a value whose evidence is not there is dropped and reported as an observation
(`model_answer.answer_to_brief`).

Every call is logged under `log_dir` as sent (`calllog`). litellm is imported only here, after
`LITELLM_LOCAL_MODEL_COST_MAP` is set, so importing it makes no network call; it prints nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mops.brief.model_answer import INVALID_HINT, InvalidAnswer, answer_to_brief, brief_answer_model, parse_answer
from mops.brief.scrub import ScrubbedTranscript, scrub_transcript
from mops.brief.transcript import Transcript
from mops.errors import InputError, MopsError
from mops.models.brief import Brief
from mops.models.results import Observation


class ModelError(MopsError):
    """The model could not be reached or used: a missing key, an unreachable provider, a timeout."""


@dataclass
class ModelExtraction:
    """What the model stated, grounded in the transcript; what was dropped, as observations."""

    brief: Brief | None
    observations: list[Observation] = field(default_factory=list)
    log_ids: list[str] = field(default_factory=list)


# --- the prompt ---------------------------------------------------------------------------------


def build_messages(
    scrubbed: ScrubbedTranscript,
    *,
    meeting_date: dt.date,
    currency: str,
    channels: Mapping[str, list[str]],
    campaign: str | None,
) -> list[dict[str, str]]:
    """The chat messages sent to the model: instructions with the answer's JSON Schema, then the
    scrubbed transcript as numbered utterances (`u12 [PERSON_1]: text`)."""
    schema = json.dumps(brief_answer_model().model_json_schema(), separators=(",", ":"))
    rules = (
        "You turn the transcript of a marketing campaign's kickoff meeting into a structured brief.\n"
        "Answer with one JSON object and nothing else, following this JSON Schema:\n"
        f"{schema}\n\n"
        "Rules:\n"
        "- State only what the meeting settled. Never guess or fill a gap: leave a field null or empty and add it "
        "to open_questions instead (e.g. \"Budget not stated\").\n"
        "- Every value carries evidence: [{\"utterance\": \"u12\", \"quote\": \"...\"}], the quote copied character "
        "for character from that utterance, no longer than the sentence holding the value.\n"
        "- A later statement that overrides an earlier one wins. Figures that were proposed and rejected, last "
        "year's figures, counts of things and the meeting's own length are not budgets or targets.\n"
        "- Placeholders such as [PERSON_1] or [EMAIL_1] stand for people and contact details: use them as they "
        "are, in values and quotes.\n"
        f"- Amounts are plain numbers in {currency} unless the meeting says another currency. Dates are "
        "YYYY-MM-DD, read against the meeting date.\n"
        "- channels and budget.split[].channel use the canonical channel names listed."
    )
    lines = [f"Meeting date: {meeting_date.isoformat()} ({meeting_date:%A})", f"Workspace currency: {currency}"]
    if campaign:
        lines.append(f"Campaign id: {campaign}")
    if channels:
        lines.append("Channels (canonical name: what people call it):")
        lines += [f"- {name}: {', '.join(aliases)}" if aliases else f"- {name}" for name, aliases in channels.items()]
    lines.append("")
    lines.append("Transcript:")
    for u in scrubbed.utterances:
        text = " ".join(u.text.split())
        lines.append(f"{u.id} {u.speaker}: {text}" if u.speaker else f"{u.id}: {text}")
    return [{"role": "system", "content": rules}, {"role": "user", "content": "\n".join(lines)}]


# --- the call -----------------------------------------------------------------------------------


def _litellm() -> Any:
    """litellm, imported without a network call and made quiet."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import logging

    import litellm

    litellm.suppress_debug_info = True  # no "Give Feedback / Get Help" banners
    litellm.telemetry = False
    if not os.environ.get("MOPS_DEBUG"):
        # litellm logs retries and fallbacks as warnings on stderr; mops reports errors itself
        for name in ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    return litellm


@dataclass
class _Reply:
    text: str | None
    tokens_in: int | None
    tokens_out: int | None
    cost: float | None


def _complete_chat(litellm: Any, model: str, messages: list[dict[str, str]], **options: Any) -> _Reply:
    # litellm prints some errors and hints with print(): keep them off our stdout
    with contextlib.redirect_stdout(io.StringIO()):
        response = litellm.completion(model=model, messages=messages, **options)
        try:
            cost = float(litellm.completion_cost(completion_response=response))
        except Exception:  # noqa: BLE001 - litellm raises for any model it has no price for
            cost = None
    usage = getattr(response, "usage", None)
    text = response.choices[0].message.content if response.choices else None
    return _Reply(text, getattr(usage, "prompt_tokens", None), getattr(usage, "completion_tokens", None), cost)


def _response_format(litellm: Any, model: str) -> dict[str, Any]:
    """The answer's schema where the provider enforces one, JSON mode otherwise."""
    try:
        structured = bool(litellm.supports_response_schema(model=model))
    except Exception:  # noqa: BLE001 - unknown models
        structured = False
    if structured:
        schema = brief_answer_model().model_json_schema()
        return {"type": "json_schema", "json_schema": {"name": "brief", "schema": schema, "strict": False}}
    return {"type": "json_object"}


def _call_error(litellm: Any, exc: Exception, *, model: str, api_base: str | None, timeout: float) -> ModelError:
    """A litellm exception as an error a person can act on."""
    message = str(exc)
    status = getattr(exc, "status_code", None)
    where = api_base or "the provider"
    if isinstance(exc, litellm.Timeout):
        return ModelError(f"the model {model} did not answer within {timeout:g} s",
                          hint="raise model.timeout_seconds in mops.yaml, try a smaller model, or draft with --offline")
    if isinstance(exc, litellm.AuthenticationError) or status in (401, 403) or "Missing credentials" in message or "API Key" in message:
        return ModelError(f"{model}: the provider refused the API key, or none is set", hint=_key_hint(litellm, model))
    if isinstance(exc, litellm.NotFoundError) or status == 404:
        return ModelError(f"{model}: the provider does not know this model",
                          hint="check the model name (litellm names such as openai/gpt-4o-mini or ollama/llama3.1), or draft with --offline")
    if isinstance(exc, litellm.RateLimitError) or status == 429:
        return ModelError(f"{model}: the provider's rate limit or quota is exhausted",
                          hint="wait a minute and try again, check the account's quota, or draft with --offline")
    if isinstance(exc, litellm.APIConnectionError) or "Connection error" in message:
        return ModelError(f"cannot reach {where} for {model}",
                          hint="check the network, model.api_base in mops.yaml and that the server runs (e.g. `ollama serve`), or draft with --offline")
    if "LLM Provider NOT provided" in message:
        return ModelError(f"{model!r} does not name a provider litellm knows",
                          hint="prefix the provider, e.g. openai/gpt-4o-mini, anthropic/claude-3-5-haiku-latest, ollama/llama3.1")
    first_line = message.strip().splitlines()[0] if message.strip() else type(exc).__name__
    return ModelError(f"the call to {model} failed: {first_line[:300]}", hint=INVALID_HINT)


def _key_hint(litellm: Any, model: str) -> str:
    try:
        missing = litellm.validate_environment(model=model).get("missing_keys") or []
    except Exception:  # noqa: BLE001
        missing = []
    if missing:
        return f"set {' and '.join(missing)} in the environment, or draft with --offline"
    return "set the provider's API key in the environment (e.g. OPENAI_API_KEY), check it is valid, or draft with --offline"


def _host(api_base: str | None) -> str | None:
    if not api_base:
        return None
    from urllib.parse import urlsplit

    return urlsplit(api_base).netloc or api_base


def extract_with_model(
    transcript: Transcript,
    *,
    model: str,
    api_base: str | None = None,
    timeout: float = 60.0,
    temperature: float = 0.0,
    detector: Any,
    people: Iterable[str] = (),
    protected: Iterable[str] = (),
    log_dir: Path | None = None,
    campaign: str | None = None,
    meeting_date: dt.date,
    currency: str = "EUR",
    channels: Mapping[str, list[str]] | None = None,
    mock_response: str | None = None,
) -> ModelExtraction:
    """Draft a brief from `transcript` with `model` (a litellm model name), nothing personal sent.

    `detector` is the workspace's `PiiDetector`, `people` its people's names, `protected` the brand,
    product and platform names that stay; `channels` maps canonical channel names to their aliases.
    Each call is logged under `log_dir` (None: not logged). `mock_response` is handed to litellm,
    which then answers with it without any network call (tests, demos).

    Raises `ModelError` (exit 2) when the model cannot be used, and `InputError` when its answer is
    not a valid brief after one retry carrying the error.
    """
    from mops.brief import calllog

    channels = dict(channels or {})
    scrubbed = scrub_transcript(transcript, detector=detector, people=people, protected=protected)
    messages = build_messages(scrubbed, meeting_date=meeting_date, currency=currency, channels=channels, campaign=campaign)
    litellm = _litellm()
    options: dict[str, Any] = {
        "timeout": timeout, "temperature": temperature, "num_retries": 0, "max_retries": 0, "drop_params": True,
        "response_format": _response_format(litellm, model),
    }  # fmt: skip
    if api_base:
        options["api_base"] = api_base
    if mock_response is not None:
        options["mock_response"] = mock_response

    log_ids: list[str] = []
    answer: BaseModel | None = None
    for attempt in (1, 2):
        started_at = dt.datetime.now(dt.timezone.utc)
        call_id = calllog.new_call_id(started_at)
        record = {"id": call_id, "time": started_at, "model": model, "api_base": _host(api_base), "attempt": attempt,
                  "messages": [dict(m) for m in messages]}  # fmt: skip
        started = time.monotonic()
        try:
            reply = _complete_chat(litellm, model, messages, **options)
        except Exception as exc:  # noqa: BLE001 - every provider failure becomes a ModelError below
            error = _call_error(litellm, exc, model=model, api_base=api_base, timeout=timeout)
            _log(log_dir, record, started, outcome="error", error=error.message)
            if log_dir is not None:
                error.hint = f"{error.hint}; the call is logged: mops logs {call_id}"
            raise error from None
        log_ids.append(call_id)
        replied = {"response": reply.text, "tokens_in": reply.tokens_in, "tokens_out": reply.tokens_out, "cost": reply.cost}
        try:
            answer = parse_answer(reply.text, scrubbed, campaign=campaign, currency=currency)
        except InvalidAnswer as exc:
            _log(log_dir, {**record, **replied}, started, outcome="invalid", error=str(exc))
            if attempt == 2:
                raise InputError(
                    f"the model's answer is not a valid brief: {exc}",
                    hint=f"{INVALID_HINT}; the answers are logged: mops logs {log_ids[0]}" if log_dir else INVALID_HINT,
                ) from None
            messages = [*messages, {"role": "assistant", "content": reply.text or ""},
                        {"role": "user", "content": f"That answer is not a valid brief: {exc}. "
                                                    "Answer again with the whole corrected JSON object only."}]  # fmt: skip
            continue
        _log(log_dir, {**record, **replied}, started, outcome="ok")
        break

    assert answer is not None  # the loop either broke with an answer or raised
    brief, observations = answer_to_brief(
        answer, scrubbed, campaign=campaign, currency=currency, channels=channels, meeting_date=meeting_date, drafted_by=model
    )
    return ModelExtraction(brief=brief, observations=observations, log_ids=log_ids)


def _log(log_dir: Path | None, record: dict[str, Any], started: float, *, outcome: str, error: str | None = None) -> None:
    if log_dir is None:
        return
    from mops.brief.calllog import CallLog, write_call

    duration = round(time.monotonic() - started, 3)
    write_call(log_dir, CallLog(**record, duration_seconds=duration, outcome=outcome, error=error))
