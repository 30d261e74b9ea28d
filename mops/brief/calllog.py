"""A record of every language-model call, as sent: `.mops/logs/<id>.json`, one file per call.

A record holds the scrubbed messages exactly as they went to the provider, the response text as it
came back, the model, the provider's host, tokens, cost, duration and the outcome. It never holds the
placeholder -> original mapping, so a log shows what left the machine and nothing more. `mops logs`
lists and shows the records; `mops privacy forget` redacts a person from them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mops.errors import InputError
from mops.models.calllog import CallLog

LOG_FOLDER = "logs"  # under the workspace state folder, .mops/
REDACTED = "[forgotten]"


def log_folder(ws: Any) -> Path | None:
    """Where the workspace keeps its model call records (.mops/logs/); None without a state folder."""
    return ws.state_dir / LOG_FOLDER if ws.state_dir is not None else None


def new_call_id(now: dt.datetime) -> str:
    """An id that sorts by time: `20261206T031500-ab12cd`."""
    return f"{now.astimezone(dt.timezone.utc):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def write_call(log_dir: Path, record: CallLog) -> Path:
    """Write `record` as `<log_dir>/<id>.json`, atomically."""
    from mops.fsutil import atomic_write_text

    path = log_dir / f"{record.id}.json"
    atomic_write_text(path, record.model_dump_json(indent=2) + "\n")
    return path


def list_calls(log_dir: Path | None) -> list[CallLog]:
    """Every call logged under `log_dir`, oldest first; files that are not call records are skipped."""
    if log_dir is None or not log_dir.is_dir():
        return []
    calls = []
    for path in log_dir.glob("*.json"):
        try:
            calls.append(CallLog.model_validate_json(path.read_bytes()))
        except (OSError, ValidationError, ValueError):
            continue  # another tool's file, or a record being written right now
    return sorted(calls, key=lambda c: (c.time, c.id))


def read_call(log_dir: Path | None, call_id: str) -> CallLog:
    """The call whose id is `call_id`, or the only one it is a prefix of."""
    calls = list_calls(log_dir)
    exact = [c for c in calls if c.id == call_id]
    matches = exact or [c for c in calls if c.id.startswith(call_id)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        hint = "run `mops logs` to list the logged calls" if calls else "no model call has been logged in this workspace yet"
        raise InputError(f"no logged model call with id {call_id!r}", hint=hint)
    shown = ", ".join(c.id for c in matches[:5])
    raise InputError(f"{call_id!r} is the start of {len(matches)} call ids ({shown})", hint="give more of the id")


def redact_calls(log_dir: Path | None, patterns: Iterable[re.Pattern[str]]) -> list[tuple[Path, int]]:
    """Replace every match of `patterns` in the call records' text with `[forgotten]`.

    Records keep their shape (messages, response, figures), so the log still shows that a call was
    made and what it cost. Returns each changed file with the number of replacements.
    """
    from mops.fsutil import atomic_write_text

    patterns = list(patterns)
    changed: list[tuple[Path, int]] = []
    if not patterns:
        return changed
    for path, data in _call_records(log_dir):
        redacted, count = _redact(data, patterns)
        if count:
            atomic_write_text(path, json.dumps(redacted, indent=2, ensure_ascii=False) + "\n")
            changed.append((path, count))
    return changed


def _call_records(log_dir: Path | None) -> list[tuple[Path, Any]]:
    """(path, data) of each call record in `log_dir`; other files there are not ours to read."""
    records = []
    if log_dir is None or not log_dir.is_dir():
        return records
    for path in sorted(log_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            CallLog.model_validate(data)
        except (OSError, ValueError, ValidationError):
            continue
        records.append((path, data))
    return records


def call_record_paths(log_dir: Path | None) -> set[Path]:
    """The files of `log_dir` that are call records (`forget` scrubs the others line by line)."""
    return {path for path, _ in _call_records(log_dir)}


def _redact(value: Any, patterns: list[re.Pattern[str]]) -> tuple[Any, int]:
    if isinstance(value, str):
        total = 0
        for pattern in patterns:
            value, n = pattern.subn(REDACTED, value)
            total += n
        return value, total
    if isinstance(value, list):
        items = [_redact(v, patterns) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    if isinstance(value, dict):
        entries = {k: _redact(v, patterns) for k, v in value.items()}
        return {k: v for k, (v, _) in entries.items()}, sum(n for _, n in entries.values())
    return value, 0
