"""Money: an amount and its currency. Amounts in different currencies are never added."""

from __future__ import annotations

from pydantic import Field, field_validator

from mops.models._base import UserFile


class Money(UserFile):
    amount: float = Field(ge=0)
    currency: str = Field(description="ISO 4217 code, e.g. EUR.")

    @field_validator("currency")
    @classmethod
    def _code(cls, value: str) -> str:
        if len(value) != 3 or not value.isalpha() or not value.isupper():
            raise ValueError(f"{value!r} is not an ISO 4217 currency code such as EUR")
        return value

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"
