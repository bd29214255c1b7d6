"""The monthly allowance statement: for each interpreter who worked for the district in a month,
one row per paid or recorded appointment and their totals, and the district's grand total.

Amounts are those stored when the appointment was completed or cancelled (the rates of that
day), so a statement printed again after the district changed its rates still says what was
owed. It names no person: only when, which language and mode, and what was paid."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
_MONTH = re.compile(r"^(20[0-9]{2})-(0[1-9]|1[0-2])$")


class JobOutcome(StrEnum):
    """What a statement row was paid (or not) for."""

    COMPLETED = "completed"
    PERSON_NO_SHOW = "person_no_show"
    INTERPRETER_NO_SHOW = "interpreter_no_show"
    SHORT_NOTICE_CANCELLATION = "short_notice_cancellation"


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """From "YYYY-MM"; ValueError otherwise."""
        found = _MONTH.match(text)
        if found is None:
            raise ValueError("not a month in the form YYYY-MM of 2000 to 2099")
        return cls(int(found[1]), int(found[2]))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def next_first_day(self) -> date:
        return date(self.year + self.month // 12, self.month % 12 + 1, 1)

    def bounds(self) -> tuple[datetime, datetime]:
        """The month as instants, [start, end), by the calendar in Europe/Berlin."""
        start = datetime.combine(self.first_day, datetime.min.time(), BERLIN)
        return start, datetime.combine(self.next_first_day, datetime.min.time(), BERLIN)


@dataclass(frozen=True, slots=True)
class Job:
    """One appointment on a statement, as the database gives it."""

    appointment_id: UUID
    interpreter_id: UUID
    interpreter_district: str
    #: None for an interpreter from a neighbouring pool: their contact stays in their district.
    interpreter_name: str | None
    starts_at: datetime
    language: str
    variety: str | None
    mode: str
    outcome: JobOutcome
    minutes: int | None
    kilometres: int | None
    amount_cents: int

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(BERLIN)


@dataclass(frozen=True, slots=True)
class InterpreterStatement:
    interpreter_id: UUID
    interpreter_district: str
    interpreter_name: str | None
    jobs: tuple[Job, ...]

    @property
    def minutes(self) -> int:
        return sum(job.minutes or 0 for job in self.jobs)

    @property
    def kilometres(self) -> int:
        return sum(job.kilometres or 0 for job in self.jobs)

    @property
    def amount_cents(self) -> int:
        return sum(job.amount_cents for job in self.jobs)


@dataclass(frozen=True, slots=True)
class Statement:
    district: str
    month: Month
    interpreters: tuple[InterpreterStatement, ...]

    @property
    def jobs(self) -> int:
        return sum(len(part.jobs) for part in self.interpreters)

    @property
    def minutes(self) -> int:
        return sum(part.minutes for part in self.interpreters)

    @property
    def kilometres(self) -> int:
        return sum(part.kilometres for part in self.interpreters)

    @property
    def amount_cents(self) -> int:
        return sum(part.amount_cents for part in self.interpreters)


def statement(district: str, month: Month, jobs: Iterable[Job]) -> Statement:
    """The jobs grouped by interpreter (own pool by name, then neighbours), each by start."""
    grouped: dict[UUID, list[Job]] = defaultdict(list)
    for job in jobs:
        grouped[job.interpreter_id].append(job)
    parts = [
        InterpreterStatement(
            interpreter_id=interpreter_id,
            interpreter_district=held[0].interpreter_district,
            interpreter_name=held[0].interpreter_name,
            jobs=tuple(sorted(held, key=lambda job: (job.starts_at, job.appointment_id))),
        )
        for interpreter_id, held in grouped.items()
    ]
    parts.sort(
        key=lambda part: (
            part.interpreter_name is None,
            (part.interpreter_name or "").casefold(),
            part.interpreter_district,
            part.interpreter_id,
        )
    )
    return Statement(district, month, tuple(parts))


def euros(cents: int) -> str:
    """German notation without the currency sign: 1234567 → "12.345,67"."""
    whole, rest = divmod(cents, 100)
    return f"{whole:,}".replace(",", ".") + f",{rest:02d}"
