"""Personal data detection and scrubbing: emails, phones, payment cards, IBANs, IPs, people's names.

Used by the copy linter (PII001-PII006), by `mops brief draft` to scrub transcripts before anything
reaches a language model, and by history import to find which CRM columns are personal.
"""

from __future__ import annotations

from mops.pii.columns import column_is_personal, kind_from_header
from mops.pii.detector import PiiDetector
from mops.pii.mask import mask
from mops.pii.match import CODES, KINDS, LABELS, PiiMatch
from mops.pii.scrub import ScrubResult, restore, scrub

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
