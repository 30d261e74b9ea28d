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
    "ApproveResult": "mops.models.approval",
    "ArtifactCheck": "mops.models.approval",
    "StatsReport": "mops.models.approval",
    "VerifyReport": "mops.models.approval",
    "CallLog": "mops.models.calllog",
    "LogProblem": "mops.models.calllog",
    "McpCall": "mops.models.calllog",
    "McpCallLog": "mops.models.calllog",
    "Correction": "mops.models.correction",
    "LearnResult": "mops.models.correction",
    "Brief": "mops.models.brief",
    "WorkspaceConfig": "mops.models.config",
    "FileResult": "mops.models.history",
    "HistoryReport": "mops.models.history",
    "ImportResult": "mops.models.history",
    "PlanAdvice": "mops.models.history",
    "Reject": "mops.models.history",
    "SimilarCampaign": "mops.models.history",
    "SimilarResult": "mops.models.history",
    "Skipped": "mops.models.history",
    "Target": "mops.models.history",
    "LintReport": "mops.models.lint",
    "RuleInfo": "mops.models.lint",
    "RunError": "mops.models.lint",
    "RunNote": "mops.models.lint",
    "OpsReport": "mops.models.ops",
    "Lesson": "mops.models.lesson",
    "Plan": "mops.models.plan",
    "PacingReport": "mops.models.pacing",
    "ApplyResult": "mops.models.pacing",
    "FinanceAllocations": "mops.models.finance",
    "LaunchReport": "mops.models.launch",
    "ForgetReport": "mops.models.privacy",
    "Removal": "mops.models.privacy",
    "Proposal": "mops.models.proposal",
    "ReviewReport": "mops.models.review",
    "Evidence": "mops.models.results",
    "Finding": "mops.models.results",
    "Observation": "mops.models.results",
    "Severity": "mops.models.severity",
    "Taxonomy": "mops.models.taxonomy",
    "AuditResult": "mops.models.utm",
    "BuiltUrl": "mops.models.utm",
    "Classification": "mops.models.utm",
    "BrandVoice": "mops.models.voice",
    "CampaignIndex": "mops.models.web",
    "CampaignPage": "mops.models.web",
    "LintSummary": "mops.models.web",
    "QueuePage": "mops.models.web",
}

_SCHEMA_NAMES = {
    "config": "WorkspaceConfig",
    "taxonomy": "Taxonomy",
    "voice": "BrandVoice",
    "brief": "Brief",
    "correction": "Correction",
    "brief-learn": "LearnResult",
    "plan": "Plan",
    "proposal": "Proposal",
    "finance": "FinanceAllocations",
    "launch-check": "LaunchReport",
    "pacing-check": "PacingReport",
    "proposal-apply": "ApplyResult",
    "review": "ReviewReport",
    "lesson": "Lesson",
    "approval": "ApprovalRecord",
    "finding": "Finding",
    "observation": "Observation",
    "history-import": "ImportResult",
    "history-report": "HistoryReport",
    "history-similar": "SimilarResult",
    "lint-report": "LintReport",
    "utm-build": "BuiltUrl",
    "utm-classify": "Classification",
    "utm-audit": "AuditResult",
    "approve": "ApproveResult",
    "approvals-verify": "VerifyReport",
    "approvals-stats": "StatsReport",
    "report-ops": "OpsReport",
    "privacy-forget": "ForgetReport",
    "model-call": "CallLog",
    "mcp-calls": "McpCallLog",
    "serve-queue": "QueuePage",
    "serve-campaigns": "CampaignIndex",
    "serve-campaign": "CampaignPage",
    "serve-lint": "LintSummary",
}


SCHEMA_NAMES = tuple(_SCHEMA_NAMES)  # for help texts: the names, without importing a model


def __getattr__(name: str) -> Any:
    if name == "SCHEMAS":
        return {key: __getattr__(model) for key, model in _SCHEMA_NAMES.items()}
    if name in _LOCATIONS:
        return getattr(importlib.import_module(_LOCATIONS[name]), name)
    raise AttributeError(f"module 'mops.models' has no attribute {name!r}")


__all__ = ["SCHEMAS", "SCHEMA_NAMES", *_LOCATIONS]
