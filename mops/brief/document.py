"""Brief files: `briefs/<campaign>.md`, the Brief model as YAML front matter over a Markdown body.

Writing: `render_front_matter` turns a Brief into YAML a person can edit (the model's field order,
nothing empty, dates as YYYY-MM-DD) that reads back into the same Brief.

Reading: `read_brief` splits the file, parses the front matter keeping the position of every value
(`mops.yamlio`), and validates it; every error names the file, the line and the field. The parsed
document knows the file line of each field, so checks point findings at the line to edit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mops.errors import ConfigError, InputError
from mops.models.brief import Brief
from mops.yamlio import LoadedYaml, parse_yaml, validate_loaded

SCHEMA_COMMENT = "# yaml-language-server: $schema=../.mops/schemas/brief.json"
FENCE = "---"

# list fields whose items may be written as a plain string (see the Brief model's validators)
_TEXT_ITEMS = {"objectives": "text", "decisions": "text", "risks": "text", "open_questions": "text", "deliverables": "what"}
# fields of the version 1 layout that version 2 renamed or split; seen without `version: 2`, they
# mean an old brief rather than typos
_V1_FIELDS = ("objective", "owner", "constraints")

FieldPath = tuple[Any, ...]


# -- writing ---------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, list items indented under their key; text with line breaks as a literal block
    (`|`) rather than an escaped string."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def prune_empty(value: Any) -> Any:
    """Drop None and empty lists and mappings (all defaults of the model); 52000.0 -> 52000.

    An item's `evidence` goes last: the value first, then where it was said."""
    if isinstance(value, dict):
        pruned = {k: prune_empty(v) for k, v in value.items() if v is not None}
        kept = {k: v for k, v in pruned.items() if v not in ([], {})}
        if "evidence" in kept:
            kept["evidence"] = kept.pop("evidence")
        return kept
    if isinstance(value, list):
        return [prune_empty(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def render_front_matter(brief: Brief) -> str:
    """The brief as YAML front matter text, without the `---` fences, ending with a newline.

    Keys follow the model's field order; None and empty values are left out; a statement that is
    only its text is written as a plain string. `Brief.model_validate(yaml.safe_load(text)) == brief`.
    """
    data = prune_empty(brief.model_dump(mode="python", exclude_none=True))
    for name, key in _TEXT_ITEMS.items():
        if name in data:
            data[name] = [item[key] if isinstance(item, dict) and list(item) == [key] else item for item in data[name]]
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1_000_000)
    return f"{SCHEMA_COMMENT}\n{text}"


def render_brief_file(brief: Brief, body: str) -> str:
    """A whole brief file: the front matter between `---` lines, then `body`."""
    return f"{FENCE}\n{render_front_matter(brief)}{FENCE}\n{body}"


# -- reading ---------------------------------------------------------------------------------------


@dataclass
class FrontMatter:
    """A brief file split and its front matter parsed, not yet validated."""

    path: Path
    display: str
    text: str  # the whole file, decoded
    loaded: LoadedYaml  # positions are file lines: the YAML is parsed where it stands in the file
    body: str
    body_line: int  # file line the body starts on


@dataclass
class BriefDocument:
    """A brief file read and validated: the Brief, its Markdown body, and where each field is."""

    path: Path
    display: str
    brief: Brief
    body: str
    front_matter_line: int  # file line of the first front matter line (the one after `---`)
    body_line: int  # file line of the body's first line
    loaded: LoadedYaml
    ignored: tuple[str, ...] = ()  # fields in the file left out of `brief` (see validate_front_matter)

    def line_of(self, field: str | FieldPath) -> int:
        """The file line of a field (`budget.split[1].channel` or a tuple path).

        A key's own line for a field that is there; for one that is not, the line of its nearest
        parent in the file; line 1 (the opening `---`) when no part of it is there."""
        return field_line(self.loaded, field)

    def position_of(self, field: str | FieldPath) -> tuple[int, int]:
        """(line, column) of a field, found as `line_of` finds its line."""
        return field_position(self.loaded, field)


def parse_field_path(field: str) -> FieldPath:
    """`budget.split[1].channel` -> ('budget', 'split', 1, 'channel')."""
    parts: list[Any] = []
    for piece in field.split("."):
        name, *indexes = piece.split("[")
        if name:
            parts.append(name)
        parts.extend(int(index.rstrip("]")) for index in indexes)
    return tuple(parts)


def field_position(loaded: LoadedYaml, field: str | FieldPath) -> tuple[int, int]:
    """(line, column) of a field in the file; see `BriefDocument.line_of`."""
    loc = parse_field_path(field) if isinstance(field, str) else tuple(field)
    known: FieldPath = ()
    for part in loc:
        if (*known, part) not in loaded.value_positions:
            break
        known = (*known, part)
    if not known:
        return 1, 1
    position = loaded.key_positions.get(known) or loaded.value_positions[known]
    return position.line, position.column


def field_line(loaded: LoadedYaml, field: str | FieldPath) -> int:
    """The file line of a field; see `BriefDocument.line_of`."""
    return field_position(loaded, field)[0]


_FENCE_LINE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)


def _decode(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start} is {raw[exc.start]:#04x})", path=display, hint="save the brief as UTF-8") from None


def load_front_matter(path: Path, *, display: str) -> FrontMatter:
    """Read a brief file and parse its front matter (positions as file lines), without validating it."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path=display, hint="check the path of the brief") from None
    except IsADirectoryError:
        raise InputError("is a folder, expected a brief file (.md)", path=display) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=display) from None
    return parse_front_matter(raw, path, display=display)


def parse_front_matter(raw: bytes, path: Path, *, display: str) -> FrontMatter:
    """A brief's bytes (a file's, or a version git holds) split and its front matter parsed."""
    text = _decode(raw, display)
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip() != FENCE:
        raise InputError(
            "no front matter: a brief starts with a line '---', then its fields as YAML, then another '---'",
            path=display,
            line=1,
            hint="`mops brief draft` writes one; `mops schema brief` lists the fields",
        )
    closing = _FENCE_LINE.search(text, first_end + 1) if first_end >= 0 else None
    if closing is None:
        raise InputError(
            "the front matter is not closed: no line '---' after the fields",
            path=display,
            line=1,
            hint="add a line '---' between the YAML fields and the Markdown body",
        )
    yaml_text = text[first_end + 1 : closing.start()]
    # parsed below one blank line standing for the opening '---', so every position is a file line
    loaded = parse_yaml("\n" + yaml_text, path, display=display)
    body_start = closing.end() + 1 if closing.end() < len(text) else len(text)
    body_line = text.count("\n", 0, body_start) + 1
    return FrontMatter(path=path, display=display, text=text, loaded=loaded, body=text[body_start:], body_line=body_line)


def _reject_version_1(loaded: LoadedYaml, display: str) -> None:
    data = loaded.data
    if not isinstance(data, dict) or data.get("version", 1) != 1:
        return
    old = [key for key in _V1_FIELDS if key in data] or (["version"] if "version" in data else [])
    budget = data.get("budget")
    if isinstance(budget, dict) and "amount" in budget:
        old.append("budget.amount")
    if old:
        raise ConfigError(
            f"this brief is in the version 1 layout ({', '.join(old)})",
            path=display,
            line=field_line(loaded, old[0]),
            field=old[0],
            hint="redraft it with `mops brief draft`, or edit it: objective -> objectives, owner -> owners (role: owner), "
            "budget.amount -> budget.total, constraints -> decisions or risks; `mops schema brief` shows version 2",
        )


def dates_out_of_order(loaded: LoadedYaml) -> tuple[dt.date, dt.date] | None:
    """(start, end) when the front matter's flight ends before it starts."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    start, end = data.get("start"), data.get("end")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        return start, end
    return None


def validate_front_matter(front: FrontMatter, *, ignore_end: bool = False) -> BriefDocument:
    """Validate parsed front matter into a `BriefDocument`; errors name the file, line and field.

    `ignore_end` validates without the `end` date (for a check that reports an end before the start
    as a finding and goes on with the other checks)."""
    loaded = front.loaded
    _reject_version_1(loaded, front.display)
    if ignore_end and isinstance(loaded.data, dict):
        loaded = dataclasses.replace(loaded, data={k: v for k, v in loaded.data.items() if k != "end"})
    else:
        order = dates_out_of_order(loaded)
        if order is not None:
            start, end = order
            raise ConfigError(
                f"end {end} is before start {start}",
                path=front.display,
                line=field_line(loaded, "end"),
                field="end",
                hint="the flight runs from `start` to `end`, both days included",
            )
    brief = validate_loaded(Brief, loaded, schema="brief", display=front.display)
    return BriefDocument(
        path=front.path,
        display=front.display,
        brief=brief,
        body=front.body,
        front_matter_line=2,
        body_line=front.body_line,
        loaded=front.loaded,
        ignored=("end",) if ignore_end and isinstance(front.loaded.data, dict) and "end" in front.loaded.data else (),
    )


def read_brief(path: Path, *, display: str) -> BriefDocument:
    """Read and validate a brief file.

    No front matter, bad YAML or an invalid field raise `InputError`/`ConfigError` (exit 2) with
    `display:line`, the field and a hint."""
    return validate_front_matter(load_front_matter(path, display=display))


__all__ = [
    "BriefDocument",
    "FrontMatter",
    "dates_out_of_order",
    "field_line",
    "field_position",
    "load_front_matter",
    "parse_field_path",
    "parse_front_matter",
    "prune_empty",
    "read_brief",
    "render_brief_file",
    "render_front_matter",
    "validate_front_matter",
]
