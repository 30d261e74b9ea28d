"""NAME rules: the taxonomy's naming grammars applied to campaign names in bulk sheets and to
asset file names, so assets are findable by a predictable name."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mops.lint.rule import LineViolation, Rule, Violation
from mops.models.severity import Severity

CAMPAIGN_COLUMNS = ("campaign", "campaign name")


class PlatformCampaignName(Rule):
    """A campaign name in a bulk sheet does not follow the taxonomy's `platform_campaign` grammar.

    What it checks: cells of a "Campaign" or "Campaign name" column in CSV/TSV sheets against
    `names.platform_campaign` (falling back to `names.campaign`) of the taxonomy.
    Why it matters: platform campaigns are matched to plans and reports by name; free-form names
    end up unattributed in history.
    Example: `Spring sale NEW (copy)` → `2026-q2_spring-sale`.
    Fix safety: no fix.
    """

    code = "NAME001"
    name = "names.platform-campaign"
    groups = ("names",)

    def check(self, doc, ctx) -> Iterable[Violation]:
        if doc.kind not in ("csv", "tsv"):
            return
        grammar = ctx.utm.grammars.get("platform_campaign") or ctx.utm.grammars.get("campaign")
        if grammar is None:
            return
        from mops.lint.sheets import sheet_column, sheet_column_values

        # a sheet repeats each campaign name on every row of its ad groups and ads: judge each
        # name once, and look for the cells of the names that fail
        columns = [i for i, header in enumerate(ctx.sheet_headers(doc)) if header.strip().casefold() in CAMPAIGN_COLUMNS]
        for column in columns:
            failing: dict[str, str] = {}
            for value in sheet_column_values(doc.text, doc.kind, column):
                name = value.strip()
                problem = grammar.diagnose(name) if name else None
                if problem is not None:
                    failing[value] = f"campaign name {name!r} does not follow {grammar.template}: {problem.message}"
            if failing:
                for cell in sheet_column(doc.text, doc.kind, column):
                    message = failing.get(cell.value)
                    if message is not None:
                        yield Violation(cell.start, cell.end, message)


class AssetFileName(Rule):
    """An asset's file name does not follow the taxonomy's `asset` grammar.

    What it checks: the names (without extension) of files matched by `lint.assets` globs in
    mops.yaml (default `assets/**`) against `names.asset`, e.g.
    `{campaign}_{channel}_{format}_{variant}`.
    Why it matters: predictable names let anyone find the banner that ran in a campaign.
    Example: `final_FINAL_banner2.png` → `2026-q2_spring-sale_display_banner_v2.png`.
    Fix safety: no fix (renaming breaks references).
    """

    code = "NAME002"
    name = "names.asset-file"
    groups = ("names",)
    severity = Severity.warning

    def check_asset(self, path, ctx) -> Iterable[LineViolation]:  # noqa: ANN001
        grammar = ctx.utm.grammars.get("asset")
        if grammar is None:
            return
        stem = Path(path).name.split(".", 1)[0]
        problem = grammar.diagnose(stem)
        if problem is not None:
            yield LineViolation(f"asset name {stem!r} does not follow {grammar.template}: {problem.message}")
