"""COPY rule about length: each channel field within its limit, counted as the platform counts."""

from __future__ import annotations

import math
from collections.abc import Iterable

from mops.lint.rule import Rule, Violation
from mops.models.severity import Severity

GSM7_SINGLE = 160
GSM7_PART = 153


def counting_for(channel: str | None, profile) -> str:  # noqa: ANN001
    if profile is not None and profile.counting:
        return profile.counting
    if channel and channel.startswith("google_ads"):
        return "google_ads"
    return "graphemes"


def sms_segment_limit(max_chars: int) -> int:
    """How many segments a limit in GSM-7 characters allows (160 → 1, 306 → 2)."""
    return 1 if max_chars <= GSM7_SINGLE else math.ceil(max_chars / GSM7_PART)


class FieldTooLong(Rule):
    """A piece of copy is longer than its channel allows.

    What it checks: each field of a channel profile's `max_chars` (headline, description, path,
    primary_text, subject, message…; the channel comes from mops.yaml's per-path settings, the
    file's front matter, or a sheet's "Channel" column), counted the way the platform counts: user-perceived
    characters (an emoji with a skin tone is one), X's weighted length (every link is 23), SMS
    segments (GSM-7: 160 for one message, 153 per part, `€ [ ] { } ~ ^ | \\` count 2; any other
    character switches the message to UCS-2: 70 / 67), and Google Ads keyword insertion
    (`{KeyWord:Hiking boots}` counts its default text).
    Why it matters: platforms reject or truncate over-long copy, often silently in bulk uploads.
    Example: a 34-character responsive search ad headline (limit 30).
    Fix safety: no fix; shortening copy is a copywriter's job.
    """

    code = "COPY004"
    name = "copy.field-too-long"
    groups = ("copy", "channel")
    severity = Severity.error
    needs_channel = True  # judged only with a channel profile (see mops.lint.copy_view.channel_gap)

    def check(self, doc, ctx) -> Iterable[Violation]:
        view = ctx.copy(doc)
        if not view.fields:
            return
        from mops.copy.counting import count_for, sms_count

        for copy_field in view.fields:
            channel, profile = view.profile_for(copy_field, ctx.voice)
            if profile is None:
                continue
            counting = counting_for(channel, profile)
            limit = profile.max_chars.get(copy_field.name)
            if limit is None:
                continue
            text = doc.text[copy_field.start : copy_field.end]
            if counting == "sms":
                count = sms_count(text)
                allowed = sms_segment_limit(limit)
                if count.segments > allowed:
                    yield Violation(
                        copy_field.start, copy_field.end,
                        f"{copy_field.name} is {count.segments} SMS segments ({count.encoding}, {count.units} units); "
                        f"the limit is {allowed} ({limit} GSM-7 characters)",
                    )
                continue
            length = count_for(counting, text)
            if length > limit:
                yield Violation(
                    copy_field.start, copy_field.end,
                    f"{copy_field.name} is {length} characters as {channel} counts them; the limit is {limit}",
                )
