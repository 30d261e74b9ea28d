"""UTM rules about the link as a whole: encoding, separators, tracking templates, length."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote

from mops import regexcache
from mops.lint.rule import LinkPiece, UrlEdit, UrlRule, Violation
from mops.models.severity import Severity
from mops.utm.click_ids import tracking_parameter
from mops.utm.redirects import might_be_wrapped
from mops.utm.taxonomy_index import closest_parameter
from mops.utm.url import GA4_PAGE_LOCATION_LIMIT, double_encoded
_DOUBLE = regexcache.compile(r"%25([0-9A-Fa-f]{2})")


class DoubleEncoded(UrlRule):
    """A UTM value was percent-encoded twice (`%2520` instead of `%20`).

    What it checks: `%25` followed by two hex digits inside a UTM value.
    Why it matters: reports show `spring%20sale` literally, a value no one typed and no filter finds.
    Example: `utm_campaign=spring%2520sale` → `utm_campaign=spring%20sale` (and then fix the space).
    Fix safety: unsafe: decoding once is right only if the value was not meant to contain `%`; `--fix` leaves it.
    """

    code = "UTM010"
    name = "utm.double-encoded"
    severity = Severity.error
    fixable = True
    fix_safe = False
    fast_path = True  # a link with '%' in its query is never called clean (mops/lint/clean_links.py)
    reads_values = frozenset()

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
    name = "utm.extra-question-mark"
    severity = Severity.error
    fixable = True
    fix_safe = False
    all_urls = True
    fast_path = True
    reads_values = frozenset()

    def clean_piece(self, piece: LinkPiece, ctx) -> bool:
        return "?" not in piece.text  # a second '?' stays inside the piece it follows

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
    name = "utm.url-too-long"
    fast_path = True
    longest_link = GA4_PAGE_LOCATION_LIMIT
    reads_values = frozenset()

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        if len(url.text) > self.longest_link:
            yield Violation(0, len(url.text), f"link is {len(url.text)} characters; GA4 keeps the first {GA4_PAGE_LOCATION_LIMIT}")


class StrayTrackingParameter(UrlRule):
    """A shipped link carries a click id or another one-visit tracking parameter (`gclid`, `fbclid`, `_gl`, `mc_eid`...).

    What it checks: parameters that an ad platform, analytics tag or email tool adds to the URL of
    ONE click or ONE recipient, hard-coded into a link: Google Ads (`gclid`, `gclsrc`, `gbraid`,
    `wbraid`, `gad_source`, `gad_campaignid`), `dclid`, `srsltid`, the linkers that hand one visitor
    to another domain (Google's `_gl` and analytics.js `_ga`, HubSpot's `__hstc`/`__hssc`/`__hsfp`,
    Adobe's `adobe_mc`, Matomo's `pk_vid`), `fbclid`, `igshid`, `igsh`, `mibextid`, `msclkid`,
    `ttclid`, `twclid`, `li_fat_id`, `epik`, `ScCid`, `rdt_cid`, `yclid`, `qclid`, Taboola's
    `tblci`, Outbrain's `dicbo`, Adobe Advertising's `ef_id` and `s_kwcid`, the affiliate networks'
    click ids (Impact `irclickid`, CJ `cjevent`, Awin `awc`, ShareASale `sscid`), Branch's
    `_branch_match_id`, and email tools' recipient and send ids (Mailchimp `mc_cid`/`mc_eid`,
    HubSpot `_hsenc`/`_hsmi`, Marketo `mkt_tok`, Klaviyo `_kx`/`_ke`, ActiveCampaign `vgo_ee`,
    MailerLite `ml_subscriber`/`ml_subscriber_hash`, Vero `vero_id`), in any case, in any link
    (tagged or not) of any file the linter reads. A value that is
    an ad-platform placeholder (`msclkid={msclkid}` in a tracking template) is filled in per click
    and is not reported.
    Why it matters: the id belongs to one click (or one email recipient) long past. Copied from a
    browser's address bar into an ad, a newsletter or a bulk sheet, it attributes every later
    visitor to that one old click: GA4 and the ad platforms credit the wrong campaign, auto-tagging
    is overridden, and a recipient id counts every reader as the same person.
    Example: `/sale?utm_source=google&utm_medium=cpc&gclid=Cj0KCQ_AbC` → `/sale?utm_source=google&utm_medium=cpc`.
    Fix safety: safe; the parameter and one `&` (or the `?` or `#` it alone followed) are removed,
    and the rest of the link stays byte for byte: order, encoding, other parameters and fragment.
    """

    code = "UTM023"
    name = "utm.stray-tracking-parameter"
    severity = Severity.error
    fixable = True
    all_urls = True
    fast_path = True
    reads_values = frozenset()

    def clean_piece(self, piece: LinkPiece, ctx) -> bool:
        return tracking_parameter(piece.key) is None

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        from mops.utm.click_ids import why_stray
        from mops.utm.url import has_placeholder

        stray = {}
        for p in url.params:
            param = tracking_parameter(p.key)
            if param is not None and (p.value or "").strip() and not has_placeholder(p.raw_value or ""):
                stray[p.start] = param
        if not stray:
            return
        edits = _removal_edits(url, set(stray))
        for p in url.params:
            param = stray.get(p.start)
            if param is None:
                continue
            yield Violation(
                p.start, p.end, f"{p.raw_key} is {why_stray(param)}", f"remove {p.raw_key}", url_edits=(edits[p.start],)
            )


class RedirectWrapper(UrlRule):
    """A shipped link is a redirect wrapper copied from a mail client or a social site (Outlook Safe Links, `google.com/url?q=`, `l.facebook.com/l.php?u=`, `lnkd.in`...).

    What it checks: links whose host and path are a known wrapper's: Outlook and Teams Safe Links,
    Google's `/url` redirect on any of its sites (Gmail, Docs, search results), Facebook's
    `l.php` and Instagram's link shims, LinkedIn's `/redir/redirect`, `/safety/go` and `lnkd.in`, X's `t.co`, YouTube's, Slack's, Reddit's, VK's and
    DuckDuckGo's redirects, Proofpoint URL Defense, Mimecast URL Protect and Barracuda Link
    Protection. The link it wraps is read from the wrapper (`url=`, `q=`, `u=`...) and judged by
    the other UTM rules: the message lists what they find in it.
    Why it matters: every visitor goes through the third party first (its interstitials, its
    blocking, its logs), the wrapper can stop redirecting, analytics sees the wrapper's host as the
    referrer, and a Safe Links `data` parameter carries the email address of the person the mail
    was for: each reader of the copy is sent as that recipient.
    Example: `https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fshop.example%2Fsale&data=05%7C02%7Cjane%40example.com%7C...` → `https://shop.example/sale`.
    Fix safety: safe only when the wrapped link is spelt out whole (decoded once to an absolute
    http(s) link of plain URL characters), no UTM rule reports anything in it and the wrapper has
    no UTM parameters of its own (someone meant them for the page); otherwise the
    unwrapped link is a suggestion, and a wrapper that does not spell out its target (`lnkd.in`,
    `t.co`, Mimecast) has no fix: open it and link to the page it leads to.
    """

    code = "UTM024"
    name = "utm.redirect-wrapper"
    severity = Severity.error
    fixable = True
    all_urls = True
    fast_path = True
    reads_values = frozenset()

    path_digits_matter = False  # the cheap test reads the scheme and host only

    def clean_path(self, path: str, ctx) -> bool:
        return not might_be_wrapped(path)  # the wrappers are known by host and path

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:
        from mops.utm.redirects import unwrap

        wrapped = unwrap(url)
        if wrapped is None:
            return
        host = url.host.lower()
        message = f"link goes through {wrapped.wrapper.name} ({host}): every visitor is sent through a third party first"
        if wrapped.carries_email:
            message += f", and its {'/'.join(wrapped.carries_email)} parameter carries the recipient's email address"
        if wrapped.target is None:
            yield Violation(0, len(url.text), message + "; the link it wraps is not written in it", "open it and link to the page it leads to")
            return
        own_tags = sorted({name for _p, name in ctx.analysis(url).named})
        if own_tags:  # tags written on the wrapper itself: the wrapper reads them, the page never sees them
            message += f"; its own {', '.join(own_tags)} go to {host}, not to the page it wraps"
        problems = _target_problems(wrapped.target, found, doc, ctx)
        if problems:
            message += "; the link it wraps has problems of its own: " + "; ".join(problems)
        yield Violation(
            0, len(url.text), message, f"link to the page it wraps: {wrapped.target}",
            url_edits=(UrlEdit(0, len(url.text), wrapped.target),), safe=wrapped.writable and not problems and not own_tags,
        )


def _target_problems(target: str, found, doc, ctx) -> list[str]:  # noqa: ANN001
    """'CODE message' for what the other context-free UTM rules report in a wrapped link."""
    from mops.lint.rules import all_rules
    from mops.lint.document import parse_url_cached

    parsed = parse_url_cached(target)
    tagged = ctx.analysis(parsed).tagged
    problems = []
    for code, rule_class in all_rules().items():
        if not code.startswith("UTM") or not issubclass(rule_class, UrlRule) or not rule_class.context_free:
            continue
        if not tagged and not rule_class.all_urls:
            continue
        for violation in rule_class().check_url(parsed, found, doc, ctx):
            problems.append(f"{code} {violation.message}")
    return problems


def _regions(url) -> list[tuple[int, int, list]]:  # noqa: ANN001
    """(index of the '?' or '#' a run of parameters follows, where the run ends, its parameters in order)."""
    text = url.text
    regions = []
    query = [p for p in url.params if not p.in_fragment]
    if query and url.query_start is not None:
        regions.append((url.query_start, url.fragment_start if url.fragment_start is not None else len(text), query))
    fragment = [p for p in url.params if p.in_fragment]
    if fragment and url.fragment_start is not None:
        hash_at = url.fragment_start
        route_query = text.find("?", hash_at + 1)
        start = route_query if route_query >= 0 and text.find("=", hash_at + 1, route_query) < 0 else hash_at
        regions.append((start, len(text), fragment))
    return regions


def _removal_edits(url, removed: set[int]) -> dict[int, UrlEdit]:  # noqa: ANN001
    """One edit per removed parameter (keyed by its start), none overlapping another, that together
    remove those parameters with exactly the separators they bring, and nothing else."""
    edits: dict[int, UrlEdit] = {}
    for opener, end, params in _regions(url):
        kept = [p for p in params if p.start not in removed]
        gone = [p for p in params if p.start in removed]
        if not gone:
            continue
        if not kept:  # the whole run goes, with the '?' or '#' before it
            for index, p in enumerate(params):
                start = opener if index == 0 else p.start - 1
                stop = end if index == len(params) - 1 else p.end
                replacement = ""
                if stop == end < len(url.text):
                    # the '#' after the query is rewritten as itself: the edit then overlaps any fix
                    # that assumed the '?' is still there (UTM005 moving `#utm_source=` into the
                    # query), which --fix defers to its next pass, judged on the link without the query
                    stop, replacement = end + 1, url.text[end]
                edits[p.start] = UrlEdit(start, stop, replacement)
            continue
        first_kept = kept[0].start
        for index, p in enumerate(params):
            if p.start not in removed:
                continue
            if p.start < first_kept:  # before every kept parameter: take the '&' after it
                edits[p.start] = UrlEdit(p.start, params[index + 1].start, "")
            else:  # after a kept parameter: take the '&' before it
                edits[p.start] = UrlEdit(p.start - 1, p.end, "")
    return edits
