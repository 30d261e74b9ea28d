"""Approval records on disk: where each lives, how it is written, how it is read.

A record lives at `<approvals>/records/<artifact path>/<UTC time>-<decision>-<id>.yaml`: its folder
names the artifact it decides, and the signed `artifact` field must agree (a record moved onto
another artifact does not count). Reading never raises on a bad record: a record that is not
YAML, too big, or not a record comes back with the problem, for verification to report."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from mops.approvals.repository import blob_id
from mops.fsutil import NotARegularFile, read_regular_file

RECORDS_FOLDER = "records"
MAX_RECORD_BYTES = 64 * 1024  # a record is about 1 KB; anything near this is not one of ours
HEADER = "# mops approval record: `mops approvals verify` checks the signature over every field; any edit breaks it.\n"


@dataclass
class StoredRecord:
    """A record file as found in the working tree, or a version of one that history holds."""

    path: str  # workspace-relative
    artifact: str  # the artifact its folder names
    blob: str  # git blob id of the file's bytes
    record: object | None = None  # ApprovalRecord when it parsed
    problem: str | None = None
    present: bool = True  # False: only history has it (deleted or changed since)

    @property
    def signature(self) -> str | None:
        return getattr(self.record, "signature", None)

    @property
    def key(self) -> str:
        """Unique among the records of one ledger: a path, or a path and the blob history holds there."""
        return self.path if self.present else f"{self.path}@{self.blob}"


def records_folder(approvals_folder: str) -> str:
    return f"{approvals_folder.rstrip('/')}/{RECORDS_FOLDER}"


def record_path(approvals_folder: str, record: object) -> str:
    """Where a new record goes (workspace-relative)."""
    stamp = record.recorded_at.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")  # type: ignore[attr-defined]
    short = hashlib.sha256(record.signature.encode()).hexdigest()[:8]  # type: ignore[attr-defined]
    return f"{records_folder(approvals_folder)}/{record.artifact}/{stamp}-{record.decision}-{short}.yaml"  # type: ignore[attr-defined]


def render_record(record: object) -> str:
    """The YAML text of a record: the signed fields, then the signature as a literal block."""
    import yaml

    fields = record.model_dump(mode="json", exclude={"signature"})  # type: ignore[attr-defined]
    body = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=10_000)
    signature = "".join(f"  {line}\n" for line in record.signature.strip().splitlines())  # type: ignore[attr-defined]
    return HEADER + body + "signature: |\n" + signature


def parse_record(data: bytes, shown: str) -> tuple[object | None, str | None]:
    """(ApprovalRecord, None) or (None, what is wrong with it)."""
    import yaml
    from pydantic import ValidationError

    from mops.models.approval import ApprovalRecord

    if len(data) > MAX_RECORD_BYTES:
        return None, f"{len(data):,} bytes: far too big for an approval record (at most {MAX_RECORD_BYTES // 1024} KB)"
    try:
        loaded = yaml.load(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loader
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        return None, f"not YAML{where}"
    if not isinstance(loaded, dict):
        return None, "not an approval record (expected the fields of one)"
    try:
        return ApprovalRecord.model_validate(loaded), None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "record"
        return None, f"not a valid approval record: {field}: {first['msg']}"


def read_records(root: Path, approvals_folder: str) -> list[StoredRecord]:
    """Every record file under the records folder of the working tree, sorted by path."""
    folder = root / records_folder(approvals_folder)
    found: list[StoredRecord] = []
    if not folder.is_dir():
        return found
    prefix = records_folder(approvals_folder) + "/"
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        links = [d for d in dirs if os.path.islink(os.path.join(current, d))]
        for name in sorted([*files, *links]):
            file = Path(current, name)
            rel = file.relative_to(root).as_posix()
            artifact = rel[len(prefix):].rpartition("/")[0]
            if name in links:
                found.append(StoredRecord(rel, artifact, "", problem="a symbolic link inside the records folder: records are plain files"))
                continue
            if not name.endswith((".yaml", ".yml")):
                continue
            try:
                data = read_regular_file(file, MAX_RECORD_BYTES)
            except NotARegularFile as exc:
                found.append(StoredRecord(rel, artifact, "", problem=f"{exc}, not a record file"))
                continue
            except OSError as exc:
                found.append(StoredRecord(rel, artifact, "", problem=f"cannot read: {exc.strerror}"))
                continue
            if len(data) > MAX_RECORD_BYTES:
                found.append(StoredRecord(rel, artifact, "", problem=f"over {MAX_RECORD_BYTES // 1024} KB: far too big for an approval record"))
                continue
            found.append(stored_record(rel, data, prefix))
    return found


def stored_record(rel: str, data: bytes, prefix: str, *, present: bool = True) -> StoredRecord:
    """A record from its bytes; its folder under `prefix` names the artifact it may decide."""
    artifact = rel[len(prefix):].rpartition("/")[0] if rel.startswith(prefix) else ""
    record, problem = parse_record(data, rel)
    if record is not None and not artifact:
        problem = "not in its artifact's folder (records/<artifact path>/...)"
    elif record is not None and record.artifact != artifact:  # type: ignore[attr-defined]
        problem = f"the signed record decides {record.artifact}, not {artifact}: a record moved onto another artifact does not count"  # type: ignore[attr-defined]
    return StoredRecord(rel, artifact, blob_id(data), record, problem, present)


def normalise_signature(armored: str) -> str:
    return "".join(armored.split())
