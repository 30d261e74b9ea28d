"""Rules about the lint run itself and what it reads: the runner reports MOPS001 and MOPS002 (their
classes carry the docs); MOPS003 judges links as they were found."""

from __future__ import annotations

from collections.abc import Iterable

from mops.lint.rule import Rule, UrlEdit, UrlRule, Violation
from mops.models.results import Severity


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


class LinkRawSpace(UrlRule):
    """A link holds a raw space (`utm_medium=paid social&utm_campaign=…`).

    What it checks: spaces and tabs inside a link that mops read whole: in a Markdown destination
    `[t](…)`, `<…>`, a quoted attribute or value, a sheet cell that starts with the link, or running
    text where the words after the space go on with `&key=` (the space sits inside a query value).
    Why it matters: mail clients, chat apps and ad platforms end the link at the space, so every
    parameter after it is lost (here the campaign) and the visit lands in the wrong channel.
    Example: `https://x.example/?utm_medium=paid social&utm_campaign=2026-q4_sale` →
    `https://x.example/?utm_medium=paid%20social&utm_campaign=2026-q4_sale` (UTM007/UTM009 then
    say which value the taxonomy wants).
    Fix safety: safe where the file's syntax says where the link ends (`%20` reads as the same
    space, so analytics sees the same value); a suggestion in running text, where only the words
    after the space said the link went on.
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
        return doc.memo("spaced_links", lambda: any(" " in f.raw or "\t" in f.raw for f in doc.found_urls))

    def applies(self, doc, found, ctx) -> bool:  # noqa: ANN001
        return " " in found.raw or "\t" in found.raw

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:  # noqa: ANN001
        spaces = [i for i, c in enumerate(found.url) if c in " \t"]
        if not spaces:
            return
        safe = _delimited(doc.text, found)
        first = found.raw.find(" ") if " " in found.raw else found.raw.find("\t")
        yield Violation(
            first, first + 1,
            f"link has {len(spaces)} raw space(s): tools that find links end it at the first, dropping what follows",
            fix_description="write each space as %20",
            url_edits=tuple(UrlEdit(i, i + 1, "%20") for i in spaces),
            safe=safe,
        )


def _delimited(text: str, found) -> bool:  # noqa: ANN001
    """Whether the file's syntax, not a guess, says where the link ends."""
    if found.cell is not None or found.context in ("html", "yaml", "json"):
        return True
    before = text[found.start - 1] if found.start > 0 else ""
    after = text[found.end] if found.end < len(text) else ""
    if (before, after) == ("<", ">"):
        return True
    return (before, after) == ("(", ")") and text.startswith("](", found.start - 2)
