"""`mops config show`: the settings in force and where they come from."""

from __future__ import annotations

import typer

from mops.commands._output import TableFormat

config_app = typer.Typer(help="Inspect the workspace settings.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config", rich_help_panel="Workspace")


@config_app.command("show")
def show(
    ctx: typer.Context,
    fmt: TableFormat = typer.Option(TableFormat.text, "--format", help="text (YAML) or json."),
) -> None:
    """Print the workspace settings in force (defaults filled in) and the files they come from.

    Example: mops config show --format json
    """
    import yaml

    from mops.commands._context import workspace
    from mops.commands._output import print_json

    ws = workspace(ctx)
    data = ws.config.model_dump(mode="json")
    if fmt == TableFormat.json:
        print_json({"workspace": str(ws.root) if ws.root else None, "config_file": str(ws.config_path) if ws.config_path else None, "settings": data})
        return
    source = str(ws.config_path) if ws.config_path else "bundled defaults"
    typer.echo(f"# workspace: {ws.root or '(none)'}\n# settings from: {source}")
    typer.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True).rstrip())
