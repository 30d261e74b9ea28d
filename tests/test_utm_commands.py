"""`mops utm build|check|classify|audit` through the CLI, on the bundled taxonomy."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parent / "data" / "ga4"
SALE = "https://shop.example/sale"


def test_build_compliant_url(mops, tmp_path: Path) -> None:
    result = mops("utm", "build", SALE, "--source", "google", "--medium", "cpc", "--campaign", "2026-q2_spring-sale", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout == f"{SALE}?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale\n"


def test_build_normalises_safe_differences_and_says_so(mops, tmp_path: Path) -> None:
    result = mops("utm", "build", SALE, "--source", "Facebook", "--medium", "Paid Social", "--campaign", "2026-Q2_spring-sale", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout == f"{SALE}?utm_source=facebook&utm_medium=paid-social&utm_campaign=2026-q2_spring-sale\n"
    assert "normalised utm_source: 'Facebook' -> 'facebook' (case)" in result.stderr


def test_build_refuses_with_did_you_mean(mops, tmp_path: Path) -> None:
    result = mops("utm", "build", SALE, "--source", "facebok", "--medium", "cpc", "--campaign", "spring sale", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "did you mean 'facebook'?" in result.stderr
    assert "expected {yyyy}" in result.stderr


def test_build_refuses_missing_required_and_bad_pairs(mops, tmp_path: Path) -> None:
    result = mops("utm", "build", SALE, "--source", "newsletter", "--medium", "cpc", cwd=tmp_path)
    assert result.exit_code == 1
    assert "utm_campaign is required" in result.stderr
    assert "source 'newsletter' is not used with medium 'cpc'; use one of: email" in result.stderr


def test_build_keeps_other_parameters_and_fragment_and_replaces_old_tags(mops, tmp_path: Path) -> None:
    result = mops("utm", "build", f"{SALE}?ref=mail&utm_source=old#size", "--source", "newsletter", "--medium", "email", "--campaign", "2026-q2_spring-sale", cwd=tmp_path)
    assert result.stdout == f"{SALE}?ref=mail&utm_source=newsletter&utm_medium=email&utm_campaign=2026-q2_spring-sale#size\n"


def test_build_rejects_relative_urls(mops, tmp_path: Path) -> None:
    result = mops("utm", "build", "/sale", "--source", "google", "--medium", "cpc", "--campaign", "2026-q2_spring-sale", cwd=tmp_path)
    assert result.exit_code == 1
    assert "not an absolute http(s) URL" in result.stderr


def test_check_arguments_and_stdin(mops, tmp_path: Path) -> None:
    good = f"{SALE}?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale"
    bad = f"{SALE}?utm_source=Google&utm_medium=cpc"
    result = mops("utm", "check", good, bad, "--format", "json", cwd=tmp_path)
    assert result.exit_code == 1
    found = [(f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [(2, "UTM001"), (2, "UTM006")]
    result = mops("utm", "check", cwd=tmp_path, stdin=f"{good}\n{good}\n")
    assert result.exit_code == 0


def test_classify_from_url_and_options(mops, tmp_path: Path) -> None:
    result = mops("utm", "classify", f"{SALE}?utm_source=fb&utm_medium=paid-social&utm_campaign=x", cwd=tmp_path)
    assert result.stdout == "Paid Social\n"
    result = mops("utm", "classify", "--source", "newsletter", "--medium", "email", "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["channel"] == "Email"
    assert "email" in data["reason"]
    assert mops("utm", "classify", cwd=tmp_path).exit_code == 2


# links whose tags take some reading: an empty or blank first value, a key given twice in two cases,
# tags after '#', spaces GA4 keeps ('+' is a space)
AMBIGUOUS_LINKS = [
    f"{SALE}?utm_source=&utm_source=google&utm_medium=cpc",
    f"{SALE}?utm_source=%20&utm_source=facebook&utm_medium=paid-social",
    f"{SALE}?UTM_SOURCE=facebook&utm_source=google&utm_medium=cpc",
    f"{SALE}?utm_source=google&UTM_Source=bing&utm_medium=cpc",
    f"{SALE}#utm_source=google&utm_medium=cpc",
    f"{SALE}?utm_medium=cpc#utm_source=bing",
    f"{SALE}?utm_source=google+&utm_medium=cpc",
    f"{SALE}?utm_source=newsletter&utm_medium=email+",
]


def test_classify_and_lint_read_a_link_alike(mops, tmp_path: Path) -> None:
    # the channel `utm classify` prints for a link is the one the lint's UTM021 holds a declared
    # channel to: declaring it is clean, declaring another names it
    channels = []
    for link in AMBIGUOUS_LINKS:
        result = mops("utm", "classify", link, "--format", "json", cwd=tmp_path)
        assert result.exit_code == 0, result.stderr
        channels.append(json.loads(result.stdout)["channel"])
    assert channels[:3] == ["Paid Search", "Paid Social", "Paid Social"]  # the first non-blank value, key case forgiven
    assert channels[6:] == ["Paid Other", "Unassigned"]  # 'google ' and 'email ' as GA4 reads them

    def lint(declared: list[str]) -> dict[int, str]:
        rows = "".join(f'"{link}",{channel}\n' for link, channel in zip(AMBIGUOUS_LINKS, declared))
        (tmp_path / "links.csv").write_text(f"link,GA4 channel\n{rows}", encoding="utf-8")
        result = mops("lint", "links.csv", "--select", "UTM021", "--format", "json", cwd=tmp_path)
        return {f["line"]: f["message"] for f in json.loads(result.stdout)["findings"]}

    assert lint(channels) == {}
    other = ["Affiliates" if channel != "Affiliates" else "Display" for channel in channels]
    found = lint(other)
    assert sorted(found) == list(range(2, len(AMBIGUOUS_LINKS) + 2))
    for line, channel in enumerate(channels, start=2):
        assert f"but GA4 would report {channel} (" in found[line]


def test_audit_shows_the_damage(mops, tmp_path: Path) -> None:
    result = mops("utm", "audit", str(DATA / "traffic-acquisition.csv"), "--format", "json", cwd=tmp_path)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    # 1200 + 300 + 500 + 250 + 150 + 100 + 2000 + 500 + 0, totals worked out by hand
    assert data["sessions"] == 5000
    assert data["rows"] == 9
    # only newsletter / e-blast is Unassigned: 100 of 5000
    assert data["unassigned_sessions"] == 100
    assert data["unassigned_share"] == 0.02
    statements = [o["statement"] for o in data["observations"]]
    assert "source 'google' is split into 2 rows: 'google' (3,200), 'Google' (300)" in statements
    assert "source 'facebook' is split into 3 rows: 'facebook' (500), 'fb' (250), 'Facebook' (150)" in statements
    assert "medium 'paid-social' is split into 2 rows: 'paid-social' (750), 'Paid Social' (150)" in statements
    assert "2.0% of sessions (100 of 5,000) are Unassigned" in statements
    assert any("utm_medium='e-blast' is not in the taxonomy's allowed values" in s for s in statements)
    # organic and referral rows are not judged against our taxonomy
    assert not any("organic" in s and "allowed values" in s for s in statements)


def test_audit_errors(mops, tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("# only comments\n")
    result = mops("utm", "audit", str(tmp_path / "empty.csv"), cwd=tmp_path)
    assert result.exit_code == 2
    assert "no header row" in result.stderr
    (tmp_path / "other.csv").write_text("Day,Cost\n2026-04-01,12\n")
    result = mops("utm", "audit", str(tmp_path / "other.csv"), cwd=tmp_path)
    assert result.exit_code == 2
    assert "not a GA4 source/medium report" in result.stderr
    assert mops("utm", "audit", str(tmp_path / "missing.csv"), cwd=tmp_path).exit_code == 2


def test_build_removes_click_ids_and_says_so(mops, tmp_path: Path) -> None:
    result = mops("utm", "build", "https://s.example/sale?gclid=Cj0&fbclid=IwAR&ref=nav&_gl=1*x#/route?MSCLKID=9&tab=2",
                  "--source", "google", "--medium", "cpc", "--campaign", "2026-q4_sale", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout == "https://s.example/sale?ref=nav&utm_source=google&utm_medium=cpc&utm_campaign=2026-q4_sale#/route?tab=2\n"
    removed = [line.split(":")[0] for line in result.stderr.splitlines() if line.startswith("removed ")]
    assert removed == ["removed gclid", "removed fbclid", "removed _gl", "removed MSCLKID"]


def test_what_build_emits_passes_lint(tmp_path: Path) -> None:
    """Build from generated landing pages (click ids in any case, old and misspelt tags, fragments,
    encoded values) and typed values (case, aliases, spaces): every URL built lints clean."""
    import random
    from urllib.parse import quote

    from mops.lint.context import LintContext
    from mops.lint.runner import LintOptions, run_lint
    from mops.utm.build import build_url
    from mops.workspace import load_workspace

    rng = random.Random(7)
    pieces = ["ref=nav", "q=rain%20jacket+men", "size=M", "gclid=Cj0KCQ", "GCLID=x", "FbClId=IwAR", "_gl=1*abc*_ga*MTIz", "mc_eid=4f2a",
              "msclkid={msclkid}", "utm_source=old", "UTM_MEDIUM=Old", "utm_souce=x", "utm_campaign=spring%2520sale", "utm_content=a+b",
              "wbraid=1", "_hsenc=p2ANqtz", "ttclid=E.C.P", "id=", "page=2;x", "color=%C3%A9t%C3%A9", "q=rain jacket", "ref=mail?x=1",
              "filter=" + "size-m_" * 140]
    fragments = ["", "", "#top", "#/route?tab=1", "#/route?gclid=1&tab=2", "#_gl=1*x", "#utm_source=x&utm_medium=y", "#reviews"]
    typed = [("google", "cpc"), ("Google", "CPC"), ("google.com", "paid-search"), ("facebook", "paid-social"), ("FB", "Paid Social"),
             ("newsletter", "email"), ("bing", "cpc"), ("Instagram", "paid social"), ("linkedin", "paid-social")]
    campaigns = ["2026-q4_sale", "2026-Q4_spring-sale", "2026-q4_spring sale"]
    ws = load_workspace(start=tmp_path)
    ctx = LintContext(ws)
    built = []
    for _ in range(600):
        query = "&".join(rng.sample(pieces, rng.randrange(0, 6)))
        base = f"https://shop.example/{rng.choice(['sale', 'p/1', '', 'spring sale'])}" + (f"?{query}" if query else "") + rng.choice(fragments)
        if rng.random() < 0.05:  # a landing page copied out of a mail client or a social site
            base = rng.choice(["https://nam12.safelinks.protection.outlook.com/?url=", "https://l.facebook.com/l.php?u=",
                               "https://www.google.com/url?q="]) + quote(base, safe="") + rng.choice(["", "&data=05%7C02%7Ca%40b.example"])
        source, medium = rng.choice(typed)
        values = {"utm_source": source, "utm_medium": medium, "utm_campaign": rng.choice(campaigns),
                  "utm_content": rng.choice([None, "hero", "Hero Banner"])}
        url = build_url(base, values, ctx.utm, classify=ctx.classify).url
        if url is not None:
            built.append(url)
    assert len(built) > 250
    text = "".join(f"{url}\n" for url in built)
    report = run_lint(ws, [], LintOptions(stdin_text=text, stdin_filename="links.txt")).report
    assert [(built[f.line - 1], f.code, f.message) for f in report.findings] == []


def test_build_refuses_a_redirect_wrapper_and_names_the_page_it_wraps(mops, tmp_path: Path) -> None:
    wrapper = "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fs.example%2Fsale&data=05%7C02%7Cjane%40example.com%7C1&reserved=0"
    result = mops("utm", "build", wrapper, "--source", "google", "--medium", "cpc", "--campaign", "2026-q4_sale", cwd=tmp_path)
    assert result.exit_code == 1 and result.stdout == ""
    assert "is a redirect wrapper (Outlook Safe Links), not a landing page; build on the link it wraps: https://s.example/sale" in result.stderr


def test_build_encodes_spaces_and_refuses_what_would_break_the_tags(mops, tmp_path: Path) -> None:
    tags = ["--source", "google", "--medium", "cpc", "--campaign", "2026-q4_sale"]
    spaced = mops("utm", "build", "https://s.example/spring sale?q=rain jacket", *tags, cwd=tmp_path)
    assert spaced.stdout == "https://s.example/spring%20sale?q=rain%20jacket&utm_source=google&utm_medium=cpc&utm_campaign=2026-q4_sale\n"
    second = mops("utm", "build", "https://s.example/sale?ref=mail?x=1", *tags, cwd=tmp_path)
    assert second.exit_code == 1 and "has a second '?'" in second.stderr
    long = mops("utm", "build", "https://s.example/" + "p" * 990, *tags, cwd=tmp_path)
    assert long.exit_code == 1 and "GA4 keeps the first 1000" in long.stderr
