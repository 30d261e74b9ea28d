"""The pages' HTML: the bundled templates (mops/web/templates/) rendered in Jinja's sandbox with
autoescaping on, so every value a page shows (a campaign name, a finding's message, a brief) is
escaped. The only markup let through unescaped is the brief's body as markdown-it renders it with
raw HTML off (`|safe` in campaign.html, nowhere else)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment() -> Any:
    """The sandboxed environment the app renders with: built once per app, templates compiled once."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    from mops.brief.playbook_helpers import format_money, format_number

    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=format_money, number=format_number, pct=_pct, segment=_segment)
    return env


def _segment(value: str) -> str:
    """`value` as one segment of a URL path: every reserved character quoted, '/' too."""
    from urllib.parse import quote

    return quote(value, safe="")


def _pct(share: float | None) -> str:
    return "" if share is None else f"{share:.0%}"
