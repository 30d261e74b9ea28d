"""`mops history import|query|report|similar`: campaign history in the workspace's DuckDB file."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from mops.commands._output import TableFormat

history_app = typer.Typer(help="Campaign history from platform exports, in DuckDB.", no_args_is_help=True)

_DB_HELP = "History database (file, md: or s3: location). Default: mops.yaml history.db (.mops/history.duckdb)."


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
    from mops.history.importer import import_exports
    from mops.history.store import connect, db_location

    ws = _workspace(ctx)
    con = connect(db_location(ws, db))
    bar = ProgressBar("importing")
    def on_file(path: Path, done: int, total: int) -> None:
        bar(done, total, path.name)

    try:
        result = import_exports(
            con, files, platform=platform, strict=strict, default_currency=ws.config.currency,
            region=ws.config.default_region, plans=ws.plans(), name_of=lambda p: ws.relative(Path(p)), on_file=on_file,
            encoding=encoding, columns=ws.config.history.columns, date_order=date_order or ws.config.history.date_order,
        )
    finally:
        bar.close()
        con.close()
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
        target = rejects or (ws.state_dir or Path.cwd() / ".mops") / "rejects" / "last-import.csv"
        _write_rejects(target, result.rejects)
        for reject in result.rejects[:20]:
            note(f"{reject.path}:{reject.line}: rejected: {reject.reason}")
        if len(result.rejects) > 20:
            note(f"... and {len(result.rejects) - 20} more")
        note(f"{len(result.rejects)} rejected rows written to {ws.relative(target)}")
        note("hint: fix those lines in the export (or export again) and import it again: the same days are replaced, never added twice")
    if not result.committed:
        raise InputError(
            f"{len(result.rejects)} rows rejected: nothing imported (--strict)",
            hint="fix the rows listed above, or import without --strict to load the good rows",
        )
    if result.rejects:
        raise typer.Exit(EXIT_FINDINGS)


def _write_rejects(target: Path, rejects: list) -> None:
    import csv
    import io

    from mops.fsutil import atomic_write_text

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "line", "reason"])
    writer.writerows([r.path, r.line, r.reason] for r in rejects)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, buffer.getvalue())


@history_app.command("query")
def query_cmd(
    ctx: typer.Context,
    sql: str = typer.Argument(..., help="One SELECT statement over facts, campaign_daily, campaigns, imports, crm_segments."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json. Default: table."),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Run a read-only SQL query; writes, ATTACH/INSTALL/LOAD/COPY and file reads are refused.

    Example: mops history query "SELECT campaign_id, sum(spend) FROM campaign_daily GROUP BY 1"
    """
    from mops.errors import UsageError
    from mops.history.query import run_query
    from mops.history.store import db_location

    if fmt not in ("table", "csv", "json"):
        raise UsageError(f"unknown format {fmt!r}", hint="use table, csv or json")
    result = run_query(db_location(_workspace(ctx), db), sql)
    _print_rows(None, result.columns, result.rows, fmt)


def _plain(value: Any) -> Any:
    """JSON numbers for DECIMAL money columns, ISO text for dates."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _print_rows(title: str | None, columns: list[str], rows: list, fmt: str) -> None:
    from mops.commands._output import print_table

    if fmt == "json":
        rows = [[_plain(v) for v in row] for row in rows]

    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return
    print_table(title, columns, rows, TableFormat.json if fmt == "json" else TableFormat.text)


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
    name: str = typer.Argument(..., help="roi, channels, campaigns, pacing-baseline or freshness."),
    since: Optional[str] = typer.Option(None, "--since", help="First day included, YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Last day included, YYYY-MM-DD."),
    platform: Optional[str] = typer.Option(None, "--platform", help="Only this platform, e.g. google_ads."),
    channel: Optional[str] = typer.Option(None, "--channel", help="Only this channel, e.g. paid_search."),
    campaign: Optional[str] = typer.Option(None, "--campaign", help="Only this campaign id."),
    fmt: str = typer.Option("text", "--format", "-f", help="text, csv or json. Default: text."),
    today: Optional[str] = typer.Option(None, "--today", help="The day freshness counts from. Default: today.", hidden=True),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Print ROI, channel, campaign, pacing-baseline or freshness figures from the history.

    Amounts in different currencies stay apart unless mops.yaml history.fx_rates converts them.

    Example: mops history report roi --since 2026-01-01 --format json
    """
    from mops.commands._output import note, print_json
    from mops.history.reports import Filters, run_report
    from mops.history.store import open_history

    ws = _workspace(ctx)
    filters = Filters(_date(since, "--since"), _date(until, "--until"), platform, channel, campaign)
    con = open_history(ws, db)
    try:
        table = run_report(
            con, name, filters, rates=ws.config.history.fx_rates, home=ws.config.currency,
            today=_date(today, "--today") or dt.date.today(),
        )
    finally:
        con.close()
    for text in table.notes:
        note(f"note: {text}")
    if fmt == "json":
        records = [{k: _plain(v) for k, v in r.items()} for r in table.records()]
        print_json({"report": table.name, "rows": records, "query": table.query, "params": [_plain(p) for p in table.params], "notes": table.notes})
        return
    _print_rows(f"history report {table.name}" if fmt == "text" else None, table.columns, table.rows, "table" if fmt == "text" else fmt)


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
    from mops.history.similar import Target, find_similar
    from mops.history.store import open_history

    ws = _workspace(ctx)
    target = Target.parse(objective=objective, channels=channels, budget=budget, season=season)
    con = open_history(ws, db)
    try:
        result = find_similar(con, ws, target, limit=limit)
    finally:
        con.close()
    if fmt == "json":
        print_json(result.model_dump(mode="json"))
        return
    columns = ["campaign", "score", "budget", "spend", "currency", "days", "roas", "channels"]
    rows = [[m.campaign, f"{m.score:.2f}", m.budget, m.spend, m.currency, m.days, m.roas, ", ".join(m.channels)] for m in result.matches]
    print_table("similar past campaigns", columns, rows)
    for observation in result.summary:
        typer.echo(observation.statement)
