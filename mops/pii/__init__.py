"""Personal data detection and scrubbing: emails, phones, payment cards, IBANs, IPs, people's names.

Used by the copy linter (PII001-PII006), by `mops brief draft` to scrub transcripts before anything
reaches a language model, and by history import to find which CRM columns are personal.
"""

from __future__ import annotations

import importlib
from typing import Any

# `mask` and `scrub` are both submodules and functions: imported here, before anything imports the
# submodule on its own, so `mops.pii.scrub` stays the function whatever is imported first (as when
# this file imported every name)
from mops.pii.mask import mask
from mops.pii.scrub import ScrubResult, restore, scrub

# Names are imported on first use (PEP 562): the copy linter needs the detector, not the CRM column
# reader, and `mops lint FILE` pays for every module it imports at start-up.
_LOCATIONS = {
    "CODES": "mops.pii.match",
    "KINDS": "mops.pii.match",
    "LABELS": "mops.pii.match",
    "PiiDetector": "mops.pii.detector",
    "PiiMatch": "mops.pii.match",
    "column_is_personal": "mops.pii.columns",
    "kind_from_header": "mops.pii.columns",
}


def __getattr__(name: str) -> Any:
    if name in _LOCATIONS:
        return getattr(importlib.import_module(_LOCATIONS[name]), name)
    raise AttributeError(f"module 'mops.pii' has no attribute {name!r}")


__all__ = [
    "CODES",
    "KINDS",
    "LABELS",
    "PiiDetector",
    "PiiMatch",
    "ScrubResult",
    "column_is_personal",
    "kind_from_header",
    "mask",
    "restore",
    "scrub",
]
