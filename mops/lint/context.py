"""What rules may ask about the workspace while linting one file: the compiled taxonomy, GA4
channel grouping, plans, declared channels and sheet cells. Everything is built once per run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from mops import regexcache
from mops.lint.document import Document

_FRONT_MATTER = regexcache.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.DOTALL)
_CHANNEL_KEYS = ("ga4 channel", "ga4_channel", "ga4 channel group", "default channel group", "channel")


@lru_cache(maxsize=1)
def _channel_names() -> dict[str, str]:
    from mops.utm.channels import CHANNELS

    return {c.casefold(): c for c in CHANNELS}


@dataclass
class LintContext:
    """The workspace as the rules ask about it, each part built on first use and kept for the run."""

    workspace: Any  # mops.workspace.Workspace

    @cached_property
    def utm_service(self):  # noqa: ANN201 - mops.utm.context.UtmContext
        """The workspace's UTM service: taxonomy index, channel grouping, the one reading of a link's tags."""
        from mops.utm.context import UtmContext

        return UtmContext(self.workspace)

    @cached_property
    def utm(self):  # noqa: ANN201 - TaxonomyIndex
        return self.utm_service.index

    def clean_link_check(self, rules: list) -> Any:  # CleanLinkCheck | None
        """The clean-link fast path for these URL rules (see mops/lint/clean_links.py), one per
        selection of rules and run; None when one of them has no fast path (every link is judged)."""
        if not rules or not all(r.fast_path for r in rules):
            return None
        checks = vars(self).setdefault("_clean_link_checks", {})
        codes = tuple(r.code for r in rules)
        check = checks.get(codes)
        if check is None:
            from mops.lint.clean_links import CleanLinkCheck

            check = checks[codes] = CleanLinkCheck(self, rules)
        return check

    # the service's own memoised methods, bound once: the rules call them for every link
    @cached_property
    def analysis(self):  # noqa: ANN201 - (ParsedUrl) -> UtmAnalysis
        """`UtmContext.analysis`: the shared UTM analysis of a parsed URL."""
        return self.utm_service.analysis

    @cached_property
    def classify(self):  # noqa: ANN201 - (source, medium, campaign, source_platform=None) -> ChannelAssignment
        """`UtmContext.classify`: GA4's default channel for these tags."""
        return self.utm_service.classify

    @cached_property
    def _campaign_index(self):  # noqa: ANN202
        from mops.models.campaign import CampaignIndex

        plans = self.workspace.plans()
        return CampaignIndex(plans) if plans else None

    def campaigns(self):  # noqa: ANN201 - CampaignIndex | None
        return self._campaign_index

    @property
    def plans_folder(self) -> str:
        return self.workspace.config.paths.plans + "/"

    def front_matter_value(self, doc: Document, key: str) -> str | None:
        if doc.kind != "markdown":
            return None
        match = _FRONT_MATTER.match(doc.text)
        if not match:
            return None
        found = re.search(rf"^{re.escape(key)}:[ \t]*['\"]?([^'\"\r\n#]+?)['\"]?[ \t]*(?:#.*)?$", match[1], re.MULTILINE)
        return found[1] if found else None

    def may_declare_channels(self, doc: Document) -> bool:
        """Whether the document has any place that declares a GA4 channel (front matter, a plan's
        channel links, a sheet's channel column); most do not, and their links skip UTM021."""

        def build() -> bool:
            if doc.memo("ga4_channel", lambda: self.front_matter_value(doc, "ga4_channel")):
                return True
            if self._plan_link_channels(doc):
                return True
            return any(h.strip().casefold() in _CHANNEL_KEYS for h in self.sheet_headers(doc))

        return doc.memo("declares_channels", build)

    def declared_channel(self, doc: Document, found: Any) -> str | None:
        """A GA4 channel the file (front matter `ga4_channel`) or the link's sheet row declares."""
        if not self.may_declare_channels(doc):
            return None
        names = _channel_names()
        candidates: list[str] = []
        front = doc.memo("ga4_channel", lambda: self.front_matter_value(doc, "ga4_channel"))
        if front:
            candidates.append(front)
        plan_channels = self._plan_link_channels(doc)
        if plan_channels and found.url in plan_channels:
            candidates.append(plan_channels[found.url])
        cell = getattr(found, "cell", None)
        if cell is not None and doc.kind in ("csv", "tsv"):
            row = self.sheet_row(doc, cell[0])
            for header, value in row.items():
                if header.strip().casefold() in _CHANNEL_KEYS and value:
                    candidates.append(value)
        for candidate in candidates:
            normal = " ".join(candidate.replace("_", " ").replace("-", " ").split()).casefold()
            if normal in names:
                return names[normal]
        return None

    # -- copy --------------------------------------------------------------------------------
    @cached_property
    def voice(self):  # noqa: ANN201 - BrandVoice
        return self.workspace.brand_voice()

    def copy(self, doc: Document):  # noqa: ANN201 - CopyView
        """The copy in a document (prose spans, channel fields, channel profile), built once per document."""
        from mops.lint.copy_view import build_copy_view

        return doc.memo("copy", lambda: build_copy_view(doc, self))

    @cached_property
    def term_matcher(self):  # noqa: ANN201
        from mops.copy.terms import TermMatcher

        return TermMatcher(self.voice.terms)

    @cached_property
    def claim_matcher(self):  # noqa: ANN201
        from mops.copy.terms import TermMatcher
        from mops.models.plain import plain

        # plain terms (mops.models.plain): the claims were validated as the brand voice was, and
        # validating them again as terms would import pydantic and build Term's validators in
        # every run (start-up). A claim is matched as a term without alternatives, in any case.
        return TermMatcher([
            plain("mops.models.voice:Term", {
                "term": c.term, "alternatives": [], "regex": c.regex, "case_sensitive": False,
                "severity": c.severity, "reason": c.evidence, "source": None,
            })
            for c in self.voice.claims
        ])

    @cached_property
    def pii_detector(self):  # noqa: ANN201
        from mops.pii.detector import workspace_detector

        return workspace_detector(self.workspace.config, self.voice.protected_names)

    def _plan_link_channels(self, doc: Document) -> dict[str, str]:
        """For a plan file: each channel's links -> the GA4 channel that channel expects."""
        if doc.kind != "yaml" or not doc.path.startswith(self.plans_folder) or self.workspace.root is None:
            return {}

        def build() -> dict[str, str]:
            links: dict[str, str] = {}
            for plan in self.workspace.plans():
                if f"{self.plans_folder}{plan.campaign}." in doc.path:
                    for channel in plan.channels:
                        for link in channel.links:
                            links[link] = channel.expected_ga4_channel or channel.channel
            return links

        return doc.memo("plan_links", build)

    def sheet_headers(self, doc: Document) -> list[str]:
        """The header row of a CSV/TSV document; [] for other kinds."""
        if doc.kind not in ("csv", "tsv"):
            return []
        from mops.lint.sheets import sheet_headers

        return doc.memo("sheet_headers", lambda: sheet_headers(doc.text, doc.kind))

    def sheet_cells(self, doc: Document) -> list[Any]:
        from mops.lint.sheets import sheet_cells

        return doc.memo("sheet_cells", lambda: sheet_cells(doc.text, doc.kind))

    def sheet_row(self, doc: Document, row: int) -> dict[str, str]:
        def build() -> dict[int, dict[str, str]]:
            rows: dict[int, dict[str, str]] = {}
            for cell in self.sheet_cells(doc):
                rows.setdefault(cell.row, {})[cell.header] = cell.value
            return rows

        return doc.memo("sheet_rows", build).get(row, {})
