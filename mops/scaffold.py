"""`mops init`: lay out a complete workspace without ever overwriting a file."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from mops.errors import InputError
from mops.fsutil import atomic_write_text
from mops.resources import bundled_path

FOLDERS = ("taxonomy", "brand", "playbooks", "transcripts", "briefs", "plans", "proposals", "approvals", "exports")

MOPS_YAML = """\
# yaml-language-server: $schema=.mops/schemas/config.json
# mops workspace settings. `mops schema config` documents every field.
version: 1
name: {name}
currency: EUR
timezone: Europe/Berlin
fiscal_year_start: "01-01"
default_region: DE

people: []
#  - name: Dana Lee
#    email: dana@example.com
#    role: gatekeeper
#    max_active_campaigns: 3

approvals:
  allowed_signers: approvals/allowed_signers
  gatekeepers: []

model:
  name: null   # offline extraction; a litellm model name (e.g. ollama/llama3.1) to use a model

lint:
  fail_on: warning
"""

GITIGNORE = ".mops/\n"


@dataclass
class ScaffoldResult:
    root: Path
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    git_initialised: bool = False


def _with_schema_comment(text: str, schema: str, depth: int) -> str:
    line = f"# yaml-language-server: $schema={'../' * depth}.mops/schemas/{schema}.json\n"
    if text.startswith("# yaml-language-server:"):
        text = text.split("\n", 1)[1]
    return line + text


def _inside_git_repo(folder: Path) -> bool:
    return any((p / ".git").exists() for p in (folder, *folder.parents))


def scaffold_workspace(target: Path) -> ScaffoldResult:
    """Create the workspace files under `target`, keeping every file that already exists."""
    root = target.resolve()
    if root.exists() and not root.is_dir():
        raise InputError("exists and is not a folder", path=str(target), hint="give a folder to create the workspace in")
    result = ScaffoldResult(root=root)
    files: dict[str, str] = {
        "mops.yaml": MOPS_YAML.format(name=root.name or "mops workspace"),
        "taxonomy/utm.yaml": _with_schema_comment(bundled_path("taxonomy", "utm.yaml").read_text(encoding="utf-8"), "taxonomy", 1),
        "brand/voice.yaml": _with_schema_comment(bundled_path("brand", "voice.yaml").read_text(encoding="utf-8"), "voice", 1),
        "approvals/allowed_signers": "",
        ".gitignore": GITIGNORE,
    }
    for playbook in sorted(bundled_path("playbooks").glob("*.md.j2")):
        files[f"playbooks/{playbook.name}"] = playbook.read_text(encoding="utf-8")
    for folder in FOLDERS:
        if not any(name.startswith(f"{folder}/") for name in files):
            files[f"{folder}/.gitkeep"] = ""  # git keeps no empty folders

    for relative, content in files.items():
        destination = root / relative
        if destination.exists():
            result.kept.append(relative)
            continue
        atomic_write_text(destination, content)
        result.created.append(relative)

    write_schemas(root / ".mops" / "schemas")
    if not _inside_git_repo(root):
        completed = subprocess.run(["git", "init", "-q", str(root)], capture_output=True, text=True, check=False)
        result.git_initialised = completed.returncode == 0
    return result


def write_schemas(folder: Path) -> list[Path]:
    """Write every model's JSON Schema to `folder` (for editors' yaml-language-server)."""
    import json

    from mops.models import SCHEMAS

    written = []
    for name, model in SCHEMAS.items():
        path = folder / f"{name}.json"
        atomic_write_text(path, json.dumps(model.model_json_schema(), indent=2) + "\n")
        written.append(path)
    return written
