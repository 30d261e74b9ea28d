"""What playbook templates may call: money and number formatting, the weeks of a flight, and
`utm_link`, which tags the brief's landing page per channel with `mops utm build`'s builder.

Helpers raise `PlaybookError` without a location; `render_playbook` places it at the template line
that called them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mops.errors import ConfigError
from mops.models.brief import Brief


class PlaybookError(ConfigError):
    """A playbook cannot be rendered; raised by the helpers, located at the template line by `render_playbook`."""


@dataclass(frozen=True)
class WorkspaceInfo:
    """What templates may know of the workspace."""

    name: str
    currency: str


def format_money(amount: float | None, currency: str | None = None) -> str:
    """`52,000 EUR`; cents only when there are any (`3,500.50 EUR`)."""
    if amount is None:
        return "not stated"
    number = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{number} {currency}" if currency else number


def format_number(value: float | None) -> str:
    """`90,000`, `4.5`, `12.25`: thousands separated, no trailing zeros."""
    if value is None:
        return "not stated"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def week_starts(start: dt.date | None, end: dt.date | None) -> list[dt.date]:
    """The first day of each week of the flight: `start` itself, then every Monday up to `end`."""
    if start is None or end is None:
        raise PlaybookError(
            "weeks() needs the flight's start and end, and the brief lacks one",
            hint="set `start` and `end` in the brief (YYYY-MM-DD)",
        )
    days: list[dt.date] = []
    day = start
    while day <= end:
        days.append(day)
        day = day + dt.timedelta(days=7 - day.weekday())
    return days


def link_builder(ws: Any, brief: Brief) -> Callable[..., str]:
    """`utm_link(channel, content=None, url=None)` for templates: the brief's landing page (or `url`)
    tagged with the channel's source and medium from the taxonomy's `channels` and the campaign id,
    by the same code as `mops utm build`."""
    from mops.brief.channels import ChannelLexicon
    from mops.utm.build import build_url
    from mops.utm.taxonomy_index import TaxonomyIndex

    state: dict[str, Any] = {}

    def utm_link(channel: str, content: str | None = None, url: str | None = None) -> str:
        base = url or brief.landing_page
        if not base:
            raise PlaybookError(
                f"utm_link({channel!r}) needs a page to link to, and the brief has no landing_page",
                hint="add `landing_page: https://...` to the brief, or pass url=... to utm_link",
            )
        if not state:
            taxonomy = ws.taxonomy()
            state.update(index=TaxonomyIndex(taxonomy), lexicon=ChannelLexicon(taxonomy), channels=dict(getattr(taxonomy, "channels", {}) or {}))
        channels = state["channels"]
        name = state["lexicon"].canonical(channel) if channels else None
        if name is None:
            raise PlaybookError(
                f"utm_link: channel {channel!r} is not in the taxonomy's channels",
                hint=f"known channels: {', '.join(channels) or 'none'}; add it under `channels:` in the taxonomy with its source and medium",
            )
        rule = channels[name]
        source, medium = getattr(rule, "source", None), getattr(rule, "medium", None)
        if not source or not medium:
            missing = " and ".join(k for k, v in (("source", source), ("medium", medium)) if not v)
            raise PlaybookError(
                f"utm_link: channel {name!r} has no {missing} in the taxonomy",
                hint=f"add `source:` and `medium:` under channels.{name} in the taxonomy",
            )
        values = {"utm_source": source, "utm_medium": medium, "utm_campaign": brief.campaign, "utm_content": content}
        built = build_url(base, values, state["index"])
        if built.url is None:
            raise PlaybookError(
                f"utm_link: the taxonomy refuses the link for channel {name!r}: {'; '.join(built.problems)}",
                hint="fix the channel's source and medium in the taxonomy, the content value, or the landing page",
            )
        return built.url

    return utm_link
