"""Dates of birth that are often known only in part (the year alone is common)."""

from __future__ import annotations

from datetime import date
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

EARLIEST_YEAR = 1900


class PartialDate(BaseModel):
    """A date of which the year, the year and month, or all three parts are known."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    year: int = Field(ge=EARLIEST_YEAR, le=9999, description="Year of birth.")
    month: int | None = Field(default=None, ge=1, le=12, description="Month, if known.")
    day: int | None = Field(default=None, ge=1, le=31, description="Day, if known (needs the month).")

    @model_validator(mode="after")
    def _real_and_past(self) -> Self:
        if self.day is not None and self.month is None:
            raise PydanticCustomError("partial_date", "a day needs a month")
        try:
            earliest = date(self.year, self.month or 1, self.day or 1)
        except ValueError:
            raise PydanticCustomError("partial_date", "no such date") from None
        if earliest > date.today():
            raise PydanticCustomError("future_date", "the date lies in the future")
        return self


def not_in_future(value: date | None) -> date | None:
    if value is not None and value > date.today():
        raise PydanticCustomError("future_date", "the date lies in the future")
    return value
