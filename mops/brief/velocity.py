"""The team's velocity: how many days past campaigns took from kickoff to launch, read from git.

A past campaign's kickoff is the author date of the first commit that added its transcript
(`transcripts/<campaign>*`) or its brief (`briefs/<campaign>.md`); its launch is its plan's `start`.
Author dates, not committer dates: a rebase or a squash merge rewrites the committer date to the
day of the merge, while the author date stays the day the file was written.

Only campaigns whose plan has started count. A kickoff file added on or after the launch day does
not date the kickoff (a brief written up afterwards, an archive imported in one commit), so such a
campaign is left out and the reason kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class KickoffFile:
    """The first commit that added a transcript or brief of a campaign."""

    path: str  # workspace-relative
    commit: str
    day: dt.date


@dataclass(frozen=True)
class LeadTime:
    """One past campaign's kickoff-to-launch time."""

    campaign: str
    kickoff: KickoffFile
    launch: dt.date
    plan_path: str  # workspace-relative
    plan_line: int | None  # the line of `start:` in the plan

    @property
    def days(self) -> int:
        return (self.launch - self.kickoff.day).days


@dataclass
class Velocity:
    """What the git history says; `unavailable` says why there is nothing to say."""

    lead_times: list[LeadTime] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # "2026-q1_x: brief added 3 days after launch"
    unavailable: str | None = None


def team_velocity(ws: Any, *, today: dt.date, exclude: str | None = None) -> Velocity:
    """Kickoff-to-launch times of every started campaign with a plan, except `exclude` (the one being briefed)."""
    if ws.root is None:
        return Velocity(unavailable="no workspace folder, so no git history to read")
    plans = {p.campaign: p for p in ws.plans() if p.start <= today and p.campaign != exclude}
    if not plans:
        return Velocity(unavailable=f"no plan under {ws.config.paths.plans}/ has started yet, so there is no past launch to time")
    # every plan's id, started or not, so that a file is matched to the longest id it names
    kickoffs = _first_additions(ws, [p.campaign for p in ws.plans()])
    if isinstance(kickoffs, str):
        return Velocity(unavailable=kickoffs)
    velocity = Velocity()
    for campaign, plan in sorted(plans.items()):
        kickoff = kickoffs.get(campaign)
        if kickoff is None:
            velocity.left_out.append(f"{campaign}: no transcript or brief of it in the git history")
            continue
        plan_path = f"{ws.config.paths.plans}/{campaign}.yaml"
        lead = LeadTime(campaign, kickoff, plan.start, plan_path, _start_line(ws.path(plan_path)))
        if lead.days <= 0:
            velocity.left_out.append(
                f"{campaign}: {kickoff.path} was first committed {-lead.days} days after its launch on {plan.start}, so it does not date the kickoff"
                if lead.days < 0 else f"{campaign}: {kickoff.path} was first committed on its launch day, so it does not date the kickoff"
            )
            continue
        velocity.lead_times.append(lead)
    return velocity


def _first_additions(ws: Any, campaigns: list[str]) -> dict[str, KickoffFile] | str:
    """campaign -> the earliest commit adding one of its kickoff files; a reason string when git cannot say."""
    try:
        import git  # GitPython: only when a brief is enriched
    except ImportError:  # GitPython refuses to import when it finds no git executable
        return "git is not installed, so the kickoff history cannot be read"
    try:
        repo = git.Repo(ws.root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return f"{ws.root} is not in a git repository, so there is no history of kickoffs"
    except git.GitCommandNotFound:
        return "git is not installed, so the kickoff history cannot be read"
    top = Path(repo.working_tree_dir).resolve() if repo.working_tree_dir else None
    if top is None:
        return f"{ws.root} is in a bare git repository, which has no files to date"
    prefix = Path(ws.root).resolve().relative_to(top).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    folders = {"transcripts": ws.config.paths.transcripts, "briefs": ws.config.paths.briefs}
    try:
        # one `git log` for both folders: the commits that added files there (renames count as
        # additions at the new path), each as a \x01-led header line followed by its files;
        # quotePath off so that names with accents come out as they are, not octal-escaped
        out = repo.git.execute([
            "git", "-c", "core.quotePath=false", "log", "--diff-filter=A", "--no-renames", "--name-only",
            "--format=%x01%H %aI", "--", *(f"{prefix}{folder}/" for folder in folders.values()),
        ])
    except git.GitCommandError as exc:
        if "does not have any commits" in str(exc.stderr):
            return "the git repository has no commits yet, so there is no history of kickoffs"
        detail = str(exc.stderr).strip().splitlines()
        return f"git log failed ({detail[-1] if detail else exc.status}), so the kickoff history cannot be read"
    found: dict[str, KickoffFile] = {}
    by_length = sorted(campaigns, key=len, reverse=True)  # 2026-q4_sale-extra before 2026-q4_sale
    for block in out.split("\x01")[1:]:
        header, *files = block.strip().splitlines()
        commit, when = header.split(" ", 1)
        day = dt.datetime.fromisoformat(when).date()
        for name in files:
            relative = name[len(prefix):] if name.startswith(prefix) else name
            campaign = _campaign_of(relative, folders, by_length)
            if campaign is None:
                continue
            known = found.get(campaign)
            if known is None or (day, relative) < (known.day, known.path):
                found[campaign] = KickoffFile(relative, commit, day)
    return found


def _campaign_of(relative: str, folders: dict[str, str], campaigns_longest_first: list[str]) -> str | None:
    """The campaign a kickoff file belongs to: briefs/<id>.md exactly; transcripts/<id>* (in any
    subfolder) by the longest id it starts with, so 2026-q4_sale-extra-kickoff.txt is not 2026-q4_sale's."""
    folder, _, name = relative.rpartition("/")
    if folder == folders["briefs"].strip("/"):
        stem = name.removesuffix(".md")
        return stem if name.endswith(".md") and stem in campaigns_longest_first else None
    if (folder + "/").startswith(folders["transcripts"].strip("/") + "/"):
        return next((c for c in campaigns_longest_first if name.startswith(c)), None)
    return None


def _start_line(plan: Path) -> int | None:
    try:
        text = plan.read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r"^start\s*:", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None
