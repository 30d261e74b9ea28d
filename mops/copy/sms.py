"""SMS length as carriers count it: GSM 03.38 7-bit septets, or UCS-2 when one character needs it.

A single SMS carries 140 bytes: 160 GSM-7 septets or 70 UCS-2 (UTF-16) code units. A longer
message is split into parts that each lose 6 bytes to the concatenation header (UDH): 153
septets or 67 code units per part. A part never ends in the middle of a two-septet extension
character (escape + character) or of a UTF-16 surrogate pair; that slot is left empty instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import regex

# GSM 03.38 default alphabet (the escape 0x1B itself is not a character) and its extension table.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
_GSM7_ALL = GSM7_BASIC | GSM7_EXTENSION

SINGLE = {"GSM-7": 160, "UCS-2": 70}
PER_PART = {"GSM-7": 153, "UCS-2": 67}

_EXTENSION_CHAR = regex.compile("[" + regex.escape("".join(sorted(GSM7_EXTENSION))) + "]")
_ASTRAL_CHAR = regex.compile("[\U00010000-\U0010FFFF]")


@dataclass(frozen=True)
class SmsCount:
    """How an SMS is encoded and billed."""

    encoding: Literal["GSM-7", "UCS-2"]
    units: int  # septets (extension characters count 2) or UTF-16 code units (surrogate pairs count 2)
    segments: int  # messages billed; 0 for empty text
    per_segment: int  # capacity of each segment: 160/70 for one, 153/67 per part when split
    chars_left_in_segment: int  # units still free in the last segment

    @property
    def gsm7_equivalent(self) -> int:
        """The length in GSM-7 terms: full segments at 160/153 plus the used share of the last.

        Lets one limit mean the same whatever the encoding: 160 is one SMS, 306 two.
        """
        if self.segments == 0:
            return 0
        used_last = self.per_segment - self.chars_left_in_segment
        gsm_per_segment = SINGLE["GSM-7"] if self.segments == 1 else PER_PART["GSM-7"]
        if self.encoding == "GSM-7":
            return (self.segments - 1) * gsm_per_segment + used_last
        return (self.segments - 1) * gsm_per_segment + math.ceil(used_last * gsm_per_segment / self.per_segment)


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM 03.38 alphabet or its extension table."""
    return set(text) <= _GSM7_ALL


def non_gsm_chars(text: str) -> list[tuple[int, str]]:
    """(offset, character) of every character that forces UCS-2, for a precise finding."""
    return [(i, c) for i, c in enumerate(text) if c not in _GSM7_ALL]


def sms_count(text: str) -> SmsCount:
    """Encoding, units and segments of `text` sent as one SMS (possibly concatenated)."""
    if is_gsm7(text):
        encoding: Literal["GSM-7", "UCS-2"] = "GSM-7"
        wide = [m.start() for m in _EXTENSION_CHAR.finditer(text)]
    else:
        encoding = "UCS-2"
        wide = [m.start() for m in _ASTRAL_CHAR.finditer(text)]
    units = len(text) + len(wide)
    if units == 0:
        return SmsCount(encoding, 0, 0, SINGLE[encoding], SINGLE[encoding])
    if units <= SINGLE[encoding]:
        return SmsCount(encoding, units, 1, SINGLE[encoding], SINGLE[encoding] - units)
    per_part = PER_PART[encoding]
    slots = _slots_used(len(text), wide, per_part)
    segments = math.ceil(slots / per_part)
    left = segments * per_part - slots
    return SmsCount(encoding, units, segments, per_part, left)


def _slots_used(length: int, wide_offsets: list[int], per_part: int) -> int:
    """Segment slots taken when two-unit characters may not straddle a part boundary.

    `wide_offsets` are the character offsets (ascending) of the two-unit characters.
    """
    padding = 0
    for n, offset in enumerate(wide_offsets):
        # Slot of this character's first unit: one per earlier character, one more per earlier
        # two-unit character, plus the slots left empty so far.
        slot = offset + n + padding
        if slot % per_part == per_part - 1:
            padding += 1
    return length + len(wide_offsets) + padding
