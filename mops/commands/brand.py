"""`mops brand`: manage the brand voice; `import-vale` turns Vale styles into voice terms."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

brand_app = typer.Typer(help="Manage the brand voice (brand/voice.yaml).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(brand_app, name="brand", rich_help_panel="Copy")


@brand_app.command("import-vale")
def import_vale(
    styles: list[Path] = typer.Argument(..., help="Vale rule files (substitution or existence), e.g. styles/RedHat/TermsErrors.yml."),
    out: Optional[Path] = typer.Option(
        None,
        "--out",
        "-o",
        help="Brand voice file to write; an existing one keeps everything except earlier terms from the same files. Default: print to stdout.",
        show_default=False,
    ),
) -> None:
    """Convert Vale substitution and existence rules into brand-voice terms.

    Each swap key or token becomes a term with Vale's word boundaries, case and level; what cannot be converted is listed on stderr with the reason. Exit 2 when a file is invalid or converts nothing.

    Example: mops brand import-vale styles/RedHat/TermsErrors.yml --out brand/voice.yaml
    """
    from mops.brand.vale import import_vale_rule, require_convertible
    from mops.brand.voice_file import render_voice, write_voice
    from mops.commands._output import note

    imports = [import_vale_rule(path) for path in styles]
    for item in imports:
        for skipped in item.skipped:
            where = f"{item.display}:{skipped.line}" if skipped.line else item.display
            note(f"{where}: skipped: {skipped.what}: {skipped.reason}")
        note(f"converted {len(item.terms)} of {item.total} rules from {item.display}; {len(item.skipped)} skipped")
    require_convertible(imports)
    terms = [term for item in imports for term in item.terms]
    if out is None:
        typer.echo(render_voice(terms), nl=False)
        return
    write_voice(out, terms, {item.display for item in imports})
    note(f"wrote {len(terms)} terms to {out}")
