"""Docs generated from code must match the code."""

from __future__ import annotations

from mops.commands._docgen import DOC_PATH, render_cli_reference


def test_cli_reference_is_current() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render_cli_reference(), (
        "docs/cli.md is stale: run `python -m mops.commands._docgen`"
    )


def test_every_command_has_help() -> None:
    text = render_cli_reference()
    for block in text.split("## `")[1:]:
        title = block.split("`", 1)[0]
        body = block.split("```text", 1)[1]
        assert "Usage:" in body, title
        # a first help line beyond the usage line
        assert len([line for line in body.splitlines() if line.strip()]) > 2, title


def test_rules_reference_is_current() -> None:
    from mops.lint.rules_doc import DOC_PATH as RULES_DOC
    from mops.lint.rules_doc import render_rules_reference

    assert RULES_DOC.read_text(encoding="utf-8") == render_rules_reference(), (
        "docs/rules.md is stale: run `python -m mops.lint.rules_doc`"
    )


def test_every_rule_documents_why_and_fix_safety() -> None:
    from mops.lint.rules import all_rules

    for code, rule in all_rules().items():
        doc = rule.documentation()
        for section in ("What it checks:", "Why it matters:", "Example:", "Fix safety:"):
            assert section in doc, f"{code} lacks {section!r}"
