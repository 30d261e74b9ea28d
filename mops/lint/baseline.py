"""`--baseline FILE`: accept the findings a team already has, fail only on new ones.

The file is JSON: `{"version": 1, "findings": [{"code", "path", "fingerprint", "message"}]}`,
written by `mops lint --write-baseline FILE`. Findings match by fingerprint (see fingerprint.py),
so the baseline survives lines added or removed elsewhere in a file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mops.errors import InputError
from mops.lint.fingerprint import fingerprints

if TYPE_CHECKING:  # findings are read by field: plain ones need no pydantic
    from mops.models.results import Finding


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.code))


def write_baseline(path: Path, findings: list[Finding], source: Callable[[str], str | None]) -> int:
    from mops.fsutil import atomic_write_text

    ordered = _sorted(findings)
    entries = [
        {"code": f.code, "path": f.path, "fingerprint": fp, "message": f.message}
        for f, fp in zip(ordered, fingerprints(ordered, source))
    ]
    atomic_write_text(path, json.dumps({"version": 1, "findings": entries}, indent=2, ensure_ascii=False) + "\n")
    return len(entries)


def filter_baseline(findings: list[Finding], path: Path, source: Callable[[str], str | None]) -> list[Finding]:
    """The findings not accepted by the baseline file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        accepted = Counter((e["code"], e["path"], e["fingerprint"]) for e in data["findings"])
    except FileNotFoundError:
        raise InputError("baseline file not found", path=str(path), hint="create it with `mops lint --write-baseline FILE`") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"not a mops baseline file ({exc})", path=str(path), hint="recreate it with `mops lint --write-baseline FILE`") from None
    ordered = _sorted(findings)
    new = []
    for finding, fp in zip(ordered, fingerprints(ordered, source)):
        key = (finding.code, finding.path, fp)
        if accepted[key] > 0:
            accepted[key] -= 1
        else:
            new.append(finding)
    return new
