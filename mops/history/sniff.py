"""Look at the head of an export: its format, encoding, separator, and which line holds the header.

Real exports carry lines around the data (Google Ads' report title and date range, GA4's `#`
comments); the header is the first line whose cells a platform recognises.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from mops.errors import InputError
from mops.history.platforms import CRM_SEGMENT_HEADERS, SPECS, SUPPORTED, detect

_HEAD_BYTES = 256 * 1024
_DELIMITERS = ("\t", ";", ",")
_MAX_PREAMBLE_LINES = 50


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


def sniff(path: Path, platform: str = "auto") -> Layout:
    """The layout of `path`; raises InputError for empty, unreadable or unrecognised files."""
    if platform != "auto" and platform not in SUPPORTED:
        raise InputError(f"unknown platform {platform!r}", hint=f"use one of: auto, {', '.join(SUPPORTED)}")
    if not path.is_file():
        raise InputError("no such file", path=path, hint="check the path; exports are usually under exports/")
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if not head.strip():
        raise InputError("the file is empty", path=path, hint="export the report again; it holds no header and no rows")
    if head[:4] == b"PAR1" or path.suffix.lower() == ".parquet":
        return _parquet_layout(path, platform)
    return _text_layout(path, _decode(path, head, complete=len(head) < _HEAD_BYTES), platform)


def _decode(path: Path, head: bytes, complete: bool) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            "the file is UTF-16 encoded", path=path,
            hint="save it as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8) and import again",
        )
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not complete and b"\n" in head:
        head = head[: head.rfind(b"\n") + 1]  # never cut a character in half
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = head[: exc.start].count(b"\n") + 1
        raise InputError(
            f"the file is not UTF-8: byte 0x{head[exc.start]:02x} cannot be read",
            path=path, line=line,
            hint="re-save the export as UTF-8 (Excel: 'CSV UTF-8'); Windows-1252/Latin-1 files are not read",
        ) from None


def _cells(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter, quotechar='"'), [])


def _text_layout(path: Path, text: str, platform: str) -> Layout:
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
            found = detect(cells) if platform == "auto" else (platform if _fits(platform, cells) else None)
            if found:
                return Layout(
                    path, "csv", found, cells, header_line=index + 1, delimiter=delimiter,
                    decimal_comma=delimiter == ";", preamble=tuple(lines[:index]),
                )
    if platform == "auto":
        shown = ", ".join(first_candidate[2][:8]) if first_candidate else "(no header row found)"
        raise InputError(
            "cannot tell which platform this export comes from",
            path=path, line=first_candidate[0] + 1 if first_candidate else None,
            hint=f"header seen: {shown}. Supported platforms: {', '.join(SUPPORTED)}; "
            "pass --platform NAME, or export with the platform's standard column names",
        )
    _raise_missing(path, platform, first_candidate[2] if first_candidate else [], first_candidate[0] + 1 if first_candidate else None)
    raise AssertionError("unreachable")


def _fits(platform: str, cells: list[str]) -> bool:
    if platform == "crm":
        return any(c.strip().lower() in CRM_SEGMENT_HEADERS for c in cells)
    return not SPECS[platform].missing(cells)


def _raise_missing(path: Path, platform: str, headers: list[str], line: int | None) -> None:
    if platform == "crm":
        raise InputError("no segment column found in this CRM export", path=path, line=line,
                         hint="the CRM export needs a column named Segment, List or Audience")
    spec = SPECS[platform]
    missing = spec.missing(headers)
    wanted = "; ".join(f"{c}: one of {', '.join(repr(n) for n in spec.columns.get(c, spec.prefixes.get(c, ())))}" for c in missing)
    raise InputError(
        f"this does not look like a {platform} export: columns missing", path=path, line=line,
        hint=f"needed {wanted}. Header seen: {', '.join(headers[:10]) or '(none)'}",
    )


def _parquet_layout(path: Path, platform: str) -> Layout:
    import duckdb

    con = duckdb.connect()
    try:
        headers = [row[0] for row in con.execute("SELECT name FROM parquet_schema(?) WHERE num_children IS NULL", [str(path)]).fetchall()]
    except duckdb.Error as exc:
        raise InputError(f"cannot read this Parquet file: {exc}", path=path, hint="export it again") from None
    finally:
        con.close()
    found = detect(headers) if platform == "auto" else (platform if _fits(platform, headers) else None)
    if found is None:
        if platform != "auto":
            _raise_missing(path, platform, headers, None)
        raise InputError(
            "cannot tell which platform this export comes from", path=path,
            hint=f"columns seen: {', '.join(headers[:10])}. Supported platforms: {', '.join(SUPPORTED)}; pass --platform NAME",
        )
    return Layout(path, "parquet", found, headers)
