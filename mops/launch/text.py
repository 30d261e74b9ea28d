"""`mops launch check` for people: per plan, the verdict, each check's observations with their
evidence, the corrected links as a before/after pair, and the command that approves the proposal."""

from __future__ import annotations

from collections.abc import Sequence

from mops.models.launch import LaunchReport

VERDICT_WORDS = {"go": "GO", "go_after_fixes": "GO AFTER FIXES", "no_go": "NO GO"}


def report_text(report: LaunchReport) -> str:
    lines = [f"{report.campaign}: {VERDICT_WORDS[report.verdict]} ({report.plan})", f"  {report.summary}"]
    for name, check in report.checks.items():
        lines.append(f"  {name:<10} {check.status}")
        for observation in check.observations:
            mark = {"error": "x", "warning": "!", "info": "-"}[observation.severity.value]
            code = f"{observation.code} " if observation.code else ""
            lines.append(f"    {mark} {code}{observation.statement}")
            for evidence in observation.evidence[:3]:
                described = evidence.describe()
                if described:
                    lines.append(f"        {described}")
    if report.corrections:
        lines.append("  corrections (safe fixes, `mops lint --fix` applies them to the files):")
        for correction in report.corrections:
            lines.append(f"    {correction.path}:{correction.line} ({', '.join(correction.fixes)})")
            lines.append(f"      - {correction.link}")
            lines.append(f"      + {correction.corrected}")
    if report.proposal and report.verdict == "no_go":
        lines.append(f"  proposal: {report.proposal} (records the no_go; fix the plan and check again)")
    elif report.proposal:
        lines.append(f"  proposal: {report.proposal} (a gatekeeper approves it: mops approve {report.proposal})")
    return "\n".join(lines) + "\n"


def reports_text(reports: Sequence[LaunchReport]) -> str:
    counts = {verdict: sum(1 for r in reports if r.verdict == verdict) for verdict in VERDICT_WORDS}
    tally = ", ".join(f"{n} {VERDICT_WORDS[v].lower()}" for v, n in counts.items() if n)
    if not reports:
        return "no plan awaits launch (--all checks the plans whose flight has not started)\n"
    body = "\n".join(report_text(r) for r in reports)
    return f"{body}\n{len(reports)} plan{'s' if len(reports) != 1 else ''} checked: {tally}\n"
