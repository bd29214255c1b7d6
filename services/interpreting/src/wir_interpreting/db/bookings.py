"""Bookings in interpreters' calendars and the attempts that asked them. A booking's `during`
is the appointment widened by the travel there and back; the exclusion constraint refuses one
that overlaps another of the same interpreter, whichever district or replica wrote it."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import asyncpg

from wir_interpreting.domain.model import Appointment
from wir_kit import Tx, load_queries

Q = load_queries("wir_interpreting.db", "bookings.sql")

#: How often a booking cancelled in a deadlock is tried again before the interpreter is passed over.
DEADLOCK_RETRIES = 3


async def hold(
    tx: Tx,
    appointment: Appointment,
    *,
    interpreter_id: UUID,
    interpreter_district: str,
    travel_minutes: int,
    respond_by: datetime,
) -> bool:
    """Hold the interpreter for the appointment; False when the calendar refuses it (a booking of
    theirs overlaps, perhaps one committed by a concurrent assignment a moment ago)."""
    travel = timedelta(minutes=travel_minutes)
    a = appointment
    values = (
        interpreter_district,
        a.appointment_id,
        interpreter_id,
        a.language,
        a.variety,
        a.mode.value,
        a.municipality,
        a.starts_at,
        a.ends_at,
        a.starts_at - travel,
        a.ends_at + travel,
        respond_by,
    )
    for _ in range(DEADLOCK_RETRIES + 1):
        # A savepoint by SQL: the kit's transaction began with a plain BEGIN, which asyncpg's own
        # nested transactions refuse. A refusal rolls back to it and the transaction goes on;
        # events published before are written ahead of the SAVEPOINT, so the refusal keeps them.
        await tx.execute(Q["savepoint"])
        try:
            changed = await tx.changed(Q["hold"], *values)
        except asyncpg.ExclusionViolationError:
            await tx.execute(Q["rollback_to_savepoint"])
            return False
        except asyncpg.DeadlockDetectedError:
            # Two assignments inserted clashing bookings at the same moment and each waited for
            # the other (the constraint is checked after the insert). The database cancelled
            # this one; asked again, it waits for the other's outcome instead.
            await tx.execute(Q["rollback_to_savepoint"])
            continue
        await tx.execute(Q["release_savepoint"])
        return changed == 1
    return False


async def record_asked(
    tx: Tx, appointment_id: UUID, interpreter_id: UUID, interpreter_district: str, *, now: datetime
) -> None:
    """Remember that the interpreter was asked, so the automatic assignment never asks again."""
    await tx.execute(Q["asked"], appointment_id, interpreter_id, interpreter_district, now)
