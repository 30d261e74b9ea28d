"""The offline extractor: a kickoff transcript to a grounded draft brief, with no network and no model.

It reads the meeting sentence by sentence (`mops.brief.sentences`) and fills each part of the brief
from the words that settle it: `money` (budget, split, reserve, unit economics, spoken arithmetic),
`schedule` (flight and deliverables), `kpis`, `people` (owners, approvers, commitments), `scope`
(id, title, channels, audience, offer, messages) and `discussion` (decisions, open questions, risks,
objectives). Each value carries the quotes it came from; what the meeting did not settle stays empty
and becomes an open question.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mops.brief.channels import ChannelLexicon
from mops.brief.offline.common import Draft
from mops.brief.transcript import Transcript
from mops.models.brief import Brief
from mops.models.results import Observation


@dataclass
class OfflineResult:
    brief: Brief
    observations: list[Observation] = field(default_factory=list)


def extract_offline(
    transcript: Transcript,
    *,
    meeting_date: dt.date,
    taxonomy: Any,
    people: list[str] = (),  # type: ignore[assignment]
    currency: str = "EUR",
    fiscal_year_start: str = "01-01",
    campaign: str | None = None,
    playbook: str | None = None,
    corrections: list[Any] = (),  # type: ignore[assignment]
) -> OfflineResult:
    """Draft a brief from `transcript` by rules alone; `corrections` (`load_corrections`: reviewers'
    learned corrections) are applied where safe, each said in an observation."""
    from mops.brief.offline.corrections import apply_corrections, usable
    from mops.brief.offline.discussion import extract_discussion
    from mops.brief.offline.kpis import extract_kpis
    from mops.brief.offline.money import extract_money
    from mops.brief.offline.people import PeopleIndex, extract_people
    from mops.brief.offline.schedule import extract_schedule
    from mops.brief.offline.scope import (
        extract_audience, extract_channels, extract_identity, extract_landing_page, extract_messages, extract_offer,
    )
    from mops.brief.sentences import read_meeting
    from mops.utm.grammar import Grammar

    learned = usable(list(corrections), ChannelLexicon(taxonomy))
    lexicon = ChannelLexicon(taxonomy, learned=learned.learned_aliases())
    meeting = read_meeting(transcript, meeting_date=meeting_date, fiscal_year_start=fiscal_year_start, lexicon=lexicon)
    protected = [w for words in lexicon.aliases().values() for w in words] + list(lexicon.channels) + list(learned.learned_aliases())
    index = PeopleIndex(transcript.speakers, people, protected=protected)
    grammar = Grammar("campaign", taxonomy) if "campaign" in taxonomy.names else None
    draft = Draft()
    extract_identity(meeting, draft, campaign=campaign, grammar=grammar, transcript_path=transcript.path)
    extract_money(meeting, draft, index, default_currency=currency)
    extract_schedule(meeting, draft, index)
    # a figure said without its currency is in the currency the meeting talks money in
    extract_kpis(meeting, draft, default_currency=draft.get("budget.currency") or draft.get("pricing.currency") or currency)
    extract_people(meeting, draft, index)
    extract_channels(meeting, draft)
    extract_audience(meeting, draft)
    extract_offer(meeting, draft)
    extract_messages(meeting, draft)
    extract_landing_page(meeting, draft)
    extract_discussion(meeting, draft, index)
    brief = to_brief(draft, transcript=transcript, meeting_date=meeting_date, playbook=playbook)
    brief, applied = apply_corrections(brief, meeting, learned)
    return OfflineResult(brief=brief, observations=draft.observations + applied)


def to_brief(draft: Draft, *, transcript: Transcript, meeting_date: dt.date, playbook: str | None) -> Brief:
    values = dict(draft.fields)
    values["open_questions"] = draft.questions
    values["evidence"] = draft.evidence
    values["transcript"] = transcript.path
    values["meeting_date"] = meeting_date
    values["drafted_by"] = "offline"
    if playbook:
        values["playbook"] = playbook
    return Brief.model_validate(values)
