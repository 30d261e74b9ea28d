"""A document's copy as the copy rules see it: prose spans, channel, profile and fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mops import regexcache
from mops.copy.prose import COPY_KINDS, CopyAd, CopyField, MarkdownLines, Span, copy_ads, document_fields, prose_segments, sheet_copy
from mops.lint.document import Document


#: a channel that says "this file is not ad copy": judged without a channel, and not listed as lacking one
NO_CHANNEL = "none"
#: `channel_gap`'s value for a file whose `channel:` is there but empty (no channel name is blank)
EMPTY_CHANNEL = " "
_EMPTY_CHANNEL_LINE = regexcache.compile(r"^channel:[ \t]*(?:(['\"])[ \t]*\1)?[ \t]*(?:#.*)?$", re.MULTILINE)


def channel_key(channels: Any, name: str) -> str:
    """The brand voice's own name for a channel given in any case or with spaces around it ("Meta " ->
    "meta"); the name stripped when the voice has no such channel. The one place channel names are matched."""
    name = name.strip()
    if name in channels:
        return name
    folded = name.casefold()
    return next((key for key in channels if key.casefold() == folded), name)


@dataclass
class CopyView:
    """The copy of one document: its channel and profile, prose segments, fields and ads."""

    channel: str | None
    profile: Any  # ChannelProfile | None
    segments: list[Span]
    fields: list[CopyField]
    #: the ads (Markdown sections, sheet rows, an email), then the copy outside them; one unit, the
    #: whole copy, for a file without ads (see mops.copy.prose)
    ads: list[CopyAd] = field(default_factory=list)
    #: what count rules judge: each field, else each ad
    units: list[tuple[str | None, list[Span]]] = field(default_factory=list)

    #: the channel the file was given (per_path, front matter) when the brand voice has no such profile
    unknown_channel: str | None = None
    #: the file was given `channel: none`
    declared_none: bool = False
    #: the brand voice has channel profiles (without any, there is no channel to give a file)
    profiles_available: bool = True
    #: the file says `channel:` with no name: no channel, and the notice says so
    empty_channel: bool = False

    def profile_for(self, copy_field: CopyField, voice: Any) -> tuple[str | None, Any]:
        """The channel and profile a field is judged by: its sheet row's own channel, else the file's."""
        if copy_field.channel is not None:
            return copy_field.channel, voice.channels.get(copy_field.channel)
        return self.channel, self.profile


def build_copy_view(doc: Document, ctx: Any) -> CopyView:
    channel = doc.channel or ctx.front_matter_value(doc, "channel")
    declared_none = channel is not None and channel.strip().lower() == NO_CHANNEL
    if declared_none:
        channel = None
    channel = channel_key(ctx.voice.channels, channel) if channel else None
    empty = not channel and doc.kind == "markdown" and doc.text.startswith("---") and _empty_channel(doc.text)
    channel = channel or None
    profile = ctx.voice.channels.get(channel) if channel else None
    unknown = channel if channel and profile is None else None
    names = set(profile.max_chars) if profile else set()
    if doc.kind not in COPY_KINDS:
        return CopyView(channel, profile, [], [], unknown_channel=unknown, declared_none=declared_none, empty_channel=empty)
    url_spans = doc.link_spans
    if doc.kind in ("csv", "tsv"):
        cells = ctx.sheet_cells(doc)
        profiles = ctx.voice.channels
        row_fields = {
            cell.row: (channel_key(profiles, cell.value), set(profiles[channel_key(profiles, cell.value)].max_chars))
            for cell in cells
            if cell.header.strip().lower() in ("channel", "platform") and channel_key(profiles, cell.value) in profiles
        }
        segments, fields = sheet_copy(cells, url_spans, names, row_fields)
        ads = _sheet_rows(cells, segments)
    else:
        segments = prose_segments(doc.text, doc.kind, url_spans)
        lines = MarkdownLines(doc.text)  # its headings, labels and tables: fields and ads both ask
        fields = document_fields(doc.text, doc.kind, segments, names, lines)
        # a file without a (known) channel still has ads: its parts are any channel's fields
        ad_names = names or {name for other in ctx.voice.channels.values() for name in other.max_chars}
        ads = copy_ads(doc.text, doc.kind, segments, ad_names, lines)
    view = CopyView(channel, profile, segments, fields, ads, unknown_channel=unknown, declared_none=declared_none,
                    profiles_available=bool(ctx.voice.channels), empty_channel=empty)
    view.units = [(f.name, list(f.segments)) for f in fields] if fields else [(None, list(ad.segments)) for ad in ads]
    return view


def _sheet_rows(cells: list[Any], segments: list[Span]) -> list[CopyAd]:
    """One ad per sheet row: the copy segments of its cells."""
    rows: dict[int, list[Span]] = {}
    cell_of = {cell.start: cell.row for cell in cells}
    starts = sorted(cell_of)
    import bisect

    for a, b in segments:
        row = cell_of[starts[bisect.bisect_right(starts, a) - 1]]
        rows.setdefault(row, []).append((a, b))
    return [CopyAd(spans[0][0], spans[-1][1], tuple(spans), row=row) for row, spans in rows.items()]


def channel_gap(doc: Document, rules: list[Any]) -> str | None:
    """For the run's notice: "" when the file has copy but no channel, the channel's name when the
    brand voice has no profile of that name, None when its channel is fine, it holds no copy, or no
    rule that needs a channel ran (rules say so with `needs_channel`)."""
    view = doc.derived.get("copy")
    if view is None or not view.segments or view.declared_none or view.profile is not None:
        return None
    if not any(getattr(rule, "needs_channel", False) for rule in rules):
        return None
    if any(f.channel is not None for f in view.fields):
        return None  # a sheet whose rows name their channels
    if view.unknown_channel:
        return view.unknown_channel
    if not view.profiles_available:
        return None
    return EMPTY_CHANNEL if view.empty_channel else ""  # a brand voice without channels: nothing to give


def channel_notice(gaps: list[tuple[str, str]], channels: list[str]) -> str:
    """The run's one notice about files without a (known) channel: which, and how to give one."""
    missing = sorted(path + (" (its `channel:` is empty)" if name == EMPTY_CHANNEL else "")
                     for path, name in gaps if not name.strip())
    unknown = sorted(f"{path} (channel {name!r})" for path, name in gaps if name.strip())
    parts = []
    if missing:
        parts.append(f"{len(missing)} file{'s' if len(missing) != 1 else ''} without a channel: {_some(missing)}")
    if unknown:
        parts.append(f"{len(unknown)} with a channel the brand voice has no profile for: {_some(unknown)}")
    known = ", ".join(channels) if channels else "none yet: add them under `channels:`"
    return (
        "; ".join(parts) + f". Only the checks that need no channel ran on {'it' if len(gaps) == 1 else 'them'} "
        "(terms, claims, disclaimers, personal data, links); "
        "lengths, tone and counts need one. Give a file its channel with `channel: NAME` in its front matter (Markdown), "
        "a `Channel` column naming each row's channel (sheets), or a `lint.per_path` entry in mops.yaml "
        "(`- paths: [\"ads/meta/**\"]` with `channel: meta`); `channel: none` marks files that are not ad copy. "
        f"Channels in the brand voice: {known}."
    )


def _empty_channel(text: str) -> bool:
    """The front matter has a `channel:` line with no name ("channel:", 'channel: ""')."""
    end = text.find("\n---", 3)
    return end != -1 and _EMPTY_CHANNEL_LINE.search(text, 0, end) is not None


def _some(paths: list[str], shown: int = 10) -> str:
    """The first paths, and how many more (the json and sarif notes list them all)."""
    more = f" and {len(paths) - shown} more" if len(paths) > shown else ""
    return ", ".join(paths[:shown]) + more
