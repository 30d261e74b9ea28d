"""Counting and text metrics, as data: one YAML file per function family under tests/data/counting/.

Each case has `text`, `expected` and a `note` saying where the number comes from. A `text` given as
a list is joined, with `{repeat: s, times: n}` standing for `s` written n times (long SMS bodies).
Span-returning functions are checked through the text the spans cover.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from mops import copy as mcopy
from mops.errors import ConfigError

CASES_DIR = Path(__file__).parent / "data" / "counting"


def _text(value: str | list) -> str:
    if isinstance(value, str):
        return value
    return "".join(piece if isinstance(piece, str) else piece["repeat"] * piece["times"] for piece in value)


def _slices(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in spans]


def _run(function: str, case: dict):
    text = _text(case["text"])
    if function == "count_for":
        return mcopy.count_for(case["counting"], text)
    if function == "sms_count":
        return dataclasses.asdict(mcopy.sms_count(text))
    if function == "all_caps_words":
        return _slices(text, mcopy.all_caps_words(text, acronyms=case.get("acronyms", ())))
    if function == "words_per_sentence":
        return [count for _, count in mcopy.words_per_sentence(text)]
    if function in ("sentences", "words"):
        return _slices(text, getattr(mcopy, function)(text))
    return getattr(mcopy, function)(text)


def _cases():
    for file in sorted(CASES_DIR.glob("*.yaml")):
        for document in yaml.safe_load_all(file.read_text(encoding="utf-8")):
            for number, case in enumerate(document["cases"], start=1):
                yield pytest.param(document["function"], case, id=f"{file.stem}-{document['function']}-{number}")


@pytest.mark.parametrize(("function", "case"), list(_cases()))
def test_case(function: str, case: dict) -> None:
    result = _run(function, case)
    if isinstance(case["expected"], float):
        assert result == pytest.approx(case["expected"], abs=0.01), case["note"]
    else:
        assert result == case["expected"], case["note"]


def test_every_function_family_has_cases() -> None:
    functions = {doc["function"] for f in CASES_DIR.glob("*.yaml") for doc in yaml.safe_load_all(f.read_text(encoding="utf-8"))}
    expected = {
        "grapheme_length", "x_weighted_length", "sms_count", "keyword_insertion_length", "count_for",
        "sentences", "words", "words_per_sentence", "count_emoji", "count_hashtags", "all_caps_words", "flesch_kincaid_grade", "syllables",
    }
    assert expected <= functions


def test_unknown_counting_is_a_config_error_with_a_hint() -> None:
    with pytest.raises(ConfigError) as excinfo:
        mcopy.count_for("tiktok", "hello")
    assert "tiktok" in excinfo.value.message
    assert "graphemes" in (excinfo.value.hint or "")


def test_non_gsm_chars_name_what_forces_ucs2() -> None:
    from mops.copy.sms import non_gsm_chars

    assert non_gsm_chars("Façade \u2014 ok") == [(2, "ç"), (7, "\u2014")]




@pytest.mark.parametrize("text", ["", "One.", "Visit https://fjordline.example/a.b and www.fjordline.example now, don't wait: 4.5 stars!", "e-mail 10,000 #tag"])
def test_word_count_is_the_number_of_words(text: str) -> None:
    assert mcopy.word_count(text) == len(mcopy.words(text))
