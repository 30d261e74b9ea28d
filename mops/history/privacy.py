"""`mops privacy forget`: remove every trace of one person (an email or a phone number).

Stores searched: the history database (every text column of every table; matching rows are
deleted and the file is rewritten so the deleted values leave its bytes), and every file under the
workspace state folder `.mops/` (logs and rejects files lose the matching lines, JSON files the
entries naming the person, and cache files holding the value are deleted since they are rebuilt on
demand). Model call records (`.mops/logs/<id>.json`) keep their shape: the person's email or phone
and names (given, or the workspace's `people` entry for the email) are replaced with `[forgotten]`. The team's own files (exports, transcripts, briefs) are version-controlled sources:
occurrences there are listed with file and line, and removed from exports only when asked
(`sources=True`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from mops.errors import InputError
from mops.models._base import Result
from mops.models.privacy import ForgetReport, Removal

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SOURCE_FOLDERS = ("exports", "transcripts", "briefs")
_TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".json", ".jsonl", ".log", ".md", ".yaml", ".yml", ".vtt", ".srt"}


class Subject(Result):
    kind: Literal["email", "phone"]
    value: str  # lowercase email, or the phone number in E.164
    digits: str = ""  # national significant number, for phone matching across formats

    @classmethod
    def parse(cls, text: str, region: str) -> "Subject":
        text = text.strip()
        if _EMAIL.match(text):
            return cls(kind="email", value=text.lower())
        import phonenumbers

        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_possible_number(number):
            raise InputError(f"{text!r} is neither an email address nor a phone number",
                             hint=f"e.g. anna@example.com or +49 40 5550123 (numbers without +country are read as {region})")
        return cls(kind="phone", value=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                   digits=str(number.national_number))

    def in_text(self, text: str) -> bool:
        if self.kind == "email":
            return self.value in text.lower()
        return self.digits in re.sub(r"\D", "", text)

    def pattern(self) -> re.Pattern[str]:
        """The value as written in text: any case for an email; for a phone, its digits with any
        separators, after an optional country code or trunk 0 ("+49 40 5550123", "040 555 01 23")."""
        if self.kind == "email":
            return re.compile(re.escape(self.value), re.IGNORECASE)
        sep = r"[\s().\-/]*"
        return re.compile(rf"(?<![\d+])(?:\+\d{{1,3}}{sep})?(?:\(?0\)?{sep})?" + sep.join(self.digits) + r"(?!\d)")


def _name_patterns(names: list[str]) -> list[re.Pattern[str]]:
    """A person's full names (any spacing and case), then each part alone as a capitalised word."""
    patterns = []
    parts: set[str] = set()
    for name in names:
        words = name.split()
        if not words:
            continue
        patterns.append(re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE))
        parts.update(w for w in words if len(w) > 1 and w[0].isupper())
    patterns += [re.compile(rf"(?<!\w){re.escape(part)}(?!\w)") for part in sorted(parts, key=len, reverse=True)]
    return patterns


def _history(location: str, subject: Subject, name: str) -> list[Removal]:
    import duckdb

    if not Path(location).is_file():
        return []
    con = duckdb.connect(location)
    removals = []
    try:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' "
            "AND data_type IN ('VARCHAR', 'JSON') AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')"
        ).fetchall()
        by_table: dict[str, list[str]] = {}
        for table, column in columns:
            by_table.setdefault(table, []).append(column)
        for table, cols in by_table.items():
            if subject.kind == "email":
                cond = " OR ".join(f"contains(lower(CAST(\"{c}\" AS VARCHAR)), ?)" for c in cols)
                params = [subject.value] * len(cols)
            else:
                cond = " OR ".join(f"contains(regexp_replace(CAST(\"{c}\" AS VARCHAR), '[^0-9]', '', 'g'), ?)" for c in cols)
                params = [subject.digits] * len(cols)
            count = con.execute(f'DELETE FROM "{table}" WHERE {cond}', params).fetchone()[0]
            if count:
                removals.append(Removal(store="history", path=name, removed=count, detail=f"rows deleted from table {table}"))
    finally:
        con.close()
    if removals:
        _rewrite(location)
    return removals


def _rewrite(location: str) -> None:
    """Copy the database into a fresh file: deleted rows can linger in freed blocks of the old one."""
    import os

    import duckdb

    fresh = location + ".forget-tmp"
    for leftover in (fresh, fresh + ".wal"):
        if os.path.exists(leftover):
            os.remove(leftover)
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{location.replace(chr(39), chr(39) * 2)}' AS old")
        con.execute(f"ATTACH '{fresh.replace(chr(39), chr(39) * 2)}' AS fresh")
        con.execute("COPY FROM DATABASE old TO fresh")
        con.execute("DETACH old")
        con.execute("DETACH fresh")
    finally:
        con.close()
    os.replace(fresh, location)
    if os.path.exists(location + ".wal"):
        os.remove(location + ".wal")


def _user_cache(subject: Subject) -> list[Removal]:
    """Validated copies of workspace files (mops.yaml's `people`, say) kept in the user's cache
    (mops.workspace): any that mentions the subject is deleted; it is rebuilt from the file on demand."""
    from mops.workspace import validated_cache_dir

    folder = validated_cache_dir()
    removals = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")  # pickles hold their strings as UTF-8
        except OSError:
            continue
        if subject.in_text(text):
            path.unlink(missing_ok=True)
            removals.append(Removal(store="user cache", path=str(path), removed=1, detail="cache file deleted (rebuilt on demand)"))
    return removals


def _scrub_file(path: Path, subject: Subject, delete_whole: bool) -> int:
    from mops.fsutil import atomic_write_text

    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return 0
    if not subject.in_text(text):
        return 0
    if delete_whole:
        path.unlink()
        return 1
    if path.suffix == ".json":
        return _scrub_json(path, text, subject)
    lines = text.splitlines(keepends=True)
    kept = [line for line in lines if not subject.in_text(line)]
    atomic_write_text(path, "".join(kept))
    return len(lines) - len(kept)


def _prune(value: Any, subject: Subject) -> tuple[Any, int]:
    """`value` without the dict entries and list items that mention the subject, and how many went."""
    if isinstance(value, dict):
        kept, removed = {}, 0
        for key, item in value.items():
            if subject.in_text(str(key)) or (isinstance(item, str) and subject.in_text(item)):
                removed += 1
                continue
            kept[key], n = _prune(item, subject)
            removed += n
        return kept, removed
    if isinstance(value, list):
        kept_items, removed = [], 0
        for item in value:
            if isinstance(item, str) and subject.in_text(item):
                removed += 1
                continue
            pruned, n = _prune(item, subject)
            kept_items.append(pruned)
            removed += n
        return kept_items, removed
    return value, 0


def _scrub_json(path: Path, text: str, subject: Subject) -> int:
    """A JSON file keeps its shape: only the entries naming the person go (a PII map, a log record)."""
    import json

    from mops.fsutil import atomic_write_text

    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        path.unlink()  # unreadable as JSON yet holding the value: remove it rather than leave it
        return 1
    pruned, removed = _prune(data, subject)
    atomic_write_text(path, json.dumps(pruned, indent=2, ensure_ascii=False) + "\n")
    return removed


def _call_logs(ws: Any, state: Path, subject: Subject, names: list[str]) -> list[Removal]:
    """Model call records lose the person's email or phone and names, and keep the rest."""
    from mops.brief.calllog import LOG_FOLDER, redact_calls

    person = ws.config.person(subject.value) if subject.kind == "email" else None
    if person is not None:
        names.append(person.name)
    patterns = [subject.pattern(), *_name_patterns(names)]
    return [
        Removal(store="state", path=ws.relative(path), removed=count, detail="mentions redacted from a model call log")
        for path, count in redact_calls(state / LOG_FOLDER, patterns)
    ]


def forget(ws: Any, text: str, db: str | None = None, *, sources: bool = False, names: Sequence[str] = ()) -> ForgetReport:
    """Remove `text` (an email or phone number) from every store of the workspace; say what went.

    `db` is the history database (`--db`; default mops.yaml history.db). `names` are the person's
    names, redacted from model call records along with the email or phone; the name of the
    workspace's `people` entry with this email is added to them.
    """
    from mops.history.store import db_location

    subject = Subject.parse(text, ws.config.default_region)
    report = ForgetReport(subject=subject.value, kind=subject.kind)
    location = db_location(ws, db)
    report.removals += _history(location, subject, ws.relative(Path(location)))
    state = ws.state_dir
    if state is not None and state.is_dir():
        from mops.brief.calllog import LOG_FOLDER, call_record_paths

        records = call_record_paths(state / LOG_FOLDER)
        report.removals += _call_logs(ws, state, subject, list(names))
        for path in sorted(p for p in state.rglob("*") if p.is_file()):
            if path.suffix in (".duckdb", ".wal") or path.name.endswith(".duckdb.wal"):
                continue
            if path in records:
                continue  # redacted above, record by record: a line-based scrub would break their shape
            is_cache = "cache" in path.relative_to(state).parts
            removed = _scrub_file(path, subject, delete_whole=is_cache)
            if removed:
                detail = "cache file deleted (rebuilt on demand)" if is_cache else "entries removed" if path.suffix == ".json" else "lines removed"
                report.removals.append(Removal(store="state", path=ws.relative(path), removed=removed, detail=detail))
    report.removals += _user_cache(subject)
    if ws.root is not None:
        for folder in _SOURCE_FOLDERS:
            base = ws.root / getattr(ws.config.paths, folder, folder)
            for path in sorted(p for p in base.rglob("*") if p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES) if base.is_dir() else []:
                if sources and folder == "exports":
                    removed = _scrub_file(path, subject, delete_whole=False)
                    if removed:
                        report.removals.append(Removal(store="source", path=ws.relative(path), removed=removed, detail="lines removed"))
                    continue
                try:
                    lines = path.read_text(encoding="utf-8").splitlines()
                except (UnicodeDecodeError, OSError):
                    continue
                report.remaining += [f"{ws.relative(path)}:{n}" for n, line in enumerate(lines, 1) if subject.in_text(line)]
    return report
