"""`mops utm audit`: the attribution damage in a GA4 source / medium / campaign report.

Reads a GA4 export (CSV as GA4 downloads it: `#` comment lines on top, a header with
"Session source / medium" or separate "Session source" and "Session medium" columns, "Session
campaign", "Sessions") and reports: sources or mediums split into several rows by case and alias
variants, the share of sessions GA4 put in Unassigned and why, and values outside the taxonomy.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from mops.errors import InputError
from mops.models.results import Evidence, Observation, Severity
from mops.models.utm import AuditResult
from mops.utm.taxonomy_index import TaxonomyIndex

_SOURCE_MEDIUM = ("session source / medium", "source / medium", "first user source / medium", "session source/medium")
_SOURCE = ("session source", "source", "first user source")
_MEDIUM = ("session medium", "medium", "first user medium")
_CAMPAIGN = ("session campaign", "campaign", "first user campaign", "session campaign name")
_UNTAGGED_CAMPAIGNS = ("", "(organic)", "(referral)", "(direct)", "(not set)", "(none)")
_SESSIONS = ("sessions", "users", "total users", "active users")


@dataclass
class AuditRow:
    line: int
    source: str
    medium: str
    campaign: str
    sessions: float


def _number(text: str) -> float:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not cleaned or cleaned in ("--", "-"):
        return 0.0
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(",", "") if cleaned.rfind(".") > cleaned.rfind(",") else cleaned.replace(".", "").replace(",", ".")
    elif "," in cleaned:
        head, _, tail = cleaned.rpartition(",")
        cleaned = cleaned.replace(",", "") if len(tail) == 3 else head.replace(",", "") + "." + tail
    return float(cleaned)


def audit_export(path: Path, index: TaxonomyIndex, classify) -> AuditResult:  # noqa: ANN001 - classify(source, medium, campaign)
    """`mops utm audit`: read a GA4 export (`path`) and report its attribution damage."""
    from mops.paths import display_path

    shown = display_path(path)
    return audit_rows(read_ga4_report(path, shown), index, classify, shown)


def read_ga4_report(path: Path, display: str) -> list[AuditRow]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", path=display) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path=display, hint="export the report from GA4 again, or save it as CSV UTF-8") from None
    lines = text.splitlines()
    start = 0
    while start < len(lines) and (lines[start].startswith("#") or not lines[start].strip()):
        start += 1
    if start >= len(lines):
        raise InputError("no header row: the file is empty or only comments", path=display)
    dialect = "excel-tab" if "\t" in lines[start] else "excel"
    reader = csv.reader(io.StringIO("\n".join(lines[start:])), dialect=dialect)
    header = [h.strip().casefold() for h in next(reader)]

    def column(names: tuple[str, ...]) -> int | None:
        return next((header.index(n) for n in names if n in header), None)

    sm, s, m, c, n = column(_SOURCE_MEDIUM), column(_SOURCE), column(_MEDIUM), column(_CAMPAIGN), column(_SESSIONS)
    if (sm is None and (s is None or m is None)) or n is None:
        raise InputError(
            f"line {start + 1}: not a GA4 source/medium report (columns: {', '.join(header)})",
            path=display,
            hint="export a GA4 Traffic acquisition report with 'Session source / medium', 'Session campaign' and 'Sessions'",
        )
    rows = []
    for offset, cells in enumerate(reader):
        line = start + 2 + offset
        if not cells or all(not x.strip() for x in cells) or cells[0].startswith("#"):
            continue
        if cells[0].strip().casefold() in ("total", "totals", "grand total"):
            continue
        try:
            if sm is not None:
                source, _, medium = cells[sm].partition(" / ")
            else:
                source, medium = cells[s], cells[m]
            sessions = _number(cells[n])
        except (IndexError, ValueError):
            raise InputError(f"row does not match the header (cells: {cells})", path=display, line=line) from None
        rows.append(AuditRow(line, source, medium, cells[c] if c is not None and c < len(cells) else "", sessions))
    return rows


def audit_rows(rows: list[AuditRow], index: TaxonomyIndex, classify, display: str) -> AuditResult:  # noqa: ANN001 - classify(source, medium, campaign)
    total = sum(r.sessions for r in rows)
    result = AuditResult(file=display, rows=len(rows), sessions=total)
    for parameter, getter in (("utm_source", lambda r: r.source), ("utm_medium", lambda r: r.medium)):
        groups: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        lines: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            raw = getter(row)
            if raw.strip() in ("(direct)", "(none)", "(not set)", ""):
                continue
            verdict = index.verdict(parameter, raw)
            canonical = verdict.canonical or raw
            groups[canonical][raw] += row.sessions
            lines[canonical].append(row.line)
        for canonical, variants in sorted(groups.items()):
            if len(variants) > 1:
                parts = ", ".join(f"{v!r} ({s:,.0f})" for v, s in sorted(variants.items(), key=lambda kv: -kv[1]))
                result.observations.append(
                    Observation(
                        code="AUDIT001", severity=Severity.warning,
                        statement=f"{parameter.removeprefix('utm_')} {canonical!r} is split into {len(variants)} rows: {parts}",
                        evidence=[Evidence(kind="file", path=display, line=line) for line in lines[canonical][:10]],
                    )
                )
    reasons: dict[str, float] = defaultdict(float)
    reason_lines: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        assignment = classify(row.source, row.medium, row.campaign)
        if assignment.channel == "Unassigned":
            result.unassigned_sessions += row.sessions
            key = f"{row.source} / {row.medium}: {assignment.reason}"
            reasons[key] += row.sessions
            reason_lines[key].append(row.line)
    if result.unassigned_sessions:
        result.unassigned_share = result.unassigned_sessions / total if total else 0.0
        result.observations.append(
            Observation(
                code="AUDIT002", severity=Severity.warning,
                statement=f"{result.unassigned_share:.1%} of sessions ({result.unassigned_sessions:,.0f} of {total:,.0f}) are Unassigned",
            )
        )
        for key, sessions in sorted(reasons.items(), key=lambda kv: -kv[1]):
            result.observations.append(
                Observation(
                    code="AUDIT002", severity=Severity.info, statement=f"{sessions:,.0f} Unassigned sessions from {key}",
                    evidence=[Evidence(kind="file", path=display, line=line) for line in reason_lines[key][:10]],
                )
            )
    outside: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.campaign.strip() in _UNTAGGED_CAMPAIGNS:
            continue  # organic, referral and direct rows carry no tags of ours to judge
        for parameter, raw in (("utm_source", row.source), ("utm_medium", row.medium), ("utm_campaign", row.campaign)):
            if raw.strip() in ("(direct)", "(none)", "(not set)", "(organic)", "(referral)", ""):
                continue
            for _code, message in index.verdict(parameter, raw).problems:
                outside[message].append(row.line)
    for message, lines in sorted(outside.items()):
        result.observations.append(
            Observation(code="AUDIT003", severity=Severity.warning, statement=message, evidence=[Evidence(kind="file", path=display, line=line) for line in lines[:10]])
        )
    return result
