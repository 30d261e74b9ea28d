"""The UTM service of a workspace: its taxonomy index, GA4's default channel grouping with the
workspace's source categories, and the one reading of a link's tags (`mops.utm.analysis`), each
built once and memoised. The lint, `mops utm build|classify|audit` and later the launch check and
the MCP server all ask this one object, so they cannot disagree on what a link says.

    >>> service = UtmContext(workspace)
    >>> service.classify_tags(service.tags("https://shop.example/?utm_source=&utm_source=google&utm_medium=cpc")).channel
    'Paid Search'

(No pydantic model here: the lint imports this module, and building a model's validator costs its
start-up; `mops.utm.classify` holds what `mops utm classify` reports.)
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from mops.memo import remember

class UtmContext:
    def __init__(self, workspace: Any) -> None:  # mops.workspace.Workspace
        self.workspace = workspace
        self._classified: dict[tuple, Any] = {}
        self._analyses: dict[str, Any] = {}

    @cached_property
    def index(self):  # noqa: ANN201 - TaxonomyIndex
        from mops.utm.taxonomy_index import TaxonomyIndex

        return TaxonomyIndex(self.workspace.taxonomy())

    @cached_property
    def _categories(self):  # noqa: ANN202
        from mops.utm.channels import load_source_categories

        path = self.workspace.taxonomy().source_categories
        return load_source_categories(self.workspace.path(path) if path else None)

    def analysis(self, url: Any) -> Any:
        """The UTM analysis (`mops.utm.analysis.UtmAnalysis`) of a parsed URL, memoised by its text."""
        found = self._analyses.get(url.text)
        if found is None:
            from mops.utm.analysis import analyse

            found = remember(self._analyses, url.text, analyse(url, self.index))
        return found

    def tags(self, url: str) -> dict[str, str]:
        """The link's tags by the one extraction rule (see `mops.utm.analysis`)."""
        from mops.utm.url import parse_url

        return self.analysis(parse_url(url)).tags

    def classify(self, source: str | None, medium: str | None, campaign: str | None, source_platform: str | None = None):  # noqa: ANN201
        """GA4's default channel (`ChannelAssignment`) for these tags, memoised per distinct combination."""
        key = (source, medium, campaign, source_platform)
        found = self._classified.get(key)
        if found is None:
            from mops.utm.channels import classify_channel

            found = remember(self._classified, key, classify_channel(source, medium, campaign, source_platform=source_platform, categories=self._categories))
        return found

    def classify_tags(self, tags: dict[str, str]):  # noqa: ANN201 - ChannelAssignment
        """GA4's default channel for a link's tags (a dict from `tags` or `UtmAnalysis.tags`)."""
        get = tags.get
        return self.classify(get("utm_source"), get("utm_medium"), get("utm_campaign"), get("utm_source_platform"))
