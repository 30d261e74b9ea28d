"""Models as plain values: what `mops lint` reads and reports without importing pydantic.

Importing pydantic and building mops's model classes was over a third of the start-up of
`mops lint FILE` (benchmarks/startup.py), though a lint validates nothing its cache does not
already hold: the workspace's files were validated when they were first read, and findings are
made of values of the right types. A `Plain` holds a model's field values as attributes, read as
the model's are (`config.lint.fail_on`, `finding.fix.edits`), and knows the model it stands for by
name. Anything beyond the fields (a method, a property, `model_dump`) builds that model
(`Plain.model_instance()`), importing pydantic then: a plain value answers everything its model does, and
only what reads fields alone stays fast.

Made by `plain_of` from a validated model (the workspace keeps these pickled in the user cache:
mops/workspace.py), or by `plain` from field values (the lint's report: mops.lint.raw_findings).
This module imports nothing of pydantic; a pickle of plain values names only this module, enums
(mops.models.severity) and builtins.
"""

from __future__ import annotations

import importlib
from enum import Enum
from typing import Any

__all__ = ["Plain", "dump", "model_of", "plain", "plain_of"]


class Plain:
    """A model's field values, read as attributes, without the model class (see the module doc)."""

    # its own names are in pydantic's `model_` namespace, which no field may use (a field may be
    # called `model`: mops.yaml's is); slots, so that they win over a field of the same name
    __slots__ = ("__dict__", "model_name", "model_fields_set", "_model")

    def __init__(self, model_name: str, values: dict[str, Any], fields_set: set[str] | None = None) -> None:
        self.__dict__.update(values)
        self.model_name = model_name  # "module:Class" of the model it stands for
        # what the file said explicitly, as the model's `model_fields_set` says it
        self.model_fields_set = set(values) if fields_set is None else fields_set
        self._model = None

    def __getattr__(self, name: str) -> Any:
        # called only for what is not a field: the model's methods, properties and pydantic API
        if name.startswith("__") or name in Plain.__slots__:
            raise AttributeError(name)  # pickle and copy probe for dunders; they are not the model's
        return getattr(self.model_instance(), name)

    def model_instance(self) -> Any:
        """The pydantic model these values stand for, built once (nested plain values too), not validated."""
        if self._model is None:
            self._model = _build(self)
        return self._model

    def __getstate__(self) -> tuple:
        return (self.__dict__, {"model_name": self.model_name, "model_fields_set": self.model_fields_set, "_model": None})

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{self.model_name.rpartition(':')[2]}({fields})"


_new = object.__new__
_set_name = Plain.model_name.__set__  # type: ignore[attr-defined] - the slot's descriptor
_set_fields_set = Plain.model_fields_set.__set__  # type: ignore[attr-defined]
_set_model = Plain._model.__set__  # type: ignore[attr-defined]


def plain(model_name: str, values: dict[str, Any]) -> Plain:
    """A plain value of the model `model_name` ("module:Class") from its field values, every field
    given (so every field counts as set). What `Plain(...)` makes, without its Python-level
    `__init__`: a lint of a legacy bulk sheet makes a finding per problem, tens of thousands."""
    instance = _new(Plain)
    instance.__dict__ = values
    _set_name(instance, model_name)
    _set_fields_set(instance, set(values))
    _set_model(instance, None)
    return instance


def plain_of(value: Any) -> Any:
    """`value` with every pydantic model in it (nested in models, lists, tuples, dicts) made plain."""
    return _mapped(value, _plain_model)


def _plain_model(value: Any) -> Any:
    fields = getattr(type(value), "model_fields", None)
    if fields is None or not hasattr(value, "model_fields_set"):
        return value
    cls = type(value)
    return Plain(f"{cls.__module__}:{cls.__qualname__}", {name: plain_of(getattr(value, name)) for name in fields}, set(value.model_fields_set))


_LEAVES = frozenset({str, int, float, bool, type(None)})


def dump(value: Any) -> Any:
    """The JSON data of `value` as its model's `model_dump(mode="json")` gives it, without pydantic
    for plain values: a plain value's fields in the order it was made with (every maker gives its
    model's order: mops.lint.raw_findings, the runner, `plain_of`), enums as their values, tuples
    as lists; a model in it dumps itself. What `mops lint --format json` writes, so that CI does
    not import pydantic to write a report made of strings and numbers."""
    cls = type(value)
    if cls in _LEAVES:
        return value
    if cls is Plain:
        return {k: v if type(v) in _LEAVES else dump(v) for k, v in value.__dict__.items()}
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _LEAVES else dump(v) for v in value]
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    model_dump = getattr(value, "model_dump", None)
    return model_dump(mode="json") if model_dump is not None else value


def model_of(value: Any) -> Any:
    """`value` with every plain value in it made the model it stands for (the inverse of plain_of);
    models and other values as they are."""
    return _mapped(value, lambda v: v.model_instance() if isinstance(v, Plain) else v)


def _mapped(value: Any, convert: Any) -> Any:
    """`value` with `convert` applied to what is not a list, tuple or dict, in them too."""
    if isinstance(value, list):
        return [_mapped(v, convert) for v in value]
    if isinstance(value, tuple):
        return tuple(_mapped(v, convert) for v in value)
    if isinstance(value, dict):
        return {k: _mapped(v, convert) for k, v in value.items()}
    return convert(value)


def _build(value: Plain) -> Any:
    module, _, name = value.model_name.partition(":")
    cls = getattr(importlib.import_module(module), name)
    # model_construct: the values were validated (or made of the right types) already
    return cls.model_construct(_fields_set=set(value.model_fields_set), **{k: model_of(v) for k, v in value.__dict__.items()})
