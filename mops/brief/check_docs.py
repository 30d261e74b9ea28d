"""The "brief check codes" section of docs/brief.md, generated from the checks' docstrings.

`python -m mops.brief.check_docs` rewrites that section in place and leaves the rest of the file
(other sections, written by hand) as it is.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mops.brief.check_rules import all_checks
from mops.lint.rules_doc import code_reference

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "brief.md"
HEADING = "## brief check codes"


def render_check_codes() -> str:
    """The section, from its heading to the end of the last code's entry, ending with a newline."""
    checks = all_checks()
    lines = [
        HEADING,
        "",
        "Generated from the check classes by `python -m mops.brief.check_docs`; do not edit by hand.",
        "`mops brief check BRIEF...` runs these checks and `mops lint` on each brief file; lint's findings",
        "keep their own codes (docs/rules.md). Codes are stable: a check may be retired, never renumbered.",
        "`mops brief check --explain CODE` prints one entry. Output formats and `--fail-on` are lint's",
        "(docs/output-formats.md); exit 1 on findings, 2 when a brief cannot be read or is invalid.",
        "",
        *code_reference(checks, "###"),
    ]
    return "\n".join(lines)


def replace_section(document: str, section: str) -> str:
    """`document` with its "brief check codes" section replaced by `section` (appended when absent)."""
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(document):
        return pattern.sub(lambda _m: section, document, count=1)
    separator = "" if not document or document.endswith("\n\n") else ("\n" if document.endswith("\n") else "\n\n")
    return f"{document}{separator}{section}"


def main() -> None:
    current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else "# Briefs\n\n"
    DOC_PATH.write_text(replace_section(current, render_check_codes()), encoding="utf-8")
    sys.stderr.write(f"wrote {DOC_PATH}\n")


if __name__ == "__main__":
    main()
