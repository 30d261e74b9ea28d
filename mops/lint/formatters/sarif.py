"""The sarif format: SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure DevOps).

Paths are URIs relative to `%SRCROOT%` (the report's root). Each result carries a partial
fingerprint built from the rule, the path and the *content* of the finding's line, never its
number (see mops/lint/fingerprint.py), so a dashboard keeps tracking a finding when lines are
added above it.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any, TextIO
from urllib.parse import quote

from mops import __version__
from mops.lint.fingerprint import fingerprints
from mops.lint.formatters._common import Source, has_safe_fix, json_text, ordered
from mops.models.lint import LintReport, RuleInfo
from mops.models.results import Finding, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/mops-dev/mops"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "mopsLineContent/v1"
LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}
# GitHub code scanning rejects a run with more results than this, and keeps only the first 5,000
# of a smaller one ("SARIF results exceed limits" in GitHub's documentation)
GITHUB_MAX_RESULTS = 25_000
GITHUB_KEPT_RESULTS = 5_000


def github_limit_warning(results: int) -> str | None:
    """What to tell someone about to upload `results` results to GitHub code scanning, if anything."""
    if results > GITHUB_MAX_RESULTS:
        return (f"the SARIF has {results:,} results: GitHub code scanning rejects a run of more than {GITHUB_MAX_RESULTS:,}. "
                "Accept the existing findings with --baseline, or narrow the run with --select or paths")
    if results > GITHUB_KEPT_RESULTS:
        return (f"the SARIF has {results:,} results: GitHub code scanning keeps only {GITHUB_KEPT_RESULTS:,} of them. "
                "Accept the existing findings with --baseline to see the new ones")
    return None


def artifact_location(path: str) -> dict[str, str]:
    """A finding path as a SARIF artifactLocation: relative to %SRCROOT%, forward slashes, percent-encoded."""
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute() or Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    # ':' and ',' are encoded too, so 'a:b.md' cannot be read as a URI scheme.
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


def _descriptor(info: RuleInfo) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary or info.name},
        "defaultConfiguration": {"level": LEVEL[info.severity]},
        "properties": {"fixable": info.fixable},
    }
    if info.help_uri:
        descriptor["helpUri"] = info.help_uri
    return descriptor


def _rules(report: LintReport, findings: list[Finding]) -> list[RuleInfo]:
    """The rules that ran, plus any code a finding carries that no rule describes (engine checks)."""
    rules = list(report.rules)
    known = {r.code for r in rules}
    for f in findings:
        if f.code not in known:
            known.add(f.code)
            rules.append(RuleInfo(code=f.code, name=f.code, summary=f.code, severity=f.severity))
    return rules


def _region(f: Finding) -> dict[str, int]:
    region = {"startLine": f.line, "startColumn": f.column}
    if f.end_line is not None:
        region["endLine"] = f.end_line
    if f.end_column is not None:
        region["endColumn"] = f.end_column
    return region


def _fixes(f: Finding, location: dict[str, str]) -> list[dict[str, Any]]:
    fix = f.fix
    if fix is None or not has_safe_fix(f):
        return []
    replacements = [
        {
            # Edit offsets count characters of the decoded file, as SARIF's charOffset does.
            "deletedRegion": {"charOffset": e.start, "charLength": max(e.end - e.start, 0)},
            "insertedContent": {"text": e.replacement},
        }
        for e in fix.edits
    ]
    return [{
        "description": {"text": fix.description},
        "artifactChanges": [{"artifactLocation": location, "replacements": replacements}],
    }]


def sarif_log(report: LintReport, source: Source) -> dict[str, Any]:
    findings = ordered(report.findings)
    rules = _rules(report, findings)
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    locations: dict[str, dict[str, str]] = {}  # one per path: a bulk sheet has tens of thousands of findings
    for f, fingerprint in zip(findings, fingerprints(findings, source)):
        location = locations.get(f.path)
        if location is None:
            location = locations[f.path] = artifact_location(f.path)
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": location, "region": _region(f)}}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
        fixes = _fixes(f, location)
        if fixes:
            result["fixes"] = fixes
        results.append(result)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "mops",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_descriptor(r) for r in rules],
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"filesChecked": report.files_checked, "fixesApplied": report.fixes_applied},
    }
    if report.notes or report.errors:  # run-level notes (e.g. files without a channel) and errors: notifications of the invocation
        run["invocations"] = [{
            "executionSuccessful": not report.errors,
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {"text": error.message + (f" ({error.hint})" if error.hint else "")},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact_location(error.path)}}] if error.path else [],
                }
                for error in report.errors
            ] + [
                {
                    "level": "note",
                    "descriptor": {"id": note.id},
                    "message": {"text": note.message},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path)}} for path in note.paths],
                }
                for note in report.notes
            ],
        }]
    if report.root:
        root_uri = Path(report.root).resolve().as_uri()
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root_uri if root_uri.endswith("/") else root_uri + "/"}}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: LintReport, stream: TextIO, *, source: Source) -> None:
    stream.write(json_text(sarif_log(report, source)))
    stream.write("\n")  # not `+ "\n"`: that copies a report of a hundred megabytes
