"""A plan read for the launch check: the model, its file and where each value sits in it.

The checks cite the plan's lines as evidence, and an input error (an unknown channel, a missing
export) names `file:line:column` and the field, so the plan is read here with its positions rather
than through the workspace's validated cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mops.errors import ConfigError
from mops.yamlio import LoadedYaml, load_yaml, validate_loaded


def field_name(loc: tuple[Any, ...]) -> str:
    """`channels[1].budget` for ("channels", 1, "budget")."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


@dataclass
class PlanFile:
    path: Path  # absolute
    name: str  # workspace-relative, as findings and proposals name it
    plan: Any  # mops.models.plan.Plan
    loaded: LoadedYaml

    def line(self, loc: tuple[Any, ...] = ()) -> int:
        """The line of a value of the plan (the deepest part of `loc` the file has), 1 when unknown."""
        position = self.loaded.position(loc)
        return position.line if position else 1

    def error(self, loc: tuple[Any, ...], message: str, hint: str | None = None) -> ConfigError:
        """An input error at a field of the plan: `plan.yaml:line:column: error: ...`, exit 2."""
        position = self.loaded.position(loc)
        return ConfigError(
            message, path=self.name, line=position.line if position else None, column=position.column if position else None,
            field=field_name(loc), hint=hint,
        )

    def evidence(self, loc: tuple[Any, ...] = (), note: str | None = None, quote: str | None = None) -> Any:
        """Evidence pointing at a value of the plan."""
        from mops.models.results import Evidence

        return Evidence(kind="file", path=self.name, line=self.line(loc), note=note, quote=quote)


def workspace_file(ws: Any, pf: PlanFile, loc: tuple[Any, ...], given: str, what: str) -> Path:
    """A file the plan names (an export, a brief), resolved inside the workspace; an input error when
    it is outside the workspace or missing."""
    root = ws.root if ws.root is not None else Path.cwd()
    candidate = (root / given).resolve()
    try:
        candidate.relative_to(root.resolve())
    except ValueError:
        raise pf.error(loc, f"{what} {given!r} is outside the workspace", hint="name a file inside the workspace, relative to mops.yaml") from None
    if not candidate.is_file():
        raise pf.error(
            loc, f"{what} {given!r} does not exist" if not candidate.exists() else f"{what} {given!r} is not a file",
            hint="check the path (relative to mops.yaml), or add the file",
        )
    return candidate


def named_plans(ws: Any, given: list[Path]) -> list[Path]:
    """The plan files a command was given (a folder gives its plans), each inside the workspace: a
    plan elsewhere would write its proposal over the workspace's own plan's of that campaign."""
    from mops.errors import InputError

    folder = ws.path(ws.config.paths.plans)
    found: list[Path] = []
    for path in given:
        if not path.resolve().is_relative_to(ws.root.resolve()):
            raise InputError("the plan is outside the workspace", path=str(path),
                             hint=f"check plans inside the workspace ({ws.root}), or run mops from the plan's own workspace")
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError("plan not found", path=str(path), hint=f"give a plan file such as {ws.relative(folder)}/<campaign>.yaml, or --all")
    return found


def workspace_plan_files(ws: Any) -> list[PlanFile]:
    """Every plan of the workspace, read (for --all); the plans folder must exist."""
    from mops.errors import InputError

    folder = ws.path(ws.config.paths.plans)
    if not folder.is_dir():
        raise InputError(f"no plans folder at {ws.relative(folder)}", hint="create it, or set paths.plans in mops.yaml to where the plans are")
    paths = sorted(folder.glob("*.y*ml"))
    for path in paths:
        ws.check_inside(path)
    return [load_plan_file(ws, path) for path in paths]


def load_plan_file(ws: Any, path: Path) -> PlanFile:
    """Read and validate one plan file; its name must be its campaign id."""
    from mops.models.plan import Plan

    name = ws.relative(path)
    loaded = load_yaml(path, display=name)
    plan = validate_loaded(Plan, loaded, schema="plan", display=name)
    pf = PlanFile(path=path.resolve(), name=name, plan=plan, loaded=loaded)
    if plan.campaign != path.stem:
        raise pf.error(("campaign",), f"plan for campaign {plan.campaign!r} is in a file named {path.name!r}",
                       hint=f"rename the file to {plan.campaign}.yaml: one campaign, one id")
    return pf


def check_references(ws: Any, pf: PlanFile) -> None:
    """What the plan names must exist: its channels in the taxonomy, its platform campaigns' channels
    in the plan, its brief, its export files. Raises the first problem as an input error."""
    plan = pf.plan
    known = ws.taxonomy().channels
    for index, channel in enumerate(plan.channels):
        if channel.channel not in known:
            raise pf.error(
                ("channels", index, "channel"), f"unknown channel {channel.channel!r}",
                hint=f"use a channel of the taxonomy ({', '.join(known)}), or add it to the taxonomy's `channels`",
            )
    names = {c.channel for c in plan.channels}
    for index, ref in enumerate(plan.platform_campaigns):
        if ref.channel is not None and names and ref.channel not in names:
            raise pf.error(("platform_campaigns", index, "channel"), f"channel {ref.channel!r} is not one of the plan's channels ({', '.join(sorted(names))})",
                           hint="add the channel to `channels` or fix the name")
    if plan.brief:
        workspace_file(ws, pf, ("brief",), plan.brief, "brief")
    if plan.segment is not None and plan.segment.export:
        workspace_file(ws, pf, ("segment", "export"), plan.segment.export, "CRM export")
    for index, audience in enumerate(plan.audiences):
        if audience.export:
            workspace_file(ws, pf, ("audiences", index, "export"), audience.export, f"{audience.platform} audience export")
