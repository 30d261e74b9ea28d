"""Rules about the lint run itself and what it reads: inline suppressions that suppressed nothing
(MOPS001), files mops cannot read (MOPS002), links as they were found (MOPS003)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from mops.lint.rule import LineViolation, Rule, UrlEdit, UrlRule, Violation
from mops.models.severity import Severity


class UnusedSuppression(Rule):
    """A `mops: disable…` comment suppressed nothing.

    What it checks: every inline suppression silenced at least one finding of the codes it names.
    Why it matters: stale suppressions hide the next real problem on that line.
    Example: `<!-- mops: disable-next-line UTM006 -->` above a link that is already lowercase.
    Fix safety: no fix; remove the comment by hand.
    """

    code = "MOPS001"
    name = "lint.unused-suppression"
    groups = ("lint",)

    def check_suppressions(self, doc, suppressions, ctx) -> Iterable[LineViolation]:  # noqa: ANN001
        for s in suppressions:
            if not s.used and s.verb != "enable":
                names = ", ".join(s.codes) or "all rules"
                yield LineViolation(f"suppression of {names} suppressed nothing", s.line, s.column)


class UnreadableFile(Rule):
    """A file could not be read as UTF-8 text.

    What it checks: every linted file decodes as UTF-8 (with or without a BOM).
    Why it matters: a file mops cannot read is a file nobody checked.
    Example: a CSV saved as Windows-1252 from Excel.
    Fix safety: no fix; save the file as UTF-8 ("CSV UTF-8" in Excel).
    """

    code = "MOPS002"
    name = "lint.unreadable-file"
    severity = Severity.error
    groups = ("lint",)

    def check_unreadable(self, path, reason, ctx) -> Iterable[LineViolation]:  # noqa: ANN001
        yield LineViolation(reason)


class LinkRawSpace(UrlRule):
    """A link holds a raw space (`utm_medium=paid social&utm_campaign=…`).

    What it checks: spaces, tabs and Unicode spaces (no-break, thin, ideographic… pasted from
    Docs or Word) inside a link that mops read whole: in a Markdown destination `[t](…)`, `<…>`, a
    quoted attribute or value, a sheet cell that starts with the link, or running text where what
    follows the space goes on as the link would: `&key=` after words in a query value, the rest of
    a key and `=` in a key (`utm_med ium=cpc`, `? utm_source=`, `utm_medium =cpc`), `?key=` after
    words in the path (`/winter sale?utm_source=`).
    Why it matters: mail clients, chat apps and ad platforms end the link at the space, so every
    parameter after it is lost (here the campaign) and the visit lands in the wrong channel.
    Example: `https://x.example/?utm_medium=paid social&utm_campaign=2026-q4_sale` →
    `https://x.example/?utm_medium=paid%20social&utm_campaign=2026-q4_sale` (UTM007/UTM009 then
    say which value the taxonomy wants).
    Fix safety: safe where the file's syntax says where the link ends (`%20`, or `%C2%A0` for a
    no-break space, is what a browser sends, so analytics sees the same value). Where the link's
    extent is uncertain, in running text where only the words after the space said the link went
    on, or where the space splits a key, this fix and every other rule's fix on that link are
    suggestions only: `--fix` never edits such a link.
    """

    code = "MOPS003"
    name = "lint.link-raw-space"
    severity = Severity.error
    fixable = True
    groups = ("lint",)
    all_urls = True
    context_free = False  # whether the fix is safe depends on what surrounds the link

    def applies_to(self, doc, ctx) -> bool:  # noqa: ANN001
        # once per document: most have no spaced link, and their links are not asked one by one
        from mops.lint.links import has_space

        # one test of the links run together: joining adds no space, and a document has thousands
        return doc.memo("spaced_links", lambda: has_space("".join([f.raw for f in doc.found_urls])))

    def applies(self, doc, found, ctx) -> bool:  # noqa: ANN001
        from mops.lint.links import has_space

        return has_space(found.raw)

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:  # noqa: ANN001
        from urllib.parse import quote

        from mops.lint.links import link_extent_uncertain

        spaces = _spaces(found.url)
        if not spaces:
            return
        first = _spaces(found.raw)[0]
        other = sorted({found.url[i] for i in spaces} - {" ", "\t"})
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'space').lower()}" for c in other)
        kinds = f" ({names})" if other else ""
        yield Violation(
            first, first + 1,
            f"link has {len(spaces)} raw space(s){kinds}: tools that find links end it at the first, dropping what follows",
            fix_description="percent-encode each space (%20)" if not other else "percent-encode each space as a browser sends it",
            # what a browser sends for the character: the same value for analytics
            url_edits=tuple(UrlEdit(i, i + 1, quote(found.url[i])) for i in spaces),
            safe=not link_extent_uncertain(doc.text, found),
        )


def _spaces(text: str) -> list[int]:
    from mops.lint.links import SPACES

    return [i for i, c in enumerate(text) if c in SPACES]
