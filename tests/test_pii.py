"""PII detection: each kind in running text, the checks that keep it precise, scrubbing, CRM columns.

Test numbers are the public examples every payment and banking guide uses (Visa 4111 1111 1111 1111,
IBAN DE89 3704 0044 0532 0130 00) or numbers from reserved drama/fiction ranges.
"""

from __future__ import annotations

import pytest

from mops.errors import ConfigError
from mops.pii import CODES, PiiDetector, column_is_personal, restore, scrub

PROTECTED = ["Fjordline", "Fjordline Trail Pro 2"]


@pytest.fixture(scope="module")
def detector() -> PiiDetector:
    return PiiDetector(protected_names=PROTECTED)


def found(detector: PiiDetector, text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in detector.find(text)]


# --- email -----------------------------------------------------------------------------------------


def test_email_in_running_text_without_trailing_punctuation(detector: PiiDetector) -> None:
    text = "Questions? Write to laura.smith@example.com or hello@fjordline.co.uk."
    assert found(detector, text) == [
        ("email", "laura.smith@example.com"),
        ("email", "hello@fjordline.co.uk"),
    ]


def test_handles_and_retina_asset_names_are_not_emails(detector: PiiDetector) -> None:
    text = "Tag @fjordline and @LauraSmith; use logo@2x.png and hero@3x.webp for the banner."
    assert found(detector, text) == []


def test_match_carries_code_and_offsets(detector: PiiDetector) -> None:
    text = "cc: dana@example.com"
    (match,) = detector.find(text)
    assert (match.code, match.start, match.end) == ("PII001", 4, 20)
    assert text[match.start : match.end] == match.text


# --- phone -----------------------------------------------------------------------------------------


def test_national_number_is_read_with_the_workspace_region() -> None:
    text = "Ruf uns an: 030 1234567, Montag bis Freitag."
    assert found(PiiDetector(default_region="DE", kinds=["phone"]), text) == [("phone", "030 1234567")]


@pytest.mark.parametrize(
    ("region", "text", "number"),
    [
        ("DE", "Call our San Francisco store on (415) 555-0132 today.", "(415) 555-0132"),
        ("DE", "Questions? 415-555-0132, Mon-Fri.", "415-555-0132"),
        ("DE", "Call +1 415 555 0132 before noon.", "+1 415 555 0132"),
        ("US", "Ruf uns an: 030 1234567, Montag bis Freitag.", "030 1234567"),
        ("US", "Handy: 0151 23456789", "0151 23456789"),
        ("US", "Our London desk: 020 7946 0958.", "020 7946 0958"),
        ("GB", "Appelez le 01 23 45 67 89 pour un rendez-vous.", "01 23 45 67 89"),
        ("FR", "Call 1-800-555-0199 for returns.", "1-800-555-0199"),
    ],
)
def test_numbers_written_as_another_region_writes_them_are_found(region: str, text: str, number: str) -> None:
    # a US number in a German workspace's copy, a German one in a US workspace's
    assert found(PiiDetector(default_region=region, kinds=["phone"]), text) == [("phone", number)]


NOT_PHONES = [
    "Launch on 2026-05-12 (12/05/2026) at 09:30, open 10:00-18:00.",
    "Valid 12.05.2026 - 31.12.2026 while stocks last.",
    "Price $1,299.00, was €1.499,00; 12 345 678 EUR raised.",
    "SKU 12-345-678 and SKU: 100-200-3000 in stock.",
    "Art.-Nr. 030 123 4567 is back.",
    "Order #2125550123; invoice no. 4155550188; customer no. 0151 23456789.",
    "EAN 4006381333931, ISBN 978-3-16-148410-0.",
    "Lot 415/555/0132 and model 2026-0415-5550 recalled.",
    "Track 01 23 45 67 89 on the album.",
    "1 234 567 visitors, over 2 500 000 downloads, since 2019.",
    "Sizes 36 38 40 42 44 46; 120 x 80 x 45 cm.",
    "ZIP 94105-1234, postcode SW1A 1AA, 10115 Berlin.",
    "Coordinates 52.5200, 13.4050; ISO 9001:2015; version 10.2.3.4567.",
]


@pytest.mark.parametrize("region", ["US", "DE", "GB", "FR", "NL", "AU", "IN"])
def test_dates_prices_skus_and_order_numbers_are_not_phones_in_any_region(region: str) -> None:
    detector = PiiDetector(default_region=region, kinds=["phone"])
    assert [(text, found(detector, text)) for text in NOT_PHONES] == [(text, []) for text in NOT_PHONES]


def test_international_number_is_found_whatever_the_region() -> None:
    text = "Call the Berlin office on +49 30 1234567 before noon."
    for region in ("US", "GB", "DE"):
        assert found(PiiDetector(default_region=region, kinds=["phone"]), text) == [
            ("phone", "+49 30 1234567")
        ]


def test_us_and_uk_numbers_in_their_regions() -> None:
    us = PiiDetector(default_region="US", kinds=["phone"])
    uk = PiiDetector(default_region="GB", kinds=["phone"])
    assert found(us, "Text me at (212) 555-0123 tonight") == [("phone", "(212) 555-0123")]
    assert found(uk, "Our London desk: 020 7946 0958.") == [("phone", "020 7946 0958")]


def test_dates_prices_order_numbers_zips_and_years_are_not_phones() -> None:
    text = (
        "Launch on 2026-05-12 (12/05/2026) at 09:30. Price $1,299.00, was €1.499,00. "
        "Order #2125550123 ships from 10115 Berlin; invoice no. 4155550188. Since 2019, 1,000,000 sold. "
        "Budget: EUR 030 1234567 or 212 555 0123 kr."
    )
    assert found(PiiDetector(default_region="US", kinds=["phone"]), text) == []
    assert found(PiiDetector(default_region="DE", kinds=["phone"]), text) == []


def test_bare_digit_run_needs_phone_context() -> None:
    us = PiiDetector(default_region="US", kinds=["phone"])
    assert found(us, "Batch 2125550123 was exported.") == []
    assert found(us, "Phone: 2125550123") == [("phone", "2125550123")]


# --- payment cards ---------------------------------------------------------------------------------


def test_payment_cards_of_each_network_are_found(detector: PiiDetector) -> None:
    text = (
        "Visa 4111 1111 1111 1111, Mastercard 5555-5555-5555-4444, "
        "Amex 378282246310005, Discover 6011111111111117."
    )
    assert [kind for kind, _ in found(detector, text)] == ["payment_card"] * 4
    assert [t for _, t in found(detector, text)] == [
        "4111 1111 1111 1111",
        "5555-5555-5555-4444",
        "378282246310005",
        "6011111111111117",
    ]


def test_card_failing_luhn_is_not_flagged(detector: PiiDetector) -> None:
    # Same digits as the Visa test card with the check digit off by one.
    assert found(detector, "Card 4111 1111 1111 1112 was declined") == []


def test_luhn_valid_number_without_a_card_prefix_is_not_flagged(detector: PiiDetector) -> None:
    # 9111 1111 1111 1110 passes Luhn (doubled: 9 + 7 * 2 = 23, undoubled: 7 * 1 + 0 = 7; 30 in all),
    # but no card network issues numbers starting with 9.
    assert found(detector, "Tracking 9111 1111 1111 1110") == []


def test_card_inside_a_longer_digit_run_is_not_flagged(detector: PiiDetector) -> None:
    assert found(detector, "Batch 1234 4111 1111 1111 1111 closed") == []


# --- IBAN ------------------------------------------------------------------------------------------


def test_ibans_spaced_and_compact(detector: PiiDetector) -> None:
    text = "Pay to DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX, or GB82WEST12345698765432."
    assert found(detector, text) == [
        ("iban", "DE89 3704 0044 0532 0130 00"),
        ("iban", "GB82WEST12345698765432"),
    ]


def test_iban_with_bad_checksum_or_length_is_not_flagged(detector: PiiDetector) -> None:
    assert found(detector, "IBAN DE89 3704 0044 0532 0130 01") == []  # last digit changed
    assert found(detector, "IBAN DE88 3704 0044 0532 0130 00") == []  # check digits changed
    assert found(detector, "IBAN DE89 3704 0044 0532 0130") == []  # two characters short


# --- IP addresses ----------------------------------------------------------------------------------


def test_ip_addresses_v4_and_v6(detector: PiiDetector) -> None:
    text = "Blocked 203.0.113.7 and 2001:db8::8a2e:370:7334 after 5 tries."
    assert found(detector, text) == [
        ("ip_address", "203.0.113.7"),
        ("ip_address", "2001:db8::8a2e:370:7334"),
    ]


def test_version_strings_times_and_out_of_range_octets_are_not_ips(detector: PiiDetector) -> None:
    text = (
        "Upgrade to 1.2.3 or v2.10.1.4 (version 1.2.3.4, build 10.0.19045.1), "
        "starts 12:30:45, mask 256.1.1.1; localhost is 127.0.0.1 and ::1."
    )
    assert found(detector, text) == []


# --- people's names --------------------------------------------------------------------------------


def test_first_name_and_surname(detector: PiiDetector) -> None:
    assert found(detector, "The quote came from Laura Smith yesterday.") == [("person_name", "Laura Smith")]
    assert found(detector, "Signed off by Anna van der Berg.") == [("person_name", "Anna van der Berg")]


def test_first_names_in_personal_context(detector: PiiDetector) -> None:
    text = "Hi all, I'm Laura. Please email Sarah the draft, and Craig said it looks fine."
    assert found(detector, text) == [
        ("person_name", "Laura"),
        ("person_name", "Sarah"),
        ("person_name", "Craig"),
    ]


def test_a_name_introduced_once_is_found_again(detector: PiiDetector) -> None:
    text = "Marketing: I'm Andrew.\nDesign: Hi, I'm David.\nLead: So that's David and Andrew, great."
    assert [t for _, t in found(detector, text)] == ["Andrew", "David", "David", "Andrew"]


def test_explicit_introduction_finds_names_missing_from_the_list(detector: PiiDetector) -> None:
    assert found(detector, "Hello, my name is Tavita Faleolo.") == [("person_name", "Tavita Faleolo")]


def test_workspace_people_are_found_in_full_and_by_first_name() -> None:
    detector = PiiDetector(people=["Dana Lee"])
    text = "Dana Lee approved the plan; ask Dana about the budget."
    assert found(detector, text) == [("person_name", "Dana Lee"), ("person_name", "Dana")]


def test_workspace_people_first_names_count_without_the_full_name() -> None:
    detector = PiiDetector(people=["Priya Nair", "Will Turner"])
    text = "Budget is fine, Priya will confirm. Will it ship? Thanks to Will for the copy."
    assert found(detector, text) == [("person_name", "Priya"), ("person_name", "Will")]


def test_common_words_that_are_names_are_not_flagged(detector: PiiDetector) -> None:
    text = (
        "We will mark the may launch in the calendar. Will the banner work? "
        "May we ship on Monday? Mark the date. Grace Period Ends Soon. Hope to see you. "
        "Hello Summer! We'll email June 3 and call May 5 with the Autumn drop."
    )
    assert found(detector, text) == []


def test_everyday_first_name_with_a_known_surname_is_a_person(detector: PiiDetector) -> None:
    assert found(detector, "Mark Johnson signed the brief.") == [("person_name", "Mark Johnson")]


def test_product_names_and_colours_are_not_surnames(detector: PiiDetector) -> None:
    assert found(detector, "The Nora Parka is back in Sage Green and Olive.") == []
    assert found(detector, "Photos by Laura Green.") == [("person_name", "Laura Green")]


def test_title_case_headings_are_not_names(detector: PiiDetector) -> None:
    assert found(detector, "Spring Collection: Discover Jasper Trails And Fjord Views") == []
    assert found(detector, "Summer Sale Starts Now") == []


def test_protected_product_and_platform_names_are_never_flagged(detector: PiiDetector) -> None:
    text = (
        "The Fjordline Trail Pro 2 jacket is live on Google Ads, Meta, LinkedIn and TikTok, "
        "and sells on Amazon. Ask Alexa or Siri."
    )
    assert found(detector, text) == []


def test_protected_name_that_looks_like_a_person() -> None:
    detector = PiiDetector(protected_names=["Sarah Jane Outdoor"])
    assert found(detector, "The Sarah Jane Outdoor range returns this spring.") == []


def test_lowercase_is_never_a_name(detector: PiiDetector) -> None:
    assert found(detector, "talk to laura smith about it") == []


# --- kinds, overlaps, configuration ----------------------------------------------------------------


def test_matches_are_sorted_and_do_not_overlap(detector: PiiDetector) -> None:
    text = "Laura Smith <laura.smith@example.com>, card 4111 1111 1111 1111, ip 203.0.113.7"
    matches = detector.find(text)
    assert [m.kind for m in matches] == ["person_name", "email", "payment_card", "ip_address"]
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:]))


def test_kinds_limit_what_is_found() -> None:
    detector = PiiDetector(kinds=["email"])
    text = "Laura Smith, laura@example.com, +49 30 1234567"
    assert found(detector, text) == [("email", "laura@example.com")]


def test_every_kind_has_a_stable_code() -> None:
    assert CODES == {
        "email": "PII001",
        "phone": "PII002",
        "payment_card": "PII003",
        "iban": "PII004",
        "ip_address": "PII005",
        "person_name": "PII006",
    }


def test_bad_configuration_is_a_config_error_with_a_hint() -> None:
    with pytest.raises(ConfigError) as kind_error:
        PiiDetector(kinds=["email", "passport"])
    assert "passport" in kind_error.value.message and kind_error.value.hint
    with pytest.raises(ConfigError) as region_error:
        PiiDetector(default_region="XX")
    assert "XX" in region_error.value.message and "ISO 3166" in (region_error.value.hint or "")


# --- scrub / restore -------------------------------------------------------------------------------


def test_scrub_replaces_each_value_with_a_stable_placeholder(detector: PiiDetector) -> None:
    text = "Laura (LAURA@example.com) said Laura will call +49 30 1234567; write laura@example.com."
    result = scrub(text, detector)
    assert result.text == "[PERSON_1] ([EMAIL_1]) said [PERSON_1] will call [PHONE_1]; write [EMAIL_1]."
    assert result.mapping == {
        "[PERSON_1]": "Laura",
        "[EMAIL_1]": "LAURA@example.com",
        "[PHONE_1]": "+49 30 1234567",
    }


def test_restore_undoes_scrub(detector: PiiDetector) -> None:
    text = "Sarah Connor (sarah@example.com, DE89 3704 0044 0532 0130 00) met David Jones at 203.0.113.7."
    result = scrub(text, detector)
    assert "Sarah" not in result.text and "203.0.113.7" not in result.text
    assert restore(result.text, result.mapping) == text


def test_placeholders_stay_stable_across_calls(detector: PiiDetector) -> None:
    first = scrub("I'm Laura, mail me at laura@example.com", detector)
    second = scrub("Write to laura@example.com or ask Sarah Connor", detector, mapping=first.mapping)
    assert second.text == "Write to [EMAIL_1] or ask [PERSON_2]"
    assert second.mapping["[PERSON_2]"] == "Sarah Connor"
    assert restore("[PERSON_1] and [PERSON_2]", second.mapping) == "Laura and Sarah Connor"


def test_restore_leaves_unknown_placeholders_alone() -> None:
    assert restore("Hi [PERSON_9], see [LINK]", {"[PERSON_1]": "Laura"}) == "Hi [PERSON_9], see [LINK]"


# --- CRM columns -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Email", "email"),
        ("E-mail Address", "email"),
        ("work_email", "email"),
        ("Phone", "phone"),
        ("Mobile Phone Number", "phone"),
        ("First Name", "person_name"),
        ("Last Name", "person_name"),
        ("Full name", "person_name"),
        ("firstName", "person_name"),
        ("Contact", "person_name"),
        ("IP", "ip_address"),
        ("IP Address", "ip_address"),
        ("IBAN", "iban"),
    ],
)
def test_personal_columns_by_header(detector: PiiDetector, header: str, kind: str) -> None:
    assert column_is_personal(header, [], detector) == kind


@pytest.mark.parametrize(
    "header",
    ["Email Opens", "Phone Calls", "Campaign Name", "Contact Rate", "Clicks", "Impressions", "Ad group"],
)
def test_metric_columns_are_not_personal(detector: PiiDetector, header: str) -> None:
    assert column_is_personal(header, ["12", "3.4%", "Spring Sale", ""], detector) is None


def test_personal_columns_by_values(detector: PiiDetector) -> None:
    owners = ["Laura Smith", "David Jones", "Unassigned"]
    assert column_is_personal("Owner", owners, detector) == "person_name"
    replies = ["laura@example.com", "", "no reply", "sam@example.org"]
    assert column_is_personal("Reply from", replies, detector) == "email"


def test_column_with_few_personal_values_is_not_personal(detector: PiiDetector) -> None:
    campaigns = ["Spring Sale 2026", "Fjordline Trail Pro 2 launch", "Retargeting", "laura@example.com"]
    assert column_is_personal("Campaign", campaigns, detector) is None


def test_name_lists_are_kept_in_the_user_cache_and_reused(tmp_path, monkeypatch) -> None:
    from mops.pii import namelists

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    namelists.first_names.cache_clear()
    built = namelists.first_names()
    cached = list((tmp_path / "mops").glob("first-names-*.json"))
    assert len(cached) == 1
    # a second process reads the file instead of importing Faker: the file is what it gets
    cached[0].write_text('["Zebedee"]', encoding="utf-8")
    namelists.first_names.cache_clear()
    assert "Zebedee" in namelists.first_names()
    assert "Laura" in built
    namelists.first_names.cache_clear()


# --- one pass over a document's copy spans ----------------------------------------------------------


def test_find_in_spans_reports_each_span_as_find_does_with_document_offsets(detector: PiiDetector) -> None:
    # A Markdown list of links: the copy is cut into short spans around each URL, and the PII pass
    # runs once over all of them (40,000 separate calls made a 40,000-line file lint at 3,000 links/s).
    lines = [f"- Offer {i}: [shop](https://shop.example/{i}) today" for i in range(300)]
    lines[120] = "- Questions? Ask Sarah Lee or write to sarah.lee@example.com [here](https://shop.example/x)"
    lines[250] = "- Call +49 30 1234567 [now](https://shop.example/y) from 203.0.113.7"
    text = "\n".join(lines) + "\n"
    spans, at = [], 0
    for line in lines:
        cut = line.index("](") + 2
        spans += [(at, at + cut), (at + line.index(")", cut) + 1, at + len(line) + 1)]
        at += len(line) + 1
    one_pass = detector.find_in_spans(text, spans)
    separately = [(m.kind, m.start + a, m.end + a) for a, b in spans for m in detector.find(text[a:b])]
    assert [(m.kind, m.start, m.end) for m in one_pass] == separately
    assert [(m.kind, text[m.start : m.end]) for m in one_pass] == [
        ("person_name", "Sarah Lee"), ("email", "sarah.lee@example.com"), ("phone", "+49 30 1234567"),
        ("ip_address", "203.0.113.7"),
    ]
    assert all(m.text == text[m.start : m.end] for m in one_pass)


def test_find_in_spans_never_joins_text_across_spans(detector: PiiDetector) -> None:
    # the digits of a phone number, and a first name and a surname, each cut by a link in between
    text = "Call 030 [x](https://a.example) 1234567 or Laura [y](https://b.example) Smith."
    cut1, cut2 = text.index("[x]"), text.index("[y]")
    spans = [(0, cut1), (text.index(" 1234567"), cut2), (text.index(" Smith"), len(text))]
    assert detector.find_in_spans(text, spans) == []


# --- places and brands that are also first names ---------------------------------------------------

PLACES_AND_BRANDS = [
    "Visit Paris or Jordan this summer.",
    "Fly to Florence in May.",
    "Shop Chelsea boots.",
    "Georgia peaches are in season.",
    "Austin's best tacos, delivered.",
    "A weekend in Virginia Beach.",
    "Sydney Harbour cruises from 49 EUR.",
    "Jordan sneakers on sale.",
    "Orlando theme parks for the family.",
    "Savannah tours and Charlotte hotels.",
    "Adelaide Hills wine tasting.",
    "Denver Broncos fans save 10%.",
    "Helena Montana road trip.",
    "Stores in Dallas, Houston and Austin open Friday.",
    "Ship free to Georgia and Carolina.",
    "Our Chelsea store reopens.",
    "Florence is lovely in May.",
    "Hello Paris!",
    "Our next stop — Florence",
    "San Jose Sharks tickets",
    "Santa Monica Pier at sunset",
    "Lake Louise gondola rides",
    "Charlotte Douglas Airport lounges",
    "Milan Fashion Week picks",
    "Madison Avenue flagship",
    "Savannah, Georgia",
    "Austin, Texas",
    "- Paris\n- London\n- Florence\n",
    "Carolina Reaper hot sauce",
    "Victoria Sponge recipe",
    "Shop Jordan at our store.",
    "Love Paris in spring? Best Austin tacos? Cheers Dallas fans!",
    "City guide Florence: where to eat.",
    "Congrats, Dallas fans! Hello Paris, we're coming! Hey Summer!",
    "A Washington D.C. weekend.",
]


@pytest.mark.parametrize("text", PLACES_AND_BRANDS)
def test_places_and_brands_named_like_people_are_not_people(detector: PiiDetector, text: str) -> None:
    assert found(detector, text) == []


PERSON_CONTEXTS = [
    ("Michael from our Denver store picked these.", "Michael"),
    ("Ask Sarah Lee about sizes.", "Sarah Lee"),
    ("Dear Ahmed,\nyour order shipped.", "Ahmed"),
    ("— Priya, Store Manager", "Priya"),
    ("Georgia from our Denver store picked these.", "Georgia"),
    ("Tips from Paris, Store Manager", "Paris"),
    ("Our stylist Florence recommends the parka.", "Florence"),
    ("Best,\nJordan", "Jordan"),
    ("Kim from accounts will follow up.", "Kim"),
    ("Tyler at the Austin shop has your size.", "Tyler"),
    ('"Best jacket ever." — Emma', "Emma"),
    ("Sam, 34, from Leeds loves it.", "Sam"),
    ("Thanks to our store manager Dallas.", "Dallas"),
    ("Brooke from customer service will call.", "Brooke"),
    ("Chelsea, our head of ecommerce, signed off.", "Chelsea"),
    ("“Fits perfectly.” – Madison, verified buyer", "Madison"),
    ("Ahmed at our Leeds branch can help.", "Ahmed"),
    ("Kind regards,\nFlorence", "Florence"),
    ("Love,\nSavannah", "Savannah"),
    ("Tips from my friend Paris.", "Paris"),
    ("Hi Jordan, your order is ready.", "Jordan"),
    ("Happy birthday, Savannah!", "Savannah"),
    ("“Best boots I own.” — Chelsea R., Denver", "Chelsea"),
    ("Paris Hilton wore it first.", "Paris Hilton"),
]


@pytest.mark.parametrize(("text", "name"), PERSON_CONTEXTS)
def test_first_names_in_a_person_like_context_are_people(detector: PiiDetector, text: str, name: str) -> None:
    assert found(detector, text) == [("person_name", name)]


def test_ipv6_addresses_among_many_colons_and_hex_words(detector: PiiDetector) -> None:
    # prose full of a-f letters and "label: value" colons, as the one-pass scan over a document sees it
    text = "".join(f"- Offer {i}: add a decaf cafe bed: {i}:{i}\n" for i in range(50))
    text += "Seen from 2001:db8::7334 and fe80::1%eth0 (deaf:beef is no address); ::1 is loopback.\n"
    assert [m.text for m in detector.find(text) if m.kind == "ip_address"] == ["2001:db8::7334", "fe80::1%eth0"]


def test_the_trunk_prefixes_of_other_regions_are_phonenumbers_own() -> None:
    import phonenumbers

    from mops.pii.contact import OTHER_REGIONS

    assert OTHER_REGIONS == {
        region: phonenumbers.PhoneMetadata.metadata_for_region(region).national_prefix or "" for region in OTHER_REGIONS
    }


# --- other languages' greetings and sign-offs, names in capitals, a name found once -----------------

ADDRESSED_IN_OTHER_LANGUAGES = [
    ("Liebe Anna,\nwir freuen uns.", "Anna"),
    ("Lieber Jonas,\ndanke für deine Bestellung.", "Jonas"),
    ("Hallo Lena, dein Paket ist unterwegs.", "Lena"),
    ("Bonjour Camille,\nmerci.", "Camille"),
    ("Chère Camille,\nmerci pour votre commande.", "Camille"),
    ("Hola Lucía,\ngracias.", "Lucía"),
    ("Estimado Javier,\nsu pedido está en camino.", "Javier"),
    ("Ciao Marco, il tuo ordine.", "Marco"),
    ("Cara Giulia,\ngrazie.", "Giulia"),
    ("Beste Sanne,\nbedankt voor je bestelling.", "Sanne"),
    ("Hoi Daan, je pakket komt eraan.", "Daan"),
    ("Olá Ana, a sua encomenda.", "Ana"),
    ("Liebe Charlotte,\ndein Paket.", "Charlotte"),  # a place's name too: the comma makes it a letter's opening
    ("Danke!\n\nViele Grüße\nJonas", "Jonas"),
    ("Beste Grüße\nJonas", "Jonas"),
    ("LG\nJonas", "Jonas"),
    ("Cordialement,\nCamille", "Camille"),
    ("Bien à vous,\nJulien", "Julien"),
    ("Saludos,\nJavier", "Javier"),
    ("Un abrazo,\nLucía", "Lucía"),
    ("Cordiali saluti,\nGiulia", "Giulia"),
    ("Met vriendelijke groet,\nDaan", "Daan"),
    ("Atenciosamente,\nBeatriz", "Beatriz"),
    ("Saludos,\nSantiago", "Santiago"),
    ("Moin Finn, dein Paket ist da.", "Finn"),
    ("Salut Léa, ça va ?", "Léa"),
    ("Bom dia João, obrigado.", "João"),
    ("Mit freundlichen Grüßen\nJonas Becker", "Jonas Becker"),
    ("Bisous,\nChloé", "Chloé"),
    ("Groetjes,\nSanne", "Sanne"),
    ("Danke, Anna!", "Anna"),
    ("Gracias Lucía por tu compra.", "Lucía"),
]


@pytest.mark.parametrize(("text", "name"), ADDRESSED_IN_OTHER_LANGUAGES)
def test_greetings_and_sign_offs_in_other_languages(detector: PiiDetector, text: str, name: str) -> None:
    assert found(detector, text) == [("person_name", name)]


NAMES_IN_CAPITALS = [
    ("CALL LENA VOGEL NOW.", "LENA VOGEL"),
    ("Dear ANNA,\nthanks for your order.", "ANNA"),
    ("HI EMMA, YOUR ORDER SHIPPED", "EMMA"),
    ("THANKS, SARAH", "SARAH"),
    ("MEET LAURA SMITH AT THE STORE", "LAURA SMITH"),
    ("LIEBE ANNA,\nWIR FREUEN UNS.", "ANNA"),
    ("HALLO JONAS, DEIN PAKET IST DA", "JONAS"),
    ("MIT FREUNDLICHEN GRÜSSEN\nJONAS BECKER", "JONAS BECKER"),
    ("KIND REGARDS,\nLAURA", "LAURA"),
    ("Our winner: ANNA MÜLLER!", "ANNA MÜLLER"),
]


@pytest.mark.parametrize(("text", "name"), NAMES_IN_CAPITALS)
def test_names_in_capitals(detector: PiiDetector, text: str, name: str) -> None:
    assert found(detector, text) == [("person_name", name)]


NOT_NAMES_IN_OTHER_LANGUAGES_OR_CAPITALS = [
    "Bonjour Paris, nous arrivons !",
    "Hola Barcelona, ya llegamos.",
    "Liebe Kundin, lieber Kunde,\nwir freuen uns.",
    "Bonjour à tous,",
    "Viele Grüße aus Berlin",
    "Cordialement,\nL'équipe Fjordline",
    "Saludos,\nEl equipo",
    "SHOP NOW. SALE ENDS SUNDAY. AUSTIN STORE OPENING.",
    "FREE SHIPPING ON ALL ORDERS OVER 50 EUR",
    "NEW ARRIVALS: THE NORA PARKA IN SAGE GREEN",
    "GRACE PERIOD ENDS SOON",
    "MAX SAVINGS THIS WEEK",
    "VISIT PARIS OR JORDAN THIS SUMMER",
    "ROSE GOLD WATCHES",
    "DEAR CUSTOMER,",
    "THE AUSTIN AND CHARLOTTE STORES ARE OPEN",
    "MAY SALE: UP TO 50% OFF",
    "Use the ADA compliant entrance. Contact IT support, or try Travis CI.",
    "Read the FAQ; the ISA prefix X; usize::MAX, 4, 5",
    "ANNA KARENINA IST DA",
    "Sale ends DR PEPPER day",
    "Hallo Sommer! Hallo Herbst! Hallo Welt!",
    "Ciao Bella! Hola Verano. Olá Brasil!",
    "Merci Paris ! Grazie Roma! Gracias Madrid.",
    "Beste Qualität, beste Preise. Caro Diario, oggi.",
    "Viele Grüße\nIhr Fjordline-Team",
    "Sehr geehrte Damen und Herren,\nEstimado cliente, Gentile cliente, Beste klant, Prezado cliente,",
    "Mit Liebe gemacht. Aus Liebe zum Detail.",
    "SUMMER SALE: APRIL SHOWERS, MAY FLOWERS",
    "SHOP THE EMMA COLLECTION. NEW IN: THE LENA JACKET",
    "JACK & JONES SALE. MARC O'POLO JACKETS. CHANEL NO 5 GIFT SETS.",
]


@pytest.mark.parametrize("text", NOT_NAMES_IN_OTHER_LANGUAGES_OR_CAPITALS)
def test_no_names_in_greetings_to_places_or_shouted_words(detector: PiiDetector, text: str) -> None:
    assert found(detector, text) == []


def test_a_place_found_as_a_person_once_stays_a_place_elsewhere(detector: PiiDetector) -> None:
    text = "Our Austin and Charlotte stores open.\n\nHi Charlotte, your bag is waiting.\n"
    assert [m.start for m in detector.find(text)] == [text.rindex("Charlotte")]
    text = "Hi Jordan, your order is ready. Jordan sneakers on sale. Shop Jordan at our store."
    assert found(detector, text) == [("person_name", "Jordan")]
    text = "Thanks Florence! Florence is lovely in May. Hi Madison, welcome! Our Madison Avenue flagship opens."
    assert [(m.text, m.start) for m in detector.find(text)] == [("Florence", 7), ("Madison", text.index("Madison"))]


def test_a_person_found_once_is_not_found_again_beside_a_place(detector: PiiDetector) -> None:
    text = "Laura said hi. Our Dallas and Laura stores are open. Thanks, Laura will call."
    assert [m.start for m in detector.find(text)] == [0, text.rindex("Laura")]


def test_iban_and_ipv4_patterns_match_as_written_before() -> None:
    # _IBAN's letters and _IPV4's first octet are written so that re can skip to a capital or a
    # digit; the matches must be those of the patterns as first written
    import random
    import re

    from mops.pii import financial, network

    iban_plain = re.compile(r"([A-Z]{2})(\d{2})((?: ?[A-Z0-9]){10,30})")
    ipv4_plain = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
    rng = random.Random(11)
    pieces = ["DE", "89", "3704", "0044", " ", "A", "Z9", "1", "12", "123", "1234", ".", "..", "x", "\n", "GB", "0", "255.", "é"]
    for _ in range(30_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 25)))
        assert [m.groups() + m.span() for m in financial._IBAN.finditer(text)] == [m.groups() + m.span() for m in iban_plain.finditer(text)]
        assert [m.span() for m in network._IPV4.finditer(text)] == [m.span() for m in ipv4_plain.finditer(text)]
        position = rng.randrange(len(text) + 1)
        found, plain = financial._IBAN.search(text, position), iban_plain.search(text, position)
        assert (found and found.span()) == (plain and plain.span())


# --- what each detector looks for before it searches ------------------------------------------------

# Numbers written apart by every separator people type, digits of other scripts (regex `\d` reads
# them, and phonenumbers reads "０３０" as 030), and addresses among "Item 1:" colons: what the
# detectors' quick checks for digits (mops/pii/shape.py) must let through.
WRITTEN_EVERY_WAY = [
    ("DE", "Card: 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1.", [("payment_card", "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1")]),
    ("DE", "Karte 4111-1111-1111-1111, Köln", [("payment_card", "4111-1111-1111-1111")]),
    ("DE", "Tel. 030 / 123 45 - 67", [("phone", "030 / 123 45 - 67")]),
    ("DE", "Tel.: 0 30 - 1 23 45 67", [("phone", "0 30 - 1 23 45 67")]),
    ("DE", "Fax: +49 (0)30 1234567", [("phone", "+49 (0)30 1234567")]),
    ("DE", "Call +1 415.555.0132 today", [("phone", "+1 415.555.0132")]),
    ("US", "Call (415) 555-0132 today", [("phone", "(415) 555-0132")]),
    ("DE", "Ruf an: ０３０ １２３４５６７ (Zimmer 1)", [("phone", "０３０ １２３４５６７")]),
    ("DE", "Anruf: +49 ٣٠ ١٢٣٤٥٦٧, Raum 1", [("phone", "+49 ٣٠ ١٢٣٤٥٦٧")]),
    ("DE", "IBAN: DE89 3704 0044 0532 0130 00 (Sparkasse Köln)", [("iban", "DE89 3704 0044 0532 0130 00")]),
    ("DE", "Grüße an laura@example.com – Zoë", [("email", "laura@example.com"), ("person_name", "Zoë")]),
    ("DE", "Liebe Zoë, Hola Lucía, Jürgen Müller kommt. Ça va, Ólafur Sørensen?", [("person_name", "Zoë"), ("person_name", "Lucía"), ("person_name", "Jürgen Müller")]),
    ("DE", "from 203.0.113.7, café ☕", [("ip_address", "203.0.113.7")]),
    (
        "DE",
        "2001:db8::1 first, then Item 1: fe80::1%eth0, ::ffff:192.0.2.1 and 2001:DB8:85A3:0:0:8A2E:370:7334.",
        [("ip_address", "2001:db8::1"), ("ip_address", "fe80::1%eth0"), ("ip_address", "::ffff:192.0.2.1"),
         ("ip_address", "2001:DB8:85A3:0:0:8A2E:370:7334")],
    ),
]


@pytest.mark.parametrize(("region", "text", "expected"), WRITTEN_EVERY_WAY)
def test_personal_data_is_found_whatever_the_separators_and_script(region: str, text: str, expected) -> None:  # noqa: ANN001
    assert found(PiiDetector(default_region=region), text) == expected


def test_a_name_introduced_off_the_list_is_found_again() -> None:
    # "Tavita" is on no list: only the introduction makes her a person, here and further on
    text = "Hello, my name is Tavita. Later Tavita said the tent leaks."
    assert [(m.text, m.start) for m in PiiDetector().find(text)] == [("Tavita", 18), ("Tavita", 32)]


def test_each_quick_check_holds_for_every_text_its_detector_searches() -> None:
    # find_payment_cards, find_phones, find_ibans and find_ip_addresses skip a text whose shape lacks
    # theirs; each shape must be in every text their pattern matches in (a phone candidate counts
    # with seven digits, as find_phones reads it), whatever the digits' script and separators
    import random

    from mops.pii import contact, financial, network
    from mops.pii.shape import shape

    rng = random.Random(12)
    pieces = [
        "4111", "1", "12", "030", "192.", "0.", "٣", "０", "७", " ", " ", "-", ".", "/", "(", ")", "+", "\t", "\n",
        "DE89", "3704", "A", "x", "é", "☕", ":",
    ]
    searched = {"card": 0, "phone": 0, "iban": 0, "ipv4": 0}
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))
        if financial._CARD.search(text):
            searched["card"] += 1
            assert financial._CARD_SHAPE in shape(text, financial._CARD_SEPARATORS), text
        if any(len(contact._DIGIT_COUNT.findall(m.group())) >= 7 for m in contact._PHONE_CANDIDATE.finditer(text)):
            searched["phone"] += 1
            assert contact._PHONE_SHAPE in shape(text, contact._PHONE_SEPARATORS), text
        if financial._IBAN.search(text):
            searched["iban"] += 1
            assert financial._IBAN_SHAPE in shape(text), text
        if network._IPV4.search(text):
            searched["ipv4"] += 1
            assert network._IPV4_SHAPE in shape(text), text
    assert min(searched.values()) > 50, searched  # each check was put to the test
