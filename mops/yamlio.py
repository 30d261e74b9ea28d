"""Read YAML files keeping where every value came from, and validate them into models.

PyYAML's constructors forget line numbers; errors a person can act on need them. So documents are
composed into nodes (with marks) and built into plain Python here, recording for every field path
the line and column of its key and value. A pydantic error's `loc` is then mapped back to the
exact place in the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from mops.errors import ConfigError, MultipleErrors
from mops.paths import display_path

try:  # libyaml's composer is ~10x faster; the node tree is the same.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

M = TypeVar("M", bound=BaseModel)
Path_ = tuple[Any, ...]

try:  # libyaml's emitter writes the same text several times faster (a pacing run writes hundreds of proposals)
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Dumper = yaml.SafeDumper


def dump_record(data: Any) -> str:
    """YAML of a record mops writes for people to read and sign (proposals): keys in the given order,
    Unicode as itself, lines up to 110 characters."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class LoadedYaml:
    """A parsed YAML document and the position of every key and value in it."""

    path: Path
    data: Any
    key_positions: dict[Path_, Position] = field(default_factory=dict)
    value_positions: dict[Path_, Position] = field(default_factory=dict)
    sha256: str = ""

    def position(self, loc: Path_, *, prefer_key: bool = False) -> Position | None:
        """Position of the deepest known prefix of `loc` (pydantic adds tags that are not in the file)."""
        known: Path_ = ()
        for part in loc:
            candidate = (*known, part)
            if candidate in self.value_positions:
                known = candidate
        if not known:
            return self.value_positions.get(())
        if prefer_key and known in self.key_positions:
            return self.key_positions[known]
        return self.value_positions[known]


def _mark(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


MAX_ALIAS_EXPANSION = 100_000  # values built again through aliases; "billion laughs" files build billions


class _Builder:
    def __init__(self, loaded: LoadedYaml, display: str) -> None:
        self.loaded = loaded
        self.display = display
        self.constructor = yaml.SafeLoader("")
        self.built: set[int] = set()
        self.repeats = 0

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.built:  # reached again through an alias: each use is built (and located) anew
            self.repeats += 1
            if self.repeats > MAX_ALIAS_EXPANSION:
                raise self._error(
                    f"YAML aliases (*name) expand to over {MAX_ALIAS_EXPANSION:,} values",
                    node,
                    hint="write the values out, or use fewer nested aliases: a file that expands like this is refused",
                )
        else:
            self.built.add(id(node))
        self.loaded.value_positions[path] = _mark(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            self.constructor.flatten_mapping(node)
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.constructor.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    raise self._error("a mapping key must be a plain value", key_node) from None
                if key in result:
                    first = self.loaded.key_positions[(*path, key)]
                    raise self._error(
                        f"duplicate key {key!r} (first at line {first.line})",
                        key_node,
                        hint="remove one of them: YAML keeps only the last, silently",
                    )
                self.loaded.key_positions[(*path, key)] = _mark(key_node.start_mark)
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise self._error(str(exc).splitlines()[0], node) from None
        except (ValueError, OverflowError) as exc:  # a date YAML reads but the calendar has not: 2027-06-31
            raise self._error(f"{node.value!r} is not a valid value: {exc}", node, hint="a date is YYYY-MM-DD, a day that exists") from None

    def _error(self, message: str, node: yaml.Node, hint: str | None = None) -> ConfigError:
        mark = _mark(node.start_mark)
        return ConfigError(message, path=self.display, line=mark.line, column=mark.column, hint=hint)


def parse_yaml(text: str | bytes, path: Path, *, display: str | None = None) -> LoadedYaml:
    """Parse one YAML document, raising `ConfigError` with file:line:column on a syntax error."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    shown = display or display_path(path)
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"not UTF-8 text (byte {exc.start} is {raw[exc.start]:#04x})",
            path=shown,
            hint="save the file as UTF-8",
        ) from None
    loaded = LoadedYaml(path=path, data=None, sha256=hashlib.sha256(raw).hexdigest())
    try:
        node = yaml.compose(decoded, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise ConfigError(
            f"YAML syntax error: {problem}",
            path=shown,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="check indentation and quoting on this line and the one above; values containing ': ' or '#' need quotes",
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"YAML error: {exc}", path=shown) from None
    if node is None:
        loaded.data = {}
        loaded.value_positions[()] = Position(1, 1)
        return loaded
    loaded.data = _Builder(loaded, shown).build(node, ())
    return loaded


def load_yaml(path: Path, *, display: str | None = None) -> LoadedYaml:
    """Read and parse a YAML file; a missing or unreadable file is a `ConfigError`."""
    shown = display or display_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError("file not found", path=shown) from None
    except IsADirectoryError:
        raise ConfigError("is a directory, expected a YAML file", path=shown) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=shown) from None
    return parse_yaml(raw, path, display=shown)


def _field_path(loc: Path_) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


_HINTS = {
    "extra_forbidden": "remove it or check its spelling; `mops schema {schema}` lists the allowed fields",
    "missing": "add it; `mops schema {schema}` shows every field",
    "dict_type": "this must be a mapping of `key: value` lines",
    "list_type": "this must be a list (lines starting with '- ')",
    "model_type": "this must be a mapping of `key: value` lines",
}


def validation_errors(exc: ValidationError, loaded: LoadedYaml, display: str, schema: str) -> list[ConfigError]:
    """Turn a pydantic ValidationError into located `ConfigError`s, one per problem."""
    errors: list[ConfigError] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            message = f"unknown field {loc[-1]!r}"
            pos = loaded.position(loc, prefer_key=True)
        elif kind == "missing":
            message = f"missing required field {loc[-1]!r}"
            pos = loaded.position(loc[:-1])
        else:
            message = err["msg"].removeprefix("Value error, ")
            value = err.get("input")
            if kind.endswith("_type") or kind.endswith("_parsing"):
                message = f"{message}, got {value!r}"
            pos = loaded.position(loc)
        hint = _HINTS.get(kind, "").format(schema=schema) or None
        errors.append(
            ConfigError(
                message,
                path=display,
                line=pos.line if pos else None,
                column=pos.column if pos else None,
                field=_field_path(loc),
                hint=hint,
            )
        )
    return errors


def validate_loaded(model: type[M], loaded: LoadedYaml, *, schema: str, display: str | None = None) -> M:
    """Validate parsed YAML into `model`; every problem is reported with its file, line and field."""
    shown = display or display_path(loaded.path)
    data = loaded.data
    if not isinstance(data, dict):
        raise ConfigError(
            f"expected a mapping of fields at the top level, found {type(data).__name__}",
            path=shown,
            line=1,
            column=1,
            hint=f"`mops schema {schema}` shows the expected layout",
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = validation_errors(exc, loaded, shown, schema)
        if len(errors) == 1:
            raise errors[0] from None
        raise MultipleErrors(errors) from None


def load_model(model: type[M], path: Path, *, schema: str, display: str | None = None) -> M:
    """Read, parse and validate a YAML file into `model`."""
    loaded = load_yaml(path, display=display)
    return validate_loaded(model, loaded, schema=schema, display=display)


__all__ = [
    "LoadedYaml",
    "dump_record",
    "Position",
    "load_model",
    "load_yaml",
    "parse_yaml",
    "validate_loaded",
]
