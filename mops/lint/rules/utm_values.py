"""UTM rules about values: case, aliases, spaces, allowed values, banned values, patterns,
grammar, length and source-medium pairs. Every value is judged once by the TaxonomyIndex
(memoised), and each rule reports its own part of that verdict."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from mops.lint.rule import LinkPiece, UrlEdit, UrlRule, Violation
from mops.models.severity import Severity
from mops.utm.analysis import is_tag_value


def judged_values(url, ctx):  # noqa: ANN001, ANN201
    """(param, parameter name, verdict) for each UTM value worth judging: not empty, not a
    platform placeholder, not double-encoded (UTM010 reports that first)."""
    return ctx.analysis(url).judged


def encode_value(value: str) -> str:
    # braces stay as they are: ad platforms substitute {placeholders} before the click
    return quote(value, safe="-_.~{}")


def _value_fix(p, canonical: str) -> tuple[UrlEdit, ...]:
    start = p.end - len(p.raw_value or "")
    return (UrlEdit(start, p.end, encode_value(canonical)),)


# the parameters GA4's default channel group reads (utm_source_platform only with an ad network type)
CHANNEL_PARAMETERS = ("utm_source", "utm_medium", "utm_campaign", "utm_source_platform")


def channel_reads(name: str, value: str) -> bool:
    """Whether GA4's default channel of a link could change with this value of parameter `name`:
    any source, medium or source platform; a campaign only when its name can decide the channel."""
    if name == "utm_campaign":
        from mops.utm.channels import campaign_can_change_channel

        return campaign_can_change_channel(value)
    return name in CHANNEL_PARAMETERS


def _piece_verdict(piece: LinkPiece, ctx):  # noqa: ANN001, ANN202
    """The taxonomy's verdict on a clean-link piece's value, as `judged_values` gives it, or None
    for a piece that is no GA4 parameter or has no value."""
    if not piece.name or not is_tag_value(piece.value):
        return None
    return ctx.utm.verdict(piece.name, piece.value)


def channel_change(url, ctx, replacements: dict[str, str]) -> tuple[str, str] | None:  # noqa: ANN001
    """(channel before, channel after) when giving the link's tags these values would change the
    GA4 default channel of the link as tagged; None when it stays (or cannot be judged: placeholders).
    Both sides are the values as GA4 reads them (`UtmAnalysis.tags`: decoded, not trimmed), so a fix
    that only trims or re-spells a value is judged on the channel it really leaves and lands in."""
    tags = ctx.analysis(url).tags
    if not any(name in CHANNEL_PARAMETERS for name in replacements) or any("{" in v for v in tags.values()):
        return None
    after = {**tags, **replacements}
    old = ctx.classify(tags.get("utm_source"), tags.get("utm_medium"), tags.get("utm_campaign"), tags.get("utm_source_platform")).channel
    new = ctx.classify(after.get("utm_source"), after.get("utm_medium"), after.get("utm_campaign"), after.get("utm_source_platform")).channel
    return None if old == new else (old, new)


def value_rewrites(url, ctx) -> dict[str, str]:  # noqa: ANN001
    """parameter -> the value --fix would give it in one pass, for each channel parameter whose
    (first) value a value rule rewrites (case, alias, spaces) without changing the channel alone."""
    tags = ctx.analysis(url).tags
    rewrites: dict[str, str] = {}
    for p, name, verdict in judged_values(url, ctx):
        if verdict.canonical is not None and name in CHANNEL_PARAMETERS and name not in rewrites and tags.get(name) == p.value:
            if channel_change(url, ctx, {name: verdict.canonical}) is None:
                rewrites[name] = verdict.canonical
    return rewrites


class _VerdictFixRule(UrlRule):
    reason: str = ""
    fixable = True
    fast_path = True

    def describe(self, name: str, value: str, canonical: str) -> str:
        raise NotImplementedError

    def _reports(self, verdict) -> bool:  # noqa: ANN001
        return verdict.reason == self.reason and verdict.canonical is not None

    def clean_piece(self, piece: LinkPiece, ctx) -> bool:
        verdict = _piece_verdict(piece, ctx)
        return verdict is None or not self._reports(verdict)

    def value_matters(self, name: str, value: str, ctx) -> bool:
        return channel_reads(name, value)  # whether a fix would move the link to another channel

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        rewrites: dict[str, str] | None = None
        for p, name, verdict in judged_values(url, ctx):
            if self._reports(verdict):
                start = p.end - len(p.raw_value or "")
                message = self.describe(name, p.value, verdict.canonical)
                change = None
                # GA4 reads the first value of a parameter: a later copy's fix cannot move the link
                if name in CHANNEL_PARAMETERS and ctx.analysis(url).tags.get(name) == p.value:
                    # a fix must leave the link in the channel GA4 gives it now: alone, and together
                    # with the other value fixes --fix would make to the link in the same pass
                    if rewrites is None:
                        rewrites = value_rewrites(url, ctx)
                    change = channel_change(url, ctx, {name: verdict.canonical}) or (
                        channel_change(url, ctx, rewrites) if name in rewrites else None
                    )
                description = f"replace with {verdict.canonical}"
                if change is not None:
                    message += f"; not fixed automatically: GA4 would move the link from {change[0]} to {change[1]}"
                    description += f" if {change[1]} is the channel you mean"
                yield Violation(start, p.end, message, description, url_edits=_value_fix(p, verdict.canonical), safe=change is None)


class ValueCase(_VerdictFixRule):
    """A UTM value is not in the taxonomy's case (`Facebook` instead of `facebook`).

    What it checks: with `case: lower` (the default), values of GA4 campaign parameters are lowercase;
    a parameter can opt out with its own `case: any` (utm_term does in the bundled taxonomy).
    Why it matters: GA4 is case-sensitive: `Facebook` and `facebook` become two rows in every report.
    Example: `utm_source=Facebook` → `utm_source=facebook`.
    Fix safety: safe; only the case changes (GA4's channel rules ignore case, so the channel stays).
    """

    code = "UTM006"
    name = "utm.value-case"
    reason = "case"

    def describe(self, name: str, value: str, canonical: str) -> str:
        return f"{name}={value!r} is not lowercase: {canonical}"


class ValueAlias(_VerdictFixRule):
    """A UTM value is a known variant of a canonical value (`fb`, `facebook.com` → `facebook`).

    What it checks: values listed under `aliases` in the taxonomy.
    Why it matters: variants split one source or medium into several rows and break channel grouping.
    Example: `utm_medium=Paid Social` → `utm_medium=paid-social`.
    Fix safety: safe when the canonical value leaves the link in the GA4 default channel it is in now
    (the taxonomy names exactly one canonical value for each alias). When it would not (`x` →
    `twitter` moves paid traffic from Paid Other to Paid Social: GA4 counts twitter, not x, as a
    social site), the fix is only suggested and the message names both channels.
    """

    code = "UTM007"
    name = "utm.value-alias"
    reason = "alias"

    def describe(self, name: str, value: str, canonical: str) -> str:
        return f"{name}={value!r} is an alias of {canonical!r}"


class ValueWhitespace(_VerdictFixRule):
    """A UTM value contains spaces (`+`, `%20`) or leading/trailing blanks.

    What it checks: decoded values with whitespace.
    Why it matters: `spring sale`, `spring+sale` and `spring%20sale` are three spellings of one value,
    and trailing spaces create rows that look identical in reports.
    Example: `utm_campaign=spring+sale` → `utm_campaign=spring-sale`.
    Fix safety: safe; blanks are trimmed and inner runs become the taxonomy's separator. Only
    suggested when the new value would move the link to another GA4 default channel, judged on the
    value as GA4 reads it: decoded and not trimmed, so `utm_source=google+` (GA4 reads `google `,
    in no source category: Paid Other with `cpc`) → `google` (Paid Search) is a suggestion.
    """

    code = "UTM009"
    name = "utm.value-whitespace"
    reason = "whitespace"

    def describe(self, name: str, value: str, canonical: str) -> str:
        return f"{name}={value!r} contains spaces: {canonical}"


class _ProblemRule(UrlRule):
    fast_path = True
    reads_values = frozenset()  # each value is judged alone

    def clean_piece(self, piece: LinkPiece, ctx) -> bool:
        verdict = _piece_verdict(piece, ctx)
        return verdict is None or all(code != self.code for code, _message in verdict.problems)

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        for p, _name, verdict in judged_values(url, ctx):
            for code, message in verdict.problems:
                if code == self.code:
                    start = p.end - len(p.raw_value or "")
                    yield Violation(start, p.end, message)


class ValueNotAllowed(_ProblemRule):
    """A UTM value is not one the taxonomy allows.

    What it checks: for parameters with an `allowed` list, the value (after safe fixes) is in it.
    Why it matters: free-typed values fragment reports and defeat channel grouping.
    Example: `utm_medium=paidsocial2` → did you mean `paid-social`?
    Fix safety: no fix; a "did you mean" suggestion when one value is close.
    """

    code = "UTM008"
    name = "utm.value-not-allowed"
    severity = Severity.error


class BannedValue(_ProblemRule):
    """A UTM value is a placeholder the taxonomy bans (`test`, `tbd`, `(not set)`).

    What it checks: values in `banned_values`, case-insensitively.
    Why it matters: placeholders that ship pollute reports and hide which campaign drove a visit.
    Example: `utm_campaign=tbd`.
    Fix safety: no fix.
    """

    code = "UTM012"
    name = "utm.banned-value"
    severity = Severity.error


class ValueTooLong(_ProblemRule):
    """A UTM value is longer than the taxonomy's limit (100 characters by default).

    What it checks: value length against `max_length` (per parameter or taxonomy-wide).
    Why it matters: GA4 truncates campaign parameter values at 100 characters.
    Example: a 140-character utm_content.
    Fix safety: no fix.
    """

    code = "UTM013"
    name = "utm.value-too-long"


class CampaignGrammar(_ProblemRule):
    """A utm_campaign (or any value with a `grammar`) does not follow the naming grammar.

    What it checks: the value against the taxonomy's named grammar, e.g. `{yyyy}-{quarter}_{slug}`,
    token by token; the message names the first token that does not fit.
    Why it matters: the campaign id ties a link to its brief, plan, spend and results.
    Example: `utm_campaign=SpringSale` → `2026-q2_spring-sale`.
    Fix safety: no fix.
    """

    code = "UTM015"
    name = "utm.campaign-grammar"
    severity = Severity.error


class ValuePattern(_ProblemRule):
    """A UTM value does not match its parameter's `pattern`.

    What it checks: the value against the regular expression in the taxonomy.
    Why it matters: patterns keep values machine-friendly (no spaces, no odd characters).
    Example: `utm_content=Hero Banner!`.
    Fix safety: no fix.
    """

    code = "UTM016"
    name = "utm.value-pattern"


class SourceMediumPair(UrlRule):
    """A source is used with a medium the taxonomy does not pair it with.

    What it checks: `source_medium_pairs`: for a source listed there, its medium is one of its mediums.
    Why it matters: `google / email` or `newsletter / cpc` sends sessions to the wrong channel.
    Example: `utm_source=newsletter&utm_medium=cpc`.
    Fix safety: no fix.
    """

    code = "UTM014"
    name = "utm.source-medium-pair"
    fast_path = True
    reads_values = frozenset({"utm_source", "utm_medium"})

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        values: dict[str, tuple[object, str]] = {}
        for p, name, verdict in judged_values(url, ctx):
            values.setdefault(name, (p, verdict.canonical or p.value))
        if "utm_source" not in values or "utm_medium" not in values:
            return
        _, source = values["utm_source"]
        medium_param, medium = values["utm_medium"]
        if _unpaired(source, medium, ctx):
            allowed = ", ".join(sorted(ctx.utm.pairs[source]))
            start = medium_param.end - len(medium_param.raw_value or "")
            yield Violation(start, medium_param.end, f"source {source!r} is not used with medium {medium!r} (allowed: {allowed})")

    def clean_tags(self, tags: dict[str, str], ctx) -> bool:
        source, medium = tags.get("utm_source"), tags.get("utm_medium")
        if source is None or medium is None:
            return True
        index = ctx.utm
        canonical_source = index.verdict("utm_source", source).canonical or source
        canonical_medium = index.verdict("utm_medium", medium).canonical or medium
        return not _unpaired(canonical_source, canonical_medium, ctx)


def _unpaired(source: str, medium: str, ctx) -> bool:  # noqa: ANN001
    """Whether the taxonomy pairs `source` (canonical) with other mediums than `medium`."""
    return ctx.utm.medium_allowed_for(source, medium) is False
