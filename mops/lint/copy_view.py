"""A document's copy as the copy rules see it: prose spans, channel, profile and fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mops.copy.prose import COPY_KINDS, CopyField, Span, document_fields, prose_segments, sheet_copy
from mops.lint.document import Document


@dataclass
class CopyView:
    channel: str | None
    profile: Any  # ChannelProfile | None
    segments: list[Span]
    fields: list[CopyField]
    units: list[tuple[str | None, list[Span]]] = field(default_factory=list)  # what count rules judge: fields, or the whole copy

    def profile_for(self, copy_field: CopyField, voice: Any) -> tuple[str | None, Any]:
        """The channel and profile a field is judged by: its sheet row's own channel, else the file's."""
        if copy_field.channel is not None:
            return copy_field.channel, voice.channels.get(copy_field.channel)
        return self.channel, self.profile


def build_copy_view(doc: Document, ctx: Any) -> CopyView:
    channel = doc.channel or ctx.front_matter_value(doc, "channel")
    profile = ctx.voice.channels.get(channel) if channel else None
    names = set(profile.max_chars) if profile else set()
    if doc.kind not in COPY_KINDS:
        return CopyView(channel, profile, [], [])
    url_spans = [(found.start, found.end) for found in doc.found_urls]
    if doc.kind in ("csv", "tsv"):
        cells = ctx.sheet_cells(doc)
        profiles = ctx.voice.channels
        row_fields = {
            cell.row: (cell.value.strip(), set(profiles[cell.value.strip()].max_chars))
            for cell in cells
            if cell.header.strip().lower() in ("channel", "platform") and cell.value.strip() in profiles
        }
        segments, fields = sheet_copy(cells, url_spans, names, row_fields)
    else:
        segments = prose_segments(doc.text, doc.kind, url_spans)
        fields = document_fields(doc.text, doc.kind, segments, names)
    view = CopyView(channel, profile, segments, fields)
    view.units = [(f.name, list(f.segments)) for f in fields] if fields else ([(None, segments)] if segments else [])
    return view
