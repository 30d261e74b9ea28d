"""Grapheme counting reads \\X only around the characters that can join a cluster (mops.copy.counting):
held here to counting every cluster of the whole text, on random texts of the characters that
make clusters of several code points, between and beside ASCII."""

from __future__ import annotations

import random

import regex

from mops.copy.counting import grapheme_length

_PIECES = [
    "a", "Z", " ", ".", "\r", "\n", "\r\n", "\t", "e\u0301", "\u0301", "\u200d", "\ufe0f", "\U0001f44d", "\U0001f3fd",
    "\U0001f469\u200d\U0001f4bb", "\U0001f1e9", "\U0001f1ea", "\u1100", "\u1161", "\u11a8", "\uac00", "\u0600", "\u0915\u094d",
    "\u0903", "é", "ß", "©", "#", "\ufe0f\u20e3", "\U000e0067", "\x00", "\x7f", "\u0085",
]  # fmt: skip


def test_counts_as_every_cluster_of_the_whole_text() -> None:
    rng = random.Random(29)
    cluster = regex.compile(r"\X")
    texts = ["", "a\u0301", "\r\n\u0301", "ab\U0001f1e9\U0001f1ea\U0001f1e9c", "Save 40% 🎉🎉 on tents\r\nnow", "x" * 50 + "\u0301"]
    texts += ["".join(rng.choice(_PIECES) for _ in range(rng.randrange(0, 30))) for _ in range(30_000)]
    for text in texts:
        assert grapheme_length(text) == len(cluster.findall(text)), ascii(text)
