"""What the server returns that quotes a user's files or text (a drafted brief, a fix's diff, a plan
or brief read as a resource) with personal data replaced by placeholders such as [EMAIL_1].

The detector is the lint's (`mops.pii.detector.workspace_detector`): the team's names and the
brand's products stay, and so do the team's own addresses from mops.yaml `people` (a plan's owner);
a customer's email, phone number, card, IBAN, IP address or name in context does not leave the server. Placeholders number as `mops.pii.scrub.scrub` numbers them, stable
across the strings of one result, so two mentions of one address read as one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mops.pii.scrub import scrub


@dataclass
class Redactor:
    """Redacts the strings of one result; `count` is how many pieces of personal data it replaced."""

    detector: Any
    mapping: dict[str, str] = field(default_factory=dict, repr=False)  # placeholder -> original: kept in memory, never returned
    count: int = 0

    @classmethod
    def for_workspace(cls, ws: Any) -> Redactor:
        from mops.pii.detector import workspace_detector

        team = {person.email.lower() for person in ws.config.people}
        return cls(_WithoutTeamAddresses(workspace_detector(ws.config, ws.brand_voice().protected_names), team))

    def text(self, value: str) -> str:
        result = scrub(value, self.detector, mapping=self.mapping)
        self.mapping = result.mapping
        self.count += len(result.matches)
        return result.text

    def value(self, value: Any) -> Any:
        """`value` (JSON-like: dicts, lists, strings, numbers) with every string redacted."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.value(v) for v in value]
        return value


@dataclass
class _WithoutTeamAddresses:
    """A detector that passes over the team's own email addresses."""

    detector: Any
    team: set[str]

    def find(self, text: str) -> list[Any]:
        return [m for m in self.detector.find(text) if not (m.kind == "email" and m.text.lower() in self.team)]
