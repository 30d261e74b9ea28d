"""Rule tests as data: one YAML file per rule under tests/rules/, run here.

Each case lints `pass` or `fail` text as a file named `filename` (default `copy.md`) with only the
case's rule selected, against the bundled taxonomy (or the workspace files a case provides):
- `pass`: no finding of the rule;
- `fail`: at least one finding (exactly `count` when given; at `line`/`column` when given;
  `message` must be contained in the first finding's message);
- `fix`: what `mops lint --fix` writes (a second run must change nothing);
- `nofix: true`: --fix leaves the text unchanged (unsafe or no fix).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mops.lint.rules import all_rules
from mops.lint.runner import LintOptions, run_lint
from mops.workspace import load_workspace

CASES_DIR = Path(__file__).parent / "rules"


def _cases():
    for file in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}")


def _workspace(tmp_path: Path, case: dict):
    files = case.get("workspace")
    if not files:
        return load_workspace(start=tmp_path)
    root = tmp_path / "ws"
    root.mkdir()
    (root / "mops.yaml").write_text(files.pop("mops.yaml", "name: test\n"), encoding="utf-8")
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return load_workspace(root)


def _lint(ws, rule: str, text: str, filename: str, fix: bool = False):
    options = LintOptions(select=[rule], stdin_text=text, stdin_filename=filename, fix=fix)
    return run_lint(ws, [], options)


def test_every_rule_has_cases() -> None:
    covered = {yaml.safe_load(f.read_text())["rule"] for f in CASES_DIR.glob("*.yaml")}
    missing = sorted(set(all_rules()) - covered - {"NAME002", "MOPS002"})  # asset and non-UTF-8 files: test_lint_engine.py
    assert not missing, f"rules without YAML cases: {missing}"


@pytest.mark.parametrize(("rule", "case"), list(_cases()))
def test_rule_case(rule: str, case: dict, tmp_path: Path) -> None:
    ws = _workspace(tmp_path, dict(case))
    filename = case.get("filename", "copy.md")
    if "pass" in case:
        findings = [f for f in _lint(ws, rule, case["pass"], filename).report.findings if f.code == rule]
        assert findings == [], [f.message for f in findings]
        return
    text = case["fail"]
    findings = [f for f in _lint(ws, rule, text, filename).report.findings if f.code == rule]
    assert findings, f"{rule} found nothing in {text!r}"
    if "count" in case:
        assert len(findings) == case["count"], [f.message for f in findings]
    if "line" in case:
        assert findings[0].line == case["line"]
    if "column" in case:
        assert findings[0].column == case["column"]
    if "message" in case:
        assert case["message"] in findings[0].message
    if "fix" in case or case.get("nofix"):
        fixed = _lint(ws, rule, text, filename, fix=True).fixed_stdin
        expected = text if case.get("nofix") else case["fix"]
        assert fixed == expected
        again = _lint(ws, rule, fixed, filename, fix=True).fixed_stdin
        assert again == fixed, "a second --fix changed the text again"
