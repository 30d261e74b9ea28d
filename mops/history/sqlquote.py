"""Quoting for SQL that mops writes itself: DuckDB identifiers (column headers) and string literals.

Headers and file names come from users' exports, so every one is quoted here before it reaches SQL.
"""

from __future__ import annotations


def identifier(name: str) -> str:
    """A column or table name as a quoted identifier, inner double quotes doubled: Cost -> "Cost"."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """Text as a SQL string literal, inner single quotes doubled: O'Brien -> 'O''Brien'."""
    return "'" + text.replace("'", "''") + "'"
