"""Brief extraction through a language model (any litellm model), on a scrubbed transcript.

The model sees the transcript with placeholders for people and contact details (`scrub`), the
meeting date, the workspace currency, the taxonomy's channel names and the JSON Schema of the answer
(`brief_answer_model`, derived from the Brief model: every value with the utterances it came from).
Its answer is validated, and sent back once with the first error if it is not a valid brief. Then
placeholders are restored, and every quote is checked verbatim against the original transcript: a
value whose evidence is not there is dropped and reported as an observation.

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
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from mops.brief.grounding import verify_quote
from mops.brief.scrub import ScrubbedTranscript, scrub_transcript
from mops.brief.transcript import Transcript
from mops.errors import InputError, MopsError
from mops.models.brief import Brief, Grounded
from mops.models.results import Evidence, Observation, Severity

T = TypeVar("T")

# The Brief fields a model fills; the rest (status, provenance, history suggestions) are mops's own.
MODEL_FIELDS = (
    "campaign", "title", "objectives", "kpis", "audience", "channels", "budget", "pricing", "start", "end",
    "key_messages", "call_to_action", "offer", "landing_page", "deliverables", "owners", "approvers",
    "decisions", "risks", "open_questions",
)  # fmt: skip
_UNGROUNDED = ("title",)  # a label the model writes, not a value the meeting states
_CITES_OPTIONAL = ("open_questions",)  # "Budget not stated" has no words to quote

_RETRY_HINT = "try another model, or draft offline with --offline"


class ModelError(MopsError):
    """The model could not be reached or used: a missing key, an unreachable provider, a timeout."""


@dataclass
class ModelExtraction:
    """What the model stated, grounded in the transcript; what was dropped, as observations."""

    brief: Brief | None
    observations: list[Observation] = field(default_factory=list)
    log_ids: list[str] = field(default_factory=list)


# --- the answer the model must give, derived from the Brief model --------------------------------


class Cite(BaseModel):
    """Where the meeting says it: an utterance id and its exact words."""

    utterance: str = Field(description="Utterance id as numbered in the transcript, e.g. u12.")
    quote: str = Field(min_length=1, description="The exact words of that utterance, copied character for character; at most one sentence.")


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")  # a stray key is not worth a retry


class Stated(_Answer, Generic[T]):
    """A value the meeting stated, with where."""

    value: T
    evidence: list[Cite] = Field(min_length=1)


class _GroundedAnswer(_Answer):
    """A list item (KPI, owner, decision...) carrying its own `evidence`: a list of Cite."""


def _optional_of(annotation: Any) -> Any:
    """`X` for `X | None` and for `Annotated[X, ...]` (a campaign id is checked later, as a Brief)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _optional_of(args[0])
    if typing.get_origin(annotation) is typing.Annotated:
        return typing.get_args(annotation)[0]
    return annotation


def _is_model(annotation: Any, base: type) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, base)


def _item_answer(source: type[BaseModel], *, cites_required: bool) -> type[_GroundedAnswer]:
    """A Grounded model's fields as they are, with `evidence` as cites."""
    fields: dict[str, Any] = {
        name: (info.annotation, info) for name, info in source.model_fields.items() if name != "evidence"
    }
    evidence = Field(min_length=1) if cites_required else Field(default_factory=list)
    suffix = "" if cites_required else "Unquoted"
    # evidence after the value, in the order a model writes them
    return create_model(f"{source.__name__}{suffix}Answer", __base__=_GroundedAnswer, __doc__=source.__doc__,
                        **fields, evidence=(list[Cite], evidence))  # fmt: skip


def _container_answer(source: type[BaseModel], names: Iterable[str], model_name: str) -> type[_Answer]:
    """A model whose every field is stated with evidence: scalars as Stated, lists item by item."""
    fields: dict[str, Any] = {}
    for name in names:
        info = source.model_fields[name]
        annotation = _optional_of(info.annotation)
        described = {"description": info.description} if info.description else {}
        if name in _UNGROUNDED:
            fields[name] = (annotation | None, Field(default=None, **described))
        elif typing.get_origin(annotation) is list:
            (item,) = typing.get_args(annotation)
            if _is_model(item, Grounded):
                item_answer = _item_answer(item, cites_required=name not in _CITES_OPTIONAL)
                fields[name] = (list[item_answer], Field(default_factory=list, **described))
            else:
                fields[name] = (list[Stated[item]], Field(default_factory=list, **described))
        elif _is_model(annotation, BaseModel):
            nested = _container_answer(annotation, annotation.model_fields, f"{annotation.__name__}Answer")
            fields[name] = (nested | None, Field(default=None, **described))
        else:
            fields[name] = (Stated[annotation] | None, Field(default=None, **described))
    return create_model(model_name, __base__=_Answer, **fields)


@cache
def brief_answer_model() -> type[_Answer]:
    """The model-facing answer: the Brief's fields, each value with its evidence."""
    return _container_answer(Brief, MODEL_FIELDS, "BriefAnswer")


# --- from the answer to a Brief ---------------------------------------------------------------


class _Grounding:
    """Turns an answer into Brief data: restores placeholders and checks every quote.

    With `check=False` (validating an answer before grounding) every cite is taken as given and
    nothing is restored, so the result shows whether the answer's shape makes a valid Brief.
    """

    def __init__(self, scrubbed: ScrubbedTranscript, *, check: bool) -> None:
        self.scrubbed = scrubbed
        self.transcript = scrubbed.original
        self.check = check
        self.evidence: dict[str, list[Evidence]] = {}
        self.observations: list[Observation] = []

    def restore(self, value: Any) -> Any:
        if not self.check:
            return value
        if isinstance(value, str):
            return self.scrubbed.restore(value)
        if isinstance(value, list):
            return [self.restore(v) for v in value]
        if isinstance(value, dict):
            return {k: self.restore(v) for k, v in value.items()}
        return value

    def ground(self, path: str, shown: str, cites: list[Cite], *, required: bool = True) -> list[Evidence] | None:
        """The verified evidence of a value; None when the value must be dropped."""
        if not self.check:
            return []
        kept: list[Evidence] = []
        failed: list[tuple[Cite, str]] = []
        for cite in cites:
            utterance_id = _utterance_id(cite.utterance)
            quote = self.scrubbed.restore_quote(utterance_id, cite.quote)
            evidence = verify_quote(self.transcript, utterance_id, quote)
            if evidence is None:
                failed.append((cite, quote))
            else:
                kept.append(evidence)
        dropped = required and not kept
        outcome = "dropped" if dropped else "kept on its other evidence" if kept else "kept without evidence"
        for cite, quote in failed:
            self.observations.append(self._ungrounded(path, shown, cite, quote, outcome))
        return None if dropped else kept

    def _ungrounded(self, path: str, shown: str, cite: Cite, quote: str, outcome: str) -> Observation:
        utterance_id = _utterance_id(cite.utterance)
        utterance = self.transcript.utterance(utterance_id)
        where = f"{utterance_id} does not say it" if utterance is not None else f"there is no utterance {utterance_id}"
        return Observation(
            code="BRIEF-UNGROUNDED",
            severity=Severity.warning if outcome == "dropped" else Severity.info,
            statement=f'model\'s {path} {shown} {outcome}: it quoted "{quote}", but {where}',
            evidence=[Evidence(
                kind="utterance", path=self.transcript.path, line=utterance.line if utterance else None,
                quote=quote, speaker=utterance.speaker if utterance else None, utterance=utterance_id,
                note="quote not found in this utterance",
            )],
        )  # fmt: skip


def _utterance_id(raw: str) -> str:
    raw = raw.strip()
    return f"u{raw}" if raw.isdigit() else raw.lower()


def _shown(value: Any) -> str:
    """A value as an observation shows it: 15000 rather than 15000.0, dates as YYYY-MM-DD."""
    if isinstance(value, BaseModel):
        data = value.model_dump(exclude={"evidence"}, exclude_none=True, mode="json")
        return "(" + ", ".join(f"{k}={_plain(v)}" for k, v in data.items()) + ")"
    return repr(_plain(value))


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def _brief_data(answer: _Answer, grounding: _Grounding, path: str = "") -> dict[str, Any]:
    """Brief fields from an answer: evidence of scalars into `grounding.evidence` by dotted path,
    list items with their own; values whose evidence does not hold are left out."""
    data: dict[str, Any] = {}
    for name in type(answer).model_fields:
        value = getattr(answer, name)
        where = f"{path}{name}"
        if value is None or name == "evidence":
            continue
        if isinstance(value, Stated):
            evidence = grounding.ground(where, _shown(value.value), value.evidence)
            if evidence is not None:
                data[name] = grounding.restore(value.value)
                grounding.evidence.setdefault(where, []).extend(evidence)
        elif isinstance(value, list):
            items = []
            for item in value:
                if isinstance(item, Stated):
                    evidence = grounding.ground(where, _shown(item.value), item.evidence)
                    if evidence is not None:
                        items.append(grounding.restore(item.value))
                        grounding.evidence.setdefault(where, []).extend(evidence)
                else:
                    required = name not in _CITES_OPTIONAL
                    evidence = grounding.ground(where, grounding.restore(_shown(item)), item.evidence, required=required)
                    if evidence is not None:
                        fields = grounding.restore(item.model_dump(exclude={"evidence"}, exclude_none=True))
                        items.append({**fields, "evidence": evidence})
            if items:
                data[name] = items
        elif isinstance(value, _Answer):
            nested = _brief_data(value, grounding, f"{where}.")
            if nested:
                data[name] = nested
        else:
            data[name] = grounding.restore(value)
    return data


def _canonical_channels(data: dict[str, Any], channels: Mapping[str, list[str]], transcript: Transcript) -> list[Observation]:
    """Channel names as the taxonomy spells them; an unknown one is kept and reported."""
    if not channels:
        return []
    lookup = {name.casefold(): name for name in channels}
    for name, aliases in channels.items():
        for alias in aliases:
            lookup.setdefault(alias.casefold(), name)
    observations = []

    def canonical(value: str) -> str:
        known = lookup.get(value.strip().casefold())
        if known is None:
            observations.append(Observation(
                code="BRIEF-UNKNOWN-CHANNEL", severity=Severity.warning,
                statement=f"the model named a channel the taxonomy does not know: {value!r} (known: {', '.join(channels)})",
                evidence=[Evidence(kind="file", path=transcript.path)],
            ))  # fmt: skip
            return value
        return known

    if "channels" in data:
        data["channels"] = [canonical(c) for c in data["channels"]]
    for item in data.get("budget", {}).get("split", []):
        item["channel"] = canonical(item["channel"])
    return observations


def _complete(data: dict[str, Any], *, campaign: str | None, currency: str, transcript: Transcript) -> list[Observation]:
    """Fill what a Brief needs and the model may leave out: campaign id, title, currency."""
    from mops.models.campaign import is_campaign_id, slugify_campaign

    observations = []
    stated = data.get("campaign")
    if campaign:
        data["campaign"] = campaign
    elif not (isinstance(stated, str) and is_campaign_id(stated)):
        data["campaign"] = slugify_campaign(Path(transcript.path).stem) or "campaign"
        observations.append(Observation(
            code="BRIEF-NO-CAMPAIGN-ID", severity=Severity.warning,
            statement=f"the meeting names no campaign id; {data['campaign']!r} is taken from the file name",
            evidence=[Evidence(kind="file", path=transcript.path)],
        ))  # fmt: skip
    data["title"] = data.get("title") or data["campaign"]
    if "budget" in data:
        data["budget"].setdefault("currency", currency)
    return observations


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else error["msg"]


class _InvalidAnswer(Exception):
    pass


def _parse_answer(text: str | None, scrubbed: ScrubbedTranscript, *, campaign: str | None, currency: str) -> _Answer:
    """The answer, validated as JSON, against the answer schema and as a Brief; `_InvalidAnswer` with
    the first error otherwise."""
    body = (text or "").strip()
    if body.startswith("```"):  # a fenced block despite JSON mode
        body = body.strip("`").removeprefix("json").strip()
    try:
        raw = json.loads(body)
    except json.JSONDecodeError as exc:
        raise _InvalidAnswer(f"not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    try:
        answer = brief_answer_model().model_validate(raw)
        grounding = _Grounding(scrubbed, check=False)
        data = _brief_data(answer, grounding)
        _complete(data, campaign=campaign or "draft", currency=currency, transcript=scrubbed.original)
        Brief.model_validate(data)
    except ValidationError as exc:
        raise _InvalidAnswer(_first_error(exc)) from None
    return answer


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
    return ModelError(f"the call to {model} failed: {first_line[:300]}", hint=_RETRY_HINT)


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
    answer: _Answer | None = None
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
            answer = _parse_answer(reply.text, scrubbed, campaign=campaign, currency=currency)
        except _InvalidAnswer as exc:
            _log(log_dir, {**record, **replied}, started, outcome="invalid", error=str(exc))
            if attempt == 2:
                raise InputError(
                    f"the model's answer is not a valid brief: {exc}",
                    hint=f"{_RETRY_HINT}; the answers are logged: mops logs {log_ids[0]}" if log_dir else _RETRY_HINT,
                ) from None
            messages = [*messages, {"role": "assistant", "content": reply.text or ""},
                        {"role": "user", "content": f"That answer is not a valid brief: {exc}. "
                                                    "Answer again with the whole corrected JSON object only."}]  # fmt: skip
            continue
        _log(log_dir, {**record, **replied}, started, outcome="ok")
        break

    assert answer is not None  # the loop either broke with an answer or raised
    grounding = _Grounding(scrubbed, check=True)
    data = _brief_data(answer, grounding)
    observations = grounding.observations
    observations += _canonical_channels(data, channels, transcript)
    observations += _complete(data, campaign=campaign, currency=currency, transcript=transcript)
    data.update(evidence=grounding.evidence, transcript=transcript.path, meeting_date=meeting_date, drafted_by=model)
    try:
        brief = Brief.model_validate(data)
    except ValidationError as exc:  # grounding only removes values; kept here so no traceback can escape
        raise InputError(f"the model's answer is not a valid brief: {_first_error(exc)}", hint=_RETRY_HINT) from None
    return ModelExtraction(brief=brief, observations=observations, log_ids=log_ids)


def _log(log_dir: Path | None, record: dict[str, Any], started: float, *, outcome: str, error: str | None = None) -> None:
    if log_dir is None:
        return
    from mops.brief.calllog import CallLog, write_call

    duration = round(time.monotonic() - started, 3)
    write_call(log_dir, CallLog(**record, duration_seconds=duration, outcome=outcome, error=error))
