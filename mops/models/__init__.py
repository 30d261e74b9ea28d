"""Pydantic models of every file a user writes, and the results every command returns.

`SCHEMAS` names each model for `mops schema NAME` and the JSON Schema files.
"""

from __future__ import annotations

from mops.models.approval import ApprovalRecord
from mops.models.brief import Brief
from mops.models.config import WorkspaceConfig
from mops.models.plan import Plan
from mops.models.proposal import Proposal
from mops.models.results import Evidence, Finding, Observation, Severity
from mops.models.taxonomy import Taxonomy
from mops.models.voice import BrandVoice

SCHEMAS: dict[str, type] = {
    "config": WorkspaceConfig,
    "taxonomy": Taxonomy,
    "voice": BrandVoice,
    "brief": Brief,
    "plan": Plan,
    "proposal": Proposal,
    "approval": ApprovalRecord,
    "finding": Finding,
    "observation": Observation,
}

__all__ = [
    "SCHEMAS",
    "ApprovalRecord",
    "BrandVoice",
    "Brief",
    "Evidence",
    "Finding",
    "Observation",
    "Plan",
    "Proposal",
    "Severity",
    "Taxonomy",
    "WorkspaceConfig",
]
