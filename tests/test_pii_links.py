"""Personal data in links (PII007), and no finding quoting it, whatever rule wrote the message.

A shipped link with a customer's email, phone or name passes silently to GA4 (whose policy forbids
it); these tests run the real CLI on such links and read what every CI format prints.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

ISSUE_LINKS = [
    "https://shop.example/sale?utm_source=facebook&utm_medium=paid-social&utm_campaign=2026-q4_sale&utm_content=Laura%20Becker&email=laura.becker@gmail.com",
    "https://shop.example/sale?utm_source=facebook&utm_medium=paid-social&utm_campaign=2026-q4_sale&phone=%2B14155550132",
]
# UTM rules that quote a value, each given personal data: case (UTM006), not allowed (UTM008),
# spaces (UTM009), twice (UTM004), encoded twice (UTM010), pattern (UTM016), Unassigned (UTM020)
QUOTING = (
    "https://shop.example/sale?utm_source=Laura.Becker@Gmail.com&utm_medium=%2B14155550132&utm_campaign=2026-q4_sale"
    "&utm_content=a&utm_content=Jordan%20Smith&utm_term=Laura%2520Becker"
)
# an address's domain (gmail.com) names a mail provider, not a person: messages may name hosts
PERSONAL = ["laura", "becker", "4155550132", "jordan", "smith"]
FORMATS = ["json", "sarif", "github", "markdown", "text"]


def _workspace(tmp_path: Path, links: list[str]) -> Path:
    (tmp_path / "mops.yaml").write_text("name: t\n")
    (tmp_path / "links.md").write_text("# Links\n\n" + "\n\n".join(links) + "\n")
    return tmp_path


def _findings(mops, root: Path) -> list[dict]:
    result = mops("lint", "--format", "json", "links.md", cwd=root)
    return json.loads(result.stdout)["findings"]


def test_the_issue_links_are_reported_by_kind_and_parameter(mops, tmp_path: Path) -> None:
    root = _workspace(tmp_path, ISSUE_LINKS)
    result = mops("lint", "--format", "json", "links.md", cwd=root)
    assert result.exit_code == 1
    pii = [(f["line"], f["message"].split(":")[0]) for f in json.loads(result.stdout)["findings"] if f["code"] == "PII007"]
    assert pii == [
        (3, "person's name in a link (parameter utm_content)"),
        (3, "email address in a link (parameter email)"),
        (5, "phone number in a link (parameter phone)"),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_ci_format_prints_personal_data_from_links(mops, tmp_path: Path, fmt: str) -> None:
    root = _workspace(tmp_path, [*ISSUE_LINKS, QUOTING])
    result = mops("lint", "--format", fmt, "links.md", cwd=root)
    assert result.exit_code == 1
    for code in ("PII007", "UTM004", "UTM006", "UTM008", "UTM009", "UTM010"):
        assert code in result.stdout, code  # the findings are there...
    printed = result.stdout.casefold()
    assert [word for word in PERSONAL if word in printed] == []  # ...and quote nothing personal
    assert "[person's name]" in result.stdout and "[email address]" in result.stdout  # the kind, in its place


def test_values_without_personal_data_are_still_quoted_and_fixed(mops, tmp_path: Path) -> None:
    root = _workspace(tmp_path, [ISSUE_LINKS[0] + "&utm_term=Hiking%20Boots", "https://shop.example/?utm_source=Google&utm_medium=cpc&utm_campaign=2026-q4_sale"])
    messages = {f["message"] for f in _findings(mops, root) if f["code"] == "UTM006"}
    assert "utm_source='Google' is not lowercase: google" in messages
    # on the link with a name, the other value's fix stays (it holds no personal data)
    mops("lint", "--fix", "links.md", cwd=root)
    text = (root / "links.md").read_text()
    assert "utm_source=google&" in text and "utm_content=Laura%20Becker" in text


def test_a_fix_that_would_rewrite_personal_data_is_withdrawn(mops, tmp_path: Path) -> None:
    root = _workspace(tmp_path, [ISSUE_LINKS[0]])
    spaces = [f for f in _findings(mops, root) if f["code"] == "UTM009"]
    assert len(spaces) == 1 and spaces[0]["fix"] is None
    assert "no fix offered: the value is personal data" in spaces[0]["message"]


# Personal data written as people write it, and the places of a link it ends up in
VALUES = {
    "email": ["jo.ann@example.org", "Jo.Ann%40Example.org", "jo.ann+news@example.org"],
    "phone": ["%2B44%2020%207946%200958", "(415)%20555-0132", "+49-151-23456789"],
    "payment_card": ["4111%201111%201111%201111", "5500-0000-0000-0004"],
    "iban": ["DE89370400440532013000", "GB82%20WEST%201234%205698%207654%2032"],
    "person_name": ["Priya%20Raman", "Michael_Thompson", "Sofia+Rossi"],
}
PLACES = [
    "utm_source={v}&utm_medium=cpc&utm_campaign=2026-q4_sale",
    "utm_source=google&utm_medium={v}&utm_campaign=2026-q4_sale",
    "utm_source=google&utm_medium=cpc&utm_campaign={v}",
    "utm_source=google&utm_medium=cpc&utm_campaign=2026-q4_sale&utm_content={v}",
    "utm_source=google&utm_medium=cpc&utm_campaign=2026-q4_sale&utm_content=x&utm_content={v}",
    "utm_source=google&utm_medium=cpc&utm_campaign=2026-q4_sale&UTM_Term={v}",
    "utm_source=google&utm_medium=cpc&utm_campaign=2026-q4_sale&utm_contnet={v}",
    "utm_source=google&utm_medium=cpc&utm_campaign=2026-q4_sale#utm_term={v}",
]


def _words(value: str) -> list[str]:
    import re
    from urllib.parse import unquote

    return [w for w in re.findall(r"[^\W\d_]+|\d+", unquote(value).casefold()) if len(w) >= 4 and w not in ("example",)]


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


def test_personal_data_anywhere_in_a_tagged_link_is_found_and_never_quoted(mops, tmp_path: Path) -> None:
    links = [f"https://shop.example/p?{place.format(v=value)}" for place, value in itertools.product(PLACES, itertools.chain(*VALUES.values()))]
    root = _workspace(tmp_path, links)
    result = mops("lint", "--format", "json", "links.md", cwd=root)
    report = json.loads(result.stdout)
    found = {f["line"] for f in report["findings"] if f["code"] == "PII007"}
    lines = [3 + 2 * i for i in range(len(links))]
    assert [link for link, line in zip(links, lines, strict=True) if line not in found] == []
    # every text the report holds (messages, fixes' descriptions and replacements), not its offsets
    printed = " ".join(_strings(report["findings"])).casefold()
    words = {w for value in itertools.chain(*VALUES.values()) for w in _words(value)}
    assert sorted(w for w in words if w in printed) == []
    assert len({f["code"] for f in report["findings"]}) >= 8  # many rules had something to say


def test_merge_tags_that_fill_in_a_recipient_are_warnings_and_ad_placeholders_pass(mops, tmp_path: Path) -> None:
    root = _workspace(tmp_path, [
        "https://shop.example/prefs?utm_source=newsletter&utm_medium=email&utm_campaign=2026-q4_sale&email=*|EMAIL|*",
        "https://shop.example/prefs?utm_source=newsletter&utm_medium=email&utm_campaign=2026-q4_sale&e={{ contact.email }}&n={{contact.firstname}}",
        "https://shop.example/p?utm_source=facebook&utm_medium=paid-social&utm_campaign={{campaign.name}}&utm_content={{ad.name}}&adid={{ad.id}}",
    ])
    pii = [(f["line"], f["severity"], f["message"].split(":")[0]) for f in _findings(mops, root) if f["code"] == "PII007"]
    assert pii == [
        (3, "warning", "merge tag in parameter email fills in each recipient's email address"),
        (5, "warning", "merge tag in parameter e fills in each recipient's email address"),
        (5, "warning", "merge tag in parameter n fills in each recipient's person's name"),
    ]


def test_look_alikes_of_personal_data_pass(mops, tmp_path: Path) -> None:
    root = _workspace(tmp_path, [
        "https://shop.example/p/12345678?order=1733456789&ts=20261206101010&sku=AB-1234567&price=1234567.00",
        "https://shop.example/p?gclid=Cj0KCQiA4L67BhDUARIsADWrl7Ei1234567aB&utm_source=google&utm_medium=cpc&utm_campaign=2026-q4_sale",
        "https://shop.example/p?utm_source=newsletter&utm_medium=email&utm_campaign=2026-q4_jordan-river-trip&utm_content=Visit%20Paris",
        "https://shop.example/img/logo@2x.png?v=2026-12-06",
    ])
    assert [f["message"] for f in _findings(mops, root) if f["code"] == "PII007"] == []
