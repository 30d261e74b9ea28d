"""Run the lint: pick the files and rules, check each file, apply suppressions, safe fixes and the
baseline, and return a `LintReport`. Knows nothing of the terminal."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from itertools import chain
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from mops.errors import InputError
from mops.lint.clean_links import CLEAN_TAGGED, DIRTY
from mops.lint.context import LintContext
from mops.lint.copy_view import channel_gap, channel_notice
from mops.lint.document import Document, parse_url_cached
from mops.lint.links import link_extent_uncertain, line_start_after
from mops.lint.files import FileSettings, collect_files, skipped_notice, unreadable_type
from mops.lint.fixes import apply_edits, document_edits
from mops.lint.globs import matches
from mops.lint.raw_findings import LinkFinding, RawFinding, fix_fields, to_model, to_plain
from mops.memo import remember
from mops.lint.rule import LineViolation, Rule, UrlRule, Violation
from mops.lint.rules import all_rules, is_selected
from mops.lint.suppressions import parse_suppressions
from mops.models.plain import plain
from mops.sizes import parse_size

if TYPE_CHECKING:
    from mops.models.lint import LintReport, RuleInfo
    from mops.models.results import Finding

MAX_FIX_PASSES = 10
DOCS_URL = "https://github.com/mops-dev/mops/blob/main/docs"
ASSET_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".mp4", ".mov", ".webm", ".pdf", ".avif")


@dataclass
class LintOptions:
    """How to run a lint: the command line's choices."""

    select: list[str] | None = None  # CLI --select replaces mops.yaml's select
    ignore: list[str] = field(default_factory=list)  # CLI --ignore adds to mops.yaml's
    fix: bool = False
    diff: bool = False  # compute fixes without writing them
    baseline: Path | None = None
    stdin_text: str | None = None
    stdin_filename: str | None = None
    stdin_channel: str | None = None  # the brand-voice channel of standard input's text (else mops.yaml's per-path one)
    jobs: int | None = None  # processes to lint in; None: as many as help (see _worker_count)
    max_file_size: int | None = None  # bytes; None: mops.yaml's lint.max_file_size
    # the report as plain values (mops.models.plain), read by field as the models are: what the
    # text format reads, made without importing pydantic (a third of a one-file lint's start-up)
    plain_report: bool = False


@dataclass
class LintRun:
    """What a lint gives its caller: the report, and the diffs and fixed text of --fix and --diff."""

    report: LintReport
    diffs: list[str] = field(default_factory=list)  # unified diffs of what --fix changed / would change
    fixed_stdin: str | None = None
    # the text of each linted file as this run read it (standard input included): what formatters
    # quote and fingerprint, never whatever file of that name lies on disk
    source: Callable[[str], str | None] | None = None
    processes: int = 1  # how many processes linted: this one and its forked workers (or the one judging a big document's links)


def _link_finding(rule: Rule, violation: Violation) -> LinkFinding:
    """What a finding keeps whatever link it is on: offsets relative to the link, its fix settled
    but for where the edits go and whether the link's extent makes them unsafe."""
    url_edits = tuple((e.start, e.end, e.replacement) for e in violation.url_edits)
    description, safe = fix_fields(violation.fix_description, bool(url_edits or violation.edits), violation.safe)
    return LinkFinding(
        rule.code, violation.severity or rule.severity, violation.start, max(violation.end, violation.start), violation.message,
        description, url_edits, violation.edits, safe,
    )


def _check_document(doc: Document, rules: list[Rule], ctx: LintContext, memo: dict, split: bool = False) -> list[RawFinding]:
    """The findings of `rules` in `doc`, sorted. `split`: a document with many links may have them
    judged in a forked process while this one runs the other rules (see _ForkedLinks)."""
    findings: list[RawFinding] = []
    append = findings.append
    position = doc.position
    path = doc.path
    forked = _ForkedLinks.start(doc, rules, ctx, memo) if split else None
    try:
        for rule in rules:
            if not isinstance(rule, UrlRule):
                for violation in rule.check(doc, ctx):
                    line, column = position(violation.start)
                    end_line, end_column = position(max(violation.end, violation.start))
                    description, safe = fix_fields(violation.fix_description, bool(violation.edits), violation.safe)
                    append(RawFinding(
                        rule.code, violation.severity or rule.severity, path, line, column, end_line, end_column, violation.message,
                        description, violation.edits, safe,
                    ))
    except BaseException:
        if forked is not None:
            forked.cancel()
        raise
    links = forked.result() if forked is not None else None
    findings += links if links is not None else _link_raw_findings(doc, rules, ctx, memo)

    suppressions = parse_suppressions(doc.text, doc.position)
    if suppressions:
        # by line: a file with a suppression on every other line and as many findings was
        # judged every finding against every suppression (quadratic in the file's length)
        by_line: dict[int, list] = {}
        blocks = []
        for s in suppressions:
            if s.first_line == s.last_line:
                by_line.setdefault(s.first_line, []).append(s)
            else:
                blocks.append(s)
        kept = []
        for finding in findings:
            code, line = finding.code, finding.line
            covering = [s for s in by_line.get(line, ()) if s.covers(code, line)]
            if blocks:
                covering += [s for s in blocks if s.covers(code, line)]
            for s in covering:
                s.used = True
            if not covering:
                kept.append(finding)
        findings = kept
        findings += [_line_finding(rule, path, v) for rule in rules for v in rule.check_suppressions(doc, suppressions, ctx)]
    findings.sort(key=_POSITION)  # here, in the worker when there are workers, rather than all at the end
    return findings


_POSITION = attrgetter("line", "column", "code")


def _line_finding(rule: Rule, path: str, violation: LineViolation) -> RawFinding:
    """The finding of a violation at a line and column: no span, no fix."""
    return RawFinding(rule.code, rule.severity, path, violation.line, violation.column, None, None, violation.message, None, (), False)


def _link_raw_findings(doc: Document, rules: list[Rule], ctx: LintContext, memo: dict) -> list[RawFinding]:
    """The findings of the URL rules of `rules` on the links of `doc`, each at its place."""
    findings: list[RawFinding] = []
    append = findings.append
    position = doc.position
    line_starts: list[int] = []  # the document's LineIndex, made for the first finding (a clean list of links needs none)
    last_line = 0
    path = doc.path
    for found, link_findings in _link_findings(rules, doc, ctx, memo):
        if not line_starts:
            line_starts = doc.lines.starts
            last_line = len(line_starts)
        base, link_end = found.start, found.end
        one_line = found.line > 1 and "\n" not in found.raw and "\r" not in found.raw
        uncertain = None  # whether the link's extent is uncertain: then no fix on it is safe
        for finding in link_findings:
            safe, url_edits = finding.fix_safe, finding.url_edits
            if safe:  # a safe fix has edits
                if uncertain is None:
                    uncertain = link_extent_uncertain(doc.text, found)
                safe = not uncertain
            start = min(link_end, base + finding.start)
            end = min(link_end, base + finding.end)
            if one_line:
                line, column = found.line, found.column + start - base
            else:
                line, column = position(start)
            if 1 < line < last_line and end < line_starts[line]:  # ends on the line it starts on
                end_line, end_column = line, column + end - start
            else:
                end_line, end_column = position(end)
            append(RawFinding(
                finding.code, finding.severity, path, line, column, end_line, end_column, finding.message,
                finding.fix_description, document_edits(url_edits, found) if url_edits else finding.edits, safe,
            ))
    return findings


#: links in a document from which judging them in a forked process pays: forking costs a few
#: milliseconds, judging a link about two microseconds
SPLIT_MIN_LINKS = 10_000
# the part of a document whose links this process finds itself, the child the rest first: more
# than half, as the child starts later, sends what it found, and finds more slowly (the memory it
# writes to was this process's, and is copied on its first write); measured on a 2-core machine
_FIRST_PART = 0.55


class _ForkedLinks:
    """The URL rules' findings on a document's links, judged in a forked process while this one
    runs the other rules: on a list of 40,000 links the two halves of the work take about as
    long, and a second core does one of them (`mops lint` of one big file otherwise uses one).

    In running text (not a sheet) the two processes find the links too, a part each first (cut at
    a line start: mops.lint.links.line_start_after, _FIRST_PART): the child finds those of the
    last part, sends this process where they are (the copy rules leave them out:
    Document.link_spans), then finds the first part's and judges them all, while this process
    finds the first part's and goes on to the other rules. Finding the links was otherwise a fifth
    of the lint done before either could start.

    Started only where forking is safe and pays: Linux (fork is how mops starts workers: see
    _worker_count), no other thread in this process (a forked child inherits locks other threads
    hold), a second core, URL rules and other rules both selected, SPLIT_MIN_LINKS links or more
    (counted by their '://' before they are found). The child sends the places of its part's links
    and its findings as plain values and exits; whatever goes wrong in it (an error, a signal),
    this process finds and judges the links itself, so the result and any error are the ones a run
    in one process gives. The child's memo of link verdicts is not brought back."""

    started = 0  # how many this process has started (LintRun.processes says whether a run did)

    def __init__(self, pid: int, reader: int) -> None:
        self.pid, self.reader = pid, reader

    @classmethod
    def start(cls, doc: Document, rules: list[Rule], ctx: LintContext, memo: dict) -> _ForkedLinks | None:
        import os
        import sys
        import threading

        if not sys.platform.startswith("linux") or threading.active_count() > 1 or len(os.sched_getaffinity(0)) < 2:
            return None
        url_rules = sum(isinstance(rule, UrlRule) for rule in rules)
        if not url_rules or url_rules == len(rules):
            return None
        middle = line_start_after(doc.text, doc.kind, _FIRST_PART) if "found_urls" not in doc.derived else None
        if middle is not None:
            if doc.link_scope.marks < SPLIT_MIN_LINKS:
                return None
        elif len(doc.found_urls) < SPLIT_MIN_LINKS:
            return None
        parent = os.getpid()
        die_with_parent = _parent_death_signal()  # made here: in the child it would delay what this process waits for
        reader, writer = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return None
        if pid == 0:  # the child: judge the links, send the rows, leave without running anything of the parent's
            code = 1
            try:
                os.close(reader)
                _bound_to(parent, die_with_parent)
                with os.fdopen(writer, "wb") as out:
                    if middle is not None:  # first what this process waits for
                        later = doc.links_between(middle, len(doc.text))
                        places = array("q", chain.from_iterable(map(_PLACE, later)))
                        out.write(len(places).to_bytes(8, "little") + places.tobytes())
                        out.flush()
                        doc.derived["found_urls"] = doc.links_between(0, middle) + later
                    rows = [*map(tuple, _link_raw_findings(doc, rules, ctx, memo))]
                    _pickler().dump(rows, out, protocol=5)
                code = 0
            finally:
                os._exit(code)
        os.close(writer)
        cls.started += 1
        forked = cls(pid, reader)
        if middle is not None:
            try:
                earlier = [*map(_PLACE, doc.links_between(0, middle))]
                later = forked._places()
            except BaseException:
                forked.cancel()
                raise
            if later is not None:  # else the copy rules find all the links here (Document.link_spans)
                doc.derived["link_spans"] = earlier + later
        return forked

    def _places(self) -> list[tuple[int, int]] | None:
        """(start, end) of the last part's links, as the child sends them; None when it failed first."""
        import os

        def read(size: int) -> bytes | None:
            chunks, left = [], size
            while left:
                chunk = os.read(self.reader, min(left, 1 << 20))
                if not chunk:
                    return None  # the child ended before saying it all
                chunks.append(chunk)
                left -= len(chunk)
            return b"".join(chunks)

        head = read(8)
        body = read(8 * int.from_bytes(head, "little")) if head is not None else None
        if body is None:
            return None
        places = array("q")
        places.frombytes(body)
        return list(zip(places[::2], places[1::2]))

    def cancel(self) -> None:
        """Stop the child (this process is failing or interrupted)."""
        import os
        import signal

        os.close(self.reader)
        os.kill(self.pid, signal.SIGKILL)
        self._reap()

    def result(self) -> list[RawFinding] | None:
        """The child's findings, once it is done; None when it failed (judge the links here)."""
        import os

        try:
            with os.fdopen(self.reader, "rb") as pipe:
                data = pipe.read()
        finally:
            failed = self._reap()
        if failed or not data:
            return None
        try:
            # a child that died before the end of its message leaves a pickle that does not load
            return [*map(RawFinding._make, _pickler().loads(data))]
        except Exception:  # noqa: BLE001 - a torn message: judge the links here
            return None

    def _reap(self) -> bool:
        """Wait for the child; whether it failed. Where SIGCHLD is ignored (a parent process may
        pass that on) the kernel reaps it itself and its status is not known: its message says."""
        import os

        try:
            return os.waitpid(self.pid, 0)[1] != 0
        except ChildProcessError:
            return False


_PLACE = itemgetter(1, 2)  # a FoundUrl's (start, end)


def _pickler() -> Any:
    """The C pickler itself (the pickle module around it costs twice its import, ~2 ms a process);
    the module where an interpreter has no C half."""
    try:
        import _pickle

        return _pickle
    except ImportError:
        import pickle

        return pickle


def _parent_death_signal() -> Callable[[], Any] | None:
    """What asks Linux to kill the calling process when its parent dies (prctl PR_SET_PDEATHSIG
    with SIGKILL, as Linux numbers them: the signal module builds its enums when imported); None
    where the C library cannot be reached."""
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(1, 9)


def _bound_to(parent: int, die_with_parent: Callable[[], Any] | None) -> None:
    """In a forked child: die with `parent` (a lint killed by a CI timeout leaves no process judging
    links), and hold none of its standard streams open (its caller waits for their end)."""
    import os

    devnull = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(devnull, stream)
    if die_with_parent is not None:
        die_with_parent()
    if os.getppid() != parent:  # died before the request took hold
        os._exit(1)


def _link_findings(rules: list[Rule], doc: Document, ctx: LintContext, memo: dict) -> Iterable[tuple[Any, list[LinkFinding]]]:
    """(link, its findings) for each link some URL rule reports on."""
    url_rules = [r for r in rules if isinstance(r, UrlRule)]
    if not url_rules:
        return
    free = [r for r in url_rules if r.context_free]
    bound = [r for r in url_rules if not r.context_free and r.applies_to(doc, ctx)]
    free_all = [r for r in free if r.all_urls]
    bound_all = [r for r in bound if r.all_urls]
    if len(bound_all) == len(bound):
        bound_all = bound  # every bound rule judges every link: whether it is tagged does not matter
    # context-free rules judge the link's text alone: judge each distinct link, or each link
    # shape (see CleanLinkCheck.shape), once per run and selection of rules
    memo = memo.setdefault(tuple(r.code for r in free), {})
    # links the selected rules' fast paths all call clean skip the rules (see clean_links.py)
    fast = ctx.clean_link_check(free)
    shape = fast.shape if fast is not None else None
    # with no context-free rule selected (`--select MOPS003`), nothing is judged per link text:
    # a link is parsed only for a rule that asks
    judge_text = bool(free)

    def judged(key: Any, found: Any) -> _LinkVerdict:
        known = memo.get(key)
        if known is None:
            parsed = parse_url_cached(found.url)
            tagged = ctx.analysis(parsed).tagged
            known = remember(memo, key, _LinkVerdict(tagged, [
                _link_finding(rule, violation) for rule in (free if tagged else free_all) for violation in rule.check_url(parsed, found, doc, ctx)
            ]))
        return known

    if fast is not None and not bound:
        # the usual run (every selected URL rule has a fast path and judges link texts alone):
        # the loop below without what bound rules need, a tenth of a lint of a list of links
        verdict = fast.verdict
        last_key: Any = None
        findings: list[LinkFinding] = []
        for found in doc.found_urls:
            url = found.url
            key = shape(url)
            if key is None:
                if verdict(url) != DIRTY:
                    continue
                key = url
            if key is not last_key:  # a list's links mostly share their shape: the very object the shape memo gives
                findings, last_key = judged(key, found).findings, key
            if findings:
                yield found, findings
        return
    for found in doc.found_urls:
        url = found.url
        parsed = None
        key = shape(url) if shape is not None else None
        tagged = False
        if key is None and judge_text:
            verdict = fast.verdict(url) if fast is not None else DIRTY
            tagged = verdict == CLEAN_TAGGED
            if verdict == DIRTY:
                key = url
        elif not judge_text and bound is not bound_all:
            parsed = parse_url_cached(url)
            tagged = ctx.analysis(parsed).tagged
        findings: list[LinkFinding] | tuple = ()
        if key is not None:
            tagged, findings = judged(key, found)
        extra = []
        for rule in bound if tagged else bound_all:
            if not rule.applies(doc, found, ctx):
                continue
            if parsed is None:
                parsed = parse_url_cached(found.url)
            extra.extend(_link_finding(rule, violation) for violation in rule.check_url(parsed, found, doc, ctx))
        if extra:
            yield found, [*findings, *extra]
        elif findings:
            yield found, findings


class _LinkVerdict(NamedTuple):
    """What the context-free URL rules say of a link text or shape, once per run."""

    tagged: bool
    findings: list[LinkFinding]


def run_lint(ws: Any, paths: list[Path], options: LintOptions, progress: Callable[[int, int], None] | None = None) -> LintRun:
    """Lint `paths` (default: the workspace) and return the report; writes files only with options.fix."""
    run = _run_lint(ws, paths, options, progress)
    run.source = source_reader(ws, options)
    return run


class Source(NamedTuple):
    """A file to lint."""

    rel: str  # its path as findings give it
    file: Path | None  # None: standard input
    data: bytes  # standard input's bytes; b"" for a file (read when it is linted)


@dataclass
class _Job:
    """What linting one file needs; shared by every file of a run (and inherited by forked workers)."""

    settings: FileSettings
    instances: dict[str, Rule]
    ctx: LintContext
    options: LintOptions
    memo: dict = field(default_factory=dict)  # selected rules -> link text or shape -> _LinkVerdict
    split_links: bool = False  # a document's links may be judged in a forked process (see _ForkedLinks)


class LintedFile(NamedTuple):
    """What linting one file gives the run; a worker sends it back as it is (see _lint_in_workers)."""

    path: str
    findings: list[RawFinding]  # sorted by line, column and code
    fixes_applied: int = 0
    diff: str | None = None  # of what --fix changed / would change
    fixed_text: str | None = None  # standard input after --fix/--diff
    channel_gap: str | None = None  # "" or the unknown channel: see copy_view.channel_gap

    def __reduce__(self) -> tuple:
        # its findings go as plain rows and are named again on arrival: a NamedTuple pickles
        # through Python calls, 20 times a tuple's cost (0.2 s more for the 43k findings of a
        # legacy sheet that a worker sends back, on the run's critical path)
        rows = [*map(tuple, self.findings)]
        return _received, (self.path, rows, self.fixes_applied, self.diff, self.fixed_text, self.channel_gap)


def _received(path: str, rows: list[tuple], fixes_applied: int, diff: str | None, fixed_text: str | None, gap: str | None) -> LintedFile:
    """The LintedFile a worker sent (see LintedFile.__reduce__)."""
    return LintedFile(path, [*map(RawFinding._make, rows)], fixes_applied, diff, fixed_text, gap)


def _run_lint(ws: Any, paths: list[Path], options: LintOptions, progress: Callable[[int, int], None] | None) -> LintRun:
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
    # made, not validated, here and for RuleInfo and RunNote: values of the right types, and
    # validating them would build the report's validators, a third of the start-up of
    # `mops lint FILE`. Every field given: a default_factory left to pydantic costs an
    # inspect.signature(list), 2-3 ms of the first
    make = plain if options.plain_report else _model
    report = make("mops.models.lint:LintReport", {
        "findings": [], "rules": [], "files_checked": 0, "fixes_applied": 0,
        "root": str(ws.root) if ws.root else str(Path.cwd()), "notes": [], "errors": [],
    })
    run = LintRun(report=report)
    job = _Job(settings, instances, ctx, options)

    if options.stdin_text is not None:
        sources = [Source(options.stdin_filename or "-", None, options.stdin_text.encode("utf-8"))]
    else:
        skipped: dict[str, int] = {}
        files = collect_files(ws, paths, skipped)
        if skipped:  # said once: files left out for their type never vanish without a word
            report.notes.append(make(RUN_NOTE, {"id": "skipped-types", "message": skipped_notice(skipped), "paths": []}))
        sources = [Source(ws.relative(f), f, b"") for f in files]
    _refuse_big_files(ws, sources, options)

    ran: set[str] = set()
    for source in sources:
        select, ignore, _channel = settings.for_path(source.rel)
        ran.update(code for code in instances if is_selected(code, select, ignore))

    workers = run.processes = _worker_count(options, sources)
    # one process for the files: a big document may still have its links judged on a second core
    job.split_links = workers == 1 and options.jobs != 1
    forks_before = _ForkedLinks.started
    results = _lint_in_workers(job, sources, workers, progress) if workers > 1 else _lint_here(job, sources, progress)
    by_path: dict[str, list[Finding]] = {}
    channel_gaps: list[tuple[str, str]] = []
    finding = to_plain if options.plain_report else to_model
    for result in results:  # models are built as each file's result comes in, while workers still run
        by_path[result.path] = [*map(finding, result.findings)]
        report.fixes_applied += result.fixes_applied
        if result.diff is not None:
            run.diffs.append(result.diff)
        if result.fixed_text is not None:
            run.fixed_stdin = result.fixed_text
        if result.channel_gap is not None:
            channel_gaps.append((result.path, result.channel_gap))
    # each file's findings come sorted by line, column and code: in path order, they are the
    # report's order (path, line, column, code)
    for path in sorted(by_path):
        report.findings.extend(by_path[path])
    report.files_checked = len(sources)
    if job.split_links and _ForkedLinks.started > forks_before:
        run.processes = 2
    if channel_gaps:  # said once for the run, not a finding per file
        report.notes.append(make(RUN_NOTE, {"id": "no-channel", "message": channel_notice(channel_gaps, list(ctx.voice.channels)),
                                            "paths": sorted(path for path, _ in channel_gaps)}))

    if options.baseline is not None:
        from mops.lint.baseline import filter_baseline

        report.findings = filter_baseline(report.findings, options.baseline, source_reader(ws, options))
    report.rules = [_info(rule_classes[code], make) for code in sorted(ran)]
    return run


RUN_NOTE = "mops.models.lint:RunNote"


def _model(name: str, values: dict[str, Any]) -> Any:
    """The model `name` ("module:Class") of `values`, made without validating them."""
    import importlib

    module, _, cls = name.partition(":")
    return getattr(importlib.import_module(module), cls).model_construct(**values)


def _refuse_big_files(ws: Any, sources: list[Source], options: LintOptions) -> None:
    """A file over the size limit is an input error (exit 2) naming it with its size, before any
    file is read: linting it could take minutes, and skipping it in silence would pass it."""
    limit = options.max_file_size or parse_size(ws.config.lint.max_file_size)
    big = []
    for rel, file, data in sources:
        if file is not None and (kind := unreadable_type(rel)) is not None and not matches(rel, ws.config.lint.assets):
            # a workbook or document named on the command line: not "not UTF-8 (byte 12)"
            raise InputError(f"{kind[0]}: mops reads text, not this file type", path=rel, hint=kind[1])
        if file is not None and rel.lower().endswith(ASSET_EXTENSIONS):
            continue  # only their names are checked
        try:
            size = file.stat().st_size if file is not None else len(data)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=rel) from None
        if size > limit:
            big.append((rel, size))
    if big:
        rel, size = big[0]
        others = f" (and {len(big) - 1} more file(s) over it)" if len(big) > 1 else ""
        raise InputError(
            f"too big to lint: {format_size(size)} ({size:,} bytes), over the {format_size(limit)} limit{others}",
            path=rel, hint="allow it with --max-file-size (e.g. --max-file-size 200MB) or lint.max_file_size in mops.yaml, or exclude it with lint.exclude",
        )


def format_size(size: int) -> str:
    """`61.2 MB`, `512 KB`, `900 bytes` (decimal units, as --max-file-size reads them)."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def _lint_here(job: _Job, sources: list[Source], progress: Callable[[int, int], None] | None) -> Iterable[LintedFile]:
    for index, source in enumerate(sources):
        if progress:
            progress(index, len(sources))
        yield _lint_file(job, source)


def _lint_file(job: _Job, source: Source) -> LintedFile:
    options, ctx = job.options, job.ctx
    rel, file, data = source.rel, source.file, source.data
    select, ignore, channel = job.settings.for_path(rel)
    if file is None and options.stdin_channel:
        channel = options.stdin_channel
    active = [rule for code, rule in job.instances.items() if is_selected(code, select, ignore)]
    if file is not None and (kind := unreadable_type(rel)) is not None and not matches(rel, ctx.workspace.config.lint.assets):
        raise InputError(f"{kind[0]}: mops reads text, not this file type", path=rel, hint=kind[1])
    if file is not None and rel.lower().endswith(ASSET_EXTENSIONS):
        return LintedFile(rel, [_line_finding(rule, rel, v) for rule in active for v in rule.check_asset(rel, ctx)])
    if file is not None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", path=rel) from None
    try:
        doc = Document.from_bytes(data, path=rel, source=file, channel=channel)
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 text (byte {exc.start}); save it as UTF-8"
        findings = [_line_finding(rule, rel, v) for rule in active for v in rule.check_unreadable(rel, reason, ctx)]
        if not findings:  # MOPS002 would report it; without it the file would pass unread
            raise InputError(
                reason, path=rel,
                hint="MOPS002 is not selected for this file, so it is an error: save it as UTF-8 or add it to lint.exclude in mops.yaml",
            ) from None
        return LintedFile(rel, findings)
    findings = _check_document(doc, active, ctx, job.memo, job.split_links)
    gap = channel_gap(doc, active)
    if not (options.fix or options.diff):
        return LintedFile(rel, findings, channel_gap=gap)
    original = doc.text
    fixes_applied = 0
    for _ in range(MAX_FIX_PASSES):
        edits = [edit for finding in findings if finding.fix_safe for edit in finding.fix_edits]
        if not edits:
            break
        new_text, applied = apply_edits(doc.text, edits)
        if applied == 0 or new_text == doc.text:
            break
        fixes_applied += applied
        doc = Document(path=rel, text=new_text, kind=doc.kind, source=file, has_bom=doc.has_bom, channel=channel)
        findings = _check_document(doc, active, ctx, job.memo, job.split_links)
    diff = None
    if doc.text != original:
        import difflib

        diff = "".join(difflib.unified_diff(original.splitlines(True), doc.text.splitlines(True), f"a/{rel}", f"b/{rel}"))
        if file is not None and options.fix and not options.diff:
            from mops.fsutil import atomic_write_bytes

            atomic_write_bytes(file, doc.to_bytes())
    return LintedFile(rel, findings, fixes_applied, diff, doc.text if file is None else None, gap)


# --- linting on several cores ------------------------------------------------------------------

PARALLEL_MIN_BYTES = 2_000_000  # below this, starting workers costs more than it saves


def _worker_count(options: LintOptions, sources: list[Source]) -> int:
    """How many processes to lint in: one unless there are several big files and spare cores.

    Workers are forked, so they start with the loaded taxonomy and rules at no cost; where fork
    is not the way to start processes (Windows, macOS) the lint runs in this process."""
    import os
    import sys

    if options.jobs == 1 or len(sources) < 2 or options.fix or options.diff or not sys.platform.startswith("linux"):
        return 1
    cores = len(os.sched_getaffinity(0))
    if options.jobs is None and sum(map(_size, sources)) < PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(options.jobs or cores, cores, len(sources)))


_WORKER_JOB: _Job | None = None
_WORKER_SOURCES: list[Source] = []


def _lint_in_workers(
    job: _Job, sources: list[Source], processes: int, progress: Callable[[int, int], None] | None
) -> Iterable[LintedFile]:
    """Each file's result as soon as it is there, linted in `processes` processes: this one and
    forked workers. An error in a worker (a MopsError, see its __reduce__) is raised here as the
    worker raised it.

    This process lints a share of the files itself: it would otherwise sit idle until the workers
    are done, and then spend as long turning their results into findings (a finding is cheap to
    send, but building its model costs about what linting its link did)."""
    import multiprocessing

    from mops.lint import document

    global _WORKER_JOB, _WORKER_SOURCES
    _WORKER_JOB, _WORKER_SOURCES = job, sources
    # a worker that inherits a full parse cache and clears it frees objects on pages it shares
    # with this process, copying them all: measured twice as slow as a worker starting empty
    document.clear_parse_cache()
    mine, theirs = _share(sources, processes)
    done = 0
    try:
        # the pool forks before any progress bar starts a thread
        with multiprocessing.get_context("fork").Pool(processes - 1) as pool:
            results = pool.imap_unordered(_lint_in_worker, theirs)
            for index in mine:
                if progress:
                    progress(done, len(sources))
                done += 1
                yield _lint_file(job, sources[index])
            for result in results:
                if progress:
                    progress(done, len(sources))
                done += 1
                yield result
    finally:
        _WORKER_JOB, _WORKER_SOURCES = None, []


def _share(sources: list[Source], processes: int) -> tuple[list[int], list[int]]:
    """(the files this process lints, the files for the workers, biggest first).

    Biggest first, each to the least loaded process, so that none is left with a big file at the
    end; this process's share is fixed, the workers take theirs from a queue as they finish."""
    order = sorted(range(len(sources)), key=lambda i: -_size(sources[i]))
    loads = [0] * processes
    mine: list[int] = []
    theirs: list[int] = []
    for index in order:
        least = loads.index(min(loads))
        loads[least] += _size(sources[index]) + 1
        (mine if least == 0 else theirs).append(index)
    return mine, theirs


def _size(source: Source) -> int:
    _rel, file, data = source
    try:
        return file.stat().st_size if file is not None else len(data)
    except OSError:
        return 0


def _lint_in_worker(index: int) -> LintedFile:
    assert _WORKER_JOB is not None
    return _lint_file(_WORKER_JOB, _WORKER_SOURCES[index])


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


def _info(rule: type[Rule], make: Callable[[str, dict[str, Any]], Any]) -> RuleInfo:
    return make("mops.models.lint:RuleInfo", {
        "code": rule.code, "name": rule.name, "summary": rule.summary(), "severity": rule.severity, "fixable": rule.fixable,
        "help_uri": f"{DOCS_URL}/rules.md#{rule.code.lower()}",
    })
