"""What `mops lint` of one small file imports and builds: only what the file needs.

Start-up is most of a pre-commit lint of one file (benchmarks/startup.py prints the figures). These
tests hold the causes, not a timing: a validator built for a model whose values are already right,
a module of another command imported because a package's __init__ imports everything, a heavy
library imported for text that cannot hold what it is for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# runs mops lint in-process, then prints the modules of interest that got imported
_PROBE = (
    "import sys, io, contextlib\n"
    "from mops.cli import run\n"
    "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
    "    code = run(sys.argv[1:])\n"
    "watched = {watched!r}\n"
    "print(code, sorted(m for m in watched if m in sys.modules))\n"
)
WATCHED = (
    "pydantic",  # the workspace's files and the text report are read as plain values (mops.models.plain)
    "pydantic_core",  # and a small JSON report is written with json.dumps
    "typer",  # a plain command line is read with the parse table Typer made (mops/commands/_direct.py)
    "regex",  # for compiled terms and counts: no term's anchor occurs in these files
    "_hashlib",  # cache keys are hashed with CPython's own SHA-256 (mops.sha): no OpenSSL to load
    "pydantic.plugin._loader",  # pydantic loads its plugins when it first builds a validator
    "importlib.metadata",
    "phonenumbers",
    "mops.pii.columns",  # CRM columns: history import's, not lint's
    "mops.commands.history",
    "duckdb",
    "mops.web",  # the team's page (`mops serve`) and its server libraries
    "starlette",
    "uvicorn",
)


def _lint_imports(ws: Path, *files: str) -> tuple[int, list[str]]:
    probe = _PROBE.format(watched=WATCHED)
    argv = [sys.executable, "-c", probe, "-w", str(ws), "lint", *files]
    subprocess.run(argv, capture_output=True, text=True, check=True)  # the first run fills the workspace cache
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout.split(None, 1)
    return int(out[0]), eval(out[1])  # noqa: S307 - our own probe's printed list


def test_lint_of_one_small_file_builds_no_validator_and_imports_only_what_it_needs(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "examples" / "workspace", ws)
    # no channel (the run-level note is made), no digits, a capitalised word and a link
    (ws / "note.md").write_text("Shop the new tents at https://www.example.com/tents today.\n")
    (ws / "ad.md").write_text("---\nchannel: meta\n---\nPack light, walk far: our lightest tent yet.\n")
    code, imported = _lint_imports(ws, str(ws / "note.md"))
    assert code == 0 and imported == []
    code, imported = _lint_imports(ws, str(ws / "ad.md"))
    # a channel's limits count graphemes, which `regex` reads
    assert code == 0 and imported == ["regex"]


def test_phonenumbers_is_imported_only_for_a_digit_run_that_could_be_a_phone(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "examples" / "workspace", ws)
    # years, dates, prices, percentages, counts, an order number: digits, but no phone
    (ws / "digits.md").write_text(
        "---\nchannel: none\n---\nOur 2026 range: 3 tents from $199.99, 20% off until 2026-12-01 (Terms apply.).\n"
        "Order 4471 ships in 2 days; 15 stores, 1,200 reviews.\n"
    )
    (ws / "phone.md").write_text("---\nchannel: none\n---\nCall Dana on +1 415 555 0134 about the order.\n")
    code, imported = _lint_imports(ws, str(ws / "digits.md"))
    assert (code, imported) == (0, [])
    # the same probe does see phonenumbers when a phone is there (and the phone is reported)
    code, imported = _lint_imports(ws, str(ws / "phone.md"))
    assert code == 1 and "phonenumbers" in imported


def test_version_answers_before_importing_typing_or_pathlib() -> None:
    # python -S with this sys.path: no site .pth file (a sandbox's imports half the standard
    # library into every start) hides what mops itself imports
    code = (
        f"import sys; sys.path[:] = {[p for p in sys.path if p]!r}\n"
        "from mops.cli import run\n"
        "code = run(['--version'])\n"
        "print(code, [m for m in ('typing', 'pathlib', 'typer', 'pydantic') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "0 []"


# runs mops lint in-process and prints how many patterns mops.regexcache had to compile (its cache
# did not hold them), then the report
_COMPILE_PROBE = (
    "import sys, io, contextlib\n"
    "from re import _parser\n"
    "parse, compiled = _parser.parse, []\n"
    "def counting(pattern, *args):\n"
    "    frame = sys._getframe(1)\n"
    "    while '/re/' in frame.f_code.co_filename:\n"
    "        frame = frame.f_back\n"
    "    if frame.f_code.co_filename.endswith('regexcache.py'):\n"
    "        compiled.append(pattern)\n"
    "    return parse(pattern, *args)\n"
    "_parser.parse = counting\n"
    "from mops.cli import run\n"
    "out = io.StringIO()\n"
    "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):\n"
    "    code = run(sys.argv[1:])\n"
    "print(code, len(set(compiled)))\n"
    "print(out.getvalue(), end='')\n"
)


def _lint_compiles(cache: Path, *args: str) -> tuple[int, int, str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    out = subprocess.run([sys.executable, "-c", _COMPILE_PROBE, *args], capture_output=True, text=True, check=True, env=env).stdout
    head, report = out.split("\n", 1)
    code, compiled = map(int, head.split())
    return code, compiled, report


def test_a_lint_takes_its_compiled_patterns_from_the_user_cache_and_reports_the_same(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "examples" / "workspace", ws)
    # personal data, links, claims: the name, contact and URL patterns all run
    (ws / "dirty" / "note.md").write_text(
        "---\nchannel: meta\n---\nHi Laura! Call Dana on +1 415 555 0134 or write to dana@example.com.\n"
        "100% FREE shipping, guaranteed!!! https://Example.com/?utm_source=Facebook&utm_medium=paid-social&fbclid=abc\n"
    )
    argv = ("-w", str(ws), "lint", str(ws / "dirty"), "--format", "json")
    cache = tmp_path / "cache"
    code, compiled, cold = _lint_compiles(cache, *argv)
    assert code == 1 and compiled > 50  # an empty cache: mops compiles its patterns
    assert list((cache / "mops").glob("regex-*.marshal"))
    code, compiled, warm = _lint_compiles(cache, *argv)
    assert (code, compiled) == (1, 0) and warm == cold
    assert '"PII' in warm and '"UTM' in warm


def test_a_damaged_pattern_cache_is_compiled_anew_and_changes_no_finding(tmp_path: Path) -> None:
    import marshal

    ws = tmp_path / "ws"
    shutil.copytree(REPO / "examples" / "workspace", ws)
    argv = ("-w", str(ws), "lint", str(ws / "dirty"), "--format", "json")
    cache = tmp_path / "cache"
    code, _, expected = _lint_compiles(cache, *argv)
    (kept,) = (cache / "mops").glob("regex-*.marshal")
    # kept anew by a run that reads the workspace's files from their cache, as plain values: it
    # compiles only the lint's patterns, not those of the models that validated the files
    kept.unlink()
    assert _lint_compiles(cache, *argv) == (code, len(marshal.loads(kept.read_bytes())), expected)
    entries = marshal.loads(kept.read_bytes())
    # every entry's code replaced by code the matcher refuses: each pattern is compiled again
    kept.write_bytes(marshal.dumps({key: (entry[0], [1, 2, 3], *entry[2:]) for key, entry in entries.items()}))
    assert _lint_compiles(cache, *argv) == (code, len(entries), expected)
    # and the next run finds them again
    assert _lint_compiles(cache, *argv)[:2] == (code, 0)
    for damaged in (b"", b"\x00garbage", kept.read_bytes()[:1000]):
        kept.write_bytes(damaged)
        assert _lint_compiles(cache, *argv)[::2] == (code, expected)


def test_lint_json_report_is_written_without_pydantic_and_holds_every_field(tmp_path: Path) -> None:
    # CI's format: the report is made of strings and numbers, written from plain values
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "examples" / "workspace", ws)
    text = "Shop at https://shop.example/p?utm_source=Google&utm_medium=cpc&utm_campaign=2026-q4_black-friday today.\n"
    (ws / "ad.md").write_text("---\nchannel: none\n---\n" + text)
    (ws / "note.md").write_text("No channel here.\n")
    out = tmp_path / "report.json"
    code, imported = _lint_imports(ws, "--format", "json", "-o", str(out), str(ws / "ad.md"), str(ws / "note.md"))
    assert code == 1 and imported == []  # neither pydantic nor its serializer, for a report this small
    import json

    report = json.loads(out.read_text())
    offset = len("---\nchannel: none\n---\n") + text.index("Google")
    assert report["findings"] == [{
        "code": "UTM006", "severity": "warning", "path": "ad.md", "line": 4, "column": text.index("Google") + 1,
        "end_line": 4, "end_column": text.index("Google") + 7, "message": "utm_source='Google' is not lowercase: google",
        "fix": {"description": "replace with google", "edits": [{"start": offset, "end": offset + 6, "replacement": "google"}], "safe": True},
    }]
    assert report["summary"]["fixable"] == 1 and report["errors"] == []
    assert [(n["id"], n["paths"]) for n in report["notes"]] == [("no-channel", ["note.md"])]
