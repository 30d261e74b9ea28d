"""`PiiDetector`: every detector behind one `find`, configured once per workspace."""

from __future__ import annotations

import bisect
from itertools import accumulate
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from mops.errors import ConfigError
from mops.pii.contact import find_emails, find_phones
from mops.pii.financial import find_ibans, find_payment_cards
from mops.pii.match import KINDS, PiiMatch
from mops.pii.network import find_ip_addresses

if TYPE_CHECKING:
    from mops.pii.names import NameFinder

# When two matches overlap, the earlier kind in this order wins: an email's local part is not a
# name, an IBAN's digits are not a phone number.
_PRIORITY = {kind: rank for rank, kind in enumerate(
    ("email", "iban", "payment_card", "ip_address", "phone", "person_name")
)}  # fmt: skip


# Between the spans of `find_in_spans`: line breaks end every pattern's reach (phones, names, cards
# and addresses never run over a line break with a NUL on it) and read as a sentence start, as the
# start of a separate text does; NUL is in no pattern's character classes.
_SEPARATOR = "\n\x00\n"


def workspace_detector(config: Any, protected_names: Iterable[str] = ()) -> "PiiDetector":
    """The detector for a workspace's own files (`config` its mops.yaml settings): the team's names
    (`people`, full and first) in internal documents are not customer data, and products and
    platforms (`protected_names`) never are. The lint reads copy with it; the MCP server keeps what it
    returns free of personal data with it."""
    team = [part for person in config.people for part in (person.name, person.name.split()[0])]
    return PiiDetector(default_region=config.default_region, protected_names=[*protected_names, *team])


class PiiDetector:
    """Finds personal data in text.

    `default_region` (ISO 3166 code) is how phone numbers without a country code are read: "030
    1234567" is a Berlin number with "DE" and nothing with "US". `people` are full names the workspace
    knows ("Dana Lee"); `protected_names` are the brand's, products' and platforms' names, which are
    never flagged. `kinds` limits detection to some of `KINDS`.
    """

    def __init__(
        self,
        *,
        default_region: str = "US",
        people: Iterable[str] = (),
        protected_names: Iterable[str] = (),
        kinds: Iterable[str] | None = None,
    ) -> None:
        self.kinds = frozenset(KINDS if kinds is None else kinds)
        unknown = sorted(self.kinds - set(KINDS))
        if unknown:
            raise ConfigError(
                f"unknown PII kind(s): {', '.join(unknown)}",
                hint=f"choose among: {', '.join(KINDS)}",
            )
        self.default_region = _checked_region(default_region)
        self._people = tuple(people)
        self._protected = tuple(protected_names)
        self._names: NameFinder | None = None  # built on first use: it loads the first-name lists

    def find(self, text: str) -> list[PiiMatch]:
        """All personal data in `text`, sorted by position, never overlapping."""
        candidates = sorted(self._candidates(text), key=lambda m: (_PRIORITY[m.kind], m.start, -m.end))
        starts: list[int] = []  # of the matches kept, which never overlap, in text order
        kept: list[PiiMatch] = []
        for match in candidates:
            i = bisect.bisect_right(starts, match.start)
            if i and kept[i - 1].end > match.start:
                continue
            if i < len(kept) and kept[i].start < match.end:
                continue
            starts.insert(i, match.start)
            kept.insert(i, match)
        return kept

    def find_in_spans(self, text: str, spans: Iterable[tuple[int, int]]) -> list[PiiMatch]:
        """All personal data inside the `spans` of `text` (offsets into `text`), as `find` reports it
        for each span on its own, in one pass.

        The spans are joined with a separator no detector reads across or takes as context, so a
        document of 40,000 short segments costs one pass of each detector rather than 40,000 (each
        with its per-call set-up). One difference from separate calls, on purpose: a first name
        found as a person in one span is looked for in the others too, as within one span.
        """
        # (a step of Python a span is 40,000 steps in a list of links: only the slicing is done for all,
        # the offsets of the joined text are worked out only for a text with findings)
        kept = spans if isinstance(spans, list) else list(spans)
        pieces = [text[start:end] for start, end in kept]
        if "" in pieces:  # drop the empty spans (end <= start)
            kept = [(start, end) for start, end in kept if end > start]
            pieces = [text[start:end] for start, end in kept]
        if not kept:
            return []
        matches = self.find(pieces[0] if len(pieces) == 1 else _SEPARATOR.join(pieces))
        if not matches:
            return []
        step = len(_SEPARATOR)
        joined_starts = list(accumulate([len(piece) + step for piece in pieces[:-1]], initial=0))
        found = []
        for match in matches:
            i = bisect.bisect_right(joined_starts, match.start) - 1
            shift = kept[i][0] - joined_starts[i]
            if match.end - joined_starts[i] > len(pieces[i]):
                continue  # across a separator: cannot happen with today's detectors, never reported
            found.append(PiiMatch(match.kind, match.code, match.start + shift, match.end + shift, match.text))
        return found

    def _candidates(self, text: str) -> Iterator[PiiMatch]:
        kinds = self.kinds
        if "email" in kinds:
            yield from find_emails(text)
        # Cards, IBANs, phones and IPv4 all need digits; most prose has few, so look once.
        if _has_digit(text):
            if "payment_card" in kinds:
                yield from find_payment_cards(text)
            if "iban" in kinds:
                yield from find_ibans(text)
            if "phone" in kinds:
                yield from find_phones(text, self.default_region)
        if "ip_address" in kinds:
            yield from find_ip_addresses(text)
        if "person_name" in kinds:
            yield from self._name_finder().find(text)

    def _name_finder(self) -> NameFinder:
        if self._names is None:
            from mops.pii.names import NameFinder

            self._names = NameFinder(people=self._people, protected_names=self._protected)
        return self._names


def _has_digit(text: str) -> bool:
    return any(d in text for d in "0123456789")


def _phone_regions() -> set[str]:
    """The regions phonenumbers knows, read once per installed phonenumbers from the user cache:
    importing phonenumbers costs 10 ms a run, and most runs find no phone-like text at all."""
    from importlib.util import find_spec
    from pathlib import Path

    from mops.usercache import cached_json

    def build() -> list[str]:
        import phonenumbers

        return sorted(phonenumbers.SUPPORTED_REGIONS)

    spec = find_spec("phonenumbers")
    origin = Path(spec.origin) if spec is not None and spec.origin else Path("phonenumbers-not-found")
    return set(cached_json("phone-regions", origin, build))


def _checked_region(region: str) -> str:
    code = region.strip().upper()
    if code not in _phone_regions():
        raise ConfigError(
            f"unknown phone region {region!r}",
            hint="use a two-letter ISO 3166 country code such as US, GB or DE",
        )
    return code
