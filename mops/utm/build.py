"""`mops utm build`: a compliant tagged URL, or a refusal that says what to type instead."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from mops.models.utm import BuiltUrl
from mops.utm.taxonomy_index import TaxonomyIndex, closest_parameter
from mops.utm.url import GA4_PAGE_LOCATION_LIMIT


_CHANNEL_PARAMETERS = ("utm_source", "utm_medium", "utm_campaign", "utm_source_platform")
_FLAGS = {"utm_source": "--source", "utm_medium": "--medium", "utm_campaign": "--campaign", "utm_source_platform": "--source-platform"}


def build_url(
    base: str, values: dict[str, str | None], index: TaxonomyIndex, classify: Callable[..., Any] | None = None
) -> BuiltUrl:
    """Tag `base` with `values` (parameter -> value); existing UTM parameters of `base` are replaced.

    `classify(source, medium, campaign, source_platform)` (GA4's default channel, e.g.
    `LintContext.classify`) guards the normalisations: one that would put the link in another GA4
    channel than the values as given is refused, naming both channels, never applied silently."""
    result = BuiltUrl(url=None)
    base = base.strip()
    if any(ch.isspace() for ch in base):  # a raw space ends the link in most places it is pasted
        base = re.sub(r"\s", lambda m: quote(m[0]), base)
        result.changes.append("encoded the spaces in the URL (%20)")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        result.problems.append(f"{base!r} is not an absolute http(s) URL")
        return result
    from mops.utm.redirects import unwrap
    from mops.utm.url import parse_url

    parsed = parse_url(base)
    wrapped = unwrap(parsed)
    if wrapped is not None:  # UTM024: tags on a wrapper would ship the wrapper
        where = f"build on the link it wraps: {wrapped.target}" if wrapped.target else "open it and build on the page it leads to"
        result.problems.append(f"{base!r} is a redirect wrapper ({wrapped.wrapper.name}), not a landing page; {where}")
        return result
    if parsed.extra_question_marks:  # UTM011: the tags would be read as part of the value before the '?'
        at = parsed.extra_question_marks[0]
        result.problems.append(
            f"{base!r} has a second '?' (character {at + 1}): parameters after it are read as part of the value before it; "
            "replace it with '&' if a parameter starts there, or write it as %3F"
        )
        return result
    clean: dict[str, str] = {}
    for parameter, value in values.items():
        if value is None:
            continue
        if not value.strip():
            result.problems.append(f"{parameter} is empty")
            continue
        verdict = index.verdict(parameter, value)
        final = verdict.canonical or value
        if verdict.canonical is not None:
            result.changes.append(f"{parameter}: {value!r} -> {final!r} ({verdict.reason})")
        for _code, message in verdict.problems:
            result.problems.append(message)
        clean[parameter] = final
    for required in index.required():
        if required not in clean:
            if required == "utm_campaign" and index.taxonomy.utm_id_satisfies_campaign and "utm_id" in clean:
                continue
            result.problems.append(f"{required} is required by the taxonomy")
    source, medium = clean.get("utm_source"), clean.get("utm_medium")
    if source and medium and index.medium_allowed_for(source, medium) is False:
        allowed = ", ".join(sorted(index.pairs[source]))
        result.problems.append(f"source {source!r} is not used with medium {medium!r}; use one of: {allowed}")
    if classify is not None and not result.problems:
        # the values as typed, as GA4 would read them: untrimmed ('google ' is in no source category)
        given = {name: values.get(name) or None for name in _CHANNEL_PARAMETERS}
        built = {name: clean.get(name) for name in _CHANNEL_PARAMETERS}
        if given != built:
            before = classify(*(given[name] for name in _CHANNEL_PARAMETERS)).channel
            after = classify(*(built[name] for name in _CHANNEL_PARAMETERS)).channel
            if before != after:
                changed = ", ".join(f"{name} {given[name]!r} -> {built[name]!r}" for name in _CHANNEL_PARAMETERS if given[name] != built[name])
                retype = " ".join(f"{_FLAGS[name]} {built[name]}" for name in _CHANNEL_PARAMETERS if given[name] != built[name])
                result.problems.append(
                    f"{changed} would move the link from {before} to {after} in GA4's default channels; "
                    f"give {retype} if {after} is the channel you mean"
                )
    if result.problems:
        return result
    kept, replaced, stray = _kept_pieces(parts.query)
    fragment = parts.fragment
    if "=" in fragment:  # parameters after '#' ('page#_gl=...', a hash route's '#/route?gclid=...')
        question = fragment.find("?")
        route, params = ("", fragment) if question < 0 or "=" in fragment[:question] else (fragment[: question + 1], fragment[question + 1 :])
        fragment_kept, fragment_replaced, fragment_stray = _kept_pieces(params)
        if fragment_replaced or fragment_stray:
            fragment = route + "&".join(fragment_kept) if fragment_kept else route.rstrip("?")
            replaced, stray = replaced or fragment_replaced, stray + fragment_stray
    if replaced:
        result.changes.append("replaced the UTM parameters the URL already had")
    if stray:
        from mops.utm.click_ids import why_stray

        result.removed.extend(f"{raw_key}: {why_stray(param)}" for raw_key, param in stray)
    tags = [f"{name}={quote(value, safe='-_.~{}')}" for name, value in clean.items()]
    url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "&".join(kept + tags), fragment))
    if len(url) > GA4_PAGE_LOCATION_LIMIT:  # UTM018
        result.problems.append(f"the tagged link would be {len(url)} characters; GA4 keeps the first {GA4_PAGE_LOCATION_LIMIT}: shorten the path or the values")
        return result
    result.url = url
    return result


def _kept_pieces(query: str) -> tuple[list[str], bool, list[tuple[str, Any]]]:
    """(the pieces of `query` kept as they are, whether UTM parameters were dropped, (raw key,
    TrackingParameter) of each click id or other one-visit tracking parameter dropped: the same list
    and the same reading of a key as UTM023's)."""
    from mops.utm.click_ids import tracking_parameter
    from mops.utm.url import has_placeholder, parse_url

    kept: list[str] = []
    replaced = False
    stray: list[tuple[str, Any]] = []
    for p in parse_url("?" + query).params:
        piece = f"{p.raw_key}={p.raw_value}" if p.raw_value is not None else p.raw_key
        if closest_parameter(p.key) is not None:
            replaced = True
            continue
        param = tracking_parameter(p.key)
        if param is not None and not has_placeholder(p.raw_value or ""):
            stray.append((p.raw_key, param))
            continue
        kept.append(piece)
    return kept, replaced, stray
