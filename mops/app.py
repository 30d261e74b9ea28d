"""The Typer root app: global options and the command groups. Imports nothing heavy; each command
imports its domain module inside its body."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mops import __version__

app = typer.Typer(
    name="mops",
    help="Marketing operations as files, commands and checks.\n\n"
    "Briefs from kickoff transcripts, UTM and copy linting, campaign history, signed approvals, pacing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
    from mops.commands._context import CliState

    ctx.obj = CliState(workspace_option=workspace)


def _register() -> None:
    from mops.commands import brand, config_cmd, history, init, lint, privacy, schema, utm

    init.register(app)
    schema.register(app)
    config_cmd.register(app)
    lint.register(app)
    utm.register(app)
    brand.register(app)
    history.register(app)
    privacy.register(app)


_register()


try:  # recent typer releases vendor their own copy of click; older ones use click itself
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - depends on the installed typer
    from click.exceptions import ClickException

Exit = typer.Exit
Abort = typer.Abort


def build_command():  # noqa: ANN201 - a click.Command; typed loosely to keep click out of import time
    """The click command behind the Typer app (what `mops.cli.run` invokes)."""
    return typer.main.get_command(app)
