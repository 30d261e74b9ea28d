"""`mops brand import-vale`: Vale substitution/existence rules become brand-voice terms.

The fixtures in tests/data/vale/ were written for these tests. Matching is checked the way the copy
linter will use a term: compile `term` with the `regex` package (IGNORECASE unless case_sensitive)
and search real sentences.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import regex

from mops.brand.vale import import_vale_rule, require_convertible
from mops.brand.voice_file import render_voice
from mops.errors import ConfigError, InputError
from mops.models.results import Severity
from mops.models.voice import BrandVoice, Term
from mops.yamlio import load_model, parse_yaml, validate_loaded

DATA = Path(__file__).parent / "data" / "vale"


def _terms(name: str) -> dict[str, Term]:
    """Terms of a fixture keyed by the line of the Vale file they came from."""
    result = import_vale_rule(DATA / name, display=name)
    return {int(t.source.rsplit(":", 1)[1]): t for t in result.terms}


def _compiled(term: Term) -> regex.Pattern:
    assert term.regex
    return regex.compile(term.term, 0 if term.case_sensitive else regex.IGNORECASE)


def _found(term: Term, sentence: str) -> str | None:
    match = _compiled(term).search(sentence)
    return match.group(0) if match else None


# --- substitution -----------------------------------------------------------------------------


def test_each_swap_key_is_a_term_and_the_rest_are_named_with_a_reason() -> None:
    result = import_vale_rule(DATA / "Wording.yml", display="Wording.yml")
    assert (len(result.terms), len(result.skipped), result.total) == (9, 4, 13)
    reasons = {s.what: (s.line, s.reason) for s in result.skipped}
    assert reasons["swap key '(?U)a.+b'"][0] == 16 and "'U'" in reasons["swap key '(?U)a.+b'"][1]
    assert reasons["swap key 'colou?r'"][0] == 17 and "$2" in reasons["swap key 'colou?r'"][1]
    assert reasons["swap key 'foo(bar'"][0] == 18 and "never closed" in reasons["swap key 'foo(bar'"][1]
    assert reasons["swap key '[z-a]nd'"][0] == 19 and "does not compile" in reasons["swap key '[z-a]nd'"][1]


def test_source_points_at_the_key_line() -> None:
    terms = _terms("Wording.yml")
    assert terms[7].term == "utilize" and terms[7].source == "Wording.yml:7"
    assert terms[12].source == "Wording.yml:12"


def test_fixed_width_look_behind() -> None:
    browser = _terms("Wording.yml")[9]
    assert _found(browser, "Open the browser and sign in.") == "browser"
    assert _found(browser, "Open the web browser and sign in.") is None


def test_variable_width_look_behind_compiles_with_regex_only() -> None:
    app = _terms("Wording.yml")[10]
    with pytest.raises(re.error):
        re.compile(app.term)
    assert _found(app, "Install the app on your laptop.") == "app"
    assert _found(app, "Install the mobile app on your phone.") is None
    assert _found(app, "Our web-app is down.") is None


def test_key_alternatives_share_the_word_boundaries() -> None:
    box = _terms("Wording.yml")[11]
    assert box.alternatives == ["checkbox"]
    assert _found(box, "Select the tick box to agree.") == "tick box"
    assert _found(box, "Select the Check Box to agree.") == "Check Box"
    # `\btick box` would be unbounded on one side if the alternatives were not grouped
    assert _found(box, "She keeps her lipstick box here.") is None
    assert _found(box, "Select both tick boxes.") is None


def test_a_term_does_not_match_inside_another_word() -> None:
    ok = _terms("Wording.yml")[8]
    assert _found(ok, "That is ok with me.") == "ok"
    assert _found(ok, "The token is booked.") is None
    assert _found(ok, "A dash-ok label.") is None


def test_a_match_already_spelled_as_the_suggestion_is_not_reported() -> None:
    ok = _terms("Wording.yml")[8]  # ignorecase: true, so the key also matches 'OK' itself
    assert _found(ok, "That is OK with me.") is None
    assert _found(ok, "That is Ok with me.") == "Ok"


def test_value_alternatives_split_on_pipe() -> None:
    terms = _terms("Wording.yml")
    assert terms[12].term == "log on to" and not terms[12].regex
    assert terms[12].alternatives == ["sign in to", "log in to"]


def test_escaped_pipe_in_key_is_a_literal_pipe() -> None:
    either = _terms("Wording.yml")[15]
    assert _found(either, "Pick either|or in the menu.") == "either|or"
    assert _found(either, "Pick either one.") is None


def test_dollar_back_references_become_expand_templates() -> None:
    terms = _terms("Wording.yml")
    email, ish = terms[13], terms[14]
    assert email.alternatives == [r"email \g<1>"]
    match = _compiled(email).search("Send an E-mail message to the team.")
    assert match and match.expand(email.alternatives[0]) == "email message"
    assert ish.alternatives == [r"about \g<1>"]
    match = _compiled(ish).search("It costs 40-ish dollars.")
    assert match and match.expand(ish.alternatives[0]) == "about 40"


def test_ignorecase_and_level_carry_over() -> None:
    wording = _terms("Wording.yml")
    assert all(not t.case_sensitive and t.severity == Severity.error for t in wording.values())
    assert wording[7].reason == "Use '%s' instead of '%s'."
    casing = _terms("Casing.yml")  # no ignorecase (Vale: case-sensitive), level: suggestion
    assert all(t.case_sensitive and t.severity == Severity.info for t in casing.values())
    assert casing[5].term == "Javascript" and not casing[5].regex
    site = casing[6]
    assert _found(site, "Visit our Web site today.") == "Web site"
    assert _found(site, "VISIT OUR WEB SITE TODAY.") is None


def test_inline_flag_in_the_middle_of_a_key_applies_from_there_on() -> None:
    node = _terms("Casing.yml")[7]  # '[Nn]ode(?i)\.?js' in a case-sensitive rule
    assert _found(node, "Install NodeJS first.") == "NodeJS"
    assert _found(node, "Install node.JS first.") == "node.JS"
    assert _found(node, "Install NODEJS first.") is None
    assert _found(node, "Install Node.js first.") is None


# --- existence --------------------------------------------------------------------------------


def test_existence_tokens_become_terms_without_alternatives() -> None:
    hedging = _terms("Hedging.yml")
    assert set(hedging) == {6, 7, 8}
    assert all(t.alternatives == [] and t.severity == Severity.warning for t in hedging.values())
    assert hedging[6].term == "arguably" and hedging[6].reason == "Consider removing '%s'."
    kind_of = hedging[7]
    assert _found(kind_of, "It is Kind Of slow.") == "Kind Of"
    assert _found(kind_of, "A kind offer.") is None


def test_line_anchors_keep_vale_multiline_meaning() -> None:
    basically = _terms("Hedging.yml")[8]
    assert _found(basically, "Basically, it works.") == "Basically"
    assert _found(basically, "First line.\nbasically the second.") == "basically"
    assert _found(basically, "It basically works.") is None


def test_existence_exceptions_suppress_matches() -> None:
    acronym = _terms("Acronyms.yml")[5]
    assert acronym.case_sensitive
    assert _found(acronym, "Send the JSON file.") is None
    assert _found(acronym, "Ask the XYZQ team.") == "XYZQ"
    assert _found(acronym, "Fix the HTMLX parser.") == "HTMLX"


# --- files that do not convert ----------------------------------------------------------------


def test_unsupported_extends_is_named_and_converts_nothing() -> None:
    result = import_vale_rule(DATA / "Repetition.yml", display="Repetition.yml")
    assert result.terms == []
    assert [s.what for s in result.skipped] == ["rule 'extends: occurrence'"]
    with pytest.raises(InputError, match="no convertible rule"):
        require_convertible([result])


def test_broken_yaml_is_a_located_error() -> None:
    with pytest.raises(ConfigError) as info:
        import_vale_rule(DATA / "Broken.yml", display="Broken.yml")
    assert info.value.location == "Broken.yml:5:1"


def test_converted_terms_load_through_the_brand_voice_model(tmp_path: Path) -> None:
    terms = [t for name in ("Wording.yml", "Casing.yml", "Hedging.yml", "Acronyms.yml") for t in _terms(name).values()]
    text = render_voice(terms)
    voice = validate_loaded(BrandVoice, parse_yaml(text, tmp_path / "voice.yaml"), schema="voice")
    assert voice.terms == terms


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def brand_cli(mops, tmp_path: Path):  # noqa: ANN001
    """Run `mops brand ...` through mops' entry point, from a folder holding copies of the fixtures."""
    for fixture in DATA.glob("*.yml"):
        shutil.copy(fixture, tmp_path / fixture.name)

    def invoke(*args: str) -> tuple[int, str, str]:
        result = mops("brand", *args, cwd=tmp_path)
        return result.exit_code, result.stdout, result.stderr

    return invoke


EXISTING_VOICE = """\
# Our voice. Keep this comment.
version: 1
brand: Acme
terms:
  - term: cheap
    alternatives: [affordable]
  # an old import, to be replaced
  - term: e-mail
    alternatives: [email]
    source: Wording.yml:40
claims:
  - term: guaranteed
    evidence: the written guarantee
"""


def test_prints_terms_on_stdout_and_a_summary_on_stderr(brand_cli) -> None:
    code, out, err = brand_cli("import-vale", "Wording.yml")
    assert code == 0
    assert "converted 9 of 13 rules from Wording.yml; 4 skipped" in err
    assert "Wording.yml:16: skipped: swap key '(?U)a.+b':" in err
    voice = validate_loaded(BrandVoice, parse_yaml(out, Path("stdout.yaml")), schema="voice")
    assert [t.source for t in voice.terms][:2] == ["Wording.yml:7", "Wording.yml:8"]


def test_out_merges_and_keeps_everything_else(brand_cli, tmp_path: Path) -> None:
    out = tmp_path / "voice.yaml"
    out.write_text(EXISTING_VOICE, encoding="utf-8")
    code, _, err = brand_cli("import-vale", "Wording.yml", "--out", "voice.yaml")
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Our voice. Keep this comment.\nversion: 1\nbrand: Acme\nterms:\n  - term: cheap\n")
    assert "  # an old import, to be replaced\n" in text
    assert text.endswith("claims:\n  - term: guaranteed\n    evidence: the written guarantee\n")
    voice = load_model(BrandVoice, out, schema="voice")
    assert voice.terms[0].term == "cheap"
    assert "Wording.yml:40" not in [t.source for t in voice.terms]
    assert len(voice.terms) == 1 + 9
    assert voice.claims[0].term == "guaranteed"

    # importing again changes nothing; another file adds its terms next to these
    assert brand_cli("import-vale", "Wording.yml", "--out", "voice.yaml")[0] == 0
    assert out.read_text(encoding="utf-8") == text
    assert brand_cli("import-vale", "Casing.yml", "--out", "voice.yaml")[0] == 0
    voice = load_model(BrandVoice, out, schema="voice")
    assert len(voice.terms) == 1 + 9 + 3


def test_out_creates_a_new_voice_file(brand_cli, tmp_path: Path) -> None:
    code, out, _ = brand_cli("import-vale", "Hedging.yml", "Acronyms.yml", "--out", "brand/voice.yaml")
    assert code == 0 and out == ""
    voice = load_model(BrandVoice, tmp_path / "brand" / "voice.yaml", schema="voice")
    assert [t.source for t in voice.terms] == ["Hedging.yml:6", "Hedging.yml:7", "Hedging.yml:8", "Acronyms.yml:5"]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("Repetition.yml", "Repetition.yml: error: no convertible rule"),
        ("Broken.yml", "Broken.yml:5:1: error: YAML syntax error"),
    ],
)
def test_exit_2_leaves_the_voice_file_untouched(brand_cli, tmp_path: Path, style: str, expected: str) -> None:
    out = tmp_path / "voice.yaml"
    out.write_text(EXISTING_VOICE, encoding="utf-8")
    code, stdout, err = brand_cli("import-vale", "Wording.yml", style, "--out", "voice.yaml")
    assert code == 2
    assert expected in err
    assert stdout == ""
    assert out.read_text(encoding="utf-8") == EXISTING_VOICE


def test_an_invalid_voice_file_is_reported_not_overwritten(brand_cli, tmp_path: Path) -> None:
    out = tmp_path / "voice.yaml"
    bad = "version: 1\nterms:\n  - term: cheap\n    alternative: [affordable]\n"
    out.write_text(bad, encoding="utf-8")
    code, _, err = brand_cli("import-vale", "Wording.yml", "--out", "voice.yaml")
    assert code == 2
    assert "voice.yaml:4:5: error: unknown field 'alternative'" in err
    assert out.read_text(encoding="utf-8") == bad


def test_out_turns_an_empty_flow_list_into_the_imported_terms(brand_cli, tmp_path: Path) -> None:
    out = tmp_path / "voice.yaml"
    out.write_text("version: 1\nterms: []  # filled by import-vale\nclaims: []\n", encoding="utf-8")
    assert brand_cli("import-vale", "Hedging.yml", "--out", "voice.yaml")[0] == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("version: 1\nterms:\n  - term: arguably\n")
    assert text.endswith("claims: []\n")
    assert [t.term for t in load_model(BrandVoice, out, schema="voice").terms][0] == "arguably"
