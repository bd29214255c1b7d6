"""Bookings in neighbouring pools' calendars, read from both sides: the requesting district sees
what changed and the appointment behind it; the interpreter's district records what it told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from wir_interpreting.db.appointments import from_row
from wir_interpreting.domain.model import Appointment
from wir_kit import Tx, load_queries

Q = load_queries("wir_interpreting.db", "neighbours.sql")


@dataclass(frozen=True, slots=True)
class Untold:
    """A changed booking in a neighbouring pool, with the appointment as the requesting district
    has it now (cancellation facts included) and how the interpreter's attempt ended."""

    appointment: Appointment
    cancel_reason: str | None
    cancelled_by: str | None
    short_notice: bool | None
    pool_district: str
    interpreter_id: UUID
    state: str
    version: int
    starts_at: datetime
    respond_by: datetime | None
    attempt_outcome: str | None


@dataclass(frozen=True, slots=True)
class Told:
    version: int
    told_version: int
    told_state: str | None
    told_starts_at: datetime | None


async def untold(tx: Tx, limit: int) -> list[Untold]:
    rows = await tx.fetch(Q["untold"], tx.district, limit)
    return [
        Untold(
            appointment=from_row(row),
            cancel_reason=row["cancel_reason"],
            cancelled_by=row["cancelled_by"],
            short_notice=row["short_notice"],
            pool_district=row["pool_district"],
            interpreter_id=row["booked_interpreter"],
            state=row["booking_state"],
            version=row["booking_version"],
            starts_at=row["booking_starts_at"],
            respond_by=row["booking_respond_by"],
            attempt_outcome=row["attempt_outcome"],
        )
        for row in rows
    ]


async def told_for_update(tx: Tx, appointment_id: UUID, interpreter_id: UUID) -> Told | None:
    row = await tx.fetchrow(Q["told"], tx.district, appointment_id, interpreter_id)
    return Told(**dict(row)) if row else None


async def mark_told(
    tx: Tx, appointment_id: UUID, interpreter_id: UUID, version: int, state: str, starts_at: datetime
) -> None:
    await tx.execute(Q["mark_told"], tx.district, appointment_id, interpreter_id, version, state, starts_at)
