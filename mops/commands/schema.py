"""`mops schema`: the JSON Schema of every file mops reads and every result it returns."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mops.models import SCHEMA_NAMES


def register(app: typer.Typer) -> None:
    app.command("schema", rich_help_panel="Workspace")(schema)


def schema(
    name: Optional[str] = typer.Argument(None, help=f"{', '.join(SCHEMA_NAMES[:-1])} or {SCHEMA_NAMES[-1]}. Default: list them."),
    write: Optional[Path] = typer.Option(None, "--write", help="Write every schema as NAME.json into this folder (e.g. .mops/schemas)."),
) -> None:
    """Print the JSON Schema of a workspace file or a result type.

    Example: mops schema plan > plan.schema.json
    """
    import json

    from mops.commands._output import note
    from mops.errors import UsageError
    from mops.models import SCHEMAS

    if write is not None:
        from mops.scaffold import write_schemas

        for path in write_schemas(write):
            note(f"wrote {path}")
        return
    if name is None:
        width = max(map(len, SCHEMAS))
        for key, model in SCHEMAS.items():
            doc = next(iter((model.__doc__ or "").strip().splitlines()), "")
            typer.echo(f"{key:<{width}}  {doc}")
        return
    if name not in SCHEMAS:
        raise UsageError(f"no schema named {name!r}", hint=f"choose one of: {', '.join(SCHEMAS)}")
    typer.echo(json.dumps(SCHEMAS[name].model_json_schema(), indent=2))
