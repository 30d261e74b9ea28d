"""State shared by commands: the global options, and the workspace loaded once on first use."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # commands run without Typer read their context through here too (mops/commands/_direct.py)
    import typer


@dataclass
class CliState:
    """The run's state: the --workspace option, and the workspace once loaded."""

    workspace_option: Path | None = None
    _workspace: Any = field(default=None, repr=False)

    def workspace(self, *, plain: bool = False) -> Any:
        """The workspace for this run; says once on stderr when bundled defaults apply. `plain`:
        its files are read as plain values (mops.workspace.Workspace.plain), for a command that
        reads their fields only (`mops lint`)."""
        if self._workspace is None:
            from mops.workspace import load_workspace

            self._workspace = load_workspace(self.workspace_option, plain=plain)
            if self._workspace.is_default:
                sys.stderr.write("mops: no mops.yaml found here or above; using bundled defaults (`mops init` makes a workspace)\n")
        return self._workspace


def start(ctx: typer.Context, workspace_option: Path | None) -> None:
    """What the root callback does before any command: the run's state, with the --workspace option."""
    ctx.obj = CliState(workspace_option=workspace_option)


def state(ctx: typer.Context) -> CliState:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


def workspace(ctx: typer.Context, *, plain: bool = False) -> Any:
    return state(ctx).workspace(plain=plain)
