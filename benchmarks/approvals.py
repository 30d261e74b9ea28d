"""Approval verification time: `mops approvals verify` and `mops queue` on a workspace of 1,000
artifacts with 3,000 signed approval records.

Usage: python benchmarks/approvals.py [--artifacts 1000] [--signers 5] [--runs 3] [--keep]

Builds, in a temporary folder with its own HOME, GIT_CONFIG_GLOBAL and XDG_CACHE_HOME (the user's
git, ssh and cache set-up are never touched), a git repository holding a mops workspace:
- `--artifacts` artifacts: a fifth briefs, a third plans (2-of-N rule: two gatekeepers), the rest
  copy files; `--signers` gatekeepers with real ed25519 keys from ssh-keygen in the allowed-signers
  file;
- 3 records per artifact on average, built through the public record model (ApprovalRecord,
  signed_payload, render_record, record_path) and signed with `ssh-keygen -Y sign`, committed over
  65 commits: every artifact approved by 2 gatekeepers; a quarter then edited and approved
  again in the new bytes; 15 % edited after approval and left stale; 20 % rejected, three
  quarters of those approved again after the rejection (each record's `after` names the decisions
  made before it, as `mops approve` writes it). Every record's signature is proven: the signed
  `after` chain runs through approvals of earlier bytes too.

Prints, median of `--runs` runs each, as a user runs them (`python -m mops ...` in a subprocess,
start-up included):
- `mops approvals verify` (every artifact, signers and rules of the working tree);
- `mops approvals verify --base <first commit>` (every artifact changed since the base);
- `mops queue`;
and records per second for the first; then, in process, only the signature checks of all 3,000
records, with the fast path and with `ssh-keygen -Y verify` alone (`--no-reference` skips these).
Goal: verify <= 10 s on this machine (2 cores).

Figures on this machine (2 cores shared with other work, OpenSSH 9.2, the same workspace, median of
3, in the same minutes):
- before, one `ssh-keygen -Y verify` per signature (~6 ms of CPU each: process start, OpenSSL
  set-up) in a thread pool: verify 13.9 s, verify --base 26.0 s, queue 21.7 s (16.7 / 17.4 / 11.9 s,
  one run each, in a quieter minute); signature checks alone 20.2 s for 3,000 (148/s);
- after, plain-key signatures checked in-process (mops.approvals.sshsig, with ssh-keygen for
  anything else and every failure): verify 2.3-2.6 s, verify --base 2.7-3.0 s, queue 2.6-3.4 s;
  signature checks alone 0.86 s for 3,000 (3,500/s). The first run is as fast as any: nothing is
  cached;
- with the ledger read from all of history (every version of every record, base included) and
  every record proven: verify 2.83 s (1,061 records/s), verify --base 2.70 s, queue 2.64 s;
  signature checks alone 0.56 s (fast path) against 13.6 s with ssh-keygen alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

ROLES = ("gatekeeper", "gatekeeper", "gatekeeper", "director", "gatekeeper", "gatekeeper", "director")

CONFIG = """\
version: 1
name: Benchmark Outdoor
currency: EUR
timezone: Europe/Berlin
people:
{people}
lint:
  exclude: [".mops/**", ".git/**", "approvals/**"]
approvals:
  allowed_signers: approvals/allowed_signers
  rules:
    - paths: ["briefs/**", "copy/**"]
      min_approvals: 1
      roles: [gatekeeper, director]
    - paths: ["plans/**"]
      min_approvals: 2
      roles: [gatekeeper, director]
"""

BRIEF = """\
# Brief: {name}

Campaign: {name}
Owner: priya@bench.example
Objective: grow online sales of winter boots by {n} % against last season.
Audience: hikers in Germany and Austria, 25-55.
Budget: {budget} EUR
Channels: paid social, search, email.
Revision: {rev}
"""

PLAN = """\
campaign: {name}
start: 2026-11-20
end: 2026-11-30
currency: EUR
total_budget: {budget}
channels:
  - channel: paid_social
    budget: {budget}
# revision {rev}
"""

COPY = """\
# {name}

Headline: Warm feet on every trail ({n})
Primary text: Our winter boots keep you warm on every trail. Revision {rev}.
Link: https://fjordline.example/boots?utm_source=facebook&utm_medium=paid_social&utm_campaign={name}
"""


def median_of(runs: int, action) -> tuple[float, object]:  # noqa: ANN001 - a zero-argument callable
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


class Bench:
    """The temporary workspace repository, its gatekeepers and their keys."""

    def __init__(self, folder: Path, artifacts: int, signers: int) -> None:
        self.folder = folder
        self.home = folder / "home"
        self.home.mkdir()
        (self.home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
        self.env = {k: v for k, v in os.environ.items() if k not in ("SSH_AUTH_SOCK", "PYTHONDONTWRITEBYTECODE") and not k.startswith("GIT_")}
        self.env.update({
            "HOME": str(self.home), "GIT_CONFIG_GLOBAL": str(self.home / ".gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
            "XDG_CACHE_HOME": str(self.home / ".cache"), "PYTHONPATH": str(REPO), "NO_COLOR": "1",
            "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@bench.example",
            "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@bench.example",
        })
        self.root = folder / "repo"
        self.root.mkdir()
        self.keys = folder / "keys"
        self.keys.mkdir()
        self.clock = 1_780_000_000
        self.commits: list[str] = []
        self.signers = [f"gk{i}@bench.example" for i in range(signers)]
        self.count = artifacts
        self.revision = {i: 1 for i in range(artifacts)}
        self.heads: dict[int, list[str]] = {i: [] for i in range(artifacts)}  # latest decision ids, for `after`
        self.records = 0
        self.git("init", "-q")

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, env=self.env, check=False)
        if done.returncode != 0:
            raise SystemExit(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout.strip()

    def commit(self, message: str) -> str:
        self.clock += 3600
        self.env["GIT_AUTHOR_DATE"] = self.env["GIT_COMMITTER_DATE"] = f"@{self.clock} +0000"
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", message)
        self.commits.append(self.git("rev-parse", "HEAD"))
        return self.commits[-1]

    # -- the workspace ----------------------------------------------------------------------------
    def path(self, i: int) -> str:
        if i % 5 == 0:
            return f"briefs/2026-bench-{i:04d}.md"
        if i % 3 == 0:
            return f"plans/2026-bench-{i:04d}.yaml"
        return f"copy/{('meta', 'google-ads', 'email', 'sms')[i % 4]}/bench-{i:04d}.md"

    def content(self, i: int) -> bytes:
        path = self.path(i)
        template = BRIEF if path.startswith("briefs/") else PLAN if path.startswith("plans/") else COPY
        return template.format(name=f"2026-q4_bench-{i:04d}", n=i % 40 + 5, budget=1000 + 37 * i, rev=self.revision[i]).encode()

    def write_artifact(self, i: int) -> None:
        file = self.root / self.path(i)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(self.content(i))

    def setup(self) -> None:
        people = []
        lines = ["# gatekeepers: who may sign approvals\n"]
        for number, email in enumerate(self.signers):
            key = self.keys / email.split("@")[0]
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", email, "-f", str(key)], check=True, env=self.env)
            public = Path(f"{key}.pub").read_text().split()
            lines.append(f"{email} {public[0]} {public[1]}\n")
            people.append(f"  - {{name: Gatekeeper {number}, email: {email}, role: {ROLES[number % len(ROLES)]}}}")
        people.append("  - {name: Priya Nair, email: priya@bench.example, role: marketer}")
        (self.root / "mops.yaml").write_text(CONFIG.format(people="\n".join(people)))
        (self.root / "approvals").mkdir()
        (self.root / "approvals" / "allowed_signers").write_text("".join(lines))
        for i in range(self.count):
            self.write_artifact(i)
        self.commit("workspace: 1,000 artifacts, gatekeepers' keys, approval rules")

    # -- records ----------------------------------------------------------------------------------
    def decide(self, decisions: list[tuple[int, str, int]], per_commit: int, what: str) -> None:
        """Sign (artifact, decision, signer) records of the artifacts' current bytes, `per_commit` a commit."""
        from mops.approvals.records import record_path, render_record
        from mops.approvals.repository import blob_id
        from mops.models.approval import ApprovalRecord

        unsigned = []
        for number, (i, decision, signer) in enumerate(decisions):
            data = self.content(i)
            when = dt.datetime.fromtimestamp(self.clock + 60 + number // per_commit * 3600, dt.timezone.utc)
            unsigned.append(ApprovalRecord(
                artifact=self.path(i), artifact_blob=blob_id(data), artifact_sha256=hashlib.sha256(data).hexdigest(),
                decision=decision, comment="needs a clearer offer" if decision == "rejected" else None,
                signer=self.signers[signer], recorded_at=when, signature="-", after=list(self.heads[i]),
            ))
        latest: dict[int, list[str]] = {}
        for (i, _, _), record in zip(decisions, unsigned):  # each decision was made having seen the previous ones
            latest.setdefault(i, []).append(record.decision_id())
        self.heads.update(latest)

        def sign(index: int) -> str:
            record = unsigned[index]
            key = self.keys / record.signer.split("@")[0]
            done = subprocess.run(["ssh-keygen", "-Y", "sign", "-n", "mops-approval", "-f", str(key)],
                                  input=record.signed_payload(), capture_output=True, check=True, env=self.env)
            return done.stdout.decode()

        with ThreadPoolExecutor(max(2, os.cpu_count() or 2)) as pool:
            signatures = list(pool.map(sign, range(len(unsigned))))
        for start in range(0, len(unsigned), per_commit):
            for record, signature in zip(unsigned[start:start + per_commit], signatures[start:start + per_commit]):
                signed = record.model_copy(update={"signature": signature})
                file = self.root / record_path("approvals", signed)
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_text(render_record(signed))
            self.commit(f"{what} ({start + 1}-{min(start + per_commit, len(unsigned))} of {len(unsigned)})")
        self.records += len(unsigned)

    def edit(self, artifacts: list[int], per_commit: int) -> None:
        for start in range(0, len(artifacts), per_commit):
            for i in artifacts[start:start + per_commit]:
                self.revision[i] += 1
                self.write_artifact(i)
            self.commit(f"edit {len(artifacts[start:start + per_commit])} artifacts")

    def history(self) -> dict[str, int]:
        """The scripted history; what verify should find (artifact path -> expected state)."""
        n = self.count
        pairs = lambda i: [(i, "approved", i % len(self.signers)), (i, "approved", (i + 1) % len(self.signers))]  # noqa: E731
        every = list(range(n))
        self.decide([d for i in every for d in pairs(i)], 50, "approvals")
        reapproved = [i for i in every if i % 20 < 5]  # 25 %: edited, approved again
        stale = [i for i in every if 5 <= i % 20 < 8]  # 15 %: edited after approval, not yet approved again
        self.edit(reapproved + stale, 100)
        self.decide([d for i in reapproved for d in pairs(i)], 50, "approvals after edits")
        rejected = [i for i in every if 8 <= i % 20 < 12]  # 20 %: rejected ...
        self.decide([(i, "rejected", (i + 2) % len(self.signers)) for i in rejected], 50, "rejections")
        again = [i for i in rejected if i % 20 < 11]  # ... three quarters of them approved again
        self.decide([d for i in again for d in pairs(i)], 50, "approvals after rejections")
        expected = {self.path(i): "approved" for i in every}
        expected.update({self.path(i): "stale" for i in stale})
        expected.update({self.path(i): "rejected" for i in rejected if i not in again})
        return expected

    # -- measuring --------------------------------------------------------------------------------
    def mops(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "mops", *args], cwd=self.root, env=self.env, capture_output=True, text=True, check=False)


def states(done: subprocess.CompletedProcess, what: str) -> dict[str, str]:
    if done.returncode not in (0, 1):
        raise SystemExit(f"{what} failed (exit {done.returncode}): {done.stderr[-2000:]}")
    return {a["artifact"]: a["state"] for a in json.loads(done.stdout)["artifacts"]}


def tally(found: dict[str, str]) -> str:
    counts: dict[str, int] = {}
    for state in found.values():
        counts[state] = counts.get(state, 0) + 1
    return ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))


def reference(bench: Bench, runs: int) -> None:
    """Only the signature checks, in process: every record's signature, with the fast path and with
    `ssh-keygen -Y verify` alone (what mops did before the fast path)."""
    from mops.approvals.records import read_records
    from mops.approvals.signers import parse_allowed_signers
    from mops.approvals.signing import verify_many

    allowed = (bench.root / "approvals" / "allowed_signers").read_bytes()
    entries = parse_allowed_signers(allowed, "approvals/allowed_signers")
    records = [r.record for r in read_records(bench.root, "approvals") if r.record is not None]
    items = [(r.signed_payload(), r.signature, r.signer) for r in records]  # type: ignore[attr-defined]
    for label, fast, count in (("fast path", True, runs), ("ssh-keygen -Y verify alone", False, 1)):
        seconds, results = median_of(count, lambda: verify_many(items, allowed, entries, where="allowed_signers", fast=fast))
        good = sum(1 for v in results if v.ok)  # type: ignore[union-attr]
        print(f"signature checks in process, {label:<27} {seconds:6.2f} s  for {len(items):,} signatures ({good:,} good): "
              f"{len(items) / seconds:,.0f}/s (median of {count})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifacts", type=int, default=1000)
    parser.add_argument("--signers", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temporary workspace and print where it is")
    parser.add_argument("--no-reference", action="store_true", help="skip the in-process comparison with ssh-keygen alone")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="mops-bench-approvals-"))
    try:
        bench = Bench(folder, args.artifacts, max(2, args.signers))
        start = time.perf_counter()
        bench.setup()
        expected = bench.history()
        verified = sum(1 for line in bench.git("ls-files", "approvals/records").splitlines() if line)
        print(f"workspace: {args.artifacts:,} artifacts, {bench.records:,} signed records ({verified:,} files), "
              f"{len(bench.commits)} commits, {len(bench.signers)} gatekeepers; built in {time.perf_counter() - start:.1f} s")
        print(f"expected: {tally(expected)}")
        first = bench.commits[0]

        cases = [
            ("mops approvals verify", ("approvals", "verify", "--format", "json")),
            ("mops approvals verify --base <first commit>", ("approvals", "verify", "--base", first, "--format", "json")),
            ("mops queue", ("queue", "--format", "json")),
        ]
        for label, command in cases:
            seconds, done = median_of(args.runs, lambda: bench.mops(*command))
            found = states(done, label)  # type: ignore[arg-type]
            if label.startswith("mops approvals verify") and found != expected:
                wrong = [a for a in expected if found.get(a) != expected[a]][:5]
                raise SystemExit(f"{label}: states differ from the scripted history, e.g. {[(a, found.get(a), expected[a]) for a in wrong]}")
            extra = f"; {bench.records / seconds:,.0f} records/s" if label == "mops approvals verify" else ""
            print(f"{label:<45} {seconds:6.2f} s  (median of {args.runs}; {tally(found)}){extra}")
        print("goal: verify <= 10 s")
        if not args.no_reference:
            reference(bench, args.runs)
        if args.keep:
            print(f"kept: {folder} (HOME={bench.home})")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
