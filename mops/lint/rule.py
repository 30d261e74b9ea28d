"""The rule contract: a small class per rule, whose docstring is its documentation.

A rule has a stable `code` (UTM001, COPY003, PII001...), a `name`, a default `severity`, and says
whether its fix is safe. Its docstring is laid out as *What it checks / Why it matters / Example /
Fix safety*; `mops lint --explain CODE` prints it and docs/rules.md is generated from it.

Rules report `Violation`s (offsets into the document's text); the runner turns them into located
`Finding`s, applies suppressions and the baseline, and applies safe fixes.

Messages of URL rules quote values (`utm_content='...' contains spaces`). A value that holds
personal data is never quoted: every URL rule's violations pass through `mask_personal_data`
(wired once, in `UrlRule.__init_subclass__`), which replaces the personal data of the link in the
message and fix description by its kind (`[email address]`), whatever rule wrote them. The finding's
place (file, line, column) still shows where it is.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from mops import regexcache
from mops.memo import remember
from mops.models.severity import Severity
from mops.utm.parameters import GA4_PARAMETERS
from mops.pii.urls import may_hold_personal_data

if TYPE_CHECKING:
    from mops.lint.context import LintContext
    from mops.lint.document import Document
    from mops.lint.links import FoundUrl
    from mops.lint.suppressions import Suppression
    from mops.pii.urls import LinkPii
    from mops.utm.url import ParsedUrl


class UrlEdit(NamedTuple):
    """Replace `url[start:end]` with `replacement` (offsets into the URL as extracted)."""

    start: int
    end: int
    replacement: str


class Violation(NamedTuple):
    """What a rule found: a span of the document's text, a message, maybe a fix.

    `start`/`end` are character offsets into `Document.text`. A fix is either `edits` on the
    document text or `url_edits` on the URL the violation belongs to (the runner maps those back
    through any HTML or JSON escaping of the raw text).
    """

    start: int
    end: int
    message: str
    fix_description: str | None = None
    edits: tuple[tuple[int, int, str], ...] = ()
    url_edits: tuple[UrlEdit, ...] = ()
    safe: bool = True
    severity: Severity | None = None


class LinkPiece(NamedTuple):
    """One `key=value` piece of a link's query, as the clean-link check hands it to `clean_piece`.

    The check hands over only plain pieces (no `%`, `+`, space or placeholder; it sends links with
    those to the rules), so the text as written is the text as read."""

    text: str  # `key=value` as written
    key: str
    value: str  # "" when the piece has no `=` or nothing after it
    name: str  # the GA4 parameter the key is or plainly means (mops.utm.analysis.tag_name), or ""


GA4_PARAMETER_NAMES = frozenset(GA4_PARAMETERS)


class LineViolation(NamedTuple):
    """What a rule found at a line and column rather than over a span of text: about a file as a
    whole (at its start) or a comment in it. No end, no fix."""

    message: str
    line: int = 1
    column: int = 1


class Rule:
    """Base class of every lint rule. Most implement `check`; the `check_...` hooks after it are for
    what is not a document's text: the runner calls each on every selected rule."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.warning
    fixable: ClassVar[bool] = False
    #: whether `--fix` applies the fix by itself; unsafe fixes are shown as suggestions only
    fix_safe: ClassVar[bool] = True
    groups: ClassVar[tuple[str, ...]] = ()

    def check(self, doc: "Document", ctx: "LintContext") -> Iterable[Violation]:
        """Violations in a whole document. URL rules implement `check_url` instead."""
        return ()

    def check_asset(self, path: str, ctx: "LintContext") -> Iterable[LineViolation]:
        """Violations of an asset (an image, a video, a PDF), known by its path alone: mops never reads it."""
        return ()

    def check_unreadable(self, path: str, reason: str, ctx: "LintContext") -> Iterable[LineViolation]:
        """Violations of a file mops cannot read as text, for `reason` ("not UTF-8 text (byte 12)...").
        When no selected rule reports one, the run stops on it (exit 2): it must not pass unread."""
        return ()

    def check_suppressions(self, doc: "Document", suppressions: list["Suppression"], ctx: "LintContext") -> Iterable[LineViolation]:
        """Violations of the document's inline suppressions, once they have been applied
        (`Suppression.used`); what these report is never suppressed."""
        return ()

    @classmethod
    def summary(cls) -> str:
        return (inspect.getdoc(cls) or "").strip().splitlines()[0] if cls.__doc__ else cls.name

    @classmethod
    def documentation(cls) -> str:
        return inspect.getdoc(cls) or ""


class UrlRule(Rule):
    """A rule judged on each tagged URL found in a document (parsed once, shared by all URL rules)."""

    groups: ClassVar[tuple[str, ...]] = ("utm",)
    #: the verdict depends only on the URL's text (not on its file or sheet row), so the runner
    #: may reuse it for every identical URL in a run: real sheets repeat links thousands of times
    context_free: ClassVar[bool] = True
    #: judge every URL, not only those carrying UTM parameters
    all_urls: ClassVar[bool] = False

    # The fast path. Most links of a maintained workspace are clean, and judging one through every
    # rule costs ~30 µs; so before parsing a link the runner asks the selected rules, piece by piece
    # and memoised, whether they could report anything, and skips them for a link they all call
    # clean (mops/lint/clean_links.py combines the answers and knows no rule). A rule takes part
    # with `fast_path = True` and answers the hooks below from its own logic, conservatively (False
    # when unsure). A rule without a fast path is judged on every link, and so are the others
    # while it is selected. The check sends to the rules, unasked, every link it does not model:
    # placeholders, percent-encoding, `+`, spaces, parameters after `#` (or a `?` there) and a
    # parameter given twice. tests/test_clean_links.py generates thousands of messy links and fails
    # when a link a rule's hooks call clean gets a finding from that rule (each rule alone and all
    # together), or when two links of one shape get different findings.
    fast_path: ClassVar[bool] = False
    #: whether `clean_path`'s answer may change when a digit after the host becomes another digit.
    #: False (where digits are counts, not which they are) lets the check judge `/p/1` ... `/p/99999`
    #: once: a deck or sheet gives each product its own path, and judging 40,000 paths one by one
    #: was most of the lint of them. tests/test_clean_links.py holds each rule that says False to it.
    path_digits_matter: ClassVar[bool] = True
    #: the longest link this rule passes without reading it (None: any length)
    longest_link: ClassVar[int | None] = None
    #: the GA4 parameters whose clean values this rule reads (compares, classifies, quotes in a
    #: finding on another piece): the default `value_matters`. Every one, unless a rule says less.
    reads_values: ClassVar[frozenset[str]] = GA4_PARAMETER_NAMES

    def clean_piece(self, piece: LinkPiece, ctx: "LintContext") -> bool:
        """Whether a link may hold this query piece for all this rule cares (the rest being clean)."""
        return True

    def clean_path(self, path: str, ctx: "LintContext") -> bool:
        """Whether the text before the link's `?` (scheme, host and path) is one this rule passes."""
        return True

    def clean_anchor(self, anchor: str, ctx: "LintContext") -> bool:
        """Whether the link's fragment (after `#`, without `=` or `?`) is one this rule passes."""
        return True

    def clean_tags(self, tags: dict[str, str], ctx: "LintContext") -> bool:
        """Whether a tagged link whose pieces are all clean passes, given its tags (GA4 parameter ->
        value, as mops.utm.analysis reads them). It may read only the values `value_matters` names."""
        return True

    def value_matters(self, name: str, value: str, ctx: "LintContext") -> bool:
        """Whether this rule's verdict on a link could change if a clean, plain value of the GA4
        parameter `name` were another of the same length. False lets the runner judge one link for
        all links that differ only there (see CleanLinkCheck.shape): a bulk sheet's rows differ in
        their content and term and share their mistakes."""
        return name in self.reads_values

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        check = cls.__dict__.get("check_url")
        if check is not None:
            # every URL rule's messages go through one mask: no rule can quote personal data
            @functools.wraps(check)
            def check_url(self, url, found, doc, ctx):  # noqa: ANN001, ANN202
                violations = list(check(self, url, found, doc, ctx))
                return mask_personal_data(violations, url, ctx) if violations else violations

            cls.check_url = check_url

    def applies_to(self, doc: "Document", ctx: "LintContext") -> bool:
        """Whether this rule could report any link of the document (asked once per document)."""
        return True

    def applies(self, doc: "Document", found: "FoundUrl", ctx: "LintContext") -> bool:
        """A cheap test, before the link is parsed, of whether `check_url` could report anything."""
        return True

    def check_url(self, url: "ParsedUrl", found: "FoundUrl", doc: "Document", ctx: "LintContext") -> Iterable[Violation]:
        return ()


def personal_data_in_link(url: "ParsedUrl", ctx: "LintContext") -> list["LinkPii"]:
    """mops.pii.urls.find_in_link with the workspace's detector, once per link text and run."""
    memo = vars(ctx).setdefault("_personal_data_in_links", {})
    found = memo.get(url.text)
    if found is None:
        from mops.pii.urls import find_in_link

        found = remember(memo, url.text, find_in_link(url, ctx.pii_detector))
    return found


def masking_may_touch(text: str, *, names: bool) -> bool:
    """Whether `mask_personal_data` could rewrite a message because of `text`, a piece of a link:
    only if the link holds personal data there, which needs what mops.pii.urls.may_hold_personal_data
    looks for (with `names`, for a value read for names: capitals). Pieces it cannot touch may be
    swapped for others of their length without changing any message. Like that function, it reads
    where a piece has digits, never which digits they are."""
    return may_hold_personal_data(text, names=names)


_TOKEN = regexcache.compile(r"[^\W\d_]+|\d+")
# what may stand between two words of one piece of personal data in a message: 'Laura Becker',
# 'laura-becker', 'laura.becker@gmail.com', '+1 (415) 555-0132'
_JOIN = regexcache.compile(r"[\s\-_.@+%/()]{0,3}")


def _personal_tokens(hit) -> list[str]:  # noqa: ANN001
    """The words of a personal value that identify the person. Of an address, its local part: the
    domain names a mail provider or an organisation, and masking its words would hide hosts a
    message must name ('...safelinks.protection.outlook.com', 'shop.example')."""
    if hit.kind != "email":
        return _TOKEN.findall(hit.text)
    return _TOKEN.findall(hit.text.replace("%40", "@").partition("@")[0])


def mask_personal_data(violations: list[Violation], url: "ParsedUrl", ctx: "LintContext") -> list[Violation]:
    """`violations` of the link `url` with its personal data (as mops.pii.urls finds it, in any case
    and spelling: 'Laura Becker', 'laura-becker') replaced in messages and fix descriptions by
    its kind in brackets. A fix that would write personal data back (`laura-becker` for
    `Laura%20Becker`) is withdrawn: its replacement would quote the data in every CI format, and
    the only fix for personal data in a link is to take it out (PII007)."""
    hits = [hit for hit in personal_data_in_link(url, ctx) if hit.kind != "merge_tag"]
    if not hits:
        return violations
    from mops.pii.match import LABELS

    owners: dict[str, list[int]] = {}  # token -> the hits holding it
    for i, hit in enumerate(hits):
        for token in _personal_tokens(hit):
            if len(token) >= (3 if token.isdigit() else 2):
                owners.setdefault(token.casefold(), []).append(i)
    if not owners:
        return violations
    sizes = [max(1, len(_personal_tokens(hit))) for hit in hits]

    def spans(text: str) -> list[list]:
        found: list[list] = []  # [start, end, {hit index: tokens of it}]
        for m in _TOKEN.finditer(text):
            holders = owners.get(m.group().casefold())
            if holders is None:
                continue
            if found and _JOIN.fullmatch(text, found[-1][1], m.start()):
                found[-1][1] = m.end()
            else:
                found.append([m.start(), m.end(), {}])
            for i in holders:
                found[-1][2][i] = found[-1][2].get(i, 0) + 1
        return found

    def mask(text: str | None) -> str | None:
        if not text:
            return text
        for start, end, holders in reversed(spans(text)):
            # the hit it holds most of, then the one it holds the largest share of
            kind = hits[max(holders, key=lambda i: (holders[i], holders[i] / sizes[i], -i))].kind
            if kind == "phone" and text[start - 1 : start] == "+":
                start -= 1
            text = f"{text[:start]}[{LABELS[kind]}]{text[end:]}"
        return text

    masked = []
    for v in violations:
        message, description = mask(v.message), mask(v.fix_description)
        edits, url_edits = v.edits, v.url_edits
        if any(spans(e.replacement) for e in url_edits) or any(spans(e[2]) for e in edits):
            message += "; no fix offered: the value is personal data, which the link must not hold (PII007)"
            description, edits, url_edits = None, (), ()
        masked.append(v._replace(message=message, fix_description=description, edits=edits, url_edits=url_edits))
    return masked
