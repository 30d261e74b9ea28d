"""Files whose channel is unknown: still judged on what needs no channel (terms, claims,
disclaimers, personal data), and the lint says once, for the run, which files had no channel and
how to give them one (text, json, sarif and github formats)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

VOICE = """\
version: 1
terms:
  - term: cheap
    alternatives: [affordable]
disclaimers:
  - offer_type: promotion
    triggers: ["% off"]
    text: Terms apply.
channels:
  meta:
    max_chars: {headline: 40, primary_text: 125}
  google_ads_rsa:
    max_chars: {headline: 30, description: 90}
    max_exclamations: 0
"""


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    (tmp_path / "mops.yaml").write_text("name: Channels\n", encoding="utf-8")
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "voice.yaml").write_text(VOICE, encoding="utf-8")
    ads = tmp_path / "ads"
    ads.mkdir()
    # an agency draft nobody gave a channel: a blocked term, an offer without terms, a phone number
    (ads / "draft.md").write_text("## Ad 1\n### Headline\nCheap tents, 40% off!\n### Primary text\nCall +49 40 5550 1234 today.\n", encoding="utf-8")
    # a Google Ads Editor export: no channel column
    (ads / "rsa.csv").write_text("Headline 1,Description 1\nCheap tents for two people this autumn!!,Warm.\n", encoding="utf-8")
    (ads / "named.md").write_text("---\nchannel: meta\n---\n### Headline\nWarm tents\n", encoding="utf-8")
    (ads / "typo.md").write_text("---\nchannel: instagram\n---\n### Headline\nWarm tents\n", encoding="utf-8")
    (ads / "notes.md").write_text("---\nchannel: none\n---\nInternal notes about tents.\n", encoding="utf-8")
    return tmp_path


def test_a_file_without_a_channel_is_judged_on_what_needs_none(mops, ws: Path) -> None:  # noqa: ANN001
    result = mops("lint", "ads", "--format", "json", cwd=ws)
    assert result.exit_code == 1
    codes = {(f["path"], f["code"]) for f in json.loads(result.stdout)["findings"]}
    assert {("ads/draft.md", "COPY001"), ("ads/draft.md", "COPY003"), ("ads/draft.md", "PII002"), ("ads/rsa.csv", "COPY001")} <= codes
    # lengths and exclamation marks need a channel: none is guessed
    assert not {code for path, code in codes if path == "ads/rsa.csv"} & {"COPY004", "COPY006"}


def test_text_output_says_once_which_files_had_no_channel_and_how_to_give_one(mops, ws: Path) -> None:  # noqa: ANN001
    result = mops("lint", "ads", cwd=ws)
    notes = [line for line in result.stdout.splitlines() if line.startswith("note:")]
    assert len(notes) == 1, result.stdout
    note = notes[0]
    assert "2 files without a channel: ads/draft.md, ads/rsa.csv" in note
    assert "ads/typo.md (channel 'instagram')" in note  # a channel the brand voice does not know
    assert "named.md" not in note and "notes.md" not in note  # a known channel, and `channel: none`
    for way in ("front matter", "Channel", "per_path", "channel: none"):
        assert way in note
    assert "meta, google_ads_rsa" in note  # the channels there are to choose from
    assert result.stdout.count("without a channel") == 1


def test_json_and_sarif_carry_it_as_a_run_level_note(mops, ws: Path) -> None:  # noqa: ANN001
    report = json.loads(mops("lint", "ads", "--format", "json", cwd=ws).stdout)
    assert [n["id"] for n in report["notes"]] == ["no-channel"]
    assert report["notes"][0]["paths"] == ["ads/draft.md", "ads/rsa.csv", "ads/typo.md"]
    assert not any("channel" in f["message"] and f["code"].startswith("MOPS") for f in report["findings"])

    sarif = json.loads(mops("lint", "ads", "--format", "sarif", cwd=ws).stdout)
    (notification,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification["level"] == "note"
    assert "without a channel" in notification["message"]["text"]
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in notification["locations"]]
    assert uris == ["ads/draft.md", "ads/rsa.csv", "ads/typo.md"]

    github = mops("lint", "ads", "--format", "github", cwd=ws).stdout
    assert sum(line.startswith("::notice title=mops no-channel::") for line in github.splitlines()) == 1


def test_no_note_when_every_file_has_a_channel_or_no_rule_needs_one(mops, ws: Path) -> None:  # noqa: ANN001
    report = json.loads(mops("lint", "ads/named.md", "ads/notes.md", "--format", "json", cwd=ws).stdout)
    assert report["notes"] == []
    report = json.loads(mops("lint", "ads", "--select", "COPY001,COPY003", "--format", "json", cwd=ws).stdout)
    assert report["notes"] == []


def test_per_path_gives_the_channel_the_note_asked_for(mops, ws: Path) -> None:  # noqa: ANN001
    (ws / "mops.yaml").write_text(
        "name: Channels\nlint:\n  per_path:\n    - paths: ['ads/rsa.csv']\n      channel: google_ads_rsa\n"
        "    - paths: ['ads/draft.md']\n      channel: meta\n",
        encoding="utf-8",
    )
    report = json.loads(mops("lint", "ads/rsa.csv", "ads/draft.md", "--format", "json", cwd=ws).stdout)
    assert report["notes"] == []
    codes = {(f["path"], f["code"]) for f in report["findings"]}
    assert {("ads/rsa.csv", "COPY004"), ("ads/rsa.csv", "COPY006")} <= codes


def test_markdown_summary_carries_the_note_once(mops, ws: Path) -> None:  # noqa: ANN001
    out = mops("lint", "ads", "--format", "markdown", cwd=ws).stdout
    assert out.count("without a channel") == 1 and "ads/rsa.csv" in out


def test_no_note_when_the_brand_voice_has_no_channels_to_give(mops, ws: Path) -> None:  # noqa: ANN001
    voice = ws / "brand" / "voice.yaml"
    voice.write_text(VOICE.split("channels:")[0], encoding="utf-8")
    report = json.loads(mops("lint", "ads/draft.md", "ads/typo.md", "--format", "json", cwd=ws).stdout)
    # nothing to give draft.md; typo.md asked for a channel there is no profile for
    assert [n["paths"] for n in report["notes"]] == [["ads/typo.md"]]


def test_a_channel_is_matched_in_any_case(mops, ws: Path) -> None:  # noqa: ANN001
    long = "Warm tents for every family on every trail all year"  # 51 characters: over 40 and 30
    (ws / "ads" / "Meta.md").write_text(f"---\nchannel: Meta\n---\n### Headline\n{long}\n", encoding="utf-8")
    (ws / "ads" / "shout.md").write_text(f"---\nchannel: ' GOOGLE_ADS_RSA '\n---\n### Headline\n{long}\n", encoding="utf-8")
    (ws / "ads" / "rows.csv").write_text(f"Channel,Headline\nMETA,{long}\n", encoding="utf-8")
    report = json.loads(mops("lint", "ads/Meta.md", "ads/shout.md", "ads/rows.csv", "--format", "json", cwd=ws).stdout)
    assert report["notes"] == []
    lengths = sorted((f["path"], f["message"]) for f in report["findings"] if f["code"] == "COPY004")
    assert [path for path, _ in lengths] == ["ads/Meta.md", "ads/rows.csv", "ads/shout.md"]
    assert "as meta counts them" in lengths[0][1] and "as google_ads_rsa counts them" in lengths[2][1]


@pytest.mark.parametrize("declared", ["channel:", "channel: ", 'channel: " "', "channel: ''"])
def test_an_empty_channel_is_no_channel_and_the_note_says_it_is_empty(mops, ws: Path, declared: str) -> None:  # noqa: ANN001
    (ws / "ads" / "blank.md").write_text(f"---\n{declared}\n---\n### Headline\nCheap tents\n", encoding="utf-8")
    result = mops("lint", "ads/blank.md", cwd=ws)
    (note,) = [line for line in result.stdout.splitlines() if line.startswith("note:")]
    assert "1 file without a channel: ads/blank.md (its `channel:` is empty)" in note
    assert "no profile for" not in note and "' '" not in note
