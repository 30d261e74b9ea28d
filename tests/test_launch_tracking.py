"""The tracking check of `mops launch check` (mops/launch/tracking.py), through `check_tracking` on a
private copy of the example workspace with plans and copy written here.

Corrected links are written out by hand: they are what `mops lint --fix` writes, byte for byte."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mops.errors import MopsError
from mops.launch.context import LaunchContext
from mops.launch.plan_file import load_plan_file
from mops.launch.tracking import CODES, check_tracking
from mops.workspace import load_workspace

SITE = "https://www.fjordline.example/spring-sale"
CAMPAIGN = "2027-q2_spring-sale"
SEARCH = f"{SITE}?utm_source=google&utm_medium=cpc&utm_campaign={CAMPAIGN}&utm_content=rsa-spring"
SOCIAL = f"{SITE}?utm_source=facebook&utm_medium=paid-social&utm_campaign={CAMPAIGN}&utm_content=reel-camping"
EMAIL = f"{SITE}?utm_source=newsletter&utm_medium=email&utm_campaign={CAMPAIGN}&utm_content=hero"

PLAN_HEAD = f"""campaign: {CAMPAIGN}
start: 2027-04-01
end: 2027-05-15
total_budget: 30000
"""
THREE_CHANNELS = """channels:
  - channel: paid_search
    budget: 15000
  - channel: paid_social
    budget: 12000
  - channel: email
    budget: 3000
"""


def _landing_pages(*links: str) -> str:
    return "landing_pages:\n" + "".join(f"  - {link}\n" for link in links)


def _check(root: Path, plan_text: str):  # noqa: ANN202 - (CheckResult, corrections)
    plan = root / "plans" / f"{CAMPAIGN}.yaml"
    plan.write_text(plan_text, encoding="utf-8")
    ws = load_workspace(root)
    pf = load_plan_file(ws, plan)
    return check_tracking(LaunchContext(ws=ws, today=dt.date(2026, 11, 25), plans=[pf]), pf)


def _codes(result) -> list[str]:  # noqa: ANN001
    return [o.code for o in result.observations]


def _only(result, code: str):  # noqa: ANN001, ANN202
    found = [o for o in result.observations if o.code == code]
    assert len(found) == 1, [(o.code, o.statement) for o in result.observations]
    return found[0]


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _meta_ad(link: str) -> str:
    return f"---\nchannel: meta\n---\n## Ad 1\n\n### Primary text\nTents for spring.\n\n### Link\n{link}\n"


@pytest.fixture
def root(example_workspace: Path) -> Path:
    """The example workspace without its spring sale draft, so each test's copy is all there is."""
    (example_workspace / "copy" / "meta" / "2027-q2_spring-sale.md").unlink()
    return example_workspace


def _snapshot(root: Path) -> dict[str, bytes]:
    # .mops/ holds the workspace's validation cache, which loading it may write
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".mops" not in p.parts}


def test_two_malformed_tags_become_safe_corrections_byte_for_byte_and_nothing_is_written(root: Path) -> None:
    _write(root, "copy/meta/spring.md", _meta_ad(SOCIAL.replace("utm_source=facebook", "utm_source=Facebook")))
    search = SEARCH.replace("utm_medium=cpc", "UTM_Medium=cpc")
    plan = PLAN_HEAD + THREE_CHANNELS + _landing_pages(search, EMAIL)
    (root / "plans" / f"{CAMPAIGN}.yaml").write_text(plan, encoding="utf-8")
    before = _snapshot(root)

    result, corrections = _check(root, plan)

    assert _snapshot(root) == before
    assert [(c.path, c.line, c.link, c.corrected, c.fixes) for c in corrections] == [
        (
            f"plans/{CAMPAIGN}.yaml", 13,
            "https://www.fjordline.example/spring-sale?utm_source=google&UTM_Medium=cpc&utm_campaign=2027-q2_spring-sale&utm_content=rsa-spring",
            "https://www.fjordline.example/spring-sale?utm_source=google&utm_medium=cpc&utm_campaign=2027-q2_spring-sale&utm_content=rsa-spring",
            ["UTM002"],
        ),
        (
            "copy/meta/spring.md", 10,
            "https://www.fjordline.example/spring-sale?utm_source=Facebook&utm_medium=paid-social&utm_campaign=2027-q2_spring-sale&utm_content=reel-camping",
            "https://www.fjordline.example/spring-sale?utm_source=facebook&utm_medium=paid-social&utm_campaign=2027-q2_spring-sale&utm_content=reel-camping",
            ["UTM006"],
        ),
    ]
    assert result.status == "warn"
    assert _codes(result) == ["TRK001", "TRK002", "TRK002"]
    summary = _only(result, "TRK001")
    assert summary.figures == {"links_checked": 3, "files_checked": 2, "findings": 2, "corrections": 2}
    assert [e.path for e in summary.evidence] == [f"plans/{CAMPAIGN}.yaml", "copy/meta/spring.md"]
    social = [o for o in result.observations if o.code == "TRK002"][1]
    assert (social.evidence[0].path, social.evidence[0].line) == ("copy/meta/spring.md", 10)
    assert social.evidence[0].note == "UTM006: utm_source='Facebook' is not lowercase: facebook"


def test_the_example_meta_copy_of_the_spring_sale_is_corrected_to_facebook(example_workspace: Path) -> None:
    # the example's own draft (examples/workspace/copy/meta/2027-q2_spring-sale.md): the workspace
    # lint leaves it out (its mistake is kept for the demo), so the plan names it, as the example's does
    plan = PLAN_HEAD + THREE_CHANNELS + _landing_pages(SEARCH, EMAIL) + "copy:\n  - copy/meta/2027-q2_spring-sale.md\n"
    result, corrections = _check(example_workspace, plan)
    assert [(c.path, c.line, c.corrected, c.fixes) for c in corrections] == [(
        "copy/meta/2027-q2_spring-sale.md", 22,
        "https://www.fjordline.example/spring-sale?utm_source=facebook&utm_medium=paid-social&utm_campaign=2027-q2_spring-sale&utm_content=reel-camping",
        ["UTM006"],
    )]
    assert result.status == "warn"


def test_a_clean_plan_whose_channels_all_have_links_passes(root: Path) -> None:
    result, corrections = _check(root, PLAN_HEAD + THREE_CHANNELS + _landing_pages(SEARCH, SOCIAL, EMAIL))
    assert (result.status, corrections, _codes(result)) == ("pass", [], ["TRK001"])
    assert _only(result, "TRK001").figures == {"links_checked": 3, "files_checked": 1, "findings": 0, "corrections": 0}


def test_a_channel_link_landing_in_another_ga4_channel_fails(root: Path) -> None:
    wrong = f"{SITE}?utm_source=google&utm_medium=cpc&utm_campaign={CAMPAIGN}&utm_content=reel-camping"
    plan = PLAN_HEAD + f"""channels:
  - channel: paid_search
    budget: 15000
    links: [{SEARCH}]
  - channel: paid_social
    budget: 12000
    links:
      - {wrong}
  - channel: email
    budget: 3000
    links: [{EMAIL}]
"""
    result, _ = _check(root, plan)
    mismatch = _only(result, "TRK004")
    assert result.status == "fail"
    assert mismatch.severity.value == "error"
    assert mismatch.statement == f"{wrong} lands in Paid Search; the plan declares paid_social (Paid Social)"
    assert mismatch.figures == {"link": wrong, "ga4_channel": "Paid Search", "expected_ga4_channel": "Paid Social", "plan_channel": "paid_social"}
    assert (mismatch.evidence[0].path, mismatch.evidence[0].line) == (f"plans/{CAMPAIGN}.yaml", 12)


def test_a_landing_page_is_judged_against_the_channel_of_its_platform(root: Path) -> None:
    # GA4 counts twitter, not x, as a social site: x / paid is Paid Other
    x_link = f"{SITE}?utm_source=x&utm_medium=paid&utm_campaign={CAMPAIGN}"
    plan = PLAN_HEAD + """channels:
  - channel: paid_search
    budget: 15000
  - channel: paid_social
    platform: x
    budget: 15000
""" + _landing_pages(SEARCH, x_link)
    result, _ = _check(root, plan)
    mismatch = _only(result, "TRK004")
    assert mismatch.statement == f"{x_link} lands in Paid Other; the plan declares paid_social (Paid Social)"
    assert mismatch.figures["plan_channel"] == "paid_social" and mismatch.figures["ga4_channel"] == "Paid Other"
    assert result.status == "fail"


def test_a_landing_page_of_no_plan_channel_must_land_in_one_of_theirs(root: Path) -> None:
    sms = f"{SITE}?utm_source=crm&utm_medium=sms&utm_campaign={CAMPAIGN}"
    result, _ = _check(root, PLAN_HEAD + THREE_CHANNELS + _landing_pages(SEARCH, SOCIAL, EMAIL, sms))
    mismatch = _only(result, "TRK004")
    assert mismatch.figures == {"link": sms, "ga4_channel": "SMS", "expected_ga4_channel": "Paid Search or Paid Social or Email", "plan_channel": None}


def test_a_link_of_another_campaign_in_the_plan_fails(root: Path) -> None:
    other = SEARCH.replace(CAMPAIGN, "2026-q4_black-friday")
    result, corrections = _check(root, PLAN_HEAD + THREE_CHANNELS + _landing_pages(other, SOCIAL, EMAIL))
    wrong = _only(result, "TRK005")
    assert wrong.statement == f"{other} has utm_campaign=2026-q4_black-friday; the campaign id is {CAMPAIGN}"
    assert wrong.figures == {"link": other, "utm_campaign": "2026-q4_black-friday", "campaign": CAMPAIGN}
    assert (result.status, corrections) == ("fail", [])


def test_a_campaign_in_the_wrong_case_is_no_mismatch_once_corrected(root: Path) -> None:
    shouted = SEARCH.replace(CAMPAIGN, "2027-Q2_Spring-Sale")
    result, corrections = _check(root, PLAN_HEAD + THREE_CHANNELS + _landing_pages(shouted, SOCIAL, EMAIL))
    assert "TRK005" not in _codes(result)
    assert [(c.corrected, c.fixes) for c in corrections] == [(SEARCH, ["UTM006"])]
    assert result.status == "warn"


def test_copy_links_belong_by_id_alias_or_case_and_other_campaigns_are_ignored(root: Path) -> None:
    alias = SOCIAL.replace(CAMPAIGN, "2027-q2_fruehling")
    shouted = SOCIAL.replace(CAMPAIGN, "2027-Q2_Spring-Sale")
    # another campaign's link, malformed: not this check's business, in a mixed file or its own
    theirs = "https://www.fjordline.example/?UTM_Source=google&utm_medium=cpc&utm_campaign=2026-q4_black-friday"
    _write(root, "copy/sheet.csv", f"placement,url\nreel,{alias}\nstory,{shouted}\nrsa,{theirs}\n")
    _write(root, "copy/other.md", f"Winter: {theirs}\n")
    plan = PLAN_HEAD + THREE_CHANNELS + "utm_campaigns: [2027-q2_fruehling]\n" + _landing_pages(SEARCH, EMAIL)
    result, corrections = _check(root, plan)
    summary = _only(result, "TRK001")
    assert summary.figures == {"links_checked": 4, "files_checked": 2, "findings": 1, "corrections": 1}
    assert [e.path for e in summary.evidence] == [f"plans/{CAMPAIGN}.yaml", "copy/sheet.csv"]
    assert [(c.path, c.line, c.corrected) for c in corrections] == [("copy/sheet.csv", 3, SOCIAL)]
    assert "TRK005" not in _codes(result) and result.status == "warn"


def test_the_plans_copy_globs_replace_the_search_and_a_glob_matching_nothing_fails(example_workspace: Path) -> None:
    plan = PLAN_HEAD + THREE_CHANNELS + "copy:\n  - copy/meta/2027-q2_*.md\n  - copy/email/2027-q2_*.html\n" + _landing_pages(SEARCH, EMAIL)
    result, corrections = _check(example_workspace, plan)
    empty = _only(result, "TRK007")
    assert empty.severity.value == "error" and empty.figures == {"glob": "copy/email/2027-q2_*.html"}
    assert (empty.evidence[0].path, empty.evidence[0].line) == (f"plans/{CAMPAIGN}.yaml", 14)
    assert [c.path for c in corrections] == ["copy/meta/2027-q2_spring-sale.md"]
    assert result.status == "fail"


def test_a_copy_file_the_plan_names_is_checked_even_when_the_workspace_lint_excludes_it(example_workspace: Path) -> None:
    # how the example keeps `mops lint` clean while its draft carries a malformed link
    config = example_workspace / "mops.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    - dirty/**", "    - dirty/**\n    - copy/meta/2027-q2_spring-sale.md"), encoding="utf-8")
    from mops.lint.runner import LintOptions, run_lint

    ws = load_workspace(example_workspace)
    assert not [f for f in run_lint(ws, [], LintOptions()).report.findings if f.path.startswith("copy/")]
    plan = PLAN_HEAD + THREE_CHANNELS + "copy: [copy/meta/2027-q2_spring-sale.md]\n" + _landing_pages(SEARCH, EMAIL)
    _, corrections = _check(example_workspace, plan)
    assert [c.fixes for c in corrections] == [["UTM006"]]


def test_a_suppressed_finding_is_not_corrected(root: Path) -> None:
    facebook = SOCIAL.replace("utm_source=facebook", "utm_source=Facebook")
    _write(root, "copy/meta/spring.md", f"<!-- mops: disable-next-line UTM006 -->\n{facebook}\n")
    result, corrections = _check(root, PLAN_HEAD + THREE_CHANNELS + _landing_pages(SEARCH, EMAIL))
    assert (result.status, corrections, _codes(result)) == ("pass", [], ["TRK001"])


def test_an_unsafe_fix_is_no_correction_and_fails(root: Path) -> None:
    question = f"{SITE}?ref=club?utm_source=facebook&utm_medium=paid-social&utm_campaign={CAMPAIGN}"
    result, corrections = _check(root, PLAN_HEAD + THREE_CHANNELS + _landing_pages(SEARCH, question, EMAIL))
    assert corrections == []
    unsafe = [o for o in result.observations if o.code == "TRK003"]
    assert unsafe and all(o.severity.value == "error" for o in unsafe)
    assert "UTM011" in {o.figures["rule"] for o in unsafe}
    assert result.status == "fail"


def test_a_spending_channel_without_links_fails_as_unchecked(root: Path) -> None:
    result, _ = _check(root, PLAN_HEAD + THREE_CHANNELS + _landing_pages(SEARCH, SOCIAL))
    missing = _only(result, "TRK006")
    assert missing.figures == {"plan_channel": "email", "expected_ga4_channel": "Email"}
    assert (missing.severity.value, result.status) == ("error", "fail")


def test_an_unreadable_copy_file_is_the_lints_input_error(root: Path) -> None:
    (root / "copy" / "meta" / "latin1.md").write_bytes(f"Zelte f\xfcr den Fr\xfchling {SOCIAL}\n".encode("latin-1"))
    plan = PLAN_HEAD + THREE_CHANNELS + "copy: [copy/meta/latin1.md]\n" + _landing_pages(SEARCH, EMAIL)
    with pytest.raises(MopsError) as raised:
        _check(root, plan)
    assert raised.value.exit_code == 2 and "UTF-8" in str(raised.value)


def test_every_code_is_documented() -> None:
    assert sorted(CODES) == [f"TRK00{i}" for i in range(1, 8)]
    for code, entry in CODES.items():
        assert {"title", "severity", "what", "why", "fix"} <= set(entry), code


def test_a_campaign_in_the_wrong_case_left_uncorrected_belongs_but_fails(root: Path) -> None:
    # the suppression keeps UTM006 from correcting it: GA4 would count 2027-Q2_Spring-Sale apart
    shouted = SOCIAL.replace(CAMPAIGN, "2027-Q2_Spring-Sale")
    _write(root, "copy/meta/spring.md", f"<!-- mops: disable-next-line UTM006 -->\n{shouted}\n")
    result, corrections = _check(root, PLAN_HEAD + THREE_CHANNELS + _landing_pages(SEARCH, EMAIL))
    wrong = _only(result, "TRK005")
    assert wrong.figures == {"link": shouted, "utm_campaign": "2027-Q2_Spring-Sale", "campaign": CAMPAIGN}
    assert (wrong.evidence[0].path, wrong.evidence[0].line) == ("copy/meta/spring.md", 2)
    assert (corrections, result.status) == ([], "fail")


def test_a_misspelt_utm_campaign_in_a_copy_file_the_plan_names_fails_but_another_plans_link_is_theirs(root: Path) -> None:
    # a copy file the plan names is its copy: a link there whose utm_campaign no campaign claims is
    # this campaign's, mistyped, and must not slip through unchecked; a link naming another plan's
    # campaign (a shared sheet) stays that plan's business
    typo = SOCIAL.replace(CAMPAIGN, "2027-q2_sprng-sale")
    theirs = SEARCH.replace(CAMPAIGN, "2027-q1_winter-clearance")
    _write(root, "copy/meta/spring.md", f"Reel: {SOCIAL}\n\nStory: {typo}\n\nWinter: {theirs}\n")
    plan = PLAN_HEAD + THREE_CHANNELS + "copy: [copy/meta/spring.md]\n" + _landing_pages(SEARCH, EMAIL)
    path = root / "plans" / f"{CAMPAIGN}.yaml"
    path.write_text(plan, encoding="utf-8")
    ws = load_workspace(root)
    pf = load_plan_file(ws, path)
    others = [load_plan_file(ws, p) for p in sorted((root / "plans").glob("*.yaml")) if p != path]
    assert "2027-q1_winter-clearance" in {o.plan.campaign for o in others}
    result, _ = check_tracking(LaunchContext(ws=ws, today=dt.date(2026, 11, 25), plans=[pf, *others]), pf)
    wrong = _only(result, "TRK005")
    assert wrong.figures == {"link": typo, "utm_campaign": "2027-q2_sprng-sale", "campaign": CAMPAIGN}
    assert _only(result, "TRK001").figures["links_checked"] == 4  # two landing pages, the reel and the typo
    assert result.status == "fail"


def test_plans_sharing_a_copy_file_each_get_their_own_corrections_and_a_changed_file_is_read_again(
    root: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # one run (one LaunchContext) checks two plans whose links share a copy file: the file is linted
    # once and its fixed text worked out once, yet each plan gets its own links, findings and
    # corrections, as a run of that plan alone gives them; a file changed or added is read again
    summer = "2027-q2_summer-camp"
    spring_link = SOCIAL.replace("utm_source=facebook", "utm_source=Facebook")  # UTM006: safe fix
    summer_link = SOCIAL.replace(CAMPAIGN, summer).replace("utm_medium=", "UTM_Medium=")  # UTM002: safe fix
    summer_unsafe = f"{SITE}?ref=club?utm_source=facebook&utm_medium=paid-social&utm_campaign={summer}"  # UTM011: no safe fix
    _write(root, "copy/meta/shared.md", f"Spring: {spring_link}\n\nSummer: {summer_link}\n\nSummer story: {summer_unsafe}\n")
    plans = root / "plans"
    (plans / f"{CAMPAIGN}.yaml").write_text(PLAN_HEAD + THREE_CHANNELS + _landing_pages(SEARCH, EMAIL), encoding="utf-8")
    summer_plan = (PLAN_HEAD + THREE_CHANNELS + _landing_pages(SEARCH, EMAIL)).replace(CAMPAIGN, summer)
    (plans / f"{summer}.yaml").write_text(summer_plan, encoding="utf-8")
    ws = load_workspace(root)
    spring_pf, summer_pf = load_plan_file(ws, plans / f"{CAMPAIGN}.yaml"), load_plan_file(ws, plans / f"{summer}.yaml")

    def context() -> LaunchContext:
        return LaunchContext(ws=ws, today=dt.date(2026, 11, 25), plans=[spring_pf, summer_pf])

    def seen(outcome) -> tuple:  # noqa: ANN001
        result, corrections = outcome
        return result.model_dump(mode="json"), [c.model_dump(mode="json") for c in corrections]

    from mops.lint import runner

    lints: list[str] = []
    real_run_lint = runner.run_lint

    def counting_run_lint(ws, paths, options, progress=None):  # noqa: ANN001, ANN202
        lints.extend([options.stdin_filename] if options.stdin_text is not None else [ws.relative(p) for p in paths])
        return real_run_lint(ws, paths, options, progress)

    alone = {pf.name: seen(check_tracking(context(), pf)) for pf in (spring_pf, summer_pf)}  # each plan on its own run
    monkeypatch.setattr(runner, "run_lint", counting_run_lint)
    ctx = context()
    spring, summer_outcome = check_tracking(ctx, spring_pf), check_tracking(ctx, summer_pf)

    assert lints.count("copy/meta/shared.md") == 2  # read once and fixed once, for both plans
    assert {spring_pf.name: seen(spring), summer_pf.name: seen(summer_outcome)} == alone
    assert [(c.path, c.line, c.link, c.corrected, c.fixes) for c in spring[1]] == [
        ("copy/meta/shared.md", 1, spring_link, SOCIAL, ["UTM006"]),
    ]
    assert [(c.path, c.line, c.link, c.corrected, c.fixes) for c in summer_outcome[1]] == [
        ("copy/meta/shared.md", 3, summer_link, SOCIAL.replace(CAMPAIGN, summer), ["UTM002"]),
    ]
    assert _codes(spring[0]) == ["TRK001", "TRK002"]
    assert _only(spring[0], "TRK001").figures == {"links_checked": 3, "files_checked": 2, "findings": 1, "corrections": 1}
    assert _codes(summer_outcome[0])[:2] == ["TRK001", "TRK002"] and "TRK003" in _codes(summer_outcome[0])
    assert _only(summer_outcome[0], "TRK001").figures["links_checked"] == 4
    assert {o.figures["rule"] for o in summer_outcome[0].observations if o.code == "TRK003"} >= {"UTM011"}
    assert all(e.line == 5 for o in summer_outcome[0].observations if o.code == "TRK003" for e in o.evidence)

    # changed in the middle of the run (another size): the next plan checked reads it again, and a
    # copy file added to the folder is found
    _write(root, "copy/meta/shared.md", f"Spring: {SOCIAL}\n\nSummer: {summer_link}\n")
    _write(root, "copy/email/summer.md", f"Summer: {summer_unsafe}\n")
    spring_again, summer_again = check_tracking(ctx, spring_pf), check_tracking(ctx, summer_pf)
    assert (spring_again[1], _codes(spring_again[0])) == ([], ["TRK001"])
    assert [(c.path, c.line) for c in summer_again[1]] == [("copy/meta/shared.md", 3)]
    assert [e.path for e in _only(summer_again[0], "TRK001").evidence] == [f"plans/{summer}.yaml", "copy/email/summer.md", "copy/meta/shared.md"]
    assert {e.path for o in summer_again[0].observations if o.code == "TRK003" for e in o.evidence} == {"copy/email/summer.md"}

    # and between two runs: a new run reads the file as it is now
    _write(root, "copy/meta/shared.md", f"Spring: {spring_link}\n")
    next_run = context()
    assert [(c.path, c.line, c.fixes) for c in check_tracking(next_run, spring_pf)[1]] == [("copy/meta/shared.md", 1, ["UTM006"])]
    assert [e.path for e in _only(check_tracking(next_run, summer_pf)[0], "TRK001").evidence] == [f"plans/{summer}.yaml", "copy/email/summer.md"]
