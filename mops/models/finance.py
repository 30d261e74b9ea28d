"""Finance's allocations, `finance/allocations.yaml`: how much each campaign or period may spend.

    currency: EUR
    allocations:
      - campaign: 2027-q1_winter-clearance   # one campaign: its plan's total must fit
        amount: 30000
      - period: 2027-Q2                      # a calendar quarter; FY2027-Q1 is a fiscal quarter
        amount: 60000                        # every plan starting in it shares the amount
      - start: 2027-07-01                    # or explicit dates
        end: 2027-09-30
        amount: 45000

A campaign's own allocation wins over a period's. Fiscal quarters count from mops.yaml's
`fiscal_year_start`; fiscal year FY2027 is the one that starts in 2027.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import Field, field_validator, model_validator

from mops.models._base import UserFile
from mops.models.campaign import CampaignId

_PERIOD = re.compile(r"^(FY)?(\d{4})-Q([1-4])$")


def quarter_dates(text: str, fiscal_year_start: str = "01-01") -> tuple[dt.date, dt.date]:
    """First and last day of `2027-Q2` (calendar) or `FY2027-Q1` (fiscal, the year starting in 2027)."""
    match = _PERIOD.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a quarter such as 2027-Q2 or FY2027-Q1")
    year, quarter = int(match[2]), int(match[3])
    month, day = (int(part) for part in fiscal_year_start.split("-")) if match[1] else (1, 1)
    first_month = month + 3 * (quarter - 1)
    start = dt.date(year + (first_month - 1) // 12, (first_month - 1) % 12 + 1, day)
    next_month = first_month + 3
    end = dt.date(year + (next_month - 1) // 12, (next_month - 1) % 12 + 1, day) - dt.timedelta(days=1)
    return start, end


class Allocation(UserFile):
    """Money finance has set aside for one campaign, or for every campaign of a period."""

    campaign: CampaignId | None = Field(default=None, description="The campaign this amount is for.")
    period: str | None = Field(default=None, description="A quarter: 2027-Q2 (calendar) or FY2027-Q1 (fiscal, from mops.yaml fiscal_year_start).")
    start: dt.date | None = Field(default=None, description="First day of the period, with `end`, instead of `period`.")
    end: dt.date | None = None
    amount: float = Field(ge=0, allow_inf_nan=False)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="Default: the file's currency.")
    note: str | None = None

    @field_validator("period")
    @classmethod
    def _quarter(cls, value: str | None) -> str | None:
        if value is not None:
            quarter_dates(value)
        return value

    @model_validator(mode="after")
    def _what_for(self) -> "Allocation":
        if self.period is not None and (self.start is not None or self.end is not None):
            raise ValueError("give a `period` or `start` and `end`, not both")
        if (self.start is None) != (self.end is None):
            raise ValueError("a period needs both `start` and `end`")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.campaign is None and self.period is None and self.start is None:
            raise ValueError("an allocation is for a `campaign`, a `period` (2027-Q2), or `start` and `end`")
        return self

    def dates(self, fiscal_year_start: str = "01-01") -> tuple[dt.date, dt.date] | None:
        """The period the allocation covers, if it names one."""
        if self.period is not None:
            return quarter_dates(self.period, fiscal_year_start)
        if self.start is not None and self.end is not None:
            return self.start, self.end
        return None


class FinanceAllocations(UserFile):
    """`finance/allocations.yaml`: the budgets finance has approved, per campaign or per period."""

    version: int = 1
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code the amounts are in.")
    allocations: list[Allocation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_per_campaign(self) -> "FinanceAllocations":
        campaigns = [a.campaign for a in self.allocations if a.campaign]
        twice = sorted({c for c in campaigns if campaigns.count(c) > 1})
        if twice:
            raise ValueError(f"{', '.join(twice)} has more than one allocation; give each campaign one")
        return self
