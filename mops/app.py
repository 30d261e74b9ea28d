"""The Typer root app: global options and the command groups. Imports nothing heavy; each command
imports its domain module inside its body."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mops import __version__

_APP_SETTINGS: dict = {
    "name": "mops",
    "help": "Marketing operations as files, commands and checks.\n\n"
    "Briefs from kickoff transcripts, UTM and copy linting, campaign history, signed approvals, pacing.",
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**_APP_SETTINGS)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mops {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    workspace: Optional[Path] = typer.Option(
        None,
        "--workspace",
        "-w",
        help="Workspace folder (or its mops.yaml). Default: searched upward from the current directory; env MOPS_WORKSPACE.",
        show_default=False,
    ),
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Marketing operations as files, commands and checks."""
    from mops.commands._context import start

    start(ctx, workspace)


# each top-level command -> the module in mops.commands that registers it, in help order
COMMAND_MODULES = {
    "init": "init", "schema": "schema", "config": "config_cmd", "lint": "lint", "rules": "lint", "utm": "utm",
    "brand": "brand", "history": "history", "privacy": "privacy",
    "brief": "brief", "playbooks": "playbooks", "approve": "approve", "approvals": "approvals", "queue": "approvals",
    "logs": "logs", "launch": "launch", "pacing": "pacing", "proposal": "proposal", "report": "report", "mcp": "mcp", "serve": "serve",
}
_ROOT_OPTIONS_WITH_VALUE = ("-w", "--workspace")
_registered: set[str] = set()


def _register(modules: list[str]) -> None:
    import importlib

    for module in modules:
        if module not in _registered:
            importlib.import_module(f"mops.commands.{module}").register(app)
            _registered.add(module)


def _command_named(args: list[str]) -> str | None:
    """The command `args` run, if they name one before any help option; None otherwise."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _ROOT_OPTIONS_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg if arg in COMMAND_MODULES else None
        elif arg in ("-h", "--help"):
            return None
    return None


try:  # recent typer releases vendor their own copy of click; older ones use click itself
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - depends on the installed typer
    from click.exceptions import ClickException

Exit = typer.Exit
Abort = typer.Abort


def build_command(args: list[str] | None = None):  # noqa: ANN201 - a click.Command; typed loosely to keep click out of import time
    """The click command behind the Typer app (what `mops.cli.run` invokes).

    Given the arguments of a run that names one command, only that command is imported and
    built: `mops lint FILE` does not pay for `mops history`. Otherwise (help, a typo'd command,
    the docs) every command is there, so help lists them all and typos get suggestions."""
    name = _command_named(args) if args is not None else None
    if name is not None and not _registered:
        only = typer.Typer(**_APP_SETTINGS)
        only.callback()(root)
        import importlib

        importlib.import_module(f"mops.commands.{COMMAND_MODULES[name]}").register(only)
        return _unwrapped(typer.main.get_command(only))
    _register(list(dict.fromkeys(COMMAND_MODULES.values())))
    return _unwrapped(typer.main.get_command(app))


_LIST_ITEM = ("- ", "* ", "$ ")


def _unwrapped(command):  # noqa: ANN001, ANN202 - click objects, typed loosely (click stays out of import time)
    """The command tree with each help paragraph on one line, so help wraps to the terminal.

    Docstrings are wrapped at 100 columns in the source; Typer's rich help joins the lines of a
    help's first paragraph but prints later paragraphs with their source line breaks, which a
    terminal then wraps again ("between the plan" / "and a launch"). Paragraphs that are lists or
    marked verbatim (a line starting with backspace, click's marker) keep their lines."""
    import inspect

    if command.help:
        paragraphs = inspect.cleandoc(command.help).split("\n\n")
        command.help = "\n\n".join(
            paragraph if paragraph.startswith("\b") or any(line.lstrip().startswith(_LIST_ITEM) for line in paragraph.splitlines())
            else " ".join(line.strip() for line in paragraph.splitlines())
            for paragraph in paragraphs
        )
    for sub in getattr(command, "commands", {}).values():
        _unwrapped(sub)
    return command
