"""`mops init`: scaffold a workspace."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    app.command("init", rich_help_panel="Workspace")(init)


def init(
    directory: Path = typer.Argument(Path("."), help="Folder to create the workspace in (created if missing). Default: the current folder."),
) -> None:
    """Create a workspace: mops.yaml, taxonomy, brand voice, playbooks and the folders every command uses.

    Existing files are never overwritten. Runs `git init` when the folder is not inside a repository.

    Example: mops init acme-marketing
    """
    from mops.commands._output import note
    from mops.scaffold import scaffold_workspace

    result = scaffold_workspace(directory)
    for relative in result.created:
        note(f"created {relative}")
    for relative in result.kept:
        note(f"kept    {relative} (already there)")
    if result.git_initialised:
        note("initialised a git repository")
    typer.echo(str(result.root))
