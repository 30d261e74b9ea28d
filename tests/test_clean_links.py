"""The clean-link fast path may only skip links that every rule it stands in for would pass.

Thousands of generated links, messy in all the ways the UTM rules know, go through both the fast
check and the rules; any link the fast check calls clean must get no finding from any covered rule.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from mops.lint.clean_links import CLEAN_TAGGED, CLEAN_UNTAGGED, DIRTY
from mops.lint.context import LintContext
from mops.lint.document import Document
from mops.lint.links import find_urls
from mops.lint.rules import all_rules
from mops.lint.rule import UrlRule
from mops.utm.url import parse_url
from mops.workspace import load_workspace

SOURCES = ["google", "Google", "fb", "facebook", "newsletter", "bing", "linkedin", "", "test", "facebok", "google%20", "x"]
MEDIUMS = ["cpc", "CPC", "paid-social", "Paid+Social", "email", "e-blast", "social", "display", ""]
CAMPAIGNS = ["2026-q2_spring-sale", "2026-Q2_spring-sale", "spring-sale", "2026-q2_spring%2520sale", "tbd", "2026-q2_" + "a" * 120, "{campaignid}", "2026-q2_a"]
KEYS = ["utm_source", "UTM_Source", "utm-source", "utm_souce"]
EXTRAS = ["", "&utm_content=hero", "&utm_content=hero!", "&gclid=AbC", "&utm_source=google", "&utm_term=hiking+boots", "&utm_id=x1", "&ref=a?b",
          "&GCLID=AbC", "&_gl=1*x*_ga*MTIz", "&msclkid={msclkid}", "&fbclid=", "&gclid_note=1"]
# personal data in the query, in a nested link, in merge tags; and look-alikes that are not (ids,
# timestamps, click ids, lowercase slugs, ad-platform placeholders)
PERSONAL = ["&email=laura.becker@gmail.com", "&email=laura.becker%40gmail.com", "&phone=%2B14155550132", "&phone=4155550132", "&tel=030-1234567",
            "&utm_content=Laura%20Becker", "&utm_content=Laura_Becker", "&utm_content=laura-becker", "&utm_term=Jordan+Smith", "&first_name=Laura",
            "&name=Jordan", "&name=tent", "&ref=4111111111111111", "&iban=DE89370400440532013000", "&email=*|EMAIL|*", "&e=%%emailaddr%%", "&u=[email]",
            "&u={{contact.email}}", "&a={{ad.name}}", "&redirect=https%3A%2F%2Fo.example%2F%3Femail%3Djo%2540x.org", "&ts=1733456789", "&sku=AB-1234567",
            "&gclid=Cj0KCQiA4L67BhDUARIsADWrl7Ei", "&utm_content=hero-1234567", "&ref=Laura+Becker", "&ref=Laura-Becker", "&Email=jo@x.org"]
PERSONAL_SHAPES = ["https://shop.example/u/laura.becker@gmail.com?{q}", "https://shop.example/o/4155550132?{q}", "https://shop.example/Laura-Becker?{q}",
                   "https://shop.example/p?{q}#laura@x.org", "https://shop.example/p/4111111111111111?{q}", "https://shop.example/u/jo%40x.org?{q}"]
SHAPES = ["https://shop.example/p?{q}", "https://shop.example/p?{q}#top", "https://shop.example/#/r?{q}", "https://shop.example/p#{q}", "https://shop.example/p?ref=1&{q}",
          # redirect wrappers (UTM024), beside a host of the same length that is none
          "https://www.google.com/url?q=https://shop.example/&{q}", "https://www.goggle.com/url?q=https://shop.example/&{q}", "https://lnkd.in/x?{q}",
          "https://l.facebook.com/l.php?u=https://shop.example/p?{q}"]


def generated_links(count: int) -> list[str]:
    rng = random.Random(20261125)
    links = ["https://shop.example/about", "https://shop.example/a?b=1?c=2", "https://shop.example/u/laura.becker@gmail.com", "https://shop.example/p#jo@x.org"]
    clean_pairs = [("google", "cpc"), ("newsletter", "email"), ("facebook", "paid-social"), ("linkedin", "paid-social"), ("bing", "cpc")]
    for _ in range(count):
        if rng.random() < 0.4:  # well-formed links, so that the fast path has plenty to say yes to
            source, medium = rng.choice(clean_pairs)
            query = f"utm_source={source}&utm_medium={medium}&utm_campaign={rng.choice(CAMPAIGNS[:1] + CAMPAIGNS[-1:])}"
            if rng.random() < 0.25:  # clean but for personal data
                links.append(rng.choice(SHAPES[:2] + SHAPES[4:] + PERSONAL_SHAPES[:3] + PERSONAL_SHAPES[4:]).format(q=query) + rng.choice(PERSONAL))
            else:
                links.append(rng.choice(SHAPES[:2] + SHAPES[4:]).format(q=query) + rng.choice(EXTRAS[:2] + EXTRAS[3:4]))
            continue
        key = rng.choice(KEYS) if rng.random() < 0.2 else "utm_source"
        parts = [f"{key}={rng.choice(SOURCES)}", f"utm_medium={rng.choice(MEDIUMS)}"]
        if rng.random() < 0.9:
            parts.append(f"utm_campaign={rng.choice(CAMPAIGNS)}")
        rng.shuffle(parts)
        links.append(rng.choice(SHAPES + PERSONAL_SHAPES).format(q="&".join(parts)) + rng.choice(EXTRAS + PERSONAL))
    links.append("https://shop.example/p?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_a&" + "x=1&" * 300)
    return links


@pytest.fixture(params=["bundled", "with_plans"])
def ctx(request: pytest.FixtureRequest, tmp_path: Path) -> LintContext:
    if request.param == "with_plans":
        (tmp_path / "mops.yaml").write_text("name: t\n")
        (tmp_path / "plans").mkdir()
        (tmp_path / "plans" / "2026-q2_spring-sale.yaml").write_text("campaign: 2026-q2_spring-sale\nstart: 2026-04-01\nend: 2026-04-30\ntotal_budget: 1\n")
    return LintContext(load_workspace(start=tmp_path))


def test_a_link_called_clean_gets_no_finding_from_any_covered_rule(ctx: LintContext) -> None:
    covered = [cls() for cls in all_rules().values() if issubclass(cls, UrlRule) and cls.fast_path_covered]
    assert len(covered) == 23  # UTM001-016, 018-020, 022-024 and PII007
    links = generated_links(4000)
    doc = Document(path="links.txt", text="\n".join(links), kind="text")
    verdicts = {CLEAN_TAGGED: 0, CLEAN_UNTAGGED: 0, DIRTY: 0}
    for found in find_urls(doc.text, "text"):
        verdict = ctx.clean_links.verdict(found.url)
        verdicts[verdict] += 1
        if verdict == DIRTY:
            continue
        parsed = parse_url(found.url)
        tagged = ctx.analysis(parsed).tagged
        assert tagged == (verdict == CLEAN_TAGGED), found.url
        for rule in covered:
            if not tagged and not rule.all_urls:
                continue
            reported = [v.message for v in rule.check_url(parsed, found, doc, ctx)]
            assert reported == [], (found.url, rule.code, reported)
    # the generator makes enough of each for the test to mean something
    assert verdicts[CLEAN_TAGGED] > 100 and verdicts[DIRTY] > 1000 and verdicts[CLEAN_UNTAGGED] >= 1
    # and the generated personal data is there to be found: PII007 reports hundreds of links
    pii = all_rules()["PII007"]()
    reported = sum(1 for found in find_urls(doc.text, "text") if list(pii.check_url(parse_url(found.url), found, doc, ctx)))
    assert reported > 300


def test_every_covered_rule_is_one_the_fast_path_was_written_for() -> None:
    # a new URL rule must not be marked covered without teaching clean_links.py about it
    covered = sorted(code for code, cls in all_rules().items() if getattr(cls, "fast_path_covered", False))
    expected = ["PII007", *(f"UTM{n:03d}" for n in itertools.chain(range(1, 17), (18, 19, 20, 22, 23, 24)))]
    assert covered == expected


def test_findings_are_the_same_with_and_without_the_fast_path(mops, tmp_path: Path) -> None:
    links = generated_links(600)
    (tmp_path / "links.txt").write_text("\n".join(links) + "\n")
    with_fast = mops("lint", "--format", "json", str(tmp_path / "links.txt"), cwd=tmp_path).stdout
    # selecting one rule the fast path does not cover turns it off for the whole run
    (tmp_path / "mops.yaml").write_text("name: t\n")
    from mops.lint.rules import utm_url

    original = utm_url.UrlTooLong.fast_path_covered
    utm_url.UrlTooLong.fast_path_covered = False
    try:
        without_fast = mops("lint", "--format", "json", str(tmp_path / "links.txt"), cwd=tmp_path).stdout
    finally:
        utm_url.UrlTooLong.fast_path_covered = original
    import json

    assert json.loads(with_fast)["findings"] == json.loads(without_fast)["findings"]
    assert len(json.loads(with_fast)["findings"]) > 500


def shape_twins(count: int) -> list[str]:
    """Links that differ where a shape stands in for lengths: paths, content, terms, ids and
    campaign names of one length, with and without plans, some deciding GA4's channel, in the
    query or after '#'."""
    rng = random.Random(7)
    # same-length twins with and without personal data: a card number and a number that fails Luhn,
    # a name and a lowercase slug
    paths = ["p/1", "p/2", "q/9", "p%2", "p#1", "a?b"]
    personal_paths = ["/p/4111111111111111", "/p/4111111111111112"]
    twin_rng = random.Random(11)  # its own draws: the links without personal data stay as they were
    campaigns = ["2026-q2_spring-sale", "2026-q2_sprung-sale", "2026-q2_shop-sale-1", "26-q2_cross-network", "2026-Q2_spring-sale", "2026-q2_spring sale"]
    assert len({len(c) for c in campaigns}) == 1  # one length: only their values tell them apart
    blind = ["utm_content=ad-1", "utm_content=ad-2", "utm_content=AD-2", "utm-content=ad-1", "utm_contnet=ad-2", "utm_term=boots", "utm_term=shoes", "utm_term=bo+ts", "utm_id=a1", "utm_id=b2", "ref=x1", "ref=y2", "gclid=a1", "GCLID=b2", "epik=x1", "fbclid=", "rdt_cid=y"]
    personal = ["utm_content=Laura-Becker", "utm_content=laura-becker", "utm_content=4111111111111111", "utm_content=4111111111111112",
             "utm_term=Jordan_Smith", "utm_term=jordan_smith", "ref=4111111111111111", "ref=4111111111111112"]
    links = []
    for _ in range(count):
        parts = [
            # same-length values that decide differently: google/tiktok, cpc/cpm
            f"{rng.choice(KEYS) if rng.random() < 0.1 else 'utm_source'}={rng.choice(['google', 'tiktok', *SOURCES[1:5]])}",
            f"utm_medium={rng.choice(['cpc', 'cpm', 'e-blast', *MEDIUMS[1:4]])}",
        ]
        if rng.random() < 0.9:
            key = rng.choice(["utm_campaing", "UTM_Campaign"]) if rng.random() < 0.2 else "utm_campaign"
            parts.append(f"{key}={rng.choice(campaigns)}")
        parts.extend(rng.sample(blind, rng.randrange(3)))
        if twin_rng.random() < 0.1:
            parts.append(twin_rng.choice(personal))
        rng.shuffle(parts)
        # the parameters in the query, after '#' (UTM005), or both, with or without an anchor
        layout = rng.choice(["{p}?{q}", "{p}?{q}", "{p}#{q}", "{p}?#{q}", "{p}?ref=1#{q}", "{p}?{q}#top", "{p}?{q}#tip", "{p}#{q}&utm_term=x", "{p}#{q}&ref=x", "{p}?gclid=1&{q}", "{p}?{q}#_gl=1*x"])
        links.append("https://shop.example/" + layout.format(p=rng.choice(paths), q="&".join(parts)).replace("/p/1", twin_rng.choice(personal_paths) if twin_rng.random() < 0.1 else "/p/1"))
    return links


def test_links_of_one_shape_get_the_same_findings(ctx: LintContext) -> None:
    # the runner judges one link per shape and gives its findings to every link of that shape
    rules = [cls() for cls in all_rules().values() if issubclass(cls, UrlRule) and cls.context_free]
    # 32,000: links with the raw-spaced campaign are read whole now, and judged one by one
    links = shape_twins(32000) + generated_links(2000)
    # twins of one length, one holding personal data and one not, on links otherwise clean
    base = "https://shop.example{p}?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale&{q}"
    for a, b in [("utm_content=4111111111111111", "utm_content=4111111111111112"), ("utm_term=Jordan_Smith", "utm_term=jordan_smith"),
                 ("utm_content=laura-becker", "utm_content=Laura-Becker"), ("utm_id=4111111111111111", "utm_id=4111111111111112")]:
        links += [base.format(p="/p/1", q=a), base.format(p="/p/1", q=b)]
    for a, b in [("/p/4111111111111111", "/p/4111111111111112"), ("/u/4155550132", "/u/abcdefghij")]:
        links += [base.format(p=a, q="utm_content=x"), base.format(p=b, q="utm_content=x")]
    doc = Document(path="links.txt", text="\n".join(links), kind="text")
    by_shape: dict[tuple, tuple[str, list]] = {}
    shared = {"query": 0, "fragment": 0}
    for found in find_urls(doc.text, "text"):
        shape = ctx.clean_links.shape(found.url)
        if shape is None:
            continue
        parsed = parse_url(found.url)
        tagged = ctx.analysis(parsed).tagged
        findings = [
            (rule.code, v.start, v.end, v.message, v.fix_description, v.url_edits, v.safe, v.severity)
            for rule in rules
            if tagged or rule.all_urls
            for v in rule.check_url(parsed, found, doc, ctx)
        ]
        first = by_shape.setdefault(shape, (found.url, findings))
        if first[0] != found.url:
            shared["fragment" if "=" in found.url.partition("#")[2] else "query"] += 1
            assert findings == first[1], (found.url, first[0])
    # many links really do share a shape, with their parameters in the query or after '#'
    assert shared["query"] > 200 and shared["fragment"] > 100, shared
