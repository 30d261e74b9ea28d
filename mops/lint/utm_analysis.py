"""One analysis of a URL's UTM parameters, shared by every UTM rule: which keys are (meant to be)
campaign parameters, and the taxonomy's verdict on each value. Computed once per distinct URL."""

from __future__ import annotations

from dataclasses import dataclass

from mops.utm.taxonomy_index import TaxonomyIndex, ValueVerdict, closest_parameter
from mops.utm.url import ParsedUrl, QueryParam, double_encoded, has_placeholder


@dataclass(slots=True)
class UtmAnalysis:
    tagged: bool
    named: list[tuple[QueryParam, str]]  # every parameter that is, or was meant to be, a UTM parameter
    judged: list[tuple[QueryParam, str, ValueVerdict]]  # values worth judging (not empty, placeholder or double-encoded)
    tags: dict[str, str]  # first non-empty value of each parameter, stripped
    # the same first values as GA4 reads them: decoded ('+' and %20 are spaces) and NOT trimmed
    # ('google ' is not in GA4's search sources): what a fix's channel guard compares
    ga4: dict[str, str]


def analyse(url: ParsedUrl, index: TaxonomyIndex) -> UtmAnalysis:
    named: list[tuple[QueryParam, str]] = []
    judged: list[tuple[QueryParam, str, ValueVerdict]] = []
    tags: dict[str, str] = {}
    ga4: dict[str, str] = {}
    for p in url.params:
        name = closest_parameter(p.key)
        if name is None:
            continue
        named.append((p, name))
        value = p.value
        if not value or not value.strip():
            continue
        if name not in tags:
            tags[name] = value.strip()
            ga4[name] = value
        raw = p.raw_value or ""
        if has_placeholder(raw) or double_encoded(raw):
            continue
        judged.append((p, name, index.verdict(name, value)))
    return UtmAnalysis(bool(named), named, judged, tags, ga4)
