"""docs/rules.md, generated from the rule classes' docstrings (`python -m mops.lint.rules_doc`)."""

from __future__ import annotations

import sys
from pathlib import Path
from collections.abc import Callable
from typing import Any

from mops.lint.rules import all_rules

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def fix_safety(rule: Any) -> str:
    """'safe' (applied by --fix), 'unsafe' (suggested only) or '' (no fix)."""
    return ("safe" if rule.fix_safe else "unsafe") if rule.fixable else ""


def explain_rule(code: str) -> str:
    """`mops lint --explain CODE`: a rule's name, severity, fix safety and documentation."""
    from mops.errors import UsageError

    rule = all_rules().get(code.upper())
    if rule is None:
        raise UsageError(f"no rule {code!r}", hint="`mops rules` lists every code")
    fix = ("safe" if rule.fix_safe else "unsafe: suggested, never applied by --fix") if rule.fixable else "none"
    return f"{rule.code} {rule.name} (default severity: {rule.severity.value}; fix: {fix})\n\n{rule.documentation()}"


def code_reference(items: dict[str, Any], level: str, fix: Callable[[Any], str] | None = None) -> list[str]:
    """The lines of a table of codes (code, name, severity, and `fix` when given) and of each code's
    entry under a `level` heading ('##', '###'), from the classes' names, severities and docstrings:
    docs/rules.md's lint rules and docs/brief.md's brief checks alike."""
    lines = ["| code | name | severity |" + (" fix |" if fix else ""), "|---|---|---|" + ("---|" if fix else "")]
    for code, item in items.items():
        lines.append(f"| [{code}](#{code.lower()}) | {item.name} | {item.severity.value} |" + (f" {fix(item)} |" if fix else ""))
    lines.append("")
    for code, item in items.items():
        lines += [f"{level} {code}", "", f"`{item.name}` · default severity **{item.severity.value}**", "", item.documentation(), ""]
    return lines


def render_rules_reference() -> str:
    lines = [
        "# mops lint rules",
        "",
        "Generated from the rule classes by `python -m mops.lint.rules_doc`; do not edit by hand.",
        "Codes are stable: a rule may be retired, never renumbered. `mops lint --explain CODE` prints one entry.",
        "",
        *code_reference(all_rules(), "##", fix_safety),
    ]
    return "\n".join(lines)


def main() -> None:
    DOC_PATH.write_text(render_rules_reference(), encoding="utf-8")
    sys.stderr.write(f"wrote {DOC_PATH}\n")


if __name__ == "__main__":
    main()
