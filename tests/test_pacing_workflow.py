"""examples/pacing-workflow.yml: the scheduled pacing check a team copies into its repository.

The workflow's shape is read from the YAML (schedule, command line, pull request step, and that it
never approves or applies anything); its shell steps are then run as Actions runs them
(`bash -eo pipefail`), in order, on a git clone of the example workspace, with `mops` on PATH
being this checkout: the import, the check as of 2026-12-05 and the step that finds the proposal
and titles the pull request."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / "examples" / "pacing-workflow.yml"
EXAMPLE = REPO / "examples" / "workspace"
AS_OF = "2026-12-05"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return workflow()["jobs"]["pacing"]["steps"]


def step(name: str) -> dict:
    [found] = [s for s in steps() if s.get("name") == name]
    return found


def test_it_runs_daily_on_a_schedule_and_by_hand() -> None:
    on = workflow()[True]  # YAML 1.1 reads the key `on` as true
    [schedule] = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*") and minute.isdigit() and hour.isdigit()  # once a day
    assert "workflow_dispatch" in on and "as_of" in on["workflow_dispatch"]["inputs"]
    assert set(on) == {"schedule", "workflow_dispatch"}  # never on a pull request: it opens them


def test_it_installs_mops_and_runs_the_check_on_every_running_plan_as_json() -> None:
    assert steps()[0]["uses"].startswith("actions/checkout@")
    runs = [s.get("run", "") for s in steps()]
    assert "pip install mops" in runs
    [check] = [line.strip() for run in runs for line in run.splitlines() if line.strip().startswith("mops pacing check")]
    argv = shlex.split(check.split(">")[0])
    assert argv[:4] == ["mops", "pacing", "check", "--all"]
    assert argv[argv.index("--format") + 1] == "json"
    assert argv[argv.index("--as-of") + 1] == "$AS_OF"
    assert any("mops history import" in run for run in runs)


def test_a_pull_request_is_opened_only_when_proposals_changed() -> None:
    flow = workflow()
    assert flow["permissions"] == {"contents": "write", "pull-requests": "write"}
    [pr] = [s for s in steps() if "create-pull-request" in s.get("uses", "")]
    action, version = pr["uses"].split("@")
    assert action == "peter-evans/create-pull-request" and re.fullmatch(r"v\d+", version)  # pinned by major version
    assert pr["if"] == "steps.proposals.outputs.changed == 'true'"
    assert pr["with"]["add-paths"] == "proposals/"  # the proposals and nothing else
    assert "steps.proposals.outputs.title" in pr["with"]["title"]
    assert "steps.day.outputs.as_of" in pr["with"]["branch"]  # one pull request per day judged


def test_it_never_approves_or_applies() -> None:
    """Anything that moves money goes through a person's `mops approve`: the workflow only proposes."""
    for s in steps():
        run = s.get("run", "")
        commands = [line for line in run.splitlines() if not line.strip().startswith(("#", "echo"))]
        for line in commands:
            assert not re.search(r"\bmops\s+(approve|proposal|approvals)\b", line), line
    # and no action that approves, merges or enables auto-merge: only these
    actions = {s["uses"].split("@")[0] for s in steps() if "uses" in s}
    assert actions == {"actions/checkout", "actions/setup-python", "actions/cache", "actions/upload-artifact", "peter-evans/create-pull-request"}
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "auto-merge" not in text and "gh pr merge" not in text


# -- the shell steps, run ------------------------------------------------------------------------


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """The example workspace as a freshly checked-out repository, and a `mops` on PATH that is this checkout."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".mops"))
    (root / ".gitignore").write_text(".mops/\npacing.json\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "workspace"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "mops"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH={shlex.quote(str(REPO))} exec {shlex.quote(sys.executable)} -m mops "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return root


def run_step(clone: Path, name: str, **env: str) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    """Run a step's script as Actions does; returns the process and what it wrote to GITHUB_OUTPUT."""
    output = clone.parent / "github_output"
    output.write_text("", encoding="utf-8")
    temp = clone.parent / "runner_temp"
    temp.mkdir(exist_ok=True)
    full_env = {
        **os.environ, **{k: str(v) for k, v in workflow()["env"].items()},
        "PATH": f"{clone.parent / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output), "RUNNER_TEMP": str(temp), **env,
    }
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step(name)["run"]],
                          cwd=clone, env=full_env, capture_output=True, text=True, timeout=300)
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)
    return done, outputs


def test_the_day_defaults_to_yesterday_and_a_hand_given_day_must_be_a_date(clone: Path) -> None:
    done, out = run_step(clone, "Day to judge", AS_OF_INPUT=AS_OF)
    assert done.returncode == 0 and out == {"as_of": AS_OF}
    done, out = run_step(clone, "Day to judge", AS_OF_INPUT="")
    assert done.returncode == 0 and re.fullmatch(r"\d{4}-\d\d-\d\d", out["as_of"])
    done, out = run_step(clone, "Day to judge", AS_OF_INPUT="2026-12-05; rm -rf .")
    assert done.returncode == 2 and out == {} and "must be a date" in done.stdout


def test_the_check_proposes_for_the_drifting_campaign_and_titles_the_pull_request(clone: Path) -> None:
    # no cached history: every export is imported (the example's four dirty rows are rejected: exit 1, not a failure)
    done, _ = run_step(clone, "Import the day's exports", AS_OF=AS_OF)
    assert done.returncode == 0, done.stderr
    assert (clone / ".mops" / "history.duckdb").is_file()
    done, _ = run_step(clone, "Pacing check", AS_OF=AS_OF)
    assert done.returncode == 0, done.stderr  # exit 1 (a plan needs action) is a finding, not a failure
    assert (clone / "pacing.json").is_file()

    done, out = run_step(clone, "Proposals written", AS_OF=AS_OF)
    assert done.returncode == 0, done.stderr
    assert out == {"changed": "true", "title": f"Pacing {AS_OF}: budget proposals for 2026-q4_winter-gear"}
    body = (clone.parent / "runner_temp" / "pacing-pr.md").read_text(encoding="utf-8")
    assert f"- `proposals/2026-q4_winter-gear-pacing-{AS_OF}.yaml`" in body
    assert "mops approve" in body  # what the gatekeeper does: the workflow does not

    # the proposal merged, the same day checked again: the same bytes, no pull request
    for args in (["add", "-A"], ["commit", "-q", "-m", "merge the proposal"]):
        subprocess.run(["git", *args], cwd=clone, check=True, capture_output=True)
    run_step(clone, "Pacing check", AS_OF=AS_OF)
    done, out = run_step(clone, "Proposals written", AS_OF=AS_OF)
    assert out == {"changed": "false"} and "no proposal" in done.stdout


def test_with_a_cached_history_only_the_days_exports_are_imported(clone: Path) -> None:
    run_step(clone, "Import the day's exports", AS_OF="2026-11-24")  # no history yet: everything
    query = ["mops", "history", "query", "SELECT count(*) FROM imports", "--format", "csv"]
    env = {**os.environ, "PATH": f"{clone.parent / 'bin'}{os.pathsep}{os.environ['PATH']}"}

    def imports() -> int:
        return int(subprocess.run(query, cwd=clone, env=env, capture_output=True, text=True, check=True).stdout.split()[-1])

    before = imports()
    done, _ = run_step(clone, "Import the day's exports", AS_OF=AS_OF)
    assert done.returncode == 0, done.stderr
    assert imports() == before + 2  # the Google Ads and the Meta export ending 2026-12-05
    done, _ = run_step(clone, "Import the day's exports", AS_OF="2026-12-04")
    assert done.returncode == 0 and "no export for 2026-12-04" in done.stdout and imports() == before + 2
