"""UTM rules that look at what the tags mean: the GA4 channel a link lands in, and the campaign
it belongs to."""

from __future__ import annotations

from collections.abc import Iterable

from mops.lint.rule import LinkPiece, UrlRule, Violation
from mops.lint.rules.utm_values import channel_reads
from mops.models.severity import Severity
from mops.utm.taxonomy_index import closest_parameter


def _tag_values(url, ctx) -> dict[str, str]:  # noqa: ANN001
    """The link's tags by mops' one extraction rule (`mops.utm.analysis`), as `mops utm classify` reads them."""
    return ctx.analysis(url).tags


def _normalise_channel(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


class Ga4Unassigned(UrlRule):
    """GA4 would put the link's sessions in the Unassigned channel.

    What it checks: the link's source, medium and campaign through GA4's default channel group
    rules, in Google's published order (`mops utm classify` shows the reasoning).
    Why it matters: Unassigned traffic is invisible in channel reports and budget decisions.
    Example: `utm_source=newsletter&utm_medium=e-blast` → Unassigned; use medium `email`.
    Fix safety: no fix.
    """

    code = "UTM020"
    name = "utm.ga4-unassigned"
    fast_path = True

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        assignment = _unassigned(_tag_values(url, ctx), ctx)
        if assignment is not None:
            yield Violation(0, len(url.text), f"GA4 would report this link as Unassigned ({assignment.reason})")

    def clean_tags(self, tags: dict[str, str], ctx) -> bool:
        return _unassigned(tags, ctx) is None

    def value_matters(self, name: str, value: str, ctx) -> bool:
        return channel_reads(name, value)


def _assignment(tags: dict[str, str], ctx):  # noqa: ANN001, ANN202
    """GA4's channel assignment of a link with these tags, or None when it is not judged: no source
    and no medium (UTM001 reports missing tags), or placeholders the ad platform fills in."""
    if not tags.get("utm_source") and not tags.get("utm_medium"):
        return None
    if any("{" in v for v in tags.values()):
        return None
    return ctx.classify(tags.get("utm_source"), tags.get("utm_medium"), tags.get("utm_campaign"), tags.get("utm_source_platform"))


def _unassigned(tags: dict[str, str], ctx):  # noqa: ANN001, ANN202
    """GA4's channel assignment of a link with these tags when it is Unassigned, else None."""
    assignment = _assignment(tags, ctx)
    return assignment if assignment is not None and assignment.channel == "Unassigned" else None


class Ga4ChannelMismatch(UrlRule):
    """The channel GA4 would assign differs from the channel the file or sheet declares.

    What it checks: a `ga4_channel:` in the file's front matter, a "GA4 channel" / "Channel"
    column of the link's row in a sheet, or, in a plan, the `expected_ga4_channel` (or name) of
    the channel whose `links` list the link, against GA4's default channel grouping of the link.
    Only declared values that name a GA4 channel (e.g. "Paid Social") are compared.
    Why it matters: the plan pays for Paid Social, the report books it as Organic Social.
    Example: a row declaring Paid Social with `utm_medium=social` → GA4 says Organic Social.
    Fix safety: no fix.
    """

    context_free = False
    code = "UTM021"
    name = "utm.ga4-channel-mismatch"
    severity = Severity.error

    def applies_to(self, doc, ctx) -> bool:
        return ctx.may_declare_channels(doc)

    def applies(self, doc, found, ctx) -> bool:
        return ctx.declared_channel(doc, found) is not None

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        declared = ctx.declared_channel(doc, found)
        if declared is None:
            return
        assignment = _assignment(_tag_values(url, ctx), ctx)
        if assignment is not None and _normalise_channel(assignment.channel) != _normalise_channel(declared):
            yield Violation(0, len(url.text), f"declared channel is {declared} but GA4 would report {assignment.channel} ({assignment.reason})")


class UnknownCampaign(UrlRule):
    """A utm_campaign is not the id (or an alias) of any plan in the workspace.

    What it checks: with plans in the workspace, each link's utm_campaign resolves to a plan by the
    campaign identity contract (plan campaign id or its `utm_campaigns` aliases, case-insensitively).
    Why it matters: spend and results of an unplanned id cannot be tied to a brief, a budget or an approval.
    Example: `utm_campaign=2026-q2_spring-sales` when the plan is `2026-q2_spring-sale`.
    Fix safety: no fix.
    """

    code = "UTM022"
    name = "utm.unknown-campaign"
    severity = Severity.info
    fast_path = True
    reads_values = frozenset()  # a campaign's verdict is its piece's (clean_piece)

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        campaign = _unplanned(_tag_values(url, ctx).get("utm_campaign"), ctx)
        if campaign is not None:
            for p in url.params:
                if closest_parameter(p.key) == "utm_campaign":
                    start = p.end - len(p.raw_value or "")
                    yield Violation(start, p.end, f"utm_campaign {campaign!r} is not a campaign of any plan in {ctx.plans_folder}")
                    break

    def clean_piece(self, piece: LinkPiece, ctx) -> bool:
        return piece.name != "utm_campaign" or _unplanned(piece.value, ctx) is None


def _unplanned(campaign: str | None, ctx) -> str | None:  # noqa: ANN001
    """The campaign, trimmed, when the workspace has plans and none of them is it; else None."""
    index = ctx.campaigns()
    if index is None:
        return None
    # a plan is found by its id, ignoring case and surrounding spaces (UTM009 reports the spaces)
    campaign = campaign.strip() if campaign else campaign
    if not campaign or "{" in campaign or campaign.casefold() in index.by_utm:
        return None
    return campaign
