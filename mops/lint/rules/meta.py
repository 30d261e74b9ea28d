"""Rules about the lint run itself. The runner reports them; their classes carry the docs."""

from __future__ import annotations

from mops.lint.rule import Rule
from mops.models.results import Severity


class UnusedSuppression(Rule):
    """A `mops: disable…` comment suppressed nothing.

    What it checks: every inline suppression silenced at least one finding of the codes it names.
    Why it matters: stale suppressions hide the next real problem on that line.
    Example: `<!-- mops: disable-next-line UTM006 -->` above a link that is already lowercase.
    Fix safety: no fix; remove the comment by hand.
    """

    code = "MOPS001"
    name = "lint.unused-suppression"
    groups = ("lint",)


class UnreadableFile(Rule):
    """A file could not be read as UTF-8 text.

    What it checks: every linted file decodes as UTF-8 (with or without a BOM).
    Why it matters: a file mops cannot read is a file nobody checked.
    Example: a CSV saved as Windows-1252 from Excel.
    Fix safety: no fix; save the file as UTF-8 ("CSV UTF-8" in Excel).
    """

    code = "MOPS002"
    name = "lint.unreadable-file"
    severity = Severity.error
    groups = ("lint",)
