"""The answer a model must give for a brief, and how it becomes a Brief that holds.

The answer's shape is derived from the Brief model (`brief_answer_model`): the same fields, each
value stated with its evidence (`{"value": 52000, "evidence": [{"utterance": "u9", "quote": "..."}]}`),
list items (KPIs, owners, decisions...) with their own. `parse_answer` validates an answer as JSON,
against that shape and as a Brief, for the retry; `answer_to_brief` restores placeholders, checks every
quote verbatim against the original transcript (`verify_quote`), drops what does not hold and says so.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from mops.brief.grounding import verify_quote
from mops.brief.scrub import ScrubbedTranscript
from mops.brief.transcript import Transcript
from mops.errors import InputError
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
INVALID_HINT = "try another model, or draft offline with --offline"


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
    from mops.models.campaign import campaign_id_from_file_name, is_campaign_id

    observations = []
    stated = data.get("campaign")
    if campaign:
        data["campaign"] = campaign
    elif not (isinstance(stated, str) and is_campaign_id(stated)):
        data["campaign"] = campaign_id_from_file_name(transcript.path)
        observations.append(Observation(
            code="BRIEF-NO-CAMPAIGN-ID", severity=Severity.warning,
            statement=f"the meeting names no campaign id; {data['campaign']!r} is taken from the file name",
            evidence=[Evidence(kind="file", path=transcript.path)],
        ))  # fmt: skip
    data["title"] = data.get("title") or data["campaign"]
    if "budget" in data:
        data["budget"].setdefault("currency", currency)
    return observations


def first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else error["msg"]


class InvalidAnswer(Exception):
    """The model's answer is not a valid brief; the message is the first error, for the retry."""


def parse_answer(text: str | None, scrubbed: ScrubbedTranscript, *, campaign: str | None, currency: str) -> _Answer:
    """The answer, validated as JSON, against the answer schema and as a Brief; `InvalidAnswer` with
    the first error otherwise."""
    body = (text or "").strip()
    if body.startswith("```"):  # a fenced block despite JSON mode
        body = body.strip("`").removeprefix("json").strip()
    try:
        raw = json.loads(body)
    except json.JSONDecodeError as exc:
        raise InvalidAnswer(f"not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    try:
        answer = brief_answer_model().model_validate(raw)
        grounding = _Grounding(scrubbed, check=False)
        data = _brief_data(answer, grounding)
        _complete(data, campaign=campaign or "draft", currency=currency, transcript=scrubbed.original)
        Brief.model_validate(data)
    except ValidationError as exc:
        raise InvalidAnswer(first_error(exc)) from None
    return answer


def answer_to_brief(
    answer: BaseModel,
    scrubbed: ScrubbedTranscript,
    *,
    campaign: str | None,
    currency: str,
    channels: Mapping[str, list[str]],
    meeting_date: dt.date,
    drafted_by: str,
) -> tuple[Brief, list[Observation]]:
    """The brief a valid answer states, names restored and every value grounded in the original
    transcript; what was dropped or adjusted, as observations."""
    transcript = scrubbed.original
    grounding = _Grounding(scrubbed, check=True)
    data = _brief_data(answer, grounding)
    observations = grounding.observations
    observations += _canonical_channels(data, channels, transcript)
    observations += _complete(data, campaign=campaign, currency=currency, transcript=transcript)
    data.update(evidence=grounding.evidence, transcript=transcript.path, meeting_date=meeting_date, drafted_by=drafted_by)
    try:
        brief = Brief.model_validate(data)
    except ValidationError as exc:  # grounding only removes values; kept here so no traceback can escape
        raise InputError(f"the model's answer is not a valid brief: {first_error(exc)}", hint=INVALID_HINT) from None
    return brief, observations
