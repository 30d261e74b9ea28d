"""PII rules: personal data in copy that ships. Detection lives in mops.pii (the brief drafting
scrubs transcripts with the same detectors); here each kind is a rule with its stable code."""

from __future__ import annotations

from collections.abc import Iterable

from mops.lint.rule import Rule, UrlRule, Violation, personal_data_in_link
from mops.models.severity import Severity
from mops.pii.urls import may_hold_personal_data, parameter_may_hold_personal_data


class _PiiRule(Rule):
    groups = ("pii",)
    severity = Severity.error
    kind = ""
    label = ""

    def check(self, doc, ctx) -> Iterable[Violation]:
        view = ctx.copy(doc)
        if not view.segments:
            return
        matches = doc.memo("pii", lambda: ctx.pii_detector.find_in_spans(doc.text, view.segments))
        for match in matches:
            if match.kind == self.kind:
                yield Violation(match.start, match.end, f"{self.label} in copy: remove it or replace it with a placeholder")


class EmailAddress(_PiiRule):
    """Copy contains an email address.

    What it checks: email addresses in prose (a brand's own addresses belong in `protected_names`).
    Why it matters: personal data must not ship in ads or reach third parties.
    Example: "Questions? Write to jane.doe@gmail.com".
    Fix safety: no fix.
    """

    code = "PII001"
    name = "pii.email"
    kind = "email"
    label = "email address"


class PhoneNumber(_PiiRule):
    """Copy contains a phone number.

    What it checks: numbers the `phonenumbers` library reads as valid in the workspace's `default_region`
    or with a country code, and national numbers of other big markets written as those markets write
    them (a US "(415) 555-0132" in a German workspace, a German "030 1234567" in a US one); prices,
    dates, order, article and SKU numbers and years are not flagged.
    Why it matters: a customer's number in copy is a data-protection breach.
    Example: "Call Jonas on 0151 23456789".
    Fix safety: no fix.
    """

    code = "PII002"
    name = "pii.phone"
    kind = "phone"
    label = "phone number"


class PaymentCard(_PiiRule):
    """Copy contains a payment card number.

    What it checks: 13 to 19 digits with a known issuer prefix that pass the Luhn checksum.
    Why it matters: card numbers must never be stored or shown outside the payment system.
    Example: "4111 1111 1111 1111".
    Fix safety: no fix.
    """

    code = "PII003"
    name = "pii.payment-card"
    kind = "payment_card"
    label = "payment card number"


class Iban(_PiiRule):
    """Copy contains an IBAN.

    What it checks: IBANs with the right length for their country and a valid mod-97 checksum.
    Why it matters: bank details are personal data.
    Example: "DE89 3704 0044 0532 0130 00".
    Fix safety: no fix.
    """

    code = "PII004"
    name = "pii.iban"
    kind = "iban"
    label = "IBAN"


class IpAddress(_PiiRule):
    """Copy contains an IP address.

    What it checks: IPv4 and IPv6 addresses (not version numbers, not loopback).
    Why it matters: an IP address identifies a person's connection under GDPR.
    Example: "logged from 203.0.113.42".
    Fix safety: no fix.
    """

    code = "PII005"
    name = "pii.ip-address"
    kind = "ip_address"
    label = "IP address"


class PersonName(_PiiRule):
    """Copy names a person.

    What it checks: a known first name followed by a surname, or in a personal context ("my name
    is", "call Sarah", "Michael from our Denver store", "— Priya, Store Manager", "Dear Ahmed,"); the
    brand's, products' and platforms' names (`protected_names`) and the team in mops.yaml are never
    flagged. Places, teams and brands that are also first names ("Visit Paris or Jordan", "Fly to
    Florence", "Chelsea boots", "Georgia peaches", "Virginia Beach") count only with such a context
    or a known surname ("Paris Hilton"), and only there ("Hi Charlotte," leaves "our Charlotte store"
    a place). Greetings and sign-offs count in German, French, Spanish, Italian, Dutch and Portuguese
    ("Liebe Anna,", "Bonjour Camille,", "Viele Grüße / Jonas"); a name in capitals counts with a listed
    surname ("LENA VOGEL") or when addressed ("Dear ANNA,"), never from shouting ("AUSTIN STORE").
    The message says the kind and never quotes the name.
    Why it matters: customers' names must not appear in ads, testimonials need written consent.
    Example: "Thanks to Laura Becker for the photo".
    Fix safety: no fix.
    """

    code = "PII006"
    name = "pii.person-name"
    kind = "person_name"
    label = "person's name"


class PersonalDataInLink(UrlRule):
    """A link holds personal data: an email, phone number, card, IBAN or person's name, or a merge tag that fills one in.

    What it checks: every link's decoded path segments, query and fragment values (`%XX` decoded,
    `+` as a space, a nested link such as `redirect=https%3A%2F%2F...` read once more), with the
    detectors of the copy rules: email addresses, payment cards and IBANs anywhere; phone numbers
    in values of phone-like keys (`phone=`, `tel=`, `mobile=`) or wherever the phone detector reads
    one on its own (`%2B14155550132`), never ids, timestamps, click ids or SKUs; a full name (first
    name and surname) in a UTM value (`utm_content=Laura%20Becker`, `_` and `-` read as spaces) or a
    name-like key (`name=`, and any value of `first_name=`, `last_name=`...). Lowercase slugs
    (`jordan-river-trip`) are not read as names. Email-tool merge tags that fill in the recipient's
    email, phone or name (`*|EMAIL|*`, `{{contact.email}}`, `%%emailaddr%%`, `[email]`,
    `{{ first_name }}`) are reported as a warning: they are templates, but the tool writes each
    recipient's data into the link it sends, so every click sends it to analytics; that is the leak
    this rule is about. Ad-platform placeholders (`{campaignid}`, `{{ad.name}}`) hold no personal
    data and are not reported. The message says the kind and the parameter, never the value.
    Why it matters: analytics records every page URL; Google Analytics' terms forbid sending it
    emails, phone numbers or names, and page URLs with them are how it usually leaks (and the link
    is shared, bookmarked and logged by every server on its way).
    Example: `https://shop.example/sale?utm_source=newsletter&email=laura.becker@gmail.com`.
    Fix safety: no fix; identify people by an opaque id the CRM maps (the email tool's subscriber
    id), or leave them out of the link.
    """

    code = "PII007"
    name = "pii.in-link"
    groups = ("pii",)
    severity = Severity.error
    all_urls = True
    fast_path = True
    reads_values = frozenset()  # a value's verdict is its piece's (clean_piece)
    path_digits_matter = False  # a run of digits may be a phone number whatever its digits

    # the conditions find_in_link starts each piece with: what holds none of it holds nothing
    def clean_piece(self, piece, ctx) -> bool:  # noqa: ANN001
        return not parameter_may_hold_personal_data(piece.key, piece.key, piece.value)

    def clean_path(self, path: str, ctx) -> bool:  # noqa: ANN001
        return not may_hold_personal_data(path)

    def clean_anchor(self, anchor: str, ctx) -> bool:  # noqa: ANN001
        return not may_hold_personal_data(anchor)

    def check_url(self, url, found, doc, ctx) -> Iterable[Violation]:  # noqa: ANN001
        from mops.pii.match import LABELS

        for hit in personal_data_in_link(url, ctx):
            if hit.kind == "merge_tag":
                yield Violation(
                    hit.start, hit.end,
                    f"merge tag in {hit.where} fills in each recipient's {LABELS[hit.fills]}: every click sends it to analytics; "
                    "link without it, or with the email tool's opaque subscriber id",
                    severity=Severity.warning,
                )
            else:
                yield Violation(
                    hit.start, hit.end,
                    f"{LABELS[hit.kind]} in a link ({hit.where}): analytics records page URLs and must not receive personal data; "
                    "remove it from the link",
                )
