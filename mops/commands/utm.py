"""`mops utm build|check|classify|audit`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from mops.commands._output import TableFormat

utm_app = typer.Typer(help="Build, check, classify and audit UTM-tagged links.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(utm_app, name="utm", rich_help_panel="Check")


def _service(ctx: typer.Context):  # noqa: ANN202 - UtmContext
    from mops.commands._context import workspace
    from mops.utm.context import UtmContext

    return UtmContext(workspace(ctx))


@utm_app.command("build")
def build(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="The landing page, e.g. https://shop.example/sale"),
    source: Optional[str] = typer.Option(None, "--source", help="utm_source"),
    medium: Optional[str] = typer.Option(None, "--medium", help="utm_medium"),
    campaign: Optional[str] = typer.Option(None, "--campaign", help="utm_campaign (the campaign id)"),
    content: Optional[str] = typer.Option(None, "--content", help="utm_content"),
    term: Optional[str] = typer.Option(None, "--term", help="utm_term"),
    utm_id: Optional[str] = typer.Option(None, "--id", help="utm_id"),
    source_platform: Optional[str] = typer.Option(None, "--source-platform", help="utm_source_platform"),
    creative_format: Optional[str] = typer.Option(None, "--creative-format", help="utm_creative_format"),
    marketing_tactic: Optional[str] = typer.Option(None, "--marketing-tactic", help="utm_marketing_tactic"),
) -> None:
    """Print a tagged URL that follows the taxonomy, or refuse with a "did you mean" per bad value.

    Safe corrections (case, known aliases, spaces) are applied and listed on stderr, and so are the click ids and other one-visit tracking parameters (gclid, fbclid, _gl...: the list UTM023 reports) removed from the URL; one that would put the link in another GA4 default channel than the values as typed is refused instead. Exit 1 when refused.

    Example: mops utm build https://shop.example/sale --source google --medium cpc --campaign 2026-q2_spring-sale
    """
    from mops.commands._output import note
    from mops.errors import EXIT_FINDINGS
    from mops.utm.build import build_url

    values = {
        "utm_source": source, "utm_medium": medium, "utm_campaign": campaign, "utm_content": content, "utm_term": term,
        "utm_id": utm_id, "utm_source_platform": source_platform, "utm_creative_format": creative_format,
        "utm_marketing_tactic": marketing_tactic,
    }
    service = _service(ctx)
    built = build_url(url, values, service.index, classify=service.classify)
    for change in built.changes:
        note(f"normalised {change}")
    for removed in built.removed:
        note(f"removed {removed}")
    if built.url is None:
        for problem in built.problems:
            note(f"refused: {problem}")
        raise typer.Exit(EXIT_FINDINGS)
    typer.echo(built.url)


@utm_app.command("check")
def check(
    ctx: typer.Context,
    urls: Optional[list[str]] = typer.Argument(None, help="URLs to check; none or '-' reads one URL per line from standard input."),
    fmt: str = typer.Option("text", "--format", "-f", help="text, json, sarif, github or markdown."),
) -> None:
    """Lint URLs given on the command line or standard input with the UTM rules.

    Line numbers in the report are the position of each URL in the input. Exit 1 on findings.

    Example: pbpaste | mops utm check
    """
    from mops.commands._context import workspace
    from mops.commands._output import print_report
    from mops.errors import EXIT_FINDINGS, EXIT_OK
    from mops.lint.url_check import check_urls

    lines = list(urls or [])
    if not lines or lines == ["-"]:
        lines = [line.strip() for line in sys.stdin.read().splitlines()]
    run = check_urls(workspace(ctx), lines)
    print_report(run.report, fmt, run.source)
    raise typer.Exit(EXIT_FINDINGS if run.report.findings else EXIT_OK)


@utm_app.command("classify")
def classify(
    ctx: typer.Context,
    url: Optional[str] = typer.Argument(None, help="A tagged URL; or give --source/--medium/--campaign."),
    source: Optional[str] = typer.Option(None, "--source"),
    medium: Optional[str] = typer.Option(None, "--medium"),
    campaign: Optional[str] = typer.Option(None, "--campaign"),
    source_platform: Optional[str] = typer.Option(None, "--source-platform"),
    fmt: TableFormat = typer.Option(TableFormat.text, "--format", help="text or json."),
) -> None:
    """Print the channel GA4's default channel grouping would assign, and the rule that decided.

    Example: mops utm classify 'https://shop.example/?utm_source=fb&utm_medium=paid-social'
    """
    from mops.commands._output import print_json
    from mops.errors import UsageError
    from mops.utm.classify import classify_link

    if not (url or source or medium or campaign):
        raise UsageError("give a URL or --source/--medium/--campaign", hint="mops utm classify --source google --medium cpc")
    # a URL's tags are read by the lint's one rule (mops.utm.analysis); a value given as an option wins
    result = classify_link(_service(ctx), url, source, medium, campaign, source_platform)
    if fmt == TableFormat.json:
        print_json(result.model_dump())
        return
    typer.echo(result.channel)
    typer.echo(f"  because {result.reason}", err=True)


@utm_app.command("audit")
def audit(
    ctx: typer.Context,
    export: Path = typer.Argument(..., help="A GA4 traffic acquisition export (CSV) by source / medium and campaign."),
    fmt: TableFormat = typer.Option(TableFormat.text, "--format", help="text or json."),
) -> None:
    """Show the attribution damage in a GA4 report: split sources, Unassigned sessions, off-taxonomy values.

    Exit 1 when there is damage to repair.

    Example: mops utm audit exports/ga4-traffic-acquisition.csv
    """
    from mops.commands._output import print_json
    from mops.errors import EXIT_FINDINGS, EXIT_OK
    from mops.utm.audit import audit_export

    service = _service(ctx)
    result = audit_export(export, service.index, service.classify)
    if fmt == TableFormat.json:
        print_json(result.model_dump(mode="json", exclude_none=True))
    else:
        typer.echo(f"{result.file}: {result.rows} rows, {result.sessions:,.0f} sessions, {result.unassigned_share:.1%} Unassigned")
        for observation in result.observations:
            typer.echo(f"- [{observation.code}] {observation.statement}")
            for evidence in observation.evidence[:3]:
                typer.echo(f"    {evidence.describe()}")
    raise typer.Exit(EXIT_FINDINGS if result.observations else EXIT_OK)
