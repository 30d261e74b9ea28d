"""Copy as platforms count and read it: pure, fast functions for the copy lint rules.

`counting` holds the per-platform lengths (graphemes, X, SMS, Google Ads) and `count_for`;
`text` holds the tone metrics (sentences, words, emoji, hashtags, shouting, reading grade).
"""

from mops.copy.counting import (
    COUNTINGS,
    SmsCount,
    count_for,
    google_ads_length,
    grapheme_length,
    keyword_insertion_length,
    sms_count,
    x_weighted_length,
)
from mops.copy.text import (
    all_caps_words,
    count_emoji,
    count_hashtags,
    flesch_kincaid_grade,
    hashtags,
    sentences,
    syllables,
    words,
)

__all__ = [
    "COUNTINGS",
    "SmsCount",
    "all_caps_words",
    "count_emoji",
    "count_for",
    "count_hashtags",
    "flesch_kincaid_grade",
    "google_ads_length",
    "grapheme_length",
    "hashtags",
    "keyword_insertion_length",
    "sentences",
    "sms_count",
    "syllables",
    "words",
    "x_weighted_length",
]
