"""`mops init` scaffolds a complete workspace and never overwrites a file."""

from __future__ import annotations

import re
import subprocess

import pytest
from pathlib import Path

from mops.workspace import load_workspace

EXPECTED_FOLDERS = ["taxonomy", "brand", "playbooks", "transcripts", "briefs", "plans", "proposals", "approvals", "exports", "finance", "audiences"]


def test_init_in_an_empty_folder(mops, tmp_path: Path) -> None:
    target = tmp_path / "acme"
    result = mops("init", str(target))
    assert result.exit_code == 0, result.stderr
    for folder in EXPECTED_FOLDERS:
        assert (target / folder).is_dir(), folder
    signers = (target / "approvals" / "allowed_signers").read_text()
    assert all(line.startswith("#") or not line.strip() for line in signers.splitlines())  # a header, no key
    assert 'namespaces="mops-approval,git"' in signers and "mops approvals verify" in signers
    assert ".mops/" in (target / ".gitignore").read_text().splitlines()
    assert (target / ".git").is_dir()
    assert "initialised a git repository" in result.stderr
    # what it wrote is a valid workspace
    ws = load_workspace(target)
    assert ws.root == target.resolve()
    assert ws.taxonomy().names["campaign"] == "{yyyy}-{quarter}_{slug}"
    assert ws.brand_voice().terms
    # editors find the schemas the comments point at
    first_line = (target / "taxonomy" / "utm.yaml").read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../.mops/schemas/taxonomy.json"
    assert (target / ".mops" / "schemas" / "taxonomy.json").is_file()
    assert (target / "mops.yaml").read_text().startswith("# yaml-language-server: $schema=.mops/schemas/config.json")
    # finance's allocations start empty, in the workspace's currency, and validate
    from mops.models.finance import FinanceAllocations
    from mops.yamlio import load_model

    finance = load_model(FinanceAllocations, target / "finance" / "allocations.yaml", schema="finance")
    assert finance.currency == ws.config.currency and finance.allocations == []


def test_init_inside_an_existing_repo_does_not_nest_a_repo(mops, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    target = tmp_path / "marketing"
    result = mops("init", str(target))
    assert result.exit_code == 0, result.stderr
    assert not (target / ".git").exists()
    assert (target / "mops.yaml").is_file()
    assert "initialised" not in result.stderr


def test_init_never_overwrites_existing_files(mops, tmp_path: Path) -> None:
    target = tmp_path / "team"
    (target / "taxonomy").mkdir(parents=True)
    (target / "mops.yaml").write_text("name: Ours\n")
    (target / "taxonomy" / "utm.yaml").write_text("# our own taxonomy\nversion: 1\n")
    (target / ".gitignore").write_text("node_modules/\n")
    result = mops("init", str(target))
    assert result.exit_code == 0, result.stderr
    assert (target / "mops.yaml").read_text() == "name: Ours\n"
    assert (target / "taxonomy" / "utm.yaml").read_text() == "# our own taxonomy\nversion: 1\n"
    assert (target / ".gitignore").read_text() == "node_modules/\n"
    assert "kept    mops.yaml" in result.stderr
    # the missing pieces were still added
    assert (target / "brand" / "voice.yaml").is_file()
    assert (target / "approvals" / "allowed_signers").is_file()


def test_init_twice_changes_nothing(mops, tmp_path: Path) -> None:
    target = tmp_path / "ws"
    mops("init", str(target))
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file() and ".git" not in p.parts}
    result = mops("init", str(target))
    assert result.exit_code == 0
    after = {p: p.read_bytes() for p in target.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert before == after
    assert "created" not in result.stderr


def test_init_on_a_file_is_a_clear_error(mops, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = mops("init", str(target))
    assert result.exit_code == 2
    assert "not a folder" in result.stderr
    assert "Traceback" not in result.stderr


# --- the workspace's locale: options, else the system's, said out loud ---------------------------


def _settings(target: Path):
    return load_workspace(target).config


def test_init_options_set_region_currency_timezone_and_fiscal_year(mops, tmp_path: Path) -> None:
    target = tmp_path / "uk"
    result = mops("init", str(target), "--region", "gb", "--currency", "gbp", "--timezone", "Europe/London",
                  "--fiscal-year-start", "04-06")
    assert result.exit_code == 0, result.stderr
    config = _settings(target)
    assert (config.default_region, config.currency, config.timezone, config.fiscal_year_start) == (
        "GB", "GBP", "Europe/London", "04-06")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "fr_FR.UTF-8", "TZ": "Europe/Paris"}, ("FR", "EUR", "Europe/Paris")),
        ({"LANG": "C.UTF-8", "LC_ALL": "en_US.UTF-8", "TZ": ":America/Chicago"}, ("US", "USD", "America/Chicago")),
        ({"LANG": "en_GB.UTF-8", "LC_MONETARY": "de_CH.UTF-8", "TZ": "Europe/Zurich"}, ("CH", "CHF", "Europe/Zurich")),
        ({"LANG": "ja_JP.UTF-8", "TZ": "Asia/Tokyo"}, ("JP", "JPY", "Asia/Tokyo")),
    ],
)
def test_init_takes_defaults_from_the_system_locale_and_says_so(mops, tmp_path: Path, monkeypatch, env, expected) -> None:
    for name in ("LC_ALL", "LC_MONETARY", "LANG", "TZ"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    target = tmp_path / "ws"
    result = mops("init", str(target))
    assert result.exit_code == 0, result.stderr
    config = _settings(target)
    assert (config.default_region, config.currency, config.timezone) == expected
    region, currency, timezone = expected
    assert f"region {region} (from " in result.stderr
    assert f"currency {currency} (the currency of {region})" in result.stderr
    assert f"timezone {timezone} (from TZ=" in result.stderr
    assert "--region, --currency, --timezone, --fiscal-year-start" in result.stderr  # how to change them


def test_init_without_a_usable_locale_asks_nothing_and_says_what_it_chose(mops_subprocess, tmp_path: Path) -> None:
    target = tmp_path / "ws"
    result = mops_subprocess("init", str(target), env={"LANG": "C", "LC_ALL": "", "LC_MONETARY": "", "TZ": "UTC"}, stdin="")
    assert result.exit_code == 0, result.stderr
    config = _settings(target)
    assert (config.default_region, config.currency, config.timezone) == ("DE", "EUR", "UTC")
    assert "region DE (default; the system locale names no country)" in result.stderr
    assert "currency EUR (default)" in result.stderr
    assert "change them in mops.yaml" in result.stderr


def test_system_timezone_reads_etc_timezone_then_the_localtime_link(tmp_path: Path) -> None:
    from mops.scaffold import system_timezone

    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "localtime").symlink_to("/usr/share/zoneinfo/America/Sao_Paulo")
    assert system_timezone({}, etc).value == "America/Sao_Paulo"
    (etc / "timezone").write_text("Australia/Sydney\n")
    assert system_timezone({}, etc).value == "Australia/Sydney"
    assert system_timezone({"TZ": "Asia/Kolkata"}, etc).value == "Asia/Kolkata"
    assert system_timezone({"TZ": "not/a-zone"}, etc).value == "Australia/Sydney"


@pytest.mark.parametrize(
    ("option", "value"),
    [("--region", "XX"), ("--region", "Germany"), ("--currency", "EURO"), ("--currency", "ABC"),
     ("--timezone", "Mars/Olympus"), ("--fiscal-year-start", "13-01"), ("--fiscal-year-start", "02-30"),
     ("--fiscal-year-start", "April")],
)
def test_init_rejects_a_bad_option_clearly_and_writes_nothing(mops, tmp_path: Path, option: str, value: str) -> None:
    target = tmp_path / "ws"
    result = mops("init", str(target), option, value)
    assert result.exit_code == 2
    assert f"error: {option} '{value}'" in result.stderr
    assert "hint:" in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()


def test_init_options_never_change_an_existing_mops_yaml(mops, tmp_path: Path) -> None:
    target = tmp_path / "ws"
    assert mops("init", str(target), "--region", "US").exit_code == 0
    before = (target / "mops.yaml").read_text()
    result = mops("init", str(target), "--region", "GB", "--currency", "GBP")
    assert result.exit_code == 0
    assert (target / "mops.yaml").read_text() == before
    assert "apply to a new one only" in result.stderr


def test_a_fiscal_year_starting_on_a_day_that_does_not_exist_is_a_config_error(mops, tmp_path: Path) -> None:
    (tmp_path / "mops.yaml").write_text('fiscal_year_start: "02-30"\n')
    result = mops("-w", str(tmp_path), "config", "show")
    assert result.exit_code == 2
    assert "fiscal_year_start" in result.stderr and "MM-DD" in result.stderr


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [("EST", "America/New_York"), ("US/Eastern", "America/New_York"), ("Asia/Calcutta", "Asia/Kolkata"),
     ("GMT+5", "Etc/GMT+5, which is UTC-5"), ("Europe/Kiev", "Europe/Kyiv"), ("GMT", "UTC")],
)
def test_init_refuses_an_old_time_zone_alias_naming_the_zone_to_use(mops, tmp_path: Path, alias: str, canonical: str) -> None:
    target = tmp_path / "ws"
    result = mops("init", str(target), "--timezone", alias)
    assert result.exit_code == 2
    assert f"error: --timezone '{alias}' is an old alias" in result.stderr and canonical in result.stderr
    assert not target.exists()


@pytest.mark.parametrize("zone", ["Europe/Oslo", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT-3", "Asia/Kolkata"])
def test_init_accepts_canonical_time_zones(mops, tmp_path: Path, zone: str) -> None:
    result = mops("init", str(tmp_path / "ws"), "--timezone", zone)
    assert result.exit_code == 0, result.stderr
    assert _settings(tmp_path / "ws").timezone == zone


def test_an_old_time_zone_alias_in_mops_yaml_is_a_config_error_naming_the_zone(mops, tmp_path: Path) -> None:
    (tmp_path / "mops.yaml").write_text("timezone: US/Eastern\n")
    result = mops("-w", str(tmp_path), "config", "show")
    assert result.exit_code == 2
    assert "mops.yaml:1:11: error: 'US/Eastern' is an old alias" in result.stderr and "America/New_York" in result.stderr


def test_a_system_time_zone_given_by_its_old_alias_is_written_as_the_zone(tmp_path: Path) -> None:
    from mops.scaffold import system_timezone

    etc = tmp_path / "etc"
    etc.mkdir()
    found = system_timezone({"TZ": "US/Eastern"}, etc)
    assert found.value == "America/New_York" and "old alias" in found.source


# --- approvals: who may sign, and what mops.yaml shows a team it can set -----------------------


def test_init_allowed_signers_lists_nobody_and_verify_says_so(mops, tmp_path: Path, monkeypatch) -> None:
    """The scaffolded header is comments only: no key is trusted until a gatekeeper registers one."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    target = tmp_path / "ws"
    assert mops("init", str(target)).exit_code == 0
    (target / "briefs" / "launch.md").write_text("# Launch\n")
    result = mops("-w", str(target), "approvals", "verify", "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert "approvals/allowed_signers lists no key" in result.stdout


def test_init_mops_yaml_has_no_gatekeepers_list_and_its_commented_approval_examples_are_valid(mops, tmp_path: Path) -> None:
    target = tmp_path / "ws"
    assert mops("init", str(target)).exit_code == 0
    text = (target / "mops.yaml").read_text()
    assert "gatekeepers:" not in text  # deprecated: the allowed-signers file says who may sign
    config = _settings(target)
    assert (config.approvals.rules, config.approvals.spending_limits, config.approvals.sla_hours) == ([], {}, None)
    # what a team gets by uncommenting the examples under `approvals:`
    lines = text.splitlines()
    start = lines.index("approvals:")
    end = next(i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith(" "))
    block = [re.sub(r"^  # (?=\s*(- )?\w+:)", "  ", line) for line in lines[start:end]]  # `# key:` lines, not prose
    team = "people: [{name: Dana Lee, email: dana@example.com, role: gatekeeper}]"
    (target / "mops.yaml").write_text("\n".join(lines[:start] + block + lines[end:]).replace("people: []", team) + "\n")
    config = _settings(target)
    assert [rule.min_approvals for rule in config.approvals.rules] == [1, 2]
    assert config.approvals.rules[1].budget_above == 50000 and config.approvals.rules[1].sla_hours == 24
    assert config.approvals.spending_limits == {"marketer": 5000, "gatekeeper": 50000, "head_of_marketing": None}
    assert config.approvals.sla_hours == 48


def test_lint_leaves_approval_records_alone(mops, tmp_path: Path) -> None:
    """A record quoting a badly tagged link is data, not copy: `mops init`'s lint settings skip approvals/."""
    target = tmp_path / "ws"
    assert mops("init", str(target)).exit_code == 0
    record = target / "approvals" / "records" / "copy" / "ad.md" / "20261201T090000Z-approved-0a1b2c3d.yaml"
    record.parent.mkdir(parents=True)
    record.write_text('comment: "ok once https://shop.example/sale?utm_source=Facebook has a campaign"\n')
    shown = tmp_path / "ws" / "copy" / "quote.yaml"
    shown.parent.mkdir()
    shown.write_text(record.read_text())
    result = mops("-w", str(target), "lint", "--format", "json")
    assert result.exit_code == 1  # the same text outside approvals/ is linted
    assert "copy/quote.yaml" in result.stdout and "approvals/records" not in result.stdout
