"""A taxonomy compiled for fast lookups: aliases, allowed values, patterns, banned values,
source-medium pairs and grammars. Built once per run; lint rules, `mops utm build` and
`mops utm audit` all ask it the same questions, so they always agree."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from mops import regexcache
from mops.memo import memoised, remember
from mops.utm.grammar import Grammar, compile_grammars
from mops.utm.parameters import GA4_PARAMETERS

if TYPE_CHECKING:  # the lint builds the index without importing the model (and pydantic)
    from mops.models.taxonomy import Taxonomy


class ValueVerdict(NamedTuple):
    """What the taxonomy says about one value of one parameter."""

    canonical: str | None  # the value it should be, when that is unambiguous (alias, case, spaces)
    reason: str | None  # why it differs: 'alias', 'case', 'whitespace'
    problems: tuple[tuple[str, str], ...]  # (code, message) that no safe fix resolves


class TaxonomyIndex:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.grammars: dict[str, Grammar] = compile_grammars(taxonomy)
        self.banned = frozenset(v.casefold() for v in taxonomy.banned_values)
        self.aliases: dict[str, dict[str, str]] = {}
        self.allowed: dict[str, frozenset[str]] = {}
        self.patterns: dict[str, re.Pattern[str]] = {}
        for name, rule in taxonomy.parameters.items():
            table: dict[str, str] = {}
            for canonical, variants in rule.aliases.items():
                for variant in variants:
                    table[variant.casefold()] = canonical
            self.aliases[name] = table
            self.allowed[name] = frozenset(rule.allowed)
            if rule.pattern:
                self.patterns[name] = regexcache.compile(rule.pattern)
        self.pairs = {source: frozenset(mediums) for source, mediums in taxonomy.source_medium_pairs.items()}
        self._verdicts: dict[tuple[str, str], ValueVerdict] = {}

    # -- parameters -------------------------------------------------------------------------
    def case_for(self, parameter: str) -> str:
        rule = self.taxonomy.parameters.get(parameter)
        return (rule.case if rule and rule.case else None) or self.taxonomy.case

    def max_length_for(self, parameter: str) -> int:
        rule = self.taxonomy.parameters.get(parameter)
        return (rule.max_length if rule and rule.max_length else None) or self.taxonomy.max_length

    def required(self) -> list[str]:
        return list(self.taxonomy.required)

    # -- values -----------------------------------------------------------------------------
    def normalise_spaces(self, value: str) -> str:
        """Trim, and join inner runs of spaces with the taxonomy's separator."""
        return re.sub(r"\s+", self.taxonomy.separator, value.strip())

    def verdict(self, parameter: str, value: str) -> ValueVerdict:
        """Judge a decoded value; memoised, since real files repeat the same values thousands of times."""
        key = (parameter, value)
        cached = self._verdicts.get(key)
        if cached is None:
            cached = remember(self._verdicts, key, self._judge(parameter, value))
        return cached

    def _judge(self, parameter: str, value: str) -> ValueVerdict:
        problems: list[tuple[str, str]] = []
        if value.strip().casefold() in self.banned:
            return ValueVerdict(None, None, (("UTM012", f"{parameter}={value!r} is a placeholder value the taxonomy bans"),))
        canonical, reason = value, None
        rule = self.taxonomy.parameters.get(parameter)
        if not (rule and rule.allow_spaces) and re.search(r"\s", value):
            canonical, reason = self.normalise_spaces(value), "whitespace"
        aliases = self.aliases.get(parameter, {})
        target = aliases.get(value.strip().casefold()) or aliases.get(canonical.casefold())
        if target is not None and target != canonical:
            # a variant that differs only in case is a case problem, not an alias
            only_case = target.casefold() in (value.strip().casefold(), canonical.casefold())
            canonical, reason = target, (reason or "case") if only_case else "alias"
        elif self.case_for(parameter) == "lower" and canonical != canonical.lower():
            canonical, reason = canonical.lower(), reason or "case"
        # judge what the value will be once the safe fixes are applied
        allowed = self.allowed.get(parameter)
        if allowed and canonical not in allowed:
            suggestion = self.did_you_mean(parameter, canonical)
            hint = f"; did you mean {suggestion!r}?" if suggestion else ""
            problems.append(("UTM008", f"{parameter}={canonical!r} is not in the taxonomy's allowed values{hint}"))
        pattern = self.patterns.get(parameter)
        if pattern is not None and not pattern.match(canonical) and not (allowed and canonical in allowed):
            problems.append(("UTM016", f"{parameter}={canonical!r} does not match the pattern {pattern.pattern}"))
        if rule and rule.grammar and rule.grammar in self.grammars:
            problem = self.grammars[rule.grammar].diagnose(canonical)
            if problem is not None:
                template = self.grammars[rule.grammar].template
                problems.append(("UTM015", f"{parameter}={canonical!r} does not follow {template}: {problem.message}"))
        if len(canonical) > self.max_length_for(parameter):
            problems.append(("UTM013", f"{parameter} is {len(canonical)} characters; the limit is {self.max_length_for(parameter)}"))
        return ValueVerdict(canonical if reason else None, reason, tuple(problems))

    def did_you_mean(self, parameter: str, value: str) -> str | None:
        candidates = list(self.allowed.get(parameter, ())) + list(self.aliases.get(parameter, {}))
        import difflib  # here: a run whose values are all known never needs it

        close = difflib.get_close_matches(value.casefold(), candidates, n=1, cutoff=0.6)
        if not close:
            return None
        match = close[0]
        return self.aliases.get(parameter, {}).get(match, match)

    def medium_allowed_for(self, source: str, medium: str) -> bool | None:
        """None when the taxonomy says nothing about this source."""
        mediums = self.pairs.get(source)
        if mediums is None:
            return None
        return "*" in mediums or medium in mediums


@memoised
def _closest_parameter(key: str) -> str | None:
    # a space around the key is a raw space in the link (MOPS003): ` utm_source` means utm_source
    squashed = key.strip().lower().replace("-", "_").replace(" ", "_").replace(".", "_")
    if squashed in GA4_PARAMETERS:
        return squashed
    if not squashed.startswith("utm") and not squashed.startswith("urm") and not squashed.startswith("tm_"):
        return None
    import difflib  # here: a run whose keys are all known never needs it

    close = difflib.get_close_matches(squashed, GA4_PARAMETERS, n=2, cutoff=0.8)
    if len(close) == 1 or (len(close) == 2 and difflib.SequenceMatcher(None, squashed, close[0]).ratio() > difflib.SequenceMatcher(None, squashed, close[1]).ratio()):
        return close[0]
    return None


def closest_parameter(key: str) -> str | None:
    """The GA4 parameter a misspelt key means (`utm_campaing`, `utm-medium`, `UTM_Source`), if unambiguous."""
    return _closest_parameter(key)
