"""What the district-wide assignment works on: one open mentoring need per seeker, one profile
per mentor, as plain values loaded in one transaction. Pure data; no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from uuid import UUID


@dataclass(frozen=True, slots=True)
class Spoken:
    """A language someone speaks: ISO 639-3 code, CEFR level where known, or native."""

    language: str
    level: str | None = None  # "A1" … "C2"
    native: bool = False


@dataclass(frozen=True, slots=True)
class WeeklySlot:
    """A weekly window a mentor is free: weekday 0 = Monday, local time."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True, slots=True)
class Absence:
    first_day: date
    last_day: date


@dataclass(frozen=True, slots=True)
class Seeker:
    """A person's open mentoring need, as far as the person consented to share it with volunteers."""

    person_id: UUID
    need_id: UUID
    municipality: str  # AGS, 8 digits
    languages: tuple[Spoken, ...]  # German included where the person speaks it (competence level wins)
    topics: frozenset[str]  # MentoringTopic values
    urgency: str  # NeedUrgency value; "routine" when intake sent none
    waiting_since: date
    requested_gender: str | None = None  # Gender value, or None when the person did not ask
    previous_mentors: frozenset[UUID] = field(default_factory=frozenset)  # mentorships that ended well
    declined_by: frozenset[UUID] = field(default_factory=frozenset)  # never propose these again


@dataclass(frozen=True, slots=True)
class Mentor:
    """A volunteer as the assignment sees them; only matchable ones are loaded."""

    volunteer_id: UUID
    municipality: str
    travel_km: float  # how far they go from their municipality
    languages: tuple[Spoken, ...]
    topics: frozenset[str]
    free_places: int  # capacity minus running mentorships and open proposals
    weekly: tuple[WeeklySlot, ...]
    absences: tuple[Absence, ...] = ()
    gender: str | None = None
