"""Attacks on `mops approvals verify --base` by someone with no gatekeeper's key (found by a red-team
review, each a script first): none may turn a rejected or unapproved artifact into `approved`, and
none may crash, hang or pass silently."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from mops.approvals.approve import approve
from mops.approvals.records import render_record
from mops.models.approval import ApprovalRecord
from mops.workspace import load_workspace
from tests.approvals_support import Team, team  # noqa: F401 - the fixture

BOOTS = "copy/meta/boots.md"
RECORDS = Path("approvals/records") / BOOTS


def _decide(team: Team, who: str, minute: int, decision: str = "approved", artifact: str = BOOTS) -> str:
    team.sign_as(who)
    team.tick()
    approve(load_workspace(team.root), [team.root / artifact], decision=decision, comment="claim not cleared" if decision == "rejected" else None,
            now=dt.datetime(2026, 12, 1, 9, minute, tzinfo=dt.timezone.utc))
    return team.head()


def _rejected_on_main(team: Team) -> tuple[str, str]:
    """Dana approves the boots ad, then Malte rejects it: (commit of the approval, base = main after the rejection)."""
    approved = _decide(team, "dana@example.com", 1)
    base = _decide(team, "malte@example.com", 2, "rejected")
    team.sign_as("eve@example.com")
    team.git("config", "--unset", "user.signingkey")
    return approved, base


def _state(mops, team: Team, base: str, *named: str) -> tuple[int, str, str]:
    result = mops("approvals", "verify", "--base", base, "--format", "json", *named, cwd=team.root)
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    states = {a["artifact"]: a for a in json.loads(result.stdout)["artifacts"]}
    found = states.get(BOOTS, {"state": "not verified", "reason": ""})
    return result.exit_code, found["state"], found["reason"]


def _rejection(team: Team) -> Path:
    return next((team.root / RECORDS).glob("*rejected*.yaml"))


def test_a_record_reusing_a_rejections_signature_does_not_hide_it(team: Team, mops) -> None:
    _, base = _rejected_on_main(team)
    team.git("checkout", "-q", "-b", "eve-pr")
    fields = yaml.safe_load(_rejection(team).read_text())
    fields.update(decision="approved", artifact_sha256="0" * 64, artifact_blob="0" * 40, recorded_at="1970-01-01T00:00:00Z")
    (team.root / RECORDS / "00000000T000000Z-approved-aaaaaaaa.yaml").write_text(yaml.safe_dump(fields, sort_keys=False))
    team.commit_all("tidy approvals")
    code, state, _ = _state(mops, team, base)
    assert code == 1 and state in ("invalid", "rejected")


def test_a_rejection_edited_into_an_approval_in_place_does_not_count(team: Team, mops) -> None:
    _, base = _rejected_on_main(team)
    rejection = _rejection(team)
    data = (team.root / BOOTS).read_bytes()
    import hashlib

    rejection.write_text(rejection.read_text().replace("decision: rejected", "decision: approved"))
    team.commit_all("fix typo")
    code, state, _ = _state(mops, team, base)
    assert code == 1 and state in ("invalid", "rejected")
    assert hashlib.sha256(data).hexdigest()  # the ad itself is unchanged: only the record was touched


def test_moving_a_rejection_out_of_its_folder_does_not_undo_it(team: Team, mops) -> None:
    _, base = _rejected_on_main(team)
    archive = team.root / "approvals" / "records" / "archive"
    archive.mkdir(parents=True)
    shutil.move(_rejection(team), archive / "old.yaml")
    team.commit_all("archive")
    code, state, _ = _state(mops, team, base, BOOTS)
    assert code == 1 and state == "rejected"


def test_a_merge_keeping_its_own_side_does_not_hide_the_bases_rejection(team: Team, mops) -> None:
    approved, base = _rejected_on_main(team)
    team.git("checkout", "-q", "-b", "eve-pr", approved)
    team.write("NOTES.txt", "notes\n")
    team.commit_all("notes")
    team.tick()
    team.git("merge", "-q", "-s", "ours", "-m", "Merge main", "main")
    merge = team.git("commit-tree", "-p", base, "-p", "HEAD", "-m", "Merge eve-pr into main", "HEAD^{tree}")
    team.git("checkout", "-q", merge)
    code, state, _ = _state(mops, team, base, BOOTS)
    assert code == 1 and state == "rejected"


def test_a_copy_of_the_rejection_on_an_older_side_branch_does_not_reorder_decisions(team: Team, mops) -> None:
    start = team.head()
    _, base = _rejected_on_main(team)
    copy = _rejection(team).read_text()
    team.git("checkout", "-q", "-b", "side", start)
    team.write(f"{RECORDS.as_posix()}/00000000T000000Z-rejected-copy.yaml", copy)
    team.commit_all("side")
    team.tick()
    team.git("merge", "-q", "--no-edit", "main")
    code, state, _ = _state(mops, team, base, BOOTS)
    assert code == 1 and state == "rejected"


def test_reordering_the_commits_of_a_branch_does_not_reorder_decisions(team: Team, mops) -> None:
    base = team.head()
    team.git("checkout", "-q", "-b", "eve-pr")
    team.write(BOOTS, "# Winter boots\n\nHeadline: Clinically proven to cure frostbite\n")
    edit = team.commit_all("new headline")
    approval = _decide(team, "dana@example.com", 1)
    rejection = _decide(team, "dana@example.com", 2, "rejected")
    assert _state(mops, team, base)[1] == "rejected"
    team.git("reset", "-q", "--hard", edit)
    for commit in (rejection, approval):  # the rejection first now
        team.tick()
        team.git("-c", "commit.gpgsign=false", "cherry-pick", commit)
    code, state, _ = _state(mops, team, base)
    assert code == 1 and state == "rejected"


def test_a_rejection_only_the_base_has_still_counts(team: Team, mops) -> None:
    approved, base = _rejected_on_main(team)
    team.git("checkout", "-q", "-b", "eve-pr", approved)  # cut before the rejection, base not merged in
    team.write("NOTES.md", "unrelated\n")
    team.commit_all("notes")
    code, state, _ = _state(mops, team, base, BOOTS)
    assert code == 1 and state == "rejected"


def test_an_approval_made_after_seeing_the_rejection_overturns_it(team: Team, mops) -> None:
    start = team.head()
    _decide(team, "dana@example.com", 1)
    _decide(team, "malte@example.com", 2, "rejected")
    _decide(team, "dana@example.com", 3)
    record = yaml.safe_load(sorted((team.root / RECORDS).glob("*approved*.yaml"))[-1].read_text())
    assert len(record["after"]) == 1  # signed as made after the rejection
    code, state, _ = _state(mops, team, start)
    assert code == 0 and state == "approved"


def test_an_approval_that_had_not_seen_a_rejection_does_not_overturn_it(team: Team, mops) -> None:
    """Dana approves on a branch cut before Malte's rejection landed; both merge: the rejection stands."""
    start = team.head()
    team.git("checkout", "-q", "-b", "dana")
    _decide(team, "dana@example.com", 5)
    team.git("checkout", "-q", "main")
    _decide(team, "malte@example.com", 1, "rejected")
    team.tick()
    team.git("merge", "-q", "--no-edit", "dana")
    code, state, reason = _state(mops, team, start)
    assert code == 1 and state == "rejected" and "having seen it" in reason


def test_a_symlinked_folder_or_a_submodule_where_copy_goes_is_reported(team: Team, mops) -> None:
    base = team.head()
    team.write("notes/spring/ad.md", "# Spring\n\nHeadline: Unapproved claim\n")
    os.symlink("../notes/spring", team.root / "copy" / "spring")
    partner = team.root.parent / "partner"
    partner.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=partner, check=True)
    (partner / "ad.md").write_text("# Partner\n\nHeadline: also unapproved\n")
    subprocess.run(["git", "add", "-A"], cwd=partner, check=True)
    subprocess.run(["git", "-c", "commit.gpgsign=false", "commit", "-qm", "partner"], cwd=partner, check=True)
    team.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(partner), "copy/partner")
    team.commit_all("spring copy")
    for args in (("--base", base), ()):
        result = mops("approvals", "verify", "--format", "json", *args, cwd=team.root)
        assert result.exit_code == 1, result.stdout
        states = {a["artifact"]: a["state"] for a in json.loads(result.stdout)["artifacts"]}
        assert states["copy/spring"] == "invalid" and states["copy/partner"] == "invalid"


def test_an_approved_file_replaced_by_a_symlink_is_invalid(team: Team, mops) -> None:
    base = _decide(team, "dana@example.com", 1)
    team.write("notes/boots.md", (team.root / BOOTS).read_text())
    (team.root / BOOTS).unlink()
    os.symlink("../../notes/boots.md", team.root / BOOTS)
    team.commit_all("dedupe")
    code, state, reason = _state(mops, team, base)
    assert code == 1 and state == "invalid" and "symbolic link" in reason


def test_records_and_artifacts_pointing_at_a_device_never_hang(team: Team, mops) -> None:
    base = team.head()
    os.symlink("/dev/zero", team.root / "copy" / "meta" / "zero.md")
    (team.root / RECORDS).mkdir(parents=True)
    os.symlink("/dev/zero", team.root / RECORDS / "zero.yaml")
    team.commit_all("zeros")
    result = mops("approvals", "verify", "--base", base, "--format", "json", cwd=team.root)
    states = {a["artifact"]: a for a in json.loads(result.stdout)["artifacts"]}
    assert result.exit_code == 1
    assert states["copy/meta/zero.md"]["state"] == "invalid"
    assert states[BOOTS]["state"] == "invalid" and "zero.yaml" in states[BOOTS]["reason"]


def test_a_record_without_a_time_zone_and_a_commit_from_the_far_future_are_no_crash(team: Team, mops) -> None:
    base = team.head()
    team.write(f"{RECORDS.as_posix()}/x.yaml", "recorded_at: '0001-01-01T00:00:00'\n")
    env = {"GIT_COMMITTER_DATE": "@99999999999 +0000", "GIT_AUTHOR_DATE": "@99999999999 +0000"}
    team.git("add", "-A")
    team.git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "future", env=env)
    code, state, reason = _state(mops, team, base)
    assert code == 1 and state == "invalid" and "x.yaml" in reason


def test_a_plan_whose_yaml_aliases_explode_is_refused_quickly(team: Team, mops) -> None:
    base = team.head()
    lines = ["campaign: bomb", "start: 2026-11-20", "end: 2026-11-30", "currency: EUR", "total_budget: 1", "channels: []",
             "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    team.write("plans/bomb.yaml", "\n".join(lines) + "\n")
    team.commit_all("plan")
    result = mops("approvals", "verify", "--base", base, "--format", "json", cwd=team.root)
    assert result.exit_code == 1
    bomb = {a["artifact"]: a for a in json.loads(result.stdout)["artifacts"]}["plans/bomb.yaml"]
    assert bomb["state"] == "pending"
    lint = mops("lint", "plans/bomb.yaml", cwd=team.root)
    assert "Traceback" not in lint.stderr


def test_file_names_do_not_escape_the_artifact_globs(team: Team, mops) -> None:
    base = team.head()
    team.write("briefs/2027-q1_spring.markdown", "# Spring\n")
    team.write("copy/meta/spring\n.md", "Headline: hidden\n")
    team.commit_all("names")
    result = mops("approvals", "verify", "--base", base, "--format", "json", cwd=team.root)
    names = {a["artifact"] for a in json.loads(result.stdout)["artifacts"]}
    assert {"briefs/2027-q1_spring.markdown", "copy/meta/spring\n.md"} <= names


def test_a_shallow_clone_is_refused_not_trusted(team: Team, mops, tmp_path: Path) -> None:
    base = _decide(team, "dana@example.com", 1)
    team.write("NOTES.md", "x\n")
    team.commit_all("notes")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{team.root}", str(clone)], check=True)
    result = mops("approvals", "verify", cwd=clone)
    assert result.exit_code == 2 and "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr
    assert base


def test_a_key_listed_by_pattern_proves_a_name_but_not_a_role(team: Team, mops) -> None:
    """`*@example.com` lets Eve's key sign as anyone there; it must not make her a gatekeeper."""
    eve = team.person("eve@example.com")
    dana = team.person("dana@example.com")
    team.write("mops.yaml", (team.root / "mops.yaml").read_text() + "  rules:\n    - paths: ['copy/**']\n      roles: [gatekeeper]\n")
    team.write("approvals/allowed_signers", dana.signers_line() + f"*@example.com {' '.join(eve.public.split()[:2])}\n")
    base = team.commit_all("a catch-all line")
    import hashlib

    from mops.approvals.repository import blob_id

    data = (team.root / BOOTS).read_bytes()
    unsigned = ApprovalRecord(artifact=BOOTS, artifact_blob=blob_id(data), artifact_sha256=hashlib.sha256(data).hexdigest(), decision="approved",
                              signer="dana@example.com", recorded_at=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc), signature="-")
    signed = subprocess.run(["ssh-keygen", "-Y", "sign", "-n", "mops-approval", "-f", str(eve.key)], input=unsigned.signed_payload(), capture_output=True, check=True)
    record = unsigned.model_copy(update={"signature": signed.stdout.decode()})
    team.write(f"{RECORDS.as_posix()}/20261201T000000Z-approved-eve.yaml", render_record(record))
    team.commit_all("approve as dana")
    code, state, reason = _state(mops, team, base)
    assert code == 1 and state == "invalid" and "may not approve" in reason


# -- second review -----------------------------------------------------------------------------------


def test_a_symlinked_mops_yaml_cannot_drop_the_bases_rules(team: Team, mops) -> None:
    team.write("mops.yaml", (team.root / "mops.yaml").read_text() + "  rules:\n    - paths: ['copy/**']\n      min_approvals: 2\n")
    base = team.commit_all("two for copy")
    (team.root / "cfg").mkdir()
    shutil.move(team.root / "mops.yaml", team.root / "cfg" / "mops.yaml")
    os.symlink("cfg/mops.yaml", team.root / "mops.yaml")
    team.commit_all("move the config")
    _decide(team, "dana@example.com", 1)
    result = mops("approvals", "verify", "--base", base, cwd=team.root)
    assert result.exit_code == 2 and "symbolic link" in result.stderr


def test_an_approval_that_never_saw_the_rejection_does_not_come_back(team: Team, mops) -> None:
    v1 = (team.root / BOOTS).read_text()
    start = team.head()
    team.git("checkout", "-q", "-b", "dana-review")
    _decide(team, "dana@example.com", 1)  # on a branch nobody merges
    old = next((team.root / RECORDS).glob("*approved*.yaml")).read_text()
    team.git("checkout", "-q", "main")
    _decide(team, "malte@example.com", 2, "rejected")
    team.write(BOOTS, v1.replace("Warm feet", "Dry feet"))
    team.commit_all("v2")
    base = _decide(team, "malte@example.com", 3)  # approves v2, having seen his rejection
    team.git("checkout", "-q", "-b", "eve-pr")
    team.write(BOOTS, v1)
    team.write(f"{RECORDS.as_posix()}/20261201T090100Z-approved-old.yaml", old)
    team.commit_all("restore the original headline")
    code, state, _ = _state(mops, team, base)
    assert code == 1 and state != "approved"
    assert start


def test_a_rejection_by_a_role_the_current_bytes_do_not_need_still_stands(team: Team, mops) -> None:
    config = (team.root / "mops.yaml").read_text().replace(
        "  - {name: Eve Mallory", "  - {name: Carla Finance, email: carla@example.com, role: cfo}\n  - {name: Eve Mallory")
    team.write("mops.yaml", config + "  rules:\n    - paths: ['plans/**']\n      budget_above: 40000\n      roles: [cfo]\n")
    carla = team.person("carla@example.com")
    with (team.root / "approvals" / "allowed_signers").open("a") as handle:
        handle.write(carla.signers_line())
    team.commit_all("a cfo for big plans")
    from tests.approvals_support import PLAN

    plan = "plans/2026-q4_black-friday.yaml"
    _decide(team, "dana@example.com", 1, artifact=plan)
    team.write(plan, PLAN.format(budget=50000))
    team.commit_all("50k")
    _decide(team, "carla@example.com", 2, "rejected", artifact=plan)
    team.write(plan, PLAN.format(budget=30000))
    base = team.commit_all("back to 30k")
    result = mops("approvals", "verify", "--format", "json", plan, cwd=team.root)
    state = json.loads(result.stdout)["artifacts"][0]
    assert state["state"] == "rejected"
    for rejection in (team.root / "approvals" / "records" / plan).glob("*rejected*.yaml"):
        rejection.unlink()
    team.commit_all("tidy records")
    result = mops("approvals", "verify", "--base", base, "--format", "json", plan, cwd=team.root)
    assert json.loads(result.stdout)["artifacts"][0]["state"] == "rejected"


def test_a_change_that_moves_an_artifact_folder_leaves_its_files_pending(team: Team, mops) -> None:
    base = team.head()
    team.write("mops.yaml", (team.root / "mops.yaml").read_text() + "paths: {plans: budget}\n")
    team.write("budget/2026-q4_big.yaml", "campaign: 2026-q4_big\ncurrency: EUR\nstart: 2026-11-01\nend: 2026-11-30\ntotal_budget: 900000\n")
    team.commit_all("plans live in budget/")
    result = mops("approvals", "verify", "--base", base, "--format", "json", cwd=team.root)
    states = {a["artifact"]: a for a in json.loads(result.stdout)["artifacts"]}
    assert result.exit_code == 1
    assert states["budget/2026-q4_big.yaml"]["state"] == "pending"
    assert "merge the settings change" in states["budget/2026-q4_big.yaml"]["reason"]


def test_a_rejection_written_where_the_change_moved_the_records_still_counts(team: Team, mops) -> None:
    base = team.head()
    team.git("checkout", "-q", "-b", "eve-pr")
    team.write(BOOTS, "# Winter boots\n\nHeadline: Cures frostbite\n")
    team.commit_all("new headline")
    _decide(team, "dana@example.com", 1)
    team.write("mops.yaml", (team.root / "mops.yaml").read_text() + "paths: {approvals: approvals/2026}\n")
    team.commit_all("group approvals by year")
    _decide(team, "malte@example.com", 2, "rejected")
    assert any((team.root / "approvals" / "2026" / "records").rglob("*rejected*.yaml"))
    code, state, _ = _state(mops, team, base)
    assert code == 1 and state == "rejected"


def test_one_key_under_two_addresses_adds_one_spending_limit(team: Team, mops) -> None:
    config = (team.root / "mops.yaml").read_text().replace(
        "  - {name: Malte Berg", "  - {name: Dana Lee, email: dana.lee@example.com, role: gatekeeper}\n  - {name: Malte Berg")
    team.write("mops.yaml", config + "  spending_limits:\n    gatekeeper: 50000\n")
    dana = team.person("dana@example.com")
    team.write("approvals/allowed_signers", f"dana@example.com,dana.lee@example.com {' '.join(dana.public.split()[:2])}\n")
    from tests.approvals_support import PLAN

    plan = "plans/2026-q4_black-friday.yaml"
    team.write(plan, PLAN.format(budget=90000))
    base = team.commit_all("a 90k plan")
    for minute, claim in ((1, "dana@example.com"), (2, "dana.lee@example.com")):
        import hashlib

        from mops.approvals.repository import blob_id

        data = (team.root / plan).read_bytes()
        unsigned = ApprovalRecord(artifact=plan, artifact_blob=blob_id(data), artifact_sha256=hashlib.sha256(data).hexdigest(), decision="approved",
                                  signer=claim, recorded_at=dt.datetime(2026, 12, 1, 9, minute, tzinfo=dt.timezone.utc), signature="-")
        signed = subprocess.run(["ssh-keygen", "-Y", "sign", "-n", "mops-approval", "-f", str(dana.key)], input=unsigned.signed_payload(), capture_output=True, check=True)
        team.write(f"approvals/records/{plan}/2026120{minute}T090000Z-approved-d{minute}.yaml", render_record(unsigned.model_copy(update={"signature": signed.stdout.decode()})))
    team.commit_all("dana twice")
    result = mops("approvals", "verify", "--base", base, "--format", "json", plan, cwd=team.root)
    state = json.loads(result.stdout)["artifacts"][0]
    assert state["state"] == "pending" and "cover 50,000.00" in state["reason"]


def test_a_chain_of_over_a_thousand_decisions_is_no_crash(team: Team, mops) -> None:
    """Approve, reject, approve... 1,100 times, each after the last (deeper than Python's recursion
    limit), the old record files pruned since: history keeps them, and verify walks the chain."""
    import hashlib
    from concurrent.futures import ThreadPoolExecutor

    from mops.approvals.records import record_path
    from mops.approvals.repository import blob_id

    base = team.head()
    dana = team.person("dana@example.com")
    data = (team.root / BOOTS).read_bytes()
    records: list[ApprovalRecord] = []
    previous: list[str] = []
    count = 1101  # ends on an approval
    for i in range(count):
        record = ApprovalRecord(artifact=BOOTS, artifact_blob=blob_id(data), artifact_sha256=hashlib.sha256(data).hexdigest(),
                                decision="approved" if i % 2 == 0 else "rejected", signer="dana@example.com",
                                recorded_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=i), after=previous, signature="-")
        previous = [record.decision_id()]
        records.append(record)

    def sign(record: ApprovalRecord) -> ApprovalRecord:
        done = subprocess.run(["ssh-keygen", "-Y", "sign", "-n", "mops-approval", "-f", str(dana.key)], input=record.signed_payload(), capture_output=True, check=True)
        return record.model_copy(update={"signature": done.stdout.decode()})

    with ThreadPoolExecutor(4) as pool:
        signed = list(pool.map(sign, records))
    paths = [record_path("approvals", r) for r in signed]
    for path, record in zip(paths, signed):
        team.write(path, render_record(record))
    team.commit_all("a long chain")
    for path in paths[:-1]:
        (team.root / path).unlink()
    team.commit_all("prune old records")
    code, state, _ = _state(mops, team, base)
    assert code == 0 and state == "approved"  # the last decision is an approval made after every rejection


def test_approve_says_which_rejection_it_overturns(team: Team, mops) -> None:
    _decide(team, "malte@example.com", 1, "rejected")
    team.sign_as("dana@example.com")
    team.tick()
    result = mops("approve", BOOTS, cwd=team.root)
    assert result.exit_code == 0
    assert "made after the rejection" in result.stdout and "rejected" in result.stdout


def test_approve_warns_when_the_branch_edits_the_settings_its_checks_run_with(team: Team, mops) -> None:
    team.git("checkout", "-q", "-b", "eve-pr")
    team.write("mops.yaml", (team.root / "mops.yaml").read_text().replace("lint:\n", "lint:\n  fail_on: error\n"))
    team.commit_all("quieter lint")
    team.sign_as("dana@example.com")
    result = mops("approve", BOOTS, cwd=team.root)
    assert result.exit_code == 0
    assert "this branch edits mops.yaml" in result.stderr
