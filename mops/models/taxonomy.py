"""`taxonomy/utm.yaml`: the team's UTM convention and naming grammar."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from mops import regexcache
from mops.models._base import UserFile
from mops.utm.parameters import GA4_PARAMETERS


_TOKEN = regexcache.compile(r"\{([a-z_][a-z0-9_]*)\}")


class ParameterRule(UserFile):
    """What one UTM parameter may hold."""

    allowed: list[str] = Field(default_factory=list, description="Canonical values; empty means any value that passes the other rules.")
    aliases: dict[str, list[str]] = Field(default_factory=dict, description="canonical value -> variants people type (Facebook, fb, facebook.com).")
    pattern: str | None = Field(default=None, description="Regular expression the whole value must match.")
    grammar: str | None = Field(default=None, description="Name of a naming grammar in `names` the value must follow.")
    max_length: int | None = Field(default=None, ge=1)
    case: Literal["lower", "any"] | None = Field(default=None, description="Overrides the taxonomy-wide case rule.")
    allow_spaces: bool = Field(default=False, description="Spaces are part of the value (search terms in utm_term).")

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
        return value

    @model_validator(mode="after")
    def _aliases_point_at_allowed(self) -> "ParameterRule":
        if self.allowed:
            unknown = [k for k in self.aliases if k not in self.allowed]
            if unknown:
                raise ValueError(f"aliases for {', '.join(unknown)}, which are not in `allowed`")
        return self


class Token(UserFile):
    """One named token of a naming grammar: a vocabulary or a pattern."""

    values: list[str] = Field(default_factory=list)
    pattern: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> "Token":
        if not self.values and not self.pattern:
            raise ValueError("a token needs `values` or a `pattern`")
        if self.pattern:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"pattern is not a valid regular expression: {exc}") from None
        return self


class ChannelRule(UserFile):
    """A marketing channel as plans and briefs name it, the words people say for it, and how its
    links are tagged."""

    aliases: list[str] = Field(default_factory=list, description="What people say for it: search, PMax, Meta, Brevo... (case-insensitive, whole words).")
    source: str | None = Field(default=None, description="utm_source of the links this channel ships, e.g. google.")
    medium: str | None = Field(default=None, description="utm_medium of the links this channel ships, e.g. cpc.")
    description: str | None = None


def _default_channels() -> dict[str, ChannelRule]:
    """The channels a taxonomy knows when it lists none: the ones plans name, with the words people use."""
    table = {
        "paid_search": ("google", "cpc", ["search", "paid search", "google", "google search", "google ads", "adwords", "sem", "ppc",
                                           "pmax", "performance max", "shopping ads", "bing ads", "microsoft ads"]),
        "paid_social": ("facebook", "paid-social", ["paid social", "meta", "meta ads", "facebook", "facebook ads", "instagram",
                                                     "instagram ads", "advantage plus", "advantage+", "tiktok", "tiktok ads",
                                                     "linkedin", "linkedin ads", "pinterest", "pinterest ads"]),
        "email": ("newsletter", "email", ["email", "e-mail", "newsletter", "newsletters", "newsletter sends", "brevo",
                                           "mailchimp", "klaviyo", "email sends", "mailing"]),
        "sms": ("crm", "sms", ["sms", "text message", "text messages"]),
        "display": ("google", "display", ["display", "banners", "banner ads", "programmatic", "gdn"]),
        # cpv, not video: GA4 reads youtube + video as Organic Video, youtube + cpv as Paid Video
        "video": ("youtube", "cpv", ["youtube", "video ads", "pre-roll", "preroll"]),
        "organic_social": ("facebook", "social", ["organic social", "organic posts", "social posts"]),
        "affiliate": ("partner", "affiliate", ["affiliate", "affiliates", "affiliate partners"]),
    }
    return {name: ChannelRule(source=source, medium=medium, aliases=aliases) for name, (source, medium, aliases) in table.items()}


class Taxonomy(UserFile):
    """The UTM taxonomy. The bundled default follows GA4's nine campaign parameters."""

    version: Literal[1] = 1
    required: list[str] = Field(default_factory=lambda: ["utm_source", "utm_medium", "utm_campaign"])
    utm_id_satisfies_campaign: bool = Field(default=False, description="Accept utm_id in place of a missing utm_campaign.")
    case: Literal["lower", "any"] = "lower"
    separator: str = Field(default="-", description="Word separator inside values; spaces are never allowed.")
    max_length: int = Field(default=100, ge=1, description="GA4 truncates campaign parameter values at 100 characters.")
    banned_values: list[str] = Field(default_factory=lambda: ["test", "tbd", "(not set)", "(none)", "null", "undefined", "none"])
    parameters: dict[str, ParameterRule] = Field(default_factory=dict)
    source_medium_pairs: dict[str, list[str]] = Field(default_factory=dict, description="source -> mediums it may be used with; '*' for any.")
    names: dict[str, str] = Field(default_factory=dict, description="Naming grammars, e.g. campaign: '{yyyy}-{quarter}_{slug}'.")
    tokens: dict[str, Token] = Field(default_factory=dict)
    source_categories: str | None = Field(default=None, description="File of GA4 source categories; default: the bundled list.")
    channels: dict[str, ChannelRule] = Field(
        default_factory=_default_channels,
        description="Canonical channel names (as plans and briefs use them) -> aliases and link tagging. Default: "
        "paid_search, paid_social, email, sms, display, video, organic_social, affiliate.",
    )

    @field_validator("parameters")
    @classmethod
    def _known_parameters(cls, parameters: dict[str, ParameterRule]) -> dict[str, ParameterRule]:
        for name in parameters:
            if name not in GA4_PARAMETERS:
                raise ValueError(f"{name!r} is not a GA4 campaign parameter ({', '.join(GA4_PARAMETERS)})")
        return parameters

    @model_validator(mode="after")
    def _grammar_tokens_defined(self) -> "Taxonomy":
        for name, grammar in self.names.items():
            for token in _TOKEN.findall(grammar):
                if token not in self.tokens and token not in self.names:
                    raise ValueError(f"naming grammar {name!r} uses {{{token}}}, which `tokens` does not define")
        for pname, rule in self.parameters.items():
            if rule.grammar and rule.grammar not in self.names:
                raise ValueError(f"{pname} uses grammar {rule.grammar!r}, which `names` does not define")
        return self

    @field_validator("channels")
    @classmethod
    def _channel_names(cls, channels: dict[str, ChannelRule]) -> dict[str, ChannelRule]:
        said: dict[str, str] = {}
        for name, rule in channels.items():
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise ValueError(f"channel name {name!r} must be lowercase letters, digits and '_', e.g. paid_search")
            for alias in [name.replace("_", " "), *rule.aliases]:
                key = " ".join(alias.lower().split())
                if key in said and said[key] != name:
                    raise ValueError(f"alias {alias!r} is listed for both {said[key]} and {name}")
                said[key] = name
        return channels

    def rule(self, parameter: str) -> ParameterRule:
        return self.parameters.get(parameter) or ParameterRule()
