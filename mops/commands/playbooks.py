"""`mops playbooks list`: the brief templates a workspace can use."""

from __future__ import annotations

import typer

from mops.commands._output import TableFormat

playbooks_app = typer.Typer(help="Brief templates (Jinja): bundled ones and the workspace's own.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(playbooks_app, name="playbooks", rich_help_panel="Plan")


@playbooks_app.command("list")
def list_cmd(
    ctx: typer.Context,
    fmt: TableFormat = typer.Option(TableFormat.text, "--format", help="text or json."),
) -> None:
    """List the playbooks: name, where it comes from (bundled or workspace), and what it makes.

    A workspace playbook (in its playbooks folder) overrides the bundled one of the same name.

    Example: mops playbooks list --format json
    """
    from mops.brief.playbooks import list_playbooks
    from mops.commands._context import workspace
    from mops.commands._output import print_json, print_table

    ws = workspace(ctx)
    playbooks = list_playbooks(ws)
    if fmt == TableFormat.json:
        print_json([
            {
                "name": p.name, "source": p.source, "description": p.description, "requires": list(p.required_fields),
                "path": ws.relative(p.path) if p.source == "workspace" else str(p.path), "overrides_bundled": p.overrides_bundled,
            }
            for p in playbooks
        ])
        return
    rows = [[p.name, f"{p.source} (overrides bundled)" if p.overrides_bundled else p.source, p.description] for p in playbooks]
    print_table(None, ["name", "source", "description"], rows, fmt)
