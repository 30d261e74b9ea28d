"""The reference docs tell a reader what they need: every command with each of its options, every
lint rule with what it checks and how safe its fix is. (What the docs say is read from the docs
themselves, not compared with the generator's output: a hand edit that keeps them complete is fine,
one that drops a command, an option or a rule fails.)"""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _commands() -> list[tuple[str, list[str]]]:
    """(`mops x y`, its option names) for every visible command, from the CLI itself."""
    from mops.app import build_command

    found: list[tuple[str, list[str]]] = []

    def walk(command, prefix: list[str]) -> None:  # noqa: ANN001 - a click command
        options = [name for p in command.params if getattr(p, "opts", None) and not getattr(p, "hidden", False)
                   for name in p.opts if name.startswith("--")]
        found.append((" ".join(["mops", *prefix]), options))
        for name in sorted(getattr(command, "commands", {}) or {}):
            sub = command.commands[name]
            if not sub.hidden:
                walk(sub, [*prefix, name])

    walk(build_command(), [])
    return found


def _sections(text: str, heading: str) -> dict[str, str]:
    parts = re.split(heading, text)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_every_command_and_option_is_in_the_cli_reference() -> None:
    sections = _sections((DOCS / "cli.md").read_text(encoding="utf-8"), r"(?m)^## `([^`]+)`$")
    missing = []
    for command, options in _commands():
        if command not in sections:
            missing.append(command)
            continue
        missing += [f"{command} {option}" for option in options if option not in sections[command]]
    assert not missing, f"docs/cli.md lacks {missing}: run `python -m mops.commands._docgen`"


def test_every_command_has_help() -> None:
    sections = _sections((DOCS / "cli.md").read_text(encoding="utf-8"), r"(?m)^## `([^`]+)`$")
    for command, _ in _commands():
        body = sections.get(command, "")
        assert "Usage:" in body, command
        assert len([line for line in body.splitlines() if line.strip() and not line.startswith("```")]) > 2, command


def test_every_rule_is_in_the_rules_reference_with_its_fix_safety() -> None:
    from mops.lint.rules import all_rules

    sections = _sections((DOCS / "rules.md").read_text(encoding="utf-8"), r"(?m)^## ([A-Z]+[0-9]+)$")
    for code, rule in all_rules().items():
        assert code in sections, f"docs/rules.md lacks {code}: run `python -m mops.lint.rules_doc`"
        assert rule.summary() in " ".join(sections[code].split()), f"docs/rules.md's {code} does not say what it checks now"


def test_every_rule_documents_why_and_fix_safety() -> None:
    from mops.lint.rules import all_rules

    for code, rule in all_rules().items():
        doc = rule.documentation()
        for section in ("What it checks:", "Why it matters:", "Example:", "Fix safety:"):
            assert section in doc, f"{code} lacks {section!r}"
