"""Launch check time: `mops launch check --all` on the example workspace and on a scaled one
(a 200,000-row CRM export, 20 plans, 200 copy files), and where one plan's time goes.

Usage: python benchmarks/launch_check.py [--members 200000] [--plans 20] [--copy-files 200] [--runs 3] [--keep]

Builds, in a temporary folder with its own HOME, GIT_CONFIG_GLOBAL and XDG_CACHE_HOME (the user's
git, ssh and cache set-up are never touched), two git repositories whose briefs are approved for
real (gatekeepers' ed25519 keys from ssh-keygen in the allowed-signers file, `mops approve` signing
and committing, as a gatekeeper does), so the readiness check does its full verification:
- the example workspace (examples/workspace, 3 plans awaiting launch on 2026-12-06), Dana approving
  the winter clearance and spring sale briefs: expected go, go_after_fixes, no_go;
- a scaled workspace (the example's mops.yaml, taxonomy and brand): a CRM export of `--members`
  fake contacts at example.com (10 segments and some contacts in none, an email for 90 %, a phone
  for 60 %, an "Opted in" column at 80 % yes), a Meta Ads Manager audience export and a Google Ads
  "Your data segments" export (title lines, a size per network) holding each plan's audiences at
  their expected matched size (every fifth 15 % below: a SEG003 warning) and some other lists;
  `--plans` plans, each a segment of the export, a Meta and a Google audience, three channels with
  links, a landing page, a brief (approved) and a finance allocation (its own, or a share of a
  quarter's); a copy folder of `--copy-files` Markdown ads (Meta, Google Ads, email) with tagged
  links, every campaign's, some with a capitalised utm_source or key (safe fixes); every fourth
  plan names its copy with a `copy:` glob, the others are found by the copy folder's walk.

Prints, median of `--runs`, as a user runs it (`python -m mops ...` in a subprocess, start-up
included): `mops launch check --all --as-of 2026-12-06 --format json` on each workspace (its wall
time, per plan, and the verdicts, checked: the example's three as documented, the scaled run's
segment counts against the generator's own); then, in process, each of the four checks of one
plan of the scaled workspace on a fresh LaunchContext (`check_segment`, `check_tracking`,
`check_budget`, `check_readiness`), and the segment check of every plan on one context.
Goal: the scaled run under 10 s on this machine (2 cores).

Figures on this machine (2 cores shared with other work, Python 3.11, median of 3, the same
workspaces, in the same minutes; 20 go_after_fixes in the scaled run, 44 corrections):
- before (mops.launch.segment counted the CRM export again for every plan, one pass over the
  200,000 rows each): example 0.50 s (3 plans); scaled 10.89 s (0.54 s a plan), over the goal;
  in process, one plan: segment 0.370 s, tracking 0.152 s, budget 0.001 s, readiness 0.033 s; the
  segment check of all 20 plans on one context 7.28 s (20 passes over the export);
- after (every segment of an export counted in one pass, `tally_crm_export`, memoised on the
  LaunchContext by the file's path, size and mtime; the pass itself 0.33 s instead of 0.41 s for
  one segment before): example 0.60 s; scaled 4.09 s (0.20 s a plan); in process, one plan:
  segment 0.383 s (the one pass, every segment counted), tracking 0.136 s, budget 0.001 s,
  readiness 0.024 s; the segment check of all 20 plans on one context 0.46 s.
Then the tracking check, measured before and after in the same minutes (two copies of the tree
side by side, run in turn twice; the same JSON output, byte for byte, for the scaled workspace):
- before (each of the 15 plans without `copy:` globs walked the copy folder and linted its 200
  files again, Workspace.relative resolving every path each time; a file's fixed text was worked
  out again for each plan with a safe fix in it): example 0.68 s and 0.71 s; scaled 4.29 s and 4.29 s (0.21 s a plan); in process,
  the tracking check of one plan 0.128 s and 0.115 s; measured apart (not printed here), the
  tracking check of all 20 plans on one context 1.98 s;
- after (mops.launch.tracking memoises on the LaunchContext the copy folder's walk, by the names in
  every folder of it, and each file's lint, by its path, size and modification time: its links,
  findings, the campaigns its links name, and the lint's fixed text with the findings on it, shared
  by every plan reading the file; each path resolved once): example 0.54 s and 0.53 s; scaled
  2.20 s and 1.93 s (0.10-0.11 s a plan); in process, the tracking check of one plan on a fresh
  context (nothing to share) 0.108 s and 0.098 s; apart, all 20 plans on one context 0.29 s.
Where the scaled run's time goes now (from a cProfile of the run, which roughly doubles each figure):
readiness the largest share (~0.5 s, 20 x 0.025 s), then segment ~0.4 s (once), tracking ~0.3 s
(the lint of 220 files and the fixed text of 44, once each), writing the 20 proposals ~0.3 s;
`mops launch check --help` alone 0.2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "workspace"
sys.path.insert(0, str(REPO))

AS_OF = "2026-12-06"
GATEKEEPERS = ("dana.lee@fjordline.example", "malte.sorensen@fjordline.example")
OWNERS = ("priya.nair@fjordline.example", "jonas.weber@fjordline.example", "malte.sorensen@fjordline.example", "dana.lee@fjordline.example")
EXAMPLE_VERDICTS = {"2027-q1_winter-clearance": "go", "2027-q2_spring-sale": "go_after_fixes", "2027-q1_ski-touring": "no_go"}
SEGMENTS = (
    "Spring campers DE", "Jacket buyers DE", "Touring skiers AT", "Trail runners DE", "Climbers CH",
    "Newsletter loyal DE", "Lapsed buyers 2025", "Kids outdoor DE", "Cyclists AT", "Hikers 55+ DE",
)
FIRST = ("Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannes", "Ida", "Jonas", "Lena", "Mia", "Noah", "Paul")
LAST = ("Muster", "Berg", "Keller", "Wolf", "Brandt", "Vogel", "Lang", "Frank", "Roth", "Graf")
META_RATE, GOOGLE_RATE = 0.5, 0.4  # the example's mops.yaml launch.match_rates

BRIEF = """\
---
version: 2
campaign: {campaign}
title: Bench campaign {i:02d}
status: in_review
objectives:
  - text: Sell through the {segment} range at a healthy return.
kpis:
  - metric: roas
    target: 3.0
    direction: at_least
audience:
  description: {segment}, opted in to marketing.
channels: [paid_search, paid_social, email]
budget:
  total: {total}
  currency: EUR
start: {start}
end: {end}
key_messages:
  - Everything for the season, ready before it starts.
offer: 15% off the range.
landing_page: https://www.fjordline.example/bench-{i:02d}
owners:
  - name: Priya Nair
    role: owner
approvers:
  - name: Malte Sørensen
playbook: campaign-brief
---

# Bench campaign {i:02d}

{segment}: 15% off the range from {start} to {end}.
"""

PLAN = """\
# yaml-language-server: $schema=../.mops/schemas/plan.json
campaign: {campaign}
name: Bench campaign {i:02d}
owner: {owner}
brief: briefs/{campaign}.md
currency: EUR
timezone: Europe/Berlin
start: {start}
end: {end}
total_budget: {total}
reserve:
  amount: {reserve}
  reason: Held for the last week if the range still sells.
channels:
  - channel: paid_search
    platform: google_ads
    budget: {search}
    min_budget: {search_min}
    max_budget: {search_max}
    links:
      - https://www.fjordline.example/bench-{i:02d}?utm_source=google&utm_medium=cpc&utm_campaign={campaign}&utm_content=rsa-main
  - channel: paid_social
    platform: meta
    budget: {social}
    min_budget: {social_min}
    max_budget: {social_max}
    links:
      - https://www.fjordline.example/bench-{i:02d}?utm_source=facebook&utm_medium=paid-social&utm_campaign={campaign}&utm_content=carousel
  - channel: email
    budget: {email}
    links:
      - https://www.fjordline.example/bench-{i:02d}?utm_source=newsletter&utm_medium=email&utm_campaign={campaign}&utm_content=hero
landing_pages:
  - https://www.fjordline.example/bench-{i:02d}?utm_source=google&utm_medium=cpc&utm_campaign={campaign}&utm_content=rsa-landing
{copy}platform_campaigns:
  - {{platform: google_ads, id: "2145009{i:04d}", name: "FJ | Bench {i:02d} | Search", channel: paid_search}}
  - {{platform: meta, id: "12021450009{i:04d}", name: "FJL_Bench{i:02d}", channel: paid_social}}
segment:
  name: {segment}
  export: exports/crm_launch-segments_2026-12-01.csv
  source: CRM list BENCH_{i:02d} (exported 2026-12-01)
audiences:
  - platform: meta
    export: audiences/meta_audiences_2026-12-01.csv
    name: {meta_name}
  - platform: google_ads
    export: audiences/google_ads_segments_2026-12-01.csv
    name: {google_name}
targets:
  roas: 3.0
"""

# (folder, the lint's channel for it in the example's mops.yaml, utm_source, utm_medium)
COPY_KINDS = (("meta", "facebook", "paid-social"), ("google-ads", "google", "cpc"), ("email", "newsletter", "email"))

COPY = """\
---
channel: {channel}
campaign: {campaign}
---
# Bench campaign {i:02d}: ad {j:03d}

## Primary text
15% off the range until the end of the flight. Terms apply.

## Headline
Bench sale {j:03d}

## Link
{link}

## Second link
https://www.fjordline.example/bench-{i:02d}/more?utm_source={source}&utm_medium={medium}&utm_campaign={campaign}&utm_content=ad-{j:03d}-more
"""


def median_of(runs: int, action: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def two_digits(value: float) -> int:
    """A size as Meta and Google show it: two significant digits."""
    if value < 100:
        return round(value)
    step = 10 ** (len(str(int(value))) - 2)
    return int(round(value / step) * step)


class Repo:
    """A workspace in a git repository of its own, with the gatekeepers' keys."""

    def __init__(self, folder: Path, env: dict[str, str], keys: dict[str, Path]) -> None:
        self.root = folder
        self.env = env
        self.keys = keys
        self.root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q")

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, env=self.env, check=False)
        if done.returncode != 0:
            raise SystemExit(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout.strip()

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def signers(self) -> None:
        lines = "".join(f"{email} {' '.join(Path(f'{key}.pub').read_text().split()[:2])}\n" for email, key in self.keys.items())
        self.write("approvals/allowed_signers", "# the benchmark's gatekeepers\n" + lines)

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", message)

    def mops(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "mops", *args], cwd=self.root, env=self.env, capture_output=True, text=True, check=False)

    def approve(self, artifacts: list[str], who: str = GATEKEEPERS[0]) -> None:
        """`mops approve` as the gatekeeper at the keyboard: a signed record and a signed commit."""
        for key, value in (("user.email", who), ("user.name", who.split("@")[0]), ("gpg.format", "ssh"), ("user.signingkey", str(self.keys[who]))):
            self.git("config", key, value)
        done = self.mops("approve", *artifacts, "--override", "objectives agreed in the launch meeting")
        if done.returncode != 0:
            raise SystemExit(f"mops approve failed (exit {done.returncode}): {done.stderr[-2000:]}")

    def launch_check(self) -> list[dict]:
        done = self.mops("launch", "check", "--all", "--as-of", AS_OF, "--format", "json")
        if done.returncode not in (0, 1):
            raise SystemExit(f"mops launch check failed (exit {done.returncode}): {done.stderr[-3000:]}")
        found = json.loads(done.stdout)
        return found if isinstance(found, list) else [found]


# --- the scaled workspace ------------------------------------------------------------------------


def crm_export(path: Path, members: int, rng: random.Random) -> dict[str, tuple[int, int]]:
    """The CRM export; each segment's (members, uploadable) as written (the generator's own count)."""
    counts = {s: [0, 0] for s in SEGMENTS}
    lines = ["Contact ID,First name,Last name,Email,Phone,Segment,Opted in,Orders,Revenue (EUR)\n"]
    for n in range(1, members + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{last.lower()}{n}@example.com" if rng.random() < 0.9 else ""
        phone = f"+49 30 {5_500_000 + n % 4_000_000:07d}" if rng.random() < 0.6 else ""
        segment = SEGMENTS[rng.randrange(len(SEGMENTS))] if rng.random() < 0.95 else ""
        opted = "yes" if rng.random() < 0.8 else "no"
        orders = rng.randrange(0, 12)
        lines.append(f"C{n:07d},{first},{last},{email},{phone},{segment},{opted},{orders},{orders * 64.9:.2f}\n")
        if segment:
            counts[segment][0] += 1
            counts[segment][1] += bool(email or phone) and opted == "yes"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")
    return {s: (m, u) for s, (m, u) in counts.items()}


def plan_fields(i: int) -> dict[str, Any]:
    start = dt.date(2027, 1, 4) + dt.timedelta(days=7 * i)
    end = start + dt.timedelta(days=28 + 7 * (i % 3))
    campaign = f"{start.year}-q{(start.month - 1) // 3 + 1}_bench-{i:02d}"
    total = 20_000 + 1_000 * i
    reserve = 1_000
    search, social = round((total - reserve) * 0.45), round((total - reserve) * 0.40)
    return {
        "i": i, "campaign": campaign, "start": start, "end": end, "total": total, "reserve": reserve, "owner": OWNERS[i % len(OWNERS)],
        "search": search, "search_min": round(search * 0.75), "search_max": round(search * 1.25),
        "social": social, "social_min": round(social * 0.75), "social_max": round(social * 1.25), "email": total - reserve - search - social,
        "segment": SEGMENTS[i % len(SEGMENTS)], "meta_name": f"FJ Bench {i:02d} – CRM upload", "google_name": f"Bench {i:02d} – Customer Match",
    }


def scaled_workspace(repo: Repo, members: int, plans: int, copy_files: int) -> dict[str, tuple[int, int]]:
    rng = random.Random(20261201)
    shutil.copy(EXAMPLE / "mops.yaml", repo.root / "mops.yaml")
    for folder in ("taxonomy", "brand"):
        shutil.copytree(EXAMPLE / folder, repo.root / folder)
    repo.signers()
    counts = crm_export(repo.root / "exports" / "crm_launch-segments_2026-12-01.csv", members, rng)
    fields = [plan_fields(i) for i in range(plans)]
    meta = ["Audience name,Audience ID,Type,Audience size,Availability,Date created\n"]
    google = ["Your data segments\n", "All time\n", "Segment,Type,Membership status,Size: Search,Size: YouTube,Size: Display,Size: Gmail\n"]
    per_quarter: dict[str, int] = {}
    allocations = []
    for f in fields:
        uploadable = counts[f["segment"]][1]
        off = 0.85 if f["i"] % 5 == 2 else 1 + rng.uniform(-0.02, 0.02)  # every fifth Meta upload 15 % short: SEG003
        meta_size = two_digits(uploadable * META_RATE * off)
        google_size = two_digits(uploadable * GOOGLE_RATE * (1 + rng.uniform(-0.02, 0.02)))
        meta.append(f'{f["meta_name"]},1202145000{f["i"]:08d},Custom Audience (Customer list),"{meta_size:,}",Ready,2026-12-01\n')
        google.append(f'{f["google_name"]},Customer list,Open,"{two_digits(google_size * 0.9):,}",—,"{google_size:,}",Too small to serve\n')
        copy = f"copy:\n  - copy/*/{f['campaign']}-*.md\n" if f["i"] % 4 == 0 else ""
        repo.write(f"plans/{f['campaign']}.yaml", PLAN.format(copy=copy, **f))
        repo.write(f"briefs/{f['campaign']}.md", BRIEF.format(**f))
        quarter = f"{f['start'].year}-Q{(f['start'].month - 1) // 3 + 1}"
        if f["i"] % 3 == 0 and quarter == f"{f['end'].year}-Q{(f['end'].month - 1) // 3 + 1}":  # a share of the quarter's allocation
            per_quarter[quarter] = per_quarter.get(quarter, 0) + f["total"] + 5_000
        else:
            allocations.append(f"  - campaign: {f['campaign']}\n    amount: {f['total'] + 2_000}\n")
    meta.append("FJ Lookalike DE 1% – Buyers 2026,120214500000009103,Lookalike Audience,\"1,100,000 - 1,300,000\",Ready,2026-11-20\n")
    google.append("All visitors (Google Ads),Website visitors,Open,\"1,2M\",\"980K\",\"2,4M\",—\n")
    repo.write("audiences/meta_audiences_2026-12-01.csv", "".join(meta))
    repo.write("audiences/google_ads_segments_2026-12-01.csv", "".join(google))
    # every fiscal quarter in FY2026/27 terms (fiscal_year_start 04-01): calendar 2027-Q1 is FY2026-Q4
    periods = "".join(f"  - start: {dt.date(int(q[:4]), 3 * int(q[-1]) - 2, 1)}\n    end: "
                      f"{(dt.date(int(q[:4]) + (q[-1] == '4'), (3 * int(q[-1])) % 12 + 1, 1) - dt.timedelta(days=1))}\n    amount: {amount}\n"
                      for q, amount in sorted(per_quarter.items()))
    repo.write("finance/allocations.yaml", "version: 1\ncurrency: EUR\nallocations:\n" + "".join(allocations) + periods)
    for j in range(copy_files):
        f = fields[j % plans]
        folder, source, medium = COPY_KINDS[j % len(COPY_KINDS)]
        shown_source = source.capitalize() if j % 7 == 3 else source  # UTM006: safe fix
        key = "UTM_Medium" if j % 11 == 5 else "utm_medium"  # UTM002: safe fix
        link = (f"https://www.fjordline.example/bench-{f['i']:02d}?utm_source={shown_source}&{key}={medium}"
                f"&utm_campaign={f['campaign']}&utm_content=ad-{j:03d}")
        channel = {"meta": "meta", "google-ads": "google_ads_rsa", "email": "email"}[folder]
        repo.write(f"copy/{folder}/{f['campaign']}-{j:03d}.md",
                   COPY.format(channel=channel, campaign=f["campaign"], i=f["i"], j=j, link=link, source=source, medium=medium))
    repo.commit("scaled workspace")
    repo.approve([f"briefs/{f['campaign']}.md" for f in fields])
    return counts


# --- measuring -----------------------------------------------------------------------------------


def tally(reports: list[dict]) -> str:
    counts: dict[str, int] = {}
    for report in reports:
        counts[report["verdict"]] = counts.get(report["verdict"], 0) + 1
    return ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))


def check_counts(reports: list[dict], counts: dict[str, tuple[int, int]]) -> None:
    """Every plan's SEG001 figures are the generator's own count of its segment."""
    for report in reports:
        [seg] = [o for o in report["checks"]["segment"]["observations"] if o["code"] == "SEG001"]
        want = counts[seg["figures"]["segment"]]
        got = (seg["figures"]["segment_members"], seg["figures"]["uploadable"])
        if got != want:
            raise SystemExit(f"{report['campaign']}: segment {seg['figures']['segment']!r} counted {got}, the export holds {want}")
        if report["checks"]["readiness"]["status"] == "fail":
            raise SystemExit(f"{report['campaign']}: readiness failed: {report['summary']}")


def in_process(root: Path, runs: int) -> None:
    """Each check of one plan on a fresh LaunchContext, then the segment check of every plan on one."""
    from mops.launch.budget import check_budget
    from mops.launch.check import plan_paths
    from mops.launch.context import LaunchContext
    from mops.launch.plan_file import check_references, load_plan_file
    from mops.launch.readiness import check_readiness
    from mops.launch.segment import check_segment
    from mops.launch.tracking import check_tracking
    from mops.workspace import load_workspace

    os.chdir(root)
    ws = load_workspace(root)
    today = dt.date.fromisoformat(AS_OF)
    pfs = [load_plan_file(ws, path) for path in plan_paths(ws, [], all_plans=True, today=today)]
    for pf in pfs:
        check_references(ws, pf)
    pf = next(p for p in pfs if not p.plan.copy_files)  # found by the copy folder's walk, as most plans are
    checks = {"segment": check_segment, "tracking": check_tracking, "budget": check_budget, "readiness": check_readiness}
    for name, check in checks.items():
        seconds, _ = median_of(runs, lambda: check(LaunchContext(ws=ws, today=today, plans=list(pfs)), pf))
        print(f"  in process, {name:<9} check of {pf.plan.campaign}: {seconds:6.3f} s (fresh context, median of {runs})")

    def every_segment() -> None:
        ctx = LaunchContext(ws=ws, today=today, plans=list(pfs))
        for each in pfs:
            check_segment(ctx, each)

    seconds, _ = median_of(runs, every_segment)
    print(f"  in process, segment check of all {len(pfs)} plans on one context: {seconds:6.3f} s (median of {runs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--plans", type=int, default=20)
    parser.add_argument("--copy-files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temporary workspaces and print where they are")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="mops-bench-launch-"))
    try:
        home = folder / "home"
        home.mkdir()
        (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
        env = {k: v for k, v in os.environ.items() if k not in ("SSH_AUTH_SOCK", "PYTHONDONTWRITEBYTECODE") and not k.startswith("GIT_")}
        env.update({
            "HOME": str(home), "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
            "XDG_CACHE_HOME": str(home / ".cache"), "PYTHONPATH": str(REPO), "NO_COLOR": "1",
            "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@fjordline.example",
            "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@fjordline.example",
        })
        os.environ.update({k: env[k] for k in ("HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "XDG_CACHE_HOME")})
        os.environ.pop("SSH_AUTH_SOCK", None)
        keys = {}
        (folder / "keys").mkdir()
        for email in GATEKEEPERS:
            key = folder / "keys" / email.split("@")[0]
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", email, "-f", str(key)], check=True, env=env)
            keys[email] = key

        # 1. the example workspace
        example = Repo(folder / "example", env, keys)
        shutil.copytree(EXAMPLE, example.root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".mops"))
        example.signers()
        example.commit("example workspace")
        example.approve(["briefs/2027-q1_winter-clearance.md", "briefs/2027-q2_spring-sale.md"])
        seconds, reports = median_of(args.runs, example.launch_check)
        verdicts = {r["campaign"]: r["verdict"] for r in reports}
        if verdicts != EXAMPLE_VERDICTS:
            raise SystemExit(f"example verdicts {verdicts}, expected {EXAMPLE_VERDICTS}")
        print(f"example workspace, mops launch check --all --as-of {AS_OF}: {seconds:6.2f} s for {len(reports)} plans "
              f"(median of {args.runs}; {tally(reports)})")

        # 2. the scaled workspace
        start = time.perf_counter()
        scaled = Repo(folder / "scaled", env, keys)
        counts = scaled_workspace(scaled, args.members, args.plans, args.copy_files)
        print(f"scaled workspace: {args.members:,} CRM rows ({len(SEGMENTS)} segments), {args.plans} plans, {args.copy_files} copy files, "
              f"Meta and Google Ads audience exports; built and briefs approved in {time.perf_counter() - start:.1f} s")
        seconds, reports = median_of(args.runs, scaled.launch_check)
        if len(reports) != args.plans:
            raise SystemExit(f"{len(reports)} plans checked, {args.plans} expected")
        check_counts(reports, counts)
        corrections = sum(len(r["corrections"]) for r in reports)
        print(f"scaled workspace, mops launch check --all --as-of {AS_OF}: {seconds:6.2f} s for {len(reports)} plans, "
              f"{seconds / len(reports):.2f} s a plan (median of {args.runs}; {tally(reports)}; {corrections} corrections; "
              "segment counts as generated)")
        print("goal: the scaled run under 10 s")

        # 3. where one plan's time goes
        in_process(scaled.root, args.runs)
        if args.keep:
            print(f"kept: {folder} (HOME={home})")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
