"""`mops proposal apply PROPOSAL`: carry out an approved reallocation, once.

Refused (exit 1, nothing written) unless `mops approvals verify` accepts the proposal as it is
(approved for its current bytes: the approvals code decides, mops/approvals/verify.py) with the
allowed signers and rules of a commit (`--base`, else HEAD: an uncommitted key in the
allowed-signers file or an uncommitted limit in mops.yaml approves nothing), it has not been
applied (`status: applied` or an `applied` date), it is not older than the plan's
`pacing.freshness_days` (then it is expired: the pacing check proposes again), and the plan still
holds the bytes (`plan_sha256`) and budgets the proposal was computed against (the "before" figures
of its effect: a plan edited since, or a move already carried out, makes the proposal stale). The
plan it names must be a file of the workspace, named without `..` and never through a symbolic link.

For an approved one, and only once everything is computed and checked:

1. the plan's channel budgets change by the moves, edited in place at their YAML positions
   (comments, order and layout of the rest of the file stay as they were); a `share` channel
   becomes an amount (`share: 40%` -> `budget: 10650`): a whole-unit move cannot be said exactly as
   a share, and `total_budget` is unchanged, so the other channels' shares keep their amounts;
2. the proposal is marked `status: applied` with an `applied:` date (its bytes change, so its
   approval no longer verifies: it cannot be applied twice);
3. bulk-edit sheets for the changed channels' platform campaigns are written under
   `proposals/<proposal-stem>/` (mops/pacing/bulk_sheets.py).

The files are written all or none (mops.fsutil.atomic_write_all: every one to a temp file first,
then each renamed over its target).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any


from mops.errors import InputError
from mops.models.pacing import ApplyResult, CampaignChange, ChannelChange


# -- in-place YAML edits ----------------------------------------------------------------------

_PLAIN_VALUE = re.compile(r"[^\s,\]}#]+")
_PLAIN_KEY = re.compile(r"[^\s:,\]}#]+")


def _offset(text: str, line: int, column: int) -> int:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
            if len(starts) > line:
                break
    return starts[line - 1] + column - 1


def _token_end(text: str, start: int, plain: re.Pattern[str]) -> int:
    quote = text[start]
    if quote == "'":
        i = start + 1
        while True:
            j = text.index("'", i)
            if text.startswith("''", j):
                i = j + 2
                continue
            return j + 1
    if quote == '"':
        i = start + 1
        while text[i] != '"':
            i += 2 if text[i] == "\\" else 1
        return i + 1
    found = plain.match(text, start)
    if not found:
        raise ValueError(f"no scalar at offset {start}")
    return found.end()


def _number(value: Decimal) -> str:
    value = value.quantize(Decimal("0.01"))
    return str(int(value)) if value == value.to_integral_value() else f"{value:.2f}"


def _edit(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _decode(data: bytes) -> tuple[str, bool]:
    bom = data.startswith(b"\xef\xbb\xbf")
    return data.decode("utf-8-sig"), bom


def _encode(text: str, bom: bool) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


# -- the apply --------------------------------------------------------------------------------


def _refuse(result: ApplyResult, reason: str) -> ApplyResult:
    result.refused = reason
    return result


def _channel_figures(proposal: Any) -> dict[str, dict[str, Any]]:
    """The per-channel figures the proposal rests on (its effect entries that name a channel)."""
    return {str(e.figures["channel"]): e.figures for e in proposal.effect if isinstance(e.figures.get("channel"), str)}


def apply_proposal(ws: Any, path: Path, *, base: str | None = None, today: dt.date | None = None) -> ApplyResult:
    """Apply an approved reallocation proposal once (module docstring); a refusal is a result with
    `refused` set, an unreadable proposal or plan a MopsError."""
    from mops.approvals.artifacts import workspace_relative
    from mops.approvals.verify import verify
    from mops.launch.plan_file import load_plan_file
    from mops.timezones import day_in
    from mops.models.proposal import Proposal
    from mops.pacing import bulk_sheets
    from mops.yamlio import parse_yaml, validate_loaded

    if ws.root is None:
        raise InputError("no workspace: applying a proposal changes the workspace's plan", hint="run it inside the workspace (mops init makes one)")
    relative = workspace_relative(ws, path)
    absolute = ws.root / relative
    if _through_link(ws.root, relative) or not absolute.is_file():
        raise InputError("no such proposal file" if not absolute.exists() else "not a file", path=relative,
                         hint="give a proposal written by `mops pacing check`, e.g. proposals/<campaign>-pacing-<date>.yaml")
    data = absolute.read_bytes()
    loaded = parse_yaml(data, absolute, display=relative)
    proposal = validate_loaded(Proposal, loaded, schema="proposal", display=relative)
    result = ApplyResult(proposal=relative, plan=proposal.plan)
    if proposal.kind != "reallocation" or not proposal.moves:
        raise InputError(f"a {proposal.kind} proposal moves no budget: only a reallocation is applied", path=relative,
                         hint="a launch proposal is approved, not applied")
    if proposal.status == "applied" or proposal.applied is not None:
        when = f" on {proposal.applied}" if proposal.applied else ""
        return _refuse(result, f"{relative} was already applied{when}: a proposal is applied once; the next pacing check proposes again")
    if proposal.status in ("rejected", "expired"):
        return _refuse(result, f"{relative} is {proposal.status}: it is not applied")

    if not proposal.plan:
        raise InputError("the proposal names no plan", path=relative, field="plan")
    plan_path = _plan_path(ws, proposal.plan, relative)

    # the signers and rules of a commit, never of the working tree: an uncommitted key or limit approves nothing
    report = verify(ws, base=base or "HEAD", artifacts=[absolute])
    result.notes.extend(report.notes)
    status = next((s for s in report.artifacts if s.artifact == relative), None)
    result.approval = status.state if status else None
    if status is None or status.state != "approved":
        state = status.state if status else "unknown"
        why = f": {status.reason}" if status and status.reason else ""
        said = "; ".join(status.needed) if status and status.needed else ""
        needed = f" (needed: {said})" if said and said not in why else ""
        hint = {"stale": "it changed since it was approved: review it and approve its current bytes, or run the pacing check again",
                "pending": f"a gatekeeper approves it with `mops approve {relative}`"}.get(state, "see `mops approvals verify " + relative + "`")
        return _refuse(result, f"{relative} is not approved ({state}{why}){needed}; {hint}")
    if status.sha256 is not None and status.sha256 != hashlib.sha256(data).hexdigest():
        return _refuse(result, f"{relative} changed while it was being verified: run apply again")

    pf = load_plan_file(ws, plan_path)
    plan = pf.plan
    if plan.campaign != proposal.campaign:
        raise InputError(f"the proposal is for {proposal.campaign} but {pf.name} is the plan of {plan.campaign}", path=relative, field="plan")
    # the plan's days are counted in its own time zone, as the pacing check counts them
    day = today or day_in(plan.zone(ws.config.timezone), dt.datetime.now(dt.timezone.utc))
    as_of = proposal.as_of or proposal.created
    if day > plan.end:
        return _refuse(result, f"the flight ended on {plan.end}: a reallocation applied after it changes nothing that can spend")
    if (day - as_of).days > plan.pacing.freshness_days:
        return _refuse(result, f"{relative} is expired: it rests on the data of {as_of}, more than the plan's pacing.freshness_days "
                               f"({plan.pacing.freshness_days}) before today ({day}); run `mops pacing check {pf.name}` again")
    through = _data_through(proposal, as_of)
    counted = bulk_sheets.counted_through(through, day)
    if bulk_sheets.days_left(plan, counted) == 0:
        return _refuse(result, f"the proposal counts spend through {through}, the flight's last day: no day is left to spend a moved budget")

    figures = _channel_figures(proposal)
    index = {c.channel: i for i, c in enumerate(plan.channels)}
    delta: dict[str, Decimal] = {}
    for move in proposal.moves:
        for name in (move.from_channel, move.to_channel):
            if name not in index:
                return _refuse(result, f"channel {name!r} of the proposal is not in {pf.name} any more: the plan changed since the proposal")
            if name not in figures or figures[name].get("budget_before") is None:
                raise InputError(f"the proposal carries no figures for channel {name!r} (its budget before the move)", path=relative,
                                 field="effect", hint="apply proposals written by `mops pacing check`")
        amount = Decimal(repr(move.amount))
        delta[move.from_channel] = delta.get(move.from_channel, Decimal(0)) - amount
        delta[move.to_channel] = delta.get(move.to_channel, Decimal(0)) + amount

    changes: list[ChannelChange] = []
    remaining: dict[str, Decimal] = {}
    edits: list[tuple[int, int, str]] = []
    text, bom = _decode(pf.path.read_bytes())
    if hashlib.sha256(_encode(text, bom)).hexdigest() != pf.loaded.sha256:
        return _refuse(result, f"{pf.name} changed while it was being read: run apply again")
    for name, change in delta.items():
        i = index[name]
        channel = plan.channels[i]
        before = Decimal(repr(channel.amount(plan.total_budget)))
        expected = Decimal(repr(float(figures[name]["budget_before"])))
        if abs(before - expected) > Decimal("0.005"):
            return _refuse(result, f"{pf.name} gives {name} {before:,.2f} {plan.currency}, the proposal was made against {expected:,.2f}: "
                                   "the plan changed since (or this move was already made); run the pacing check again")
        after = before + change
        spent = figures[name].get("spent_to_date")
        if channel.min_budget is not None and after < Decimal(repr(channel.min_budget)):
            return _refuse(result, f"{name} would fall to {after:,.2f}, below its min_budget {channel.min_budget:,.2f} in {pf.name}")
        if channel.max_budget is not None and after > Decimal(repr(channel.max_budget)):
            return _refuse(result, f"{name} would rise to {after:,.2f}, above its max_budget {channel.max_budget:,.2f} in {pf.name}")
        if spent is not None and after < Decimal(repr(float(spent))):
            return _refuse(result, f"{name} would have {after:,.2f}, below the {spent:,.2f} it had already spent")
        if channel.budget is not None:
            start = _offset(text, *_at(pf.loaded.value_positions, ("channels", i, "budget")))
            edits.append((start, _token_end(text, start, _PLAIN_VALUE), _number(after)))
        else:
            key = _offset(text, *_at(pf.loaded.key_positions, ("channels", i, "share")))
            edits.append((key, _token_end(text, key, _PLAIN_KEY), "budget"))
            start = _offset(text, *_at(pf.loaded.value_positions, ("channels", i, "share")))
            edits.append((start, _token_end(text, start, _PLAIN_VALUE), _number(after)))
        remaining[name] = max(Decimal(0), after - Decimal(repr(float(spent or 0))))
        changes.append(ChannelChange(
            channel=name, budget_before=float(before), budget_after=float(after), share_before=channel.share,
            spent_to_date=float(spent) if spent is not None else None, remaining_after=float(remaining[name]),
        ))
    if proposal.plan_sha256 is not None and pf.loaded.sha256 != proposal.plan_sha256:
        return _refuse(result, f"{pf.name} changed since the proposal was made (its bytes are not the ones the proposal's figures "
                               "were read from): run the pacing check again")
    new_plan_text = _edit(text, edits)
    _check_plan_edit(pf, new_plan_text, {c.channel: c.budget_after for c in changes})

    new_proposal_text = _mark_applied(relative, data, loaded, proposal, day)

    folder = absolute.parent / absolute.stem
    currencies = bulk_sheets.account_currencies(ws, plan.campaign)
    budgets = bulk_sheets.campaign_budgets(plan, remaining, counted, currencies=currencies,
                                           rates=dict(ws.config.history.fx_rates), home=ws.config.currency)
    sheets = bulk_sheets.sheet_texts(folder, budgets)
    for target in sheets:
        if target.exists():
            raise InputError("a bulk sheet is already there", path=ws.relative(target),
                             hint="move it away (apply writes the sheets of a proposal once), then run apply again")
    if currencies is None and budgets:
        result.notes.append(f"no history to read the platform campaigns' account currencies from: the daily budgets are in "
                            f"the plan's currency ({plan.currency}); check each account's currency before uploading")
    for b in budgets:
        sheet = folder / b.sheet if b.sheet else None
        result.campaigns.append(CampaignChange(
            platform=b.platform, campaign_id=b.campaign_id, campaign_name=b.campaign_name, channel=b.channel,
            daily_budget=float(b.daily_budget), remaining=float(b.remaining), days_left=b.days_left,
            sheet=ws.relative(sheet) if sheet else None,
        ))
        who = f"{b.platform} campaign {b.campaign_name or b.campaign_id or '(unnamed)'}"
        if b.converted:
            result.notes.append(f"{who}: its account spends in {b.currency}: daily budget {b.daily_budget:.2f} {b.currency}, {b.converted}")
        if sheet is None:
            result.notes.append(f"{who} is not in a bulk sheet ({b.by_hand}): set its daily budget to "
                                f"{b.daily_budget:.2f} {b.currency or plan.currency} by hand")
    for name in delta:
        if not bulk_sheets.campaigns_of(plan, name):
            result.notes.append(f"{pf.name} maps no platform campaign to {name}: change its budget on the platform by hand")
    if counted > through:
        result.notes.append(f"applied {(day - as_of).days} days after the day it was proposed on ({as_of}): the daily budgets spread what "
                            f"remained after {through} over the {bulk_sheets.days_left(plan, counted)} days from today; spend since "
                            f"{through} is not counted: check the platforms' spend since")
    result.notes.append(f"{pf.name} changed: an approval of the plan itself is now stale; the approved proposal is the authority for this change")

    writes: list[tuple[Path, bytes]] = [(t, s.encode("utf-8")) for t, s in sheets.items()]
    writes.append((pf.path, _encode(new_plan_text, bom)))
    writes.append((absolute, new_proposal_text))
    _write_all(folder, writes)
    result.applied = day.isoformat()
    result.changes = changes
    result.sheets = [ws.relative(t) for t in sheets]
    return result


def _data_through(proposal: Any, as_of: dt.date) -> dt.date:
    """The newest day of spend the proposal's figures count (its pacing report's data_through), else as_of."""
    for effect in proposal.effect:
        value = effect.figures.get("data_through")
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                break
    return as_of


def _at(positions: dict[tuple[Any, ...], Any], loc: tuple[Any, ...]) -> tuple[int, int]:
    position = positions[loc]
    return position.line, position.column


def _check_plan_edit(pf: Any, new_text: str, budgets: dict[str, float]) -> None:
    """The edited plan must read as the old one with exactly the new budgets (else nothing is written)."""
    from mops.errors import MopsError
    from mops.models.plan import Plan
    from mops.yamlio import parse_yaml, validate_loaded

    channels = [c.model_copy(update={"budget": budgets[c.channel], "share": None}) if c.channel in budgets else c for c in pf.plan.channels]
    expected = pf.plan.model_copy(update={"channels": channels}).model_dump()
    try:
        edited = validate_loaded(Plan, parse_yaml(new_text, pf.path, display=pf.name), schema="plan", display=pf.name).model_dump()
    except MopsError as exc:
        edited = {"error": exc.message}
    if edited != expected:
        raise InputError("cannot edit the plan's budgets in place (an unusual layout of the channel entries)", path=pf.name,
                         hint="write the changed channels' budgets as plain numbers (budget: 12000), then run apply again")


def _mark_applied(relative: str, data: bytes, loaded: Any, proposal: Any, day: dt.date) -> bytes:
    """The proposal's bytes with `status: applied` and `applied: <day>`, edited in place."""
    from mops.errors import MopsError
    from mops.models.proposal import Proposal
    from mops.yamlio import parse_yaml, validate_loaded

    text, bom = _decode(data)
    newline = "\r\n" if "\r\n" in text else "\n"
    stamp = f"applied: {day.isoformat()}"
    if ("status",) in loaded.value_positions and ("applied",) not in loaded.key_positions:
        start = _offset(text, *_at(loaded.value_positions, ("status",)))
        end = _token_end(text, start, _PLAIN_VALUE)
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end + 1
        insert = (stamp + newline) if text[line_end - 1:line_end] == "\n" else (newline + stamp + newline)
        new_text = text[:start] + "applied" + text[end:line_end] + insert + text[line_end:]
    else:
        new_text = text + ("" if text.endswith("\n") or not text else newline) + f"status: applied{newline}{stamp}{newline}"
    expected = proposal.model_copy(update={"status": "applied", "applied": day}).model_dump()
    try:
        edited = validate_loaded(Proposal, parse_yaml(new_text, loaded.path, display=relative), schema="proposal", display=relative).model_dump()
    except MopsError as exc:
        edited = {"error": exc.message}
    if edited != expected:
        raise InputError("cannot mark the proposal applied in place (an unusual layout)", path=relative,
                         hint="keep `status:` as a top-level line, as `mops pacing check` writes it")
    return _encode(new_text, bom)


def _write_all(folder: Path, writes: list[tuple[Path, bytes]]) -> None:
    """Every file or none (mops.fsutil.atomic_write_all); a sheets folder made for nothing is removed."""
    from mops.fsutil import atomic_write_all

    existed = folder.is_dir()
    try:
        atomic_write_all(writes)
    except BaseException:
        if not existed and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        raise


def _through_link(root: Path, relative: str) -> bool:
    """Whether any part of the workspace path `relative` is a symbolic link."""
    current = root
    for part in Path(relative).parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def _plan_path(ws: Any, named: str, proposal: str) -> Path:
    """The plan file the proposal names, confined to the workspace: named without `..`, inside the
    workspace (an absolute path too), never through a symbolic link, a regular file."""
    from mops.approvals.artifacts import workspace_relative

    given = Path(named)
    hint = "a pacing proposal names its plan as a workspace path (plans/<campaign>.yaml): run the pacing check again"
    if ".." in given.parts:
        raise InputError(f"the proposal's plan {named!r} climbs out with `..`: apply edits only the workspace's own plan",
                         path=proposal, field="plan", hint=hint)
    try:
        relative = workspace_relative(ws, given if given.is_absolute() else ws.root / given)
    except InputError:
        raise InputError(f"the proposal's plan {named!r} is outside the workspace: apply edits only the workspace's own plan",
                         path=proposal, field="plan", hint=hint) from None
    if _through_link(ws.root, relative):
        raise InputError(f"the proposal's plan {named!r} is (or lies under) a symbolic link: apply edits a plan file, never what a link "
                         "points at", path=proposal, field="plan", hint=hint)
    target = ws.root / relative
    if not target.is_file():
        raise InputError(f"the proposal's plan {named!r} is not a file of the workspace", path=proposal, field="plan", hint=hint)
    return target
