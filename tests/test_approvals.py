"""`mops approve` and `mops approvals verify` on real git repositories with real SSH signing keys.

Every case runs git and ssh-keygen for real; HOME and GIT_CONFIG_GLOBAL point into the test's
temporary folder (tests/approvals_support.py)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from mops.approvals.approve import approve
from mops.approvals.records import render_record
from mops.models.approval import ApprovalRecord
from mops.workspace import load_workspace
from tests.approvals_support import BASE_CONFIG, PLAN, Team, team  # noqa: F401 - the fixture

BOOTS = "copy/meta/boots.md"
PLAN_FILE = "plans/2026-q4_black-friday.yaml"


def verify(mops, team: Team, base: str, *extra: str) -> tuple[int, dict[str, dict]]:
    result = mops("approvals", "verify", "--base", base, "--format", "json", *extra, cwd=team.root)
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    return result.exit_code, {a["artifact"]: a for a in report["artifacts"]}


def forged_record(team: Team, artifact: str, *, claim: str, key: Path, decision: str = "approved", data: bytes | None = None) -> ApprovalRecord:
    """A record built and signed outside mops (as an attacker would), through the public record model."""
    import hashlib

    from mops.approvals.repository import blob_id

    data = data if data is not None else (team.root / artifact).read_bytes()
    unsigned = ApprovalRecord(
        artifact=artifact, artifact_blob=blob_id(data), artifact_sha256=hashlib.sha256(data).hexdigest(), decision=decision,
        signer=claim, recorded_at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc), signature="-",
    )
    done = subprocess.run(["ssh-keygen", "-Y", "sign", "-n", "mops-approval", "-f", str(key)], input=unsigned.signed_payload(), capture_output=True, check=True)
    return unsigned.model_copy(update={"signature": done.stdout.decode()})


def plant(team: Team, record: ApprovalRecord, name: str = "20261201T090000Z-approved-forged.yaml", *, folder: str | None = None) -> str:
    relative = f"approvals/records/{folder or record.artifact}/{name}"
    team.write(relative, render_record(record))
    return relative


# -- the round trip ----------------------------------------------------------------------------


def test_approve_then_edit_goes_stale_and_a_new_approval_passes_again(team: Team, mops) -> None:
    base = team.head()
    team.sign_as("dana@example.com")
    approved = mops("approve", BOOTS, "--comment", "fine by me", cwd=team.root)
    assert approved.exit_code == 0, approved.stderr
    message = team.git("log", "-1", "--format=%B")
    assert "Mops-Decision: approved" in message and f"Mops-Artifact: {BOOTS}" in message and "Approved-by: Dana Lee <dana@example.com>" in message
    assert team.git("cat-file", "commit", "HEAD").count("BEGIN SSH SIGNATURE") == 1  # a signed commit

    code, states = verify(mops, team, base)
    assert code == 0 and states[BOOTS]["state"] == "approved"
    assert states[BOOTS]["approvers"][0]["principal"] == "dana@example.com"

    team.write(BOOTS, (team.root / BOOTS).read_text().replace("Warm feet", "Dry feet"))
    team.commit_all("copy edit")
    code, states = verify(mops, team, base)
    assert code == 1 and states[BOOTS]["state"] == "stale"

    assert mops("approve", BOOTS, cwd=team.root).exit_code == 0
    code, states = verify(mops, team, base)
    assert code == 0 and states[BOOTS]["state"] == "approved"


def test_text_and_github_formats_name_each_artifact_and_its_state(team: Team, mops) -> None:
    base = team.head()
    team.write(BOOTS, (team.root / BOOTS).read_text() + "\nDescription: now waterproof\n")
    team.commit_all("edit")
    text = mops("approvals", "verify", "--base", base, cwd=team.root)
    assert text.exit_code == 1
    assert f"pending   {BOOTS}" in text.stdout
    github = mops("approvals", "verify", "--base", base, "--format", "github", cwd=team.root)
    assert github.exit_code == 1
    assert f"::error file={BOOTS},title=mops approval%3A pending::" in github.stdout


def test_an_empty_range_is_reported_not_passed_silently(team: Team, mops) -> None:
    team.write("notes.txt", "not an artifact\n")
    base_commit = team.head()
    team.commit_all("notes")
    result = mops("approvals", "verify", "--base", base_commit, cwd=team.root)
    assert result.exit_code == 0
    assert "0 artifacts verified" in result.stdout
    assert "nothing to verify" in result.stderr


# -- forgeries -----------------------------------------------------------------------------------


def test_an_unlisted_key_naming_a_listed_gatekeeper_is_invalid(team: Team, mops) -> None:
    base = team.head()
    eve = team.person("eve@example.com")
    plant(team, forged_record(team, BOOTS, claim="dana@example.com", key=eve.key))
    team.git("add", "-A")
    team.tick()
    team.git("commit", "-q", "-m", f"mops: approve {BOOTS}\n\nMops-Decision: approved\nMops-Artifact: {BOOTS}\nApproved-by: Dana Lee <dana@example.com>")
    code, states = verify(mops, team, base)
    assert code == 1 and states[BOOTS]["state"] == "invalid"
    assert "not in approvals/allowed_signers" in states[BOOTS]["reason"]


def test_mops_approve_refuses_a_key_that_is_not_listed(team: Team, mops) -> None:
    team.sign_as("eve@example.com")
    result = mops("approve", BOOTS, cwd=team.root)
    assert result.exit_code == 2
    assert "not in the allowed-signers file" in result.stderr and "eve@example.com" in result.stderr
    assert not (team.root / "approvals" / "records").exists()


def test_a_listed_key_claiming_to_be_someone_else_is_invalid(team: Team, mops) -> None:
    base = team.head()
    malte = team.person("malte@example.com")
    plant(team, forged_record(team, BOOTS, claim="dana@example.com", key=malte.key))
    team.commit_all("approve as dana")
    code, states = verify(mops, team, base)
    assert states[BOOTS]["state"] == "invalid"
    assert "belongs to malte@example.com" in states[BOOTS]["reason"]


def test_a_copied_record_in_an_unsigned_commit_with_trailers_is_invalid(team: Team, mops) -> None:
    base = team.head()
    team.sign_as("dana@example.com")
    assert mops("approve", BOOTS, cwd=team.root).exit_code == 0
    original = next((team.root / "approvals" / "records").rglob("*.yaml"))
    # someone copies Dana's record onto the plan, pointing its fields at the plan's bytes
    data = (team.root / PLAN_FILE).read_bytes()
    import hashlib

    from mops.approvals.repository import blob_id

    text = original.read_text().replace(BOOTS, PLAN_FILE)
    record = ApprovalRecord.model_validate(__import__("yaml").safe_load(text))
    copied = record.model_copy(update={"artifact_sha256": hashlib.sha256(data).hexdigest(), "artifact_blob": blob_id(data)})
    plant(team, copied, name=original.name)
    team.git("add", "-A")
    team.tick()
    team.git("-c", "commit.gpgsign=false", "commit", "-q", "-m",
             f"mops: approve {PLAN_FILE}\n\nMops-Decision: approved\nMops-Artifact: {PLAN_FILE}\nApproved-by: Dana Lee <dana@example.com>")
    code, states = verify(mops, team, base)
    assert code == 1
    assert states[BOOTS]["state"] == "approved"
    assert states[PLAN_FILE]["state"] == "invalid"
    assert "does not match the record's contents" in states[PLAN_FILE]["reason"]


def test_a_record_edited_after_signing_is_invalid(team: Team, mops) -> None:
    base = team.head()
    team.sign_as("dana@example.com")
    assert mops("approve", BOOTS, "--comment", "ok for DE only", cwd=team.root).exit_code == 0
    record = next((team.root / "approvals" / "records").rglob("*.yaml"))
    record.write_text(record.read_text().replace("ok for DE only", "ok everywhere"))
    team.commit_all("widen the approval")
    code, states = verify(mops, team, base)
    assert code == 1 and states[BOOTS]["state"] == "invalid"
    assert record.relative_to(team.root).as_posix() in states[BOOTS]["reason"]


def test_a_record_moved_onto_another_artifact_is_invalid(team: Team, mops) -> None:
    base = team.head()
    team.sign_as("dana@example.com")
    assert mops("approve", BOOTS, cwd=team.root).exit_code == 0
    record = next((team.root / "approvals" / "records").rglob("*.yaml"))
    target = team.root / "approvals" / "records" / PLAN_FILE / record.name
    target.parent.mkdir(parents=True)
    shutil.move(record, target)
    team.commit_all("move")
    code, states = verify(mops, team, base, PLAN_FILE, BOOTS)
    assert states[PLAN_FILE]["state"] == "invalid"
    assert "moved onto another artifact" in states[PLAN_FILE]["reason"]
    assert states[BOOTS]["state"] == "approved"  # the decision was committed at its place: history keeps it


# -- the base commit decides who may sign ---------------------------------------------------------


def test_a_pull_request_adding_its_own_key_then_approving_is_invalid(team: Team, mops) -> None:
    base = team.head()
    eve = team.sign_as("eve@example.com")
    with (team.root / "approvals" / "allowed_signers").open("a") as handle:
        handle.write(eve.signers_line())
    team.commit_all("add my key")
    assert mops("approve", BOOTS, cwd=team.root).exit_code == 0  # the working tree lists her now
    code, states = verify(mops, team, base)
    assert code == 1 and states[BOOTS]["state"] == "invalid"
    assert f"not in approvals/allowed_signers at base {base[:12]}" in states[BOOTS]["reason"]
    result = mops("approvals", "verify", "--base", base, cwd=team.root)
    assert "count only after they are merged" in result.stderr


def test_a_pull_request_loosening_the_rules_then_approving_is_invalid(team: Team, mops) -> None:
    strict = BASE_CONFIG + "  rules:\n    - paths: ['copy/**']\n      roles: [gatekeeper]\n"
    team.write("mops.yaml", strict)
    team.write("approvals/allowed_signers", "".join(team.person(e).signers_line() for e in ("dana@example.com", "priya@example.com")))
    base = team.commit_all("only gatekeepers approve copy")
    team.write("mops.yaml", strict.replace("roles: [gatekeeper]", "roles: [gatekeeper, marketer]"))
    team.commit_all("let marketers approve copy")
    team.sign_as("priya@example.com")
    assert mops("approve", BOOTS, cwd=team.root).exit_code == 0
    code, states = verify(mops, team, base)
    assert code == 1 and states[BOOTS]["state"] == "invalid"
    assert "priya@example.com (marketer) may not approve" in states[BOOTS]["reason"]


# -- how many, who, how much ---------------------------------------------------------------------

TWO_GATEKEEPERS = BASE_CONFIG + """\
  rules:
    - paths: ["plans/*.yaml"]
      min_approvals: 2
      roles: [gatekeeper]
"""


def _decide(team: Team, who: str, artifact: str, minute: int, decision: str = "approved") -> None:
    team.sign_as(who)
    team.tick()
    ws = load_workspace(team.root)
    approve(ws, [team.root / artifact], decision=decision, comment="not like this" if decision == "rejected" else None, now=dt.datetime(2026, 12, 1, 9, minute, tzinfo=dt.timezone.utc))


def test_two_of_n_needs_two_distinct_gatekeepers(team: Team, mops) -> None:
    team.write("mops.yaml", TWO_GATEKEEPERS)
    base = team.commit_all("two gatekeepers for plans")
    team.git("checkout", "-q", "-b", "dana-elsewhere")  # Dana approves on another branch too
    _decide(team, "dana@example.com", PLAN_FILE, 2)
    team.git("checkout", "-q", "main")
    _decide(team, "dana@example.com", PLAN_FILE, 1)
    code, states = verify(mops, team, base, PLAN_FILE)
    assert states[PLAN_FILE]["state"] == "pending" and "1 more approval with role gatekeeper (1 of 2" in states[PLAN_FILE]["reason"]
    team.sign_as("dana@example.com")
    again = mops("approve", PLAN_FILE, cwd=team.root)  # mops refuses a second approval it can see
    assert again.exit_code == 2 and "already approved" in again.stderr
    team.tick()
    team.git("merge", "-q", "--no-edit", "dana-elsewhere")  # the same gatekeeper twice, in the records
    assert len(list((team.root / "approvals" / "records" / PLAN_FILE).glob("*approved*.yaml"))) == 2
    code, states = verify(mops, team, base, PLAN_FILE)
    assert code == 1 and states[PLAN_FILE]["state"] == "pending"
    _decide(team, "malte@example.com", PLAN_FILE, 3)
    code, states = verify(mops, team, base, PLAN_FILE)
    assert code == 0 and states[PLAN_FILE]["state"] == "approved"
    assert {a["principal"] for a in states[PLAN_FILE]["approvers"]} == {"dana@example.com", "malte@example.com"}


def test_one_key_listed_for_two_people_counts_once(team: Team, mops) -> None:
    team.write("mops.yaml", TWO_GATEKEEPERS)
    dana = team.person("dana@example.com")
    team.write("approvals/allowed_signers", f"dana@example.com,malte@example.com {' '.join(dana.public.split()[:2])}\n")
    base = team.commit_all("one shared key")
    for minute, claim in ((1, "dana@example.com"), (2, "malte@example.com")):
        record = forged_record(team, PLAN_FILE, claim=claim, key=dana.key)
        plant(team, record.model_copy(update={"recorded_at": record.recorded_at}), name=f"2026120{minute}T090000Z-approved-x{minute}.yaml")
    team.commit_all("both")
    code, states = verify(mops, team, base, PLAN_FILE)
    assert states[PLAN_FILE]["state"] == "pending"


def test_spending_authority_beyond_a_roles_limit_needs_a_second_approver(team: Team, mops) -> None:
    limits = BASE_CONFIG + "  spending_limits:\n    gatekeeper: 20000\n"
    team.write("mops.yaml", limits)
    base = team.commit_all("limits")
    _decide(team, "dana@example.com", PLAN_FILE, 1)  # a 30,000 EUR plan, a 20,000 EUR limit
    code, states = verify(mops, team, base, PLAN_FILE)
    assert code == 1 and states[PLAN_FILE]["state"] == "pending"
    assert "spending authority for 30,000.00 EUR" in states[PLAN_FILE]["reason"]
    _decide(team, "malte@example.com", PLAN_FILE, 2)
    code, states = verify(mops, team, base, PLAN_FILE)
    assert code == 0 and states[PLAN_FILE]["state"] == "approved"


def test_a_budget_rule_applies_only_above_its_amount(team: Team, mops) -> None:
    team.write("mops.yaml", BASE_CONFIG + "  rules:\n    - paths: ['plans/*.yaml']\n      budget_above: 40000\n      min_approvals: 2\n")
    base = team.commit_all("big plans need two")
    _decide(team, "dana@example.com", PLAN_FILE, 1)
    assert verify(mops, team, base, PLAN_FILE)[1][PLAN_FILE]["state"] == "approved"
    team.write(PLAN_FILE, PLAN.format(budget=45000))
    team.commit_all("bigger")
    _decide(team, "dana@example.com", PLAN_FILE, 2)
    assert verify(mops, team, base, PLAN_FILE)[1][PLAN_FILE]["state"] == "pending"


# -- order of decisions ----------------------------------------------------------------------------


def test_approve_reject_and_revert_stays_rejected(team: Team, mops) -> None:
    base = team.head()
    v1 = (team.root / BOOTS).read_text()
    _decide(team, "dana@example.com", BOOTS, 1)
    team.write(BOOTS, v1.replace("Warm feet", "Hot feet"))
    team.commit_all("v2")
    _decide(team, "malte@example.com", BOOTS, 2, decision="rejected")
    team.write(BOOTS, v1)
    team.commit_all("back to v1")
    code, states = verify(mops, team, base)
    assert code == 1 and states[BOOTS]["state"] == "rejected"
    assert "malte@example.com" in states[BOOTS]["reason"]
    # copying the old approval back in under a new name does not undo the rejection
    old = sorted((team.root / "approvals" / "records" / BOOTS).glob("*approved*.yaml"))[0]
    (old.parent / "20991231T000000Z-approved-replay.yaml").write_text("# replayed\n" + old.read_text())
    team.commit_all("replay")
    assert verify(mops, team, base)[1][BOOTS]["state"] == "rejected"
    # an approval made after the rejection does
    _decide(team, "dana@example.com", BOOTS, 3)
    assert verify(mops, team, base)[1][BOOTS]["state"] == "approved"


def test_record_times_do_not_order_decisions(team: Team, mops) -> None:
    """A rejection committed after an approval wins even when its record says it was made earlier."""
    base = team.head()
    _decide(team, "dana@example.com", BOOTS, 30)
    _decide(team, "malte@example.com", BOOTS, 1, decision="rejected")  # recorded_at 09:01, committed later
    assert verify(mops, team, base)[1][BOOTS]["state"] == "rejected"


# -- merge strategies -------------------------------------------------------------------------------


def test_a_squash_merged_approval_verifies_on_main(team: Team, mops) -> None:
    base = team.head()
    team.git("checkout", "-q", "-b", "approve-boots")
    team.sign_as("dana@example.com")
    assert mops("approve", BOOTS, cwd=team.root).exit_code == 0
    team.git("checkout", "-q", "main")
    team.git("merge", "--squash", "-q", "approve-boots")
    team.tick()
    team.git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "Approve boots (#12)")
    assert "BEGIN SSH SIGNATURE" not in team.git("cat-file", "commit", "HEAD")
    code, states = verify(mops, team, base)
    assert code == 0 and states[BOOTS]["state"] == "approved"


def test_a_rebase_merged_approval_verifies_on_main(team: Team, mops) -> None:
    base = team.head()
    team.git("checkout", "-q", "-b", "approve-boots")
    team.sign_as("dana@example.com")
    assert mops("approve", BOOTS, cwd=team.root).exit_code == 0
    team.git("checkout", "-q", "main")
    team.write("README.md", "main moved on\n")
    team.commit_all("main moves")
    team.git("checkout", "-q", "approve-boots")
    team.git("-c", "commit.gpgsign=false", "rebase", "-q", "main")
    team.git("checkout", "-q", "main")
    team.git("merge", "-q", "--ff-only", "approve-boots")
    code, states = verify(mops, team, base)
    assert code == 0 and states[BOOTS]["state"] == "approved"


# -- what mops approve refuses ------------------------------------------------------------------------


def test_approve_refuses_without_a_signing_key(team: Team, mops) -> None:
    team.sign_as("dana@example.com")
    team.git("config", "--unset", "user.signingkey")
    result = mops("approve", BOOTS, cwd=team.root)
    assert result.exit_code == 2 and "no signing key" in result.stderr and "Traceback" not in result.stderr


def test_approve_refuses_a_gpg_signing_setup(team: Team, mops) -> None:
    team.sign_as("dana@example.com")
    team.git("config", "gpg.format", "openpgp")
    result = mops("approve", BOOTS, cwd=team.root)
    assert result.exit_code == 2 and "need an SSH signing key" in result.stderr and "GPG keys are not supported yet" in result.stderr


def test_approve_refuses_a_file_git_does_not_hold(team: Team, mops) -> None:
    team.sign_as("dana@example.com")
    team.write("copy/meta/new.md", "Headline: New\n")
    result = mops("approve", "copy/meta/new.md", cwd=team.root)
    assert result.exit_code == 2 and "not in the repository" in result.stderr
    team.write(BOOTS, (team.root / BOOTS).read_text() + "\nmore\n")
    result = mops("approve", BOOTS, cwd=team.root)
    assert result.exit_code == 2 and "not committed" in result.stderr


def test_approve_refuses_unrelated_staged_changes_and_leaves_them_alone(team: Team, mops) -> None:
    team.sign_as("dana@example.com")
    team.write("README.md", "draft\n")
    team.git("add", "README.md")
    result = mops("approve", BOOTS, cwd=team.root)
    assert result.exit_code == 2 and "staged changes" in result.stderr and "README.md" in result.stderr
    assert team.git("diff", "--cached", "--name-only") == "README.md"
    assert not (team.root / "approvals" / "records").exists()


def test_approve_refuses_a_path_outside_the_workspace(team: Team, mops, tmp_path: Path) -> None:
    team.sign_as("dana@example.com")
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x\n")
    result = mops("approve", str(outside), cwd=team.root)
    assert result.exit_code == 2 and "outside the workspace" in result.stderr


def test_failing_checks_refuse_unless_overridden_and_the_override_is_recorded(team: Team, mops) -> None:
    base = team.head()
    team.write(BOOTS, (team.root / BOOTS).read_text().replace("utm_medium=paid_social", "utm_medium=Paid Social"))
    team.commit_all("bad link")
    team.sign_as("dana@example.com")
    refused = mops("approve", BOOTS, cwd=team.root)
    assert refused.exit_code == 1
    assert "mops lint failed" in refused.stderr and "UTM" in refused.stderr and "--override" in refused.stderr
    assert not (team.root / "approvals" / "records").exists()
    overridden = mops("approve", BOOTS, "--override", "agency fixes the link at upload", cwd=team.root)
    assert overridden.exit_code == 0, overridden.stderr
    code, states = verify(mops, team, base)
    assert code == 0 and states[BOOTS]["approvers"][0]["override"] == "agency fixes the link at upload"
    assert "agency fixes the link at upload" in states[BOOTS]["reason"]


def test_a_failed_commit_leaves_no_record_behind(team: Team, mops) -> None:
    team.sign_as("dana@example.com")
    team.git("config", "gpg.ssh.program", str(team.root / "no-such-program"))
    result = mops("approve", BOOTS, cwd=team.root)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert not (team.root / "approvals" / "records").exists() or not any((team.root / "approvals" / "records").rglob("*.yaml"))
    assert team.git("status", "--porcelain") == ""


def test_lint_of_the_workspace_never_reads_approval_records(team: Team, mops) -> None:
    team.write("mops.yaml", (team.root / "mops.yaml").read_text().replace('exclude: [".mops/**", ".git/**", "approvals/**"]', 'exclude: [".mops/**", ".git/**"]'))
    team.commit_all("lint everything")
    team.sign_as("dana@example.com")
    assert mops("approve", BOOTS, "--comment", "agency link https://fjordline.example/?utm_source=FB&utm_medium=Paid+Social is theirs", cwd=team.root).exit_code == 0
    result = mops("lint", "--format", "json", cwd=team.root)
    assert result.exit_code == 0, result.stdout
    assert "approvals/records" not in result.stdout


def test_deleting_a_rejection_does_not_undo_it(team: Team, mops) -> None:
    base = team.head()
    _decide(team, "dana@example.com", BOOTS, 1)
    _decide(team, "malte@example.com", BOOTS, 2, decision="rejected")
    for rejection in (team.root / "approvals" / "records" / BOOTS).glob("*rejected*.yaml"):
        rejection.unlink()
    team.commit_all("tidy up")
    code, states = verify(mops, team, base)
    assert code == 1 and states[BOOTS]["state"] == "rejected"
    assert "deleted or moved since" in json.dumps(states[BOOTS]["rejected_by"])


def test_deleting_a_record_that_never_verified_clears_the_artifact(team: Team, mops) -> None:
    base = team.head()
    eve = team.person("eve@example.com")
    plant(team, forged_record(team, BOOTS, claim="eve@example.com", key=eve.key))
    team.commit_all("forged")
    assert verify(mops, team, base)[1][BOOTS]["state"] == "invalid"
    for forged in (team.root / "approvals" / "records" / BOOTS).glob("*.yaml"):
        forged.unlink()
    team.commit_all("remove the forgery")
    _decide(team, "dana@example.com", BOOTS, 5)
    assert verify(mops, team, base)[1][BOOTS]["state"] == "approved"


def test_a_key_line_limited_to_mops_approval_and_git_namespaces_signs_approvals(team: Team, mops) -> None:
    dana = team.person("dana@example.com")
    team.write("approvals/allowed_signers", dana.signers_line(namespaces="mops-approval,git"))
    base = team.commit_all("namespaces")
    team.sign_as("dana@example.com")
    assert mops("approve", BOOTS, cwd=team.root).exit_code == 0
    code, states = verify(mops, team, base)
    assert code == 0 and states[BOOTS]["state"] == "approved"


def test_a_key_line_limited_to_git_cannot_sign_approvals(team: Team, mops) -> None:
    dana = team.person("dana@example.com")
    team.write("approvals/allowed_signers", dana.signers_line(namespaces="git"))
    base = team.commit_all("git only")
    team.sign_as("dana@example.com")
    refused = mops("approve", BOOTS, cwd=team.root)
    assert refused.exit_code == 2 and "namespaces" in refused.stderr and "mops-approval" in refused.stderr
    plant(team, forged_record(team, BOOTS, claim="dana@example.com", key=dana.key))
    team.commit_all("signed outside mops")
    code, states = verify(mops, team, base)
    assert states[BOOTS]["state"] == "invalid" and "limits namespaces" in states[BOOTS]["reason"]


# -- what a new gatekeeper ran into -------------------------------------------------------------


def test_a_rejection_needs_a_reason_and_takes_no_override(team: Team, mops) -> None:
    team.sign_as("malte@example.com")
    for args in (("--reject",), ("--reject", "--comment", "  "), ("--reject", "--comment", "no", "--override", "x")):
        result = mops("approve", BOOTS, *args, cwd=team.root)
        assert result.exit_code == 2, args
    assert not (team.root / "approvals" / "records").exists()


def test_settings_files_are_not_artifacts(team: Team, mops) -> None:
    team.sign_as("dana@example.com")
    result = mops("approve", "mops.yaml", cwd=team.root)
    assert result.exit_code == 2 and "not an artifact" in result.stderr


def test_approve_refuses_a_role_the_rules_do_not_allow_but_anyone_listed_may_reject(team: Team, mops) -> None:
    team.write("mops.yaml", BASE_CONFIG + "  rules:\n    - paths: ['copy/**']\n      roles: [gatekeeper]\n")
    priya = team.person("priya@example.com")
    with (team.root / "approvals" / "allowed_signers").open("a") as handle:
        handle.write(priya.signers_line())
    base = team.commit_all("priya may sign")
    team.sign_as("priya@example.com")
    refused = mops("approve", BOOTS, cwd=team.root)
    assert refused.exit_code == 2 and "priya@example.com (marketer) may not approve" in refused.stderr
    rejected = mops("approve", BOOTS, "--reject", "--comment", "the price is wrong", cwd=team.root)
    assert rejected.exit_code == 0
    code, states = verify(mops, team, base)
    assert states[BOOTS]["state"] == "rejected" and "the price is wrong" in states[BOOTS]["reason"]


def test_approve_says_where_the_file_stands_after_the_decision(team: Team, mops) -> None:
    team.write("mops.yaml", TWO_GATEKEEPERS)
    team.commit_all("two for plans")
    team.sign_as("dana@example.com")
    result = mops("approve", PLAN_FILE, cwd=team.root)
    assert result.exit_code == 0
    assert f"{PLAN_FILE} is now pending" in result.stdout and "1 more approval" in result.stdout


def test_a_broken_allowed_signers_line_fails_the_change_that_brings_it(team: Team, mops) -> None:
    base = team.head()
    with (team.root / "approvals" / "allowed_signers").open("a") as handle:
        handle.write("lena@example.com ssh-ed2559 AAAAC3NzaC1lZDI1NTE5AAAAIDuRcdU+8EWtTl8MPPOcJ4H4DYeletcCmZ6PdmTzU7vb\n")
    team.commit_all("add lena")
    result = mops("approvals", "verify", "--base", base, "--format", "github", cwd=team.root)
    assert result.exit_code == 2
    assert "::error file=approvals/allowed_signers,line=4" in result.stdout


def test_stale_says_who_approved_and_how_to_see_the_change(team: Team, mops) -> None:
    base = team.head()
    team.sign_as("dana@example.com")
    assert mops("approve", BOOTS, cwd=team.root).exit_code == 0
    team.write(BOOTS, (team.root / BOOTS).read_text().replace("Warm feet", "Dry feet"))
    team.commit_all("edit")
    code, states = verify(mops, team, base)
    assert states[BOOTS]["state"] == "stale"
    assert "approved by Dana Lee" in states[BOOTS]["reason"] and "git diff " in states[BOOTS]["reason"]


def test_queue_shows_who_rejected_and_why(team: Team, mops) -> None:
    team.sign_as("malte@example.com")
    assert mops("approve", BOOTS, "--reject", "--comment", "the discount is not approved by finance", cwd=team.root).exit_code == 0
    queue = mops("queue", cwd=team.root)
    line = next(l for l in queue.stdout.splitlines() if BOOTS in l)
    assert line.startswith("rejected") and "Malte Berg" in line and "the discount is not approved by finance" in line
