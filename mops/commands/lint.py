"""`mops lint` and `mops rules`: thin wrappers over mops.lint.

Their options are declared in the annotations (`Annotated[..., typer.Option(...)]`), which are
strings until Typer reads them (`from __future__ import annotations`): importing this module
imports no Typer, so `mops lint` can run without it (mops/commands/_direct.py: Typer is most of
what is left of a one-file lint's start-up). Typer is imported when the commands are registered.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

from mops.commands._output import TableFormat

if TYPE_CHECKING:
    import typer


# the names must stay those of mops.lint.formatters.FORMATS (tests/test_formatters.py checks)
class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def register(app: typer.Typer) -> None:
    # Typer reads the declarations (the annotations, strings until then) in this module's namespace
    global typer
    import typer

    app.command("lint", rich_help_panel="Check")(lint)
    app.command("rules", rich_help_panel="Check")(rules)


def _codes(values: Optional[list[str]]) -> list[str]:
    return [code.strip().upper() for value in values or [] for code in value.split(",") if code.strip()]


def lint(
    ctx: typer.Context,
    paths: Annotated[Optional[list[Path]], typer.Argument(
        # readable=False: lint reports a path it cannot read itself (`file: error: ... hint`), every one
        readable=False, help="Files or folders to lint; '-' reads standard input. Default: the workspace.",
    )] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="text, json, sarif, github or markdown.")] = OutputFormat.text,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Only these rule codes or prefixes (comma-separated; replaces mops.yaml's).")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these rule codes or prefixes (added to mops.yaml's).")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="Lowest severity that makes the exit code 1. Default: mops.yaml lint.fail_on (warning).")] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes in place (atomically); report what is left.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print the safe fixes as a unified diff without writing.")] = False,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="Accept the findings recorded in this file; fail only on new ones.")] = None,
    write_baseline: Annotated[Optional[Path], typer.Option("--write-baseline", help="Record the current findings in this file and exit 0.")] = None,
    stdin_filename: Annotated[Optional[str], typer.Option("--stdin-filename", help="Lint standard input as if it were this file (for editors).")] = None,
    explain: Annotated[Optional[str], typer.Option("--explain", help="Print the documentation of one rule code and exit.")] = None,
    output_file: Annotated[Optional[Path], typer.Option("--output-file", "-o", help="Write the report to this file instead of stdout.")] = None,
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", "-j", min=1,
        help="Processes to lint in (Linux). Default: one per core when several files come to 2 MB or more, else 1.",
    )] = None,
    max_file_size: Annotated[Optional[str], typer.Option(
        "--max-file-size", metavar="SIZE",
        help="Largest file to lint, e.g. 200MB or 1GB; a bigger one is an error (exit 2). Default: mops.yaml lint.max_file_size (50MB).",
    )] = None,
) -> int | None:
    """Check links and copy against the taxonomy and the brand voice.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or configuration error.

    Examples: mops lint · mops lint copy/ --format sarif -o mops.sarif · mops lint --fix · mops lint --explain UTM005
    """
    from mops.commands._context import workspace
    from mops.commands._output import ProgressBar, note, print_report
    from mops.errors import UsageError

    if explain:
        from typer import echo

        from mops.lint.rules_doc import explain_rule

        echo(explain_rule(explain))
        return None
    if fix and diff:
        raise UsageError("--fix and --diff do not go together", hint="--diff shows what --fix would write")
    from mops.lint.runner import LintOptions, run_lint

    limit = None
    if max_file_size is not None:
        from mops.sizes import parse_size

        try:
            limit = parse_size(max_file_size)
        except ValueError as exc:
            raise UsageError(f"--max-file-size: {exc}", hint="give a size such as 200MB or 1GB") from None
    # plain: the workspace's files as plain values, and the text report too (mops.models.plain):
    # a lint reads their fields only, and so runs without importing pydantic (start-up)
    ws = workspace(ctx, plain=True)
    stdin_text = None
    targets = list(paths or [])
    if stdin_filename is not None or targets == [Path("-")]:
        if targets not in ([], [Path("-")]):
            raise UsageError("--stdin-filename lints standard input; do not also give paths")
        stdin_text = sys.stdin.read()
        targets = []
    options = LintOptions(
        select=_codes(select) or None, ignore=_codes(ignore), fix=fix, diff=diff, baseline=baseline,
        stdin_text=stdin_text, stdin_filename=stdin_filename, jobs=jobs, max_file_size=limit,
        plain_report=fmt in (OutputFormat.text, OutputFormat.json),
    )
    # done + 1: the runner reports the file it starts on
    bar = ProgressBar("linting", at_least=50) if fmt == OutputFormat.text else None
    progress = (lambda done, total: bar(done + 1, total)) if bar is not None else None
    from mops.errors import MopsError

    try:
        result = run_lint(ws, targets, options, progress=progress)
    except MopsError as exc:
        if fmt in (OutputFormat.json, OutputFormat.sarif, OutputFormat.github):
            # CI uploads what stdout (or -o) holds: a valid report carrying the errors, still exit 2
            from mops.lint.report import error_report

            from mops.lint.runner import source_reader

            print_report(error_report(exc, ws), fmt.value, source_reader(ws, options), output_file)
        raise
    finally:
        if bar is not None:
            bar.close()
    report = result.report
    if write_baseline is not None:
        from mops.lint.baseline import write_baseline as write

        count = write(write_baseline, report.findings, result.source)
        note(f"wrote {count} findings to {write_baseline}")
        return None
    if diff:
        sys.stdout.write("".join(result.diffs))
    elif stdin_text is not None and fix:
        sys.stdout.write(result.fixed_stdin if result.fixed_stdin is not None else stdin_text)
    else:
        print_report(report, fmt.value, result.source, output_file)
        if fmt == OutputFormat.sarif:
            from mops.lint.formatters.sarif import github_limit_warning

            warning = github_limit_warning(len(report.findings))
            if warning:
                note(warning)
    if fix and report.fixes_applied:
        note(f"applied {report.fixes_applied} fix(es)")

    return exit_code(report, fail_on, ws)  # mops.cli exits with what a command returns


def exit_code(report, fail_on: Optional[FailOn], ws) -> int:  # noqa: ANN001 - a LintReport, a Workspace
    """1 when the report has findings at or above --fail-on (default mops.yaml lint.fail_on), else 0."""
    from mops.errors import EXIT_FINDINGS, EXIT_OK
    from mops.models.severity import Severity, at_or_above

    threshold = fail_on.value if fail_on else ws.config.lint.fail_on.value
    if threshold == "never":
        return EXIT_OK
    return EXIT_FINDINGS if at_or_above(report.findings, Severity(threshold)) else EXIT_OK


def rules(
    ctx: typer.Context,
    fmt: Annotated[TableFormat, typer.Option("--format", help="text or json.")] = TableFormat.text,
    slow: Annotated[bool, typer.Option("--slow", help="List what the literal prefilter cannot speed up: brand-voice terms without a literal anchor.")] = False,
) -> None:
    """List every lint rule: code, name, severity, fix safety, and what it checks.

    With --slow, list the workspace's brand-voice terms that have no literal anchor: each runs as a
    full-text regular expression over every file, so they cost the most.

    Example: mops rules --format json
    """
    from mops.commands._output import print_table

    if slow:
        from mops.commands._context import workspace
        from mops.lint.slow_terms import slow_voice_terms

        print_table(None, ["term", "source", "why"], slow_voice_terms(workspace(ctx)), fmt)
        return
    from mops.lint.rules import all_rules
    from mops.lint.rules_doc import fix_safety

    rows = [[r.code, r.name, r.severity.value, fix_safety(r), r.summary()] for r in all_rules().values()]
    print_table(None, ["code", "name", "severity", "fix", "summary"], rows, fmt)
