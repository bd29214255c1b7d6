"""The candidates an appointment may be offered to, as far as the database can tell, and how
those asked before answered."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from wir_interpreting.domain.availability import BERLIN, local_day
from wir_interpreting.domain.candidates import Candidate
from wir_interpreting.domain.model import Absence, Appointment, WeeklySlot
from wir_kit import Tx, load_queries

Q = load_queries("wir_interpreting.db", "candidates.sql")


@dataclass(frozen=True, slots=True)
class Chosen:
    """An interpreter a coordinator names for an appointment, and whether they qualify."""

    interpreter_id: UUID
    district: str
    home_municipality: str
    active: bool
    speaks: bool
    compliant: bool
    modes: frozenset[str]


def month_of(moment: datetime) -> tuple[datetime, datetime]:
    """The Europe/Berlin calendar month holding `moment`, as [first, next first)."""
    day = local_day(moment).replace(day=1)
    following = (day + timedelta(days=32)).replace(day=1)
    return datetime.combine(day, time(), BERLIN), datetime.combine(following, time(), BERLIN)


async def for_appointment(tx: Tx, appointment: Appointment) -> list[Candidate]:
    first, following = month_of(appointment.starts_at)
    rows = await tx.fetch(
        Q["candidates"],
        appointment.language,
        appointment.appointment_id,
        appointment.person_id,
        local_day(appointment.starts_at),
        appointment.starts_at,
        appointment.ends_at,
        first,
        following,
    )
    return [_candidate(row) for row in rows]


def _candidate(row: asyncpg.Record) -> Candidate:
    return Candidate(
        interpreter_id=row["interpreter_id"],
        district=row["district"],
        varieties=tuple(row["varieties"]),
        modes=frozenset(row["modes"]),
        home_municipality=row["home_municipality"],
        travel_km=float(row["travel_km"]),
        municipalities=frozenset(row["municipalities"]),
        weekly=tuple(_slot(item) for item in json.loads(row["weekly"])),
        absences=tuple(_absence(item) for item in json.loads(row["absences"])),
        served_person=row["served_person"],
        month_load=row["month_load"],
    )


def _slot(item: dict[str, Any]) -> WeeklySlot:
    return WeeklySlot(
        int(item["weekday"]), time.fromisoformat(item["start"]), time.fromisoformat(item["end"])
    )


def _absence(item: dict[str, Any]) -> Absence:
    return Absence(date.fromisoformat(item["first_day"]), date.fromisoformat(item["last_day"]))


async def outcomes(tx: Tx, appointment_id: UUID) -> list[str]:
    """How each interpreter asked for the appointment answered (or 'asked' while they may)."""
    return [row["outcome"] for row in await tx.fetch(Q["outcomes"], appointment_id)]


async def chosen(tx: Tx, interpreter_id: UUID, appointment: Appointment) -> Chosen | None:
    """The named interpreter if in reach of the district, None otherwise."""
    row = await tx.fetchrow(Q["one"], interpreter_id, appointment.language, local_day(appointment.starts_at))
    if row is None:
        return None
    return Chosen(
        interpreter_id=row["interpreter_id"],
        district=row["district"],
        home_municipality=row["home_municipality"],
        active=row["active"],
        speaks=row["speaks"],
        compliant=row["compliant"],
        modes=frozenset(row["modes"]),
    )
