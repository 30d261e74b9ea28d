"""A team with real SSH signing keys and a real git repository, isolated from the developer's own
set-up: HOME and GIT_CONFIG_GLOBAL point into the test's temporary folder, keys come from
`ssh-keygen`, and each person "at the keyboard" is git configuration of their own."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

BASE_CONFIG = """\
version: 1
name: Test Outdoor
currency: EUR
timezone: Europe/Berlin
people:
  - {name: Dana Lee, email: dana@example.com, role: gatekeeper}
  - {name: Malte Berg, email: malte@example.com, role: gatekeeper}
  - {name: Priya Nair, email: priya@example.com, role: marketer}
  - {name: Eve Mallory, email: eve@example.com, role: marketer}
lint:
  exclude: [".mops/**", ".git/**", "approvals/**"]
approvals:
  allowed_signers: approvals/allowed_signers
"""

PLAN = """\
campaign: 2026-q4_black-friday
start: 2026-11-20
end: 2026-11-30
currency: EUR
total_budget: {budget}
channels:
  - channel: paid_social
    budget: {budget}
"""

COPY = """\
# Winter boots

Headline: Warm feet on every trail
Primary text: Our winter boots keep you warm on every trail.
Link: https://fjordline.example/boots?utm_source=facebook&utm_medium=paid_social&utm_campaign=2026-q4_black-friday
"""


@dataclass
class Person:
    email: str
    name: str
    key: Path  # private key file

    @property
    def public(self) -> str:
        return Path(f"{self.key}.pub").read_text().split("\n")[0].strip()

    def signers_line(self, namespaces: str | None = None) -> str:
        option = f' namespaces="{namespaces}"' if namespaces else ""
        return f"{self.email}{option} {' '.join(self.public.split()[:2])}\n"


class Team:
    """The workspace repository and the people who work in it."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.home = tmp_path / "home"
        self.home.mkdir()
        monkeypatch.setenv("HOME", str(self.home))
        monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(self.home / ".gitconfig"))
        monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
        (self.home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
        self.root = tmp_path / "repo"
        self.root.mkdir()
        self.keys = tmp_path / "keys"
        self.keys.mkdir()
        self.people: dict[str, Person] = {}
        self.git("init", "-q")
        self.clock = 1_780_000_000  # commit times the tests control, one hour apart

    # -- git ------------------------------------------------------------------------------
    def git(self, *args: str, check: bool = True, env: dict[str, str] | None = None) -> str:
        full = {**os.environ, **(env or {})}
        done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, env=full)
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout.strip()

    def tick(self, hours: float = 1.0) -> None:
        """Move the commit clock: the next commits are dated `hours` later."""
        self.clock += int(hours * 3600)
        stamp = f"@{self.clock} +0000"
        os.environ["GIT_AUTHOR_DATE"] = stamp
        os.environ["GIT_COMMITTER_DATE"] = stamp

    def at(self, when: "dt.datetime") -> None:
        """Date the next commits exactly `when` (a timezone-aware datetime)."""
        self.clock = int(when.timestamp())
        self.tick(0)

    def commit_all(self, message: str, *, tick: bool = True) -> str:
        if tick:
            self.tick()
        self.git("add", "-A")
        self.git("-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", message)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    # -- people and keys ------------------------------------------------------------------
    def person(self, email: str, name: str | None = None) -> Person:
        if email not in self.people:
            key = self.keys / email.split("@")[0]
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", email, "-f", str(key)], check=True)
            self.people[email] = Person(email, name or email, key)
        return self.people[email]

    def sign_as(self, email: str) -> Person:
        """Make `email` the person at the keyboard: their name, email and SSH signing key."""
        person = self.person(email)
        self.git("config", "user.email", email)
        self.git("config", "user.name", person.name)
        self.git("config", "gpg.format", "ssh")
        self.git("config", "user.signingkey", str(person.key))
        os.environ["GIT_AUTHOR_EMAIL"] = email
        os.environ["GIT_COMMITTER_EMAIL"] = email
        return person

    def workspace(self, config: str = BASE_CONFIG, signers: tuple[str, ...] = ("dana@example.com", "malte@example.com")) -> None:
        """mops.yaml, the allowed-signers file with these people's keys, one brief-free artifact set; committed."""
        self.write("mops.yaml", config)
        self.write("approvals/allowed_signers", "# gatekeepers\n" + "".join(self.person(e).signers_line() for e in signers))
        self.write("copy/meta/boots.md", COPY)
        self.write("plans/2026-q4_black-friday.yaml", PLAN.format(budget=30000))
        self.commit_all("workspace")


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    import sys

    return subprocess.run([sys.executable, "-m", "mops", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    """A team's repository with the standard workspace committed, the current folder inside it."""
    team = Team(tmp_path, monkeypatch)
    team.workspace()
    monkeypatch.chdir(team.root)
    return team
