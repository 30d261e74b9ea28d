"""examples/github-workflow.yml: the lint job, and the approvals job a team copies into its repository.

The approvals job's own command is run here, with the pull request's base filled in, on real
clones: a full clone as `fetch-depth: 0` gives, and a shallow one as a default checkout gives."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / "examples" / "github-workflow.yml"
BASE_EXPRESSION = "${{ github.event.pull_request.base.sha }}"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def verify_command() -> str:
    runs = [step["run"] for step in workflow()["jobs"]["approvals"]["steps"] if "mops approvals verify" in step.get("run", "")]
    assert len(runs) == 1
    return runs[0]


def test_the_lint_job_is_kept() -> None:
    runs = [step.get("run", "") for step in workflow()["jobs"]["lint"]["steps"]]
    assert "mops lint --format github" in runs


def test_the_approvals_job_runs_on_pull_requests_with_full_history_against_the_base() -> None:
    flow = workflow()
    assert "pull_request" in flow[True]  # YAML 1.1 reads the key `on` as true
    job = flow["jobs"]["approvals"]
    assert job["if"] == "github.event_name == 'pull_request'"  # a push to main has no base to judge against
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0
    argv = shlex.split(verify_command().replace(BASE_EXPRESSION, "BASE"))  # Actions fills the expression in before the shell runs
    assert argv[:3] == ["mops", "approvals", "verify"]
    assert argv[argv.index("--base") + 1] == "BASE"
    assert argv[argv.index("--format") + 1] == "github"


@pytest.fixture
def remote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A team repository (mops init) whose pull request adds copy nobody approved: (remote, base sha)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    work = tmp_path / "work"

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=work, check=True, capture_output=True, text=True).stdout.strip()

    done = subprocess.run([sys.executable, "-m", "mops", "init", str(work)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    git("add", "-A")
    git("commit", "-q", "-m", "mops init")
    base = git("rev-parse", "HEAD")
    (work / "copy").mkdir()
    (work / "copy" / "ad.md").write_text("# Spring sale\n\nHeadline: Boots for every trail\n")
    git("add", "-A")
    git("commit", "-q", "-m", "spring copy")
    return work, base


def run_verify(clone: Path, base: str) -> subprocess.CompletedProcess:
    argv = shlex.split(verify_command().replace(BASE_EXPRESSION, base))
    return subprocess.run([sys.executable, "-m", *argv], cwd=clone, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})


def test_the_verify_step_annotates_unapproved_copy_in_a_full_clone(remote: tuple[Path, str], tmp_path: Path) -> None:
    work, base = remote
    clone = tmp_path / "ci"
    subprocess.run(["git", "clone", "-q", f"file://{work}", str(clone)], check=True)
    done = run_verify(clone, base)
    assert done.returncode == 1, done.stderr
    assert "::error file=copy/ad.md,title=mops approval%3A pending::" in done.stdout


def test_a_shallow_checkout_lacks_the_base_and_says_to_fetch_full_history(remote: tuple[Path, str], tmp_path: Path) -> None:
    work, base = remote
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{work}", str(clone)], check=True)
    done = run_verify(clone, base)
    assert done.returncode == 2
    assert "fetch-depth: 0" in done.stderr and "Traceback" not in done.stderr
