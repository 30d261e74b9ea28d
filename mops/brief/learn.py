"""`mops brief learn DRAFT APPROVED`: what a reviewer changed in a drafted brief, and what of it
later drafts may apply.

Every difference is recorded (`mops.brief.diff`). Three kinds are learned, because applying them
to another meeting cannot change what that meeting decided:

- **channel_alias**: money the draft could not place ("6,000 EUR was said for TikTok, which is not
  a channel in the taxonomy") that the reviewer put on a channel (a split item of that amount, a
  split grown by it, or else the one channel added): the name is that channel's alias from then on.
  A split item whose channel the reviewer changed teaches the phrase its quote names for the old
  channel, unless the taxonomy lists that phrase (the taxonomy is the one place aliases are
  decided: the correction is then reported, to fix the taxonomy, not learned).
- **role**: a person's role reworded (`owners[Jonas Weber].role: pull the list -> CRM segment`);
  never the campaign owner's role, which says who is accountable.
- **product_name**: a name the draft misspelt in its text ("Trail Pro three" -> "Trail Pro 3"):
  a short span of words, written as a name in the approved text (capitals or digits), close in
  spelling to the drafted words or one of the brand voice's protected names, not a person of the
  team nor a channel.

Figures, dates, targets, channels and who does what are the meeting's to state: recorded, never
applied.

Without `write`, nothing is written (the command prints what it would record); with it,
`lessons/corrections/<campaign>.yaml` is written atomically, an existing different file only with
`force`.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from mops.errors import InputError, UsageError
from mops.models.brief import Brief
from mops.models.correction import Correction, FieldChange, LearnedRule, LearnResult
from mops.models.results import Observation

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../.mops/schemas/correction.json"
_TEXT_FIELDS = re.compile(r"^(?:title|offer|call_to_action|audience\.description|key_messages\[.*\]|"
                          r"(?:objectives|decisions|risks|open_questions)\[.*\]\.text|deliverables\[.*\]\.what)$")
_WORD = re.compile(r"[^\W_][\w'’+&.-]*[^\W_]|[^\W_]")
_MAX_NAME_WORDS = 4


def corrections_folder(ws: Any) -> Path:
    return ws.path(f"{ws.config.paths.lessons}/corrections")


def learn_from_briefs(ws: Any, draft_path: Path, approved_path: Path, *, write: bool = False, force: bool = False) -> LearnResult:
    """Compare a drafted brief with the approved one; with `write`, record the correction."""
    from mops.brief.diff import brief_changes
    from mops.brief.document import read_brief

    if draft_path.resolve() == approved_path.resolve():
        raise UsageError("DRAFT and APPROVED are the same file", hint="give the drafted brief first, then the version a person approved")
    for given, label in ((draft_path, "DRAFT"), (approved_path, "APPROVED")):
        if ws.root is not None and not given.resolve().is_relative_to(ws.root.resolve()):
            # the correction names both files and is committed: a path of someone's machine does not belong in it
            raise InputError(f"{label} is outside the workspace", path=str(given),
                             hint=f"copy the brief into the workspace ({ws.root}) first, e.g. under drafts/")
    draft = read_brief(draft_path, display=ws.relative(draft_path))
    approved = read_brief(approved_path, display=ws.relative(approved_path))
    if draft.brief.campaign != approved.brief.campaign:
        raise InputError(
            f"the briefs are of different campaigns: {draft.brief.campaign} (draft) and {approved.brief.campaign}",
            path=approved.display, line=approved.line_of("campaign"), field="campaign",
            hint="compare a drafted brief with the approved version of the same campaign",
        )
    changes = brief_changes(draft.brief, approved.brief)
    rules, observations = learned_rules(ws, draft.brief, approved.brief, changes)
    correction = Correction(
        campaign=draft.brief.campaign, draft=draft.display, approved=approved.display, transcript=draft.brief.transcript,
        drafted_by=draft.brief.drafted_by, changes=changes, learned=rules,
    )
    target = corrections_folder(ws) / f"{correction.campaign}.yaml"
    result = LearnResult(correction=correction, target=ws.relative(target), written=False, observations=observations)
    if write and changes:  # nothing changed: nothing to record, and no empty file to commit
        _write(ws, target, correction, force=force)
        result.written = True
    return result


def correction_text(correction: Correction) -> str:
    """The correction file: the model as YAML a reviewer reads in a pull request."""
    from mops.yamlio import dump_record

    header = (
        f"{SCHEMA_COMMENT}\n"
        f"# Written by `mops brief learn {correction.draft} {correction.approved}`: what the reviewer changed in the draft.\n"
        "# `learned` is what later drafts apply (`mops brief draft` says when it does); delete an entry to stop it.\n"
    )
    from mops.brief.document import prune_empty

    return header + dump_record(prune_empty(correction.model_dump(mode="json", exclude_none=True)))


def _write(ws: Any, target: Path, correction: Correction, *, force: bool) -> None:
    from mops.fsutil import atomic_write_text

    if ws.root is None:
        raise UsageError("--write needs a workspace: corrections are kept in its lessons folder", hint="run it inside a workspace, or without --write")
    text = correction_text(correction)
    if target.is_file() and not force:
        try:
            same = target.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            raise InputError(
                "a correction for this campaign is already recorded; not overwritten",
                path=ws.relative(target), hint="pass --force to replace it (a reviewer may have removed learned entries from it)",
            )
        return
    atomic_write_text(target, text)


# -- what is learned ----------------------------------------------------------------------------


def learned_rules(ws: Any, draft: Brief, approved: Brief, changes: list[FieldChange]) -> tuple[list[LearnedRule], list[Observation]]:
    """The changes later drafts may apply, and observations on those that looked learnable but are not."""
    from mops.brief.channels import ChannelLexicon

    lexicon = ChannelLexicon(ws.taxonomy())
    rules: list[LearnedRule] = []
    observations: list[Observation] = []
    for found, refused in (_aliases_from_unplaced_money(lexicon, changes), _aliases_from_changed_channels(lexicon, draft, changes)):
        rules += found
        observations += refused
    rules += _roles(draft, changes)
    rules += _product_names(ws, lexicon, changes)
    unique: dict[tuple[str, str, str | None], LearnedRule] = {}
    for rule in rules:
        unique.setdefault((rule.kind, rule.said.lower(), rule.person), rule)
    return list(unique.values()), observations


def _not_a_channel(said: str, moved: str, new: str, evidence: list) -> Observation:
    """Why a correction that put money on a channel the taxonomy lacks teaches nothing."""
    return Observation(
        statement=f"not learned: the reviewer {moved} {new}, which is not a channel in the taxonomy, so {said} cannot become its "
        f"alias; add {new} under `channels:` in taxonomy/utm.yaml (then run brief learn again), or correct the brief's channel",
        code="BRIEF-LEARN", severity="warning", evidence=evidence,
    )


def _aliases_from_unplaced_money(lexicon: Any, changes: list[FieldChange]) -> tuple[list[LearnedRule], list[Observation]]:
    from mops.brief.offline.money import unknown_channel_asked

    rules: list[LearnedRule] = []
    refused: list[Observation] = []
    for change in changes:
        if not (change.field.startswith("open_questions[") and change.change == "removed" and isinstance(change.old, dict)):
            continue
        asked = unknown_channel_asked(str(change.old.get("text", "")))
        if asked is None or lexicon.canonical(asked[1]) is not None:
            continue
        amount, name = asked
        placed = _channel_given(amount, changes)
        if placed is not None and placed[0] in lexicon.channels:
            rules.append(LearnedRule(kind="channel_alias", said=name, means=placed[0], learned_from=placed[1]))
        elif placed is not None:
            refused.append(_not_a_channel(f"'{name}'", f"put the {amount:,.0f} said for {name} on", placed[0], change.evidence))
    return rules, refused


def _channel_given(amount: float, changes: list[FieldChange]) -> tuple[str, str] | None:
    """(channel, field) the reviewer put `amount` on: a split item of that amount, a split grown by
    exactly it, or else the one channel the approved brief added."""
    split = re.compile(r"^budget\.split\[(?P<channel>[^\]]+)\](?P<amount>\.amount)?$")
    for change in changes:
        found = split.match(change.field)
        if found is None:
            continue
        if found["amount"] and change.change == "corrected" and _number(change.new) - _number(change.old) == amount:
            return found["channel"], change.field
        if not found["amount"] and change.change == "added" and isinstance(change.new, dict) and _number(change.new.get("amount")) == amount:
            return str(change.new.get("channel")), change.field
    added = [c for c in changes if c.field.startswith("channels[") and c.change == "added"]
    return (str(added[0].new), added[0].field) if len(added) == 1 else None


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else float("nan")


def _aliases_from_changed_channels(lexicon: Any, draft: Brief, changes: list[FieldChange]) -> tuple[list[LearnedRule], list[Observation]]:
    rules: list[LearnedRule] = []
    refused: list[Observation] = []
    for change in changes:
        if not (change.field.startswith("budget.split[") and change.field.endswith("].channel") and change.change == "corrected"):
            continue
        old, new = str(change.old), str(change.new)
        phrases = list({m.said.lower(): m.said for e in change.evidence for m in lexicon.find(e.quote or "") if m.channel == old}.values())
        if not phrases:
            continue
        if new not in lexicon.channels:
            said = ", ".join(f"'{p}'" for p in phrases)
            refused.append(_not_a_channel(said, f"moved money said with {said} from {old} to", new, change.evidence))
            continue
        listed = [p for p in phrases if lexicon.canonical(p) is not None]
        if len(phrases) == 1 and not listed:
            rules.append(LearnedRule(kind="channel_alias", said=phrases[0], means=new, learned_from=change.field))
        elif listed:
            said = ", ".join(f"'{p}'" for p in listed)
            refused.append(Observation(
                statement=f"not learned: the reviewer moved money said with {said} from {old} to {new}, but the taxonomy lists "
                f"{said} under {old}; if the reviewer is right, move the alias in the taxonomy (aliases are decided there)",
                code="BRIEF-LEARN", severity="warning", evidence=change.evidence,
            ))
    return rules, refused


def _roles(draft: Brief, changes: list[FieldChange]) -> list[LearnedRule]:
    rules = []
    renamed = {c.field.removesuffix(".name") for c in changes if c.field.startswith("owners[") and c.field.endswith(".name")}
    for change in changes:
        if not (change.field.startswith("owners[") and change.field.endswith(".role") and change.change == "corrected"):
            continue
        if change.field.removesuffix(".role") in renamed or "owner" in (str(change.old).lower(), str(change.new).lower()):
            continue  # a different person, or who is accountable: the meeting's to say
        person = next((p for p in draft.owners if p.role == change.old and p.evidence == change.evidence), None)
        if person is not None:
            rules.append(LearnedRule(kind="role", person=person.name, said=str(change.old), means=str(change.new), learned_from=change.field))
    return rules


def _product_names(ws: Any, lexicon: Any, changes: list[FieldChange]) -> list[LearnedRule]:
    protected = {n.lower() for n in ws.brand_voice().protected_names}
    team = {p.name.lower() for p in ws.config.people} | {p.name.split()[0].lower() for p in ws.config.people}
    rules = []
    for change in changes:
        if change.change != "corrected" or not _TEXT_FIELDS.match(change.field):
            continue
        if not isinstance(change.old, str) or not isinstance(change.new, str):
            continue
        for said, means in name_fixes(change.old, change.new):
            known = means.lower() in protected
            close = difflib.SequenceMatcher(None, _letters(said), _letters(means)).ratio() >= 0.5
            if (known or close) and means.lower() not in team and lexicon.canonical(means) is None and len(said) >= 4:
                rules.append(LearnedRule(kind="product_name", said=said, means=means, learned_from=change.field))
    return rules


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _joined(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """Whether only spaces stand between two words of `text`."""
    return not text[first.end() : second.start()].strip()


def name_fixes(old: str, new: str) -> list[tuple[str, str]]:
    """(words in `old`, words in `new`) for each short span rewritten as a name: "the Trail Pro three
    for Club members" -> "the Trail Pro 3 for Club members" gives ("Trail Pro three", "Trail Pro 3").
    A span grows over the unchanged capitalised words beside it, so the whole name is kept."""
    a, b = list(_WORD.finditer(old)), list(_WORD.finditer(new))
    matcher = difflib.SequenceMatcher(None, [m.group().lower() for m in a], [m.group().lower() for m in b], autojunk=False)
    fixes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace" or (i2 - i1) > _MAX_NAME_WORDS or (j2 - j1) > _MAX_NAME_WORDS:
            continue
        # grow over unchanged capitalised neighbours ("Trail Pro" before "three" -> "3"), word by
        # word: a comma or full stop ends a name
        while i1 > 0 and j1 > 0 and _joined(old, a[i1 - 1], a[i1]) and _joined(new, b[j1 - 1], b[j1]) \
                and a[i1 - 1].group().lower() == b[j1 - 1].group().lower() and _is_name_word(b[j1 - 1].group()):
            i1, j1 = i1 - 1, j1 - 1
        while i2 < len(a) and j2 < len(b) and _joined(old, a[i2 - 1], a[i2]) and _joined(new, b[j2 - 1], b[j2]) \
                and a[i2].group().lower() == b[j2].group().lower() and _is_name_word(b[j2].group()):
            i2, j2 = i2 + 1, j2 + 1
        words = [m.group() for m in b[j1:j2]]
        if len(words) > _MAX_NAME_WORDS or not all(_is_name_word(w) for w in words) or not any(w[:1].isupper() for w in words):
            continue
        fixes.append((old[a[i1].start() : a[i2 - 1].end()], new[b[j1].start() : b[j2 - 1].end()]))
    return fixes


__all__ = ["correction_text", "corrections_folder", "learn_from_briefs", "learned_rules", "name_fixes"]
