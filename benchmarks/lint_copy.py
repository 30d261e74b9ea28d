"""Copy-lint throughput with the Red Hat Vale terms, next to proselint on the same files.

Usage: python benchmarks/lint_copy.py [--mb 1.0] [--file-kb 5] [--runs 3] [--proselint CMD]

Assembles at least `--mb` MB of English prose from text every Python installation has (the
reference topics in `pydoc_data.topics` and the docstrings of the standard library, read with `ast`,
nothing imported), splits it into Markdown files of about `--file-kb` KB at paragraph breaks, converts
`../shared/corpus/brand/redhat-TermsErrors.yml` (relative to the repo) with `mops.brand.vale`, and prints:

- (a) `TermMatcher.find` over every file: the term matching alone;
- (b) the real lint path, `run_lint` with `--select COPY` in a workspace whose brand/voice.yaml holds
  the converted terms (in process, then `python -m mops lint` as a command, start-up included);
- (c) `proselint check` on the same files (a command, start-up included);
- (d) `run_lint` of the same files on a channel (`channel: email`, a profile with every tone
  setting: sentence length, reading grade, capitals, exclamation marks, emoji, hashtags, avoided
  words, and disclaimers), with every rule, then with `--select COPY`: the difference is the
  share of personal-data detection (PII rules, person names above all), owned by mops.pii.

Goal: (b) >= 2 MB/s and >= 2x proselint. Best of `--runs` runs for each figure. proselint is looked
for on PATH, then as `python -m proselint`; install it with `pip install proselint` (a throwaway venv
is fine) or pass `--proselint /path/to/proselint`.
"""

from __future__ import annotations

import argparse
import ast
import itertools
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# the shared corpus next to the repository (or next to the folder of worktrees it is one of)
REDHAT = next(
    (folder / "shared" / "corpus" / "brand" / "redhat-TermsErrors.yml" for folder in REPO.parents
     if (folder / "shared" / "corpus" / "brand" / "redhat-TermsErrors.yml").is_file()),
    REPO.parent / "shared" / "corpus" / "brand" / "redhat-TermsErrors.yml",
)
# (d): the tone rules of a channel profile on the same prose, as an email team's copy is linted
CHANNEL_VOICE = """
disclaimers:
  - offer_type: promotion
    triggers: ["% off", "sale", "discount", "promo code", "voucher"]
    text: Terms apply.
channels:
  email:
    max_chars: {subject: 60, preheader: 90}
    max_sentence_words: 25
    max_exclamations: 1
    max_grade: 12
    max_emoji: 3
    max_hashtags: 2
    allow_all_caps: false
    avoid_words: [awesome, epic]
"""


# -- the prose ---------------------------------------------------------------------------------


def _stdlib_docstrings() -> Iterator[str]:
    """Module, class and function docstrings of the standard library, in a fixed order."""
    lib = Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(lib.rglob("*.py")):
        if any(part in {"test", "tests", "idle_test", "site-packages", "lib2to3"} for part in path.parts):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node)
                if doc and len(doc) > 200:  # paragraphs, not one-line summaries
                    yield textwrap.dedent(doc).strip()


def assemble_prose(megabytes: float) -> list[str]:
    """Paragraphs of English, at least `megabytes` MB of UTF-8 in all."""
    from pydoc_data.topics import topics

    paragraphs: list[str] = []
    size = 0
    goal = int(megabytes * 1_000_000)
    for text in itertools.chain((topics[k] for k in sorted(topics)), _stdlib_docstrings()):
        for paragraph in text.split("\n\n"):
            paragraph = paragraph.strip("\n")
            if paragraph.strip():
                paragraphs.append(paragraph)
                size += len(paragraph.encode("utf-8")) + 2
        if size >= goal:
            return paragraphs
    raise SystemExit(f"only {size / 1e6:.2f} MB of prose found on this machine; ask for less with --mb")


def split_files(paragraphs: list[str], file_kb: float) -> list[str]:
    files: list[str] = []
    current: list[str] = []
    size = 0
    for paragraph in paragraphs:
        current.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
        if size >= file_kb * 1000:
            files.append("\n\n".join(current) + "\n")
            current, size = [], 0
    if current:
        files.append("\n\n".join(current) + "\n")
    return files


# -- the measurements -------------------------------------------------------------------------


def best_of(runs: int, action) -> float:  # noqa: ANN001 - a zero-argument callable
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def proselint_command(given: str | None) -> list[str] | None:
    if given:
        return shlex.split(given)
    if shutil.which("proselint"):
        return [shutil.which("proselint")]  # type: ignore[list-item]
    probe = subprocess.run([sys.executable, "-c", "import proselint"], capture_output=True)
    return [sys.executable, "-m", "proselint"] if probe.returncode == 0 else None


def make_workspace(folder: Path, texts: list[str], terms: list) -> list[Path]:  # noqa: ANN001 - list[Term]
    from mops.brand.voice_file import render_voice

    (folder / "mops.yaml").write_text("name: Copy benchmark\n")
    (folder / "brand").mkdir()
    (folder / "brand" / "voice.yaml").write_text(render_voice(terms))
    (folder / "copy").mkdir()
    paths = []
    for i, text in enumerate(texts):
        path = folder / "copy" / f"page-{i:04d}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="MB of prose to lint (default 1.0)")
    parser.add_argument("--file-kb", type=float, default=5.0, help="size of each file in KB (default 5)")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs (default 3)")
    parser.add_argument("--proselint", help="the proselint command (default: found on PATH)")
    args = parser.parse_args()

    if not REDHAT.is_file():
        raise SystemExit(
            f"the Red Hat Vale terms are not at {REDHAT}: this benchmark reads the shared corpus next to the "
            "repository (../shared/corpus/brand/redhat-TermsErrors.yml); it is not part of mops"
        )
    sys.path.insert(0, str(REPO))
    from mops.gcpause import pause_cyclic_gc

    pause_cyclic_gc()  # as a `mops` process does (mops.cli.main): in-process figures are a command's
    from mops.brand.vale import import_vale_rule
    from mops.copy.terms import TermMatcher
    from mops.lint.runner import LintOptions, run_lint
    from mops.workspace import load_workspace

    texts = split_files(assemble_prose(args.mb), args.file_kb)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    terms = import_vale_rule(REDHAT, display=REDHAT.name).terms
    print(f"prose: {megabytes:.2f} MB in {len(texts)} files (Python reference topics and stdlib docstrings)")

    start = time.perf_counter()
    matcher = TermMatcher(terms)
    built = time.perf_counter() - start
    hits = sum(len(matcher.find(t)) for t in texts)
    matched = best_of(args.runs, lambda: [matcher.find(t) for t in texts])
    print(f"terms: {len(terms)} from {REDHAT.name}, {len(matcher.slow_terms)} without a literal anchor; "
          f"matcher built in {built * 1000:.0f} ms; {hits} hits")

    rows: list[tuple[str, float | None, str]] = [("(a) TermMatcher.find", megabytes / matched, f"{matched:.3f} s")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_workspace(folder, texts, terms)
        ws = load_workspace(start=folder)
        findings = len(run_lint(ws, paths, LintOptions(select=["COPY"])).report.findings)

        def lint_in_process() -> None:
            run_lint(load_workspace(start=folder), paths, LintOptions(select=["COPY"]))

        linted = best_of(args.runs, lint_in_process)
        rows.append(("(b) run_lint --select COPY, in process", megabytes / linted, f"{linted:.3f} s, {findings} findings"))
        env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO)}
        command = [sys.executable, "-m", "mops", "lint", "copy", "--select", "COPY", "--format", "json"]
        cli = best_of(args.runs, lambda: subprocess.run(command, cwd=folder, env=env, capture_output=True))
        one = [*command[:4], str(paths[0].relative_to(folder)), *command[5:]]
        startup = best_of(args.runs, lambda: subprocess.run(one, cwd=folder, env=env, capture_output=True))
        rows.append(("(b) python -m mops lint --select COPY", megabytes / cli, f"{cli:.3f} s; {startup:.3f} s for one file"))

        prose_cmd = proselint_command(args.proselint)
        if prose_cmd is None:
            rows.append(("(c) proselint check", None, "not installed: pip install proselint, or pass --proselint CMD"))
        else:
            check = [*prose_cmd, "check", *(str(p) for p in paths)]
            probe = subprocess.run(check, capture_output=True, text=True)
            if probe.returncode not in (0, 1):
                rows.append(("(c) proselint check", None, f"failed (exit {probe.returncode}): {probe.stderr.strip()[:200]}"))
            else:
                seconds = best_of(args.runs, lambda: subprocess.run(check, capture_output=True))
                rows.append(("(c) proselint check", megabytes / seconds, f"{seconds:.3f} s"))

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_workspace(folder, ["---\nchannel: email\n---\n" + text for text in texts], terms)
        voice = folder / "brand" / "voice.yaml"
        voice.write_text(voice.read_text() + CHANNEL_VOICE)
        timed = {}
        for label, select in (("every rule", None), ("--select COPY", ["COPY"])):
            options = LintOptions(select=select, jobs=1)
            found = len(run_lint(load_workspace(start=folder), paths, options).report.findings)
            timed[label] = best_of(args.runs, lambda options=options: run_lint(load_workspace(start=folder), paths, options))
            rows.append((f"(d) on a channel, {label}, one process", megabytes / timed[label], f"{timed[label]:.3f} s, {found} findings"))
        pii_share = 1 - timed["--select COPY"] / timed["every rule"]

    width = max(len(label) for label, _, _ in rows)
    for label, rate, detail in rows:
        shown = f"{rate:7.2f} MB/s" if rate is not None else "      -     "
        print(f"{label:<{width}}  {shown}  ({detail})")
    print(f"(d) share of personal-data rules (mops.pii) in the run with every rule: {pii_share:.0%}")
    lint_rate, command_rate, proselint_rate = rows[1][1], rows[2][1], rows[3][1]
    verdict = "met" if lint_rate >= 2 else "NOT met"
    print(f"goal >= 2 MB/s for run_lint: {verdict}")
    channel_rate = rows[5][1]
    print(f"goal >= 2 MB/s for run_lint on a channel, --select COPY: {'met' if channel_rate >= 2 else 'NOT met'} ({channel_rate:.2f} MB/s)")
    if proselint_rate:
        ratio = min(lint_rate, command_rate) / proselint_rate  # type: ignore[operator]
        print(f"goal >= 2x proselint: {'met' if ratio >= 2 else 'NOT met'} (mops lint command {command_rate / proselint_rate:.1f}x, "
              f"run_lint {lint_rate / proselint_rate:.1f}x)")  # type: ignore[operator]


if __name__ == "__main__":
    main()
