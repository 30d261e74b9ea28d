"""Write imported terms into a brand-voice file without disturbing the rest of it.

The existing file is edited as text, not re-dumped: comments, key order, quoting and every other
section stay byte for byte. Only the items of `terms:` whose `source` names one of the imported files
are cut out, and the new items are added after the last existing item, at the same indentation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from mops.errors import ConfigError
from mops.fsutil import atomic_write_text
from mops.models.voice import BrandVoice, Term
from mops.paths import display_path
from mops.yamlio import parse_yaml, validate_loaded

_FIELD_ORDER = ("term", "alternatives", "regex", "case_sensitive", "severity", "reason", "source")
_SOURCE = re.compile(r"^(?P<file>.+):(?P<line>\d+)$")


def render_terms(terms: list[Term] | list[dict[str, Any]], indent: int = 0) -> str:
    """Terms as a YAML block sequence, each line indented by `indent` spaces; '' for no terms."""
    items = [_term_dict(t) if isinstance(t, Term) else t for t in terms]
    if not items:
        return ""
    text = yaml.safe_dump(items, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def render_voice(terms: list[Term]) -> str:
    """A complete brand-voice document holding only `terms`."""
    return "version: 1\nterms:\n" + render_terms(terms, indent=2) if terms else "version: 1\nterms: []\n"


def source_file(source: str | None) -> str | None:
    """The file part of a `source` such as `styles/Terms.yml:12`."""
    if not source:
        return None
    match = _SOURCE.match(source)
    return match.group("file") if match else source


def merge_voice_text(text: str, terms: list[Term], sources: set[str], *, path: Path, display: str | None = None) -> str:
    """`text` (a brand-voice file) with the terms from `sources` replaced by `terms`.

    Raises `ConfigError` when the existing file is not valid YAML or not a valid brand voice, so a
    broken file is reported rather than overwritten.
    """
    shown = display or display_path(path)
    if not text.strip():
        return render_voice(terms)
    loaded = parse_yaml(text, path, display=shown)
    validate_loaded(BrandVoice, loaded, schema="voice", display=shown)
    text = text.lstrip("\ufeff")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    value = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "terms"), None)
    if value is None:
        joiner = "" if text.endswith("\n") else "\n"
        return text + joiner + "terms:\n" + render_terms(terms, indent=2)
    existing = loaded.data.get("terms") or []
    drop = {i for i, item in enumerate(existing) if source_file(item.get("source")) in sources}
    if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
        return _splice_block(text, value, drop, terms)
    # `terms: []`, `terms:` or a flow list: rewrite just that value as a block list.
    kept = [item for i, item in enumerate(existing) if i not in drop]
    block = render_terms([*kept, *[_term_dict(t) for t in terms]], indent=2)
    start = value.start_mark.index
    while start > 0 and text[start - 1] == " ":
        start -= 1
    replacement = ("\n" + block.rstrip("\n")) if block else " []"
    return text[:start] + replacement + text[value.end_mark.index :]


def write_voice(out: Path, terms: list[Term], sources: set[str]) -> None:
    """Create `out`, or merge `terms` into it; the result is validated before it replaces the file."""
    shown = display_path(out)
    try:
        current = out.read_bytes().decode("utf-8-sig") if out.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the brand voice to merge into: {exc}", path=shown) from None
    merged = merge_voice_text(current, terms, sources, path=out, display=shown)
    # Never write something the linter would then refuse to load.
    validate_loaded(BrandVoice, parse_yaml(merged, out, display=shown), schema="voice", display=shown)
    atomic_write_text(out, merged)


def _splice_block(text: str, seq: yaml.SequenceNode, drop: set[int], terms: list[Term]) -> str:
    spans = [_item_span(text, item) for item in seq.value]
    first_dash = text.index("-", spans[0][0])
    dash_column = first_dash - (text.rfind("\n", 0, first_dash) + 1)
    insert_at = spans[-1][1]
    addition = render_terms(terms, indent=dash_column)
    edits: list[tuple[int, int, str]] = [(insert_at, insert_at, addition)]
    edits += [(spans[i][0], spans[i][1], "") for i in sorted(drop)]
    out = text
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + replacement + out[end:]
    return out


def _item_span(text: str, item: yaml.Node) -> tuple[int, int]:
    """[start of the item's `- ` line, just past its last content line], trailing comments excluded."""
    start = text.rfind("\n", 0, item.start_mark.index) + 1
    body = text[start : item.end_mark.index]
    lines = body.splitlines(keepends=True)
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    end = start + sum(len(line) for line in lines)
    if not text[start:end].endswith("\n"):
        newline = text.find("\n", end)
        end = len(text) if newline < 0 else newline + 1
    return start, end


def _term_dict(term: Term) -> dict[str, Any]:
    data = term.model_dump(mode="json", exclude_defaults=True)
    data["severity"] = term.severity.value
    return {key: data[key] for key in _FIELD_ORDER if key in data}
