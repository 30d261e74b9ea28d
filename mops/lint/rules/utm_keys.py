"""UTM rules about parameter keys: present, spelt right, once, and where GA4 reads them."""

from __future__ import annotations

from collections.abc import Iterable

from mops.lint.rule import LinkPiece, UrlEdit, UrlRule, Violation
from mops.models.severity import Severity
from mops.utm.analysis import is_tag_value
from mops.utm.taxonomy_index import closest_parameter
from mops.utm.url import ParsedUrl


class MissingParameter(UrlRule):
    """A tagged link lacks a parameter the taxonomy requires.

    What it checks: every link carrying UTM parameters has each parameter in the taxonomy's
    `required` list (by default utm_source, utm_medium and utm_campaign). With
    `utm_id_satisfies_campaign: true`, a utm_id stands in for a missing utm_campaign.
    Why it matters: GA4 reports a session without a source or medium as "(not set)", and its
    channel as Unassigned; without a campaign, spend cannot be tied to results.
    Example: `?utm_source=google&utm_medium=cpc` → add `&utm_campaign=2026-q2_spring-sale`.
    Fix safety: no fix; only a person knows the missing value.
    """

    code = "UTM001"
    name = "utm.missing-parameter"
    severity = Severity.error
    fast_path = True
    reads_values = frozenset()

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        present = {name for _, name in ctx.analysis(url).named}  # empty values are UTM019
        for required in _missing(present, ctx):
            yield Violation(0, len(url.text), f"tagged link has no {required}")

    def clean_tags(self, tags, ctx) -> bool:
        return not _missing(tags, ctx)


def _missing(present, ctx) -> list[str]:  # noqa: ANN001
    """The parameters the taxonomy requires that are not among `present`."""
    index = ctx.utm
    return [
        required for required in index.required()
        if required not in present and not (required == "utm_campaign" and index.taxonomy.utm_id_satisfies_campaign and "utm_id" in present)
    ]


class ParameterKeyCase(UrlRule):
    """A UTM key is not in lowercase (`UTM_Source`).

    What it checks: keys of GA4 campaign parameters are written in lowercase.
    Why it matters: GA4 only reads `utm_source`; `UTM_Source` is ignored and the session loses its source.
    Example: `?UTM_Source=google` → `?utm_source=google`.
    Fix safety: safe; only the key's case changes, never its value. Click ids (gclid, fbclid...) are
    never touched. Not safe, and only suggested, when the link already has that parameter with
    another value (`utm_content=a&UTM_CONTENT=b`): the rename would leave two values of one
    parameter, and which one GA4 keeps is ambiguous.
    """

    code = "UTM002"
    name = "utm.key-case"
    severity = Severity.error
    fixable = True
    fast_path = True
    reads_values = frozenset()

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        for p in url.params:
            lowered = _lowercase_key(p.key)
            if lowered is not None:
                edit = UrlEdit(p.start, p.start + len(p.raw_key), lowered)
                message, safe = _rename_message(f"key {p.raw_key!r} must be lowercase: {lowered}", url, p, lowered)
                yield Violation(p.start, p.start + len(p.raw_key), message, f"rename to {lowered}", url_edits=(edit,), safe=safe)


    def clean_piece(self, piece: LinkPiece, ctx) -> bool:
        return _lowercase_key(piece.key) is None


def _lowercase_key(key: str) -> str | None:
    """The key in lowercase, when it is a GA4 parameter's key in another case; else None."""
    lowered = key.lower()
    return lowered if lowered != key and closest_parameter(key) == lowered else None


def _rename_message(message: str, url: ParsedUrl, renamed, name: str) -> tuple[str, bool]:  # noqa: ANN001
    """The finding's message and whether renaming `renamed`'s key to `name` is safe: it is not when
    the link has `name` already with another value, because the rename would give the link two
    values of one parameter (and which one GA4 keeps is ambiguous: a value would be lost)."""
    other = _other_value(url, renamed, name)
    if other is None:
        return message, True
    return (
        f"{message}; not fixed automatically: the link already has {name}={other!r}, so renaming would give it two "
        f"{name} values ({other!r} and {renamed.value!r}) and which one GA4 keeps is ambiguous: keep one and delete the other",
        False,
    )


def _other_value(url: ParsedUrl, param, name: str) -> str | None:  # noqa: ANN001
    """The value of another parameter of the link that is (or is meant to be) `name` and differs from
    `param`'s value, or None."""
    for q in url.params:
        if q is not param and q.start != param.start and closest_parameter(q.key) == name and (q.value or "") != (param.value or ""):
            return q.value or ""
    return None


class ParameterKeyTypo(UrlRule):
    """A key is a misspelt GA4 campaign parameter (`utm_campaing`, `utm-medium`).

    What it checks: keys that start like `utm` and are one or two letters away from a GA4 campaign
    parameter, or use `-` or `.` instead of `_`.
    Why it matters: GA4 ignores unknown keys; the campaign's sessions land in "(not set)".
    Example: `utm_campaing=2026-q2_spring-sale` → `utm_campaign=2026-q2_spring-sale`.
    Fix safety: safe when exactly one parameter is that close; otherwise no fix. Only suggested when
    the link already has the intended parameter with another value (two values, one would be lost).
    """

    code = "UTM003"
    name = "utm.key-typo"
    severity = Severity.error
    fixable = True
    fast_path = True
    reads_values = frozenset()

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        for p, intended in ctx.analysis(url).named:
            if not _misspelt(p.key, intended):
                continue
            edit = UrlEdit(p.start, p.start + len(p.raw_key), intended)
            message, safe = _rename_message(f"unknown key {p.raw_key!r}: did you mean {intended}?", url, p, intended)
            yield Violation(p.start, p.start + len(p.raw_key), message, f"rename to {intended}", url_edits=(edit,), safe=safe)


    def clean_piece(self, piece: LinkPiece, ctx) -> bool:
        return not (piece.name and _misspelt(piece.key, piece.name))


def _misspelt(key: str, intended: str) -> bool:
    """Whether `key`, read as the GA4 parameter `intended`, is spelt otherwise (case aside: UTM002)."""
    return key.lower() != intended


class DuplicateParameter(UrlRule):
    """A UTM parameter appears more than once in one link.

    What it checks: each GA4 campaign parameter occurs once (keys compared after case and typo correction).
    Why it matters: analytics tools disagree on which copy wins; GA4 takes the first, others the last.
    Example: `?utm_source=google&utm_medium=cpc&utm_source=google` → drop the second `utm_source`.
    Fix safety: safe when the copies are equal (the duplicate is removed); different values need a person.
    """

    code = "UTM004"
    name = "utm.duplicate-parameter"
    severity = Severity.error
    fixable = True
    fast_path = True  # a parameter given twice is never called clean (mops/lint/clean_links.py)
    reads_values = frozenset()

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        seen: dict[str, object] = {}
        for p, name in ctx.analysis(url).named:
            first = seen.get(name)
            if first is None:
                seen[name] = p
                continue
            if first.value == p.value:
                start, end = _removal_span(url.text, p.start, p.end)
                yield Violation(p.start, p.end, f"{name} appears twice with the same value", f"remove the second {name}", url_edits=(UrlEdit(start, end, ""),))
            else:
                yield Violation(p.start, p.end, f"{name} appears twice with different values ({first.value!r} and {p.value!r})")


def _removal_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span to delete to remove one `key=value` pair with exactly one of its separators."""
    if start > 0 and text[start - 1] == "&":
        return start - 1, end
    if end < len(text) and text[end] == "&":
        return start, end + 1
    return start, end


class ParametersInFragment(UrlRule):
    """UTM parameters stand after `#`, where analytics never reads them.

    What it checks: GA4 campaign parameters in the URL fragment, as in `page#utm_source=x` or a
    hash-router link `/#/route?utm_source=x`.
    Why it matters: the fragment is never sent to the server and GA4 does not parse it for
    campaign parameters, so the visit is attributed to referral or direct.
    Example: `https://shop.example/#/sale?utm_source=google` → `https://shop.example/?utm_source=google#/sale`.
    Fix safety: safe; the parameters move before the `#`, the route and other fragment content stay.
    Only suggested when a moved parameter is also in the query with another value.
    """

    code = "UTM005"
    name = "utm.parameters-in-fragment"
    severity = Severity.error
    fixable = True
    fast_path = True  # parameters after '#' are never called clean (mops/lint/clean_links.py)
    reads_values = frozenset()

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        misplaced = [p for p in url.params if p.in_fragment and closest_parameter(p.key) is not None]
        if not misplaced or url.fragment_start is None or url.placeholders:
            return
        message, safe = f"{len(misplaced)} UTM parameter(s) after '#' are never read by analytics", True
        for p in misplaced:
            name = closest_parameter(p.key)
            other = _other_value(url, p, name)
            if other is not None:
                message += (
                    f"; not fixed automatically: {name} is also {other!r} in the link, so moving it would give the link two "
                    f"{name} values and which one GA4 keeps is ambiguous: keep one and delete the other"
                )
                safe = False
                break
        yield Violation(
            misplaced[0].start,
            misplaced[-1].end,
            message,
            "move them into the query string before '#'",
            url_edits=(smallest_edit(url.text, move_fragment_parameters(url)),),
            safe=safe,
        )


def smallest_edit(text: str, new_text: str) -> UrlEdit:
    """The one edit that turns `text` into `new_text`, without their common start and end.

    Moving `page#utm_source=x` to `page?utm_source=x` rewrites one character, not the link: the
    diff shows what changed, and links that differ only elsewhere get the same edit (the runner
    shares findings between such links, see mops.lint.clean_links.CleanLinkCheck.shape)."""
    limit = min(len(text), len(new_text))
    head = 0
    while head < limit and text[head] == new_text[head]:
        head += 1
    tail = 0
    while tail < limit - head and text[-1 - tail] == new_text[-1 - tail]:
        tail += 1
    return UrlEdit(head, len(text) - tail, new_text[head : len(new_text) - tail])


def move_fragment_parameters(url: ParsedUrl) -> str:
    """`url` with the UTM parameters of its fragment moved into its query string."""
    text = url.text
    hash_at = url.fragment_start
    base, fragment = text[:hash_at], text[hash_at + 1 :]
    if "?" in fragment:
        route, query = fragment.split("?", 1)
        joiner = "?"
    else:
        route, query, joiner = "", fragment, ""
    moved, kept = [], []
    for piece in query.split("&"):
        key = piece.split("=", 1)[0]
        (moved if closest_parameter(key) is not None else kept).append(piece)
    if joiner:
        new_fragment = route + ("?" + "&".join(kept) if kept else "")
    else:
        new_fragment = "&".join(kept)
    if "?" in base:
        separator = "" if base.endswith(("?", "&")) else "&"
        base = base + separator + "&".join(moved)
    else:
        base = base + "?" + "&".join(moved)
    return base + ("#" + new_fragment if new_fragment else "")


class EmptyValue(UrlRule):
    """A UTM parameter is present but empty (`utm_source=`).

    What it checks: GA4 campaign parameters with no value.
    Why it matters: an empty source or medium reports as "(not set)" and the session is Unassigned.
    Example: `utm_source=&utm_medium=email` → fill in the source.
    Fix safety: no fix.
    """

    code = "UTM019"
    name = "utm.empty-value"
    severity = Severity.error
    fast_path = True
    reads_values = frozenset()

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        for p, name in ctx.analysis(url).named:
            if not is_tag_value(p.value):
                yield Violation(p.start, p.end, f"{name} is empty")

    def clean_piece(self, piece: LinkPiece, ctx) -> bool:
        return not piece.name or is_tag_value(piece.value)
