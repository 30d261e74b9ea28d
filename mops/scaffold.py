"""`mops init`: lay out a complete workspace without ever overwriting a file."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mops.errors import InputError, UsageError
from mops.fsutil import atomic_write_text
from mops.resources import bundled_path

FOLDERS = ("taxonomy", "brand", "playbooks", "transcripts", "briefs", "plans", "proposals", "approvals", "exports", "finance", "audiences")

FINANCE_YAML = """\
# yaml-language-server: $schema=../.mops/schemas/finance.json
# What finance allocated, per campaign or per period: `mops launch check` holds each plan's total to
# it (a plan with no allocation fails its budget check). `mops schema finance` documents the fields.
version: 1
currency: {currency}
allocations: []
#  - campaign: 2027-q2_spring-sale    # one campaign's own allocation
#    amount: 30000
#  - period: 2027-Q3                  # a calendar quarter (FY2027-Q1: a fiscal quarter), shared by
#    amount: 80000                    # every plan starting in it
"""

MOPS_YAML = """\
# yaml-language-server: $schema=.mops/schemas/config.json
# mops workspace settings. `mops schema config` documents every field.
version: 1
name: {name}
currency: {currency}
timezone: {timezone}
fiscal_year_start: "{fiscal_year_start}"
default_region: {region}   # phone numbers written without a country code are read as this country's

people: []
#  - name: Dana Lee
#    email: dana@example.com
#    role: gatekeeper
#    max_active_campaigns: 3

approvals:
  allowed_signers: approvals/allowed_signers   # who may sign approvals (README: "For gatekeepers")
  # With no rules, one approval by any key in the allowed-signers file approves any artifact.
  # rules:                          # every rule matching an artifact must be met
  #   - paths: ["briefs/**", "plans/**", "proposals/**"]
  #     roles: [gatekeeper]         # only approvals by these `people` roles count here (each must be someone's role)
  #     min_approvals: 1
  #   - paths: ["plans/**"]
  #     budget_above: 50000         # plans above this need two distinct approvers
  #     roles: [gatekeeper]
  #     min_approvals: 2
  #     sla_hours: 24               # this rule's own time limit
  # spending_limits:                # the largest plan or proposal one approver of a role covers;
  #   marketer: 5000                # approvers' limits add up, a role not listed covers nothing
  #   gatekeeper: 50000
  #   head_of_marketing: null       # null: no limit
  # sla_hours: 48                   # how long an artifact may wait for a decision (`mops queue` flags it)

model:
  name: null   # offline extraction; a litellm model name (e.g. ollama/llama3.1) to use a model

lint:
  fail_on: warning

# launch:                           # `mops launch check`: how audiences are reconciled with the CRM segment
#   match_rates: {{meta: 0.6, google_ads: 0.45}}   # share of an uploaded list each platform matched last time
#   segment_tolerance: 0.05
"""

GITIGNORE = ".mops/\n"

ALLOWED_SIGNERS = """\
# Who may sign mops approvals: one SSH public key per line, git's allowed-signers format
# (ssh-keygen(1), ALLOWED SIGNERS). `mops approvals verify` trusts only the keys listed here,
# and in CI as the pull request's base commit has them: a key added by a pull request counts
# once that pull request is merged.
#
#   <email> namespaces="mops-approval,git" <key type> <public key>
#   dana@example.com namespaces="mops-approval,git" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI...
#
# The email is the one the person has in mops.yaml `people`, where their role comes from.
# namespaces="mops-approval,git" lets the key sign approval records (mops-approval) and git
# commits (git); without the option it may sign anything. A line with namespaces="git" alone
# cannot sign approvals.
#
# To add your key: append its line (`cut -d' ' -f1,2 ~/.ssh/mops_signing.pub` prints the key
# type and key) and open a pull request. README, "For gatekeepers", has every step.
"""


# When the system says nothing usable (LANG=C, no time zone), the settings mops.yaml gets.
FALLBACK = {"region": "DE", "currency": "EUR", "timezone": "Europe/Berlin", "fiscal_year_start": "01-01"}

# ISO 3166 region -> ISO 4217 currency, for the regions whose locale (LANG=xx_CC) sets one.
REGION_CURRENCY: dict[str, str] = {
    **dict.fromkeys(
        "AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK AD MC SM VA ME XK".split(), "EUR"
    ),
    "US": "USD", "PR": "USD", "EC": "USD", "SV": "USD", "PA": "USD", "GB": "GBP", "IM": "GBP", "JE": "GBP",
    "GG": "GBP", "CH": "CHF", "LI": "CHF", "SE": "SEK", "NO": "NOK", "DK": "DKK", "FO": "DKK", "GL": "DKK",
    "IS": "ISK", "PL": "PLN", "CZ": "CZK", "HU": "HUF", "RO": "RON", "BG": "BGN", "RS": "RSD", "BA": "BAM",
    "MK": "MKD", "AL": "ALL", "MD": "MDL", "UA": "UAH", "BY": "BYN", "RU": "RUB", "TR": "TRY", "GE": "GEL",
    "AM": "AMD", "AZ": "AZN", "KZ": "KZT", "IL": "ILS", "AE": "AED", "SA": "SAR", "QA": "QAR", "KW": "KWD",
    "BH": "BHD", "OM": "OMR", "JO": "JOD", "LB": "LBP", "EG": "EGP", "MA": "MAD", "TN": "TND", "DZ": "DZD",
    "NG": "NGN", "GH": "GHS", "KE": "KES", "TZ": "TZS", "UG": "UGX", "ET": "ETB", "ZA": "ZAR", "CA": "CAD",
    "MX": "MXN", "BR": "BRL", "AR": "ARS", "CL": "CLP", "CO": "COP", "PE": "PEN", "UY": "UYU", "PY": "PYG",
    "BO": "BOB", "VE": "VES", "CR": "CRC", "GT": "GTQ", "DO": "DOP", "JM": "JMD", "TT": "TTD", "AU": "AUD",
    "NZ": "NZD", "JP": "JPY", "CN": "CNY", "HK": "HKD", "MO": "MOP", "TW": "TWD", "KR": "KRW", "SG": "SGD",
    "MY": "MYR", "TH": "THB", "VN": "VND", "PH": "PHP", "ID": "IDR", "IN": "INR", "PK": "PKR", "BD": "BDT",
    "LK": "LKR", "NP": "NPR",
}  # fmt: skip
# Active ISO 4217 codes, for checking --currency.
CURRENCIES = frozenset(REGION_CURRENCY.values()) | frozenset(
    "AFN AOA AWG BBD BIF BMD BND BSD BTN BWP BZD CDF CUP CVE DJF ERN FJD FKP GIP GMD GNF GYD HNL HTG IQD "
    "IRR KGS KHR KMF KPW KYD LAK LRD LSL LYD MGA MMK MNT MRU MUR MVR MWK MZN NAD NIO PGK RWF SBD SCR SDG "
    "SHP SLE SOS SRD SSP STN SYP SZL TJS TMT TOP UZS VUV WST XAF XCD XOF XPF YER ZMW ZWL".split()
)
_LOCALE = re.compile(r"^([a-z]{2,3})[_-]([A-Za-z]{2})(?:[.@]|$)")
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class Setting:
    """A value mops.yaml gets at init, and where it came from ("--region", "LANG=de_DE.UTF-8"...)."""

    value: str
    source: str


@dataclass(frozen=True)
class WorkspaceSettings:
    region: Setting
    currency: Setting
    timezone: Setting
    fiscal_year_start: Setting

    def describe(self) -> list[str]:
        return [
            f"region {self.region.value} ({self.region.source}): phone numbers without a country code are read as its own",
            f"currency {self.currency.value} ({self.currency.source})",
            f"timezone {self.timezone.value} ({self.timezone.source})",
            f"fiscal year starts {self.fiscal_year_start.value} ({self.fiscal_year_start.source})",
        ]


def system_region(environ: Mapping[str, str]) -> Setting | None:
    """The country of the system locale: LC_ALL, then LC_MONETARY, then LANG ("de_DE.UTF-8" -> DE)."""
    for name in ("LC_ALL", "LC_MONETARY", "LANG"):
        value = environ.get(name, "").strip()
        if not value:
            continue
        m = _LOCALE.match(value)
        if m is None:
            continue  # "C", "POSIX", "C.UTF-8" name no country; a later variable may
        return Setting(m.group(2).upper(), f"from {name}={value}")
    return None


def system_timezone(environ: Mapping[str, str], etc: Path = Path("/etc")) -> Setting | None:
    """The system time zone: TZ, then /etc/timezone, then where /etc/localtime links to."""
    candidates = []
    tz = environ.get("TZ", "").strip()
    if tz:
        candidates.append((tz.lstrip(":"), f"from TZ={tz}"))
    try:
        candidates.append(((etc / "timezone").read_text(encoding="utf-8").strip(), f"from {etc / 'timezone'}"))
    except (OSError, UnicodeDecodeError):
        pass
    try:
        target = os.readlink(etc / "localtime")
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append((target.split("zoneinfo/", 1)[1], f"from {etc / 'localtime'}"))
    from mops.timezones import canonical_timezone, is_zone

    for name, source in candidates:
        canonical = canonical_timezone(name) if name and is_zone(name) else None
        if canonical:  # an old alias (TZ=US/Eastern) is written as the zone it stands for
            return Setting(canonical, source if canonical == name else f"{source}, an old alias of {canonical}")
    return None


def workspace_settings(
    *,
    region: str | None = None,
    currency: str | None = None,
    timezone: str | None = None,
    fiscal_year_start: str | None = None,
    environ: Mapping[str, str] | None = None,
    etc: Path = Path("/etc"),
) -> WorkspaceSettings:
    """The settings a new mops.yaml gets: each option given, else the system's, else `FALLBACK`.
    A bad option is a UsageError naming it (exit 2)."""
    environ = os.environ if environ is None else environ
    fallback = "default; the system locale names no country"
    if region is not None:
        chosen_region = Setting(check_region(region), "--region")
    else:
        found = system_region(environ)
        if found is not None and found.value not in _known_regions():
            found = None
        chosen_region = found or Setting(FALLBACK["region"], fallback)
    if currency is not None:
        chosen_currency = Setting(check_currency(currency), "--currency")
    elif chosen_region.value in REGION_CURRENCY and chosen_region.source != fallback:
        chosen_currency = Setting(REGION_CURRENCY[chosen_region.value], f"the currency of {chosen_region.value}")
    else:
        chosen_currency = Setting(FALLBACK["currency"], "default")
    if timezone is not None:
        chosen_timezone = Setting(check_timezone(timezone), "--timezone")
    else:
        chosen_timezone = system_timezone(environ, etc) or Setting(FALLBACK["timezone"], "default; no system time zone found")
    if fiscal_year_start is not None:
        chosen_fiscal = Setting(check_fiscal_year_start(fiscal_year_start), "--fiscal-year-start")
    else:
        chosen_fiscal = Setting(FALLBACK["fiscal_year_start"], "default: the calendar year")
    return WorkspaceSettings(chosen_region, chosen_currency, chosen_timezone, chosen_fiscal)


def _known_regions() -> set[str]:
    from mops.pii.detector import _phone_regions

    return _phone_regions()


def check_region(value: str) -> str:
    code = value.strip().upper()
    if code not in _known_regions():
        raise UsageError(f"--region {value!r} is not a country code", field="--region",
                         hint="give a two-letter ISO 3166 code such as US, GB or DE")
    return code


def check_currency(value: str) -> str:
    code = value.strip().upper()
    if code not in CURRENCIES:
        raise UsageError(f"--currency {value!r} is not an ISO 4217 currency code", field="--currency",
                         hint="give a three-letter code such as EUR, USD or GBP")
    return code


def check_timezone(value: str) -> str:
    """A canonical IANA name; an old alias (EST, US/Eastern, GMT+5) is refused naming the zone to use."""
    from mops.timezones import timezone_problem

    name = value.strip()
    problem = timezone_problem(name)
    if problem is not None:
        raise UsageError(f"--timezone {problem}", field="--timezone",
                         hint="give a canonical name such as Europe/Berlin, America/New_York or UTC")
    return name


def check_fiscal_year_start(value: str) -> str:
    import datetime

    m = _MONTH_DAY.match(value.strip())
    try:
        if m is None:
            raise ValueError
        datetime.date(2023, int(m.group(1)), int(m.group(2)))  # a common year: no 29 February
    except ValueError:
        raise UsageError(f"--fiscal-year-start {value!r} is not a day of the year as MM-DD", field="--fiscal-year-start",
                         hint="e.g. 01-01 for the calendar year, 04-01 for 1 April, 07-01 for 1 July") from None
    return value.strip()


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


def scaffold_workspace(target: Path, settings: WorkspaceSettings | None = None) -> ScaffoldResult:
    """Create the workspace files under `target`, keeping every file that already exists.
    `settings` fill a new mops.yaml (default: `workspace_settings()`, from the system locale)."""
    root = target.resolve()
    if root.exists() and not root.is_dir():
        raise InputError("exists and is not a folder", path=str(target), hint="give a folder to create the workspace in")
    settings = settings or workspace_settings()
    result = ScaffoldResult(root=root)
    files: dict[str, str] = {
        "mops.yaml": MOPS_YAML.format(
            name=root.name or "mops workspace", region=settings.region.value, currency=settings.currency.value,
            timezone=settings.timezone.value, fiscal_year_start=settings.fiscal_year_start.value,
        ),
        "taxonomy/utm.yaml": _with_schema_comment(bundled_path("taxonomy", "utm.yaml").read_text(encoding="utf-8"), "taxonomy", 1),
        "brand/voice.yaml": _with_schema_comment(bundled_path("brand", "voice.yaml").read_text(encoding="utf-8"), "voice", 1),
        "approvals/allowed_signers": ALLOWED_SIGNERS,
        "finance/allocations.yaml": FINANCE_YAML.format(currency=settings.currency.value),
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
