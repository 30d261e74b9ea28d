"""A record of one language-model call (`.mops/logs/<id>.json`), as `mops brief draft` writes it and
`mops logs ID` shows it: the scrubbed messages as sent, the answer as received, tokens, cost, outcome;
and the MCP tool calls `mops mcp` logs (`.mops/logs/mcp-YYYY-MM-DD.jsonl`), as `mops logs --mcp` lists them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import AwareDatetime, ConfigDict, Field, field_validator

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


class McpCall(Result):
    """One MCP tool call, as `mops mcp` logs it: a line of `.mops/logs/mcp-YYYY-MM-DD.jsonl`."""

    # a line a newer server wrote, with fields this version does not know, still lists
    model_config = ConfigDict(extra="ignore", defer_build=True)

    time: AwareDatetime = Field(description="When the call started (UTC).")
    tool: str = Field(description="The tool called, e.g. lint, history_report.")
    arguments: dict[str, Any] = Field(default_factory=dict, description='The arguments as given; a `text` argument is {"length": N}, never its content.')
    duration_ms: float = Field(ge=0, description="How long the call took, in milliseconds.")
    result_bytes: int | None = Field(default=None, ge=0, description="Size of the result's JSON; none when the call was refused.")
    ok: bool = Field(description="False when the call came back as a tool error.")
    error: str | None = Field(default=None, description="The tool error the assistant was given, when not ok.")

    @field_validator("time")
    @classmethod
    def _in_utc(cls, value: dt.datetime) -> dt.datetime:
        return value.astimezone(dt.timezone.utc)  # a hand-edited line in another offset lists and filters as UTC


class LogProblem(Result):
    """A line of an MCP call log that is not a call record: left out of the listing, said where."""

    path: str = Field(description="The log file, relative to the workspace root.")
    line: int = Field(ge=1)
    message: str = Field(description="What is wrong with the line.")


class McpCallLog(Result):
    """What `mops logs --mcp` lists: the MCP tool calls logged under .mops/logs/, oldest first."""

    calls: list[McpCall] = Field(default_factory=list)
    problems: list[LogProblem] = Field(
        default_factory=list,
        description="Lines that could not be read (a server stopped mid-write, a hand edit); every other line is in `calls`.",
    )
