"""What `mops lint --format ...` shows: each format rendered from a LintReport built by hand.

Expected strings are written out from the format specs (docs/output-formats.md, the GitHub runner's
escaping rules, SARIF 2.1.0), not captured from the code.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from mops.errors import UsageError
from mops.lint.formatters import FORMATS, render
from mops.lint.formatters.markdown import render as render_markdown
from mops.models.lint import LintReport, RuleInfo
from mops.models.results import Edit, Finding, Fix, Severity

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

BLOCKED = RuleInfo(code="COPY001", name="brand.blocked-term", summary="Flags a word the brand voice forbids.",
                   severity=Severity.error, fixable=True, help_uri="https://example.com/rules/COPY001")
MISSING = RuleInfo(code="UTM002", name="utm.required-param", summary="A required UTM parameter is missing.", severity=Severity.warning)
CASING = RuleInfo(code="UTM005", name="utm.value-case", summary="UTM values are lowercase.", severity=Severity.warning)


def cheap(path: str = "copy/spring.md", line: int = 3, column: int = 14) -> Finding:
    return Finding(
        code="COPY001", severity=Severity.error, path=path, line=line, column=column, end_line=line, end_column=column + 5,
        message='"cheap" is off-brand; use "affordable"',
        fix=Fix(description='replace "cheap" with "affordable"', edits=[Edit(start=40, end=45, replacement="affordable")]),
    )


def sample_report() -> LintReport:
    # Deliberately out of order: every format must print by path, line, column.
    return LintReport(
        findings=[
            Finding(code="UTM005", severity=Severity.warning, path="links/q2.csv", line=4, column=27,
                    message="utm_medium 'Email' should be lowercase",
                    fix=Fix(description="lowercase it", edits=[Edit(start=0, end=5, replacement="email")], safe=False)),
            Finding(code="UTM002", severity=Severity.warning, path="copy/spring.md", line=12, column=1, message="utm_source is missing"),
            cheap(),
        ],
        rules=[BLOCKED, MISSING, CASING],
        files_checked=12,
        root="/work/site",
    )


def rendered(report: LintReport, fmt: str, **kwargs) -> str:
    out = io.StringIO()
    render(report, fmt, out, **kwargs)
    return out.getvalue()


def on_a_terminal(report: LintReport, source=None) -> str:
    """The text format as `mops lint` draws it for a person at a terminal (in colour)."""
    from mops.commands._output import write_styled
    from mops.lint.formatters.text import styled_lines

    out = io.StringIO()
    write_styled(styled_lines(report, source), out, color=True)
    return out.getvalue()


# --- text -----------------------------------------------------------------------------------------

def test_text_groups_findings_by_file_and_ends_with_a_summary() -> None:
    assert rendered(sample_report(), "text") == (
        "copy/spring.md\n"
        '  3:14  ERROR    COPY001  "cheap" is off-brand; use "affordable"  (fix available)\n'
        "  12:1  WARNING  UTM002   utm_source is missing\n"
        "\n"
        "links/q2.csv\n"
        "  4:27  WARNING  UTM005   utm_medium 'Email' should be lowercase  (suggestion)\n"
        "\n"
        "1 error, 2 warnings in 2 files (12 checked); 1 fixable with --fix\n"
    )


def test_text_clean_run_says_so_with_the_number_of_files() -> None:
    assert rendered(LintReport(files_checked=12), "text") == "No problems found in 12 files.\n"
    assert rendered(LintReport(files_checked=1), "text") == "No problems found in 1 file.\n"


def test_text_summary_counts_info_and_omits_fixable_when_nothing_is() -> None:
    report = LintReport(findings=[Finding(code="NAME002", severity=Severity.info, path="a.png", message="odd name")], files_checked=3)
    assert rendered(report, "text").splitlines()[-1] == "1 info in 1 file (3 checked)"


def test_text_lines_up_a_multi_line_message_under_its_first_line() -> None:
    report = LintReport(findings=[Finding(code="UTM002", path="a.md", line=2, column=7, message="first line\nsecond line")], files_checked=1)
    assert rendered(report, "text").splitlines()[1:3] == [
        "  2:7  WARNING  UTM002  first line",
        "                        second line",
    ]


def test_text_with_color_styles_the_same_words() -> None:
    # The autouse fixture sets NO_COLOR; the caller's color=True still wins (it checked the terminal).
    plain = rendered(sample_report(), "text")
    colored = on_a_terminal(sample_report())
    assert "\x1b[" in colored
    assert re.sub(r"\x1b\[[0-9;]*m", "", colored) == plain


def test_text_keeps_square_brackets_in_messages_literal_when_colored() -> None:
    report = LintReport(findings=[Finding(code="COPY002", path="a.md", message="use [bold]cheap[/bold] less")], files_checked=1)
    colored = on_a_terminal(report)
    assert "use [bold]cheap[/bold] less" in re.sub(r"\x1b\[[0-9;]*m", "", colored)


# --- json -----------------------------------------------------------------------------------------

def test_json_is_a_versioned_object_with_summary_and_findings() -> None:
    report = sample_report()
    report.fixes_applied = 2
    data = json.loads(rendered(report, "json"))
    assert data["version"] == 1
    assert data["tool"]["name"] == "mops"
    assert isinstance(data["tool"]["version"], str) and data["tool"]["version"]
    assert data["summary"] == {
        "total": 3, "errors": 1, "warnings": 2, "info": 0, "files_with_findings": 2,
        "files_checked": 12, "fixable": 1, "fixes_applied": 2,
    }
    assert [(f["path"], f["line"], f["code"]) for f in data["findings"]] == [
        ("copy/spring.md", 3, "COPY001"), ("copy/spring.md", 12, "UTM002"), ("links/q2.csv", 4, "UTM005"),
    ]
    first = data["findings"][0]
    assert first["severity"] == "error"
    assert first["end_column"] == 19
    assert first["fix"] == {"description": 'replace "cheap" with "affordable"',
                            "edits": [{"start": 40, "end": 45, "replacement": "affordable"}], "safe": True}
    # Each finding round-trips into the model, so Python consumers can load it back.
    assert Finding.model_validate(first) == cheap()


def test_json_keeps_non_ascii_readable() -> None:
    report = LintReport(findings=[Finding(code="COPY001", path="copy/été.md", message="« bon marché » is off-brand")], files_checked=1)
    text = rendered(report, "json")
    assert "« bon marché »" in text and "copy/été.md" in text


# --- sarif ----------------------------------------------------------------------------------------

def sarif(report: LintReport, source=None) -> dict:
    return json.loads(rendered(report, "sarif", source=source))


def schema_errors(log: dict) -> list[str]:
    return [e.message for e in jsonschema.Draft4Validator(SARIF_SCHEMA).iter_errors(log)]


def test_sarif_is_valid_against_the_official_schema() -> None:
    report = sample_report()
    report.findings.append(Finding(code="NAME002", severity=Severity.info, path="assets\\hero banner,v2:final.png", message="odd name"))
    log = sarif(report, source=lambda path: "line\n" * 20)
    assert schema_errors(log) == []
    assert schema_errors(sarif(LintReport(files_checked=0))) == []


def test_the_schema_check_is_not_vacuous() -> None:
    log = sarif(sample_report())
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(schema_errors(log)) == 2


def test_sarif_describes_the_tool_and_its_rules() -> None:
    driver = sarif(sample_report())["runs"][0]["tool"]["driver"]
    assert driver["name"] == "mops"
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["COPY001", "UTM002", "UTM005"]
    blocked = driver["rules"][0]
    assert blocked["name"] == "brand.blocked-term"
    assert blocked["shortDescription"] == {"text": "Flags a word the brand voice forbids."}
    assert blocked["helpUri"] == "https://example.com/rules/COPY001"
    assert blocked["defaultConfiguration"] == {"level": "error"}
    assert "helpUri" not in driver["rules"][1]


def test_sarif_results_point_at_rules_and_places() -> None:
    run = sarif(sample_report())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("COPY001", "error"), ("UTM002", "warning"), ("UTM005", "warning")]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]
    assert first["message"] == {"text": '"cheap" is off-brand; use "affordable"'}
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "copy/spring.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 14, "endLine": 3, "endColumn": 19}
    assert results[1]["locations"][0]["physicalLocation"]["region"] == {"startLine": 12, "startColumn": 1}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///work/site/"


def test_sarif_info_is_a_note_and_unknown_codes_still_get_a_rule() -> None:
    report = LintReport(findings=[Finding(code="NAME002", severity=Severity.info, path="a.png", message="odd name")], files_checked=1)
    run = sarif(report)["runs"][0]
    assert run["results"][0]["level"] == "note"
    assert run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]["id"] == "NAME002"


def test_sarif_uris_use_forward_slashes_and_percent_encoding() -> None:
    report = LintReport(findings=[Finding(code="NAME002", path="assets\\hero banner,v2:final.png", message="odd")], files_checked=1)
    location = sarif(report)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "assets/hero%20banner%2Cv2%3Afinal.png", "uriBaseId": "%SRCROOT%"}


def test_sarif_offers_safe_fixes_only() -> None:
    results = sarif(sample_report())["runs"][0]["results"]
    assert results[0]["fixes"] == [{
        "description": {"text": 'replace "cheap" with "affordable"'},
        "artifactChanges": [{
            "artifactLocation": {"uri": "copy/spring.md", "uriBaseId": "%SRCROOT%"},
            "replacements": [{"deletedRegion": {"charOffset": 40, "charLength": 5}, "insertedContent": {"text": "affordable"}}],
        }],
    }]
    assert "fixes" not in results[2]  # UTM005's fix is unsafe: a suggestion, not a SARIF fix


SPRING = "# Spring sale\n\nTry our cheap plans today.\n"


def fingerprint(text: str, line: int) -> str:
    report = LintReport(findings=[cheap(path="copy/spring.md", line=line, column=9)], files_checked=1)
    result = sarif(report, source=lambda path: text if path == "copy/spring.md" else None)["runs"][0]["results"][0]
    (value,) = result["partialFingerprints"].values()
    return value


def test_fingerprint_survives_lines_inserted_above() -> None:
    before = fingerprint(SPRING, line=3)
    after = fingerprint("<!-- reviewed -->\nIntro.\n\n" + SPRING, line=6)
    assert before == after


def test_fingerprint_ignores_reindentation_but_not_new_words() -> None:
    assert fingerprint("# Spring sale\n\n   Try  our cheap plans\ttoday.  \n", line=3) == fingerprint(SPRING, line=3)
    assert fingerprint("# Spring sale\n\nTry our cheap plans now.\n", line=3) != fingerprint(SPRING, line=3)


def test_fingerprint_reads_the_line_the_finding_counts_to() -> None:
    # findings count lines at \n, \r\n and \r only; a form feed or U+2028 inside a line must not
    # shift which line the fingerprint hashes (it did when lines were split with str.splitlines)
    assert fingerprint("# Spring\x0csale\u2028\n\nTry our cheap plans today.\n", line=3) == fingerprint(SPRING, line=3)
    assert fingerprint("# Spring sale\r\rTry our cheap plans today.\r", line=3) == fingerprint(SPRING, line=3)


def test_each_finding_of_a_long_file_is_fingerprinted_by_its_own_line() -> None:
    text = "".join(f"row {i} cheap\n" for i in range(2_000))
    report = LintReport(findings=[cheap(path="a.md", line=i + 1, column=1) for i in range(2_000)])
    results = sarif(report, source=lambda path: text)["runs"][0]["results"]
    assert len({next(iter(r["partialFingerprints"].values())) for r in results}) == 2_000
    assert results[-1]["partialFingerprints"] == sarif(LintReport(findings=[cheap(path="a.md", line=1, column=1)]),
                                                       source=lambda path: "row 1999 cheap\n")["runs"][0]["results"][0]["partialFingerprints"]


def test_identical_lines_get_distinct_fingerprints_that_also_survive_insertions() -> None:
    text = "cheap deals\ncheap deals\n"

    def both(source_text: str, first_line: int) -> list[str]:
        report = LintReport(findings=[cheap(path="a.md", line=first_line, column=1), cheap(path="a.md", line=first_line + 1, column=1)])
        results = sarif(report, source=lambda path: source_text)["runs"][0]["results"]
        return [next(iter(r["partialFingerprints"].values())) for r in results]

    original = both(text, 1)
    assert original[0] != original[1]
    assert both("new first line\n\n" + text, 3) == original


# --- github ---------------------------------------------------------------------------------------

def test_github_writes_one_workflow_command_per_finding() -> None:
    assert rendered(sample_report(), "github") == (
        '::error file=copy/spring.md,line=3,col=14,endLine=3,endColumn=19,title=COPY001::"cheap" is off-brand; use "affordable"\n'
        "::warning file=copy/spring.md,line=12,col=1,title=UTM002::utm_source is missing\n"
        "::warning file=links/q2.csv,line=4,col=27,title=UTM005::utm_medium 'Email' should be lowercase\n"
    )


def test_github_escapes_messages_and_properties_as_the_runner_requires() -> None:
    report = LintReport(findings=[Finding(
        code="UTM001", severity=Severity.info, path="links/a,b:c.csv", line=2, column=5,
        message="50% off: today, only\r\nsecond line\nthird",
    )])
    assert rendered(report, "github") == (
        "::notice file=links/a%2Cb%3Ac.csv,line=2,col=5,title=UTM001::50%25 off: today, only%0D%0Asecond line%0Athird\n"
    )


def test_github_escapes_percent_before_adding_escapes() -> None:
    report = LintReport(findings=[Finding(code="UTM001", path="100%,x.csv", message="literal %0A stays literal")])
    assert rendered(report, "github") == "::warning file=100%25%2Cx.csv,line=1,col=1,title=UTM001::literal %250A stays literal\n"


# --- markdown -------------------------------------------------------------------------------------

def test_markdown_is_a_pull_request_comment() -> None:
    assert rendered(sample_report(), "markdown") == (
        "## ❌ mops lint: 1 error, 2 warnings in 2 files (12 checked)\n"
        "\n"
        "1 of them can be fixed with `mops lint --fix`.\n"
        "\n"
        "| Code | Name | Count | Severity |\n"
        "| --- | --- | ---: | --- |\n"
        "| COPY001 | brand.blocked-term | 1 | error |\n"
        "| UTM002 | utm.required-param | 1 | warning |\n"
        "| UTM005 | utm.value-case | 1 | warning |\n"
        "\n"
        "| Location | Code | Message |\n"
        "| --- | --- | --- |\n"
        '| copy/spring.md:3 | COPY001 | "cheap" is off-brand; use "affordable" |\n'
        "| copy/spring.md:12 | UTM002 | utm_source is missing |\n"
        "| links/q2.csv:4 | UTM005 | utm_medium 'Email' should be lowercase |\n"
    )


def test_markdown_verdict_follows_the_worst_severity() -> None:
    warning_only = LintReport(findings=[Finding(code="UTM002", path="a.md", message="m")], files_checked=4)
    assert rendered(warning_only, "markdown").splitlines()[0] == "## ⚠️ mops lint: 1 warning in 1 file (4 checked)"
    assert rendered(LintReport(files_checked=4), "markdown") == "## ✅ mops lint: no problems found in 4 files\n"


def test_markdown_summary_orders_rules_by_severity_then_count() -> None:
    findings = [Finding(code="UTM002", path=f"a{i}.md", message="m") for i in range(3)]
    findings += [cheap(path="b.md")]
    table = rendered(LintReport(findings=findings, rules=[BLOCKED, MISSING]), "markdown")
    assert "| COPY001 | brand.blocked-term | 1 | error |\n| UTM002 | utm.required-param | 3 | warning |\n" in table


def test_markdown_escapes_pipes_newlines_and_html_in_cells() -> None:
    report = LintReport(findings=[Finding(code="COPY003", path="a|b.md", line=7, message="use <b>bold</b> | not caps\nsee voice.yaml & co")])
    row = rendered(report, "markdown").splitlines()[-1]
    assert row == "| a\\|b.md:7 | COPY003 | use &lt;b&gt;bold&lt;/b&gt; \\| not caps<br>see voice.yaml &amp; co |"


def test_markdown_truncates_the_findings_table() -> None:
    findings = [Finding(code="UTM002", path="links.csv", line=i, message=f"row {i}") for i in range(1, 6)]
    out = io.StringIO()
    render_markdown(LintReport(findings=findings, files_checked=1), out, max_rows=2)
    lines = out.getvalue().splitlines()
    assert [line for line in lines if line.startswith("| links.csv:")] == [
        "| links.csv:1 | UTM002 | row 1 |", "| links.csv:2 | UTM002 | row 2 |",
    ]
    assert lines[-1] == "…and 3 more (run `mops lint` locally for the full list)."
    # The summary table still counts every finding.
    assert "| UTM002 |  | 5 | warning |" in lines


def test_markdown_default_truncation_is_fifty_rows() -> None:
    findings = [Finding(code="UTM002", path="links.csv", line=i, message="m") for i in range(1, 54)]
    lines = rendered(LintReport(findings=findings), "markdown").splitlines()
    assert sum(1 for line in lines if line.startswith("| links.csv:")) == 50
    assert lines[-1].startswith("…and 3 more")


# --- every format ---------------------------------------------------------------------------------

def test_formats_are_the_documented_five() -> None:
    assert FORMATS == ("text", "json", "sarif", "github", "markdown")


EMPTY_OUTPUT = {
    "text": "No problems found in 7 files.\n",
    "github": "",
    "markdown": "## ✅ mops lint: no problems found in 7 files\n",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_report_renders_in_every_format(fmt: str) -> None:
    out = rendered(LintReport(files_checked=7), fmt)
    if fmt in EMPTY_OUTPUT:
        assert out == EMPTY_OUTPUT[fmt]
    elif fmt == "json":
        data = json.loads(out)
        assert data["findings"] == [] and data["summary"]["total"] == 0 and data["summary"]["files_checked"] == 7
    else:
        log = json.loads(out)
        assert log["runs"][0]["results"] == [] and schema_errors(log) == []


def test_an_unknown_format_is_a_usage_error_naming_the_choices() -> None:
    with pytest.raises(UsageError) as caught:
        rendered(sample_report(), "xml")
    assert "xml" in caught.value.message
    assert caught.value.hint == "use one of: text, json, sarif, github, markdown"


def test_cli_offers_exactly_the_formats_that_exist() -> None:
    from mops.commands.lint import OutputFormat
    from mops.lint.formatters import FORMATS

    assert tuple(f.value for f in OutputFormat) == FORMATS


def test_json_is_written_as_json_dumps_would_write_it():
    # the json and sarif formats are written by pydantic's serializer for speed; scripts that
    # diff reports must see the same bytes json.dumps(indent=2, ensure_ascii=False) writes
    import random

    from mops.lint.formatters._common import json_text

    rng = random.Random(20261125)
    chars = ["a", "é", '"', "\\", "\n", "\t", "\x00", "\x1f", "\x7f", "\u2028", "😀", "/", "<", "&", " "]

    def text() -> str:
        return "".join(rng.choice(chars) for _ in range(rng.randrange(6)))

    def value(depth: int = 0):
        roll = rng.random()
        if depth > 3 or roll < 0.4:
            return text()
        if roll < 0.5:
            return rng.choice([0, -3, 10**20, True, False, None])
        if roll < 0.75:
            return [value(depth + 1) for _ in range(rng.randrange(4))]
        return {text(): value(depth + 1) for _ in range(rng.randrange(4))}

    for _ in range(5000):
        sample = value()
        assert json_text(sample) == json.dumps(sample, indent=2, ensure_ascii=False), sample

    finding = Finding(code="COPY001", severity=Severity.error, path="copy/é.md", line=2, column=3, message='"cheap" \\ é\n😀',
                      fix=Fix(description="use \"affordable\"", edits=[Edit(start=1, end=2, replacement="é")]))
    assert json_text({"findings": [finding]}) == json.dumps({"findings": [finding.model_dump(mode="json")]}, indent=2, ensure_ascii=False)


# --- personal data: the kind and the place, never the value ----------------------------------------

PERSONAL = {
    "PII001": "jane.doe@gmail.com",
    "PII002": "+49 151 23456789",
    "PII003": "4111 1111 1111 1111",
    "PII004": "DE89 3704 0044 0532 0130 00",
    "PII005": "203.0.113.42",
    "PII006": "Laura Becker",
}
KIND_WORDS = {"PII001": "email address", "PII002": "phone number", "PII003": "payment card number",
              "PII004": "IBAN", "PII005": "IP address", "PII006": "person's name"}


@pytest.fixture
def personal_copy(tmp_path: Path) -> Path:
    (tmp_path / "mops.yaml").write_text("name: t\ndefault_region: DE\n", encoding="utf-8")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "a.md").write_text(
        "# Offer\n\nQuestions? Write to jane.doe@gmail.com or call +49 151 23456789.\n\n"
        "Thanks to Laura Becker. Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, from 203.0.113.42.\n",
        encoding="utf-8",
    )
    return tmp_path


def _pieces_of(value: str) -> list[str]:
    """The value and the parts of it that identify someone on their own (a surname, the digits)."""
    parts = [value, *(w for w in re.split(r"[\s@.]+", value) if len(w) > 3 and not w.isupper())]
    digits = re.sub(r"\D", "", value)
    return parts + ([digits[-8:]] if len(digits) >= 8 else [])


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "markdown", "text"])
def test_output_that_may_be_kept_names_the_kind_and_place_of_personal_data_but_not_the_data(mops, personal_copy: Path, fmt: str) -> None:
    result = mops("lint", "copy/a.md", "--select", "PII", "--format", fmt, cwd=personal_copy)
    assert result.exit_code == 1
    for code, value in PERSONAL.items():
        for piece in _pieces_of(value):
            assert piece not in result.stdout, f"{fmt} output quotes {piece!r} of a {code} finding"
    lines = (personal_copy / "copy" / "a.md").read_text(encoding="utf-8").split("\n")
    places = {  # where each value starts: 1-based line and column
        code: next((i, t.index(value) + 1) for i, t in enumerate(lines, 1) if value in t) for code, value in PERSONAL.items()
    }
    for code, (line, column) in places.items():
        if fmt == "json":
            (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == code]
            assert (finding["path"], finding["line"], finding["column"]) == ("copy/a.md", line, column)
            assert KIND_WORDS[code] in finding["message"]
        elif fmt == "sarif":
            (res,) = [r for r in json.loads(result.stdout)["runs"][0]["results"] if r["ruleId"] == code]
            place = res["locations"][0]["physicalLocation"]
            assert place["artifactLocation"]["uri"] == "copy/a.md"
            assert (place["region"]["startLine"], place["region"]["startColumn"]) == (line, column)
            assert KIND_WORDS[code] in res["message"]["text"]
        elif fmt == "github":
            assert re.search(rf"^::error file=copy/a.md,line={line},col={column},.*title={code}::{re.escape(KIND_WORDS[code])}", result.stdout, re.M)
        elif fmt == "markdown":
            assert re.search(rf"^\| copy/a.md:{line} \| {code} \| {re.escape(KIND_WORDS[code])}", result.stdout, re.M)
        else:
            assert re.search(rf"^  {line}:{column}\s+ERROR\s+{code}\s+{re.escape(KIND_WORDS[code])}", result.stdout, re.M)


def test_text_on_a_terminal_shows_personal_data_masked(personal_copy: Path) -> None:
    text = (personal_copy / "copy" / "a.md").read_text(encoding="utf-8")
    lines = text.split("\n")

    def finding(code: str, value: str) -> Finding:
        line = next(i for i, t in enumerate(lines, 1) if value in t)
        column = lines[line - 1].index(value) + 1
        return Finding(code=code, severity=Severity.error, path="copy/a.md", line=line, column=column,
                       end_line=line, end_column=column + len(value), message=f"{KIND_WORDS[code]} in copy")

    report = LintReport(findings=[finding(c, v) for c, v in PERSONAL.items()], files_checked=1)
    source = {"copy/a.md": text}.get
    on_terminal = re.sub(r"\x1b\[[0-9;]*m", "", on_a_terminal(report, source))
    for masked in ("[j•••@g•••.com]", "[+•• ••• ••••••89]", "[•••• •••• •••• 1111]", "[DE•• •••• •••• •••• ••30 00]",
                   "[203.•••.•••.•••]", "[L. B.]"):
        assert masked in on_terminal
    for value in PERSONAL.values():
        assert value not in on_terminal
    piped = rendered(report, "text", source=source)
    assert "•" not in piped and not any(value in piped for value in PERSONAL.values())


def test_sarif_fingerprints_of_standard_input_hash_what_was_linted_not_a_file_on_disk(mops, tmp_path) -> None:
    """`--stdin-filename ad.md` names the input; a different ad.md lying on disk must not be what
    the fingerprints (and quoted lines) are made from."""
    import json

    (tmp_path / "mops.yaml").write_text("version: 1\nname: x\n", encoding="utf-8")
    text = "Headline: Boots\nLink: https://x.example/?utm_source=FB&utm_medium=paid_social&utm_campaign=2026-q4_bf\n"

    def fingerprints(*args: str, stdin: str | None = None) -> list:
        result = mops("lint", "--format", "sarif", *args, cwd=tmp_path, stdin=stdin)
        return [r["partialFingerprints"] for r in json.loads(result.stdout)["runs"][0]["results"]]

    (tmp_path / "ad.md").write_text(text, encoding="utf-8")
    from_file = fingerprints("ad.md")
    assert from_file
    (tmp_path / "ad.md").write_text("something else entirely\n" * 3, encoding="utf-8")
    assert fingerprints("--stdin-filename", "ad.md", "-", stdin=text) == from_file


def test_a_report_file_replaces_the_old_one_whole_keeps_its_mode_and_leaves_no_temporary_file(mops, example_workspace: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    report = out_dir / "lint.json"
    report.write_text("old report\n")
    report.chmod(0o640)
    result = mops("-w", str(example_workspace), "lint", "--format", "json", "-o", str(report))
    assert result.exit_code in (0, 1), result.stderr
    assert json.loads(report.read_text())["summary"]["files_checked"] > 0
    assert report.stat().st_mode & 0o777 == 0o640
    fresh = out_dir / "new.sarif"
    assert mops("-w", str(example_workspace), "lint", "--format", "sarif", "-o", str(fresh)).exit_code in (0, 1)
    assert fresh.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in out_dir.iterdir()) == ["lint.json", "new.sarif"]


def test_a_report_file_whose_name_nears_the_file_systems_limit_is_written(mops, example_workspace: Path, tmp_path: Path) -> None:
    # the temporary file beside it is named `.NAME.` + 8 characters + `.tmp`, as tempfile.mkstemp
    # named it: 14 bytes more than the name, so a name of 241 bytes still fits in 255
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    report = out_dir / ("r" * 237 + ".txt")
    result = mops("-w", str(example_workspace), "lint", "-o", str(report))
    assert result.exit_code in (0, 1), result.stderr
    assert report.read_text() and [p.name for p in out_dir.iterdir()] == [report.name]
