"""`mops report ops` time on a workspace history of a few hundred commits.

Usage: python benchmarks/report_ops.py [--campaigns 100] [--runs 3] [--keep]

Builds, in a temporary folder with its own HOME and GIT_CONFIG_GLOBAL (the user's git and ssh
set-up are never touched), a workspace repository where, per campaign, a kickoff transcript is
committed, then its drafted brief, then a gatekeeper's signed approval (`mops approve`'s function,
real ed25519 keys from ssh-keygen); one campaign in three is first rejected and revised. With 100
campaigns: 369 commits, 134 signed decisions, eight hours apart.

Prints the number of commits and decisions, then the median of `--runs` runs of `python -m mops
report ops --format json` in a subprocess (start-up included).

Figures on this machine (2 cores shared with other work): 100 campaigns, 369 commits, 134
decisions: 2.3-2.6 s (see docs/report-ops.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIG = """\
version: 1
name: Bench Outdoor
currency: EUR
timezone: UTC
people:
  - {name: Dana Lee, email: dana@example.com, role: gatekeeper}
  - {name: Malte Berg, email: malte@example.com, role: gatekeeper}
approvals:
  allowed_signers: approvals/allowed_signers
  sla_hours: 48
"""


def _brief(campaign: str, total: int) -> str:
    return (f"---\nversion: 2\ncampaign: {campaign}\ntitle: {campaign}\nchannels:\n  - paid_search\nbudget:\n  total: {total}\n"
            f"  currency: EUR\ntranscript: transcripts/{campaign}-kickoff.txt\ndrafted_by: offline\n---\n# {campaign}\n")


def build(root: Path, campaigns: int) -> tuple[int, int]:
    from mops.approvals.approve import approve
    from mops.workspace import load_workspace

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout.strip()

    clock = dt.datetime(2025, 1, 1, 9, tzinfo=dt.timezone.utc)

    def commit(message: str) -> None:
        nonlocal clock
        clock += dt.timedelta(hours=8)
        os.environ["GIT_AUTHOR_DATE"] = os.environ["GIT_COMMITTER_DATE"] = f"@{int(clock.timestamp())} +0000"
        git("add", "-A")
        git("-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", message)

    def decide(email: str, artifact: str, decision: str) -> None:
        nonlocal clock
        clock += dt.timedelta(hours=8)
        os.environ["GIT_AUTHOR_DATE"] = os.environ["GIT_COMMITTER_DATE"] = f"@{int(clock.timestamp())} +0000"
        git("config", "user.email", email)
        git("config", "user.signingkey", str(keys / email.split("@")[0]))
        os.environ["GIT_AUTHOR_EMAIL"] = os.environ["GIT_COMMITTER_EMAIL"] = email
        approve(load_workspace(root), [root / artifact], decision=decision,  # type: ignore[arg-type]
                comment="revise" if decision == "rejected" else None, override="benchmark" if decision == "approved" else None, now=clock)

    keys = root.parent / "keys"
    keys.mkdir()
    git("init", "-q")
    git("config", "gpg.format", "ssh")
    git("config", "user.name", "Bench")
    signers = ""
    for email in ("dana@example.com", "malte@example.com"):
        key = keys / email.split("@")[0]
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", email, "-f", str(key)], check=True)
        signers += f"{email} {' '.join(Path(f'{key}.pub').read_text().split()[:2])}\n"
    (root / "mops.yaml").write_text(CONFIG)
    (root / "approvals").mkdir()
    (root / "approvals" / "allowed_signers").write_text(signers)
    for folder in ("transcripts", "briefs"):
        (root / folder).mkdir()
    commit("workspace")
    decisions = 0
    for i in range(campaigns):
        campaign = f"2025-q{i % 4 + 1}_campaign-{i:03d}"
        (root / "transcripts" / f"{campaign}-kickoff.txt").write_text(f"Dana Lee: kickoff {i}.\n")
        commit(f"kickoff {campaign}")
        brief = f"briefs/{campaign}.md"
        (root / brief).write_text(_brief(campaign, 10000 + i))
        commit(f"draft {campaign}")
        if i % 3 == 0:
            decide("malte@example.com", brief, "rejected")
            (root / brief).write_text(_brief(campaign, 12000 + i))
            commit(f"revise {campaign}")
            decisions += 1
        decide("dana@example.com", brief, "approved")
        decisions += 1
    commits = int(git("rev-list", "--count", "HEAD"))
    return commits, decisions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--campaigns", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mops-report-ops-"))
    home = folder / "home"
    home.mkdir()
    os.environ.update(HOME=str(home), GIT_CONFIG_GLOBAL=str(home / ".gitconfig"), GIT_CONFIG_NOSYSTEM="1",
                      XDG_CACHE_HOME=str(folder / "cache"), GIT_AUTHOR_NAME="Bench", GIT_COMMITTER_NAME="Bench",
                      GIT_AUTHOR_EMAIL="bench@example.com", GIT_COMMITTER_EMAIL="bench@example.com")
    os.environ.pop("SSH_AUTH_SOCK", None)
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    root = folder / "repo"
    root.mkdir()
    try:
        started = time.perf_counter()
        commits, decisions = build(root, options.campaigns)
        print(f"built {commits} commits, {decisions} signed decisions in {time.perf_counter() - started:.0f} s")
        times = []
        for _ in range(options.runs):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "mops", "report", "ops", "--format", "json"], cwd=root, capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(done.stderr)
        print(f"mops report ops: {statistics.median(times):.2f} s (median of {options.runs}; runs: {', '.join(f'{t:.2f}' for t in times)})")
    finally:
        if options.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
