"""Personal data in links: the pieces of a URL that analytics records (GA4 stores every page URL,
and its policy forbids emails, phone numbers and names in them).

`find_in_link` reads a link's decoded path segments, query and fragment values (`%XX` decoded,
`+` as a space in the query, a nested URL value such as `redirect=https%3A%2F%2F...` read once
more) with the detectors of `PiiDetector`, and says which kind, in which piece, at which span;
it never needs to show the value. What is looked for where:

- emails, payment cards and IBANs: in every piece;
- phone numbers: in values of phone-like keys (`phone`, `tel`, `mobile`...: a bare digit run
  there is a number), and in any value the phone detector reads one in on its own (a `+` country
  code, a national number written as one); ids, timestamps, click ids and SKUs are bare digit runs
  or mixed tokens, which it does not read as phones. A path segment is where ids live: there a
  card, IBAN or phone counts only as the whole segment, and a phone only with its `+`;
- people's names: a full name (first name and surname, as the name detector finds them in copy)
  in a UTM value (`_` and `-` read as spaces) or in a name-like key's value; any value of an
  explicit first/last/full-name key (`first_name=Laura`);
- email-tool merge tags (`*|EMAIL|*`, `{{contact.email}}`, `%%emailaddr%%`, `[email]`,
  `{{ first_name }}`) that fill in a recipient's email, phone or name: the email tool writes
  the recipient's data into the link when it sends, so every click sends it to analytics. They
  are reported as their own kind, `merge_tag`. Ad-platform placeholders (`{campaignid}`,
  `{{ad.name}}`, `__CAMPAIGN_NAME__`) hold no personal data and are not.

`may_hold_personal_data` (and, for a parameter, `parameter_may_hold_personal_data`) is the cheap
necessary condition `find_in_link` starts with for each piece; the lint rule PII007 answers the
clean-link fast path with the same functions, so the two can never disagree about a piece that
holds nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote

from mops import regexcache

if TYPE_CHECKING:
    from mops.pii.detector import PiiDetector
    from mops.utm.url import ParsedUrl

# what a piece of a link must hold for any detector below to find something in it: an '@' or
# something encoded (emails), a run of 7 digits (phones, cards, IBANs), a merge tag's punctuation, letters
# beyond ASCII; names are read only where `names` says so, and need a capital letter
_MAY_HOLD = regexcache.compile(r"[@%{}\[\]|*\x80-\U0010ffff]")
# phones, cards and IBANs are runs of digits with the separators people type ("+1 (415) 555-0132",
# "4111 1111 1111 1111"): a campaign id's year and number apart ("2026-q4_sale-1234") are not one
_SEVEN_DIGITS = regexcache.compile(r"[0-9](?:[\s().\-/+]*[0-9]){6}")
_CAPITAL = regexcache.compile(r"[A-Z]")
_KEY_WORD = regexcache.compile(r"[^a-z0-9]+")

# keys whose value is a phone number whatever its shape (normalised: lowercase, letters and digits)
_PHONE_KEYS = regexcache.compile(r"phone|mobile|^(?:tel|telephone|cell|msisdn|whatsapp|sms|fax|handy|telefon)(?:no|nr|number)?$")
# keys whose value is a person's name whatever it reads like
_NAME_KEYS = regexcache.compile(
    r"^(?:first|last|full|given|family|middle|sur|fore|vor|nach)name$|^[fl]name$|^surname$|"
    r"^(?:contact|customer|recipient|subscriber|member|client|person|lead|buyer|attendee)(?:full)?name$"
)
# keys whose value may be a name: the name detector judges it as if someone were addressed
_MAYBE_NAME_KEYS = frozenset({"name", "nom", "nombre", "nome"})

# Merge tags of email and marketing-automation tools. Their content says what they fill in.
# (Mailchimp's closing '*' is optional: at the end of a link in Markdown it reads as emphasis.)
_MERGE_TAG = regexcache.compile(
    r"\{\{[^{}]{1,80}\}\}+|\{[^{}\s]{1,60}\}|\*\|[^|*\s]{1,60}\|\*?|%%[^%\s]{1,60}%%|%[A-Za-z_]{2,40}%|\[[A-Za-z_ .]{2,40}\]"
)
_TAG_EMAIL = regexcache.compile(r"e[\W_]?mail", re.IGNORECASE)
_TAG_PHONE = regexcache.compile(r"phone|mobile|msisdn|\bsms\b|\bcell\b|\btel\b", re.IGNORECASE)
_TAG_NAME = regexcache.compile(
    r"(?:first|last|full|given|family|sur)[\W_]?name|\b[fl]name\b|"
    r"(?:contact|subscriber|customer|person|lead|user|recipient|member|profile|recipient)[\W_]*(?:full[\W_]?)?name|^\W*name\W*$",
    re.IGNORECASE,
)

_PLUS_DIGIT = regexcache.compile(r"\+[0-9]")
_PLUS_SPACE = regexcache.compile(r"\+(?![0-9])")
_ENCODED = regexcache.compile(r"%[0-9A-Fa-f]{2}")
_CONTACT_KINDS = ("email", "payment_card", "iban", "phone")
_PHONE_CONTEXT = "phone: "
_NAME_CONTEXT = "Dear "


class LinkPii(NamedTuple):
    """Personal data in a link. `start`/`end` span the piece holding it in the link's text (a path
    segment, a parameter's value, or the whole parameter for a nested URL). `kind` is one of
    mops.pii.KINDS, or "merge_tag" with `fills` the kind the tag fills in. `where` names the piece
    ("parameter email", "path", "fragment"), never its value. `text` is the personal text as found
    (for masking; never to be printed)."""

    kind: str
    where: str
    start: int
    end: int
    text: str
    fills: str = ""


def may_hold_personal_data(piece: str, *, names: bool = False) -> bool:
    """False when `piece` (raw text of a link's piece, undecoded) holds nothing `find_in_link`
    could report: no '@', nothing percent-encoded, no run of 7 digits (spaces, dots, dashes, slashes,
    brackets and '+' between them), no merge tag's punctuation,
    and (when `names`) no capital letter. A necessary condition, not a detection."""
    if _MAY_HOLD.search(piece) is not None:
        return True
    if _SEVEN_DIGITS.search(piece) is not None:
        return True
    return names and _CAPITAL.search(piece) is not None


def key_reads_names(raw_key: str) -> bool:
    """Whether a parameter's value is read for people's names (UTM values, name-like keys)."""
    key = _normal_key(raw_key)
    return key.startswith("utm") or _NAME_KEYS.search(key) is not None or key in _MAYBE_NAME_KEYS


def key_is_personal(raw_key: str) -> bool:
    """Whether a parameter's key says its value is personal (a phone or a name key): its value is
    read whatever it holds."""
    key = _normal_key(raw_key)
    return _PHONE_KEYS.search(key) is not None or _NAME_KEYS.search(key) is not None or key in _MAYBE_NAME_KEYS


def parameter_may_hold_personal_data(raw_key: str, key: str, raw_value: str) -> bool:
    """False when a query parameter (its key as written and decoded, its value as written) holds
    nothing `find_in_link` could report: its key is not a phone or name key and neither it nor its
    value may hold personal data (values of UTM and name-like keys read for names)."""
    return (
        may_hold_personal_data(raw_key)
        or key_is_personal(key)
        or may_hold_personal_data(raw_value, names=key_reads_names(key))
    )


def find_in_link(url: str | ParsedUrl, detector: PiiDetector) -> list[LinkPii]:
    """Personal data in the link `url` (its text, or as mops.utm.url parsed it), in the order of its pieces."""
    from mops.utm.url import parse_url

    parsed = parse_url(url) if isinstance(url, str) else url
    found: list[LinkPii] = []
    _read_link(parsed, detector, found, (0, 0), nested=False)
    return found


def _read_link(parsed, detector: PiiDetector, found: list[LinkPii], outer: tuple[int, int], nested: bool) -> None:  # noqa: ANN001
    """Append what `parsed` holds to `found`; in a nested link every span is `outer` (the value
    that holds it)."""
    text = parsed.text
    before_query = parsed.query_start if parsed.query_start is not None else (
        parsed.fragment_start if parsed.fragment_start is not None else len(text)
    )
    path_start = before_query - len(parsed.path)

    def span(start: int, end: int) -> tuple[int, int]:
        return outer if nested else (start, end)

    # path segments
    at = path_start
    for segment in parsed.path.split("/"):
        if segment and may_hold_personal_data(segment):
            value = unquote(segment, errors="replace") if "%" in segment else segment
            _read_value(value, "", "path" if not nested else "a link in a parameter's value", span(at, at + len(segment)), detector, found, path=True)
        at += len(segment) + 1
    # query and fragment parameters
    for p in parsed.params:
        raw = p.raw_value if p.raw_value is not None else ""
        if not parameter_may_hold_personal_data(p.raw_key, p.key, raw):
            continue
        value_start = p.key_end + 1 if p.raw_value is not None else p.end
        where = _where(p.key, p.in_fragment, nested)
        piece_span = span(value_start, p.end) if p.raw_value is not None else span(p.start, p.end)
        value = p.value if p.value is not None else p.key
        if "+" in raw and _PLUS_DIGIT.search(raw) is not None:
            # '+' reads as a space, but '+49 151...' is how a number is written, and analytics
            # records the link as written
            value = unquote(_PLUS_SPACE.sub(" ", raw), errors="replace")
        if not nested and "://" in value:
            from mops.utm.url import parse_url

            inner = value.strip()
            _read_link(parse_url(inner), detector, found, piece_span, nested=True)
            continue
        _read_value(value, p.key if p.value is not None else "", where, piece_span, detector, found)
    # a plain anchor ('#laura@example.com'), which holds no parameters
    if parsed.fragment_start is not None and not any(p.in_fragment for p in parsed.params):
        fragment = text[parsed.fragment_start + 1 :]
        if fragment and may_hold_personal_data(fragment):
            value = unquote(fragment, errors="replace")
            _read_value(value, "", "fragment" if not nested else "a link in a parameter's value", span(parsed.fragment_start + 1, len(text)), detector, found)


def _where(key: str, in_fragment: bool, nested: bool) -> str:
    if nested:
        return "a link in a parameter's value"
    plain = re.fullmatch(r"[A-Za-z0-9_.\-\[\]]{1,40}", key) is not None and not may_hold_personal_data(key)
    name = f"parameter {key}" if plain else "a parameter"
    return f"{name} after the '#'" if in_fragment else name


def _read_value(
    value: str, key: str, where: str, span: tuple[int, int], detector: PiiDetector, found: list[LinkPii], path: bool = False
) -> None:
    """Append the personal data of one decoded piece to `found`. In a path segment, where ids live
    (arXiv's `0906.0612`, DOIs' `s40745-015-0045-9`), a card, IBAN or phone counts only when it is
    the whole segment, and a phone only with its '+' country code."""
    kinds_here: set[str] = set()

    def add(kind: str, text: str, fills: str = "") -> None:
        if (kind, fills) not in kinds_here:  # one finding per kind and piece
            kinds_here.add((kind, fills))
            found.append(LinkPii(kind, where, span[0], span[1], text, fills))

    # merge tags: the tool fills in the recipient's data; the tag itself is not read as data
    if any(c in value for c in "{[|%*"):
        for m in _MERGE_TAG.finditer(value):
            fills = _merge_tag_fills(m.group(), key)
            if fills:
                add("merge_tag", m.group(), fills)
        value = _MERGE_TAG.sub(" ", value)
    if "%" in value and _ENCODED.search(value) is not None:
        value = unquote(value, errors="replace")  # encoded twice ('Laura%2520Becker'): GA4 keeps 'Laura%20Becker'
    normal_key = _normal_key(key)
    phone_key = bool(key) and _PHONE_KEYS.search(normal_key) is not None
    name_key = bool(key) and _NAME_KEYS.search(normal_key) is not None
    if not value.strip():
        return
    if may_hold_personal_data(value) or phone_key:
        prefix = _PHONE_CONTEXT if phone_key else ""
        for match in detector.find(prefix + value):
            if match.kind not in _CONTACT_KINDS:
                continue
            if path and match.kind != "email" and (match.text != value.strip() or (match.kind == "phone" and not match.text.startswith("+"))):
                continue
            add(match.kind, match.text)
    if name_key:
        if any(c.isalpha() for c in value):
            add("person_name", value.strip())
    elif key and key_reads_names(key) and may_hold_personal_data(value, names=True):
        spaced = re.sub(r"[_\-.]+", " ", value)
        prefix = _NAME_CONTEXT if normal_key in _MAYBE_NAME_KEYS else ""
        for match in detector.find(prefix + spaced):
            if match.kind == "person_name" and match.start >= len(prefix):
                add("person_name", match.text)


def _merge_tag_fills(tag: str, key: str) -> str:
    """The kind of personal data a merge tag fills in, or "" (an ad platform's placeholder, an id)."""
    inner = tag.strip("{}[]*|% ")
    if _TAG_EMAIL.search(inner):
        return "email"
    if _TAG_PHONE.search(inner):
        return "phone"
    if _TAG_NAME.search(inner):
        return "person_name"
    return ""


def _normal_key(raw_key: str) -> str:
    return _KEY_WORD.sub("", raw_key.casefold())
