"""UTM023's fix on links nobody wrote by hand: tracking parameters in any case, at any position,
beside encoded values and fragments, go; every other byte of the link stays."""

from __future__ import annotations

import random
from pathlib import Path

from mops.lint.runner import LintOptions, run_lint
from mops.workspace import load_workspace

# written out here, not imported: the names Google, Meta, Microsoft... document
TRACKING = ["gclid", "GCLID", "Gclid", "fbclid", "FbClId", "msclkid", "ttclid", "dclid", "wbraid", "gbraid", "_gl", "mc_eid",
            "twclid", "li_fat_id", "yclid", "igshid", "_hsenc", "_hsmi", "mc_cid", "srsltid", "epik", "ScCid", "sccid", "rdt_cid",
            "_ga", "_GA", "ef_id", "s_kwcid", "irclickid", "IRCLICKID", "cjevent", "awc", "sscid", "tblci", "dicbo", "qclid", "__hstc",
            "adobe_mc", "pk_vid", "igsh", "vgo_ee", "_ke", "ml_subscriber_hash"]
OTHERS = ["utm_source=google", "utm_medium=cpc", "utm_campaign=2026-q2_spring-sale", "utm_content=hero%20banner", "utm_term=rain+jacket",
          "ref=nav", "q=a%2Fb", "size=M", "color=%C3%A9t%C3%A9", "gclid_note=1", "my_fbclid=2", "page=2;x", "id="]
FRAGMENTS = ["", "", "#top", "#/route?tab=1", "#reviews"]


def _by_hand(url: str) -> str:
    """The link without its tracking parameters, cut with str.partition and split by hand."""
    base, hash_mark, fragment = url.partition("#")
    path, question, query = base.partition("?")
    names = {name.lower() for name in TRACKING}
    kept = [piece for piece in query.split("&") if piece.split("=", 1)[0].lower() not in names]
    return path + ("?" + "&".join(kept) if kept else "") + hash_mark + fragment


def _links(count: int) -> list[str]:
    rng = random.Random(12)
    links = []
    for _ in range(count):
        pieces = rng.sample(OTHERS, rng.randrange(0, 5))
        for _ in range(rng.randrange(1, 4)):
            pieces.insert(rng.randrange(len(pieces) + 1), f"{rng.choice(TRACKING)}={rng.choice(['Cj0KCQ_AbC', 'IwAR2x-y', '1*abc*_ga*MTIz', 'p2ANqtz%2Dx'])}")
        links.append(f"https://shop.example/{rng.choice(['sale', 'p/1', ''])}?" + "&".join(pieces) + rng.choice(FRAGMENTS))
    return links


def test_fix_removes_exactly_the_tracking_parameters(tmp_path: Path) -> None:
    links = _links(3000)
    text = "".join(f"{link}\n" for link in links)
    ws = load_workspace(start=tmp_path)
    run = run_lint(ws, [], LintOptions(select=["UTM023"], stdin_text=text, stdin_filename="links.txt", fix=True))
    assert run.fixed_stdin.splitlines() == [_by_hand(link) for link in links]
    again = run_lint(ws, [], LintOptions(select=["UTM023"], stdin_text=run.fixed_stdin, stdin_filename="links.txt")).report
    assert again.findings == []


def test_each_tracking_parameter_is_one_finding_at_its_key(tmp_path: Path) -> None:
    links = _links(500)
    text = "".join(f"{link}\n" for link in links)
    report = run_lint(load_workspace(start=tmp_path), [], LintOptions(select=["UTM023"], stdin_text=text, stdin_filename="links.txt")).report
    expected = []
    names = {name.lower() for name in TRACKING}
    for number, link in enumerate(links, start=1):
        query = link.partition("#")[0].partition("?")[2]
        position = link.index("?") + 1
        for piece in query.split("&"):
            if piece.split("=", 1)[0].lower() in names:
                expected.append((number, position + 1))
            position += len(piece) + 1
    assert [(f.line, f.column) for f in report.findings] == expected
    assert all("every later visitor" in f.message and f.fix.safe for f in report.findings)


def test_with_every_utm_rule_the_fixes_still_leave_a_well_formed_link(tmp_path: Path) -> None:
    # UTM005 moves `#utm_source=` into a query UTM023 empties: the fixes must not meet at the '#'
    tags = "utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale"
    links = [
        f"https://shop.example/p?gclid=x#{tags}",
        f"https://shop.example/p?gclid=x&FBCLID=y#{tags}",
        f"https://shop.example/p?a=1&gclid=x#{tags}",
        f"https://shop.example/p?gclid=x&a=1#{tags}",
        f"https://shop.example/p?UTM_Source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale&_gl=1*x#top",
    ]
    text = "".join(f"{link}\n" for link in links)
    fixed = run_lint(load_workspace(start=tmp_path), [], LintOptions(select=["UTM"], stdin_text=text, stdin_filename="links.txt", fix=True)).fixed_stdin
    assert fixed.splitlines() == [
        f"https://shop.example/p?{tags}",
        f"https://shop.example/p?{tags}",
        f"https://shop.example/p?a=1&{tags}",
        f"https://shop.example/p?a=1&{tags}",
        f"https://shop.example/p?{tags}#top",
    ]


def test_links_wrapped_by_a_mail_client_or_a_social_site_are_unwrapped_when_clean(tmp_path: Path) -> None:
    """Links of the generator above (some clean, most not), each wrapped the way Outlook, Gmail,
    Facebook, LinkedIn or Slack write them: each is one UTM024 finding naming the link it wraps; --fix
    puts back exactly the links that lint clean on their own, and leaves the others wrapped."""
    from urllib.parse import quote

    rng = random.Random(24)
    clean = ["https://shop.example/sale?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale",
             "https://shop.example/p/1?ref=nav&utm_source=newsletter&utm_medium=email&utm_campaign=2026-q2_spring-sale#top",
             "https://shop.example/"]
    targets = [rng.choice(clean) if rng.random() < 0.5 else link for link in _links(300)]
    wrappers = [
        lambda t: f"https://nam12.safelinks.protection.outlook.com/?url={quote(t, safe='')}&data=05%7C02%7Cjo%40example.com%7C9&reserved=0",
        lambda t: f"https://www.google.com/url?q={quote(t, safe=':/?')}&source=gmail&ust=1&usg=AOvVaw",
        lambda t: f"https://l.facebook.com/l.php?u={quote(t, safe='')}&h=AT0",
        lambda t: f"https://www.linkedin.com/redir/redirect?url={quote(t, safe='')}&urlhash=x",
        lambda t: f"https://slack-redir.net/link?url={quote(t, safe='')}",
    ]
    wrapped = [rng.choice(wrappers)(t) for t in targets]
    text = "".join(f"{link}\n" for link in wrapped)
    ws = load_workspace(start=tmp_path)
    alone = run_lint(ws, [], LintOptions(select=["UTM"], stdin_text="".join(f"{t}\n" for t in targets), stdin_filename="links.txt")).report
    dirty = {f.line for f in alone.findings}
    report = run_lint(ws, [], LintOptions(select=["UTM024"], stdin_text=text, stdin_filename="links.txt")).report
    assert [f.line for f in report.findings] == list(range(1, len(wrapped) + 1))
    assert all(f.fix.description.endswith(targets[f.line - 1]) for f in report.findings)
    assert [f.fix.safe for f in report.findings] == [n not in dirty for n in range(1, len(wrapped) + 1)]
    assert 0 < len(dirty) < len(wrapped)
    fixed = run_lint(ws, [], LintOptions(select=["UTM024"], stdin_text=text, stdin_filename="links.txt", fix=True)).fixed_stdin.splitlines()
    assert fixed == [w if n in dirty else t for n, (w, t) in enumerate(zip(wrapped, targets), start=1)]
