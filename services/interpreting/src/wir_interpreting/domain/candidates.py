"""Who may interpret an appointment, best first: the district's own pool before a neighbouring
one, then continuity with the person, a fair spread of the month's work, the exact variety, and
the shorter way. Compliance, languages and earlier attempts are filtered where they are stored
(the candidates query); what needs the week and the map is judged here."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from uuid import UUID

from wir_contracts.interpreting.v1 import InterpretingMode, UnfilledReason
from wir_contracts.places import distance_km
from wir_interpreting.domain.availability import covers
from wir_interpreting.domain.model import Absence, Appointment, WeeklySlot
from wir_interpreting.domain.travel import travel_minutes


@dataclass(frozen=True, slots=True)
class Candidate:
    """An interpreter who speaks the appointment's language, holds valid documents on its day,
    was not asked for it yet and has no booking during it."""

    interpreter_id: UUID
    district: str
    #: Varieties of the appointment's language they speak; '' where they stated none.
    varieties: tuple[str, ...]
    modes: frozenset[str]
    home_municipality: str
    travel_km: float
    municipalities: frozenset[str]
    weekly: tuple[WeeklySlot, ...]
    absences: tuple[Absence, ...]
    #: Interpreted for the appointment's person before (confirmed or completed).
    served_person: bool
    #: Held, confirmed or done bookings in the appointment's calendar month.
    month_load: int


@dataclass(frozen=True, slots=True)
class Ranked:
    candidate: Candidate
    #: Minutes kept free before and after the appointment in the interpreter's calendar.
    travel_minutes: int


def variety_fit(wanted: str | None, spoken: Iterable[str]) -> int | None:
    """2: the variety asked for; 1: none asked, or theirs unstated; None: another variety only."""
    spoken = [variety.casefold() for variety in spoken]
    if not wanted:
        return 1
    if wanted.casefold() in spoken:
        return 2
    return 1 if "" in spoken else None


def reaches(candidate: Candidate, appointment: Appointment) -> bool:
    """Phone and video reach anywhere; on site, the venue lies within their radius or is named."""
    if appointment.mode is not InterpretingMode.ON_SITE:
        return True
    venue = appointment.municipality
    if venue is None:
        return False
    if venue in candidate.municipalities:
        return True
    km = distance_km(candidate.home_municipality, venue)
    return km is not None and km <= candidate.travel_km


def eligible(candidate: Candidate, appointment: Appointment) -> bool:
    return (
        appointment.mode.value in candidate.modes
        and variety_fit(appointment.variety, candidate.varieties) is not None
        and reaches(candidate, appointment)
        and covers(candidate.weekly, candidate.absences, appointment.starts_at, appointment.ends_at)
    )


def rank(appointment: Appointment, candidates: Iterable[Candidate]) -> list[Ranked]:
    """The eligible candidates in the order they are asked."""
    found = [
        Ranked(c, travel_minutes(appointment.mode, c.home_municipality, appointment.municipality))
        for c in candidates
        if eligible(c, appointment)
    ]

    def order(ranked: Ranked) -> tuple[bool, bool, int, int, int, str]:
        c = ranked.candidate
        return (
            c.district != appointment.district,
            not c.served_person,
            c.month_load,
            -(variety_fit(appointment.variety, c.varieties) or 0),
            ranked.travel_minutes,
            str(c.interpreter_id),  # a stable order among equals
        )

    return sorted(found, key=order)


def unfilled_reason(*, speakers: int, outcomes: Collection[str]) -> UnfilledReason:
    """Why nobody holds the appointment, from who speaks the language and how those asked answered."""
    if speakers == 0:
        return UnfilledReason.NO_INTERPRETER_FOR_LANGUAGE
    if "expired" in outcomes:
        return UnfilledReason.NO_ANSWER
    if "declined" in outcomes:
        return UnfilledReason.ALL_DECLINED
    return UnfilledReason.NONE_AVAILABLE
