"""Links with raw spaces, end to end: read whole, reported as such (MOPS003), judged by the UTM
rules on their full values, and never judged as copy."""

from __future__ import annotations

import json
from pathlib import Path

LINK = "https://www.fjordline.example/?utm_source=facebook&utm_medium=paid social&utm_campaign=2026-q4_black-friday"


def findings(mops, workspace: Path, file: Path, *args: str) -> list[dict]:
    result = mops("-w", str(workspace), "lint", "--format", "json", str(file), *args)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def test_a_spaced_value_in_prose_is_judged_whole_not_cut_short(mops, example_workspace: Path) -> None:
    ad = example_workspace / "ad.md"
    ad.write_text(f"Shop the new range: {LINK} before Friday.\n")
    found = findings(mops, example_workspace, ad)
    codes = {f["code"] for f in found}
    # cut at the space, the link had no campaign and the medium 'paid': three false findings
    assert not codes & {"UTM001", "UTM008", "UTM014"}, found
    spaced = [f for f in found if f["code"] in ("UTM007", "UTM009")]
    assert spaced and "paid social" in spaced[0]["message"]
    raw = [f for f in found if f["code"] == "MOPS003"]
    assert len(raw) == 1 and raw[0]["column"] == 1 + len("Shop the new range: ") + LINK.index(" ")
    assert raw[0]["fix"]["safe"] is False  # in prose only the words after the space said it went on


def test_the_rest_of_a_spaced_link_is_not_copy(mops, example_workspace: Path) -> None:
    # 'cheap' is a term the example brand voice avoids; in the link it is no word of the copy
    link = "https://www.fjordline.example/?utm_source=facebook&utm_medium=paid social&utm_campaign=cheap-deals"
    ad = example_workspace / "ad.md"
    ad.write_text(f"Shop the new range: {link} before Friday.\n")
    found = findings(mops, example_workspace, ad)
    assert not [f for f in found if f["code"].startswith(("COPY", "PII"))], found


def test_a_markdown_link_with_a_space_is_fixed_safely(mops, example_workspace: Path) -> None:
    ad = example_workspace / "ad.md"
    ad.write_text(f"[Shop the new range]({LINK})\n")
    found = findings(mops, example_workspace, ad)
    raw = [f for f in found if f["code"] == "MOPS003"]
    assert len(raw) == 1 and raw[0]["fix"]["safe"] is True
    result = mops("-w", str(example_workspace), "lint", str(ad), "--fix")
    assert result.exit_code == 0, result.stdout
    assert ad.read_text() == f"[Shop the new range]({LINK.replace('paid social', 'paid-social')})\n"


def test_a_sentence_after_a_link_is_not_swallowed(mops, example_workspace: Path) -> None:
    link = "https://www.fjordline.example/?utm_source=facebook&utm_medium=paid-social&utm_campaign=2026-q4_black-friday"
    ad = example_workspace / "ad.md"
    ad.write_text(f"See {link} and then tell a friend & family=welcome.\n")
    assert findings(mops, example_workspace, ad) == []
