"""parse_url: decoded keys and values for the rules, raw spans for the fixes.

Positions are counted by hand: in 'https://shop.example/sale?...' the scheme and '://' take 0-7,
'shop.example' 8-19, '/sale' 20-24, and the '?' sits at 25.
"""

from __future__ import annotations

import pytest

from mops.utm.url import QueryParam, double_encoded, has_placeholder, parse_url

BASE = "https://shop.example/sale"


def keys(url: str) -> list[str]:
    return [p.key for p in parse_url(url).params]


def test_parts_of_a_plain_tagged_link():
    url = parse_url(BASE + "?utm_source=google&utm_medium=cpc")
    assert (url.scheme, url.host, url.path) == ("https", "shop.example", "/sale")
    assert url.query_start == 25
    assert url.fragment_start is None
    assert url.params == [
        QueryParam("utm_source", "google", "utm_source", "google", 26, 43, 36, False),
        QueryParam("utm_medium", "cpc", "utm_medium", "cpc", 44, 58, 54, False),
    ]
    assert url.extra_question_marks == []
    assert url.placeholders == []


def test_spans_let_a_fix_rewrite_exactly_the_value():
    text = BASE + "?utm_source=Google&utm_medium=cpc"
    source = parse_url(text).params[0]
    assert text[source.start : source.end] == "utm_source=Google"
    assert text[source.start : source.key_end] == "utm_source"
    assert text[source.key_end + 1 : source.end] == "Google"


def test_mixed_case_key_keeps_its_raw_spelling():
    p = parse_url(BASE + "?UTM_Source=google").params[0]
    assert (p.raw_key, p.key) == ("UTM_Source", "UTM_Source")
    assert (p.start, p.key_end) == (26, 36)


@pytest.mark.parametrize(
    ("raw", "decoded"),
    [
        ("spring+sale", "spring sale"),
        ("spring%20sale", "spring sale"),
        ("spring%2520sale", "spring%20sale"),  # decoded once, never twice
        ("caf%C3%A9", "café"),
        ("50%25+off", "50% off"),
        ("a;b", "a;b"),
        ("%E2%82%AC", "€"),
    ],
)
def test_values_are_decoded_once(raw: str, decoded: str):
    p = parse_url(BASE + "?utm_campaign=" + raw).params[0]
    assert p.raw_value == raw
    assert p.value == decoded


def test_plus_in_a_key_is_a_space():
    assert keys(BASE + "?utm+source=x") == ["utm source"]


def test_trailing_space_stays_in_the_value():
    p = parse_url(BASE + "?utm_source=google &utm_medium=cpc").params[0]
    assert p.value == "google "
    assert p.end == 44


def test_empty_value_and_key_without_equals():
    url = parse_url(BASE + "?utm_source=&debug&utm_medium=cpc")
    source, debug, medium = url.params
    assert (source.raw_value, source.value, source.start, source.end, source.key_end) == ("", "", 26, 37, 36)
    assert (debug.raw_key, debug.raw_value, debug.value) == ("debug", None, None)
    assert (debug.start, debug.end, debug.key_end) == (38, 43, 43)
    assert medium.start == 44


def test_empty_pieces_are_no_parameters():
    url = parse_url(BASE + "?&utm_source=a&&utm_medium=b&")
    assert [(p.key, p.start) for p in url.params] == [("utm_source", 27), ("utm_medium", 41)]


def test_semicolon_never_separates():
    url = parse_url(BASE + "?utm_source=a;utm_medium=b")
    assert len(url.params) == 1
    assert url.params[0].value == "a;utm_medium=b"


def test_second_question_mark_stays_in_the_value_and_is_reported():
    text = BASE + "?ref=mail?utm_source=newsletter&utm_medium=email"
    url = parse_url(text)
    assert url.extra_question_marks == [34]
    assert text[34] == "?"
    assert [(p.key, p.value) for p in url.params] == [("ref", "mail?utm_source=newsletter"), ("utm_medium", "email")]


def test_question_mark_in_the_fragment_is_not_an_extra_one():
    assert parse_url(BASE + "?a=1#/route?utm_source=x").extra_question_marks == []


def test_parameters_after_hash_are_marked_in_fragment():
    text = BASE + "#utm_source=google&utm_medium=cpc"
    url = parse_url(text)
    assert url.query_start is None
    assert url.fragment_start == 25
    assert [(p.key, p.value, p.in_fragment, p.start) for p in url.params] == [
        ("utm_source", "google", True, 26),
        ("utm_medium", "cpc", True, 44),
    ]


def test_hash_router_route_then_query():
    text = "https://shop.example/#/sale?utm_source=google"
    url = parse_url(text)
    assert url.path == "/"
    assert url.fragment_start == 21
    assert url.query_start is None
    (p,) = url.params
    assert (p.key, p.value, p.in_fragment, p.start, p.end) == ("utm_source", "google", True, 28, 45)


def test_query_params_come_before_fragment_params():
    url = parse_url(BASE + "?ref=mail#top&utm_source=google")
    assert [(p.key, p.in_fragment) for p in url.params] == [("ref", False), ("top", True), ("utm_source", True)]


def test_plain_anchor_has_no_parameters():
    url = parse_url(BASE + "?utm_source=a#details")
    assert [p.key for p in url.params] == ["utm_source"]
    assert url.params[0].value == "a"
    assert url.fragment_start == 38


def test_non_ascii_host_path_and_value():
    url = parse_url("https://bücher.example/straße?utm_campaign=frühling")
    assert (url.host, url.path) == ("bücher.example", "/straße")
    assert url.params[0].value == "frühling"
    assert url.params[0].start == 30


@pytest.mark.parametrize(
    ("text", "host", "path"),
    [
        ("http://[2001:db8::1]:8080/landing?utm_source=x", "[2001:db8::1]", "/landing"),
        ("https://user:pw@shop.example:8443/a?b=c", "shop.example", "/a"),
        ("https://shop.example?utm_source=x", "shop.example", ""),
        ("HTTPS://Shop.Example/A", "Shop.Example", "/A"),
    ],
)
def test_hosts(text: str, host: str, path: str):
    url = parse_url(text)
    assert (url.host, url.path) == (host, path)


def test_tracking_template_has_placeholder_path():
    text = "{lpurl}?utm_source=google&utm_campaign={campaignid}"
    url = parse_url(text)
    assert (url.scheme, url.host, url.path, url.query_start) == ("", "", "{lpurl}", 7)
    assert url.placeholders == [(0, 7), (39, 51)]
    assert [(p.key, p.raw_value) for p in url.params] == [("utm_source", "google"), ("utm_campaign", "{campaignid}")]


def test_placeholder_in_host():
    url = parse_url("https://{domain}/sale?utm_source=x")
    assert url.host == "{domain}"
    assert url.placeholders == [(8, 16)]


def test_placeholder_kinds_are_listed_by_span():
    text = "https://a.example/?c={{campaign.name}}&d={ifmobile:mobile}&e={_mycustom}&f={lpurl+2}&g=__CAMPAIGN_NAME__"
    spans = [text[s:e] for s, e in parse_url(text).placeholders]
    assert spans == ["{{campaign.name}}", "{ifmobile:mobile}", "{_mycustom}", "{lpurl+2}", "__CAMPAIGN_NAME__"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("{keyword}", True),
        ("{{adset.name}}", True),
        ("brand_{campaignid}", True),
        ("{ifmobile:mobile}", True),
        ("__CID__", True),
        ("google", False),
        ("{}", False),
        ("{ spaced }", False),
        ("snake__case", False),
    ],
)
def test_has_placeholder(value: str, expected: bool):
    assert has_placeholder(value) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("spring%2520sale", True),
        ("%252F", True),
        ("%25", False),
        ("50%25off", False),  # '%25' then 'of': a percent sign, not a second encoding
        ("spring%20sale", False),
        ("spring sale", False),
    ],
)
def test_double_encoded(raw: str, expected: bool):
    assert double_encoded(raw) is expected


def test_broken_percent_escapes_do_not_raise():
    url = parse_url(BASE + "?utm_term=%E2%82&utm_source=%zz")
    assert url.params[0].value == "\ufffd"
    assert url.params[1].value == "%zz"


def test_parameters_are_immutable():
    p = parse_url(BASE + "?utm_source=a").params[0]
    with pytest.raises(AttributeError):
        p.value = "b"  # type: ignore[misc]
