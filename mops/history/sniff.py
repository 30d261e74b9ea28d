"""Look at an export: its format, encoding, separator, decimal mark, and which line holds the header.

Real exports carry lines around the data (Google Ads' report title and date range, GA4's `#`
comments); the header is the first line whose cells a platform recognises. Encodings: UTF-8 with
or without a byte-order mark, UTF-16 (Google Ads' "CSV for Excel" and tab-separated downloads),
else Windows-1252 (Excel's "CSV" in Western Europe and the US; Latin-1 when a byte is undefined
in Windows-1252), or the encoding given. A file DuckDB cannot read as it is (not UTF-8, or mixing
CRLF and LF line ends) is copied to UTF-8 with LF line ends first (`Layout.needs_copy`); line
numbers stay the same.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mops.errors import InputError
from mops.history.platforms import CRM_SEGMENT_HEADERS, SPECS, SUPPORTED, PlatformSpec, detect, normalise_header

_HEAD_BYTES = 256 * 1024
_CHUNK = 4 * 1024 * 1024
_DELIMITERS = ("\t", ";", ",", "|")
_MAX_PREAMBLE_LINES = 50
_SAMPLE_LINES = 500
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_UTF8 = ("utf-8", "utf-8-sig")

# The first bytes of files people mistake for exports.
_MAGIC = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or a zip archive", "open it in Excel and save as 'CSV UTF-8', or unzip it first"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)", "open it in Excel and save as 'CSV UTF-8'"),
    (b"\x1f\x8b", "a gzip-compressed file", "decompress it first (gunzip)"),
    (b"%PDF", "a PDF document", "download the report as CSV instead"),
)

# Decisive shapes of a number: a decimal comma (12,5 / 1.234,56) or a decimal point (12.5 / 1,234.56).
_NUMBER_CELL = re.compile(r"^[^\d,.\-]{0,4}-?[\d.,]*\d[^\d]{0,4}$")
_COMMA_DECIMAL = re.compile(r"(^|[^\d.,])-?(\d{1,3}(\.\d{3})+|\d+),(\d{1,2}|\d{4,})$")
_POINT_DECIMAL = re.compile(r"(^|[^\d.,])-?(\d{1,3}(,\d{3})+|\d+)\.(\d{1,2}|\d{4,})$")


@dataclass(frozen=True)
class Layout:
    path: Path
    kind: str  # "csv" | "parquet"
    platform: str
    headers: list[str]
    header_line: int = 1  # 1-based line of the header row
    delimiter: str = ","
    decimal_comma: bool = False
    preamble: tuple[str, ...] = ()  # the lines above the header (titles, date ranges, comments)
    encoding: str = "utf-8"  # a Python codec name
    needs_copy: bool = False  # DuckDB cannot read the file as it is (see the module docstring)
    source: Path | None = None  # what DuckDB reads: the file itself, or its UTF-8 copy

    @property
    def read_path(self) -> Path:
        return self.source or self.path


def check_readable(path: Path) -> None:
    """Raise InputError unless `path` is a regular file this process can open (checked without opening a FIFO)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(
                f"a broken symbolic link (it points to {os.readlink(path)}, which does not exist)", path=path,
                hint="fix or remove the link; nothing was imported",
            ) from None
        raise InputError("no such file", path=path, hint="check the path; exports are usually under exports/") from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", path=path, hint="fix the path or its permissions; nothing was imported") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder", path=path, hint="give the folder itself to import every export in it")
    if not stat.S_ISREG(info.st_mode):
        kind = "a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "a device"
        raise InputError(f"not a regular file: {kind}", path=path, hint="give the export file itself; nothing was imported")
    if not os.access(path, os.R_OK):
        raise InputError("cannot be read: permission denied", path=path, hint="fix its permissions (chmod u+r); nothing was imported")


class AudienceList(InputError):
    """The file is an ad platform's audience list export: the launch check's input, not history.
    A history import passes it over (folders of exports hold both), saying so."""


def sniff(
    path: Path, platform: str = "auto", *, specs: Mapping[str, PlatformSpec] | None = None, encoding: str | None = None
) -> Layout:
    """The layout of `path`; raises InputError for empty, unreadable or unrecognised files."""
    specs = specs or SPECS
    if platform != "auto" and platform not in SUPPORTED:
        raise InputError(f"unknown platform {platform!r}", hint=f"use one of: auto, {', '.join(SUPPORTED)}")
    check_readable(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", path=path, hint="fix the file or its permissions") from None
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError("the file is empty", path=path, hint="export the report again; it holds no header and no rows")
    if head[:4] == b"PAR1" or path.suffix.lower() == ".parquet":
        return _parquet_layout(path, platform, specs)
    for magic, what, hint in _MAGIC:
        if head.startswith(magic):
            raise InputError(f"this is {what}, not a CSV export", path=path, hint=hint)
    encoding, needs_copy = detect_encoding(path, head, encoding)
    text = _decode_head(path, head, encoding, complete=len(head) < _HEAD_BYTES)
    return _text_layout(path, text, platform, specs, encoding, needs_copy)


def detect_encoding(path: Path, head: bytes, given: str | None = None) -> tuple[str, bool]:
    """(codec, whether DuckDB needs a UTF-8 copy): a BOM, UTF-16 without one, UTF-8, else Windows-1252."""
    if given:
        name = text_encoding(given, path)
        if name in _UTF8:
            valid, mixed, bad = _mixed_line_ends(path)
            if not valid:
                line, byte = bad or (None, 0)
                raise InputError(f"byte 0x{byte:02x} cannot be read as UTF-8", path=path, line=line,
                                 hint="give the encoding the file was saved in, e.g. --encoding cp1252")
            return ("utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"), mixed
        if name.startswith(("utf-16", "utf-32")) and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" not in head:
            # UTF-16/32 text of any export holds NUL bytes (its separators and digits are ASCII): this file is another encoding
            raise InputError(
                f"this file is not {given}: it has no byte-order mark and no NUL byte, as every {given} export has", path=path,
                hint="leave out --encoding to have it detected, or give the one it was saved in (e.g. utf-8, cp1252)",
            )
        if name in ("utf-16", "utf-32") and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            name = _utf16_order(head, name) or name  # no byte-order mark: the NUL bytes tell the order
        return name, True
    if head.startswith(codecs.BOM_UTF8):
        mixed = _mixed_line_ends(path)
        if not mixed[0]:
            raise _not_utf8(path, mixed[2])
        return "utf-8-sig", mixed[1]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", True
    order = _utf16_order(head)
    if order:
        return order, True
    if b"\x00" in head:
        raise InputError(
            f"this is a binary file, not a CSV export (a NUL byte at byte {head.index(0) + 1})", path=path,
            hint="export the report again as CSV; if it is a CSV in another encoding, give --encoding",
        )
    valid, mixed, bad, cp1252_ok, multibyte = _scan(path)
    if valid:
        return "utf-8", mixed
    if multibyte:  # UTF-8 text with one bad byte: reading it all as Windows-1252 would garble every accent
        line, byte = bad or (None, 0)
        raise InputError(
            f"the file is UTF-8 up to here, where byte 0x{byte:02x} is not: it mixes two encodings", path=path, line=line,
            hint="fix or remove that line, or give the encoding with --encoding if the whole file is in another one",
        )
    return ("cp1252" if cp1252_ok else "latin-1"), True


def text_encoding(given: str, path: Path | None = None) -> str:
    """The codec name of `given`, if it is an encoding of text; else InputError naming the file,
    the encoding and what to do (base64, hex, rot13, zlib are codecs, but not of text files)."""
    try:
        info = codecs.lookup(given)
        b"a".decode(info.name)  # LookupError for a codec that is not bytes -> text
    except LookupError:
        raise InputError(
            f"--encoding {given!r} is a codec but not a text encoding: no export can be read as it" if _is_codec(given)
            else f"unknown encoding {given!r}", path=path,
            hint="give the encoding the file was saved in, e.g. utf-8, utf-16, cp1252, latin-1, or leave out --encoding to have it detected",
        ) from None
    except UnicodeError:
        pass  # a text encoding that cannot read "a" alone (utf-16 wants two bytes): still text
    return info.name


def _is_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _utf16_order(head: bytes, family: str = "utf-16") -> str | None:
    """utf-16-le or utf-16-be for text that is mostly NUL bytes at odd or even places (UTF-16 of
    ASCII-range text without a byte-order mark); utf-32-le/-be likewise for `family` utf-32."""
    if family == "utf-32":
        quads = head[: len(head) - len(head) % 4]
        if quads and quads[0::4].count(0) == 0 and quads[3::4].count(0) == len(quads) // 4:
            return "utf-32-le"
        if quads and quads[3::4].count(0) == 0 and quads[0::4].count(0) == len(quads) // 4:
            return "utf-32-be"
        return None
    pairs = head[: len(head) - len(head) % 2]
    if pairs and pairs.count(0) > len(pairs) // 4:  # text that is mostly NUL bytes: UTF-16 without a BOM, or binary
        even, odd = pairs[0::2].count(0), pairs[1::2].count(0)
        if odd > len(pairs) // 2 * 0.9 and even == 0:
            return "utf-16-le"
        if even > len(pairs) // 2 * 0.9 and odd == 0:
            return "utf-16-be"
    return None


def _not_utf8(path: Path, where: tuple[int, int] | None) -> InputError:
    line, byte = where or (None, 0)
    return InputError(
        f"the file says it is UTF-8 (it starts with a byte-order mark) but byte 0x{byte:02x} is not", path=path, line=line,
        hint="give the encoding it was saved in, e.g. --encoding cp1252, or save it again as 'CSV UTF-8'",
    )


def _mixed_line_ends(path: Path) -> tuple[bool, bool, tuple[int, int] | None]:
    valid, mixed, bad, _, _ = _scan(path)
    return valid, mixed, bad


def _scan(path: Path) -> tuple[bool, bool, tuple[int, int] | None, bool, bool]:
    """One pass over the file: (valid UTF-8, mixes CRLF and bare LF, (line, byte) of the first bad
    byte, Windows-1252 decodable, UTF-8 multi-byte text seen before the first bad byte).

    ASCII chunks skip the UTF-8 decoder (bytes.isascii runs at memory speed): 0.2 s for an 86 MB
    export on the reference machine, about 1% of its import.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    valid, bad = True, None
    crlf = lf = 0
    lines_before = 0
    cp1252_ok = True
    multibyte = False
    previous = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if valid and not (chunk.isascii() and not decoder.getstate()[0]):
                try:
                    decoder.decode(chunk)
                    multibyte = True
                except UnicodeDecodeError as exc:
                    valid = False
                    start = max(exc.start - len(exc.object) + len(chunk), 0)  # exc.object may begin with bytes held from the last chunk
                    multibyte = multibyte or not chunk[:start].isascii()
                    bad = (lines_before + chunk[:start].count(b"\n") + 1, chunk[start] if start < len(chunk) else 0)
            if not valid and cp1252_ok and not _CP1252_UNDEFINED.isdisjoint(chunk):
                cp1252_ok = False
            joined = previous + chunk
            crlf += joined.count(b"\r\n") - previous.count(b"\r\n")
            lf += chunk.count(b"\n")
            lines_before += chunk.count(b"\n")
            previous = chunk[-1:]
    if valid:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid, bad = False, (lines_before + 1, 0)
    return valid, 0 < crlf < lf, bad, cp1252_ok, multibyte


def _decode_head(path: Path, head: bytes, encoding: str, complete: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        text = decoder.decode(head, final=complete)
    except UnicodeError as exc:
        if not isinstance(exc, UnicodeDecodeError):  # e.g. "UTF-16 stream does not start with BOM"
            raise InputError(f"this file cannot be read as {encoding}: {exc}", path=path,
                             hint="give the encoding the file was saved in with --encoding (e.g. utf-8, utf-16, cp1252), "
                             "or leave it out to have it detected") from None
        line = head[: exc.start].count(b"\n") + 1
        raise InputError(
            f"byte 0x{head[exc.start]:02x} cannot be read as {encoding}", path=path, line=line,
            hint="give the encoding the file was saved in with --encoding (e.g. utf-8, utf-16, cp1252)",
        ) from None
    text = text.lstrip("\ufeff")
    if not complete and "\n" in text:
        text = text[: text.rfind("\n") + 1]  # never judge a half line
    return text


def _cells(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter, quotechar='"'), [])


def _text_layout(path: Path, text: str, platform: str, specs: Mapping[str, PlatformSpec], encoding: str, needs_copy: bool) -> Layout:
    lines = text.splitlines()
    first_candidate: tuple[int, str, list[str]] | None = None
    for index, line in enumerate(lines[:_MAX_PREAMBLE_LINES]):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for delimiter in _DELIMITERS:
            if delimiter not in line:
                continue
            cells = [c.strip() for c in _cells(line, delimiter)]
            if len(cells) < 2:
                continue
            if first_candidate is None:
                first_candidate = (index, delimiter, cells)
            _refuse_duplicate_headers(path, cells, index + 1, specs)
            found = detect(cells, specs) if platform == "auto" else (platform if _fits(platform, cells, specs) else None)
            if found:
                sample = lines[index + 1 : index + 1 + _SAMPLE_LINES]
                _check_rows_share_the_separator(path, sample, delimiter, index + 2)
                return Layout(
                    path, "csv", found, cells, header_line=index + 1, delimiter=delimiter,
                    decimal_comma=decimal_comma(sample, delimiter), preamble=tuple(lines[:index]),
                    encoding=encoding, needs_copy=needs_copy,
                )
    if platform == "auto":
        from mops.launch.audience_exports import is_audience_export

        if first_candidate is not None and is_audience_export(first_candidate[2]):
            raise AudienceList(
                "a platform's audience list (names and sizes of audiences), not campaign history: `mops launch check` reads it "
                "from a plan's `audiences`", path=path, line=first_candidate[0] + 1,
            )
        shown = ", ".join(first_candidate[2][:8]) if first_candidate else "(no header row found)"
        raise InputError(
            "cannot tell which platform this export comes from",
            path=path, line=first_candidate[0] + 1 if first_candidate else None,
            hint=f"header seen: {shown}. Supported platforms: {', '.join(SUPPORTED)}; "
            "pass --platform NAME, or map your headers in mops.yaml history.columns (docs/history.md)"
            + ("" if encoding in _UTF8 else f". The file was read as {encoding}: if that header looks garbled, "
               "give the encoding it was saved in with --encoding, or leave --encoding out to have it detected"),
        )
    _raise_missing(path, platform, first_candidate[2] if first_candidate else [], first_candidate[0] + 1 if first_candidate else None, specs)
    raise AssertionError("unreachable")


def _refuse_duplicate_headers(path: Path, cells: list[str], line: int, specs: Mapping[str, PlatformSpec]) -> None:
    """A header naming a column mops reads twice (`Cost,Cost`): which one holds the figures cannot be
    told, so it is an error naming the column, both places and the line (a repeated column mops does
    not read is harmless)."""
    seen: dict[str, int] = {}
    for number, cell in enumerate(cells, 1):
        key = normalise_header(cell)
        if not key:
            continue
        if key in seen and _is_known_header(key, specs):
            raise InputError(
                f"the header names the column {cell!r} twice (columns {seen[key]} and {number}): mops cannot tell which holds the figures",
                path=path, line=line, hint="remove or rename one of them (the export was probably pasted together), then import again",
            )
        seen.setdefault(key, number)


def _is_known_header(key: str, specs: Mapping[str, PlatformSpec]) -> bool:
    for spec in specs.values():
        if any(normalise_header(name) == key for names in spec.columns.values() for name in names):
            return True
        if any(key.startswith(normalise_header(p)) for prefixes in spec.prefixes.values() for p in prefixes):
            return True
    return key in CRM_SEGMENT_HEADERS


_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def _check_rows_share_the_separator(path: Path, sample: list[str], delimiter: str, first_line: int) -> None:
    """A header split by one separator over rows split by another (a file pasted together from two
    exports) would reject every row as 'not a date'; say what is wrong instead."""
    rows = [(number, line) for number, line in enumerate(sample, first_line) if line.strip() and not line.lstrip().startswith("#")][:50]
    odd = []
    for number, line in rows:
        if len(_cells(line, delimiter)) > 1:
            continue
        other = next((d for d in _DELIMITERS if d != delimiter and len(_cells(line, d)) > 1), None)
        if other:
            odd.append((number, other))
    if rows and len(odd) * 2 > len(rows):
        number, other = odd[0]
        raise InputError(
            f"the header is {_SEPARATOR_NAMES[delimiter]}-separated but this line is {_SEPARATOR_NAMES[other]}-separated",
            path=path, line=number,
            hint="export the report again, or open it in a spreadsheet and save it as 'CSV UTF-8' so every line uses one separator",
        )


def decimal_comma(lines: Iterable[str], delimiter: str) -> bool:
    """Whether the sample's numbers use a decimal comma: decided by cells only one reading fits
    (`12,50`, `1.234,56` versus `12.50`, `1,234.56`); `1,234` and `1.234` decide nothing. Without a
    decisive cell, `;`-separated files (Excel in continental Europe) read the comma as decimal."""
    comma = point = 0
    for line in lines:
        for cell in _cells(line, delimiter):
            cell = cell.strip()
            if not cell or len(cell) > 24 or not _NUMBER_CELL.match(cell):
                continue
            if _COMMA_DECIMAL.search(cell):
                comma += 1
            elif _POINT_DECIMAL.search(cell):
                point += 1
    if comma != point:
        return comma > point
    return delimiter == ";"


def _fits(platform: str, cells: list[str], specs: Mapping[str, PlatformSpec]) -> bool:
    if platform == "crm":
        return any(c.strip().lower() in CRM_SEGMENT_HEADERS for c in cells)
    return not specs[platform].missing(cells)


def _raise_missing(path: Path, platform: str, headers: list[str], line: int | None, specs: Mapping[str, PlatformSpec]) -> None:
    if platform == "crm":
        raise InputError("no segment column found in this CRM export", path=path, line=line,
                         hint="the CRM export needs a column named Segment, List or Audience")
    spec = specs[platform]
    missing = spec.missing(headers)
    wanted = "; ".join(f"{c}: one of {', '.join(repr(n) for n in spec.columns.get(c, spec.prefixes.get(c, ()))[:6])}" for c in missing)
    raise InputError(
        f"this does not look like a {platform} export: columns missing", path=path, line=line,
        hint=f"needed {wanted}. Header seen: {', '.join(headers[:10]) or '(none)'}. "
        f"Map other headers in mops.yaml: history: {{columns: {{{platform}: {{{missing[0] if missing else 'spend'}: YOUR HEADER}}}}}}",
    )


def _parquet_layout(path: Path, platform: str, specs: Mapping[str, PlatformSpec]) -> Layout:
    import duckdb

    con = duckdb.connect()
    try:
        headers = [row[0] for row in con.execute("SELECT name FROM parquet_schema(?) WHERE num_children IS NULL", [str(path)]).fetchall()]
    except duckdb.Error:
        raise InputError("cannot read this Parquet file: it is damaged or not Parquet", path=path, hint="export it again") from None
    finally:
        con.close()
    found = detect(headers, specs) if platform == "auto" else (platform if _fits(platform, headers, specs) else None)
    if found is None:
        if platform != "auto":
            _raise_missing(path, platform, headers, None, specs)
        raise InputError(
            "cannot tell which platform this export comes from", path=path,
            hint=f"columns seen: {', '.join(headers[:10])}. Supported platforms: {', '.join(SUPPORTED)}; pass --platform NAME",
        )
    return Layout(path, "parquet", found, headers)
