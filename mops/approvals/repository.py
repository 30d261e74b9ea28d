"""The workspace's git repository, read through GitPython: files at a commit, what changed since a
base, and the history of every artifact and approval record in one `git log` pass.

GitPython only reads; signing and committing go through git itself (mops/approvals/approve.py),
because GitPython cannot sign."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mops.errors import InputError, UsageError


@dataclass
class PathVersion:
    """One commit's bytes of one path: which blob, committed when, at which position in history."""

    blob: str
    commit: str
    time: dt.datetime
    position: int  # 0 = the oldest commit; later commits have higher positions
    added: bool  # the commit created the path (status A) rather than changing it


@dataclass
class History:
    """Every change to the paths under the workspace, oldest first (topological order)."""

    commits: int = 0
    versions: dict[str, list[PathVersion]] = field(default_factory=dict)  # workspace path -> its versions

    def held_since(self, path: str, blob: str, until: dt.datetime | None = None) -> dt.datetime | None:
        """When `path` got these bytes, in the latest run of commits holding them (no later than
        `until`); None when history never had them there."""
        start = None
        previous = None
        for v in self.versions.get(path, []):
            if until is not None and v.time > until:
                break
            if v.blob == blob and previous != blob:
                start = v.time
            previous = v.blob
        return start

    def last(self, path: str) -> PathVersion | None:
        versions = self.versions.get(path)
        return versions[-1] if versions else None


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _commit_time(stamp: str) -> dt.datetime:
    """A commit's time; a date git accepts but Python cannot hold (year 5000000) is clamped."""
    try:
        return dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        return dt.datetime.max.replace(tzinfo=dt.timezone.utc) if stamp.strip().isdigit() else EPOCH


def blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob (SHA-1 repositories)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


class Repository:
    """The git repository holding a workspace; paths in and out are workspace-relative POSIX paths."""

    def __init__(self, workspace_root: Path) -> None:
        import git

        try:
            self.repo = git.Repo(workspace_root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise UsageError(
                "the workspace is not in a git repository",
                path=str(workspace_root),
                hint="approvals live in the workspace's git history: `git init` it (and commit) first",
            ) from None
        if self.repo.bare or self.repo.working_tree_dir is None:
            raise UsageError("the repository has no working tree", path=str(workspace_root))
        self.top = Path(self.repo.working_tree_dir).resolve()
        self.root = workspace_root.resolve()
        relative = self.root.relative_to(self.top).as_posix()
        self.prefix = "" if relative == "." else relative + "/"
        self._git = self.repo.git

    # -- names -------------------------------------------------------------------------------
    def repo_path(self, workspace_path: str) -> str:
        return self.prefix + workspace_path

    def workspace_path(self, repo_path: str) -> str | None:
        return repo_path[len(self.prefix):] if repo_path.startswith(self.prefix) else None

    def run(self, *args: str, **kwargs: Any) -> str:
        """`git ARGS` in the repository; GitCommandError propagates to the caller."""
        return self._git.execute(["git", *args], **kwargs)

    # -- commits -----------------------------------------------------------------------------
    def has_commits(self) -> bool:
        try:
            self.repo.head.commit
        except ValueError:
            return False
        return True

    def resolve(self, ref: str) -> str:
        """The full commit id `ref` names; a clear error when this clone does not have it."""
        import git

        try:
            return self.repo.commit(ref).hexsha
        except (git.BadName, ValueError, git.GitCommandError):
            raise UsageError(
                f"no commit {ref!r} in this repository",
                hint="check the name (`git branch -a` lists them); in CI, check out the full history (actions/checkout with "
                "`fetch-depth: 0`) so the base commit is there",
            ) from None

    def show(self, commit: str, workspace_path: str) -> bytes | None:
        """The bytes of a workspace file at `commit`; None when it did not exist there."""
        import git

        try:
            blob = self.repo.commit(commit).tree / self.repo_path(workspace_path)
        except KeyError:
            return None
        except (ValueError, git.BadName):
            return None
        if blob.type != "blob":
            return None
        return blob.data_stream.read()

    def tracked_blob(self, workspace_path: str) -> str | None:
        """The blob id HEAD holds for a path; None when HEAD does not have it."""
        if not self.has_commits():
            return None
        try:
            return (self.repo.head.commit.tree / self.repo_path(workspace_path)).hexsha
        except KeyError:
            return None

    def changed_since(self, base: str) -> set[str]:
        """Workspace paths whose bytes differ between `base` and the working tree (commits since the
        base and uncommitted edits alike), and new untracked files."""
        scope = self.prefix or "."
        out = self.run("diff", "--name-only", "--no-renames", "-z", base, "--", scope, strip_newline_in_stdout=False)
        untracked = self.run("ls-files", "--others", "--exclude-standard", "-z", "--", scope, strip_newline_in_stdout=False)
        paths = set()
        for name in (out + untracked).split("\0"):
            if name:
                shown = self.workspace_path(name)
                if shown is not None:
                    paths.add(shown)
        return paths

    def staged(self) -> list[str]:
        """Paths (repository-relative) with changes staged for the next commit."""
        out = self.run("diff", "--cached", "--name-only", "-z", strip_newline_in_stdout=False)
        return [p for p in out.split("\0") if p]

    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").strip() == "true"

    def history(self, *workspace_folders: str, revisions: tuple[str, ...] = ("HEAD",), every_version: bool = False) -> History:
        """Every version of every path under these workspace folders (all of the workspace when none
        is given) in the history of `revisions`, in one `git log --raw` pass, oldest commit first.

        `every_version` leaves nothing out: every side of every merge (`--full-history`, so a merge
        that keeps one side's tree cannot hide what the other side added) and what a merge commit
        itself brings in (`-m`). Positions are for showing and counting, never for deciding."""
        result = History()
        if not self.has_commits():
            return result
        scopes = [self.repo_path(f.rstrip("/")) for f in workspace_folders] or [self.prefix or "."]
        extra = ["--full-history", "-m"] if every_version else []
        out = self.run(
            "log", "--reverse", "--topo-order", "--no-renames", "--raw", "--no-abbrev", "-z", *extra, "--format=%x01%H %ct",
            *revisions, "--", *scopes, strip_newline_in_stdout=False,
        )
        position = -1
        commit = ""
        when = EPOCH
        pending_status: tuple[str, str] | None = None
        for token in out.split("\0"):
            if pending_status is not None:
                blob, status = pending_status
                pending_status = None
                shown = self.workspace_path(token)
                if shown is not None and status != "D":
                    result.versions.setdefault(shown, []).append(PathVersion(blob, commit, when, position, status == "A"))
                continue
            token = token.lstrip("\n")
            if token.startswith("\x01"):
                head, _, rest = token[1:].partition("\n")
                commit, _, stamp = head.partition(" ")
                when = _commit_time(stamp)
                position += 1
                token = rest.lstrip("\n")
                if not token:
                    continue
            if token.startswith(":"):
                fields = token[1:].split(" ")
                if len(fields) >= 5:
                    pending_status = (fields[3], fields[4][:1])
        result.commits = position + 1
        return result

    def read_blobs(self, blob_ids: list[str]) -> dict[str, bytes]:
        """The contents of many blobs in one `git cat-file --batch` process."""
        if not blob_ids:
            return {}
        import subprocess

        request = "".join(f"{b}\n" for b in blob_ids).encode()
        proc = subprocess.run(["git", "cat-file", "--batch"], input=request, capture_output=True, cwd=self.top, check=False)
        data = proc.stdout
        found: dict[str, bytes] = {}
        offset = 0
        while offset < len(data):
            end = data.index(b"\n", offset)
            header = data[offset:end].split(b" ")
            offset = end + 1
            if len(header) == 3:
                size = int(header[2])
                found[header[0].decode()] = data[offset:offset + size]
                offset += size + 1
        return found

    def config(self, key: str) -> str | None:
        """A git setting as git itself resolves it (system, global, repository, includes)."""
        import git

        try:
            value = self.run("config", "--get", key)
        except git.GitCommandError:
            return None
        return value.strip() or None

    def is_tracked(self, workspace_path: str) -> bool:
        return self.tracked_blob(workspace_path) is not None


def not_in_repository(path: str) -> InputError:
    return InputError(
        "not in the repository: an approval names bytes git holds",
        path=path,
        hint=f"`git add {path}` and commit it, then approve",
    )
