"""`brand/voice.yaml`: the brand's words, claims, disclaimers and per-channel rules."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from mops.models._base import UserFile
from mops.models.results import Severity


class Term(UserFile):
    """A word or expression the brand avoids, with what to say instead."""

    term: str = Field(min_length=1, description="A plain word or phrase, or a regular expression when `regex` is true.")
    alternatives: list[str] = Field(default_factory=list, description="Approved replacements; exactly one makes the fix automatic.")
    regex: bool = False
    case_sensitive: bool = False
    severity: Severity = Severity.warning
    reason: str | None = None
    source: str | None = Field(default=None, description="Where the rule came from, e.g. a Vale style file.")

    @model_validator(mode="after")
    def _regex_compiles(self) -> "Term":
        if self.regex:
            try:
                re.compile(self.term)
            except re.error:
                # Python's re rejects variable-width look-behinds that the `regex` package accepts;
                # the copy linter compiles with `regex`, so only reject what neither can take.
                try:
                    import regex

                    regex.compile(self.term)
                except Exception as exc:  # noqa: BLE001 - any compile failure is a config error here
                    raise ValueError(f"term is not a valid regular expression: {exc}") from None
        return self


class Claim(UserFile):
    """A claim that needs substantiation before it ships ('guaranteed', '#1', 'best')."""

    term: str = Field(min_length=1)
    regex: bool = False
    evidence: str = Field(description="What the brand requires as proof, e.g. 'a cited third-party study'.")
    severity: Severity = Severity.warning


class Disclaimer(UserFile):
    """Text that must appear when copy makes a certain kind of offer."""

    offer_type: str = Field(description="e.g. promotion, financing, sweepstakes.")
    triggers: list[str] = Field(min_length=1, description="Words that mark the offer (e.g. '% off', 'sale').")
    text: str = Field(description="The required disclaimer, e.g. 'Terms apply'.")
    severity: Severity = Severity.error


class ChannelProfile(UserFile):
    """Limits and tone for one channel (linkedin, google_ads_rsa, sms, x...)."""

    max_chars: dict[str, int] = Field(default_factory=dict, description="field -> maximum characters as the platform counts them.")
    max_sentence_words: int | None = Field(default=None, ge=1)
    max_exclamations: int | None = Field(default=None, ge=0)
    allow_all_caps: bool = True
    max_emoji: int | None = Field(default=None, ge=0)
    max_hashtags: int | None = Field(default=None, ge=0)
    max_grade: float | None = Field(default=None, ge=0, description="Highest Flesch-Kincaid grade level.")
    avoid_words: list[str] = Field(default_factory=list, description="Words too informal (or formal) for this channel.")
    counting: Literal["graphemes", "x", "sms", "google_ads"] | None = Field(
        default=None, description="How the platform counts: graphemes (default), x, sms, google_ads (default for google_ads_* channels)."
    )


class BrandVoice(UserFile):
    """The brand voice a copy lint checks against."""

    version: int = 1
    brand: str | None = None
    protected_names: list[str] = Field(default_factory=list, description="Brand, product and platform names never flagged (as PII or terms).")
    terms: list[Term] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    disclaimers: list[Disclaimer] = Field(default_factory=list)
    channels: dict[str, ChannelProfile] = Field(default_factory=dict)
