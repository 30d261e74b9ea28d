"""`mops history import|query|report|similar|export`: campaign history in the workspace's DuckDB file
(or a MotherDuck database, or a Parquet lake)."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from pathlib import Path
from typing import Any, Optional

import typer

history_app = typer.Typer(help="Campaign history from platform exports, in DuckDB.", no_args_is_help=True)

_DB_HELP = ("History: a DuckDB file, md:DATABASE (MotherDuck), or a Parquet lake (a folder, s3:// or gs:// prefix). "
            "Default: mops.yaml history.db (.mops/history.duckdb).")


def register(app: typer.Typer) -> None:
    app.add_typer(history_app, name="history", rich_help_panel="Data")


def _workspace(ctx: typer.Context) -> Any:
    from mops.commands._context import workspace

    return workspace(ctx)


@history_app.command("import")
def import_cmd(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., help="Export files (CSV, TSV, Excel-saved CSV, Parquet), or folders holding them."),
    platform: str = typer.Option("auto", "--platform", "-p", help="auto, google_ads, meta, linkedin, tiktok, ga4, crm or generic. Default: auto."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="The files' text encoding, e.g. cp1252, utf-16. Default: detected (UTF-8, UTF-16 with a BOM, else Windows-1252)."),
    date_order: Optional[str] = typer.Option(None, "--date-order", help="dmy or mdy: how to read 05/06/2026 when no date in a file tells. Default: mops.yaml history.date_order."),
    strict: bool = typer.Option(False, "--strict", help="Any rejected row fails the whole import; the database stays as it was."),
    rejects: Optional[Path] = typer.Option(None, "--rejects", help="Where to write rejected rows (CSV). Default: .mops/rejects/last-import.csv."),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Load platform exports into the history; re-importing the same days replaces them.

    Exit 1 when rows were rejected (listed with file and line), 2 with --strict (nothing imported) or
    when a file cannot be read (named, with the line and what to do; nothing imported).

    Example: mops history import exports/
    """
    from mops.commands._output import ProgressBar, note
    from mops.errors import EXIT_FINDINGS, InputError
    from mops.history.importer import import_into_workspace

    ws = _workspace(ctx)
    bar = ProgressBar("importing")
    def on_file(path: Path, done: int, total: int) -> None:
        bar(done, total, path.name)

    try:
        result = import_into_workspace(ws, files, db=db, platform=platform, strict=strict, encoding=encoding,
                                       date_order=date_order, rejects_file=rejects, on_file=on_file)
    finally:
        bar.close()
    for skipped in result.skipped:
        note(f"{ws.relative(Path(skipped.path))}: skipped: {skipped.reason}")
    for file in result.files:
        span = f", {file.first_date} to {file.last_date}" if file.first_date else ""
        extra = f", {file.rows_replaced} replaced" if file.rows_replaced else ""
        skipped = f", {file.totals_skipped} totals rows skipped" if file.totals_skipped else ""
        note(f"{file.path}: {file.platform}, {file.rows_loaded} rows{extra}{skipped}{span}, {file.rows_rejected} rejected")
        for warning in file.warnings:
            note(f"{file.path}: warning: {warning}")
        for text in file.notes:
            note(f"{file.path}: {text}")
    if result.rejects:
        for reject in result.rejects[:20]:
            note(f"{reject.path}:{reject.line}: rejected: {reject.reason}")
        if len(result.rejects) > 20:
            note(f"... and {len(result.rejects) - 20} more")
        note(f"{len(result.rejects)} rejected rows written to {ws.relative(Path(result.rejects_file))}")
        note("hint: fix those lines in the export (or export again) and import it again: the same days are replaced, never added twice")
    if not result.committed:
        raise InputError(
            f"{len(result.rejects)} rows rejected: nothing imported (--strict)",
            hint="fix the rows listed above, or import without --strict to load the good rows",
        )
    if result.rejects:
        raise typer.Exit(EXIT_FINDINGS)


@history_app.command("query")
def query_cmd(
    ctx: typer.Context,
    sql: str = typer.Argument(..., help="One SELECT statement over facts, campaign_daily, campaigns, imports, crm_segments."),
    fmt: str = typer.Option(
        "table", "--format", "-f",
        help="table, csv, json (one array, one row per line) or parquet (needs --output). Default: table.",
    ),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=0, help="At most this many rows. Default: all."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the rows to this file instead of stdout (written whole or not at all)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing --output file."),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Run a read-only SQL query; writes, ATTACH/INSTALL/LOAD/COPY and file reads are refused.

    Rows are printed as the query produces them, so `| head` answers at once on any table;
    a reader that stops early (head, less) ends the query quietly with exit 0.

    Example: mops history query "SELECT campaign_id, sum(spend) FROM campaign_daily GROUP BY 1"
    """
    from mops.commands._output import note
    from mops.errors import UsageError
    from mops.history.query import QUERY_FORMATS, open_query, write_query
    from mops.history.store import db_location

    if fmt not in QUERY_FORMATS:
        raise UsageError(f"unknown format {fmt!r}", hint="use table, csv, json or parquet")
    if fmt == "parquet" and output is None:
        raise UsageError("--format parquet needs --output FILE", hint="e.g. --format parquet --output facts.parquet")
    ws = _workspace(ctx)
    location = db_location(ws, db)
    if output is not None:
        count = write_query(location, sql, output, fmt, limit=limit, overwrite=force, ws=ws)
        note(f"wrote {count:,} rows to {output}")
        return
    with open_query(location, sql, limit=limit, ws=ws) as stream:
        try:
            _print_rows(stream.columns, stream.batches(), fmt)
        except BrokenPipeError:
            _reader_gone()


def _reader_gone(code: int = 0) -> None:
    """stdout's reader went away (`| head`): nothing more to say, and not an error (exit 0, or the
    findings code a report has whether read whole or not)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # what is left in the buffer goes nowhere, without a second error
    except (OSError, ValueError, AttributeError):
        pass  # stdout is no real file (tests capture it)
    raise typer.Exit(code)


def _print_rows(columns: list[str], batches: Any, fmt: str) -> None:
    """Rows on stdout as they come: csv, json or aligned text; on a terminal, a rich table when
    the whole result fits in the first batch."""
    from mops.history.output import write_rows

    if fmt == "table":
        from mops.commands._output import print_table, use_rich
        from mops.history.query import BATCH_ROWS

        batches = iter(batches)
        first = next(batches, [])
        if len(first) < BATCH_ROWS and use_rich():
            print_table(None, columns, first)
            return
        batches = itertools.chain([first], batches)
    write_rows(columns, batches, fmt, sys.stdout)


def _date(value: Optional[str], option: str) -> Optional[dt.date]:
    from mops.errors import UsageError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date", hint="write dates as YYYY-MM-DD, e.g. 2026-04-01") from None


@history_app.command("report")
def report_cmd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="roi, channels, campaigns, pacing-baseline, freshness or unattributed."),
    since: Optional[str] = typer.Option(None, "--since", help="First day included, YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Last day included, YYYY-MM-DD."),
    platform: Optional[str] = typer.Option(None, "--platform", help="Only this platform, e.g. google_ads."),
    channel: Optional[str] = typer.Option(None, "--channel", help="Only this channel, e.g. paid_search."),
    campaign: Optional[str] = typer.Option(None, "--campaign", help="Only this campaign id."),
    fmt: str = typer.Option("text", "--format", "-f", help="text, csv or json. Default: text."),
    today: Optional[str] = typer.Option(None, "--today", help="The day freshness counts from. Default: today.", hidden=True),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Print ROI, channel, campaign, pacing-baseline, freshness or unattributed figures from the history.

    Amounts in different currencies stay apart unless mops.yaml history.fx_rates converts them.
    `unattributed` lists the platform campaigns no plan claims, biggest spend first, with what to
    add to which plan; it exits 1 when there are any, 0 when every campaign is claimed.

    Example: mops history report roi --since 2026-01-01 --format json
    """
    from mops.commands._output import note
    from mops.errors import EXIT_FINDINGS, UsageError
    from mops.history.reports import Filters, history_report

    if fmt not in ("text", "csv", "json"):
        raise UsageError(f"unknown format {fmt!r}", hint="use text, csv or json")
    ws = _workspace(ctx)
    filters = Filters(_date(since, "--since"), _date(until, "--until"), platform, channel, campaign)
    table = history_report(ws, name, filters, db=db, today=_date(today, "--today"))
    for text in table.notes:
        note(f"note: {text}")
    try:
        _print_report(table, name, fmt)
        sys.stdout.flush()  # a reader gone (`| head`) is found here, not at exit
    except BrokenPipeError:
        _reader_gone(EXIT_FINDINGS if name == "unattributed" and table.rows else 0)
    if name == "unattributed" and table.rows:
        raise typer.Exit(EXIT_FINDINGS)


def _print_report(table: Any, name: str, fmt: str) -> None:
    from mops.commands._output import print_json, print_table

    if fmt == "json":
        from mops.history.output import report_object

        print_json(report_object(table))
    elif fmt == "csv":
        from mops.history.output import write_rows

        write_rows(table.columns, [table.rows], "csv", sys.stdout)
    elif name == "unattributed":
        _print_unattributed(table)
    else:
        print_table(f"history report {table.name}", table.columns, table.rows)


def _print_unattributed(table: Any) -> None:
    """The campaigns as a table, then for each what to add to which plan and why."""
    from mops.commands._output import print_table

    if not table.rows:
        typer.echo("No unattributed spend: every platform campaign in the history is claimed by a plan.")
        return
    shown = [c for c in table.columns if c not in ("action", "reason", "active_days", "channel")]
    index = [table.columns.index(c) for c in shown]
    print_table("history report unattributed", shown, [[row[i] for i in index] for row in table.rows])
    records = table.records()
    typer.echo("")
    for record, detail in zip(records, table.details):
        label = record["platform_campaign_id"] or record["platform_campaign_name"]
        typer.echo(f"{record['platform']} {label} ({record['platform_campaign_name']}, {record['spend']} {record['currency']}): {record['action']}")
        for evidence in detail.evidence:
            if evidence.kind == "file" and evidence.note:
                where = evidence.path + (f":{evidence.line}" if evidence.line else "") if evidence.path else ""
                typer.echo(f"  because: {evidence.note}" + (f" ({where})" if where and where not in evidence.note else ""))


@history_app.command("similar")
def similar_cmd(
    ctx: typer.Context,
    objective: Optional[str] = typer.Option(None, "--objective", help="What the new campaign must achieve (words are matched)."),
    channels: Optional[str] = typer.Option(None, "--channels", help="Comma-separated channels, e.g. paid_search,paid_social."),
    budget: Optional[float] = typer.Option(None, "--budget", help="Planned total budget in the workspace currency."),
    season: Optional[str] = typer.Option(None, "--season", help="A month (11 or 2026-11), a quarter (q4) or a start date."),
    limit: int = typer.Option(5, "--limit", "-n", help="How many campaigns to show. Default: 5."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json. Default: text."),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """List the past campaigns most like a planned one, with budget, duration and ROAS, and a summary.

    Example: mops history similar --channels paid_search,paid_social --budget 30000 --season q2
    """
    from mops.commands._output import print_json, print_table
    from mops.history.similar import similar_campaigns

    result = similar_campaigns(_workspace(ctx), objective=objective, channels=channels, budget=budget, season=season, limit=limit, db=db)
    try:
        if fmt == "json":
            print_json(result.model_dump(mode="json"))
        else:
            columns = ["campaign", "score", "budget", "spend", "currency", "days", "roas", "channels"]
            rows = [[m.campaign, f"{m.score:.2f}", m.budget, m.spend, m.currency, m.days, m.roas, ", ".join(m.channels)] for m in result.matches]
            print_table("similar past campaigns", columns, rows)
            for observation in result.summary:
                typer.echo(observation.statement)
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_gone()


@history_app.command("export")
def export_cmd(
    ctx: typer.Context,
    parquet: str = typer.Option(..., "--parquet", metavar="DIR", help="The folder to write the lake to (created; a lake already there only with --force)."),
    force: bool = typer.Option(False, "--force", help="Replace the lake already in the folder."),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Write the history as a Parquet lake: facts partitioned by platform and month, crm_segments, imports.

    The folder is written whole or not at all (into a temporary folder beside it, then renamed).
    Point history.db (or --db) at it and every report, query and pacing check reads it; copy it to
    S3 or GCS (aws s3 sync, gcloud storage rsync) for a team to share.

    Example: mops history export --parquet lake/ --force
    """
    from mops.commands._output import note
    from mops.history.lake import export_lake
    from mops.history.store import db_location

    ws = _workspace(ctx)
    result = export_lake(db_location(ws, db), parquet, overwrite=force)
    rows = ", ".join(f"{count:,} {table}" for table, count in result.rows.items())
    note(f"wrote {parquet}: {rows} ({result.partitions} facts partitions, {result.files} Parquet files)")
