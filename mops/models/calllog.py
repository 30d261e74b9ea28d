"""A record of one language-model call (`.mops/logs/<id>.json`), as `mops brief draft` writes it and
`mops logs ID` shows it: the scrubbed messages as sent, the answer as received, tokens, cost, outcome."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from mops.models._base import Result


class CallLog(Result):
    """One call to a language model, as sent and as answered."""

    id: str = Field(description="Sortable id: UTC time of the call and a random suffix, e.g. 20261206T031500-ab12cd.")
    time: dt.datetime = Field(description="When the call started (UTC).")
    purpose: str = Field(default="brief draft", description="What mops asked the model for.")
    model: str
    api_base: str | None = Field(default=None, description="Host of the provider's endpoint when one was set.")
    attempt: int = Field(default=1, ge=1, description="1 for the first call, 2 for the retry carrying a validation error.")
    messages: list[dict[str, str]] = Field(default_factory=list, description="The scrubbed prompt, exactly as sent.")
    response: str | None = Field(default=None, description="The model's answer text, as received.")
    tokens_in: int | None = None
    tokens_out: int | None = None
    cost: float | None = Field(default=None, description="In USD, as litellm prices it; None when unknown.")
    duration_seconds: float = Field(ge=0)
    outcome: Literal["ok", "invalid", "error"]
    error: str | None = Field(default=None, description="Why the answer was invalid, or why the call failed.")
