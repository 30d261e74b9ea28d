"""A transcript file's bytes as text: UTF-8 (with or without BOM), UTF-16 (as Teams exports it), or
legacy cp1252 when that reads cleanly; empty and binary files are refused with the line at fault."""

from __future__ import annotations

import codecs
import re

from mops.errors import InputError

_SUPPORTED = "mops reads transcripts as .txt, .vtt, .srt or .docx"
# control characters no text editor writes: a cp1252 reading that yields them is reading a binary file
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_transcript(data: bytes, *, display: str) -> str:
    """The text of a transcript file; raises InputError for an empty, binary or undecodable file."""
    if not data.strip():
        raise _empty(display)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_or_fail(data, encoding, display), display)
    if b"\x00" in data:
        encoding = _bomless_utf16(data)
        if encoding is None:
            raise InputError(
                "binary file, not a transcript (it holds NUL bytes)",
                path=display,
                line=data.count(b"\n", 0, data.index(b"\x00")) + 1,
                hint=f"{_SUPPORTED}; export the meeting's transcript as text or WebVTT",
            )
        return _checked(_decode_or_fail(data, encoding, display), display)
    try:
        return _checked(data.decode("utf-8"), display)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Older Windows tools save in cp1252; accept it only when it reads as text, never as a guess
    # over a binary file (cp1252 maps almost every byte to some character).
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _CONTROL.search(text) is None:
        return _checked(text, display)
    raise InputError(
        "not UTF-8 text, and not readable as Windows-1252 either",
        path=display,
        line=data.count(b"\n", 0, utf8_error.start) + 1,
        hint=f"save the transcript as UTF-8 (most editors: Save As > Encoding > UTF-8); {_SUPPORTED}",
    )


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' for UTF-16 text without a BOM (every other byte NUL), else None."""
    even, odd = data[0::2], data[1::2]
    if len(data) % 2 == 0 and odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if len(data) % 2 == 0 and even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _decode_or_fail(data: bytes, encoding: str, display: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the file starts as {encoding.upper()} but is not valid {encoding.upper()}",
            path=display,
            hint=f"export the transcript again, or save it as UTF-8; {_SUPPORTED}",
        ) from exc


def _checked(text: str, display: str) -> str:
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise _empty(display)
    if "\x00" in text:
        raise InputError(
            "binary file, not a transcript (it holds NUL characters)",
            path=display,
            line=text.count("\n", 0, text.index("\x00")) + 1,
            hint=f"{_SUPPORTED}; export the meeting's transcript as text or WebVTT",
        )
    return text


def _empty(display: str) -> InputError:
    return InputError(
        "the transcript is empty",
        path=display,
        line=1,
        hint="export the meeting's transcript again; this file holds no text",
    )
