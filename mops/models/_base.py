"""Base classes shared by every model of a file a user writes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class UserFile(BaseModel):
    """A model of a file people write by hand: unknown fields are errors, so typos are caught."""

    # defer_build: validators are built when a model first validates, not when its class is made;
    # `mops lint FILE` reads the workspace's models already validated (mops/workspace.py) and so
    # builds none (a third of its start-up)
    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_default=True, defer_build=True)


class Result(BaseModel):
    """A result a command returns (findings, observations): plain data, serialisable to JSON."""

    # defer_build: a lint builds its findings with `trusted` and never validates one, so their
    # validators are built only if something validates a result (4 ms of every `mops lint`)
    model_config = ConfigDict(extra="forbid", defer_build=True)


_new = object.__new__
_set_attribute = object.__setattr__
# BaseModel keeps these in slots: setting them through the slot descriptors skips the attribute lookup
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def trusted(cls: type[BaseModel], values: dict[str, Any]) -> Any:
    """An instance of `cls` from values that are already right, every field given.

    What `model_construct` does, without its per-field lookups: a lint builds one finding per
    problem, hundreds of thousands on a legacy bulk sheet. tests/test_schema.py holds the result
    equal to a validated instance, so a pydantic upgrade that changes the layout fails there."""
    instance = _new(cls)
    _set_attribute(instance, "__dict__", values)
    _set_fields_set(instance, set(values))
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance
