"""A safe fix never moves a link to another GA4 default channel, judged on the values as GA4 reads
them: decoded ('+' and %20 are spaces), not trimmed ('google ' is in none of Google's source
categories), channel rules compared case-insensitively. Links here are generated; their reading is
done by the standard library's form decoding, not by mops's parser."""

from __future__ import annotations

import random
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from mops.lint.runner import LintOptions, run_lint
from mops.utm.channels import classify_channel
from mops.workspace import load_workspace

SOURCES = ["google", "Google", "google+", "google%20", "+google", "Google+", "google.com", "google.com+", "%20google", "fb", "FB+",
           "facebook", "Facebook%20", "facebook+", "bing", "Bing+", "x", "X", "twitter+", "newsletter", "newsletter+", "ig", "IG%20",
           "linkedin+", "lnkd.in", "tiktok%20", "Tik+Tok"]
MEDIUMS = ["cpc", "CPC", "cpc+", "%20cpc", "paid-search", "paid_search+", "Paid+Social", "paid%20social", "paid-social", "paidsocial+",
           "email", "e-mail", "E-Mail+", "display", "Display%20", "social", "Social+", "organic+", "referral%20"]
CAMPAIGNS = ["2026-q4_sale", "2026-q4_sale+", "2026-Q4_sale", "2026-q4_spring+sale", "2026-q4_shopping+", "2026-q4_cross-network%20"]


def _ga4_channel(link: str) -> str:
    """The channel GA4 gives a link: the first value of each exact key, form-decoded, untrimmed."""
    first: dict[str, str] = {}
    for key, value in parse_qsl(urlsplit(link).query, keep_blank_values=True):
        if value:
            first.setdefault(key, value)
    return classify_channel(first.get("utm_source"), first.get("utm_medium"), first.get("utm_campaign")).channel


def _links(count: int) -> list[str]:
    rng = random.Random(2)
    return [
        f"https://s.example/?utm_source={rng.choice(SOURCES)}&utm_medium={rng.choice(MEDIUMS)}&utm_campaign={rng.choice(CAMPAIGNS)}"
        for _ in range(count)
    ]


def test_safe_value_fixes_keep_each_links_ga4_channel(tmp_path: Path) -> None:
    links = _links(1500)
    text = "".join(f"{link}\n" for link in links)
    ws = load_workspace(start=tmp_path)
    run = run_lint(ws, [], LintOptions(select=["UTM"], stdin_text=text, stdin_filename="links.txt", fix=True))
    fixed = run.fixed_stdin.splitlines()
    assert len(fixed) == len(links)
    moved = [(link, after, _ga4_channel(link), _ga4_channel(after)) for link, after in zip(links, fixed) if _ga4_channel(link) != _ga4_channel(after)]
    assert moved == []
    changed = sum(link != after for link, after in zip(links, fixed))
    assert changed > 300  # the fixes were made where they keep the channel
    # and withheld, as suggestions naming both channels, where they would not
    report = run_lint(ws, [], LintOptions(select=["UTM006", "UTM007", "UTM009"], stdin_text=text, stdin_filename="links.txt")).report
    withheld = [f for f in report.findings if "not fixed automatically: GA4 would move the link" in f.message]
    assert withheld and all(not f.fix.safe for f in withheld)


def test_trailing_plus_on_a_search_source_is_a_suggestion(mops, tmp_path: Path) -> None:
    link = "https://s.example/?utm_source=google+&utm_medium=cpc&utm_campaign=2026-q4_sale"
    assert mops("utm", "classify", link, cwd=tmp_path).stdout == "Paid Other\n"
    (tmp_path / "a.md").write_text(f"---\nchannel: none\n---\n{link}\n")
    result = mops("lint", "--select", "UTM009", "--fix", "a.md", cwd=tmp_path)
    assert (tmp_path / "a.md").read_text().endswith(f"{link}\n")
    assert "GA4 would move the link from Paid Other to Paid Search" in result.stdout


def test_build_judges_the_values_as_typed_untrimmed(mops, tmp_path: Path) -> None:
    result = mops("utm", "build", "https://s.example/", "--source", "google ", "--medium", "cpc", "--campaign", "2026-q4_sale", cwd=tmp_path)
    assert result.exit_code == 1
    assert "would move the link from Paid Other to Paid Search" in result.stderr
