"""`mops schema`: every model's JSON Schema is generated, valid, and agrees with the models."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from mops.models import SCHEMAS

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_valid_json_schema(mops, name: str) -> None:
    result = mops("schema", name)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object"
    assert schema["properties"]


def test_schema_lists_names(mops) -> None:
    result = mops("schema")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == list(SCHEMAS)


def test_unknown_schema(mops) -> None:
    result = mops("schema", "budget")
    assert result.exit_code == 2
    assert "choose one of: config" in result.stderr


@pytest.mark.parametrize(
    ("name", "path"),
    [("taxonomy", "taxonomy/utm.yaml"), ("voice", "brand/voice.yaml")],
)
def test_bundled_files_validate_against_their_json_schema(mops, name: str, path: str) -> None:
    schema = json.loads(mops("schema", name).stdout)
    document = yaml.safe_load((REPO / path).read_text())
    jsonschema.validate(document, schema)


def test_json_schema_rejects_what_the_model_rejects(mops) -> None:
    schema = json.loads(mops("schema", "config").stdout)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"curency": "EUR"}, schema)  # unknown fields are errors for editors too


def test_write_schemas(mops, tmp_path: Path) -> None:
    result = mops("schema", "--write", str(tmp_path / "schemas"))
    assert result.exit_code == 0
    assert sorted(p.stem for p in (tmp_path / "schemas").glob("*.json")) == sorted(SCHEMAS)


def test_a_trusted_finding_is_the_finding_validation_would_build():
    # the lint builds findings without validating them (mops.models._base.trusted); a pydantic
    # upgrade that changes how models hold their data must fail here, not in users' JSON
    from mops.models._base import trusted
    from mops.models.results import Edit, Finding, Fix, Severity

    values = {
        "code": "UTM006", "severity": Severity.error, "path": "copy/a.md", "line": 3, "column": 7, "end_line": 3,
        "end_column": 12, "message": "m", "fix": Fix(description="d", edits=[Edit(start=1, end=2, replacement="x")]),
    }
    validated = Finding(**values)
    fast = trusted(Finding, dict(values, fix=trusted(Fix, {"description": "d", "edits": [trusted(Edit, {"start": 1, "end": 2, "replacement": "x"})], "safe": True})))
    assert fast == validated
    assert fast.model_dump_json() == validated.model_dump_json()
    assert fast.model_fields_set == validated.model_fields_set
    assert fast.fix.edits[0].replacement == "x" and fast.location == "copy/a.md:3:7"
    fast.message = "changed"  # attributes stay settable as on any model
    assert fast.message == "changed" and validated.message == "m"


def test_a_command_s_json_is_what_its_result_schema_says(mops, tmp_path: Path) -> None:
    """The result schemas describe what scripts read: `--format json` of the command validates."""
    ga4 = REPO / "tests" / "data" / "ga4" / "traffic-acquisition.csv"
    (tmp_path / "mops.yaml").write_text("version: 1\nname: x\n", encoding="utf-8")
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "crm.csv").write_text("email,segment\nanna@example.com,vip\n", encoding="utf-8")
    outputs = {
        "privacy-forget": mops("privacy", "forget", "anna@example.com", "--format", "json", cwd=tmp_path),
        "utm-audit": mops("utm", "audit", str(ga4), "--format", "json", cwd=tmp_path),
        "utm-classify": mops("utm", "classify", "--source", "google", "--medium", "cpc", "--format", "json", cwd=tmp_path),
    }
    for name, result in outputs.items():
        assert result.exit_code in (0, 1), result.stderr
        jsonschema.validate(json.loads(result.stdout), json.loads(mops("schema", name).stdout))
