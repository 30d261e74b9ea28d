"""Naming grammars: `{yyyy}-{quarter}_{slug}` built from named tokens, each a vocabulary or a
pattern. One grammar checks utm_campaign values, campaign names in bulk sheets and asset file names,
and says which token went wrong."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from mops import regexcache

if TYPE_CHECKING:  # the lint builds grammars without importing the model (and pydantic)
    from mops.models.taxonomy import Taxonomy

_TOKEN = regexcache.compile(r"\{([a-z_][a-z0-9_]*)\}")


class GrammarProblem(NamedTuple):
    """Why a value does not follow a naming grammar, and where in it."""

    message: str
    offset: int  # where in the value the problem starts


class Grammar:
    """A compiled naming grammar."""

    def __init__(self, name: str, taxonomy: Taxonomy) -> None:
        self.name = name
        self.template = taxonomy.names[name]
        self._taxonomy = taxonomy
        self.parts = self._expand(self.template, depth=0)
        self.regex = regexcache.compile("".join(regex for _, regex in self.parts) + r"\Z")

    def _token_regex(self, token: str, depth: int) -> list[tuple[str, str]]:
        tax = self._taxonomy
        if token in tax.tokens:
            spec = tax.tokens[token]
            if spec.values:
                alternatives = "|".join(re.escape(v) for v in sorted(spec.values, key=len, reverse=True))
                return [(token, f"(?:{alternatives})")]
            return [(token, f"(?:{spec.pattern})")]
        if depth > 5:
            raise ValueError(f"naming grammar {self.name!r} nests too deeply through {{{token}}}")
        return self._expand(tax.names[token], depth + 1)

    def _expand(self, template: str, depth: int) -> list[tuple[str, str]]:
        parts: list[tuple[str, str]] = []
        position = 0
        for match in _TOKEN.finditer(template):
            if match.start() > position:
                literal = template[position : match.start()]
                parts.append((literal, re.escape(literal)))
            parts.extend(self._token_regex(match[1], depth))
            position = match.end()
        if position < len(template):
            literal = template[position:]
            parts.append((literal, re.escape(literal)))
        return parts

    def matches(self, value: str) -> bool:
        return self.regex.match(value) is not None

    def diagnose(self, value: str) -> GrammarProblem | None:
        """None when `value` follows the grammar; else what is wrong, at which offset."""
        if self.matches(value):
            return None
        consumed = 0
        prefix = ""
        for index, (label, regex) in enumerate(self.parts):
            prefix += regex
            match = regexcache.compile(prefix).match(value)
            if match is None:
                is_token = _TOKEN.fullmatch("{" + label + "}") is not None and label in self._taxonomy.tokens
                rest = value[consumed:] or "(end of value)"
                if is_token:
                    spec = self._taxonomy.tokens[label]
                    expected = ", ".join(spec.values) if spec.values else (spec.description or spec.pattern)
                    return GrammarProblem(f"expected {{{label}}} ({expected}) at {rest!r}", consumed)
                return GrammarProblem(f"expected {label!r} at {rest!r}", consumed)
            consumed = match.end()
            del index
        return GrammarProblem(f"unexpected {value[consumed:]!r} after a complete {self.template}", consumed)


def compile_grammars(taxonomy: Taxonomy) -> dict[str, Grammar]:
    return {name: Grammar(name, taxonomy) for name in taxonomy.names}
