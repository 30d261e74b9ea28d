"""What the link-finding tests share."""

from __future__ import annotations

from mops.lint.links import Scope


def full_search(text: str, scope: Scope) -> Scope:
    """`scope` searched with the case-insensitive pattern, as a text with an uppercase 'HTTP' is:
    what the lowercase search must agree with."""
    return Scope(text, scope.lines, lowercase=False, escapes=scope.escapes)
