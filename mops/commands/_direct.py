"""Run `mops lint ...` without importing Typer, from a parse table Typer made.

Typer, and the standard library it imports (inspect, subprocess, platform...), cost a one-file
`mops lint` a quarter of its start-up (benchmarks/startup.py), only to read a command line.
The commands listed in DIRECT declare their options for Typer in their annotations, which are
strings until Typer reads them, so their modules import no Typer. This module keeps, in the
user's cache, the parse table of each: its options and arguments as Typer declared them to click
(names, value kinds, choices, defaults), made by Typer itself (`build_table`) and keyed by the
code it was made from. A command line the table reads plainly (known options, values of the
declared kinds) calls the command's function with the values Typer would have passed; any other
(help, --version, an unknown option, a value click would refuse, `--`, clustered short options)
is left to Typer, which answers it as always. The options are declared once, in the command's
module; what this parser accepts it reads as click does, and tests/test_direct_cli.py holds its
values to Typer's on random command lines.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

# commands run from their parse table: name -> "module:function" (their module imports no Typer)
DIRECT = {"lint": "mops.commands.lint:lint"}
_TABLE_VERSION = 1
_SOURCES = ("mops/app.py", "mops/commands/_direct.py", "mops/commands/_context.py")


class DirectContext:
    """What a command reads of its click context: the root's `obj`, the run's CliState."""

    def __init__(self) -> None:
        self.obj: Any = None

    def find_root(self) -> DirectContext:
        return self


def direct_call(args: list[str]) -> Callable[[], Any] | None:
    """The command `args` run, ready to call without Typer; None when Typer must read them."""
    name = _command(args)
    if name is None:
        return None
    table = _table(name)
    try:
        parsed = parse(table, args) if table is not None else None
    except (KeyError, TypeError, ValueError, AttributeError, ImportError):
        parsed = None  # a damaged table in the user's cache: Typer reads the command line
    if parsed is None:
        return None
    root_values, values = parsed
    module, _, function = DIRECT[name].partition(":")
    import importlib

    command = getattr(importlib.import_module(module), function)
    from mops.commands._context import start

    ctx = DirectContext()
    start(ctx, root_values["workspace"])
    return lambda: command(ctx, **values)


def _command(args: list[str]) -> str | None:
    """The DIRECT command `args` name, if any (a quick look: `parse` reads them properly)."""
    return next((arg for arg in args if arg in DIRECT), None)


# --- reading a command line with a table ---------------------------------------------------------


def parse(table: dict[str, Any], args: list[str]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(the root callback's values, the command's values) as Typer would pass them, or None when
    the command line is not one this parser reads plainly (Typer then reads it)."""
    at = 0
    root: dict[str, list[str]] = {}
    while at < len(args) and args[at] != table["name"]:
        at = _option(table["root"], args, at, root)
        if at is None:
            return None
    if at >= len(args):
        return None
    given: dict[str, list[str]] = {}
    positional: list[str] = []
    at += 1
    while at < len(args):
        arg = args[at]
        if arg.startswith("-") and arg != "-":
            at = _option(table["params"], args, at, given)
            if at is None:
                return None
        else:
            positional.append(arg)
            at += 1
    arguments = [p for p in table["params"] if p["kind"] == "argument"]
    if positional:
        if len(arguments) != 1 or arguments[0]["nargs"] != -1:
            return None
        given[arguments[0]["name"]] = positional
    root_values = _values(table["root"], root)
    values = _values(table["params"], given)
    if root_values is None or values is None:
        return None
    return root_values, values


def _option(params: list[dict[str, Any]], args: list[str], at: int, given: dict[str, list[str]]) -> int | None:
    """Read the option at `args[at]` into `given` (name -> raw values); the index after it, or None."""
    arg = args[at]
    if arg == "--" or not arg.startswith("-"):
        return None
    name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
    if not arg.startswith("--") and len(arg) != 2:
        return None  # clustered short options (-fjson): Typer reads those
    param = next((p for p in params if p["kind"] == "option" and (name in p["opts"] or name in p["secondary_opts"])), None)
    if param is None or param["type"] is None:
        return None  # unknown here (help, --version, a typo) or of a kind this parser does not read
    if param["is_flag"]:
        if eq:
            return None
        given.setdefault(param["name"], []).append("" if name in param["secondary_opts"] else "1")
        return at + 1
    if not eq:
        if at + 1 >= len(args):
            return None
        value = args[at + 1]
        at += 1
    given.setdefault(param["name"], []).append(value)
    return at + 1


def _values(params: list[dict[str, Any]], given: dict[str, list[str]]) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    for param in params:
        if not param["expose"]:
            continue
        raw = given.get(param["name"])
        if raw is None:
            values[param["name"]] = _default(param)
            continue
        if param["is_flag"]:
            values[param["name"]] = raw[-1] == "1"
            continue
        converted = [_convert(param, value) for value in raw]
        if any(value is _REFUSED for value in converted):
            return None
        # a repeated single-valued option: the last one counts, as in click
        values[param["name"]] = converted if param["multiple"] else converted[-1]
    return values


_REFUSED = object()


def _convert(param: dict[str, Any], value: str) -> Any:
    """`value` as the command receives it, or _REFUSED where click could refuse it (Typer then says why)."""
    kind = param["type"]
    if kind == "str":
        return value
    if kind == "int":
        try:
            number = int(value)
        except ValueError:
            return _REFUSED
        low, high = param["range"]
        return _REFUSED if (low is not None and number < low) or (high is not None and number > high) else number
    if kind == "choice":
        if value not in param["choices"]:
            return _REFUSED
        return _enum(param)(value) if param["enum"] else value
    if kind == "path":
        try:
            os.stat(value)
        except OSError:
            return Path(value)  # click checks nothing more of a path that is not there
        except ValueError:
            return _REFUSED
        if param["readable"] and not os.access(value, os.R_OK):
            return _REFUSED
        return Path(value)
    return _REFUSED


def _default(param: dict[str, Any]) -> Any:
    default = param["default"]
    if default is None:
        return None
    if param["multiple"]:
        return [_default({**param, "default": d, "multiple": False}) for d in default]
    if param["type"] == "path":
        return Path(default)
    if param["type"] == "choice" and param["enum"]:
        return _enum(param)(default)
    return default


def _enum(param: dict[str, Any]) -> Any:
    import importlib

    module, _, name = param["enum"].partition(":")
    return getattr(importlib.import_module(module), name)


# --- the table, made by Typer and kept in the user cache -----------------------------------------


def _table(name: str) -> dict[str, Any] | None:
    path = _table_path(name)
    if path is None:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    try:
        table = build_table(name)
    except Exception:  # noqa: BLE001 - a Typer whose click objects differ: Typer reads every command line
        return None
    if table is not None:
        try:
            from mops.fsutil import atomic_write_text

            atomic_write_text(path, json.dumps(table))
        except (OSError, TypeError, ValueError):
            pass  # no cache (or a default JSON cannot hold): the next run builds it again
    return table


def _table_path(name: str) -> Path | None:
    """Where the table of `name` is kept: named by everything it is made from (the command's
    module, the root app, this module, Typer and Python), so a changed declaration is never read
    from a stale table."""
    import importlib.util

    from mops import __version__
    from mops.sha import sha256
    from mops.usercache import cache_dir

    package = Path(__file__).resolve().parent.parent.parent
    module = DIRECT[name].partition(":")[0]
    typer = importlib.util.find_spec("typer")
    if typer is None or typer.origin is None:
        return None
    files = [*(package / source for source in _SOURCES), package / (module.replace(".", "/") + ".py"), Path(typer.origin)]
    try:
        stamps = [f"{file}:{file.stat().st_mtime_ns}:{file.stat().st_size}" for file in files]
    except OSError:
        return None
    identity = "|".join([str(_TABLE_VERSION), __version__, sys.version, *stamps])
    return cache_dir() / f"cli-{name}-{sha256(identity.encode()).hexdigest()[:16]}.json"


def build_table(name: str) -> dict[str, Any] | None:
    """The parse table of the command `name`, read from the click command Typer builds for it."""
    from mops.app import build_command

    root = build_command([name])  # the root group with this one command, as a run of it builds it
    command = root.commands.get(name) if hasattr(root, "commands") else None
    if command is None:
        return None
    module, _, function = DIRECT[name].partition(":")
    import importlib
    import typing

    hints = typing.get_type_hints(getattr(importlib.import_module(module), function))
    return {
        "name": name,
        "root": [_param(p, {}) for p in root.params] + _help(root),
        "params": [_param(p, hints) for p in command.params] + _help(root),
    }


def _help(root: Any) -> list[dict[str, Any]]:
    # click's help option is no parameter of a command: listed with no type, so Typer answers it
    # (a command's help options are the root's, which its context passes down)
    names = root.context_settings.get("help_option_names") or ["--help"]
    return [{**_entry("help", "option", names, []), "expose": False}]


def _entry(name: str, kind: str, opts: list[str], secondary_opts: list[str]) -> dict[str, Any]:
    """A table entry, of no type (left to Typer) until _param says what it is."""
    return {
        "name": name, "kind": kind, "opts": list(opts), "secondary_opts": list(secondary_opts), "type": None, "is_flag": False,
        "multiple": False, "nargs": 1, "default": None, "readable": False, "choices": [], "enum": None, "range": [None, None],
        "expose": True,  # passed to the function (click's expose_value)
    }


def _param(param: Any, hints: dict[str, Any]) -> dict[str, Any]:
    """A click parameter as the table keeps it; `type` None when this parser must leave it to Typer."""
    import enum

    kind = "argument" if param.param_type_name == "argument" else "option"
    entry = _entry(param.name, kind, param.opts, param.secondary_opts)
    entry.update(
        is_flag=bool(getattr(param, "is_flag", False)), multiple=bool(param.multiple or param.nargs == -1), nargs=param.nargs,
        expose=bool(param.expose_value),
    )
    plain = (
        not getattr(param, "envvar", None) and not getattr(param, "prompt", None) and not getattr(param, "count", False)
        and (param.callback is None or param.is_eager) and param.nargs in (1, -1) and not param.required
    )
    click_type = type(param.type).__name__
    if entry["is_flag"]:
        kind_name = "flag" if plain and getattr(param, "is_bool_flag", False) and param.callback is None else None
    elif click_type == "StringParamType":
        kind_name = "str"
    elif click_type in ("IntParamType", "IntRange"):
        kind_name = "int" if not getattr(param.type, "clamp", False) and not getattr(param.type, "min_open", False) and not getattr(param.type, "max_open", False) else None
        entry["range"] = [getattr(param.type, "min", None), getattr(param.type, "max", None)]
    elif click_type == "TyperChoice" and param.type.case_sensitive:
        kind_name = "choice"
        entry["choices"] = [str(c.value) if isinstance(c, enum.Enum) else str(c) for c in param.type.choices]
        annotation = _enum_in(hints.get(param.name))
        entry["enum"] = f"{annotation.__module__}:{annotation.__qualname__}" if annotation is not None else None
    elif click_type == "TyperPath" and not (param.type.exists or param.type.writable or param.type.resolve_path or param.type.allow_dash
                                            or param.type.type or not param.type.file_okay or not param.type.dir_okay):
        kind_name = "path"
        entry["readable"] = bool(param.type.readable)
    else:
        kind_name = None
    entry["type"] = kind_name if plain else None
    default = param.default
    if isinstance(default, (list, tuple)):
        entry["default"] = [_plain_default(d) for d in default] if default else None
    else:
        entry["default"] = _plain_default(default)
    if entry["is_flag"] and entry["type"] == "flag":
        entry["default"] = bool(default)
    return entry


def _plain_default(value: Any) -> Any:
    import enum

    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    return value


def _enum_in(annotation: Any) -> Any:
    """The Enum class in an annotation (`Optional[FailOn]`, `list[Kind]`), if any."""
    import enum
    import typing

    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation
    for arg in typing.get_args(annotation):
        found = _enum_in(arg)
        if found is not None:
            return found
    return None
