"""COPY rules about words: terms the brand avoids, and claims that need proof."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from mops import regexcache
from mops.lint.rule import Rule, Violation
from mops.models.severity import Severity
from mops.memo import memoised


class BlockedTerm(Rule):
    """Copy uses a word or phrase the brand voice avoids.

    What it checks: every term in `brand/voice.yaml` (plain words on word boundaries, or regular
    expressions with look-arounds), case-insensitively unless the term says otherwise, in prose
    only: code, links, HTML attributes and front matter are skipped.
    Why it matters: off-brand words erode trust and fail legal or editorial review.
    Example: "cheap tents" → "affordable tents".
    Fix safety: safe when the term has exactly one approved alternative; the original's
    capitalisation is kept (Cheap → Affordable). Several alternatives are suggestions only.
    """

    code = "COPY001"
    name = "copy.blocked-term"
    groups = ("copy", "brand")
    fixable = True

    def check(self, doc, ctx) -> Iterable[Violation]:
        view = ctx.copy(doc)
        if not view.segments or not ctx.voice.terms:
            return
        terms = ctx.voice.terms
        for hit in ctx.term_matcher.find(doc.text, view.segments, prose=prose_text(doc, ctx)):
            term = terms[hit.index]
            found = doc.text[hit.start : hit.end]
            reason = f" ({term.reason})" if term.reason and "%s" not in term.reason else ""
            if hit.replacement is not None:
                yield Violation(
                    hit.start, hit.end, f"avoid {found!r}: use {hit.replacement!r}{reason}", f"replace with {hit.replacement}",
                    edits=((hit.start, hit.end, hit.replacement),), severity=term.severity,
                )
            elif hit.suggestions:
                options = " or ".join(repr(s) for s in hit.suggestions)
                yield Violation(hit.start, hit.end, f"avoid {found!r}: use {options}{reason}", f"consider {options}", severity=term.severity)
            else:
                yield Violation(hit.start, hit.end, f"avoid {found!r}{reason}", severity=term.severity)


class UnsubstantiatedClaim(Rule):
    """Copy makes a claim the brand only allows with evidence ("guaranteed", "#1", "best").

    What it checks: the `claims` of the brand voice in prose.
    Why it matters: advertising law and platform policies require superlatives and guarantees
    to be substantiated; an unsupported claim gets ads rejected or the brand fined.
    Example: "The best tent in Europe" → cite the award, or say what makes it good.
    Fix safety: no fix; the finding says what evidence the brand requires.
    """

    code = "COPY002"
    name = "copy.unsubstantiated-claim"
    groups = ("copy", "brand")

    def check(self, doc, ctx) -> Iterable[Violation]:
        view = ctx.copy(doc)
        if not view.segments or not ctx.voice.claims:
            return
        claims = ctx.voice.claims
        for hit in ctx.claim_matcher.find(doc.text, view.segments, prose=prose_text(doc, ctx)):
            claim = claims[hit.index]
            found = doc.text[hit.start : hit.end]
            yield Violation(hit.start, hit.end, f"{found!r} is a claim that needs substantiation: {claim.evidence}", severity=claim.severity)


class MissingDisclaimer(Rule):
    """An offer is made without the disclaimer the brand requires for it.

    What it checks: when an ad contains a trigger of a `disclaimers` entry (e.g. "% off", "sale"),
    the required text (e.g. "Terms apply") appears in the same ad: the disclaimer of another ad of
    the file does not cover it. The ad is a row of a bulk sheet, an email (an HTML file), a message
    (a text file), or in Markdown a section with its parts: the headings or labelled lines naming a
    field of the channel or a disclaimer ("## Ad 2" with "### Headline" and "### Disclaimer", or
    "Headline: ..." lines; a part named again under the same heading starts the next ad). Copy
    outside every ad, and a file without ads, is judged as one unit. Compared case-insensitively,
    ignoring punctuation and spacing. Needs no channel.
    Why it matters: promotions without their terms breach consumer-protection rules.
    Example: "Up to 40% off tents." → "Up to 40% off tents. Terms apply."
    Fix safety: no fix; where the disclaimer goes is a copywriter's decision.
    """

    code = "COPY003"
    name = "copy.missing-disclaimer"
    groups = ("copy", "brand")
    severity = Severity.error

    def check(self, doc, ctx) -> Iterable[Violation]:
        view = ctx.copy(doc)
        if not view.segments or not ctx.voice.disclaimers:
            return
        import re

        def squash(value: str) -> str:  # compare disclaimers ignoring case, punctuation and spacing
            return " ".join(re.sub(r"[^\w%€$£]+", " ", value.casefold()).split())

        from mops.copy.anchors import fold

        several = len(view.ads) > 1
        prose = prose_text(doc, ctx)
        # every segment of every ad, in text order, with its ad (the copy outside the ads is an
        # "ad" whose segments lie between the others'), made at the first trigger found in the copy
        pieces: list[tuple[int, int, int]] = []
        piece_starts: list[int] = []
        for disclaimer in ctx.voice.disclaimers:
            required = squash(disclaimer.text)
            # each trigger found by a plain search of the folded copy (the regex only confirms a
            # hit's word edges), then each hit to its ad: the earliest hit of each ad is reported
            first_hit: dict[int, tuple[int, int, str]] = {}
            for trigger in disclaimer.triggers:
                for position in prose.occurrences(fold(trigger)):
                    if not pieces:
                        pieces = sorted((a, b, index) for index, ad in enumerate(view.ads) for a, b in ad.segments)
                        piece_starts = [a for a, _, _ in pieces]
                    piece = bisect_right(piece_starts, position) - 1
                    if piece >= 0:
                        a, b, at = pieces[piece]
                        if at not in first_hit or position < first_hit[at][0]:
                            # compiled at a trigger's first hit, not for every trigger: most files
                            # hold none, and compiling them all was ~3 ms of a one-file lint
                            match = _trigger_pattern(trigger).match(doc.text, position)
                            if match and match.end() <= b:
                                first_hit[at] = (match.start(), match.end(), trigger)
            for at, (start, end, trigger) in sorted(first_hit.items()):
                ad = view.ads[at]
                if required in squash(" ".join(doc.text[a:b] for a, b in ad.segments)):
                    continue
                yield Violation(
                    start, end,
                    f"{disclaimer.offer_type} offer ({trigger!r}) without the required disclaimer {disclaimer.text!r}"
                    f"{_where(doc, ad) if several else ''}",
                    severity=disclaimer.severity,
                )


def folded_text(doc) -> str:  # noqa: ANN001
    """The document's text folded for case-insensitive literal search (mops.copy.anchors.fold_text),
    once per document for every copy rule that searches it."""
    from mops.copy.anchors import fold_text

    return doc.memo("folded_text", lambda: fold_text(doc.text))


def prose_text(doc, ctx):  # noqa: ANN001, ANN201 - mops.copy.terms.ProseText
    """The document's copy, folded, for the literal searches of every copy rule (terms' and claims'
    anchors, disclaimers' triggers): its segments merged once per document, not once per rule."""
    from mops.copy.terms import ProseText

    return doc.memo("copy_prose_text", lambda: ProseText(folded_text(doc), ctx.copy(doc).segments))


def _where(doc, ad) -> str:  # noqa: ANN001
    """Which unit a disclaimer was looked for in, when the file has several."""
    if ad.row is not None:
        return " in its row"
    if ad.outside:
        return " in the copy outside the file's ads"
    first, last = doc.position(ad.start)[0], doc.position(max(ad.start, ad.end - 1))[0]
    return f" in its ad (lines {first}-{last})"


@memoised
def _trigger_pattern(trigger: str):  # noqa: ANN202 - re.Pattern
    """A trigger matches as a whole word where it starts or ends with a letter or digit:
    "sale" in "Sale ends Sunday" but not in "wholesale"; "% off" after any number."""
    import re

    before = r"(?<!\w)" if trigger[:1].isalnum() else ""
    after = r"(?!\w)" if trigger[-1:].isalnum() else ""
    return regexcache.compile(before + re.escape(trigger) + after, re.IGNORECASE)
