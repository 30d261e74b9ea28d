"""UTM rules about the link as a whole: encoding, separators, tracking templates, length."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

from mops.lint.rule import UrlEdit, UrlRule, Violation
from mops.models.results import Severity
from mops.utm.taxonomy_index import closest_parameter
from mops.utm.url import double_encoded

GA4_PAGE_LOCATION_LIMIT = 1000
_DOUBLE = re.compile(r"%25([0-9A-Fa-f]{2})")


class DoubleEncoded(UrlRule):
    """A UTM value was percent-encoded twice (`%2520` instead of `%20`).

    What it checks: `%25` followed by two hex digits inside a UTM value.
    Why it matters: reports show `spring%20sale` literally, a value no one typed and no filter finds.
    Example: `utm_campaign=spring%2520sale` → `utm_campaign=spring%20sale` (and then fix the space).
    Fix safety: unsafe: decoding once is right only if the value was not meant to contain `%`; `--fix` leaves it.
    """

    code = "UTM010"
    fast_path_covered = True
    name = "utm.double-encoded"
    severity = Severity.error
    fixable = True
    fix_safe = False

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        for p in url.params:
            raw = p.raw_value or ""
            if closest_parameter(p.key) is None or not double_encoded(raw):
                continue
            start = p.end - len(raw)
            once = _DOUBLE.sub(lambda m: "%" + m[1], raw)
            yield Violation(
                start, p.end, f"{closest_parameter(p.key)} is encoded twice: {raw!r} reads as {unquote(raw)!r}", f"decode once: {once}",
                url_edits=(UrlEdit(start, p.end, once),), safe=False,
            )


class ExtraQuestionMark(UrlRule):
    """A link has a second `?` where `&` was meant.

    What it checks: `?` inside the query string, typically from pasting tags onto a URL that already had some.
    Why it matters: everything after the second `?` becomes part of the previous value, so a parameter disappears.
    Example: `/sale?ref=mail?utm_source=newsletter` → `/sale?ref=mail&utm_source=newsletter`.
    Fix safety: unsafe: a `?` can legitimately appear inside a value; `--fix` leaves it, the suggestion shows the change.
    """

    code = "UTM011"
    fast_path_covered = True
    name = "utm.extra-question-mark"
    severity = Severity.error
    fixable = True
    fix_safe = False
    all_urls = True

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        for position in url.extra_question_marks:
            if "utm_" not in url.text[position:].lower():
                continue
            yield Violation(position, position + 1, "second '?' in the link: parameters after it are read as part of the previous value", "replace it with '&'", url_edits=(UrlEdit(position, position + 1, "&"),), safe=False)


class TrackingTemplateWithoutLpurl(UrlRule):
    """A tracking template does not contain `{lpurl}`.

    What it checks: cells of a "Tracking template" column and links starting with a ValueTrack
    parameter: the template must contain `{lpurl}` (or `{lpurl+2}`, `{unescapedlpurl}`...).
    Why it matters: Google and Microsoft Ads reject the template, or send clicks to a page that is not the final URL.
    Example: `https://tracker.example/?utm_source=google` → `{lpurl}?utm_source=google`.
    Fix safety: no fix.
    """

    context_free = False
    code = "UTM017"
    name = "utm.tracking-template-without-lpurl"
    severity = Severity.error
    all_urls = True

    def applies_to(self, doc, ctx) -> bool:
        return any("tracking template" in h.lower() or "tracking_template" in h.lower() for h in ctx.sheet_headers(doc))

    def applies(self, doc, found, ctx) -> bool:
        header = (found.cell[1] if found.cell else "").lower()
        return "tracking template" in header or "tracking_template" in header

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        if self.applies(doc, found, ctx) and "lpurl}" not in url.text.lower():
            yield Violation(0, len(url.text), "tracking template has no {lpurl}: the ad platform cannot insert the final URL")


class UrlTooLong(UrlRule):
    """A link is longer than GA4's page_location limit (1,000 characters).

    What it checks: the length of tagged links.
    Why it matters: GA4 truncates page_location at 1,000 characters: parameters at the end, often
    the UTM ones, are lost.
    Example: a deep link with a long product filter and tags after it.
    Fix safety: no fix; shorten the path or drop parameters that are not needed.
    """

    code = "UTM018"
    fast_path_covered = True
    name = "utm.url-too-long"

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        if len(url.text) > GA4_PAGE_LOCATION_LIMIT:
            yield Violation(0, len(url.text), f"link is {len(url.text)} characters; GA4 keeps the first {GA4_PAGE_LOCATION_LIMIT}")
