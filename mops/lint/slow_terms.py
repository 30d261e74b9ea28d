"""`mops rules --slow`: the brand-voice terms the literal prefilter cannot speed up, and why.

Each runs as a full-text regular expression over every file, so they cost the most."""

from __future__ import annotations

from typing import Any, NamedTuple


class SlowTerm(NamedTuple):
    term: str
    source: str  # the file the term came from, or "brand voice"
    why: str  # why it has no literal anchor


def slow_voice_terms(ws: Any) -> list[SlowTerm]:
    from mops.lint.context import LintContext

    ctx = LintContext(ws)
    terms, matcher = ctx.voice.terms, ctx.term_matcher
    return [SlowTerm(terms[i].term, terms[i].source or "brand voice", matcher.slow_reason(i)) for i in matcher.slow_terms]
