"""Channel mentions in speech: the taxonomy's canonical channels and the words people say for them.

"Twenty-six k for Google, search plus PMax" names paid_search twice; "one Meta campaign" names
paid_social; "the Brevo sends" names email. Matching is case-insensitive on whole words, longest
alias first, so "paid search" is one mention, not "search" inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ChannelMention:
    start: int
    end: int
    channel: str
    said: str


class ChannelLexicon:
    """Finds channel mentions using a taxonomy's `channels`."""

    def __init__(self, taxonomy: Any, learned: dict[str, str] | None = None) -> None:
        """`learned`: phrase -> channel from reviewers' corrections (`mops brief learn`), for phrases
        the taxonomy does not list (it is the one place aliases are decided: it wins)."""
        self.channels: dict[str, Any] = dict(taxonomy.channels)
        canonical: dict[str, str] = {}
        for name, rule in self.channels.items():
            for alias in [name, name.replace("_", " "), *rule.aliases]:
                canonical[" ".join(alias.lower().split())] = name
        for phrase, channel in (learned or {}).items():
            canonical.setdefault(" ".join(phrase.lower().split()), channel)
        self._canonical = canonical
        words = sorted(canonical, key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(re.escape(w) for w in alias.split()) for alias in words)
        self._pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-]|\+\w)", re.IGNORECASE) if words else None

    def find(self, text: str) -> list[ChannelMention]:
        if self._pattern is None:
            return []
        return [
            ChannelMention(m.start(), m.end(), self._canonical[" ".join(m.group().lower().split())], m.group())
            for m in self._pattern.finditer(text)
        ]

    def canonical(self, word: str) -> str | None:
        """The canonical channel a word or alias stands for, or None."""
        return self._canonical.get(" ".join(word.lower().replace("_", " ").split()))

    def aliases(self) -> dict[str, list[str]]:
        """channel -> the words that name it (for a model prompt or an error hint)."""
        return {name: list(rule.aliases) for name, rule in self.channels.items()}
