"""`mops brief check`: placeholder until the check lands (owned by the brief-check work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    pass
