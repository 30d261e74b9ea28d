"""The segment check of `mops launch check`: is each platform's audience the CRM segment it should be?

The segment's size comes from a CRM export (members counted, never copied), the history database's
latest `crm_segments` snapshot, or the plan's stated size. Each audience's size comes from the
platform's audience export or the plan. An audience is judged against its expected matched size,
the segment's uploadable members (an email or a phone number, and consent where the export records
it: a consent column saying yes, an opt-out column such as Unsubscribed not saying yes; a value
that is neither a known yes nor a known no is an input error, never guessed) times the platform's
match rate:

- within the tolerance (mops.yaml `launch.segment_tolerance`): pass;
- further below: warn, a gatekeeper looks (a list uploaded without half its members, a stale upload);
- further above but not above the uploadable members: pass, noted (the list matches better than assumed);
- above the uploadable members: fail, it cannot have been built from this segment (a wrong list);
- below the platform's serving minimum, or empty: fail, it would not deliver;
- shown as a range or bucket (Below 1,000) the expected size lies in: pass, no gap measured (gap_pct null);
- and, whatever the verdict short of a fail, an expected matched size below the serving minimum: warn
  (SEG010), the segment is too small for the platform to serve reliably.

Platforms round the sizes they show (mops.yaml `launch.size_rounding`, significant digits): a gap is
judged at the most favourable size the shown figure may stand for, and reported from the figure
shown. Nothing personal leaves this module: observations carry counts, segment and audience names.
"""

from __future__ import annotations

import csv
import itertools
import json
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mops.errors import InputError, MopsError
from mops.launch.audience_exports import (
    PLATFORM_NAMES, SERVING_MINIMUM, AudienceRow, NotAnAudienceExport, SizeFigure, read_audience_export, rounding_interval,
)
from mops.launch.context import LaunchContext
from mops.launch.plan_file import PlanFile, workspace_file
from mops.models.launch import CheckResult
from mops.models.results import Evidence, Observation, Severity

# The segment check's observation codes, one place for the code and docs/launch.md.
CODES: dict[str, dict[str, str]] = {
    "SEG001": {
        "severity": "info", "title": "segment size read",
        "what": "The CRM segment's members and uploadable members (an email or a phone number, and consent where the export has a consent column, "
                "and no opt-out where it has an opt-out column such as Unsubscribed or Do not email), from the CRM export, "
                "the history database's latest snapshot (an approximation) or the plan's stated size.",
        "why": "Every audience is judged against it.",
        "fix": "Nothing to fix; check the source named is the one the audiences were uploaded from.",
    },
    "SEG002": {
        "severity": "info", "title": "audience within tolerance",
        "what": "The audience is within launch.segment_tolerance of its expected matched size (uploadable members x match rate), "
                "or the platform's rounding of the size it shows could put it there, or the platform shows a range or bucket (Below 1,000) "
                "the expected size lies in: then no gap is measured (gap_pct null) and audience_low/audience_high give the sizes shown.",
        "why": "The platform holds the segment as uploaded.",
        "fix": "Nothing to fix.",
    },
    "SEG003": {
        "severity": "warning", "title": "audience below expected",
        "what": "The audience is further below its expected matched size than the tolerance, even at the largest size the shown figure may stand for.",
        "why": "Part of the segment may not have been uploaded (an old upload, a filtered file, a failed sync), so the campaign reaches fewer people than planned.",
        "fix": "Upload the segment again (or refresh the sync) and export the audience list after the platform has matched it; "
               "if this platform always matches fewer, lower launch.match_rates for it in mops.yaml.",
    },
    "SEG004": {
        "severity": "error", "title": "audience larger than the segment",
        "what": "Even its smallest possible size is above the segment's uploadable members.",
        "why": "A platform can only match people who were uploaded: this audience was built from another list.",
        "fix": "Point the plan's audience at the list uploaded from this segment (audiences[].name), or upload the segment and use that audience.",
    },
    "SEG005": {
        "severity": "error", "title": "audience too small to serve",
        "what": "The audience is empty or below the platform's serving minimum (Meta 100, Google Ads 100, LinkedIn 300 matched people).",
        "why": "The platform will not deliver ads to it: the channel's budget would not spend.",
        "fix": "Upload a larger segment, wait for the platform to finish matching, or move the budget to another audience.",
    },
    "SEG006": {
        "severity": "error", "title": "segment cannot be read",
        "what": "The plan reads the segment from the history database, which is missing, unreadable, or has no snapshot of this segment, "
                "or whose snapshot's consent or opt-out column holds a value mops cannot read as a yes or a no.",
        "why": "Without the segment's size no audience can be judged; the check never passes unread.",
        "fix": "Import the CRM export (mops history import exports/crm_...csv), or give the plan's segment an `export` or a `size`.",
    },
    "SEG007": {
        "severity": "warning", "title": "nothing reconciled",
        "what": "The plan names no segment and no audiences.",
        "why": "Nothing was reconciled: fine for a campaign without customer lists, worth a look otherwise.",
        "fix": "Add the plan's `segment` and `audiences` if the campaign targets a CRM list.",
    },
    "SEG008": {
        "severity": "error", "title": "audiences without a segment",
        "what": "The plan lists audiences but no segment they were built from.",
        "why": "Their sizes cannot be checked against anything: a wrong or empty list would go unnoticed.",
        "fix": "Add the plan's `segment` (an export, history: true, or its size).",
    },
    "SEG009": {
        "severity": "info", "title": "audience above expected",
        "what": "The audience is further above its expected matched size than the tolerance, but not above the uploadable members.",
        "why": "The list matches better than the match rate assumed; nothing is wrong.",
        "fix": "Raise launch.match_rates for the platform in mops.yaml if its lists always match this well.",
    },
    "SEG010": {
        "severity": "warning", "title": "segment too small to serve reliably",
        "what": "The audience's expected matched size (uploadable members x match rate) is below the platform's serving minimum "
                "(Meta 100, Google Ads 100, LinkedIn 300 matched people), whatever size the platform shows today.",
        "why": "A segment that is expected to match fewer people than the platform serves is at the edge: a bucket such as Below 1,000 "
               "may hide an audience that does not deliver, and a few removals or a weaker match stop it; the budget would not spend.",
        "fix": "Widen the segment (more members with an email or a phone and consent), combine it with a similar list, "
               "or move the budget to a larger audience.",
    },
}

# A CRM export's consent columns (a yes there is consent) and opt-out columns (a yes there is no
# consent), compared by `_header_key` (case, spaces, hyphens and underscores ignored).
CONSENT_HEADERS = frozenset({
    "opted in", "opt in", "opt-in", "optin", "consent", "consent status", "consent given", "marketing consent", "marketing consent status",
    "email consent", "email consent status", "gdpr consent", "dsgvo einwilligung", "subscribed", "subscription status", "email subscription status",
    "email opt-in", "email opt in", "email optin", "email opt-in status", "opt-in status", "marketing opt-in", "marketing opt in",
    "marketing email consent", "email marketing consent", "sms marketing consent", "newsletter consent", "newsletter opt-in",
    "accepts marketing", "accepts email marketing", "accepts sms marketing", "double opt-in", "einwilligung", "marketing-einwilligung",
    "newsletter-einwilligung", "werbeeinwilligung", "consentement", "consentement marketing", "opt-in e-mail", "consentimiento",
    "consentimiento marketing", "toestemming", "marketing toestemming", "nieuwsbrief toestemming",
})
OPT_OUT_HEADERS = frozenset({
    "unsubscribed", "unsubscribe", "email unsubscribed", "unsubscribed from all email", "global unsubscribe", "globally unsubscribed",
    "opted out", "opt out", "opt-out", "optout", "email opt out", "email opt-out", "email optout", "email opted out", "marketing opt out",
    "opted out of all email", "opted out of email", "has opted out of email", "hasoptedoutofemail", "do not email", "do not contact",
    "do not call", "do not mail", "do not market", "dnc", "donotcall", "blocklisted", "blacklisted", "abgemeldet", "werbewiderspruch",
    "désabonné", "désinscrit", "afgemeld",
})
# Consent values, compared by `_value_key` (case and accents ignored, hyphens and underscores as
# spaces). Yes and no read by the column: in an opt-out column a yes is no consent. Statuses say
# consent or its absence whatever the column. An empty cell, or one saying nothing is known, is a no.
CONSENT_YES = frozenset({
    "yes", "y", "true", "t", "1", "1.0", "x", "on", "checked", "ticked", "✓", "✔", "☑",
    "ja", "j", "wahr", "oui", "vrai", "si", "verdadero", "waar",
})
CONSENT_NO = frozenset({
    "no", "n", "false", "f", "0", "0.0", "off", "unchecked", "✗", "✘", "☐", "nein", "falsch", "non", "faux", "falso", "nee", "onwaar",
    "", "n/a", "na", "none", "null", "nil", "unknown", "not set", "unset", "(blank)", "(empty)", "unbekannt", "inconnu", "desconocido", "onbekend",
})
CONSENT_GIVEN = frozenset({
    "opt in", "opted in", "optin", "optedin", "double opt in", "double optin", "doi", "single opt in", "confirmed opt in", "confirmed",
    "consented", "consent given", "consent granted", "given", "accepted", "granted", "agreed", "allowed", "permitted", "subscribed",
    "subscriber", "eingewilligt", "einwilligung erteilt", "erteilt", "zugestimmt", "akzeptiert", "abonniert", "angemeldet", "bestatigt",
    "accepte", "consenti", "abonne", "inscrit", "confirme", "donne", "aceptado", "consentido", "suscrito", "confirmado", "otorgado",
    "geaccepteerd", "akkoord", "aangemeld", "ingeschreven", "bevestigd", "gegeven", "toestemming gegeven", "geabonneerd",
})
CONSENT_REFUSED = frozenset({
    "opt out", "opted out", "optout", "optedout", "unsubscribed", "not subscribed", "never subscribed", "non subscribed", "nonsubscribed",
    "declined", "denied", "refused", "rejected", "revoked", "withdrawn", "pending", "unconfirmed", "not confirmed", "awaiting confirmation",
    "no consent", "not consented", "not given", "consent withdrawn", "consent declined", "consent denied", "bounced", "cleaned", "suppressed",
    "redacted", "invalid", "blocked", "transactional", "abgemeldet", "abgelehnt", "widerrufen", "ausstehend", "nicht erteilt",
    "keine einwilligung", "unbestatigt", "nicht bestatigt", "refuse", "desabonne", "desinscrit", "retire", "en attente", "non inscrit",
    "pas de consentement", "rechazado", "dado de baja", "retirado", "revocado", "pendiente", "no suscrito", "denegado", "afgemeld",
    "geweigerd", "ingetrokken", "in afwachting", "uitgeschreven", "niet aangemeld", "afgewezen",
})
CONSENT_MAPPING_HINT = (
    "map the column's values to yes and no in the CRM (or the export file) and export again; mops reads yes/no, true/false, 1/0, x, "
    "opted in/opted out, subscribed/unsubscribed, granted/declined/withdrawn, confirmed/pending, ja/nein, oui/non, sí/no, ja/nee "
    "(in an opt-out column such as Unsubscribed a yes means no consent)"
)
SAMPLE_ROWS = 200  # values shown to the personal-data detector per column, as the history import does


@dataclass(frozen=True)
class SegmentSize:
    name: str  # the segment's value in the CRM
    source: str  # export | history | stated
    members: int
    uploadable: int
    approximate: bool
    statement: str  # how the size was read, for SEG001
    evidence: list[Evidence] = field(default_factory=list)
    most_uploadable: int | None = None  # when `uploadable` is an estimate: the most there can be

    @property
    def upper_bound(self) -> int:
        """The most members a platform can have matched: the estimate's bound, else the count."""
        return self.most_uploadable if self.most_uploadable is not None else self.uploadable


@dataclass(frozen=True)
class ShownAudience:
    figure: SizeFigure
    low: int  # the sizes the shown figure may stand for
    high: int
    evidence: list[Evidence]


def check_segment(ctx: LaunchContext, pf: PlanFile) -> CheckResult:
    """Reconcile the plan's CRM segment with each platform's audience. Raises ConfigError/InputError
    for input errors (a missing export, an audience the export does not hold, an unreadable size)."""
    plan = pf.plan
    if plan.segment is None:
        if plan.audiences:
            return CheckResult.of([_without_segment(pf)])
        return CheckResult(status="warn", observations=[Observation(
            statement="The plan names no segment and no audiences: nothing was reconciled", severity=Severity.warning, code="SEG007",
            evidence=[pf.evidence((), note="no `segment` or `audiences` in the plan")],
        )])
    size = segment_size(ctx, pf)
    if isinstance(size, Observation):
        return CheckResult.of([size])
    observations = [_size_observation(size)]
    for index, audience in enumerate(plan.audiences):
        observations.extend(judge_audience(ctx, pf, index, audience, size))
    return CheckResult.of(observations)


def _without_segment(pf: PlanFile) -> Observation:
    platforms = ", ".join(PLATFORM_NAMES.get(a.platform, a.platform) for a in pf.plan.audiences)
    return Observation(
        statement=f"The plan lists audiences ({platforms}) but no segment: they cannot be reconciled", severity=Severity.error, code="SEG008",
        evidence=[pf.evidence(("audiences",), note="audiences without a `segment`")],
    )


# --- the segment -------------------------------------------------------------------------------


def segment_size(ctx: LaunchContext, pf: PlanFile) -> SegmentSize | Observation:
    """The segment's size from its export, the history, or the plan; an SEG006 observation when the history cannot tell."""
    segment = pf.plan.segment
    if segment.export:
        return _from_export(ctx, pf)
    if segment.history:
        return _from_history(ctx, pf)
    if segment.size is not None:
        return SegmentSize(
            name=segment.crm_segment, source="stated", members=segment.size, uploadable=segment.size, approximate=False,
            statement=f"Segment {segment.crm_segment!r}: {segment.size:,} members as the plan states them (taken as uploadable: "
                      "no export to count contacts and consent)",
            evidence=[pf.evidence(("segment", "size"), note="stated in the plan")],
        )
    return Observation(
        statement=f"Segment {segment.crm_segment!r} has no export, history or size: its size cannot be read", severity=Severity.error,
        code="SEG006", evidence=[pf.evidence(("segment",), note="give `export`, `history: true` or `size`")],
    )


@dataclass
class CrmCounts:
    members: int = 0
    with_email: int = 0
    with_phone: int = 0
    consented: int = 0
    uploadable: int = 0
    segments: Counter = field(default_factory=Counter)  # segment values seen (names, not people)


def _from_export(ctx: LaunchContext, pf: PlanFile) -> SegmentSize:
    segment = pf.plan.segment
    path = workspace_file(ctx.ws, pf, ("segment", "export"), segment.export, "CRM export")
    name = ctx.ws.relative(path)
    layout, tally = _export_tally(ctx, pf, path, name)
    counts, columns = tally.counts(segment.crm_segment), tally.columns
    if counts.members == 0:
        held = ", ".join(repr(s) for s, _ in counts.segments.most_common(12)) or "(no segment values)"
        raise pf.error(
            ("segment", "crm_name") if segment.crm_name else ("segment", "name"),
            f"segment {segment.crm_segment!r} has no members in {name}", hint=f"its {columns['segment']!r} column holds: {held}; "
            "set the segment's `crm_name` to the export's value",
        )
    consent, opt_out = columns["consent"], columns["opt_out"]
    rule = "with an email or a phone number" + (f" and consent in {', '.join(consent)}" if consent else "") + (
        f" and no opt-out in {', '.join(opt_out)}" if opt_out else "") + ("" if consent or opt_out else "; no consent column")
    return SegmentSize(
        name=segment.crm_segment, source="export", members=counts.members, uploadable=counts.uploadable, approximate=False,
        statement=f"Segment {segment.crm_segment!r}: {counts.members:,} members, {counts.uploadable:,} uploadable ({rule}) in {name}",
        evidence=[Evidence(
            kind="row", path=name, line=layout.header_line,
            row={"segment": segment.crm_segment, "members": counts.members, "with_email": counts.with_email, "with_phone": counts.with_phone,
                 "consented": counts.consented if consent or opt_out else None, "uploadable": counts.uploadable},
            note=f"counted in the export's {columns['segment']!r} column; contact columns {', '.join(columns['contact']) or '(none)'}; "
                 "counts only, no personal value",
        )],
    )


@dataclass
class CrmTally:
    """Every segment of one CRM export counted in one pass: rows by (segment value as written, has an
    email, has a phone, consented: consent where the export records it and no opt-out), and the
    columns used (segment, contact, consent, opt_out)."""

    rows: Counter
    columns: dict[str, Any]

    def counts(self, segment: str) -> CrmCounts:
        """One segment's counts (its value matched case-insensitively, as the CRM's own filters do)."""
        wanted = segment.strip().casefold()
        counts = CrmCounts()
        for (value, has_email, has_phone, consented), n in self.rows.items():
            counts.segments[value] += n
            if value.casefold() != wanted:
                continue
            counts.members += n
            counts.with_email += n * has_email
            counts.with_phone += n * has_phone
            counts.consented += n * consented
            counts.uploadable += n * ((has_email or has_phone) and consented)
        return counts


def _export_tally(ctx: LaunchContext, pf: PlanFile, path: Path, name: str) -> tuple[Any, CrmTally]:
    """The export's layout and tally, read once per run: plans naming the same export (unchanged:
    same size and modification time) share one pass over it."""
    from mops.history.sniff import sniff

    try:
        stat = path.stat()
        key: tuple[Any, ...] | None = (str(path), stat.st_size, stat.st_mtime_ns, ctx.ws.config.default_region)
    except OSError:
        key = None  # sniff says why the file cannot be read
    memo = ctx.crm_tallies
    if key is not None and key in memo:
        return memo[key]
    try:
        layout = sniff(path, "crm")
    except InputError as exc:
        raise pf.error(("segment", "export"), f"CRM export {name}: {exc.message}", hint=exc.hint) from None
    try:
        found = layout, tally_crm_export(layout, ctx.ws.config.default_region)
    except UnreadableConsent as exc:
        raise UnreadableConsent(name, exc.header, exc.line, exc.shape) from None
    if key is not None:
        memo[key] = found
    return found


def count_crm_segment(layout: Any, segment: str, region: str = "US") -> tuple[CrmCounts, dict[str, Any]]:
    """Counts of one segment's members in a CRM export (sniffed as crm), and the columns used:
    segment, contact (email and phone columns, as `personal_kinds` finds them), consent and opt_out.
    UnreadableConsent when a consent or opt-out column holds a value neither yes nor no."""
    tally = tally_crm_export(layout, region)
    return tally.counts(segment), tally.columns


def tally_crm_export(layout: Any, region: str = "US") -> CrmTally:
    """Every segment of a CRM export (sniffed as crm) counted in one pass; see count_crm_segment."""
    from mops.history.personal import personal_kinds
    from mops.history.platforms import CRM_SEGMENT_HEADERS, normalise_header

    rows = _rows(layout)
    headers = [h.strip() for h in next(rows, [])]
    sample = list(itertools.islice(rows, SAMPLE_ROWS))
    segment_at = next(i for i, h in enumerate(headers) if normalise_header(h) in CRM_SEGMENT_HEADERS)
    samples = {h: [row[i] for row in sample if i < len(row) and row[i]] for i, h in enumerate(headers)}
    kinds = personal_kinds([h for i, h in enumerate(headers) if i != segment_at], samples, region=region)
    emails = [i for i, h in enumerate(headers) if kinds.get(h) == "email"]
    phones = [i for i, h in enumerate(headers) if kinds.get(h) == "phone"]
    # a consent header naming the channel (Email Opt-In, Do not email) is an identifier to `personal_kinds`:
    # only the contact columns themselves are never read as consent
    contact = set(emails + phones)
    consents = [i for i, h in enumerate(headers) if i != segment_at and i not in contact and consent_column(h) == "consent"]
    opt_outs = [i for i, h in enumerate(headers) if i != segment_at and i not in contact and consent_column(h) == "opt_out"]
    width = max(segment_at, *emails, *phones, *consents, *opt_outs) + 1
    padding = [""] * width  # a short row's missing cells are empty
    has_email, has_phone, consented = _filled(emails), _filled(phones), _consent_rule(consents, opt_outs)
    tally: Counter = Counter()
    try:
        for row in itertools.chain(sample, rows):
            if len(row) < width:
                row = row + padding[len(row):]
            value = row[segment_at].strip()
            if value:
                tally[value, has_email(row), has_phone(row), consented(row)] += 1
    except _Unknown as unknown:
        rows.close()
        raise UnreadableConsent(str(layout.path), headers[unknown.at], _first_unknown_line(layout, segment_at, unknown.at),
                                value_shape(unknown.value)) from None
    columns = {"segment": headers[segment_at], "contact": [headers[i] for i in emails + phones], "consent": [headers[i] for i in consents],
               "opt_out": [headers[i] for i in opt_outs]}
    return CrmTally(rows=tally, columns=columns)


def _first_unknown_line(layout: Any, segment_at: int, at: int) -> int | None:
    """The line of the export's first counted row whose column `at` is neither yes nor no (read
    again: the error's path only, the tally's pass keeps no line numbers)."""
    if layout.kind == "parquet":  # rows numbered as the history import numbers them: the header is line 1
        numbered: Iterator[tuple[int, list[str]]] = ((n, row) for n, row in enumerate(itertools.islice(_rows(layout), 1, None), 2))
    else:
        numbered = _numbered_csv_rows(layout)
    for line, row in numbered:
        cell = row[at] if at < len(row) else ""
        if segment_at < len(row) and row[segment_at].strip() and allows_upload(cell) is None:
            return line
    return None


def _numbered_csv_rows(layout: Any) -> Iterator[tuple[int, list[str]]]:
    """A CSV export's data rows with the file line each starts on."""
    with Path(layout.path).open(encoding=layout.encoding, newline="") as handle:
        for _ in range(layout.header_line - 1):
            handle.readline()
        reader = csv.reader(handle, delimiter=layout.delimiter, quotechar='"')
        next(reader, None)  # the header
        start = reader.line_num + 1
        for row in reader:
            yield layout.header_line - 1 + start, row
            start = reader.line_num + 1


def _filled(columns: list[int]) -> Callable[[list[str]], bool]:
    """Whether a row has text (not only spaces) in any of the columns."""
    if not columns:
        return lambda row: False
    cells = operator.itemgetter(*columns)
    if len(columns) == 1:
        return lambda row: bool(cells(row).strip())
    return lambda row: bool("".join(cells(row)).strip())


def _header_key(header: str) -> str:
    """How consent and opt-out headers are compared: case, accents, spaces, hyphens, underscores and dots ignored."""
    text = unicodedata.normalize("NFKD", header.replace("\u2019", "'"))
    return re.sub(r"[\s_\-.'\u2010-\u2015]+", "", "".join(c for c in text if not unicodedata.combining(c)).casefold())


_CONSENT_KEYS = frozenset(map(_header_key, CONSENT_HEADERS))
_OPT_OUT_KEYS = frozenset(map(_header_key, OPT_OUT_HEADERS))


def consent_column(header: str) -> str | None:
    """"consent" for a CRM export's consent column (Opted in, Consent status, Accepts Marketing...),
    "opt_out" for an opt-out column (Unsubscribed, Email opt out, Do not email, DNC...), else None."""
    key = _header_key(header)
    return "consent" if key in _CONSENT_KEYS else "opt_out" if key in _OPT_OUT_KEYS else None


def _value_key(value: str) -> str:
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[_\-\u2010-\u2015]", " ", text).split())


def allows_upload(value: str, kind: str = "consent") -> bool | None:
    """Whether a consent column's value (kind "consent") or an opt-out column's (kind "opt_out")
    lets the member be uploaded; None when it is neither a known yes nor a known no."""
    key = _value_key(value)
    if key in CONSENT_GIVEN:
        return True
    if key in CONSENT_REFUSED:
        return False
    if key in CONSENT_YES:
        return kind != "opt_out"
    if key in CONSENT_NO:
        return kind == "opt_out"
    return None


def value_shape(value: str) -> str:
    """What a value looks like, never what it is: its length and the kinds of characters in it."""
    text = value.strip()
    kinds = [name for name, found in (
        ("letters", any(c.isalpha() for c in text)), ("digits", any(c.isdigit() for c in text)),
        ("spaces", any(c.isspace() for c in text)), ("other characters", any(not (c.isalnum() or c.isspace()) for c in text)),
    ) if found]
    return f"{len(text)} character{'s' if len(text) != 1 else ''} of {' and '.join(kinds) if len(kinds) < 3 else ', '.join(kinds)}"


class UnreadableConsent(InputError):
    """A consent or opt-out column holds a value that is neither a known yes nor a known no (never guessed)."""

    def __init__(self, export: str, column: str, line: int | None, shape: str) -> None:
        super().__init__(
            f"CRM export {export}: {column!r} holds a value mops cannot read as consent or no consent ({shape})"
            + (f", first at line {line}" if line is not None else ""),
            path=export, line=line, field="segment.export", hint=CONSENT_MAPPING_HINT,
        )
        self.header, self.shape = column, shape  # not `column`: MopsError's column is a position


class _Unknown(Exception):
    def __init__(self, at: int, value: str) -> None:
        self.at, self.value = at, value


def _column_reader(at: int, kind: str) -> Callable[[list[str]], bool]:
    """A column's values read as allowing an upload or not, each distinct value read once; _Unknown for a value neither yes nor no."""
    known: dict[str, bool] = {}

    def read(row: list[str]) -> bool:
        cell = row[at]
        found = known.get(cell)
        if found is None:
            found = allows_upload(cell, kind)
            if found is None:
                raise _Unknown(at, cell)
            known[cell] = found
        return found

    return read


def _consent_rule(consents: list[int], opt_outs: list[int]) -> Callable[[list[str]], bool]:
    """Whether a row's member may be uploaded: consent in any consent column (always, when the export
    has none) and an opt-out in no opt-out column. Every column is read in every row, so that a value
    neither yes nor no is never passed over."""
    if not consents and not opt_outs:
        return lambda row: True
    consent = [_column_reader(at, "consent") for at in consents]
    opt_out = [_column_reader(at, "opt_out") for at in opt_outs]
    if len(consent) == 1 and not opt_out:
        return consent[0]

    def allowed(row: list[str]) -> bool:
        given = [read(row) for read in consent]
        kept = [read(row) for read in opt_out]
        return (not given or any(given)) and all(kept)

    return allowed


def _rows(layout: Any) -> Iterator[list[str]]:
    """The export's header and rows as lists of text, read in its own encoding and separator."""
    if layout.kind == "parquet":
        import duckdb

        con = duckdb.connect()
        try:
            relation = con.execute("SELECT * FROM read_parquet(?)", [str(layout.path)])
            yield [d[0] for d in relation.description]
            while batch := relation.fetchmany(10_000):
                yield from ([("" if v is None else str(v)) for v in row] for row in batch)
        finally:
            con.close()
        return
    with Path(layout.path).open(encoding=layout.encoding, newline="") as handle:
        for _ in range(layout.header_line - 1):  # title lines above the header
            handle.readline()
        yield from csv.reader(handle, delimiter=layout.delimiter, quotechar='"')


def history_segment_match(column: str, name: str) -> str:
    """SQL true where `column` of crm_segments names the segment `name`: the one matching rule (trimmed,
    any case), shared by the segment check and readiness's freshness check."""
    from mops.history.sqlquote import literal

    return f"lower(trim({column})) = lower(trim({literal(name)}))"


def _from_history(ctx: LaunchContext, pf: PlanFile) -> SegmentSize | Observation:
    import duckdb

    from mops.history.store import connect, db_location

    segment = pf.plan.segment
    query = (
        "SELECT snapshot_date, segment, members, with_email, with_phone, metrics, source_file FROM crm_segments "
        f"WHERE {history_segment_match('segment', segment.crm_segment)} ORDER BY snapshot_date DESC, import_id DESC LIMIT 1"
    )
    evidence = [Evidence(kind="query", query=query, note="the history database's latest snapshot of the segment"), pf.evidence(("segment", "history"))]
    location = db_location(ctx.ws)
    try:
        con = connect(location, read_only=True)
    except MopsError as exc:
        return _cannot_read(segment.crm_segment, f"the history database cannot be read: {exc.message}", evidence)
    try:
        found = con.execute(query).fetchone()
    except duckdb.Error as exc:
        return _cannot_read(segment.crm_segment, f"the history database cannot be read: {exc}", evidence)
    finally:
        con.close()
    if found is None:
        return _cannot_read(segment.crm_segment, "the history database holds no snapshot of it", evidence)
    day, stored, members, with_email, with_phone, metrics, source = found
    contact = max(with_email, with_phone)
    try:
        consented = _consented(json.loads(metrics) if isinstance(metrics, str) else (metrics or {}))
    except UnreadableConsent as exc:
        return _cannot_read(segment.crm_segment, f"its snapshot's {exc.header!r} column holds a value mops cannot read as consent or no "
                            f"consent ({exc.shape}); {CONSENT_MAPPING_HINT}, then import it again", evidence)
    uploadable = min(contact, consented) if consented is not None else contact
    # contact and consent are counted apart: members with an email and members with a phone may be
    # different people, so the most there can be is their sum (within members and consent)
    most = min(members, with_email + with_phone, *([consented] if consented is not None else []))
    age = (ctx.today - day).days
    rule = "the larger of members with an email and with a phone" + (
        ", capped by those who consented and did not opt out" if consented is not None else "")
    return SegmentSize(
        name=stored, source="history", members=members, uploadable=uploadable, approximate=True, most_uploadable=most,
        statement=f"Segment {stored!r}: {members:,} members, about {uploadable:,} uploadable ({rule}; an approximation, as the history "
                  f"keeps counts, not members) in the history snapshot of {day} ({age} days before {ctx.today}), from {source}",
        evidence=[Evidence(
            kind="query", query=query, row={"snapshot_date": str(day), "segment": stored, "members": members, "with_email": with_email,
                                            "with_phone": with_phone, "consented": consented, "uploadable": uploadable},
            note="approximation: contact and consent are counted apart in the history",
        ), pf.evidence(("segment", "history"))],
    )


def _consented(metrics: dict[str, Any]) -> int | None:
    """Members who may be uploaded, from the consent and opt-out columns' value counts in a history
    snapshot (read as the export's are): at most those who consented in a consent column and at
    most those who did not opt out in each opt-out column; None without such a column.
    UnreadableConsent (no line: the history keeps counts) for a value neither yes nor no."""
    bounds = []
    given = []
    for column, values in metrics.items():
        kind = consent_column(column)
        if kind is None or not isinstance(values, dict) or "sum" in values:
            continue
        allowed = 0
        for value, n in values.items():
            verdict = allows_upload(str(value), kind)
            if verdict is None:
                raise UnreadableConsent("(history)", column, None, value_shape(str(value)))
            allowed += int(n) * verdict
        (given if kind == "consent" else bounds).append(allowed)
    if given:
        bounds.append(max(given))  # consent in any consent column
    return min(bounds) if bounds else None


def _cannot_read(name: str, why: str, evidence: list[Evidence]) -> Observation:
    return Observation(statement=f"Cannot read segment {name!r} from the history: {why}; no audience was judged", severity=Severity.error,
                       code="SEG006", figures={"segment": name}, evidence=evidence)


def _size_observation(size: SegmentSize) -> Observation:
    return Observation(
        statement=size.statement, severity=Severity.info, code="SEG001",
        figures={"segment": size.name, "segment_source": size.source, "segment_members": size.members, "uploadable": size.uploadable,
                 "approximate": size.approximate},
        evidence=list(size.evidence),
    )


# --- the audiences -----------------------------------------------------------------------------


def audience_shown(ctx: LaunchContext, pf: PlanFile, index: int, audience: Any) -> ShownAudience:
    """The size the platform shows for the audience (its export's row, or the plan), and the sizes it may stand for."""
    digits = ctx.ws.config.launch.size_rounding.get(audience.platform, 0)
    if audience.export is None:
        figure = SizeFigure(text=f"{audience.size:,}", low=audience.size, high=audience.size, shown=audience.size)
        evidence = [pf.evidence(("audiences", index, "size"), note=f"the {_platform(audience.platform)} audience size stated in the plan")]
    else:
        row, name = _export_row(ctx, pf, index, audience)
        figure = row.size
        evidence = [
            Evidence(kind="row", path=name, line=row.line, row=dict(row.cells),
                     note=f"the {_platform(audience.platform)} audience list export" + (f", size from {row.size_column!r}" if row.size_column else "")),
            pf.evidence(("audiences", index), note="the audience in the plan"),
        ]
    low, high = rounding_interval(figure, digits)
    return ShownAudience(figure=figure, low=low, high=high, evidence=evidence)


def _export_row(ctx: LaunchContext, pf: PlanFile, index: int, audience: Any) -> tuple[AudienceRow, str]:
    loc = ("audiences", index, "export")
    path = workspace_file(ctx.ws, pf, loc, audience.export, f"{audience.platform} audience export")
    name = ctx.ws.relative(path)
    try:
        export = read_audience_export(path, display=name)
    except NotAnAudienceExport as exc:
        raise pf.error(loc, exc.message, hint=exc.hint) from None
    except InputError as exc:
        raise pf.error(loc, f"{name}: {exc.message}", hint=exc.hint) from None
    if export.layout != "generic" and export.layout != audience.platform:
        raise pf.error(loc, f"{name} is a {_platform(export.layout)} audience export, but this audience is for {_platform(audience.platform)}",
                       hint=f"name the {_platform(audience.platform)} audience list export here")
    row = _chosen_row(pf, index, audience, export, name)
    if row.size is None:
        sizes = ", ".join(f"{k}={v!r}" for k, v in row.cells.items() if k != next(iter(row.cells), None)) or "(none)"
        raise InputError(f"the size of audience {row.name!r} cannot be read ({sizes})", path=name, line=row.line, field=f"audiences[{index}].export",
                         hint="sizes look like 48,000, 45,000 - 53,000, 12K, Below 1,000; export the list again once the platform shows its size")
    return row, name


def _chosen_row(pf: PlanFile, index: int, audience: Any, export: Any, name: str) -> AudienceRow:
    if not export.rows:
        raise pf.error(("audiences", index, "export"), f"{name} lists no audiences", hint="export the platform's audience list again")
    listed = "; ".join(repr(r.name) + (f" ({r.id})" if r.id else "") for r in export.rows[:15])
    if audience.name is None:
        if len(export.rows) == 1:
            return export.rows[0]
        raise pf.error(("audiences", index, "name"), f"{name} lists {len(export.rows)} audiences; which one is this plan's?",
                       hint=f"set `name` to one of: {listed}")
    found = export.find(audience.name)
    if len(found) == 1:
        return found[0]
    if found:
        raise pf.error(("audiences", index, "name"), f"{len(found)} audiences in {name} are named {audience.name!r} (lines "
                       f"{', '.join(str(r.line) for r in found)})", hint="use the audience's id instead of its name")
    raise pf.error(("audiences", index, "name"), f"{name} has no audience named {audience.name!r}", hint=f"it lists: {listed}")


def judge_audience(ctx: LaunchContext, pf: PlanFile, index: int, audience: Any, segment: SegmentSize) -> list[Observation]:
    """One audience's observations: its verdict (SEG002, SEG003, SEG004, SEG005 or SEG009), and SEG010
    when its expected matched size is below the platform's serving minimum (unless SEG004 or SEG005 said worse)."""
    settings = ctx.ws.config.launch
    shown = audience_shown(ctx, pf, index, audience)
    rate = audience.match_rate if audience.match_rate is not None else settings.match_rates[audience.platform]
    tolerance = settings.segment_tolerance
    expected = segment.uploadable * rate
    minimum = SERVING_MINIMUM.get(audience.platform, 1)
    platform = _platform(audience.platform)
    reported = _gap(_reported_point(shown, expected), expected)
    judged = _gap(min(max(expected, shown.low), shown.high), expected)
    figures = {
        "platform": audience.platform, "segment_members": segment.members, "uploadable": segment.uploadable, "match_rate": rate,
        "match_rate_source": "plan" if audience.match_rate is not None else "mops.yaml launch.match_rates",
        "expected_size": round(expected), "audience_size": shown.figure.shown, "audience_low": shown.low, "audience_high": shown.high,
        # a range or bucket the expected size lies in measures no gap: none is reported
        "gap_pct": None if _within_shown_range(shown, expected) else _pct(reported), "judged_gap_pct": _pct(judged),
        "tolerance_pct": round(tolerance * 100, 1), "serving_minimum": minimum,
    }
    basis = f"{shown.figure.text} shown, {round(expected):,} expected ({segment.uploadable:,} uploadable x {_percent(rate * 100)} match rate)"
    code, severity, statement = _verdict(platform, shown, segment, expected, tolerance, minimum, reported, judged, basis)
    evidence = [*shown.evidence, *segment.evidence]
    found = [Observation(statement=statement, severity=severity, code=code, figures=figures, evidence=evidence)]
    if code not in ("SEG004", "SEG005") and round(expected) < minimum:
        found.append(Observation(
            statement=f"Segment {segment.name!r} is too small for {platform} to serve reliably: {round(expected):,} matched people expected "
                      f"({segment.uploadable:,} uploadable x {_percent(rate * 100)} match rate), below the {minimum:,} {platform} needs "
                      f"to serve; the audience shows {shown.figure.text}",
            severity=Severity.warning, code="SEG010",
            figures={key: figures[key] for key in ("platform", "segment_members", "uploadable", "match_rate", "match_rate_source", "expected_size",
                                                   "serving_minimum", "audience_size", "audience_low", "audience_high")} | {"segment": segment.name},
            evidence=list(evidence),
        ))
    return found


def _within_shown_range(shown: ShownAudience, expected: float) -> bool:
    """Whether the platform shows a range or bucket (45,000 - 53,000, Below 1,000) that the expected size lies in."""
    return shown.figure.shown is None and shown.low <= expected <= shown.high


def _shown_range(shown: ShownAudience) -> str:
    """A range or bucket in words: below 1,000; 45,000 to 53,000."""
    return f"below {shown.high + 1:,}" if shown.low == 0 else f"{shown.low:,} to {shown.high:,}"


def _verdict(platform: str, shown: ShownAudience, segment: SegmentSize, expected: float, tolerance: float, minimum: int,
             reported: float | None, judged: float | None, basis: str) -> tuple[str, Severity, str]:
    text, tol = shown.figure.text, _percent(tolerance * 100)
    if shown.low > segment.upper_bound:
        return "SEG004", Severity.error, (
            f"{platform} audience ({text}) is larger than the {segment.upper_bound:,} {'members who may at most be uploaded' if segment.approximate else 'uploadable members'} of segment {segment.name!r}: "
            "it cannot have been built from this segment (a wrong list?)")
    if shown.high < minimum:
        what = "is empty" if shown.high == 0 else f"is too small to serve: {platform} needs at least {minimum:,} matched people"
        return "SEG005", Severity.error, f"{platform} audience ({text}) {what}"
    # a platform matches no more people than were uploaded: a bucket such as "Below 1,000" or "< 1,000"
    # built from a segment smaller than the serving minimum cannot reach it (the history's uploadable
    # is an approximation: its members bound it there)
    most = segment.upper_bound
    if 0 < most < minimum:  # none uploadable: said below
        return "SEG005", Severity.error, (
            f"{platform} audience ({text}) is too small to serve: it holds at most the {most:,} "
            f"{'members who may be uploaded' if segment.approximate else 'uploadable members'} of segment {segment.name!r}, and {platform} needs "
            f"at least {minimum:,} matched people")
    if judged is None:  # nothing uploadable and an audience that may be empty: the minimum decided above
        return "SEG005", Severity.error, f"{platform} audience ({text}) cannot serve: segment {segment.name!r} has no uploadable members"
    rounding = _rounding_note(shown)
    if judged < -tolerance:
        at_best = f"; {rounding}, still {_percent(abs(judged) * 100)} below at best" if rounding and judged != reported else ""
        return "SEG003", Severity.warning, (
            f"{platform} audience is {_percent(abs(reported) * 100)} below the expected matched size (tolerance {tol}): {basis}{at_best}")
    if judged > tolerance:
        return "SEG009", Severity.info, (
            f"{platform} audience is {_percent(reported * 100)} above the expected matched size (tolerance {tol}): {basis}; "
            "the list matches better than the rate assumed")
    if abs(reported) > tolerance:
        direction = "below" if reported < 0 else "above"
        return "SEG002", Severity.info, (
            f"{platform} audience is {_percent(abs(reported) * 100)} {direction} the expected matched size, within the rounding of the "
            f"figure shown ({rounding}): not judged; {basis}")
    if _within_shown_range(shown, expected):
        return "SEG002", Severity.info, f"{platform} audience is within the size the platform shows ({_shown_range(shown)}): {basis}"
    if reported == 0:
        return "SEG002", Severity.info, f"{platform} audience matches the expected matched size (tolerance {tol}): {basis}"
    direction = "below" if reported < 0 else "above"
    return "SEG002", Severity.info, (
        f"{platform} audience is {_percent(abs(reported) * 100)} {direction} the expected matched size, within tolerance {tol}: {basis}")


def _reported_point(shown: ShownAudience, expected: float) -> float:
    """The figure shown; for a range, its end nearest the expected size (the range's own gap)."""
    if shown.figure.shown is not None:
        return shown.figure.shown
    return min(max(expected, shown.figure.low), shown.figure.high)


def _gap(size: float, expected: float) -> float | None:
    return size / expected - 1 if expected > 0 else None


def _rounding_note(shown: ShownAudience) -> str:
    if shown.figure.shown is None or (shown.low, shown.high) == (shown.figure.shown, shown.figure.shown):
        return ""
    return f"the shown {shown.figure.shown:,} stands for {shown.low:,}-{shown.high:,}"


def _pct(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def _percent(value: float) -> str:
    """12.0 -> 12%, 2.5 -> 2.5%, 11.36 -> 11.4%."""
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _platform(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform)


def code_table(codes: Iterable[str] = CODES) -> list[dict[str, str]]:
    """CODES as rows (code, severity, title, what, why, fix) for docs/launch.md."""
    return [{"code": code, **CODES[code]} for code in codes]
