"""Workspace discovery and the validated-config cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from mops.errors import ConfigError
from mops.workspace import load_workspace

MINIMAL = "version: 1\nname: Acme\ncurrency: USD\n"


def make_workspace(folder: Path, text: str = MINIMAL) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mops.yaml").write_text(text, encoding="utf-8")
    return folder


def test_found_from_a_nested_directory(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "team")
    nested = root / "briefs" / "2026" / "q2"
    nested.mkdir(parents=True)
    ws = load_workspace(start=nested)
    assert ws.root == root.resolve()
    assert ws.config.name == "Acme"
    assert ws.config.currency == "USD"


def test_nearest_workspace_wins(tmp_path: Path) -> None:
    make_workspace(tmp_path / "outer", "name: Outer\n")
    inner = make_workspace(tmp_path / "outer" / "inner", "name: Inner\n")
    assert load_workspace(start=inner / ".").config.name == "Inner"


def test_explicit_workspace_folder_or_file(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert load_workspace(root, start=elsewhere).root == root.resolve()
    assert load_workspace(root / "mops.yaml", start=elsewhere).root == root.resolve()


def test_explicit_workspace_without_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_workspace(tmp_path)
    assert "no mops.yaml" in info.value.message
    assert "mops init" in (info.value.hint or "")


def test_no_workspace_means_bundled_defaults(tmp_path: Path) -> None:
    ws = load_workspace(start=tmp_path)
    assert ws.is_default
    assert ws.config.currency == "EUR"
    # the bundled taxonomy still applies
    assert "utm_source" in ws.taxonomy().required


def test_cli_says_once_that_defaults_apply(mops, tmp_path: Path) -> None:
    result = mops("config", "show", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stderr.count("using bundled defaults") == 1
    assert "bundled defaults" in result.stdout


def test_workspace_option_and_env(mops, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_workspace(tmp_path / "ws", "name: From Option\n")
    other = tmp_path / "other"
    other.mkdir()
    result = mops("--workspace", str(root), "config", "show", "--format", "json", cwd=other)
    assert result.exit_code == 0, result.stderr
    assert '"name": "From Option"' in result.stdout
    assert result.stderr == ""
    monkeypatch.setenv("MOPS_WORKSPACE", str(root))
    assert '"name": "From Option"' in mops("config", "show", "--format", "json", cwd=other).stdout


def test_cache_is_used_and_invalidated_when_the_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # this test's own user cache
    root = make_workspace(tmp_path / "ws", "name: First\n")
    assert load_workspace(root).config.name == "First"
    from mops.usercache import cache_dir

    cache = list((cache_dir() / "validated").glob("config-*.json"))
    assert len(cache) == 1
    assert not (root / ".mops" / "cache").exists()  # nothing of the cache in the workspace
    # The cache is what a second run reads: tamper with it and the tampered value shows through
    # (once the validated model kept in the user's cache, read first, is gone)
    pickles = list((cache_dir() / "validated").glob("config-*.pickle"))
    assert len(pickles) == 1
    cache[0].write_text(cache[0].read_text().replace("First", "Cached"))
    assert load_workspace(root).config.name == "First"  # the pickled model
    pickles[0].unlink()
    assert load_workspace(root).config.name == "Cached"
    cache[0].unlink()  # the pickle, written again from the JSON, is read without it
    assert load_workspace(root).config.name == "Cached"
    # One changed byte in mops.yaml changes the key: the stale cache is never read.
    (root / "mops.yaml").write_text("name: Second\n")
    assert load_workspace(root).config.name == "Second"


def test_cache_never_hides_an_error(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    load_workspace(root)
    (root / "mops.yaml").write_text("currency: euros\n")
    with pytest.raises(ConfigError):
        load_workspace(root)


def test_plan_file_name_must_be_its_campaign_id(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    (root / "plans").mkdir()
    (root / "plans" / "spring.yaml").write_text(
        "campaign: 2026-q2_spring-sale\nstart: 2026-04-01\nend: 2026-04-30\ntotal_budget: 1000\n"
    )
    with pytest.raises(ConfigError) as info:
        load_workspace(root).plans()
    assert "2026-q2_spring-sale.yaml" in (info.value.hint or "")


def test_an_explicit_path_that_does_not_exist_is_an_error(mops, tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", "paths:\n  taxonomy: conventions/utm.yaml\n")
    (root / "ad.md").write_text("No links here.\n")
    for _ in range(2):  # the second run reads the validated config from the cache: same verdict
        result = mops("-w", str(root), "lint", str(root / "ad.md"))
        assert result.exit_code == 2
        assert "paths.taxonomy points at conventions/utm.yaml, which does not exist" in result.stderr


def test_the_default_path_falls_back_to_the_bundled_file(mops, tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    (root / "ad.md").write_text("https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=2026-q2_spring-sale\n")
    assert mops("-w", str(root), "lint", str(root / "ad.md")).exit_code == 0


def test_a_cache_file_planted_in_the_workspace_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A clone can bring any file along, a `.mops/cache/config-<key>.json` too (`git add -f`): the
    settings come from mops.yaml, never from a cache the repository holds."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "first-user"))
    root = make_workspace(tmp_path / "ws", "name: Real\n")
    assert load_workspace(root).config.name == "Real"
    from mops.usercache import cache_dir

    for cached in (cache_dir() / "validated").glob("config-*.json"):
        planted = root / ".mops" / "cache" / cached.name
        planted.parent.mkdir(parents=True, exist_ok=True)
        planted.write_text(cached.read_text().replace("Real", "Planted"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-machine"))
    assert load_workspace(root).config.name == "Real"


def test_a_workspace_read_as_plain_values_answers_as_its_models(example_workspace: Path) -> None:
    # `mops lint` reads the workspace's files as plain values (mops.models.plain) from the cache:
    # what they answer, fields, methods and pydantic's API alike, must be what the models answer
    validated = load_workspace(example_workspace)
    load_workspace(example_workspace, plain=True)  # fills the cache of plain values
    plain = load_workspace(example_workspace, plain=True)
    assert type(plain.config).__name__ == "Plain" and type(validated.config).__name__ == "WorkspaceConfig"
    assert plain.config.lint.fail_on == validated.config.lint.fail_on and plain.config.paths.plans == validated.config.paths.plans
    assert plain.config.paths.model_fields_set == validated.config.paths.model_fields_set
    assert plain.config.model.name == validated.config.model.name  # a field named `model`, as plain values have a method model_instance
    assert plain.config.model_dump() == validated.config.model_dump()
    email = validated.config.people[0].email
    assert plain.config.person(email) == validated.config.person(email)
    assert plain.taxonomy().model_dump() == validated.taxonomy().model_dump()
    assert plain.brand_voice().model_dump() == validated.brand_voice().model_dump()
    assert [p.model_dump() for p in plain.plans()] == [p.model_dump() for p in validated.plans()]


def test_a_plan_linked_from_outside_the_workspace_is_refused_naming_it(mops, example_workspace: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("campaign: leak\nsecret: hunter2\n", encoding="utf-8")
    (example_workspace / "plans" / "leak.yaml").symlink_to(outside)
    for args in (["lint"], ["launch", "check", "--all", "--as-of", "2026-12-06"]):
        done = mops(*args, cwd=example_workspace)
        assert done.exit_code == 2, args
        assert "plans/leak.yaml: error: this file is a link to a file outside the workspace" in done.stderr
        assert "hunter2" not in done.stdout + done.stderr
