"""`mops.yaml`: the team's settings, the root of a workspace."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from mops import regexcache
from mops.models._base import UserFile
from mops.models.severity import Severity
from mops.sizes import parse_size

_CURRENCY = regexcache.compile(r"^[A-Z]{3}$")
_MONTH_DAY = regexcache.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")


class Person(UserFile):
    """Someone on the team: who owns campaigns and who may approve."""

    name: str = Field(min_length=1)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    role: str = Field(default="marketer", description="e.g. marketer, analyst, gatekeeper, legal, finance.")
    max_active_campaigns: int = Field(default=3, ge=0, description="How many campaigns they can own at once.")


class ApprovalRule(UserFile):
    """Who must approve the artifacts matching `paths`: every rule that matches an artifact must be met."""

    paths: list[str] = Field(default_factory=lambda: ["**/*"], description="Glob patterns of artifacts the rule covers, relative to the workspace.")
    min_approvals: int = Field(default=1, ge=1, description="Distinct approvers (distinct keys) the artifact needs.")
    roles: list[str] = Field(
        default_factory=list,
        description="Only approvers holding one of these roles (their `people` entry) count toward this rule; empty: anyone in the allowed-signers file.",
    )
    budget_above: float | None = Field(
        default=None, ge=0, description="The rule applies only to a plan or proposal whose amount is above this (in the workspace currency).",
    )
    sla_hours: float | None = Field(default=None, gt=0, description="How long an artifact may wait for this decision (`mops queue` flags it after).")


class ApprovalsSettings(UserFile):
    """Who may sign approvals (the allowed-signers file), what each role may approve (rules, spending limits)."""

    allowed_signers: str = Field(
        default="approvals/allowed_signers",
        description="git's allowed-signers file (gpg.ssh.allowedSignersFile format): the keys that may sign approvals, one `<email> <key type> <public key>` per line.",
    )
    artifacts: list[str] | None = Field(
        default=None,
        description="Globs of the files that need approval. Default: the briefs, plans and proposals folders' files and everything under copy/.",
    )
    gatekeepers: list[str] = Field(
        default_factory=list,
        description="Deprecated, not used: the allowed-signers file says who may sign; `people` roles and `rules` say what each may approve.",
    )
    rules: list[ApprovalRule] = Field(default_factory=list, description="With none, one approval by any allowed signer approves any artifact.")
    spending_limits: dict[str, float | None] = Field(
        default_factory=dict,
        description="Role -> the largest plan or proposal amount (workspace currency) one approver of that role covers; null: no limit. "
        "With limits set, a role not listed covers no amount, and approvers' limits add up (a second approver covers the rest).",
    )
    sla_hours: float | None = Field(default=None, gt=0, description="How long any artifact may wait for a decision; a rule's own `sla_hours` wins.")


class ModelSettings(UserFile):
    """The language model used by `mops brief draft`; none means fully offline extraction."""

    name: str | None = Field(default=None, description="A litellm model name, e.g. 'ollama/llama3.1' or 'gpt-4o-mini'. Empty: offline.")
    api_base: str | None = None
    temperature: float = Field(default=0.0, ge=0, le=2)
    timeout_seconds: float = Field(default=60, gt=0, description="How long one model call may take before it fails (exit 2).")


class PathSettings(UserFile):
    """Where the workspace keeps each kind of file, relative to mops.yaml."""

    taxonomy: str = "taxonomy/utm.yaml"
    brand_voice: str = "brand/voice.yaml"
    playbooks: str = "playbooks"
    transcripts: str = "transcripts"
    briefs: str = "briefs"
    plans: str = "plans"
    proposals: str = "proposals"
    lessons: str = Field(default="lessons", description="What finished campaigns taught (`mops report review --record`: lessons/<campaign>.yaml) and what reviewers corrected in drafts (`mops brief learn`: lessons/corrections/), read by the next brief.")
    reviews: str = Field(default="reviews", description="Post-campaign reviews (`mops report review`: reviews/<campaign>.md and its charts).")
    approvals: str = "approvals"
    exports: str = "exports"
    finance: str = Field(default="finance/allocations.yaml", description="Finance's allocations per campaign or period (`mops schema finance`).")
    copy_files: str = Field(default="copy", alias="copy", description="The folder of the copy that ships (ads, emails, link sheets).")
    state: str = ".mops"


class LintOverride(UserFile):
    """Lint settings for the files matching `paths` (nearer, later entries win)."""

    paths: list[str] = Field(min_length=1)
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    channel: str | None = Field(
        default=None,
        description="Channel profile of these files (a key of the brand voice's `channels`); `none`: not ad copy, judged without a channel and not listed in the lint's no-channel note.",
    )


class LintSettings(UserFile):
    select: list[str] = Field(default_factory=lambda: ["ALL"], description="Rule codes or prefixes to run (UTM, COPY001...).")
    ignore: list[str] = Field(default_factory=list)
    fail_on: Severity = Severity.warning
    include: list[str] = Field(default_factory=lambda: [
        "**/*.md", "**/*.markdown", "**/*.mdx", "**/*.mkd", "**/*.mdown", "**/*.html", "**/*.htm", "**/*.txt", "**/*.text",
        "**/*.csv", "**/*.tsv", "**/*.yaml", "**/*.yml", "**/*.json",
    ])
    exclude: list[str] = Field(
        default_factory=lambda: [".mops/**", ".git/**", "exports/**", "node_modules/**", "approvals/**", "proposals/**", "reviews/**"],
        description="Globs left out. The default leaves out mops state, git, raw exports, approvals/ (signed records are data, not copy), "
        "proposals/ (what a check found, quoting the links it corrects: a record, not copy) and reviews/ (`mops report review`: figures "
        "and the links the launch check corrected, a report, not copy).",
    )
    per_path: list[LintOverride] = Field(default_factory=list)
    assets: list[str] = Field(default_factory=lambda: ["assets/**"], description="Globs of asset files whose names NAME002 checks.")
    max_file_size: str = Field(
        default="50MB", description="Largest file lint reads (50MB, 200MB, 1GB); a bigger one is reported with its size and the lint exits 2.",
    )

    @field_validator("max_file_size", mode="before")
    @classmethod
    def _size(cls, value: str | int) -> str:
        parse_size(value)
        return str(value)


class HistorySettings(UserFile):
    db: str = Field(default=".mops/history.duckdb", description=(
        "Where the history lives: a DuckDB file (default), a MotherDuck database (md:NAME; token in motherduck_token / "
        "MOTHERDUCK_TOKEN), or a Parquet lake written by `mops history export --parquet` (a folder, or an s3:// or gs:// "
        "prefix; read-only). See docs/history.md."
    ))
    fx_rates: dict[str, float] = Field(default_factory=dict, description="Units of the workspace currency per 1 unit of each currency.")
    columns: dict[str, str | list[str] | dict[str, str | list[str]]] = Field(
        default_factory=dict,
        description="Export headers mops does not know, as our column -> their header, for every platform "
        "(spend: Investissement) or for one (google_ads: {date: Datum}). Columns: date, platform_campaign_name, "
        "platform_campaign_id, account, ad_group, impressions, clicks, sessions, spend, conversions, conversion_value, "
        "currency, campaign_type, publisher_platform, placement, utm_source, utm_medium, utm_campaign.",
    )
    date_order: Literal["dmy", "mdy"] | None = Field(
        default=None, description="How to read dates like 05/06/2026 when a file never shows which part is the day: dmy or mdy."
    )
    campaign_types: dict[str, str] = Field(
        default_factory=dict,
        description="Campaign types mops does not know, as their type -> our channel (Hybride: performance_max); "
        "an unknown type otherwise gets the channel its campaign name says, else <platform>_other.",
    )

    @field_validator("columns")
    @classmethod
    def _known_columns(cls, columns: dict) -> dict:
        from mops.history.platforms import CANONICAL_COLUMNS, SUPPORTED

        def check(column: str, header: object, where: str) -> None:
            if column not in CANONICAL_COLUMNS:
                raise ValueError(f"{where}{column!r} is not a history column; use one of: {', '.join(CANONICAL_COLUMNS)}")
            if isinstance(header, dict):
                raise ValueError(f"{where}{column} must name a header (or a list of headers), not a mapping")

        for key, value in columns.items():
            if isinstance(value, dict):
                if key not in SUPPORTED or key == "crm":
                    raise ValueError(f"{key!r} is neither a history column nor a platform ({', '.join(p for p in SUPPORTED if p != 'crm')})")
                for column, header in value.items():
                    check(column, header, f"{key}: ")
            else:
                check(key, value, "")
        return columns

    @field_validator("fx_rates")
    @classmethod
    def _currency_codes(cls, rates: dict[str, float]) -> dict[str, float]:
        for code, rate in rates.items():
            if not _CURRENCY.match(code):
                raise ValueError(f"{code!r} is not an ISO 4217 currency code such as EUR")
            if rate <= 0:
                raise ValueError(f"the rate for {code} must be positive")
        return rates


# Typical shares of an uploaded customer list a platform matches to its users, from the platforms'
# own guidance and agency benchmarks (Meta 40-70%, Google Customer Match 30-60%, others lower).
# A team sets its own from its last uploads; these are only where a check starts.
DEFAULT_MATCH_RATES = {
    "meta": 0.6, "google_ads": 0.45, "microsoft_ads": 0.4, "linkedin": 0.5, "tiktok": 0.4, "pinterest": 0.4, "snapchat": 0.35, "x": 0.35,
}
# Significant digits the platforms show audience sizes to (Meta and Google round list sizes; a
# stated 48,000 may be anything from 47,500 to 48,499). Platforms not listed: exact.
DEFAULT_SIZE_ROUNDING = {"meta": 2, "google_ads": 2}


class LaunchSettings(UserFile):
    """How `mops launch check` judges a plan's audiences and history."""

    match_rates: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_MATCH_RATES),
        description="Platform -> expected share (0-1) of an uploaded CRM segment the platform matches. Listed platforms replace the defaults "
        "(meta 0.6, google_ads 0.45, microsoft_ads 0.4, linkedin 0.5, tiktok 0.4, pinterest 0.4, snapchat 0.35, x 0.35).",
    )
    size_rounding: dict[str, int] = Field(
        default_factory=lambda: dict(DEFAULT_SIZE_ROUNDING),
        description="Platform -> significant digits it shows audience sizes to (meta 2, google_ads 2); a gap within the rounding is not judged.",
    )
    segment_tolerance: float = Field(default=0.05, ge=0, lt=1, description="How far (share) an audience may fall below its expected matched size.")

    @field_validator("match_rates")
    @classmethod
    def _rates(cls, rates: dict[str, float]) -> dict[str, float]:
        from mops.models.plan import AD_PLATFORMS

        for platform, rate in rates.items():
            if platform not in AD_PLATFORMS:
                raise ValueError(f"{platform!r} is not an ad platform ({', '.join(AD_PLATFORMS)})")
            if not 0 < rate <= 1:
                raise ValueError(f"the match rate of {platform} must be above 0 and at most 1 (0.6 is 60%)")
        return {**DEFAULT_MATCH_RATES, **rates}

    @field_validator("size_rounding")
    @classmethod
    def _rounding(cls, rounding: dict[str, int]) -> dict[str, int]:
        for platform, digits in rounding.items():
            if digits < 0:
                raise ValueError(f"{platform}: significant digits cannot be negative (0: exact)")
        return {**DEFAULT_SIZE_ROUNDING, **rounding}


class WorkspaceConfig(UserFile):
    """The whole of mops.yaml."""

    version: Literal[1] = 1
    name: str = Field(default="mops workspace", description="Team or company name shown in reports.")
    currency: str = Field(default="EUR", description="ISO 4217 code of the currency budgets are kept in.")
    timezone: str = Field(default="UTC", description="IANA time zone, e.g. Europe/Berlin.")
    fiscal_year_start: str = Field(default="01-01", description="Month and day the fiscal year starts, MM-DD: 01-01 for the calendar year, 04-01 for 1 April, 07-01 for 1 July. `mops init --fiscal-year-start` sets it.")
    default_region: str = Field(default="US", description="ISO 3166 region for reading phone numbers without a country code.")
    people: list[Person] = Field(default_factory=list)
    approvals: ApprovalsSettings = Field(default_factory=ApprovalsSettings)
    model: ModelSettings = Field(default_factory=ModelSettings)
    paths: PathSettings = Field(default_factory=PathSettings)
    lint: LintSettings = Field(default_factory=LintSettings)
    history: HistorySettings = Field(default_factory=HistorySettings)
    launch: LaunchSettings = Field(default_factory=LaunchSettings)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        if not _CURRENCY.match(value):
            raise ValueError(f"{value!r} is not an ISO 4217 currency code such as EUR or USD")
        return value

    @field_validator("fiscal_year_start")
    @classmethod
    def _month_day(cls, value: str) -> str:
        import datetime

        m = _MONTH_DAY.match(value)
        try:
            if m is None:
                raise ValueError
            datetime.date(2023, int(m.group(1)), int(m.group(2)))  # "02-30", "04-31" and "02-29" are no start
        except ValueError:
            raise ValueError(f"{value!r} is not a month and day as MM-DD, e.g. 04-01 for 1 April") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        from mops.timezones import timezone_problem

        problem = timezone_problem(value)
        if problem is not None:  # an old alias (EST, US/Eastern) too: EST has no daylight saving
            raise ValueError(problem)
        return value

    @field_validator("people")
    @classmethod
    def _unique_people(cls, people: list[Person]) -> list[Person]:
        emails = [p.email.lower() for p in people]
        duplicates = sorted({e for e in emails if emails.count(e) > 1})
        if duplicates:
            raise ValueError(f"{', '.join(duplicates)} listed more than once")
        return people

    @field_validator("approvals")
    @classmethod
    def _approvers_are_people(cls, approvals: ApprovalsSettings, info: ValidationInfo) -> ApprovalsSettings:
        people = info.data.get("people", [])
        known = {p.email.lower() for p in people}
        for email in approvals.gatekeepers:
            if email.lower() not in known:
                raise ValueError(f"gatekeeper {email} is not in `people`; add them there with their role")
        roles = {p.role for p in people}
        for number, rule in enumerate(approvals.rules, 1):
            missing = [role for role in rule.roles if role not in roles]
            if missing:
                raise ValueError(
                    f"rule {number} asks for role {', '.join(missing)}, which nobody in `people` has: no approval could ever meet it; "
                    "give someone that role or fix the rule's `roles`"
                )
        return approvals

    def person(self, email: str) -> Person | None:
        for p in self.people:
            if p.email.lower() == email.lower():
                return p
        return None
