"""The clean-link fast path may only skip links that the selected rules would pass.

Each URL rule answers the fast path's questions about a link from its own logic (mops/lint/rule.py,
`UrlRule.clean_piece` and the others). Thousands of generated links, messy in all the ways the rules
know, go through both: a link the check calls clean must get no finding from the rules it was asked
for, each rule alone and all together, and links of one shape must get the same findings.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mops.lint.clean_links import CLEAN_TAGGED, CLEAN_UNTAGGED, DIRTY
from mops.lint.context import LintContext
from mops.lint.document import Document
from mops.lint.links import find_urls
from mops.lint.rules import all_rules
from mops.lint.rule import UrlRule
from mops.models.taxonomy import GA4_PARAMETERS
from mops.utm.url import parse_url
from mops.workspace import load_workspace

SOURCES = ["google", "Google", "fb", "facebook", "newsletter", "bing", "linkedin", "", "test", "facebok", "google%20", "x"]
MEDIUMS = ["cpc", "CPC", "paid-social", "Paid+Social", "email", "e-blast", "social", "display", ""]
CAMPAIGNS = ["2026-q2_spring-sale", "2026-Q2_spring-sale", "spring-sale", "2026-q2_spring%2520sale", "tbd", "2026-q2_" + "a" * 120, "{campaignid}", "2026-q2_a"]
KEYS = ["utm_source", "UTM_Source", "utm-source", "utm_souce"]
EXTRAS = ["", "&utm_content=hero", "&utm_content=hero!", "&gclid=AbC", "&utm_source=google", "&utm_term=hiking+boots", "&utm_id=x1", "&ref=a?b",
          "&GCLID=AbC", "&_gl=1*x*_ga*MTIz", "&msclkid={msclkid}", "&fbclid=", "&gclid_note=1", "&utm_content=-hero"]
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
          "https://l.facebook.com/l.php?u=https://shop.example/p?{q}",
          # a user name and password before the host: the host is after the last '@'
          "https://u@h:1@lnkd.in/x?{q}", "https://u@lnkd.in:1@h.example/x?{q}"]


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


# plain values, right and wrong, for GA4's parameters: nothing in them the check leaves to the
# rules unasked, so links of them are judged by the rules' own fast-path answers alone
PLAIN_VALUES = {
    "utm_source": ["google", "Google", "fb", "newsletter", "bing", "tiktok", "test", "facebok", "x", "twitter", "dv360"],
    "utm_medium": ["cpc", "CPC", "cpm", "paid-social", "email", "e-blast", "social", "display", "organic", "affiliate"],
    "utm_campaign": ["2026-q2_spring-sale", "2026-Q2_spring-sale", "spring-sale", "tbd", "26-q2_cross-network", "2026-q2_shop-sale-1", "2026-q2_a"],
    "utm_content": ["hero", "-hero", "Hero", "ad-1"],
    "utm_term": ["boots", "Boots", "hiking-boots"],
}


def plain_tag_links(count: int) -> list[str]:
    """Links whose tags are plain values of every GA4 parameter, in every combination."""
    rng = random.Random(5)
    others = [name for name in GA4_PARAMETERS if name not in ("utm_source", "utm_medium", "utm_campaign")]
    links = []
    for _ in range(count):
        names = ["utm_source", "utm_medium", "utm_campaign"][: rng.choice([1, 2, 3, 3, 3])] + rng.sample(others, rng.randrange(3))
        rng.shuffle(names)
        query = "&".join(f"{name}={rng.choice(PLAIN_VALUES.get(name, ['x1', 'Value', 'a-b']))}" for name in names)
        links.append(f"https://shop.example/p/{rng.randrange(50)}?{query}")
    return links


class AsksNothing(UrlRule):
    """A rule whose fast path calls every link clean: the links it lets through are those the
    check itself does not send to the rules unasked."""

    code = "TEST000"
    name = "test.asks-nothing"
    fast_path = True


# rules whose every finding needs what the check sends to the rules unasked: a parameter given
# twice (UTM004), parameters after '#' (UTM005), a space, '+' or '%20' (UTM009), '%25' (UTM010)
ONLY_UNASKED = {"UTM004", "UTM005", "UTM009", "UTM010"}


@pytest.fixture(params=["bundled", "with_plans"])
def ctx(request: pytest.FixtureRequest, tmp_path: Path) -> LintContext:
    if request.param == "with_plans":
        (tmp_path / "mops.yaml").write_text("name: t\n")
        (tmp_path / "plans").mkdir()
        (tmp_path / "plans" / "2026-q2_spring-sale.yaml").write_text("campaign: 2026-q2_spring-sale\nstart: 2026-04-01\nend: 2026-04-30\ntotal_budget: 1\n")
    return LintContext(load_workspace(start=tmp_path))


def fast_rules() -> list[UrlRule]:
    """Every context-free URL rule: each has a fast path, so a default lint takes it."""
    return [cls() for cls in all_rules().values() if issubclass(cls, UrlRule) and cls.context_free]


def reported(rules: list[UrlRule], found, doc: Document, ctx: LintContext) -> list[tuple]:  # noqa: ANN001
    parsed = parse_url(found.url)
    tagged = ctx.analysis(parsed).tagged
    return [
        (rule.code, v.start, v.end, v.message, v.fix_description, v.url_edits, v.safe, v.severity)
        for rule in rules
        if tagged or rule.all_urls
        for v in rule.check_url(parsed, found, doc, ctx)
    ]


def called_clean_but_reported(rules: list[UrlRule], doc: Document, ctx: LintContext) -> tuple[dict[int, int], list[tuple]]:
    """(how many links got each verdict, the links called clean that the rules report, with what)."""
    check = ctx.clean_link_check(rules)
    assert check is not None
    verdicts = {CLEAN_TAGGED: 0, CLEAN_UNTAGGED: 0, DIRTY: 0}
    wrong = []
    for found in find_urls(doc.text, "text"):
        verdict = check.verdict(found.url)
        verdicts[verdict] += 1
        if verdict == DIRTY:
            continue
        assert ctx.analysis(parse_url(found.url)).tagged == (verdict == CLEAN_TAGGED), found.url
        findings = reported(rules, found, doc, ctx)
        if findings:
            wrong.append((found.url, findings))
    return verdicts, wrong


def test_a_link_called_clean_gets_no_finding_from_the_rules_together_or_alone(ctx: LintContext) -> None:
    rules = fast_rules()
    doc = Document(path="links.txt", text="\n".join(generated_links(4000) + plain_tag_links(2000)), kind="text")
    verdicts, wrong = called_clean_but_reported(rules, doc, ctx)
    assert wrong == []
    # the generator makes enough of each for the test to mean something
    assert verdicts[CLEAN_TAGGED] > 100 and verdicts[DIRTY] > 1000 and verdicts[CLEAN_UNTAGGED] >= 1
    for rule in rules:  # a rule selected alone (`--select UTM014`) is asked alone
        verdicts, wrong = called_clean_but_reported([rule], doc, ctx)
        assert wrong == [], rule.code
        assert verdicts[CLEAN_TAGGED] > 100, rule.code


def test_every_rule_reports_some_generated_link(ctx: LintContext) -> None:
    # otherwise the test above would hold a rule's fast path to nothing
    doc = Document(path="links.txt", text="\n".join(generated_links(4000) + plain_tag_links(2000)), kind="text")
    links = find_urls(doc.text, "text")
    silent = {rule.code for rule in fast_rules() if not any(reported([rule], found, doc, ctx) for found in links)}
    assert silent == (set() if ctx.campaigns() is not None else {"UTM022"})  # UTM022 reads plans
    # and on links only the rule's own answers can send to it: a new rule's author adds the links
    # that exercise its answers to the generators (or, if all it reports is sent unasked, says so)
    check = ctx.clean_link_check([AsksNothing()])
    open_links = [found for found in links if check.verdict(found.url) != DIRTY]
    unexercised = {rule.code for rule in fast_rules() if not any(reported([rule], found, doc, ctx) for found in open_links)}
    assert unexercised == ONLY_UNASKED | (set() if ctx.campaigns() is not None else {"UTM022"})
    # and the generated personal data is there to be found: PII007 reports hundreds of links
    pii = [all_rules()["PII007"]()]
    assert sum(1 for found in links if reported(pii, found, doc, ctx)) > 300


def test_a_rule_without_a_fast_path_has_every_link_judged(mops, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    links = generated_links(600)
    (tmp_path / "mops.yaml").write_text("name: t\n")
    (tmp_path / "links.txt").write_text("\n".join(links) + "\n")
    with_fast = mops("lint", "--format", "json", str(tmp_path / "links.txt"), cwd=tmp_path).stdout
    # one selected rule without a fast path turns it off for the whole run: every link goes
    # through every rule, and the findings are the same
    from mops.lint.rules import utm_url

    monkeypatch.setattr(utm_url.UrlTooLong, "fast_path", False)
    assert LintContext(load_workspace(start=tmp_path)).clean_link_check(fast_rules()) is None
    without_fast = mops("lint", "--format", "json", str(tmp_path / "links.txt"), cwd=tmp_path).stdout
    import json

    assert json.loads(with_fast)["findings"] == json.loads(without_fast)["findings"]
    assert len(json.loads(with_fast)["findings"]) > 500


# one length: only their values tell them apart (a shopping and a cross-network campaign decide
# GA4's channel whatever the source and medium)
TWIN_CAMPAIGNS = ["2026-q2_spring-sale", "2026-q2_sprung-sale", "2026-q2_shop-sale-1", "26-q2_cross-network", "2026-Q2_spring-sale", "2026-q2_spring sale"]
assert len({len(c) for c in TWIN_CAMPAIGNS}) == 1


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
    campaigns = TWIN_CAMPAIGNS
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


def one_shape_mismatches(rules: list[UrlRule], links: list[str], ctx: LintContext) -> tuple[list[tuple], dict[str, int]]:
    """(links whose findings differ from the first link of their shape, how many links shared a
    shape with their parameters in the query or after '#')."""
    check = ctx.clean_link_check(rules)
    assert check is not None
    doc = Document(path="links.txt", text="\n".join(links), kind="text")
    by_shape: dict[tuple, tuple[str, list]] = {}
    shared = {"query": 0, "fragment": 0}
    mismatches = []
    for found in find_urls(doc.text, "text"):
        shape = check.shape(found.url)
        if shape is None:
            continue
        findings = reported(rules, found, doc, ctx)
        first = by_shape.setdefault(shape, (found.url, findings))
        if first[0] != found.url:
            shared["fragment" if "=" in found.url.partition("#")[2] else "query"] += 1
            if findings != first[1]:
                mismatches.append((rules[0].code if len(rules) == 1 else "all", found.url, first[0]))
    return mismatches, shared


def twin_grid() -> list[str]:
    """Links of mixed shapes (32,000 twins, then 2,000 generated links), pairs of one length, one
    holding personal data and one not, on links otherwise clean, and the twin campaigns side by side."""
    links = shape_twins(32000) + generated_links(2000)
    base = "https://shop.example{p}?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale&{q}"
    for a, b in [("utm_content=4111111111111111", "utm_content=4111111111111112"), ("utm_term=Jordan_Smith", "utm_term=jordan_smith"),
                 ("utm_content=laura-becker", "utm_content=Laura-Becker"), ("utm_id=4111111111111111", "utm_id=4111111111111112")]:
        links += [base.format(p="/p/1", q=a), base.format(p="/p/1", q=b)]
    for a, b in [("/p/4111111111111111", "/p/4111111111111112"), ("/u/4155550132", "/u/abcdefghij")]:
        links += [base.format(p=a, q="utm_content=x"), base.format(p=b, q="utm_content=x")]
    # a key misspelt or not, for rules that do not read keys (offsets differ by the key's length)
    tagged = "https://shop.example/p/1?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale&utm_content=ad"
    variants = [tagged, tagged.replace("google", "Google"), tagged.replace("&utm_campaign=2026-q2_spring-sale", ""), tagged + "&gclid=1",
                tagged + "&utm_id=", tagged.replace("cpc", "CPC")]  # findings before, around and after the key
    for right, wrong in [("utm_source", "utm_souce"), ("utm_source", "UTM_Source"), ("utm_campaign", "utm_campaing"), ("utm_content", "utm_conent"),
                         ("utm_medium", "utm-medium")]:
        for link in variants:
            links += [link, link.replace(right, wrong)]
    # every twin campaign with pairs that GA4 puts in different channels, one Unassigned, in one layout
    for source, medium in [("newsletter", "e-blast"), ("google", "cpc"), ("tiktok", "cpm"), ("Google", "cpc"), ("fb", "paid-social")]:
        links += [f"https://shop.example/p/1?utm_source={source}&utm_medium={medium}&utm_campaign={c}&utm_content=ad-1" for c in TWIN_CAMPAIGNS]
    return links


def test_links_of_one_shape_get_the_same_findings(ctx: LintContext) -> None:
    # the runner judges one link per shape and gives its findings to every link of that shape
    links = twin_grid()
    mismatches, shared = one_shape_mismatches(fast_rules(), links, ctx)
    assert mismatches == []
    # many links really do share a shape, with their parameters in the query or after '#'
    assert shared["query"] > 200 and shared["fragment"] > 100, shared


def test_links_of_one_shape_get_the_same_findings_from_each_rule_alone(ctx: LintContext) -> None:
    # alone, a rule's shapes replace every value it says it does not read (`value_matters`)
    links = twin_grid()
    few = links[:4000] + links[32000:]  # twins, then every generated link and the pairs
    for rule in fast_rules():
        mismatches, shared = one_shape_mismatches([rule], few, ctx)
        assert mismatches == [], mismatches[:3]
        assert shared["query"] > 50, (rule.code, shared)


def _with_other_digits(path: str, rng: random.Random) -> str:
    """`path` with every digit after its host drawn anew (the scheme and host as they are)."""
    host_end = path.find("/", path.find("://") + 3)
    return path[:host_end] + "".join(str(rng.randrange(10)) if c.isdigit() else c for c in path[host_end:])


def test_a_rule_that_says_digits_in_paths_do_not_matter_answers_alike_whatever_they_are(ctx: LintContext) -> None:
    # the check remembers such a rule's answer on `/p/1` for `/p/7` (UrlRule.path_digits_matter)
    blind = [cls() for cls in all_rules().values() if issubclass(cls, UrlRule) and not cls.path_digits_matter]
    assert {rule.code for rule in blind} >= {"PII007", "UTM024"}
    rng = random.Random(3)
    paths = [shape.partition("?")[0].partition("#")[0] for shape in SHAPES + PERSONAL_SHAPES] + [
        "https://shop.example/o/4155550132", "https://shop.example/o/415-555-0132", "https://shop.example/p/1/2/3/4/5/6/7", "https://shop.example/p/1",
        "https://shop.example/p/4111111111111111", "https://lnkd.in/d/1a2b", "https://www.google.co.uk/url", "https://1drv.ms/u/s!123",
        "https://shop.example/u/jo1%40x.org", "https://h.example:8080/p/12",
    ]
    answers = 0
    for rule in blind:
        for path in paths:
            first = rule.clean_path(path, ctx)
            for _ in range(25):
                assert rule.clean_path(_with_other_digits(path, rng), ctx) == first, (rule.code, path)
            answers += not first
    assert answers > 5  # the paths include ones the rules do not call clean


def test_links_that_differ_in_their_paths_digits_are_each_judged_for_personal_data(mops, tmp_path: Path) -> None:
    # 16-digit paths: the check answers for all of them by one (any may hold a card number), yet
    # each link is judged on its own digits: only real card numbers are reported, not the same
    # numbers with their last digit changed (Luhn's check fails) nor numbers no card network issues
    cards = ["4111111111111111", "5555555555554444", "4012888888881881", "6011111111111117"]
    off_by_one = [card[:-1] + str((int(card[-1]) + 1) % 10) for card in cards]
    rng = random.Random(16)
    numbers = [f"9{rng.randrange(10**14, 10**15)}" for _ in range(40)] + cards + off_by_one
    rng.shuffle(numbers)
    # short paths first: what the check learns of them must not answer for the long ones
    lines = [f"- https://shop.example/p/{i}?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale" for i in range(2000)]
    lines += [f"- https://shop.example/p/{n}?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale" for n in numbers]
    (tmp_path / "links.md").write_text("---\nchannel: none\n---\n" + "\n".join(lines) + "\n")
    import json

    report = json.loads(mops("lint", "--select", "PII007", "--format", "json", "links.md", cwd=tmp_path).stdout)
    assert sorted(f["line"] for f in report["findings"]) == sorted(2004 + numbers.index(card) for card in cards)
    assert all("payment card" in f["message"] and "4111" not in f["message"] for f in report["findings"])
