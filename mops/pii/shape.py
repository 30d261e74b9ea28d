"""A text's shape: what the detectors' cheap necessary conditions read before their patterns run.

A pattern that starts with a digit or a capital tries a match at every digit or capital of the
text: the 40,000 numbered items of a list of links ("- Item 12345: ") hold 190,000 digits, and each
pattern that reads numbers spent ~13 ms on them finding nothing. `bytes.translate` and a substring
search read the whole text at memory speed instead, so each detector asks first whether its shape
is in the text at all (`financial`, `contact`, `network` say which shape, next to the detector).
"""

from __future__ import annotations

# ASCII digits -> "0", ASCII capitals -> "A", every byte of a character beyond ASCII -> "0" (regex
# `\d` matches the digits of every script, "０３０" and "٣" too: counting every such byte as a digit
# keeps each condition necessary), every other byte as it is.
_SHAPE = bytes.maketrans(
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" + bytes(range(0x80, 0x100)),
    b"0" * 10 + b"A" * 26 + b"0" * 128,
)


def shape(text: str, separators: bytes = b"") -> bytes:
    """`text` in UTF-8 with digits as "0" and capitals as "A", the ASCII `separators` taken out.

    A run of characters of `text` that are digits (of any script) or `separators`, n of them digits,
    holds at least n "0" in a row here: `b"0" * 7 in shape(text, b" -")` is False for a text with no
    seven digits written together or apart by spaces and dashes."""
    return text.encode("utf-8", "surrogatepass").translate(_SHAPE, separators)
