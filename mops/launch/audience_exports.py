"""Platforms' audience list exports: the size each platform shows for a customer-list audience.

Only audience names, ids, types and sizes are read; an audience export holds no personal data.
Layouts, recognised by their headers (compared trimmed and case-folded):

| layout | where it is downloaded | name / id columns | size columns and values |
|---|---|---|---|
| meta | Ads Manager > Audiences, table download | Audience name or Name; Audience ID or ID | Audience size, Estimated audience size, Approximate size or Size: `48,000`, `45,000 - 53,000`, `45K - 53K`, `Below 1,000` |
| google_ads | Tools > Audience manager > Your data segments, download | Segment, Audience segment or Name; ID | one per network: Size: Search, Size: YouTube, Size: Display, Size: Gmail (or Size): `12K`, `1.2M`, `< 1,000`, `Too small to serve`, `—` |
| linkedin | Campaign Manager > Plan > Audiences | Audience name or Name; ID | Last audience count or Audience size: `12,345`, `< 300 members` |
| generic | any list with a name and a size column | Name, Audience, List, Segment... | Size, Audience size, Members, Matched, Count |

Google Ads shows a size per network; a Customer Match list's matched size is the largest of them
(each network reaches a subset of the matched people). The layouts were written from the platforms'
help pages and the columns their audience tables show; a real download whose headers differ is an
input error naming the headers found and the ones expected.

Files may be comma-, semicolon- or tab-separated, start with a byte-order mark (or be UTF-16, as
Google's "CSV for Excel" is), and carry title lines above the header. Sizes use thousands separators
of any locale (1,100 / 1.100 / 1 100); `K`/`M` sizes (`1.2M`) are as precise as they are written.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from mops.errors import InputError
from mops.history.platforms import normalise_header

# The fewest matched people a customer-list audience needs before the platform serves ads to it.
# Meta: customer lists "of fewer than 100 people" are not used (Meta Business Help Centre, "How to
# format a customer list"). Google Ads: 100 active users on Search, YouTube and Display for every
# segment type, Customer Match included, since 2025 (support.google.com/google-ads/answer/7476585;
# Search and YouTube needed 1,000 before). LinkedIn: a contact list must match 300 members
# (LinkedIn Help a1489764). Platforms not listed: only an empty audience cannot serve.
SERVING_MINIMUM = {"meta": 100, "google_ads": 100, "linkedin": 300}

_MAX_TITLE_LINES = 50
_DELIMITERS = ("\t", ";", ",")

_NAME_HEADERS = {
    "meta": ("audience name", "name"),
    "google_ads": ("segment", "audience segment", "segment name", "name", "audience name", "audience list", "list name"),
    "linkedin": ("audience name", "name", "audience"),
    "generic": ("audience name", "name", "audience", "audience segment", "segment", "segment name", "list", "list name"),
}
_ID_HEADERS = ("audience id", "id", "segment id", "list id", "user list id")
_TYPE_HEADERS = ("type", "audience type", "segment type", "list type", "subtype")
_SIZE_HEADERS = {
    "meta": ("audience size", "estimated audience size", "approximate size", "approximate audience size", "size"),
    "google_ads": ("size",),  # besides the per-network "Size: ..." columns
    "linkedin": ("last audience count", "audience count", "audience size", "matched audience size"),
    "generic": ("size", "audience size", "members", "member count", "matched", "matched members", "matched size", "count", "list size"),
}
# Headers only one platform's export has: they decide the layout before the generic reading.
_META_ONLY = ("audience id", "estimated audience size", "approximate size", "approximate audience size", "availability")
_LINKEDIN_ONLY = ("last audience count", "audience count")

EXPECTED_HEADERS = (
    "Meta: Audience name, Audience ID, Type, Audience size; Google Ads: Segment, Type, Size: Search / Size: YouTube / "
    "Size: Display / Size: Gmail; LinkedIn: Audience name, Last audience count; or any file with a name column "
    "(Name, Audience, Segment, List) and a size column (Size, Audience size, Members, Matched, Count)"
)
PLATFORM_NAMES = {
    "meta": "Meta", "google_ads": "Google Ads", "linkedin": "LinkedIn", "microsoft_ads": "Microsoft Ads", "tiktok": "TikTok",
    "pinterest": "Pinterest", "snapchat": "Snapchat", "x": "X",
}


class NotAnAudienceExport(InputError):
    """The file's headers match no audience export layout; `headers` are the first header-like line's cells."""

    def __init__(self, message: str, *, headers: list[str], path: str | None = None) -> None:
        super().__init__(message, path=path, hint=f"expected headers: {EXPECTED_HEADERS}")
        self.headers = headers


@dataclass(frozen=True)
class SizeFigure:
    """An audience size as a platform shows it: one figure (`shown`) or a range (`shown` None).

    `unit` is how precisely a single figure is written (12K: 1,000; 1.2M: 100,000; 48,000: 1); the
    platform's own rounding to significant digits is added by whoever knows the platform's setting.
    """

    text: str
    low: int
    high: int
    shown: int | None = None
    unit: int = 1


@dataclass(frozen=True)
class AudienceRow:
    line: int  # 1-based line of the row in the file
    name: str
    id: str | None
    size: SizeFigure | None  # None: no size cell could be read
    size_column: str | None  # the header of the size used (Google: the largest network)
    cells: dict[str, str]  # the row's name, id, type and size cells, for evidence (no personal data)


@dataclass
class AudienceExport:
    path: Path
    layout: str  # meta | google_ads | linkedin | generic
    header_line: int
    headers: list[str]
    rows: list[AudienceRow] = field(default_factory=list)

    def find(self, wanted: str) -> list[AudienceRow]:
        """Rows whose name or id is `wanted` (case, spacing and dash style ignored)."""
        key = comparable(wanted)
        return [row for row in self.rows if comparable(row.name) == key or (row.id is not None and comparable(row.id) == key)]


def comparable(text: str) -> str:
    """How audience names are compared: NFKC, case-folded, single spaces, every dash a hyphen."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.split()).casefold()


# --- sizes -------------------------------------------------------------------------------------

_NO_VALUE = {"", "-", "--", "—", "–", "n/a", "na", "not available", "unavailable", "none", "null", "nan"}
_TOO_SMALL = re.compile(r"^(audience )?too small( to serve)?$|^not enough (users|members|people)$")
_NUMBER = r"\d[\d.,' ]*?(?:\s*(?:k|m|mio\.?|tsd\.?))?"
_BELOW = re.compile(rf"^(?:below|less than|under|fewer than|<|≤|<=)\s*(?P<n>{_NUMBER})$")
_RANGE = re.compile(rf"^(?P<a>{_NUMBER})\s*(?:-|to|bis)\s*(?P<b>{_NUMBER})$")
_UNITS = {"k": 1_000, "tsd": 1_000, "tsd.": 1_000, "m": 1_000_000, "mio": 1_000_000, "mio.": 1_000_000}


def parse_number(text: str) -> tuple[int, int] | None:
    """(value, unit) of a size written as `1,100`, `1.100`, `1 100`, `12K`, `1.2M` or `1,2 Mio.`; None when unreadable.

    Without a K/M suffix a separator must be followed by three digits (sizes are whole numbers, so
    `1.5` is no size); with one, a decimal part sets the unit (`1.2M`: 100,000).
    """
    text = text.strip()
    found = re.fullmatch(r"(?P<digits>\d[\d.,' ]*?)\s*(?P<suffix>k|m|mio\.?|tsd\.?)?", text)
    if found is None:
        return None
    digits, suffix = found["digits"].strip(), found["suffix"]
    if suffix:
        decimal = re.fullmatch(r"(\d+)(?:[.,](\d+))?", digits)
        if decimal is None:
            return None
        multiplier = _UNITS[suffix]
        places = len(decimal.group(2) or "")
        value = round(float(f"{decimal.group(1)}.{decimal.group(2) or 0}") * multiplier)
        return value, max(multiplier // 10**places, 1)
    if re.fullmatch(r"\d+", digits):
        return int(digits), 1
    grouped = re.fullmatch(r"\d{1,3}(?P<sep>[.,' ])\d{3}(?:(?P=sep)\d{3})*", digits)
    if grouped is None:
        return None
    return int(re.sub(r"\D", "", digits)), 1


def parse_size(text: str, too_small_below: int = min(SERVING_MINIMUM.values())) -> SizeFigure | None:
    """The size a cell shows, or None for an empty or unreadable cell. `Below 1,000` is 0 to 999;
    `Too small to serve` is 0 to `too_small_below` - 1; a range keeps both ends."""
    cell = " ".join(unicodedata.normalize("NFKC", text).split())
    lowered = re.sub(r"\s*(members|people|users|accounts|personen|mitglieder)$", "", cell.casefold()).strip()
    lowered = re.sub(r"[\u2010-\u2015\u2212]", "-", lowered) if lowered not in ("—", "–") else lowered
    if lowered in _NO_VALUE:
        return None
    if _TOO_SMALL.match(lowered):
        return SizeFigure(text=cell, low=0, high=max(too_small_below - 1, 0))
    below = _BELOW.match(lowered)
    if below:
        bound = parse_number(below["n"])
        return SizeFigure(text=cell, low=0, high=max(bound[0] - 1, 0)) if bound else None
    ranged = _RANGE.match(lowered)
    if ranged:
        low, high = parse_number(ranged["a"]), parse_number(ranged["b"])
        if low and high and low[0] <= high[0]:
            return SizeFigure(text=cell, low=low[0], high=high[0])
    single = parse_number(lowered)
    if single is None:
        return None
    return SizeFigure(text=cell, low=single[0], high=single[0], shown=single[0], unit=single[1])


def rounding_interval(figure: SizeFigure, digits: int) -> tuple[int, int]:
    """The sizes a shown figure may stand for: written as `12K`, or rounded by the platform to `digits`
    significant digits (1,100 with 2 digits: 1,050 to 1,149). A range is used as it is; a figure with
    more significant digits than the platform rounds to is exact."""
    if figure.shown is None:
        return figure.low, figure.high
    value = figure.shown
    unit = figure.unit
    if digits > 0 and value > 0:
        step = 10 ** max(len(str(value)) - digits, 0)
        if value % step == 0:
            unit = max(unit, step)
    if unit <= 1:
        return value, value
    return max(math.ceil(value - unit / 2), 0), math.ceil(value + unit / 2) - 1


# --- files -------------------------------------------------------------------------------------


def layout_of(headers: list[str]) -> str | None:
    """meta, google_ads, linkedin or generic for an audience export's header row, else None."""
    keys = [normalise_header(h) for h in headers]
    if any(k.startswith("size:") or k.startswith("size (") for k in keys) and _column(keys, _NAME_HEADERS["google_ads"]) is not None:
        return "google_ads"
    if any(k in _LINKEDIN_ONLY for k in keys) and _column(keys, _NAME_HEADERS["linkedin"]) is not None:
        return "linkedin"
    if any(k in _META_ONLY for k in keys) and _column(keys, _NAME_HEADERS["meta"]) is not None and _column(keys, _SIZE_HEADERS["meta"]) is not None:
        return "meta"
    if _column(keys, _NAME_HEADERS["generic"]) is not None and _column(keys, _SIZE_HEADERS["generic"]) is not None:
        return "generic"
    return None


def is_audience_export(headers: list[str]) -> bool:
    """Whether a header row is a platform's audience list (for an importer to pass such files over)."""
    return layout_of(headers) in ("meta", "google_ads", "linkedin")


def _column(keys: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:  # in order of preference
        if name in keys:
            return keys.index(name)
    return None


def _size_columns(keys: list[str], layout: str) -> list[int]:
    if layout == "google_ads":
        networks = [i for i, k in enumerate(keys) if k.startswith("size:") or k.startswith("size (")]
        return networks or [i for i, k in enumerate(keys) if k == "size"]
    found = _column(keys, _SIZE_HEADERS[layout])
    return [found] if found is not None else []


def _decode(path: Path) -> str:
    from mops.history.sniff import check_readable, detect_encoding

    check_readable(path)
    head = path.read_bytes()
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError("the file is empty", path=path, hint="download the audience list again")
    encoding, _ = detect_encoding(path, head[: 256 * 1024])
    try:
        return head.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError(f"byte 0x{head[exc.start]:02x} cannot be read as {encoding}", path=path,
                         line=head[: exc.start].count(b"\n") + 1, hint="save the file again as 'CSV UTF-8'") from None


_DIGIT_RUN = re.compile(r"\d{5,}")


def _looks_personal(cells: list[str]) -> bool:
    """Whether a line's cells hold what may be a person's data (an email, a phone number, a name, a
    long number such as a customer id): such a line is a data row, and none of it is ever shown."""
    from mops.pii.detector import PiiDetector

    if any("@" in cell or _DIGIT_RUN.search(cell) for cell in cells):
        return True
    detector = PiiDetector()
    return any(detector.find(cell) for cell in cells if cell)


def _find_header(lines: list[str]) -> tuple[int, str, list[str], str | None, list[str], bool]:
    """(index of the header line, delimiter, cells, layout, first header-like cells seen, whether a
    line was passed over as personal data). A line that looks personal is never kept to be shown."""
    first: list[str] = []
    personal = False
    for index, line in enumerate(lines[:_MAX_TITLE_LINES]):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for delimiter in _DELIMITERS:
            if delimiter not in line:
                continue
            cells = [c.strip() for c in next(csv.reader([line], delimiter=delimiter), [])]
            if len(cells) < 2:
                continue
            layout = layout_of(cells)
            if layout:
                return index, delimiter, cells, layout, first, personal
            if not first and not personal:
                if _looks_personal(cells):
                    personal = True
                else:
                    first = cells
    return -1, ",", [], None, first, personal


def _refuse_personal_columns(headers: list[str], name: str) -> None:
    """An audience list holds audiences, never people: a file with an email, phone or person's name
    column (a CRM export named by mistake) is refused before any of its rows is read or quoted."""
    from mops.pii.columns import kind_from_header

    personal = [h for h in headers if kind_from_header(h) in ("email", "phone", "person_name", "ip_address", "iban", "payment_card")]
    if personal:
        raise InputError(
            f"it has personal data columns ({', '.join(personal)}): a customer list, not a platform's audience export",
            path=name, hint="name the platform's audience list download here; the CRM export belongs in the plan's segment.export",
        )


def read_audience_export(path: Path, display: str | None = None) -> AudienceExport:
    """Every audience row of an export. NotAnAudienceExport when no line is a known header."""
    name = display or str(path)
    text = _decode(path)
    lines = text.splitlines()
    index, delimiter, headers, layout, first, personal = _find_header(lines)
    if layout is None:
        if personal and not first:
            raise NotAnAudienceExport(
                f"{name} is not an audience export mops can read: found no header row, and its lines hold what may be personal data "
                "(values not shown)", headers=[], path=name)
        shown = ", ".join(first) if first else "(no header row)"
        raise NotAnAudienceExport(f"{name} is not an audience export mops can read: found headers {shown}", headers=first, path=name)
    _refuse_personal_columns(headers, name)
    keys = [normalise_header(h) for h in headers]
    name_at = _column(keys, _NAME_HEADERS[layout])
    id_at = _column(keys, _ID_HEADERS)
    type_at = _column(keys, _TYPE_HEADERS)
    sizes_at = _size_columns(keys, layout)
    too_small_below = SERVING_MINIMUM.get(layout, min(SERVING_MINIMUM.values()))
    export = AudienceExport(path=path, layout=layout, header_line=index + 1, headers=headers)
    reader = csv.reader(io.StringIO("\n".join(lines[index + 1 :])), delimiter=delimiter)
    for cells in reader:
        line = index + 1 + reader.line_num
        cell = lambda at: cells[at].strip() if at is not None and at < len(cells) else ""  # noqa: E731
        if not cell(name_at) or comparable(cell(name_at)) in ("total", "gesamt", "totals"):
            continue
        figures = [(headers[at], parse_size(cell(at), too_small_below)) for at in sizes_at]
        readable = [(column, figure) for column, figure in figures if figure is not None]
        column, size = max(readable, key=lambda pair: (pair[1].high, pair[1].low)) if readable else (None, None)
        shown = {headers[at]: cell(at) for at in (name_at, id_at, type_at, *sizes_at) if at is not None}
        export.rows.append(AudienceRow(line=line, name=cell(name_at), id=cell(id_at) or None, size=size, size_column=column, cells=shown))
    return export
