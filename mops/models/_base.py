"""Base classes shared by every model of a file a user writes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class UserFile(BaseModel):
    """A model of a file people write by hand: unknown fields are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_default=True)


class Result(BaseModel):
    """A result a command returns (findings, observations): plain data, serialisable to JSON."""

    model_config = ConfigDict(extra="forbid")
