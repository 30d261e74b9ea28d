"""Copy as platforms count and read it: pure, fast functions for the copy lint rules.

`counting` holds the per-platform lengths (graphemes, X, SMS, Google Ads) and `count_for`;
`text` holds the tone metrics (sentences, words, emoji, hashtags, shouting, reading grade).
Names are exported lazily so that importing a sibling module (`mops.copy.prose`) costs nothing extra.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "COUNTINGS": "counting",
    "count_for": "counting",
    "google_ads_length": "counting",
    "grapheme_length": "counting",
    "keyword_insertion_length": "counting",
    "SmsCount": "sms",
    "is_gsm7": "sms",
    "non_gsm_chars": "sms",
    "sms_count": "sms",
    "x_weighted_length": "x_count",
    "all_caps_words": "text",
    "count_emoji": "text",
    "count_hashtags": "text",
    "flesch_kincaid_grade": "text",
    "hashtags": "text",
    "sentences": "text",
    "syllables": "text",
    "words": "text",
    "words_per_sentence": "text",
    "word_count": "text",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mops.copy' has no attribute {name!r}")
    return getattr(importlib.import_module(f"mops.copy.{module}"), name)
