"""The README's "For gatekeepers" steps, run as a script exactly as written.

A new gatekeeper on a fresh machine (HOME and GIT_CONFIG_GLOBAL in a temporary folder, no
ssh-agent) follows the section's shell blocks in a clone of a team repository made by `mops init`.
Between the blocks, the others do their part as they would on GitHub: a reviewer merges the pull
request that registers the key, and a marketer pushes a branch with new copy. The steps must end
with the copy approved, and a fresh clone (what CI checks out) must verify it against the base."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SECTION = "## For gatekeepers"
COPY = """\
# Winter boots

Headline: Warm feet on every trail
Primary text: Our winter boots keep you warm on every trail.
Link: https://fjordline.example/boots?utm_source=facebook&utm_medium=paid_social&utm_campaign=2026-q4_black-friday
"""


def gatekeeper_blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"\n{SECTION}\n" in text, "the README has a section for gatekeepers"
    section = text.split(f"\n{SECTION}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.DOTALL)


class Machine:
    """A person's computer: their own HOME, git settings and the `mops` on their PATH."""

    def __init__(self, tmp_path: Path) -> None:
        self.home = tmp_path / "home"
        bin_dir = tmp_path / "bin"
        for folder in (self.home, bin_dir):
            folder.mkdir()
        (self.home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
        shim = bin_dir / "mops"  # `mops` as installed, from this checkout
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mops "$@"\n')
        shim.chmod(0o755)
        drop = ("SSH_AUTH_SOCK", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_DIR", "GIT_WORK_TREE")
        self.env = {k: v for k, v in os.environ.items() if k not in drop}
        self.env.update(
            HOME=str(self.home), GIT_CONFIG_GLOBAL=str(self.home / ".gitconfig"), GIT_CONFIG_NOSYSTEM="1", NO_COLOR="1",
            PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p),
        )

    def run(self, args: list[str], cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(args, cwd=cwd, env=self.env, capture_output=True, text=True, timeout=300)

    def script(self, block: str, cwd: Path) -> subprocess.CompletedProcess:
        done = self.run(["bash", "-c", "set -euo pipefail\n" + block], cwd)
        assert done.returncode == 0, f"README step failed (exit {done.returncode}):\n{block}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        return done

    def git(self, cwd: Path, *args: str, who: str = "Lead <lead@example.com>") -> str:
        name, email = who[:-1].split(" <")
        done = self.run(["git", "-c", f"user.name={name}", "-c", f"user.email={email}", "-c", "commit.gpgsign=false", *args], cwd)
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
        return done.stdout.strip()


def test_readme_gatekeeper_steps_run_as_written_and_end_with_a_verified_approval(tmp_path: Path) -> None:
    blocks = gatekeeper_blocks()
    assert len(blocks) == 3, "three shell blocks: the key and git, registering the key, approving"
    make_key, register, approve = blocks
    machine = Machine(tmp_path)

    # The team's repository: `mops init`, committed and pushed to a shared remote.
    seed = tmp_path / "seed"
    done = machine.run([sys.executable, "-m", "mops", "init", str(seed), "--region", "DE"], tmp_path)
    assert done.returncode == 0, done.stderr
    machine.git(seed, "add", "-A")
    machine.git(seed, "commit", "-q", "-m", "mops init")
    origin = tmp_path / "origin.git"
    machine.git(tmp_path, "clone", "-q", "--bare", str(seed), str(origin))
    mine = tmp_path / "workspace"
    machine.git(tmp_path, "clone", "-q", str(origin), str(mine))

    # The gatekeeper: make a key, tell git, open the pull request registering it.
    machine.script(make_key, mine)
    assert (machine.home / ".ssh" / "mops_signing.pub").is_file()
    machine.script(register, mine)

    # On GitHub: a reviewer merges the registration; a marketer then pushes a branch with new copy.
    others = tmp_path / "others"
    machine.git(tmp_path, "clone", "-q", str(origin), str(others))
    machine.git(others, "merge", "-q", "--no-ff", "-m", "Merge pull request #1 from signing-key-dana", "origin/signing-key-dana")
    registered = (others / "approvals" / "allowed_signers").read_text()
    public = (machine.home / ".ssh" / "mops_signing.pub").read_text().split()
    assert any(line.startswith("dana@example.com ") and public[1] in line for line in registered.splitlines())
    machine.git(others, "push", "-q", "origin", "main")
    base = machine.git(others, "rev-parse", "HEAD")
    machine.git(others, "switch", "-q", "-c", "winter-boots-copy")
    (others / "copy" / "meta").mkdir(parents=True)
    (others / "copy" / "meta" / "winter-boots.md").write_text(COPY)
    machine.git(others, "add", "copy")
    machine.git(others, "commit", "-q", "-m", "Winter boots copy for Meta", who="Priya Nair <priya@example.com>")
    machine.git(others, "push", "-q", "-u", "origin", "winter-boots-copy")

    # The gatekeeper approves on the pull request's branch; the last step is verify, passing.
    done = machine.script(approve, mine)
    assert "approved  copy/meta/winter-boots.md: approved by dana@example.com" in done.stdout, done.stdout + done.stderr
    assert "1 artifact verified" in done.stdout and "all approved" in done.stdout

    # CI: a fresh full clone of the pull request's branch, verified against the base commit.
    ci = tmp_path / "ci"
    machine.git(tmp_path, "clone", "-q", "--branch", "winter-boots-copy", str(origin), str(ci))
    assert "Approved-by: dana@example.com" in machine.git(ci, "log", "-1", "--format=%B")
    done = machine.run([sys.executable, "-m", "mops", "approvals", "verify", "--base", base, "--format", "github"], ci)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::notice file=copy/meta/winter-boots.md,title=mops approval%3A approved::" in done.stdout


@pytest.mark.parametrize("command", ["mops approve", "mops approvals verify", "ssh-keygen -t ed25519", "gpg.format ssh", "user.signingkey"])
def test_the_gatekeeper_steps_cover_the_whole_set_up(command: str) -> None:
    assert any(command in block for block in gatekeeper_blocks())
