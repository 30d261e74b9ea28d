"""The tracking check of `mops launch check`: will every link of the campaign be counted where the
plan says it spends?

The links are the plan's own (`landing_pages`, `channels[i].links`) and the campaign's copy: the
files the plan's `copy` globs name, or by default the files of the copy folder holding a link whose
utm_campaign is the campaign id or one of its `utm_campaigns` aliases. They are judged by the lint
itself (`run_lint`, UTM rules, the workspace's lint settings and suppressions): its findings are
reported, and its safe fixes become the corrected links `mops lint --fix` would write, taken from
the lint's own fixed text (nothing is written). Each link, as corrected, is then classified into
GA4's default channel group and compared with the channel the plan declares for it.

What a run reads is read once (`mops launch check --all` checks every plan on one LaunchContext):
the copy folder's walk, and each file's lint (its links, findings, the campaigns its links name, and
the lint's fixed text with the findings on it) are memoised on the context, the walk by the names in
every folder of it, a file by its path, size and modification time, so a file added or changed
mid-run is read again. Every plan reading a file shares those results, the lint's own; the links,
their corrections and observations are each plan's own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mops.launch.context import LaunchContext
from mops.launch.plan_file import PlanFile
from mops.models.launch import CheckResult, LinkCorrection
from mops.models.results import Evidence, Finding, Observation, Severity

# what each code says, why it matters and how to fix it: docs/launch.md is rendered from this
CODES: dict[str, dict[str, str]] = {
    "TRK001": {
        "title": "links checked",
        "severity": "info",
        "what": "How many links of the campaign were checked, in how many files (the plan and its copy), with how many lint findings and safe corrections.",
        "why": "A check that read nothing passes nothing: the counts show what the verdict rests on.",
        "fix": "Nothing to fix; if a file is missing, name it in the plan's `copy` globs.",
    },
    "TRK002": {
        "title": "lint finding with a safe correction",
        "severity": "warning",
        "what": "A UTM lint finding on a link of the campaign that the lint's safe fix corrects; the corrected link is listed.",
        "why": "Until the file is corrected the link ships as it is: GA4 would read the malformed tag.",
        "fix": "Apply the corrections (`mops lint --fix` on the file) before the campaign spends.",
    },
    "TRK003": {
        "title": "lint finding without a safe fix",
        "severity": "error (info for an info finding)",
        "what": "A UTM lint finding on a link of the campaign that no safe fix resolves (no fix, or only a suggestion).",
        "why": "Sessions from the link are attributed wrongly or not at all, and only a person knows the right value.",
        "fix": "Correct the link by hand as the finding says (`mops lint --explain CODE`), or suppress the finding in the file if it is intended.",
    },
    "TRK004": {
        "title": "link lands in another GA4 channel than declared",
        "severity": "error",
        "what": "The link, after its safe corrections, lands in a GA4 default channel group other than the one of the plan channel it belongs to "
        "(`channels[i].links`: that channel; other links: the channel whose taxonomy source and medium or platform match its tags, else any channel of the plan).",
        "why": "The spend is reported under one channel and its sessions under another: ROAS and pacing by channel are wrong for the whole flight.",
        "fix": "Tag the link with the channel's source and medium from the taxonomy, or correct the plan's channel or `expected_ga4_channel`.",
    },
    "TRK005": {
        "title": "utm_campaign is not the campaign id",
        "severity": "error",
        "what": "A link of the plan whose utm_campaign (after safe corrections) is missing, another campaign's, or not exactly the id or one of `utm_campaigns`; "
        "or a link of its copy whose utm_campaign is none of the workspace's campaigns (a copy file may also carry other plans' links: those are theirs to check).",
        "why": "Sessions are attributed to the campaign by utm_campaign; any other value puts them under another campaign or none.",
        "fix": "Set utm_campaign to the campaign id, or list the value the links must keep in the plan's `utm_campaigns`.",
    },
    "TRK006": {
        "title": "channel without links",
        "severity": "error",
        "what": "A channel of the plan that ships tagged links (its taxonomy channel has a source and a medium) and spends, but has no link in the plan or its copy.",
        "why": "Its tracking cannot be checked before launch and a check never passes what it could not read: the links it will ship are unknown.",
        "fix": "Add the channel's links to `channels[i].links` or `landing_pages`, or its copy files to `copy`.",
    },
    "TRK007": {
        "title": "copy glob matches nothing",
        "severity": "error",
        "what": "A glob of the plan's `copy` that matches no file in the workspace.",
        "why": "The copy it meant to name was not read, and the check never passes on what it could not read.",
        "fix": "Correct the glob (workspace-relative, such as copy/meta/2027-q2_*.md) or add the files.",
    },
}

# the values of utm_source an ad platform's own links carry (plans name platforms, links sources)
PLATFORM_SOURCES: dict[str, frozenset[str]] = {
    "google_ads": frozenset({"google", "youtube"}),
    "meta": frozenset({"facebook", "instagram", "fb", "ig", "meta", "messenger"}),
    "linkedin": frozenset({"linkedin"}),
    "tiktok": frozenset({"tiktok"}),
    "microsoft_ads": frozenset({"bing", "microsoft"}),
    "x": frozenset({"x", "twitter"}),
    "pinterest": frozenset({"pinterest"}),
    "snapchat": frozenset({"snapchat"}),
}

UTM_RULES = "UTM"


@dataclass
class CampaignLink:
    """One link of the campaign: where it is, as written, as the lint's safe fixes correct it."""

    path: str  # workspace-relative
    line: int
    raw: str  # exactly as in the file
    url: str  # unescaped (HTML entities, JSON escapes)
    origin: str  # landing_pages | channels | copy
    plan_channel: str | None = None  # the channel it belongs to, for channels[i].links
    findings: list[Finding] = field(default_factory=list)  # the lint's, on the link as written
    corrected_raw: str | None = None
    corrected_url: str | None = None
    remaining: list[Finding] = field(default_factory=list)  # the lint's, on the corrected link
    tags: dict[str, str] = field(default_factory=dict)  # of the corrected link, by the UTM service's one reading

    @property
    def final_url(self) -> str:
        return self.corrected_url if self.corrected_url is not None else self.url

    def evidence(self, note: str | None = None) -> Evidence:
        return Evidence(kind="file", path=self.path, line=self.line, quote=self.raw, note=note)


@dataclass
class LintedText:
    """A file as the lint read it, its links and the lint's findings on it; what is derived from
    them (line starts, the findings on each link, each link's tags, the lint's fixed text) is
    worked out once, when first asked for, and shared by every plan reading the file in a run."""

    rel: str
    text: str
    found: list[Any]  # mops.lint.links.FoundUrl, in order
    findings: list[Finding]
    _starts: list[int] | None = field(default=None, repr=False)
    _on: dict[tuple[int, int], list[Finding]] = field(default_factory=dict, repr=False)
    _tags: list[dict[str, str]] | None = field(default=None, repr=False)
    _campaigns: frozenset[str] | None = field(default=None, repr=False)
    _fixed: Any = field(default=None, repr=False)  # FixedText, once worked out

    def on(self, found: Any) -> list[Finding]:
        """The lint's findings that start on the link `found` (a new list: each plan's own)."""
        key = (found.start, found.end)
        if key not in self._on:
            if self._starts is None:
                from mops.lint.lines import LineIndex

                self._starts = LineIndex(self.text).starts
            self._on[key] = _on(self._starts, found, self.findings)
        return list(self._on[key])

    def tags(self, utm: Any) -> list[dict[str, str]]:
        """Each link's tags, in the order of `found`, by the UTM service's one reading."""
        if self._tags is None:
            self._tags = [utm.tags(found.url) for found in self.found]
        return self._tags

    def campaigns(self, utm: Any) -> frozenset[str]:
        """The utm_campaign values its links name, stripped and lowercased."""
        if self._campaigns is None:
            self._campaigns = frozenset(c.strip().lower() for tags in self.tags(utm) if (c := tags.get("utm_campaign")) is not None)
        return self._campaigns

    def fixed(self, ws: Any) -> FixedText:
        """The lint's fixed text of the file and how its links pair with the text's (see _fixed_text)."""
        if self._fixed is None:
            self._fixed = _fixed(ws, self)
        return self._fixed


@dataclass
class FixedText:
    """A file as `mops lint --fix` would write it: `linted` is the fixed text as the lint reads it
    (its links and the findings left), `by_start` each link of the text as read, by its start, paired
    with the same link in the fixed text (None: the fixes changed nothing, or moved text between links)."""

    linted: LintedText | None
    by_start: dict[int, Any] | None


# --- the check ---------------------------------------------------------------------------------


def check_tracking(ctx: LaunchContext, pf: PlanFile) -> tuple[CheckResult, list[LinkCorrection]]:
    """Lint the campaign's links, correct what the lint corrects safely, and compare each link's GA4
    channel and utm_campaign with the plan. Writes nothing; an unreadable file raises the lint's
    input error (exit 2)."""
    observations: list[Observation] = []
    copy_paths, unmatched = copy_files(ctx, pf)
    observations += [_glob_matches_nothing(pf, index, glob) for index, glob in unmatched]

    linted = _lint(ctx, [(pf.path, pf.name), *copy_paths])
    campaign_ids = campaign_values(pf.plan)
    links = sorted(_plan_links(pf, linted[pf.name]), key=lambda link: link.line)  # in the file's order
    copy_names = {rel for _path, rel in copy_paths}
    explicit = bool(pf.plan.copy_files)
    files_read = [pf.name]
    others = _other_campaigns(ctx, pf) if explicit else set()
    for rel in sorted(copy_names - {pf.name}):
        if not explicit and campaign_ids.keys().isdisjoint(linted[rel].campaigns(ctx.utm)):
            continue  # no link of the campaign (what _copy_links would find, without looking at each link)
        ours = _copy_links(linted[rel], ctx.utm, campaign_ids, explicit, others)
        if ours or explicit:  # a file the plan names was read, links of the campaign or not
            files_read.append(rel)
        links += ours
    for rel in files_read:
        _correct(ctx.ws, linted[rel], [link for link in links if link.path == rel])

    for link in links:
        link.tags = ctx.utm.tags(link.final_url)
    corrections = [_correction(link) for link in links if link.corrected_raw is not None]
    observations += _lint_observations(links)
    channels = PlanChannels(ctx.utm, pf.plan, ctx.ws.taxonomy().channels)
    observations += [o for link in links for o in _campaign_observations(link, pf.plan, campaign_ids)]
    observations += [o for link in links if (o := channels.judge(link)) is not None]
    observations += channels.without_links(pf)
    findings = sum(len(_safe(link)) * (link.corrected_raw is not None) + len(_uncorrected(link)) for link in links)
    observations.insert(0, _summary(links, files_read, findings, corrections))
    return CheckResult.of(observations), corrections


def campaign_values(plan: Any) -> dict[str, str]:
    """The utm_campaign values that mean the campaign, lowercased -> as the plan writes them."""
    return {value.lower(): value for value in [plan.campaign, *plan.utm_campaigns]}


# --- which files ---------------------------------------------------------------------------------


def copy_files(ctx: LaunchContext, pf: PlanFile) -> tuple[list[tuple[Path, str]], list[tuple[int, str]]]:
    """(the copy files to read, each with its workspace-relative name; the (index, glob) of `copy`
    globs matching nothing).

    Files the plan's globs name are read as `mops lint FILE` reads a file named to it, whatever
    lint.exclude says; without globs, the lint's own walk of the copy folder picks them (a copy
    file of the campaign is then one holding a link of it: see _copy_links), walked once a run
    while no folder in it changes."""
    ws = ctx.ws
    relative = _relative(ctx)
    if pf.plan.copy_files:
        found: list[Path] = []
        unmatched = []
        for index, glob in enumerate(pf.plan.copy_files):
            matched = _glob_files(ws, pf, index, glob, relative)
            if not matched:
                unmatched.append((index, glob))
            found += [p for p in matched if p not in found]
        return [(p, relative(p)) for p in found], unmatched
    folder = ws.path(ws.config.paths.copy_files)
    return (_copy_folder(ctx, folder) if folder.is_dir() else []), []


def _relative(ctx: LaunchContext) -> Any:
    """Workspace.relative, each path resolved once a run."""
    memo: dict[str, str] = ctx.relative_names
    ws = ctx.ws

    def relative(path: Path) -> str:
        key = str(path)
        rel = memo.get(key)
        if rel is None:
            rel = memo[key] = ws.relative(path)
        return rel

    return relative


def _copy_folder(ctx: LaunchContext, folder: Path) -> list[tuple[Path, str]]:
    """The lint's walk of the copy folder (collect_files), each file with its relative name: walked
    again only when what a folder in it holds changed (a file added, removed or renamed) since the
    last walk."""
    from mops.lint.files import collect_files

    key = (str(folder), _folders_state(folder))
    memo: dict[Any, list[tuple[Path, str]]] = ctx.copy_walks
    if key not in memo:
        relative = _relative(ctx)
        memo.clear()  # the latest walk is the one that counts
        memo[key] = [(p, relative(p)) for p in collect_files(ctx.ws, [folder])]
    return memo[key]


def _folders_state(top: Path) -> tuple[Any, ...]:
    """The names in every folder below `top` (links to folders followed, each real folder once, as
    the lint's walk does): what changes when a file is added, removed or renamed anywhere in it,
    however coarse the file system's clock."""
    from mops.lint.files import SKIPPED_FOLDERS

    state: list[tuple[Any, ...]] = []
    seen: set[tuple[int, int]] = set()
    pending = [str(top)]
    while pending:
        folder = pending.pop()
        try:
            stat = os.stat(folder)
            if (stat.st_dev, stat.st_ino) in seen:
                continue
            seen.add((stat.st_dev, stat.st_ino))
            with os.scandir(folder) as scanned:
                entries = sorted((entry.name, entry) for entry in scanned)
        except OSError as exc:
            state.append((folder, "unreadable", exc.errno))  # the walk says why
            continue
        state.append((folder, stat.st_mode, tuple(name for name, _entry in entries)))
        pending += [entry.path for name, entry in reversed(entries) if name not in SKIPPED_FOLDERS and entry.is_dir()]
    return tuple(state)


def _glob_files(ws: Any, pf: PlanFile, index: int, glob: str, relative: Any = None) -> list[Path]:
    """The files of the workspace a workspace-relative glob matches (the lint's glob syntax)."""
    from mops.lint.files import SKIPPED_FOLDERS
    from mops.lint.globs import matches

    relative = relative or ws.relative

    parts = glob.replace("\\", "/").split("/")
    if glob.startswith("/") or ".." in parts or (parts[0].endswith(":")):
        raise pf.error(("copy", index), f"copy glob {glob!r} is not inside the workspace", hint="write it relative to mops.yaml, such as copy/meta/*.md")
    # walk only below the glob's fixed folders: `copy/meta/*.md` never reads the rest of the workspace
    fixed = []
    for part in parts[:-1]:
        if any(c in part for c in "*?["):
            break
        fixed.append(part)
    top = ws.path("/".join(fixed) or ".")
    if "/" not in glob:
        top = ws.path(".")
    if top.is_file():
        return [top] if matches(relative(top), [glob]) else []
    found = []
    for folder, subfolders, names in os.walk(top):
        subfolders[:] = sorted(d for d in subfolders if d not in SKIPPED_FOLDERS)
        for name in sorted(names):
            path = Path(folder) / name
            if matches(relative(path), [glob]) and path.is_file():
                found.append(path.resolve())
    return found


def _glob_matches_nothing(pf: PlanFile, index: int, glob: str) -> Observation:
    return Observation(
        statement=f"copy glob {glob!r} matches no file: the copy it names was not checked",
        severity=Severity.error, code="TRK007", figures={"glob": glob},
        evidence=[pf.evidence(("copy", index), note="no file matches")],
    )


# --- the lint ------------------------------------------------------------------------------------


def _lint(ctx: LaunchContext, paths: list[tuple[Path, str]]) -> dict[str, LintedText]:
    """Each file (path, workspace-relative name) as the lint reads it, with its UTM findings (the
    workspace's per-path settings and the file's suppressions applied; nothing written). The lint
    raises on a file it cannot read. A file is linted once a run while its size and modification
    time stay the same: the files not linted yet are linted together, as `mops lint FILE...` would."""
    from mops.lint.runner import LintOptions, run_lint
    from mops.memo import remember

    memo: dict[tuple[str, int, int], LintedText] = ctx.linted_copy
    linted: dict[str, LintedText] = {}
    missing: list[tuple[Path, str, tuple[str, int, int] | None]] = []
    for path, rel in paths:
        key = _file_key(path, rel)
        if key is not None and key in memo:
            linted[rel] = memo[key]
        else:
            missing.append((path, rel, key))
    if not missing:
        return linted
    run = run_lint(ctx.ws, [path for path, _rel, _key in missing], LintOptions(select=[UTM_RULES], jobs=1))
    by_path: dict[str, list[Finding]] = {}
    for finding in run.report.findings:
        by_path.setdefault(finding.path, []).append(finding)
    for _path, rel, key in missing:
        text = run.source(rel) if run.source is not None else None
        if text is None:  # changed or removed since the lint read it
            from mops.errors import InputError

            raise InputError("cannot read", path=rel)
        linted[rel] = LintedText(rel, text, _found_urls(rel, text), [f for f in by_path.get(rel, []) if f.code.startswith(UTM_RULES)])
        if key is not None:
            remember(memo, key, linted[rel])
    return linted


def _file_key(path: Path, rel: str) -> tuple[str, int, int] | None:
    """What a file's lint is remembered by: its name, size and modification time (None: no stat,
    so it is linted, and the lint says why it cannot be read)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return rel, stat.st_size, stat.st_mtime_ns


def _found_urls(rel: str, text: str) -> list[Any]:
    """The links of a file, found as the lint finds them."""
    from mops.lint.links import find_urls, kind_for_path

    return find_urls(text, kind_for_path(rel))


def _fixed_text(ws: Any, linted: LintedText) -> tuple[str, list[Finding]]:
    """The file's text as `mops lint --fix` would write it, and the lint's findings on that text:
    the lint's own fix passes, run on the text as read (the file itself is left alone)."""
    from mops.lint.runner import LintOptions, run_lint

    run = run_lint(ws, [], LintOptions(select=[UTM_RULES], diff=True, stdin_text=linted.text, stdin_filename=linted.rel, jobs=1))
    fixed = run.fixed_stdin if run.fixed_stdin is not None else linted.text
    return fixed, [f for f in run.report.findings if f.code.startswith(UTM_RULES)]


def _on(starts: list[int], found: Any, findings: list[Finding]) -> list[Finding]:
    """The findings that start on the link `found` (a finding on a link starts within it), given
    the start of each line of its text."""
    on = []
    for finding in findings:
        if finding.line > len(starts):
            continue
        offset = starts[finding.line - 1] + finding.column - 1
        if found.start <= offset <= found.end:
            on.append(finding)
    return on


def _safe(link: CampaignLink) -> list[Finding]:
    return [f for f in link.findings if f.fix is not None and f.fix.safe and f.fix.edits]


def _uncorrected(link: CampaignLink) -> list[Finding]:
    """What the lint still finds on the link once its safe corrections are made."""
    return link.remaining if link.corrected_raw is not None else link.findings


def _fixed(ws: Any, linted: LintedText) -> FixedText:
    """The lint's fixed text of a file, its links and findings, and its links paired with the text's."""
    fixed_text, remaining = _fixed_text(ws, linted)
    if fixed_text == linted.text:
        return FixedText(None, None)
    fixed = LintedText(linted.rel, fixed_text, _found_urls(linted.rel, fixed_text), remaining)
    pairs = _paired(linted.text, linted.found, fixed_text, fixed.found)
    if pairs is None:
        return FixedText(fixed, None)  # the fixes moved text between links: no correction is claimed for any of them
    return FixedText(fixed, {before.start: after for before, after in pairs})


def _correct(ws: Any, linted: LintedText, links: list[CampaignLink]) -> None:
    """Set each link's correction from the lint's fixed text of its file, when it has safe fixes."""
    if not any(_safe(link) for link in links):
        return
    fixed = linted.fixed(ws)
    if fixed.linted is None or fixed.by_start is None:
        return
    for link in links:
        before = next((f for f in linted.found if f.line == link.line and linted.text[f.start:f.end] == link.raw), None)
        after = fixed.by_start.get(before.start) if before is not None else None
        if after is None or not _safe(link):
            continue
        corrected = fixed.linted.text[after.start:after.end]
        if corrected != link.raw:
            link.corrected_raw, link.corrected_url = corrected, after.url
            link.remaining = fixed.linted.on(after)


def _paired(text: str, found: list[Any], fixed_text: str, fixed_found: list[Any]) -> list[tuple[Any, Any]] | None:
    """Each link of the text with the same link in the fixed text, or None when they do not pair:
    safe fixes only edit links, so the two texts must have as many links, with the same text
    between them."""
    if len(found) != len(fixed_found):
        return None
    position = fixed_position = 0
    for before, after in zip(found, fixed_found):
        if text[position:before.start] != fixed_text[fixed_position:after.start]:
            return None
        position, fixed_position = before.end, after.end
    if text[position:] != fixed_text[fixed_position:]:
        return None
    return list(zip(found, fixed_found))


# --- which links ---------------------------------------------------------------------------------


def _plan_links(pf: PlanFile, linted: LintedText) -> list[CampaignLink]:
    """The plan's landing pages and channel links, each matched to the link the lint found at its line."""
    entries: list[tuple[tuple, str, str | None, str]] = [
        (("landing_pages", i), value, None, "landing_pages") for i, value in enumerate(pf.plan.landing_pages)
    ]
    for c, channel in enumerate(pf.plan.channels):
        entries += [(("channels", c, "links", i), value, channel.channel, "channels") for i, value in enumerate(channel.links)]
    taken: set[int] = set()
    links = []
    for loc, value, plan_channel, origin in entries:
        line = pf.line(loc)
        found = _found_for(linted, line, value, taken)
        if found is None:  # not a link the lint recognises: judged on its value, without findings
            links.append(CampaignLink(pf.name, line, value, value, origin, plan_channel))
            continue
        taken.add(found.start)
        links.append(CampaignLink(
            pf.name, line, linted.text[found.start:found.end], found.url, origin, plan_channel,
            findings=linted.on(found),
        ))
    return links


def _found_for(linted: LintedText, line: int, value: str, taken: set[int]) -> Any:
    """The link the lint found for a plan value on `line`: the one spelt like it, else the only one there."""
    on_line = [f for f in linted.found if f.line == line and f.start not in taken]
    same = [f for f in on_line if f.url == value or f.url == value.strip()]
    if same:
        return same[0]
    return on_line[0] if len(on_line) == 1 else None


def _other_campaigns(ctx: LaunchContext, pf: PlanFile) -> set[str]:
    """The utm_campaign values (lowercased) that mean another plan's campaign of the workspace."""
    ours = campaign_values(pf.plan)
    return {value for other in ctx.plans for value in campaign_values(other.plan) if value not in ours}


def _copy_links(linted: LintedText, utm: Any, campaign_ids: dict[str, str], explicit: bool,
                others: set[str] = frozenset()) -> list[CampaignLink]:  # type: ignore[assignment]
    """The links of a copy file that are the campaign's: utm_campaign is the id or an alias, in any
    case (`2027-Q2_Spring-Sale` is the campaign mistyped, not another one). In a file the plan names,
    every tagged link is the campaign's too unless its utm_campaign is another plan's campaign
    (`others`): a link without utm_campaign, or with a misspelt one (`2027-q2_sprng-sale`), is
    claimed by no other campaign, and left out it would go unchecked."""
    links = []
    for found, tags in zip(linted.found, linted.tags(utm)):
        campaign = tags.get("utm_campaign")
        if campaign is not None and campaign.strip().lower() in campaign_ids:
            pass
        elif not (explicit and tags and (campaign is None or campaign.strip().lower() not in others)):
            continue
        links.append(CampaignLink(
            linted.rel, found.line, linted.text[found.start:found.end], found.url, "copy",
            findings=linted.on(found),
        ))
    return links


# --- what is said ----------------------------------------------------------------------------------


def _correction(link: CampaignLink) -> LinkCorrection:
    codes = list(dict.fromkeys(f.code for f in _safe(link)))
    return LinkCorrection(path=link.path, line=link.line, link=link.raw, corrected=link.corrected_raw or link.raw, fixes=codes)


def _lint_observations(links: list[CampaignLink]) -> list[Observation]:
    observations = []
    for link in links:
        if link.corrected_raw is not None:
            observations += [_corrected(link, finding) for finding in _safe(link)]
        observations += [_not_corrected(link, finding) for finding in _uncorrected(link)]
    return observations


def _corrected(link: CampaignLink, finding: Finding) -> Observation:
    return Observation(
        statement=f"{link.path}:{link.line}: {finding.code} {finding.message}; corrected safely: {link.corrected_raw}",
        severity=Severity.warning, code="TRK002",
        figures={"link": link.raw, "corrected": link.corrected_raw, "rule": finding.code, "rule_severity": finding.severity.value},
        evidence=[link.evidence(f"{finding.code}: {finding.message}")],
    )


def _not_corrected(link: CampaignLink, finding: Finding) -> Observation:
    severity = Severity.info if finding.severity == Severity.info else Severity.error
    fix = " (a suggestion only: not safe to apply unseen)" if finding.fix is not None else ""
    return Observation(
        statement=f"{link.path}:{link.line}: {finding.code} {finding.message}{fix}",
        severity=severity, code="TRK003",
        figures={"link": link.corrected_raw or link.raw, "rule": finding.code, "rule_severity": finding.severity.value},
        evidence=[link.evidence(f"{finding.code}: {finding.message}")],
    )


def _campaign_observations(link: CampaignLink, plan: Any, campaign_ids: dict[str, str]) -> list[Observation]:
    """TRK005 when the link, as corrected, does not carry exactly the id or an alias (GA4 reads
    `2027-Q2_Spring-Sale` as another campaign than `2027-q2_spring-sale`)."""
    value = link.tags.get("utm_campaign")
    if value is not None and value in campaign_ids.values():
        return []
    said = "carries no utm_campaign" if value is None else f"has utm_campaign={value}"
    aliases = f" or one of its utm_campaigns ({', '.join(plan.utm_campaigns)})" if plan.utm_campaigns else ""
    return [Observation(
        statement=f"{link.final_url} {said}; the campaign id is {plan.campaign}{aliases}",
        severity=Severity.error, code="TRK005",
        figures={"link": link.final_url, "utm_campaign": value, "campaign": plan.campaign},
        evidence=[link.evidence("utm_campaign after the safe corrections" if link.corrected_raw is not None else "utm_campaign")],
    )]


class PlanChannels:
    """The plan's channels as GA4 should see them: each one's expected GA4 channel, and which
    channel a link (or a GA4 row's source and medium: `mops report review`) belongs to."""

    def __init__(self, utm: Any, plan: Any, taxonomy_channels: Any) -> None:
        self.utm = utm  # UtmContext
        self.plan = plan
        self.taxonomy = taxonomy_channels
        self.linked: set[str] = set()  # the plan channels some link belongs to

    def expected(self, channel: Any) -> str | None:
        """The GA4 channel the plan channel's links should land in: its `expected_ga4_channel`, else
        where the taxonomy's source and medium for it land (with the campaign id, as its links carry it)."""
        if channel.expected_ga4_channel:
            return channel.expected_ga4_channel
        rule = self.taxonomy.get(channel.channel)
        if rule is None or not rule.source or not rule.medium:
            return None
        return self.utm.classify(rule.source, rule.medium, self.plan.campaign).channel

    def candidates(self, tags: dict[str, str]) -> list[Any]:
        """The plan channels a link's tags name: the taxonomy's source and medium both, else the
        platform's sources, else the source or the medium alone."""
        source = (tags.get("utm_source") or "").strip().lower()
        medium = (tags.get("utm_medium") or "").strip().lower()

        def rule(c: Any) -> Any:
            return self.taxonomy.get(c.channel)

        both = [c for c in self.plan.channels if rule(c) and (rule(c).source or "").lower() == source and (rule(c).medium or "").lower() == medium]
        if both:
            return both
        platform = [c for c in self.plan.channels if c.platform and source in PLATFORM_SOURCES.get(c.platform, ())]
        if platform:
            return platform
        return [c for c in self.plan.channels if rule(c) and source and (
            (rule(c).source or "").lower() == source or (rule(c).medium or "").lower() == medium)]

    def judge(self, link: CampaignLink) -> Observation | None:
        """TRK004 when the link, as corrected, lands in another GA4 channel than its plan channel's."""
        tags = link.tags
        landed = self.utm.classify_tags(tags).channel
        if link.plan_channel is not None:
            declared = [c for c in self.plan.channels if c.channel == link.plan_channel]
        else:
            declared = self.candidates(tags)
        if declared:
            for channel in declared:
                if self.expected(channel) in (landed, None):
                    self.linked.add(channel.channel)
                    return None
            channel = declared[0]
            self.linked.add(channel.channel)
            expected = self.expected(channel)
            return self._mismatch(link, landed, expected, channel.channel, f"the plan declares {channel.channel} ({expected})")
        expected_all = [e for e in dict.fromkeys(self.expected(c) for c in self.plan.channels) if e]
        if landed in expected_all or not expected_all:
            self.linked.update(c.channel for c in self.plan.channels if self.expected(c) == landed)
            return None
        return self._mismatch(link, landed, " or ".join(expected_all), None, f"no channel of the plan lands there ({', '.join(expected_all)})")

    def _mismatch(self, link: CampaignLink, landed: str, expected: str | None, plan_channel: str | None, declared: str) -> Observation:
        return Observation(
            statement=f"{link.final_url} lands in {landed}; {declared}",
            severity=Severity.error, code="TRK004",
            figures={"link": link.final_url, "ga4_channel": landed, "expected_ga4_channel": expected, "plan_channel": plan_channel},
            evidence=[link.evidence(self.utm.classify_tags(self.utm.tags(link.final_url)).reason)],
        )

    def without_links(self, pf: PlanFile) -> list[Observation]:
        """TRK006 for each spending channel that ships tagged links but has none in the plan or its copy."""
        observations = []
        for index, channel in enumerate(self.plan.channels):
            rule = self.taxonomy.get(channel.channel)
            bears_links = rule is not None and bool(rule.source and rule.medium)
            if not bears_links or channel.channel in self.linked or channel.amount(self.plan.total_budget) <= 0:
                continue
            observations.append(Observation(
                statement=f"channel {channel.channel} has no link in the plan or its copy: its tracking is not checked",
                severity=Severity.error, code="TRK006",
                figures={"plan_channel": channel.channel, "expected_ga4_channel": self.expected(channel)},
                evidence=[pf.evidence(("channels", index, "channel"), note="no link in channels[].links, landing_pages or copy")],
            ))
        return observations


def _summary(links: list[CampaignLink], files: list[str], findings: int, corrections: list[LinkCorrection]) -> Observation:
    return Observation(
        statement=f"{len(links)} link(s) of the campaign checked in {len(files)} file(s): {findings} lint finding(s), {len(corrections)} safe correction(s)",
        severity=Severity.info, code="TRK001",
        figures={"links_checked": len(links), "files_checked": len(files), "findings": findings, "corrections": len(corrections)},
        evidence=[Evidence(kind="file", path=rel) for rel in files],
    )
