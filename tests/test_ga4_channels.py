"""GA4 default channel grouping: each expected channel is read off Google's rule text by hand.

Rules, in the order GA4 evaluates them (first match wins), from "[GA4] Default channel group":
 1 Direct            source = (direct) and medium in ((not set), (none))
 2 Cross-network     campaign contains "cross-network"
 3 Paid Shopping     (shopping source or campaign ~ ^(.*(([^a-df-z]|^)shop|shopping).*)$) and paid medium
 4 Paid Search       search source and paid medium       paid medium = ^(.*cp.*|ppc|retargeting|paid.*)$
 5 Paid Social       social source and paid medium
 6 Paid Video        video source and paid medium
 7 Display           medium in (display, banner, expandable, interstitial, cpm)
 8 Paid Other        paid medium
 9 Organic Shopping  shopping source or shopping campaign
10 Organic Social    social source or medium in (social, social-network, social-media, sm, ...)
11 Organic Video     video source or medium ~ ^(.*video.*)$
12 Organic Search    search source or medium = organic
13 Referral          medium in (referral, app, link)
14 Email             source or medium in (email, e-mail, e_mail, e mail)
15 Affiliates        medium = affiliate
16 Audio             medium = audio
17 SMS               source = sms or medium = sms
18 Mobile Push       medium ends with push, or contains mobile / notification, or source = firebase
19 Unassigned        nothing matched
Category membership comes from Google's list: google, bing, baidu, duckduckgo, yahoo, ecosia.org,
mail.google.com are search; facebook, m.facebook.com, l.instagram.com, linkedin, tiktok, t.co are
social; amazon, shopify, IGShopping, Google Shopping are shopping; youtube, m.youtube.com, vimeo are
video. The other sources used below (newsletter, criteo, braze, ...) are in no list.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from mops.errors import ConfigError
from mops.utm.channels import (
    CHANNELS,
    ChannelAssignment,
    classify_channel,
    load_source_categories,
)

PAID = "^(.*cp.*|ppc|retargeting|paid.*)$"

# (source, medium, campaign, expected channel, rule that decides)
CASES: list[tuple[str | None, str | None, str | None, str, str]] = [
    # --- Direct
    ("(direct)", "(none)", None, "Direct", "1: (direct) / (none)"),
    ("(direct)", "(not set)", None, "Direct", "1: (direct) / (not set)"),
    (None, None, None, "Direct", "1: nothing given reads as (direct) / (none)"),
    ("", "", "spring_sale", "Direct", "1: Direct comes before any campaign rule"),
    ("(DIRECT)", "(None)", None, "Direct", "1: case-insensitive"),
    ("(direct)", "cpc", None, "Paid Other", "1 needs medium (none)/(not set); 8: cpc is paid"),
    ("(not set)", "(not set)", None, "Unassigned", "1 needs source (direct); nothing else matches"),
    # --- Cross-network
    ("google", "cpc", "pmax_cross-network_q2", "Cross-network", "2 is evaluated before 4"),
    ("newsletter", "email", "Cross-Network-Spring", "Cross-network", "2: case-insensitive, before 14"),
    ("google", "cpc", "crossnetwork", "Paid Search", "2 needs the hyphen; 4 matches"),
    # --- Paid Shopping and the shop-campaign regex
    ("amazon", "cpc", None, "Paid Shopping", "3: shopping source, paid medium"),
    ("google", "cpc", "eshop_launch", "Paid Shopping", "3: 'e' may precede shop; 3 before 4"),
    ("google", "cpc", "workshop_series", "Paid Search", "3 fails: 'k' precedes shop; 4 matches"),
    ("google", "cpc", "WorkShop", "Paid Search", "3 fails case-insensitively too; 4 matches"),
    ("google", "cpc", "bookshop", "Paid Search", "3 fails: 'k' precedes shop"),
    ("google", "cpc", "summer_shop", "Paid Shopping", "3: '_' may precede shop"),
    ("google", "cpc", "shop", "Paid Shopping", "3: shop at the start"),
    ("google", "cpc", "2026shop", "Paid Shopping", "3: a digit may precede shop"),
    ("newsletter", "cpc", "workshopping", "Paid Shopping", "3: contains 'shopping'"),
    ("IGShopping", "paid_social", None, "Paid Shopping", "3: IGShopping is a shopping source; 3 before 5"),
    # --- Paid Search
    ("google", "cpc", None, "Paid Search", "4"),
    ("bing", "ppc", None, "Paid Search", "4: ppc"),
    ("Google", "CPC", None, "Paid Search", "4: case-insensitive"),
    ("duckduckgo", "paid-search", None, "Paid Search", "4: paid.*"),
    ("baidu", "retargeting", None, "Paid Search", "4: retargeting"),
    ("google", "cpm", None, "Paid Search", "4: cpm matches .*cp.*; 4 before 7"),
    ("google", "retargeting-2", None, "Organic Search", "paid regex needs exactly 'retargeting'; 12"),
    # --- Paid Social
    ("facebook", "cpc", None, "Paid Social", "5"),
    ("Facebook", "CPC", None, "Paid Social", "5: case-insensitive"),
    ("facebook", "cpm", None, "Paid Social", "5 before 7: cpm from a social source is not Display"),
    ("m.facebook.com", "paid_social", None, "Paid Social", "5: m.facebook.com is in the social list"),
    ("linkedin", "paid", None, "Paid Social", "5: paid.*"),
    ("tiktok", "cpv", None, "Paid Social", "5: cpv matches .*cp.*"),
    ("www.facebook.com", "cpc", None, "Paid Other", "www.facebook.com is not in Google's list; 8"),
    # --- Paid Video
    ("youtube", "cpv", None, "Paid Video", "6"),
    ("m.youtube.com", "paid_video", None, "Paid Video", "6: subdomain in the video list"),
    ("vimeo", "ppc", None, "Paid Video", "6"),
    # --- Display
    ("dv360", "display", None, "Display", "7"),
    ("adnetwork", "banner", None, "Display", "7"),
    ("adnetwork", "cpm", None, "Display", "7 before 8: cpm is also paid"),
    ("adnetwork", "Interstitial", None, "Display", "7: case-insensitive"),
    ("adnetwork", "expandable", None, "Display", "7"),
    ("facebook", "display", None, "Display", "display is not a paid medium, so not 5; 7"),
    ("newsletter", "display-ads", None, "Unassigned", "7 is an exact list; nothing else matches"),
    # --- Paid Other
    ("criteo", "cpc", None, "Paid Other", "8: paid medium, source in no list"),
    ("partner-site", "paid", None, "Paid Other", "8"),
    ("adnetwork", "cpa", None, "Paid Other", "8: cpa matches .*cp.*"),
    (None, "cpc", None, "Paid Other", "source (not set); 8"),
    ("braze", "mobile-cpc", None, "Paid Other", "8 before 18"),
    # --- Organic Shopping
    ("amazon", "referral", None, "Organic Shopping", "9 before 13"),
    ("newsletter", "email", "eshop_week", "Organic Shopping", "9: shop campaign, before 14"),
    ("shopify", None, None, "Organic Shopping", "9: medium (not set)"),
    ("Google Shopping", "organic", None, "Organic Shopping", "9 before 12"),
    ("amazon", "affiliate", None, "Organic Shopping", "9 before 15"),
    # --- Organic Social
    ("facebook", "social", None, "Organic Social", "10"),
    ("l.instagram.com", "referral", None, "Organic Social", "10: in the social list; before 13"),
    ("newsletter", "social-media", None, "Organic Social", "10: social medium"),
    ("facebook", "email", None, "Organic Social", "10 before 14"),
    ("t.co", None, None, "Organic Social", "10: t.co is in the social list"),
    ("mastodon.social", "sm", None, "Organic Social", "10: medium sm"),
    ("facebook", "organic", None, "Organic Social", "10 before 12"),
    ("tiktok", "video", None, "Organic Social", "10 before 11"),
    # --- Organic Video
    ("youtube", "referral", None, "Organic Video", "11 before 13"),
    ("newsletter", "video", None, "Organic Video", "11: medium contains video"),
    ("partner", "in-video-promo", None, "Organic Video", "11: medium contains video"),
    # --- Organic Search
    ("google", "organic", None, "Organic Search", "12"),
    ("ecosia.org", "referral", None, "Organic Search", "12 before 13"),
    ("google", "email", None, "Organic Search", "12 (search source) before 14 (email)"),
    ("mail.google.com", "email", None, "Organic Search", "mail.google.com is a search source; 12"),
    ("newsletter", "organic", None, "Organic Search", "12: medium organic"),
    ("google", None, None, "Organic Search", "12: medium (not set)"),
    # --- Referral
    ("example.com", "referral", None, "Referral", "13"),
    ("partner-app", "app", None, "Referral", "13: app"),
    ("blog.example.com", "link", None, "Referral", "13: link"),
    ("newsletter", "Referral", None, "Referral", "13: case-insensitive"),
    ("email", "referral", None, "Referral", "13 before 14"),
    # --- Email
    ("newsletter", "email", None, "Email", "14: medium"),
    ("newsletter", "E-Mail", None, "Email", "14: case-insensitive"),
    ("email", "newsletter", None, "Email", "14: source"),
    ("crm", "e_mail", None, "Email", "14"),
    ("crm", "e mail", None, "Email", "14"),
    ("crm", "newsletter-email", None, "Unassigned", "14 is read as an exact match (Google writes '=')"),
    # --- Affiliates, Audio
    ("partner", "affiliate", None, "Affiliates", "15"),
    ("partner", "affiliates", None, "Unassigned", "15 is exactly 'affiliate'"),
    ("spotify", "audio", None, "Audio", "16"),
    ("podcast", "Audio", None, "Audio", "16: case-insensitive"),
    # --- SMS
    ("sms", "text", None, "SMS", "17: source"),
    ("twilio", "sms", None, "SMS", "17: medium"),
    ("twilio", "SMS", None, "SMS", "17: case-insensitive"),
    ("sms", "push", None, "SMS", "17 before 18"),
    # --- Mobile Push Notifications
    ("app", "push", None, "Mobile Push Notifications", "18: ends with push"),
    ("braze", "web-push", None, "Mobile Push Notifications", "18: ends with push"),
    ("braze", "mobile", None, "Mobile Push Notifications", "18: contains mobile"),
    ("braze", "in-app-notification", None, "Mobile Push Notifications", "18: contains notification"),
    ("firebase", "fcm", None, "Mobile Push Notifications", "18: source firebase"),
    ("firebase", None, None, "Mobile Push Notifications", "18: source firebase, medium (not set)"),
    ("braze", "pushed", None, "Unassigned", "18 needs push at the end"),
    # --- Unassigned
    ("newsletter", None, None, "Unassigned", "newsletter / (not set) matches nothing"),
    ("partner", "qr-code", None, "Unassigned", "19"),
    (None, "newsletter", None, "Unassigned", "(not set) / newsletter matches nothing"),
    ("spring", "promo", "spring_sale", "Unassigned", "19"),
]


@pytest.mark.parametrize(
    ("source", "medium", "campaign", "expected", "rule"),
    CASES,
    ids=[f"{c[0]}/{c[1]}/{c[2]}" for c in CASES],
)
def test_channel_follows_google_rules(
    source: str | None, medium: str | None, campaign: str | None, expected: str, rule: str
) -> None:
    assert classify_channel(source, medium, campaign).channel == expected, rule


def test_the_table_covers_every_channel() -> None:
    assert {case[3] for case in CASES} == set(CHANNELS)
    assert len(CASES) >= 60


def test_channels_are_the_published_ones_in_order() -> None:
    assert CHANNELS == (
        "Direct", "Cross-network", "Paid Shopping", "Paid Search", "Paid Social", "Paid Video",
        "Display", "Paid Other", "Organic Shopping", "Organic Social", "Organic Video",
        "Organic Search", "Referral", "Email", "Affiliates", "Audio", "SMS",
        "Mobile Push Notifications", "Unassigned",
    )  # fmt: skip


def test_reason_names_the_condition_that_matched() -> None:
    assert classify_channel("bing", "cpc") == ChannelAssignment(
        "Paid Search", f"medium 'cpc' matches {PAID} and source 'bing' is in the search category"
    )
    shop = classify_channel("google", "cpc", "eshop")
    assert "^(.*(([^a-df-z]|^)shop|shopping).*)$" in shop.reason and "'eshop'" in shop.reason
    assert "display" in classify_channel("adnetwork", "cpm").reason
    assert "(direct) / (none)" in classify_channel(None, None).reason


@pytest.mark.parametrize(
    ("platform", "network_type", "expected"),
    [
        ("Google Ads", "Cross-network", "Cross-network"),
        ("google ads", "Performance Max", "Cross-network"),
        ("Google Ads", "Demand Gen", "Cross-network"),
        ("Google Ads", "Google Search", "Paid Search"),
        ("Google Ads", "YouTube Videos", "Paid Video"),
        ("Google Ads", "Google Display Network", "Display"),
        ("Google Ads", "Social", "Paid Social"),
        ("Display & Video 360", "Native video", "Paid Video"),
        ("Display & Video 360", "Audio", "Audio"),
        ("Display & Video 360", "Standard", "Display"),
        ("Display & Video 360", "Tracking", "Paid Other"),
    ],
)
def test_platform_tables_decide_before_manual_rules(platform: str, network_type: str, expected: str) -> None:
    # google / cpc alone would be Paid Search; the platform's own classification wins.
    result = classify_channel("google", "cpc", source_platform=platform, ad_network_type=network_type)
    assert result.channel == expected
    assert platform in result.reason


def test_platform_without_a_known_type_falls_back_to_manual_rules() -> None:
    assert classify_channel("google", "cpc", source_platform="Google Ads").channel == "Paid Search"
    unknown_type = classify_channel("google", "cpc", source_platform="Google Ads", ad_network_type="Mystery")
    assert unknown_type.channel == "Paid Search"
    other_platform = classify_channel("google", "cpc", source_platform="Manual", ad_network_type="Social")
    assert other_platform.channel == "Paid Search"


def test_bundled_list_has_all_four_categories_and_over_700_sources() -> None:
    categories = load_source_categories()
    sizes = {name: len(categories.sources(name)) for name in ("search", "social", "shopping", "video")}
    assert all(size > 0 for size in sizes.values()), sizes
    assert sum(sizes.values()) >= 700
    assert categories.category_of("m.facebook.com") == "social"
    assert categories.category_of("l.instagram.com") == "social"
    assert categories.category_of("google") == "search"
    assert categories.category_of("amazon") == "shopping"
    assert categories.category_of("youtube") == "video"
    assert categories.category_of("igshopping") == "shopping"  # listed as IGShopping


def test_bundled_list_is_loaded_once_per_process() -> None:
    assert load_source_categories() is load_source_categories()


def test_custom_category_file(tmp_path: Path) -> None:
    path = tmp_path / "cats.yaml"
    path.write_text("social:\n  - mastodon.social\nsearch: [kagi]\n", encoding="utf-8")
    custom = load_source_categories(path)
    assert classify_channel("mastodon.social", "cpc", categories=custom).channel == "Paid Social"
    assert classify_channel("kagi", "organic", categories=custom).channel == "Organic Search"
    # facebook is not in this custom list: its cpc traffic is Paid Other.
    assert classify_channel("facebook", "cpc", categories=custom).channel == "Paid Other"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("search: [google]\nsocal: [facebook]\n", "unknown source category 'socal'", 2),
        ("search: google\n", "search: expected a list", 1),
        ("search: [google]\nsocial:\n  - fb\n  - Google\n", "listed under both search and social", 4),
        ("search: [google, 12]\n", "entry 12 is not a source name", 1),
    ],
)
def test_bad_category_file_is_a_config_error_with_its_line(
    tmp_path: Path, text: str, message: str, line: int
) -> None:
    path = tmp_path / "cats.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_source_categories(path)
    assert message in caught.value.message
    assert caught.value.line == line
    assert caught.value.hint


def test_missing_category_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_source_categories(tmp_path / "absent.yaml")


def test_a_changed_category_file_is_never_answered_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mops.utm import channels

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    custom = tmp_path / "categories.yaml"
    custom.write_text("search: [askjeeves]\n")
    assert load_source_categories(custom).category_of("askjeeves") == "search"
    channels._load_cached.cache_clear()  # a new process
    custom.write_text("social: [askjeeves, mastodon.example]\n")
    reloaded = load_source_categories(custom)
    assert reloaded.category_of("askjeeves") == "social"
    assert reloaded.category_of("mastodon.example") == "social"
    channels._load_cached.cache_clear()


# --- every alias a taxonomy ships lands in the channel GA4 gives the value as typed -------------
#
# Expected channels are read off Google's rules (the table at the top of this file) by hand, never
# computed by mops: a source's category is looked up in HAND_CATEGORY (Google's source-category
# list, matched case-insensitively), a medium's channel for each kind of source in HAND_CHANNEL.

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data" / "ga4"
SHIPPED_TAXONOMIES = [ROOT / "taxonomy" / "utm.yaml", ROOT / "examples" / "workspace" / "taxonomy" / "utm.yaml"]
NEUTRAL_CAMPAIGN = "2026-q2_spring-sale"  # neither "shop"/"shopping" nor "cross-network": rules 2, 3, 9 never fire

# Google's list: which sources are search, social or video sites. x, x.com, adwords, meta, yt are in
# no list (GA4 reads them by medium alone), and neither are the team's own names (newsletter, crm...).
HAND_CATEGORY: dict[str, str | None] = {
    **dict.fromkeys(["google", "google.com", "bing", "duckduckgo"], "search"),
    **dict.fromkeys(
        [
            "facebook", "fb", "facebook.com", "m.facebook.com", "l.facebook.com", "lm.facebook.com",
            "instagram", "ig", "instagram.com", "l.instagram.com", "linkedin", "linkedin.com", "lnkd.in",
            "tiktok", "tiktok.com", "twitter", "twitter.com", "t.co", "pinterest", "pinterest.com",
            "snapchat", "reddit",
        ],
        "social",
    ),
    **dict.fromkeys(["youtube", "youtube.com", "m.youtube.com"], "video"),
    **dict.fromkeys(
        ["newsletter", "news-letter", "brevo", "mailing", "crm", "partner", "affiliate", "qr", "x", "x.com",
         "adwords", "googleads", "google-ads", "google_ads", "gads", "www.google.com", "bing.com", "microsoft",
         "microsoft-ads", "msads", "meta", "yt", "threads.net", "bsky.app"],
        None,
    ),
    "sms": "sms",  # in no list, but rule 17 reads the source "sms" itself
}  # fmt: skip

_KINDS = ("shopping", "search", "social", "video", None, "sms")


def _paid() -> dict:  # rules 3-6, then 8 (rule 7 only for the display mediums)
    return {"shopping": "Paid Shopping", "search": "Paid Search", "social": "Paid Social", "video": "Paid Video", None: "Paid Other", "sms": "Paid Other"}


def _display() -> dict:  # rule 7, before any organic rule; not a paid medium
    return dict.fromkeys(_KINDS, "Display")


def _social_medium() -> dict:  # rule 10 by medium: only a shopping source (rule 9) comes first
    return {**dict.fromkeys(_KINDS, "Organic Social"), "shopping": "Organic Shopping"}


def _video_medium() -> dict:  # rule 11 by medium: shopping (9) and social (10) sources come first
    return {**dict.fromkeys(_KINDS, "Organic Video"), "shopping": "Organic Shopping", "social": "Organic Social"}


def _other(no_category: str, sms_source: str) -> dict:  # rules 9-12 by source, then the medium's own rule
    return {"shopping": "Organic Shopping", "social": "Organic Social", "video": "Organic Video", "search": "Organic Search", None: no_category, "sms": sms_source}


HAND_CHANNEL: dict[str, dict] = {
    **dict.fromkeys(["cpc", "cpv", "ppc", "paidsearch", "paid-search", "paid_search", "paid-social", "paid_social", "paid social", "paidsocial"], _paid()),
    "cpm": {**_paid(), None: "Display", "sms": "Display"},  # paid, but rule 7 comes before rule 8
    **dict.fromkeys(["display", "banner"], _display()),
    "social": _social_medium(),
    "video": _video_medium(),
    "organic-social": _other("Unassigned", "SMS"),  # not one of rule 10's mediums
    **dict.fromkeys(["email", "e-mail"], _other("Email", "Email")),  # rule 14 before 17
    "sms": _other("SMS", "SMS"),
    "affiliate": _other("Affiliates", "Affiliates"),
    "referral": _other("Referral", "Referral"),
    "audio": _other("Audio", "Audio"),
    **dict.fromkeys(["push", "mobile-notification"], _other("Mobile Push Notifications", "SMS")),  # 17 before 18
    **dict.fromkeys(["qr", "print"], _other("Unassigned", "SMS")),
    "organic": _other("Organic Search", "Organic Search"),
    **dict.fromkeys(["sem", "social-paid"], _other("Unassigned", "SMS")),  # not paid: no "cp", not "paid..."
    "mail": _other("Unassigned", "SMS"),
    "newsletter": _other("Unassigned", "SMS"),
}  # fmt: skip


def _by_hand(source: str, medium: str) -> str:
    """GA4's channel for source / medium (neutral campaign), from the hand tables; GA4 ignores case."""
    assert source.lower() in HAND_CATEGORY, f"add {source!r} to HAND_CATEGORY from Google's source list"
    assert medium.lower() in HAND_CHANNEL, f"add {medium!r} to HAND_CHANNEL from Google's rules"
    return HAND_CHANNEL[medium.lower()][HAND_CATEGORY[source.lower()]]


def _aliases(path: Path) -> dict:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))["parameters"]["utm_source"]["aliases"]


def _alias_links(path: Path) -> list[tuple[str, str, str, str, str]]:
    """(parameter, alias, canonical, source as typed, medium as typed) for every alias of source and
    medium, with every medium (or source) the taxonomy allows."""
    import yaml

    params = yaml.safe_load(path.read_text(encoding="utf-8"))["parameters"]
    sources, mediums = params["utm_source"], params["utm_medium"]
    links = []
    for canonical, aliases in sources.get("aliases", {}).items():
        for alias in aliases:
            links += [("utm_source", alias, canonical, alias, medium) for medium in mediums["allowed"]]
    for canonical, aliases in mediums.get("aliases", {}).items():
        for alias in aliases:
            links += [("utm_medium", alias, canonical, source, alias) for source in sources["allowed"]]
    return links


@pytest.mark.parametrize("path", SHIPPED_TAXONOMIES, ids=["bundled", "example-workspace"])
def test_every_shipped_alias_lands_in_the_channel_of_what_was_typed(path: Path, tmp_path: Path) -> None:
    from mops.lint.runner import LintOptions, run_lint
    from mops.workspace import load_workspace

    links = _alias_links(path)
    assert len(links) > 150
    text = "".join(
        f"https://shop.example/?utm_source={quote(s)}&utm_medium={quote(m)}&utm_campaign={NEUTRAL_CAMPAIGN}\n" for _, _, _, s, m in links
    )
    # the bundled taxonomy is what a folder without mops.yaml gets
    ws = load_workspace(start=tmp_path) if path == SHIPPED_TAXONOMIES[0] else load_workspace(path.parent.parent)
    assert ws.taxonomy().parameters["utm_source"].aliases == _aliases(path)
    fixed = run_lint(ws, [], LintOptions(select=["UTM"], stdin_text=text, stdin_filename="links.txt", fix=True)).fixed_stdin
    wrong = []
    for (param, alias, canonical, source, medium), line in zip(links, fixed.splitlines(), strict=True):
        query = dict(piece.split("=", 1) for piece in line.split("?", 1)[1].split("&"))
        new_source, new_medium = unquote(query["utm_source"]), unquote(query["utm_medium"])
        assert (new_source if param == "utm_source" else new_medium) == canonical, f"--fix left {alias!r} ({line})"
        before, after = _by_hand(source, medium), _by_hand(new_source, new_medium)
        if before != after:
            wrong.append(f"{param} {alias!r} -> {canonical!r} with {source}/{medium}: {before} -> {after}")
        # and mops's classifier reads both as Google's rules do
        assert classify_channel(source, medium, NEUTRAL_CAMPAIGN).channel == before, (source, medium)
        assert classify_channel(new_source, new_medium, NEUTRAL_CAMPAIGN).channel == after, (new_source, new_medium)
    assert wrong == []


def test_x_is_in_no_source_category_of_google_but_twitter_is() -> None:
    """The issue's example: x + a paid medium is Paid Other, twitter + cpc is Paid Social."""
    assert classify_channel("x", "cpc").channel == "Paid Other" == _by_hand("x", "cpc")
    assert classify_channel("x.com", "paid-social").channel == "Paid Other" == _by_hand("x.com", "paid-social")
    assert classify_channel("twitter", "cpc").channel == "Paid Social" == _by_hand("twitter", "cpc")
    assert classify_channel("t.co", "social").channel == "Organic Social" == _by_hand("t.co", "social")
    for source in ("threads.net", "bsky.app", "x.com"):
        assert classify_channel(source, "referral").channel == "Referral", source


def test_utm_build_refuses_a_normalisation_that_changes_the_channel(mops, tmp_path: Path) -> None:
    (tmp_path / "mops.yaml").write_text("name: t\n", encoding="utf-8")
    (tmp_path / "taxonomy").mkdir()
    (tmp_path / "taxonomy" / "utm.yaml").write_text(
        "version: 1\nparameters:\n  utm_source:\n    allowed: [twitter]\n    aliases:\n      twitter: [x, X]\n"
        "  utm_medium:\n    allowed: [cpc, social]\n",
        encoding="utf-8",
    )
    refused = mops("utm", "build", "https://shop.example/", "--source", "x", "--medium", "cpc", "--campaign", NEUTRAL_CAMPAIGN, cwd=tmp_path)
    assert refused.exit_code == 1 and refused.stdout == ""
    assert "utm_source 'x' -> 'twitter' would move the link from Paid Other to Paid Social" in refused.stderr
    built = mops("utm", "build", "https://shop.example/", "--source", "X", "--medium", "social", "--campaign", NEUTRAL_CAMPAIGN, cwd=tmp_path)
    assert built.exit_code == 0
    assert built.stdout == f"https://shop.example/?utm_source=twitter&utm_medium=social&utm_campaign={NEUTRAL_CAMPAIGN}\n"


def test_a_user_taxonomy_whose_aliases_change_the_channel_is_never_fixed_into_another_channel(tmp_path: Path) -> None:
    """With the aliases mops shipped before (twitter -> x, adwords -> google, sem -> cpc, organic ->
    social, mail -> email...), --fix applies the aliases that keep the channel and only suggests the
    others, naming the channel GA4 gives the link now and the one it would give it after."""
    from mops.lint.runner import LintOptions, run_lint
    from mops.workspace import load_workspace

    taxonomy = DATA / "taxonomy_with_channel_changing_aliases.yaml"
    (tmp_path / "mops.yaml").write_text("name: t\n", encoding="utf-8")
    (tmp_path / "taxonomy").mkdir()
    (tmp_path / "taxonomy" / "utm.yaml").write_text(taxonomy.read_text(encoding="utf-8"), encoding="utf-8")
    ws = load_workspace(tmp_path)
    links = _alias_links(taxonomy)
    text = "".join(f"https://shop.example/?utm_source={quote(s)}&utm_medium={quote(m)}&utm_campaign={NEUTRAL_CAMPAIGN}\n" for _, _, _, s, m in links)
    report = run_lint(ws, [], LintOptions(select=["UTM006", "UTM007", "UTM009"], stdin_text=text, stdin_filename="links.txt")).report
    suggested = {f.line: f.message for f in report.findings if f.fix is not None and not f.fix.safe}
    fixed = run_lint(ws, [], LintOptions(select=["UTM"], stdin_text=text, stdin_filename="links.txt", fix=True)).fixed_stdin
    applied = kept = 0
    for number, ((param, alias, canonical, source, medium), line) in enumerate(zip(links, fixed.splitlines(), strict=True), start=1):
        query = dict(piece.split("=", 1) for piece in line.split("?", 1)[1].split("&"))
        new_source, new_medium = unquote(query["utm_source"]), unquote(query["utm_medium"])
        before = _by_hand(source, medium)
        assert _by_hand(new_source, new_medium) == before, (line, source, medium)
        would = _by_hand(canonical, medium) if param == "utm_source" else _by_hand(source, canonical)
        if would == before:
            applied += 1
            assert (new_source if param == "utm_source" else new_medium) == canonical, line
        else:
            kept += 1
            assert (new_source if param == "utm_source" else new_medium) == alias, line
            assert f"GA4 would move the link from {before} to {would}" in suggested[number], suggested.get(number)
    assert applied > 300 and kept > 100, (applied, kept)


# The GA4 channel a taxonomy channel's tagging must land in, read off the rules above by hand: a
# channel that names paid video ads but tags them `youtube / video` would report as Organic Video.
TAXONOMY_CHANNEL_GA4 = {
    "paid_search": "Paid Search",
    "paid_social": "Paid Social",
    "email": "Email",
    "sms": "SMS",
    "display": "Display",
    "video": "Paid Video",
    "organic_social": "Organic Social",
    "affiliate": "Affiliates",
}


@pytest.mark.parametrize("where", ["defaults", "example"])
def test_each_taxonomy_channel_is_tagged_into_the_ga4_channel_it_names(where: str) -> None:
    from mops.models.taxonomy import Taxonomy
    from mops.workspace import load_workspace

    if where == "defaults":
        channels = Taxonomy().channels
    else:
        channels = load_workspace(explicit=Path(__file__).parent.parent / "examples" / "workspace").taxonomy().channels
    assert channels and set(channels) <= set(TAXONOMY_CHANNEL_GA4)
    for name, rule in channels.items():
        assert classify_channel(rule.source, rule.medium).channel == TAXONOMY_CHANNEL_GA4[name], (where, name, rule)
