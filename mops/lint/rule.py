"""The rule contract: a small class per rule, whose docstring is its documentation.

A rule has a stable `code` (UTM001, COPY003, PII001...), a `name`, a default `severity`, and says
whether its fix is safe. Its docstring is laid out as *What it checks / Why it matters / Example /
Fix safety*; `mops lint --explain CODE` prints it and docs/rules.md is generated from it.

Rules report `Violation`s (offsets into the document's text); the runner turns them into located
`Finding`s, applies suppressions and the baseline, and applies safe fixes.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from mops.models.results import Severity

if TYPE_CHECKING:
    from mops.lint.context import LintContext
    from mops.lint.document import Document
    from mops.lint.extract import FoundUrl
    from mops.utm.url import ParsedUrl


@dataclass(frozen=True, slots=True)
class UrlEdit:
    """Replace `url[start:end]` with `replacement` (offsets into the URL as extracted)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Violation:
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


class Rule:
    """Base class of every lint rule."""

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
    #: mops.lint.clean_links knows this rule: a link it calls clean is one this rule never reports
    fast_path_covered: ClassVar[bool] = False

    def applies_to(self, doc: "Document", ctx: "LintContext") -> bool:
        """Whether this rule could report any link of the document (asked once per document)."""
        return True

    def applies(self, doc: "Document", found: "FoundUrl", ctx: "LintContext") -> bool:
        """A cheap test, before the link is parsed, of whether `check_url` could report anything."""
        return True

    def check_url(self, url: "ParsedUrl", found: "FoundUrl", doc: "Document", ctx: "LintContext") -> Iterable[Violation]:
        return ()
