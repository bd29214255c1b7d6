"""Appointments as requested and as they stand: inserted, read (locked for a step), and the
assignment's two outcomes. Every step bumps the version its event carries."""

from __future__ import annotations

import json
from datetime import datetime
from uuid import UUID

import asyncpg

from wir_contracts.interpreting.v1 import InterpretingMode, UnfilledReason, Venue
from wir_interpreting.domain.errors import NotFound
from wir_interpreting.domain.model import Appointment
from wir_kit import Tx, load_queries

Q = load_queries("wir_interpreting.db", "appointments.sql")


class AppointmentNotFound(NotFound):
    """No such appointment in the caller's district."""


def from_row(row: asyncpg.Record) -> Appointment:
    return Appointment(
        district=row["district"],
        appointment_id=row["appointment_id"],
        version=row["version"],
        person_id=row["person_id"],
        language=row["language"],
        variety=row["variety"],
        mode=InterpretingMode(row["mode"]),
        venue=Venue(row["venue"]),
        department=row["department"],
        municipality=row["municipality"],
        address=row["address"],
        remote_link=row["remote_link"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        notes=row["notes"],
        requester=json.loads(row["requester"]) if row["requester"] else None,
        requested_by=row["requested_by"],
        state=row["state"],
        interpreter_id=row["interpreter_id"],
        interpreter_district=row["interpreter_district"],
        respond_by=row["respond_by"],
        unfilled_reason=row["unfilled_reason"],
    )


async def insert(tx: Tx, appointment: Appointment) -> Appointment:
    """Store a new request (state open, version 1) as given."""
    a = appointment
    row = await tx.fetchrow(
        Q["insert"],
        a.appointment_id,
        a.person_id,
        a.language,
        a.variety,
        a.mode.value,
        a.venue.value,
        a.department,
        a.municipality,
        a.address,
        a.remote_link,
        a.starts_at,
        a.ends_at,
        a.notes,
        json.dumps(a.requester) if a.requester is not None else None,
        a.requested_by,
    )
    assert row is not None  # an INSERT ... RETURNING returns its row
    return from_row(row)


async def load(tx: Tx, appointment_id: UUID) -> Appointment:
    """The appointment; `AppointmentNotFound` when the district has none of that id."""
    return _found(await tx.fetchrow(Q["load"], appointment_id))


async def load_for_update(tx: Tx, appointment_id: UUID) -> Appointment:
    """The appointment, locked until the transaction ends: steps on it happen one at a time."""
    return _found(await tx.fetchrow(Q["load_for_update"], appointment_id))


def _found(row: asyncpg.Record | None) -> Appointment:
    if row is None:
        raise AppointmentNotFound()
    return from_row(row)


async def listed(
    tx: Tx,
    *,
    state: str | None,
    person_id: UUID | None,
    after: datetime | None,
    before: datetime | None,
    requested_by: str | None,
    limit: int,
) -> list[Appointment]:
    """The district's appointments overlapping [after, before), earliest first."""
    rows = await tx.fetch(Q["list"], state, person_id, after, before, limit, requested_by)
    return [from_row(row) for row in rows]


async def mark_assigned(
    tx: Tx, appointment_id: UUID, interpreter_id: UUID, interpreter_district: str, respond_by: datetime
) -> Appointment:
    row = await tx.fetchrow(Q["assigned"], appointment_id, interpreter_id, interpreter_district, respond_by)
    return _found(row)


async def mark_unfilled(tx: Tx, appointment_id: UUID, reason: UnfilledReason) -> Appointment:
    return _found(await tx.fetchrow(Q["unfilled"], appointment_id, reason.value))


async def speakers(tx: Tx, language: str) -> int:
    """Active interpreters in reach (own pool and granted neighbours) who speak the language."""
    return int(await tx.fetchval(Q["speakers"], language))
