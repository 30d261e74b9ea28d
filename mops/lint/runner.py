"""Run the lint: pick the files and rules, check each file, apply suppressions, safe fixes and the
baseline, and return a `LintReport`. Knows nothing of the terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mops.errors import InputError
from mops.lint.context import LintContext
from mops.lint.clean_links import CLEAN_TAGGED, DIRTY
from mops.lint.document import Document, parse_url_cached
from mops.lint.files import FileSettings, collect_files
from mops.lint.fixes import apply_edits, document_edits, safe_edits
from mops.lint.report import LintReport, RuleInfo
from mops.lint.rule import Rule, UrlRule, Violation
from mops.lint.rules import all_rules, is_selected
from mops.lint.suppressions import parse_suppressions
from mops.models._base import trusted
from mops.models.results import Edit, Finding, Fix, Severity

MAX_FIX_PASSES = 10
DOCS_URL = "https://github.com/mops-dev/mops/blob/main/docs"
ASSET_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".mp4", ".mov", ".webm", ".pdf", ".avif")


@dataclass
class LintOptions:
    select: list[str] | None = None  # CLI --select replaces mops.yaml's select
    ignore: list[str] = field(default_factory=list)  # CLI --ignore adds to mops.yaml's
    fix: bool = False
    diff: bool = False  # compute fixes without writing them
    baseline: Path | None = None
    stdin_text: str | None = None
    stdin_filename: str | None = None


@dataclass
class LintRun:
    report: LintReport
    diffs: list[str] = field(default_factory=list)  # unified diffs of what --fix changed / would change
    fixed_stdin: str | None = None


def _violations(rules: list[Rule], doc: Document, ctx: LintContext, memo: dict) -> Iterable[tuple[Rule, Violation, Any]]:
    """(rule, violation, the link it is relative to or None)."""
    url_rules = [r for r in rules if isinstance(r, UrlRule)]
    for rule in rules:
        if not isinstance(rule, UrlRule):
            for violation in rule.check(doc, ctx):
                yield rule, violation, None
    if not url_rules:
        return
    free = [r for r in url_rules if r.context_free]
    bound = [r for r in url_rules if not r.context_free and r.applies_to(doc, ctx)]
    free_all = [r for r in free if r.all_urls]
    bound_all = [r for r in bound if r.all_urls]
    # context-free rules judge the link's text alone: judge each distinct link, or each link
    # shape (see CleanLinkCheck.shape), once per run and selection of rules
    memo = memo.setdefault(tuple(r.code for r in free), {})
    # links no covered rule would report skip the rules altogether (see clean_links.py)
    fast = ctx.clean_links if all(r.fast_path_covered for r in free) else None
    for found in doc.found_urls:
        url = found.url
        parsed = None
        key = fast.shape(url) if fast is not None else None
        if key is None:
            verdict = fast.verdict(url) if fast is not None else DIRTY
            tagged = verdict == CLEAN_TAGGED
            if verdict == DIRTY:
                key = url
        if key is not None:
            known = memo.get(key)
            if known is None:
                parsed = parse_url_cached(url)
                tagged = ctx.analysis(parsed).tagged
                known = memo[key] = (tagged, [
                    (rule, violation) for rule in (free if tagged else free_all) for violation in rule.check_url(parsed, found, doc, ctx)
                ])
            tagged, results = known
            for rule, violation in results:
                yield rule, violation, found
        for rule in bound if tagged else bound_all:
            if not rule.applies(doc, found, ctx):
                continue
            if parsed is None:
                parsed = parse_url_cached(found.url)
            for violation in rule.check_url(parsed, found, doc, ctx):
                yield rule, violation, found


def _check_document(doc: Document, rules: list[Rule], ctx: LintContext, meta_unused: bool, memo: dict) -> list[Finding]:
    findings: list[Finding] = []
    position = doc.position
    line_starts = doc.lines.starts
    path = doc.path
    for rule, violation, found in _violations(rules, doc, ctx, memo):
        start, end, edits = violation.start, max(violation.end, violation.start), violation.edits
        if found is not None:  # offsets relative to the link
            start, end = min(found.start + start, found.end), min(found.start + end, found.end)
            if violation.url_edits:
                edits = document_edits(violation.url_edits, found)
        line, column = position(start)
        if 1 < line < len(line_starts) and end < line_starts[line]:  # ends on the line it starts on
            end_line, end_column = line, column + end - start
        else:
            end_line, end_column = position(end)
        fix = None
        # trusted(): these values are built here with the right types, and validating tens of
        # thousands of findings a run would cost more than linting the links
        if edits:
            fix = trusted(Fix, {
                "description": violation.fix_description or "apply the fix",
                "edits": [trusted(Edit, {"start": s, "end": e, "replacement": r}) for s, e, r in edits],
                "safe": violation.safe,
            })
        elif violation.fix_description:
            fix = trusted(Fix, {"description": violation.fix_description, "edits": [], "safe": False})
        findings.append(trusted(Finding, {
            "code": rule.code, "severity": violation.severity or rule.severity, "path": path, "line": line, "column": column,
            "end_line": end_line, "end_column": end_column, "message": violation.message, "fix": fix,
        }))
    suppressions = parse_suppressions(doc.text, doc.position)
    if suppressions:
        kept = []
        for finding in findings:
            covering = [s for s in suppressions if s.covers(finding.code, finding.line)]
            for s in covering:
                s.used = True
            if not covering:
                kept.append(finding)
        findings = kept
        if meta_unused:
            for s in suppressions:
                if not s.used and s.verb != "enable":
                    names = ", ".join(s.codes) or "all rules"
                    findings.append(
                        Finding(code="MOPS001", severity=Severity.warning, path=doc.path, line=s.line, column=s.column, message=f"suppression of {names} suppressed nothing")
                    )
    return findings


def run_lint(ws: Any, paths: list[Path], options: LintOptions, progress: Callable[[int, int], None] | None = None) -> LintRun:
    """Lint `paths` (default: the workspace) and return the report; writes files only with options.fix."""
    import gc

    # A lint holds hundreds of thousands of small immutable parses and findings, none in a
    # reference cycle; the cyclic collector would spend more time scanning them than we spend
    # linting. Reference counting still frees everything.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_lint(ws, paths, options, progress)
    finally:
        if enabled:
            gc.enable()


def _run_lint(ws: Any, paths: list[Path], options: LintOptions, progress: Callable[[int, int], None] | None) -> LintRun:
    import difflib

    settings = FileSettings(ws, options.select, options.ignore)
    rule_classes = all_rules()
    instances = {code: cls() for code, cls in rule_classes.items()}
    ctx = LintContext(ws)
    # load the workspace files the selected rules read now, so a broken taxonomy or brand voice is
    # reported whatever the files happen to contain
    if any(is_selected(code, settings.select, settings.ignore) for code in instances if code.startswith(("UTM", "NAME"))):
        ctx.utm  # noqa: B018
    if any(is_selected(code, settings.select, settings.ignore) for code in instances if code.startswith(("COPY", "PII"))):
        ctx.voice  # noqa: B018
    report = LintReport(root=str(ws.root) if ws.root else str(Path.cwd()))
    run = LintRun(report=report)
    ran: set[str] = set()
    # selected rules -> link text or shape -> (tagged, link-relative violations)
    memo: dict[tuple, dict[Any, tuple[bool, list[tuple[Rule, Violation]]]]] = {}

    if options.stdin_text is not None:
        sources: list[tuple[str, Path | None, bytes]] = [(options.stdin_filename or "-", None, options.stdin_text.encode("utf-8"))]
    else:
        files = collect_files(ws, paths)
        sources = [(ws.relative(f), f, b"") for f in files]

    total = len(sources)
    for index, (rel, file, data) in enumerate(sources):
        if progress:
            progress(index, total)
        select, ignore, channel = settings.for_path(rel)
        active = [rule for code, rule in instances.items() if is_selected(code, select, ignore)]
        ran.update(rule.code for rule in active)
        if file is not None and rel.lower().endswith(ASSET_EXTENSIONS):
            if is_selected("NAME002", select, ignore):
                report.findings.extend(check_asset_name(rel, ctx))
            report.files_checked += 1
            continue
        if file is not None:
            try:
                data = file.read_bytes()
            except OSError as exc:
                raise InputError(f"cannot read: {exc.strerror}", path=rel) from None
        try:
            doc = Document.from_bytes(data, path=rel, source=file, channel=channel)
        except UnicodeDecodeError as exc:
            if is_selected("MOPS002", select, ignore):
                report.findings.append(
                    Finding(code="MOPS002", severity=Severity.error, path=rel, message=f"not UTF-8 text (byte {exc.start}); save it as UTF-8")
                )
            report.files_checked += 1
            continue
        meta_unused = is_selected("MOPS001", select, ignore)
        findings = _check_document(doc, active, ctx, meta_unused, memo)
        if options.fix or options.diff:
            original = doc.text
            for _ in range(MAX_FIX_PASSES):
                edits = safe_edits(findings)
                if not edits:
                    break
                new_text, applied = apply_edits(doc.text, edits)
                if applied == 0 or new_text == doc.text:
                    break
                report.fixes_applied += applied
                doc = Document(path=rel, text=new_text, kind=doc.kind, source=file, has_bom=doc.has_bom, channel=channel)
                findings = _check_document(doc, active, ctx, meta_unused, memo)
            if doc.text != original:
                run.diffs.append(
                    "".join(difflib.unified_diff(original.splitlines(True), doc.text.splitlines(True), f"a/{rel}", f"b/{rel}"))
                )
                if file is None:
                    run.fixed_stdin = doc.text
                elif options.fix and not options.diff:
                    from mops.fsutil import atomic_write_bytes

                    atomic_write_bytes(file, doc.to_bytes())
            elif file is None:
                run.fixed_stdin = doc.text
        report.findings.extend(findings)
        report.files_checked += 1

    if options.baseline is not None:
        from mops.lint.baseline import filter_baseline

        report.findings = filter_baseline(report.findings, options.baseline, source_reader(ws, options))
    report.findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    report.rules = [_info(rule_classes[code]) for code in sorted(ran)]
    return run


def source_reader(ws: Any, options: LintOptions) -> Callable[[str], str | None]:
    base = ws.root or Path.cwd()

    def read(rel: str) -> str | None:
        if options.stdin_text is not None and rel == (options.stdin_filename or "-"):
            return options.stdin_text
        try:
            return (base / rel).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None

    return read


def check_asset_name(rel: str, ctx: LintContext) -> list[Finding]:
    grammar = ctx.utm.grammars.get("asset")
    if grammar is None:
        return []
    stem = Path(rel).name.split(".", 1)[0]
    problem = grammar.diagnose(stem)
    if problem is None:
        return []
    return [Finding(code="NAME002", severity=Severity.warning, path=rel, message=f"asset name {stem!r} does not follow {grammar.template}: {problem.message}")]


def _info(rule: type[Rule]) -> RuleInfo:
    return RuleInfo(
        code=rule.code, name=rule.name, summary=rule.summary(), severity=rule.severity, fixable=rule.fixable,
        help_uri=f"{DOCS_URL}/rules.md#{rule.code.lower()}",
    )
