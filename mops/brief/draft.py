"""`draft_brief`: a kickoff transcript to a brief file, end to end.

parse -> extract offline -> (model, on a scrubbed copy, when one is configured) -> merge -> enrich
from history -> render the playbook. Written only when asked (`write=True`, as `mops brief draft`
does without --dry-run): `write_brief` writes the result atomically and never overwrites without
`force`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mops.brief.playbooks import DEFAULT_PLAYBOOK
from mops.errors import ConfigError, InputError, UsageError
from mops.models.brief import Brief
from mops.models.results import Observation



@dataclass
class DraftResult:
    brief: Brief
    markdown: str
    target: Path  # where the brief goes: briefs/<campaign>.md unless --out
    shown_target: str
    observations: list[Observation] = field(default_factory=list)
    model: str | None = None  # the model used, None offline
    log_ids: list[str] = field(default_factory=list)


def chosen_model(ws: Any, model: str | None, offline: bool) -> str | None:
    """The model to draft with: --offline wins, then --model, MOPS_LLM_MODEL, mops.yaml model.name."""
    if offline:
        if model:
            raise UsageError("--model and --offline do not go together", hint="--offline drafts without any model")
        return None
    return model or os.environ.get("MOPS_LLM_MODEL") or ws.config.model.name or None


_DATE_IN_NAME = re.compile(r"(?<!\d)(20\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)")


def meeting_date_of(transcript: Any, given: dt.date | None, *, today: dt.date) -> tuple[dt.date, Observation | None]:
    """The date the meeting's relative dates are read against, and how it was found."""
    if given is not None:
        return given, None
    header = transcript.metadata.get("date") or transcript.metadata.get("recorded") or ""
    for source, day in (("its Date: header", _header_date(header)), ("its file name", _iso_date(Path(transcript.path).name))):
        if day is not None:
            return day, Observation(statement=f"meeting date {day} taken from the transcript's {source}", code="BRIEF-MEETING-DATE")
    return today, Observation(
        statement=f"no meeting date given or found in the transcript: dates said without a year were read against today, {today}; "
        "pass --meeting-date if the meeting was on another day",
        code="BRIEF-MEETING-DATE", severity="warning",
    )


def _iso_date(text: str) -> dt.date | None:
    """2026-10-05, 20261005 or 2026.10.05 anywhere in `text` (a file name, a header)."""
    found = _DATE_IN_NAME.search(text) or re.search(r"(20\d\d)[./](\d{1,2})[./](\d{1,2})", text)
    if not found:
        return None
    try:
        return dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


def _header_date(text: str) -> dt.date | None:
    """A header's date as exports write it: ISO, or '12 October 2026', 'Monday, October 12, 2026 3:00 PM',
    '12.10.2026'. Only a whole date with its year counts: a header is not read against any other day."""
    if not text.strip():
        return None
    day = _iso_date(text)
    if day is not None:
        return day
    from mops.brief.dates import find_dates

    for mention in find_dates(text, meeting_date=dt.date(2000, 1, 1)):  # the reference never shows: a year is required
        if mention.precision == "day" and not mention.relative and re.search(r"(?<!\d)(19|20)\d\d(?!\d)", mention.text):
            return mention.date
    return None


def draft_brief(
    ws: Any,
    transcript_path: Path,
    *,
    playbook: str = DEFAULT_PLAYBOOK,
    meeting_date: dt.date | None = None,
    model: str | None = None,
    offline: bool = False,
    campaign: str | None = None,
    out: Path | None = None,
    today: dt.date | None = None,
    enrich: bool = True,
    mock_response: str | None = None,
    write: bool = False,
    force: bool = False,
    text: str | None = None,
) -> DraftResult:
    """Draft a brief from a kickoff transcript; with `write`, write it (`write_brief`: an existing
    file only with `force`), else nothing is written (`mops brief draft --dry-run`). `text` is the
    transcript's content when a client sent it rather than a file (the MCP server): it is read as a
    file named `transcript_path` would be, and that name is what evidence quotes."""
    from mops.brief.offline import extract_offline
    from mops.brief.offline.corrections import load_corrections
    from mops.brief.playbooks import find_playbook, render_playbook
    from mops.brief.transcript import detect_format, load_transcript, parse_transcript
    from mops.models.campaign import is_campaign_id

    today = today or dt.date.today()
    if campaign is not None and not is_campaign_id(campaign):
        raise UsageError(f"--campaign {campaign!r} is not a campaign id", hint="use a lowercase slug such as 2026-q4_black-friday")
    find_playbook(ws, playbook)  # an unknown playbook fails before any work
    model_name = chosen_model(ws, model, offline)
    if text is None:
        transcript = load_transcript(transcript_path, display=ws.relative(transcript_path))
    else:
        from mops.brief.transcript_formats.decode import decode_transcript

        # the checks a file gets (empty, binary, control characters) hold for sent text too
        checked = decode_transcript(text.encode("utf-8", "surrogatepass"), display=transcript_path.name)
        transcript = parse_transcript(checked, fmt=detect_format(checked, transcript_path.suffix), display=transcript_path.name)
    day, how = meeting_date_of(transcript, meeting_date, today=today)
    observations: list[Observation] = [how] if how else []
    taxonomy = ws.taxonomy()
    people = [p.name for p in ws.config.people]
    offline_result = extract_offline(
        transcript, meeting_date=day, taxonomy=taxonomy, people=people, currency=ws.config.currency,
        fiscal_year_start=ws.config.fiscal_year_start, campaign=campaign, playbook=playbook, corrections=load_corrections(ws),
    )
    brief = offline_result.brief
    observations += offline_result.observations
    observations += _unknown_speakers(ws, transcript)
    log_ids: list[str] = []
    if model_name:
        from mops.brief.calllog import log_folder
        from mops.brief.channels import ChannelLexicon
        from mops.brief.merge import merge_briefs
        from mops.brief.model import extract_with_model
        from mops.brief.scrub import protected_names
        from mops.pii.detector import PiiDetector

        settings = ws.config.model
        protected = protected_names(ws)  # brand, products, platforms: what the brief is about stays readable
        detector = PiiDetector(default_region=ws.config.default_region, people=people, protected_names=protected)
        try:
            extraction = extract_with_model(
                transcript, model=model_name, api_base=settings.api_base, timeout=settings.timeout_seconds,
                temperature=settings.temperature, detector=detector, people=people, protected=protected,
                log_dir=log_folder(ws), campaign=campaign or brief.campaign,
                meeting_date=day, currency=ws.config.currency, channels=ChannelLexicon(taxonomy).aliases(),
                mock_response=mock_response,
            )
        except ModuleNotFoundError as exc:
            if exc.name != "litellm":
                raise
            # litellm is the optional `llm` extra: say how to get it rather than fail on the import
            raise ConfigError(f"drafting with {model_name} needs litellm, which is not installed",
                              hint="pip install 'mops[llm]', or draft with --offline") from None
        observations += extraction.observations
        log_ids = extraction.log_ids
        if extraction.brief is not None:
            brief = merge_briefs(brief, extraction.brief)
    if enrich and ws.root is not None:
        from mops.brief.enrich import enrich_brief

        enrichment = enrich_brief(ws, brief, today=today)
        if enrichment.suggestions:
            brief = brief.model_copy(update={"suggested": enrichment.suggestions})
        observations += enrichment.observations
    brief = brief.model_copy(update={"playbook": playbook})
    markdown = render_playbook(ws, playbook, brief)
    target = _target(ws, brief, out)
    result = DraftResult(brief=brief, markdown=markdown, target=target, shown_target=ws.relative(target),
                         observations=observations, model=model_name, log_ids=log_ids)
    if write:
        write_brief(result, force=force)
    return result


_MARKDOWN = (".md", ".markdown")


def _unknown_speakers(ws: Any, transcript: Any) -> list[Observation]:
    """Speakers mops.yaml does not list: their names in the brief read as personal data to `mops lint`
    (PII006) until they are added to `people`, which is also how owners' workloads are checked."""
    from mops.brief.scrub import is_person_label

    known = {p.name.lower() for p in ws.config.people} | {p.name.split()[0].lower() for p in ws.config.people}
    unknown = [s for s in transcript.speakers if is_person_label(s) and s.lower() not in known]
    if not unknown:
        return []
    shown = ", ".join(unknown[:6]) + (f" and {len(unknown) - 6} more" if len(unknown) > 6 else "")
    return [Observation(
        statement=f"speakers not in mops.yaml `people`: {shown}. Add them (name, email, role) so mops knows the team: "
        "until then `mops lint` and `mops brief check` read their names in the brief as personal data (PII006) "
        "and cannot check their workload",
        code="BRIEF-PEOPLE", severity="warning",
    )]


def _target(ws: Any, brief: Brief, out: Path | None) -> Path:
    name = f"{brief.campaign}.md"
    if out is None:
        return ws.path(f"{ws.config.paths.briefs}/{name}")
    target = out if out.is_absolute() else Path.cwd() / out
    if target.is_dir():
        target = target / name  # --out drafts -> drafts/<campaign>.md
    target = target.resolve()
    if ws.root is not None and not target.is_relative_to(ws.root.resolve()):
        raise UsageError(
            f"{out} is outside the workspace ({ws.root})",
            hint="briefs live in the workspace's repository; give a path inside it, or omit --out for briefs/<campaign>.md",
        )
    if target.suffix.lower() not in _MARKDOWN:
        # a brief is Markdown; anything else named here (mops.yaml, a transcript) would be destroyed
        raise UsageError(f"--out {out}: a brief is written as a Markdown file (.md)", hint=f"e.g. --out {out.with_suffix('.md')}, or an existing folder for {name} in it")
    return target


def write_brief(result: DraftResult, *, force: bool) -> None:
    """Write the drafted brief atomically; an existing file is kept unless `force`."""
    from mops.fsutil import atomic_write_text

    if result.target.exists() and not force:
        raise InputError(
            "a brief is already there; not overwritten",
            path=result.shown_target,
            hint="pass --force to replace it, or --out to write elsewhere",
        )
    atomic_write_text(result.target, result.markdown)
