"""One analysis of a URL's UTM parameters, shared by every UTM rule and `mops utm classify`: which
keys are (meant to be) campaign parameters, the taxonomy's verdict on each value, and the one
reading of the link's tags. Computed once per distinct URL (`UtmContext.analysis`).

The tag-extraction rule (`UtmAnalysis.tags`), the only one in mops: for each GA4 parameter, the
FIRST NON-BLANK value among the pieces whose key is, or plainly means, that parameter (`utm_source`,
`UTM_Source`, `utm-source`), in the order they are written (query, then parameters after `#`), as GA4
reads a value: decoded (`+` and `%20` are spaces) and NOT trimmed (`google ` is in none of GA4's
source categories). It is the link as its author meant it; the mistakes this reading forgives are
each a lint finding of their own: an empty value (UTM019), a parameter given twice (UTM004), a
mis-cased or misspelt key (UTM002/003), tags after `#` (UTM005).

Why the first non-blank value, for `?utm_source=&utm_source=google`: Google documents no rule for a
parameter given twice (the GA4 help pages and the URL builder say nothing), and what practitioners
report differs (one test in GA4 and BigQuery found the last value kept; others report it varying).
Reading the empty first value would classify the link as if it had no source, which no reading of
GA4 supports; the first non-blank value is the one the author wrote, and it is also the last value
in the common case of one empty and one filled. The duplicate is an error (UTM004) either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from mops.utm.taxonomy_index import TaxonomyIndex, ValueVerdict, closest_parameter
from mops.utm.url import ParsedUrl, QueryParam, double_encoded, has_placeholder


@dataclass(slots=True)
class UtmAnalysis:
    """What a link's query says as UTM tags: which parameters are (or were meant as) tags, their verdicts, the tags."""

    tagged: bool
    named: list[tuple[QueryParam, str]]  # every parameter that is, or was meant to be, a UTM parameter
    judged: list[tuple[QueryParam, str, ValueVerdict]]  # values worth judging (not empty, placeholder or double-encoded)
    # the link's tags: first non-blank value of each parameter, decoded, untrimmed (the module's rule)
    tags: dict[str, str]


def tag_name(key: str) -> str | None:
    """The GA4 parameter a (decoded) key is, or plainly means (`UTM_Source`, `utm-source`), or None."""
    return closest_parameter(key)


def is_tag_value(value: str | None) -> bool:
    """Whether a (decoded) value counts as the parameter's value: not missing, not blank."""
    return bool(value) and not value.isspace()


def analyse(url: ParsedUrl, index: TaxonomyIndex) -> UtmAnalysis:
    named: list[tuple[QueryParam, str]] = []
    judged: list[tuple[QueryParam, str, ValueVerdict]] = []
    tags: dict[str, str] = {}
    for p in url.params:
        name = tag_name(p.key)
        if name is None:
            continue
        named.append((p, name))
        value = p.value
        if not is_tag_value(value):
            continue
        if name not in tags:
            tags[name] = value
        raw = p.raw_value or ""
        if has_placeholder(raw) or double_encoded(raw):
            continue
        judged.append((p, name, index.verdict(name, value)))
    return UtmAnalysis(bool(named), named, judged, tags)
