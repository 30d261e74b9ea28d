"""Brand-voice term matching (`mops.copy.terms`): what a term matches, the fix it offers, and that the
literal-anchor prefilter never changes the answer.

Expected hits are worked out by hand from the term semantics in the module docstring. The property
test compares the matcher with the obvious slow method (every term's `finditer` over the whole text)
on generated text, using the real Red Hat Vale terms when the shared corpus is present.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import regex

from mops.copy.terms import TermHit, TermMatcher, term_pattern
from mops.errors import ConfigError
from mops.models.voice import Term

REDHAT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "brand" / "redhat-TermsErrors.yml"


def _spans(matcher: TermMatcher, text: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[int, str]]:
    return [(hit.index, text[hit.start : hit.end]) for hit in matcher.find(text, spans)]


def _one(term: Term, text: str) -> list[TermHit]:
    return TermMatcher([term]).find(text)


# --- plain terms ----------------------------------------------------------------------------------


def test_plain_term_matches_whole_words_only_case_insensitively() -> None:
    text = "Cheap plans. cheaper, cheapskate, uncheap, CHEAP_DEAL; cheap!"
    hits = _one(Term(term="cheap"), text)
    assert [(h.start, h.end) for h in hits] == [(0, 5), (55, 60)]


def test_case_sensitive_plain_term_only_matches_its_own_case() -> None:
    matcher = TermMatcher([Term(term="Intranet", case_sensitive=True)])
    assert _spans(matcher, "our intranet, the Intranet, INTRANET") == [(0, "Intranet")]


def test_phrase_matches_across_a_wrapped_line_but_not_a_paragraph_break() -> None:
    matcher = TermMatcher([Term(term="a number of")])
    text = "We saw a number\nof issues and a  Number of others.\n\nNot a number\n\nof these."
    assert _spans(matcher, text) == [(0, "a number\nof"), (0, "a  Number of")]


def test_term_starting_with_punctuation_needs_a_boundary_only_after_its_last_word_character() -> None:
    matcher = TermMatcher([Term(term="#1")])
    assert _spans(matcher, "Our #1 product, #10 in sales, brand#1.") == [(0, "#1"), (0, "#1")]
    assert [h.start for h in matcher.find("Our #1 product, #10 in sales, brand#1.")] == [4, 35]


def test_anchor_found_only_inside_other_words_is_not_reported() -> None:
    # "am" and "io" occur in almost every paragraph inside words; only the standalone ones count
    matcher = TermMatcher([Term(term="am", alternatives=["AM"]), Term(term="io", alternatives=["I/O"])])
    text = "An example name: the program team uses radio and ratio studio."
    assert matcher.find(text) == []
    assert _spans(matcher, "Open at 9 am; io is slow") == [(0, "am"), (1, "io")]


# --- regex terms ------------------------------------------------------------------------------------


def test_fixed_width_look_behind() -> None:
    matcher = TermMatcher([Term(term=r"\b(?<!Mozilla )Firefox\b", regex=True, alternatives=["Mozilla Firefox"])])
    hits = matcher.find("Mozilla Firefox is here. Get firefox now.")
    assert [(h.start, h.end, h.replacement) for h in hits] == [(29, 36, "Mozilla Firefox")]


def test_variable_width_look_behind_from_the_regex_package() -> None:
    term = Term(term=r"\b(?<!mobile |cell )phone\b", regex=True, alternatives=["telephone", "mobile phone"])
    text = "Call my cell phone or mobile phone, not the phone or a telephone."
    assert _spans(TermMatcher([term]), text) == [(0, "phone")]
    assert [h.start for h in _one(term, text)] == [44]


def test_look_behind_reaching_past_the_anchor_and_word_boundary_inside_it() -> None:
    term = Term(term=r"\b(?<!as well )\bas per\b", regex=True)
    assert _spans(TermMatcher([term]), "Do it as per plan, as well as per the spec; alias per.") == [(0, "as per")]


def test_negative_look_ahead_after_the_match() -> None:
    term = Term(term=r"\bsingle quote(?! mark)\b", regex=True, alternatives=["quotation mark"])
    text = "A single quote mark, a single quote, a single quotes."
    assert [h.start for h in _one(term, text)] == [23]


def test_positive_look_ahead_and_look_behind_on_both_sides() -> None:
    term = Term(term=r"\b(?:(?<= )for instance(?=,))\b", regex=True, alternatives=["for example"])
    text = "For instance, this. And for instance, that. But for instance it fails;(for instance, too)."
    hits = _one(term, text)
    assert [h.start for h in hits] == [24]  # the first has no space before it, the last a parenthesis
    assert hits[0].replacement == "for example"


def test_look_behind_of_any_character_means_start_of_line() -> None:
    term = Term(term=r"\b(?:(?<!.)io)\b", regex=True, alternatives=["I/O"])
    text = "io speed\nthe io speed\nIO again"
    assert [(h.start, h.replacement) for h in _one(term, text)] == [(0, "I/O"), (22, "I/O")]


# --- fixes and suggestions ------------------------------------------------------------------------


def test_back_reference_expanded_with_case_kept() -> None:
    term = Term(term=r"\b(organ|real|recogn)ise(d|s)?\b", regex=True, alternatives=[r"\g<1>ize\g<2>"])
    hits = _one(term, "We organised it. Realise this. RECOGNISES all. organise")
    assert [h.replacement for h in hits] == ["organized", "Realize", "RECOGNIZES", "organize"]
    assert hits[0].suggestions == ("organized",)


def test_several_alternatives_are_suggestions_without_a_fix() -> None:
    term = Term(term="phone", alternatives=["telephone", "cell phone", "mobile phone"])
    [hit] = _one(term, "Call the phone.")
    assert hit.replacement is None
    assert hit.suggestions == ("telephone", "cell phone", "mobile phone")


def test_no_alternative_means_no_fix_and_no_suggestion() -> None:
    [hit] = _one(Term(term="synergy"), "Synergy!")
    assert (hit.replacement, hit.suggestions) == (None, ())


def test_replacement_keeps_the_original_capitalisation() -> None:
    matcher = TermMatcher([Term(term="cheap", alternatives=["affordable"])])
    assert [h.replacement for h in matcher.find("cheap, Cheap, CHEAP")] == ["affordable", "Affordable", "AFFORDABLE"]


def test_alternative_with_its_own_capitals_is_kept_as_written() -> None:
    matcher = TermMatcher([Term(term="pm", alternatives=["PM"]), Term(term="firefox", alternatives=["Mozilla Firefox"])])
    assert [h.replacement for h in matcher.find("at 5 pm, 5 Pm, or in firefox")] == ["PM", "PM", "Mozilla Firefox"]


def test_capitalised_phrase_capitalises_the_first_letter_only() -> None:
    [hit] = _one(Term(term="a lot of", alternatives=["many"]), "A lot of people")
    assert hit.replacement == "Many"


# --- spans, overlaps, offsets ---------------------------------------------------------------------


def test_matches_outside_the_given_spans_are_ignored() -> None:
    text = "cheap `cheap` cheap"
    matcher = TermMatcher([Term(term="cheap")])
    prose = [(0, 6), (13, 19)]  # the code span 6..13 is left out
    assert [h.start for h in matcher.find(text, prose)] == [0, 14]
    assert [h.start for h in matcher.find(text, [])] == []


def test_a_match_crossing_out_of_a_span_is_ignored_but_touching_spans_join() -> None:
    matcher = TermMatcher([Term(term="a lot")])
    text = "a lot"
    assert matcher.find(text, [(0, 3)]) == []
    assert [(h.start, h.end) for h in matcher.find(text, [(0, 3), (3, 5)])] == [(0, 5)]


def test_overlapping_hits_of_different_terms_are_all_reported_in_order() -> None:
    matcher = TermMatcher([Term(term="lot"), Term(term="a lot of"), Term(term="a lot")])
    assert [(h.index, h.start, h.end) for h in matcher.find("x a lot of y")] == [(2, 2, 7), (1, 2, 10), (0, 4, 7)]


def test_hits_of_one_term_do_not_overlap() -> None:
    # as `finditer` does: the next hit of a term starts after the previous one ends
    matcher = TermMatcher([Term(term="ha ha")])
    assert [(h.start, h.end) for h in matcher.find("ha ha ha ha ha")] == [(0, 5), (6, 11)]


def test_repeated_group_around_an_anchor() -> None:
    # the anchor "ha" of the first repetition is followed by more letters, not by the closing \b
    term = Term(term=r"\b(?:ha)+\b", regex=True, alternatives=["ha"])
    assert [(h.start, h.end) for h in _one(term, "hahaha! ha, aha")] == [(0, 6), (8, 10)]


def test_offsets_survive_characters_whose_lowercase_is_longer() -> None:
    # "İ".lower() is two characters; folding must not shift the positions that follow
    text = "İİİ cheap İ"
    [hit] = _one(Term(term="cheap"), text)
    assert (hit.start, hit.end) == (4, 9)


def test_case_insensitive_letters_outside_ascii_are_found() -> None:
    # the regex package treats long s as s and the Kelvin sign as k under IGNORECASE
    matcher = TermMatcher([Term(term="synch"), Term(term="key")])
    assert _spans(matcher, "ſynch the \u212aey") == [(0, "ſynch"), (1, "\u212aey")]


def test_ascii_flag_changes_what_a_word_boundary_is() -> None:
    # under (?a) "ß" is not a word character, so "ßkey" has a boundary before "key"
    matcher = TermMatcher([Term(term=r"(?a:\bkey)", regex=True), Term(term=r"\bkey", regex=True)])
    assert [(h.index, h.start) for h in matcher.find("ßkey")] == [(0, 1)]


# --- slow terms and errors --------------------------------------------------------------------------


def test_term_without_a_usable_anchor_is_slow_and_still_found() -> None:
    matcher = TermMatcher([Term(term="cheap"), Term(term=r"\b\w+ly\b", regex=True), Term(term=r"\d+%", regex=True)])
    assert matcher.slow_terms == [1, 2]
    assert "no fixed distance" in matcher.slow_reason(1)  # "ly" is required, but after any number of letters
    assert _spans(matcher, "Quickly, really cheap: 50% off") == [(1, "Quickly"), (1, "really"), (0, "cheap"), (2, "50%")]


def test_pattern_that_does_not_compile_names_its_source() -> None:
    bad = Term.model_construct(term="foo(bar", alternatives=[], regex=True, case_sensitive=False, source="styles/Words.yml:7")
    with pytest.raises(ConfigError) as caught:
        TermMatcher([Term(term="cheap"), bad])
    assert (caught.value.path, caught.value.line) == ("styles/Words.yml", 7)
    assert "foo(bar" in caught.value.message and caught.value.hint


def test_blank_term_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        TermMatcher([Term(term="  ", source="brand/voice.yaml:12")])
    assert (caught.value.path, caught.value.line) == ("brand/voice.yaml", 12)


def test_alternative_referring_to_a_missing_group_is_a_config_error() -> None:
    term = Term(term=r"\b(colou?r)\b", regex=True, alternatives=[r"\g<2>"], source="voice.yaml")
    with pytest.raises(ConfigError) as caught:
        TermMatcher([term])
    assert caught.value.path == "voice.yaml" and "group 2" in caught.value.message


# --- the prefilter gives the same answer as trying every term everywhere ---------------------------

OWN_TERMS = [
    Term(term="cheap", alternatives=["affordable"]),
    Term(term="a number of"),
    Term(term="#1"),
    Term(term="e-mail", alternatives=["email"]),
    Term(term="Intranet", case_sensitive=True),
    Term(term=r"\b(?!(?-i:AM)\b)(?:(?<!-|I )am)\b", regex=True, alternatives=["AM"]),
    Term(term=r"\b(?<!mobile |cell )phone\b", regex=True),
    Term(term=r"\b(?:(?<!.)io)\b", regex=True),
    Term(term=r"\b(?:(?<= )for instance(?=,))\b", regex=True),
    Term(term=r"\bbare-metal(?! clusters?| nodes?)\b", regex=True),
    Term(term=r"\b(organ|real)ise(d|s)?\b", regex=True, alternatives=[r"\g<1>ize\g<2>"]),
    Term(term=r"\b(?:backwards?\scompatible)\b", regex=True),
    Term(term=r"\b(?:re(?:-)?occur)\b", regex=True),
    Term(term=r"\b[rR]ama[lL]lama\b", regex=True),
    Term(term=r"x(?:foo|bar)?baz", regex=True),
    Term(term=r"(?:ab)+a", regex=True),
    Term(term=r"\b(?:ha)+\b", regex=True),
    Term(term="ha ha"),
    Term(term=r"\b\w+ly\b", regex=True),
]

FILLER = (
    "the of and to in is it for on with as per well at by this that an name example program team radio "
    "ratio studio ha aba abab mobile cell telephone I AM pm clusters nodes clusters quickly really s ſ \u212a İ ı ß key"
).split()
SEPARATORS = [" ", " ", " ", "  ", "\n", "\r\n", "\n\n", ", ", ". ", "-", "/", "(", ")", "`", ""]


def _property_terms() -> list[Term]:
    terms = list(OWN_TERMS)
    if REDHAT.is_file():  # the real converted Vale rules, when the shared corpus is on this machine
        from mops.brand.vale import import_vale_rule

        terms += import_vale_rule(REDHAT, display=REDHAT.name).terms
    return terms


def _vocabulary(terms: list[Term]) -> list[str]:
    words = set(FILLER)
    for term in terms:
        for text in (term.term, *term.alternatives):
            words.update(regex.findall(r"[^\W\d_][\w'-]*|\d+", text))
            words.update(regex.sub(r"\\[bswd]|[\\()?:!<=|*+\[\]{}^$.]", " ", text).split())
    return sorted(words)


def _generated(rng: random.Random, vocabulary: list[str], words: int) -> str:
    parts = []
    for _ in range(words):
        word = rng.choice(vocabulary)
        roll = rng.random()
        if roll < 0.15:
            word = word.capitalize()
        elif roll < 0.22:
            word = word.upper()
        elif roll < 0.27 and len(word) > 3:  # a term glued inside a longer word
            word = rng.choice(["un", "x", "re"]) + word + rng.choice(["s", "ed", "_x", ""])
        parts.append(word)
        parts.append(rng.choice(SEPARATORS))
    return "".join(parts)


def test_prefilter_finds_exactly_what_trying_every_term_everywhere_finds() -> None:
    terms = _property_terms()
    matcher = TermMatcher(terms)
    assert [terms[i].term for i in matcher.slow_terms] == [r"\b\w+ly\b"]  # every other term is prefiltered
    compiled = [regex.compile(term_pattern(t), 0 if t.case_sensitive else regex.IGNORECASE) for t in terms]
    rng = random.Random(20260525)
    vocabulary = _vocabulary(terms)
    checked = 0
    for _ in range(30):
        text = _generated(rng, vocabulary, 400)
        expected = sorted((m.start(), m.end(), i) for i, p in enumerate(compiled) for m in p.finditer(text))
        assert [(h.start, h.end, h.index) for h in matcher.find(text)] == expected
        cut = rng.randrange(len(text))
        spans = [(0, cut // 2), (cut, len(text))]
        inside = [e for e in expected if (e[1] <= cut // 2) or (e[0] >= cut)]
        assert [(h.start, h.end, h.index) for h in matcher.find(text, spans)] == inside
        checked += len(expected)
    assert checked > 300  # the generated text really exercises the terms


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    """A small random expression over the constructs anchors must get right: classes, groups,
    alternation, repeats, look-arounds, boundaries, scoped case and ASCII flags."""
    parts = []
    for _ in range(rng.randint(1, 4)):
        roll = rng.random()
        if depth > 2 or roll < 0.35:
            parts.append(rng.choice(["a", "b", "ab", "ba", "k", "s", "i", "A", "-", " ", "ß", "σ"]))
        elif roll < 0.45:
            parts.append(rng.choice(["[ab]", "[aA]", r"\w", r"\s", ".", "[^a]", r"\d"]))
        elif roll < 0.55:
            parts.append(rng.choice([r"\b", r"\B", "^", "$"]))
        elif roll < 0.65:
            parts.append("(?:" + "|".join(_random_pattern(rng, depth + 1) for _ in range(rng.randint(1, 3))) + ")")
        elif roll < 0.72:
            parts.append("(" + _random_pattern(rng, depth + 1) + ")")
        elif roll < 0.80:
            parts.append(rng.choice(["(?=", "(?!", "(?<=", "(?<!"]) + _random_pattern(rng, depth + 1) + ")")
        elif roll < 0.90:
            parts.append("(?:" + _random_pattern(rng, depth + 1) + ")" + rng.choice(["?", "*", "+", "{2}", "{1,3}", "+?"]))
        else:
            parts.append(rng.choice(["(?i:", "(?-i:", "(?a:"]) + _random_pattern(rng, depth + 1) + ")")
    return "".join(parts)


def test_prefilter_agrees_with_finditer_on_random_patterns_and_unicode_case() -> None:
    rng = random.Random(7)
    alphabet = "abAB -_.\nİıſ\u212akßẞσςΣ"  # letters whose case folding is not one-to-one
    compared = 0
    for _ in range(150):
        patterns: list[str] = []
        while len(patterns) < 8:
            pattern = _random_pattern(rng)
            try:
                regex.compile(pattern)
            except regex.error:
                continue
            patterns.append(pattern)
        terms = [Term(term=p, regex=True, case_sensitive=rng.random() < 0.3) for p in patterns]
        matcher = TermMatcher(terms)
        compiled = [regex.compile(p, 0 if t.case_sensitive else regex.IGNORECASE) for p, t in zip(patterns, terms)]
        for _ in range(5):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
            expected = sorted((m.start(), m.end(), i) for i, p in enumerate(compiled) for m in p.finditer(text))
            assert [(h.start, h.end, h.index) for h in matcher.find(text)] == expected, (patterns, text)
            compared += len(expected)
    assert compared > 5000


def test_an_ascii_word_character_is_read_as_regex_reads_it() -> None:
    # is_word_char answers ASCII without `regex` (so a lint in which no term's anchor occurs never
    # imports it): every ASCII character must be a word character exactly when `regex`'s \w says so
    from mops.copy.anchors import is_word_char

    word = regex.compile(r"\w")
    assert [c for c in map(chr, range(128)) if is_word_char(c)] == [c for c in map(chr, range(128)) if word.match(c)]
    # beyond ASCII, `regex` itself answers: marks and letters of other scripts are word characters
    assert is_word_char("é") and is_word_char("\u0301") and not is_word_char("\u2014")
