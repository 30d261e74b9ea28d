"""Pydantic models of every file a user writes, and the results every command returns.

`SCHEMAS` names each model for `mops schema NAME` and the JSON Schema files. Names are imported
on first use (PEP 562), so importing one model does not build all of them: start-up time matters
for a linter run from a pre-commit hook.
"""

from __future__ import annotations

import importlib
from typing import Any

_LOCATIONS = {
    "ApprovalRecord": "mops.models.approval",
    "Brief": "mops.models.brief",
    "WorkspaceConfig": "mops.models.config",
    "FileResult": "mops.models.history",
    "HistoryReport": "mops.models.history",
    "ImportResult": "mops.models.history",
    "PlanAdvice": "mops.models.history",
    "Reject": "mops.models.history",
    "Skipped": "mops.models.history",
    "Plan": "mops.models.plan",
    "Proposal": "mops.models.proposal",
    "Evidence": "mops.models.results",
    "Finding": "mops.models.results",
    "Observation": "mops.models.results",
    "Severity": "mops.models.results",
    "Taxonomy": "mops.models.taxonomy",
    "BrandVoice": "mops.models.voice",
}

_SCHEMA_NAMES = {
    "config": "WorkspaceConfig",
    "taxonomy": "Taxonomy",
    "voice": "BrandVoice",
    "brief": "Brief",
    "plan": "Plan",
    "proposal": "Proposal",
    "approval": "ApprovalRecord",
    "finding": "Finding",
    "observation": "Observation",
    "history-import": "ImportResult",
    "history-report": "HistoryReport",
}


SCHEMA_NAMES = tuple(_SCHEMA_NAMES)  # for help texts: the names, without importing a model


def __getattr__(name: str) -> Any:
    if name == "SCHEMAS":
        return {key: __getattr__(model) for key, model in _SCHEMA_NAMES.items()}
    if name in _LOCATIONS:
        return getattr(importlib.import_module(_LOCATIONS[name]), name)
    raise AttributeError(f"module 'mops.models' has no attribute {name!r}")


__all__ = ["SCHEMAS", "SCHEMA_NAMES", *_LOCATIONS]
