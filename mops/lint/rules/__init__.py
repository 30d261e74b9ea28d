"""The rule registry. Rule modules are imported on first use; each adds its classes here by code.

To add a rule family, write a module of small `Rule` subclasses and list it in `RULE_MODULES`.
"""

from __future__ import annotations

import importlib
import inspect

from mops.lint.rule import Rule

RULE_MODULES = (
    "mops.lint.rules.utm_keys",
    "mops.lint.rules.utm_values",
    "mops.lint.rules.utm_url",
    "mops.lint.rules.utm_channels",
    "mops.lint.rules.names",
    "mops.lint.rules.copy_terms",
    "mops.lint.rules.copy_limits",
    "mops.lint.rules.copy_tone",
    "mops.lint.rules.pii",
    "mops.lint.rules.meta",
)

_RULES: dict[str, type[Rule]] | None = None


def all_rules() -> dict[str, type[Rule]]:
    """Every rule class by code, in code order."""
    global _RULES
    if _RULES is None:
        found: dict[str, type[Rule]] = {}
        for module_name in RULE_MODULES:
            module = importlib.import_module(module_name)
            for _, obj in inspect.getmembers(module, inspect.isclass):
                if issubclass(obj, Rule) and obj.__module__ == module_name and getattr(obj, "code", None):
                    if obj.code in found:
                        raise RuntimeError(f"rule code {obj.code} is defined twice")
                    found[obj.code] = obj
        _RULES = dict(sorted(found.items()))
    return _RULES


def _best_prefix(code: str, selectors: list[str]) -> int:
    best = -1
    for selector in selectors:
        if selector == "ALL":
            best = max(best, 0)
        elif code.startswith(selector):
            best = max(best, len(selector))
    return best


def is_selected(code: str, select: list[str], ignore: list[str]) -> bool:
    """A rule runs when a selector matches it more specifically than any ignore does."""
    chosen = _best_prefix(code, select)
    return chosen >= 0 and chosen > _best_prefix(code, ignore) if _best_prefix(code, ignore) >= 0 else chosen >= 0


def unknown_selectors(selectors: list[str]) -> list[str]:
    codes = all_rules()
    return [s for s in selectors if s != "ALL" and not any(code.startswith(s) for code in codes)]
