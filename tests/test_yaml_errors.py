"""Every kind of YAML mistake is reported with file, line, column and field, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from mops.errors import ConfigError, MultipleErrors
from mops.workspace import load_workspace


def config_error(mops, tmp_path: Path, text: str):
    (tmp_path / "mops.yaml").write_text(text, encoding="utf-8")
    result = mops("config", "show", cwd=tmp_path)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return result.stderr


def test_syntax_error_points_at_the_line(mops, tmp_path: Path) -> None:
    err = config_error(mops, tmp_path, "name: Acme\ncurrency: EUR\npeople:\n  - name: Dana\n   email: dana@example.com\n")
    assert err.startswith("mops.yaml:5:")
    assert "YAML syntax error" in err
    assert "hint:" in err


def test_unclosed_quote(mops, tmp_path: Path) -> None:
    err = config_error(mops, tmp_path, 'name: "Acme\ncurrency: EUR\n')
    assert "mops.yaml:" in err and "YAML syntax error" in err


def test_wrong_type_points_at_the_value(mops, tmp_path: Path) -> None:
    text = "name: Acme\npeople:\n  - name: Dana\n    email: dana@example.com\n    max_active_campaigns: lots\n"
    err = config_error(mops, tmp_path, text)
    assert err.startswith("mops.yaml:5:27: error:")
    assert "field: people[0].max_active_campaigns" in err
    assert "'lots'" in err


def test_unknown_field_points_at_the_key(mops, tmp_path: Path) -> None:
    err = config_error(mops, tmp_path, "name: Acme\ncurency: EUR\n")
    assert err.startswith("mops.yaml:2:1: error: unknown field 'curency'")
    assert "field: curency" in err
    assert "mops schema config" in err


def test_missing_required_field_points_at_its_parent(mops, tmp_path: Path) -> None:
    err = config_error(mops, tmp_path, "people:\n  - name: Dana\n    role: gatekeeper\n")
    assert err.startswith("mops.yaml:2:5: error: missing required field 'email'")
    assert "field: people[0].email" in err


def test_invalid_value_explains_what_is_expected(mops, tmp_path: Path) -> None:
    err = config_error(mops, tmp_path, "timezone: Berlin\n")
    assert err.startswith("mops.yaml:1:11:")
    assert "IANA time zone" in err


def test_duplicate_key_is_an_error(mops, tmp_path: Path) -> None:
    err = config_error(mops, tmp_path, "name: A\ncurrency: EUR\nname: B\n")
    assert err.startswith("mops.yaml:3:1: error: duplicate key 'name' (first at line 1)")


def test_not_a_mapping(mops, tmp_path: Path) -> None:
    err = config_error(mops, tmp_path, "- just\n- a list\n")
    assert "expected a mapping" in err


def test_not_utf8(mops, tmp_path: Path) -> None:
    (tmp_path / "mops.yaml").write_bytes("name: Caf\xe9\n".encode("latin-1"))
    result = mops("config", "show", cwd=tmp_path)
    assert result.exit_code == 2
    assert "not UTF-8" in result.stderr


def test_several_problems_are_all_reported(mops, tmp_path: Path) -> None:
    err = config_error(mops, tmp_path, "currency: euro\nfiscal_year_start: April\n")
    assert "mops.yaml:1:11:" in err
    assert "mops.yaml:2:20:" in err


def test_plan_errors_name_the_plan_file(tmp_path: Path) -> None:
    (tmp_path / "mops.yaml").write_text("name: Acme\n")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2026-q2_spring-sale.yaml").write_text(
        "campaign: 2026-q2_spring-sale\nstart: 2026-04-01\ntotal_budget: -5\n"
    )
    with pytest.raises(MultipleErrors) as info:
        load_workspace(tmp_path).plans()
    rendered = info.value.render()
    assert "plans/2026-q2_spring-sale.yaml:1:1: error: missing required field 'end'" in rendered
    assert "plans/2026-q2_spring-sale.yaml:3:15: error:" in rendered
    assert "field: total_budget" in rendered


def test_bad_campaign_id_explains_the_rule(tmp_path: Path) -> None:
    (tmp_path / "mops.yaml").write_text("name: Acme\n")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "Spring Sale.yaml").write_text(
        "campaign: Spring Sale\nstart: 2026-04-01\nend: 2026-04-30\ntotal_budget: 5\n"
    )
    with pytest.raises(ConfigError) as info:
        load_workspace(tmp_path).plans()
    assert info.value.line == 1 and info.value.column == 11
    assert "2026-q2_spring-sale" in info.value.message


def test_debug_shows_a_traceback_only_for_unexpected_errors(mops_subprocess, tmp_path: Path) -> None:
    (tmp_path / "mops.yaml").write_text("name: [unclosed\n")
    result = mops_subprocess("config", "show", cwd=tmp_path, env={"MOPS_DEBUG": "1"})
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr  # a user error is never a traceback
    assert "mops.yaml:" in result.stderr


def test_a_date_the_calendar_has_not_is_an_error_at_its_place(mops, tmp_path: Path) -> None:
    """YAML reads 2027-06-31 as a date and the calendar refuses it: a located error, not a crash."""
    (tmp_path / "mops.yaml").write_text("version: 1\nname: x\n", encoding="utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "2027-q2_sale.yaml").write_text("campaign: 2027-q2_sale\nstart: 2027-06-01\nend: 2027-06-31\ntotal_budget: 10\n", encoding="utf-8")
    result = mops("lint", "plans/2027-q2_sale.yaml", cwd=tmp_path)
    assert result.exit_code == 2 and "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "plans/2027-q2_sale.yaml:3:6" in result.stderr and "day is out of range" in result.stderr
