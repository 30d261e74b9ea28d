"""What the four launch checks share: the workspace, the day judged, finance's allocations and every plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from mops.launch.plan_file import PlanFile


@dataclass
class FinanceFile:
    name: str  # workspace-relative
    model: Any  # mops.models.finance.FinanceAllocations
    loaded: Any  # LoadedYaml

    def line(self, loc: tuple[Any, ...]) -> int:
        position = self.loaded.position(loc)
        return position.line if position else 1


@dataclass
class LaunchContext:
    ws: Any  # mops.workspace.Workspace
    today: dt.date  # the day the check is made, in the workspace's time zone
    plans: list[PlanFile] = field(default_factory=list)  # every plan of the workspace (periods are shared)
    now: dt.datetime | None = None  # the instant of the run (aware); None when the day was given (--as-of)
    # what one run reads once and every plan of it shares (each keyed so a file changed mid-run is read again)
    crm_tallies: dict = field(default_factory=dict, repr=False)  # CRM export -> its segments' counts (segment.py)
    relative_names: dict = field(default_factory=dict, repr=False)  # path -> workspace-relative name (tracking.py)
    copy_walks: dict = field(default_factory=dict, repr=False)  # the copy folder's files (tracking.py)
    linted_copy: dict = field(default_factory=dict, repr=False)  # a copy file's lint and fixed text (tracking.py)

    def day_in(self, zone: str | None) -> dt.date:
        """The day of the run in a plan's time zone (a flight starting on the 1st in Los Angeles has not
        started at 02:00 on the 1st in Berlin); the given day itself when the run was given one."""
        if self.now is None or not zone:
            return self.today
        from mops.timezones import day_in

        return day_in(zone, self.now)

    @cached_property
    def utm(self) -> Any:
        from mops.utm.context import UtmContext

        return UtmContext(self.ws)

    @cached_property
    def finance(self) -> FinanceFile | None:
        """finance/allocations.yaml (mops.yaml paths.finance), or None when the workspace has none."""
        if self.ws.root is None:
            return None
        relative = self.ws.config.paths.finance
        path = self.ws.path(relative)
        if not path.exists():
            return None
        from mops.models.finance import FinanceAllocations
        from mops.yamlio import load_yaml, validate_loaded

        name = self.ws.relative(path)
        loaded = load_yaml(path, display=name)
        return FinanceFile(name=name, model=validate_loaded(FinanceAllocations, loaded, schema="finance", display=name), loaded=loaded)
