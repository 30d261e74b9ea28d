"""`mops utm classify` as a domain function: a link's channel, its tags read as the lint reads them."""

from __future__ import annotations

from mops.models.utm import Classification
from mops.utm.context import UtmContext


def classify_link(
    service: UtmContext,
    url: str | None = None,
    source: str | None = None,
    medium: str | None = None,
    campaign: str | None = None,
    source_platform: str | None = None,
) -> Classification:
    """GA4's default channel for a link (its tags read as the lint reads them), or for values given
    one by one; a value given explicitly wins over the link's."""
    tags = service.tags(url) if url else {}
    source = source or tags.get("utm_source")
    medium = medium or tags.get("utm_medium")
    campaign = campaign or tags.get("utm_campaign")
    source_platform = source_platform or tags.get("utm_source_platform")
    assignment = service.classify(source, medium, campaign, source_platform)
    return Classification(source=source, medium=medium, campaign=campaign, channel=assignment.channel, reason=assignment.reason)
