"""Fingerprints of findings that survive edits elsewhere in a file.

A fingerprint hashes the rule code, the path, the *content* of the finding's line (whitespace
folded) and how many identical (code, content) pairs came before it in the file — never the line
number — so inserting lines above a finding leaves it unchanged. SARIF's partialFingerprints and
the baseline both use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from mops.lint.lines import split_lines
from mops.sha import sha256

if TYPE_CHECKING:  # findings are read by field: plain ones need no pydantic
    from mops.models.results import Finding


def _content(lines: list[str], line: int) -> str:
    return " ".join(lines[line - 1].split()) if 0 < line <= len(lines) else ""


def fingerprints(findings: Iterable[Finding], source: Callable[[str], str | None]) -> list[str]:
    """One fingerprint per finding, in the order given."""
    # each file is read and split once: a bulk sheet has tens of thousands of findings
    lines_of: dict[str, list[str]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for finding in findings:  # callers pass findings sorted by position, so occurrences count top-down
        lines = lines_of.get(finding.path)
        if lines is None:
            text = source(finding.path)
            # lines as findings count them (not str.splitlines, which also breaks at form feeds)
            lines = lines_of[finding.path] = split_lines(text) if text is not None else []
        content = _content(lines, finding.line)
        key = (finding.code, finding.path, content)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        digest = sha256(f"{finding.code}\0{finding.path}\0{content}\0{occurrence}".encode()).hexdigest()
        out.append(digest[:32])
    return out
