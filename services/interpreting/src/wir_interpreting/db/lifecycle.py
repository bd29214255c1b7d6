"""The statements of an appointment's life after assignment: answers, cancellation, moves,
completion, expiry; each on the appointment, its attempt and its booking. Versions are returned
so the step's event carries the appointment's new one."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from wir_contracts.interpreting.v1 import AppointmentOutcome, CancellationReason, CancelledBy, DeclineReason
from wir_kit import Tx, load_queries

Q = load_queries("wir_interpreting.db", "lifecycle.sql")


async def attempt_outcome(tx: Tx, appointment_id: UUID, interpreter_id: UUID) -> str | None:
    """How the interpreter's attempt for the appointment stands; None if they were never asked."""
    outcome: str | None = await tx.fetchval(Q["attempt_outcome"], appointment_id, interpreter_id)
    return outcome


async def answer_attempt(
    tx: Tx, appointment_id: UUID, interpreter_id: UUID, outcome: str, reason: DeclineReason | None = None
) -> None:
    await tx.execute(
        Q["answer_attempt"], appointment_id, interpreter_id, outcome, reason.value if reason else None
    )


async def ask_again(tx: Tx, appointment_id: UUID, interpreter_id: UUID) -> None:
    await tx.execute(Q["ask_again"], appointment_id, interpreter_id)


async def _version(tx: Tx, query: str, *args: object) -> int:
    version: int = await tx.fetchval(query, *args)
    return version


async def confirm(tx: Tx, appointment_id: UUID) -> int:
    return await _version(tx, Q["confirm"], appointment_id)


async def unassign(tx: Tx, appointment_id: UUID, *, publishes: bool) -> int:
    """Back to open without an interpreter, for the assignment to try the next candidate."""
    return await _version(tx, Q["unassign"], appointment_id, 1 if publishes else 0)


async def cancel(
    tx: Tx,
    appointment_id: UUID,
    *,
    reason: CancellationReason,
    cancelled_by: CancelledBy,
    short_notice: bool,
    cancelled_at: datetime,
    allowance_cents: int | None,
) -> int:
    return await _version(
        tx,
        Q["cancel"],
        appointment_id,
        reason.value,
        cancelled_by.value,
        short_notice,
        cancelled_at,
        allowance_cents,
    )


async def reschedule(
    tx: Tx,
    appointment_id: UUID,
    starts_at: datetime,
    ends_at: datetime,
    *,
    keep_interpreter: bool,
    respond_by: datetime | None,
) -> int:
    return await _version(
        tx, Q["reschedule"], appointment_id, starts_at, ends_at, keep_interpreter, respond_by
    )


async def complete(
    tx: Tx,
    appointment_id: UUID,
    *,
    outcome: AppointmentOutcome,
    minutes: int,
    kilometres: int,
    allowance_cents: int,
) -> int:
    state = "completed" if outcome is AppointmentOutcome.COMPLETED else "no_show"
    return await _version(
        tx, Q["complete"], appointment_id, state, outcome.value, minutes, kilometres, allowance_cents
    )


async def set_booking(tx: Tx, appointment_id: UUID, interpreter_id: UUID, state: str) -> None:
    """Confirm or release the interpreter's booking of the appointment (if they still hold it)."""
    await tx.execute(Q["set_booking"], appointment_id, interpreter_id, state)


async def finish_booking(tx: Tx, appointment_id: UUID, interpreter_id: UUID) -> None:
    await tx.execute(Q["finish_booking"], appointment_id, interpreter_id)


async def move_booking(
    tx: Tx,
    appointment_id: UUID,
    interpreter_id: UUID,
    starts_at: datetime,
    ends_at: datetime,
    respond_by: datetime,
) -> bool:
    """Move the booking with its travel buffers; False (and nothing changed) when the interpreter
    is booked elsewhere at the new time, holds no booking of it, or no longer serves this
    district. The exclusion constraint
    decides, inside a savepoint so the transaction goes on either way."""
    # A savepoint by SQL: the kit's transaction began with a plain BEGIN, which asyncpg's own
    # nested transactions refuse. Statements write pending events first, so the outbox rows
    # are written before the savepoint and a refusal does not take them.
    await tx.execute(Q["savepoint"])
    try:
        changed = await tx.changed(
            Q["move_booking"], appointment_id, interpreter_id, starts_at, ends_at, respond_by
        )
    # Refused by the calendar, or (in a neighbouring pool) by a grant withdrawn meanwhile.
    except (asyncpg.ExclusionViolationError, asyncpg.InsufficientPrivilegeError):
        await tx.execute(Q["rollback_to_savepoint"])
        return False
    await tx.execute(Q["release_savepoint"])
    return changed == 1


async def due_for_expiry(tx: Tx, now: datetime, limit: int) -> list[UUID]:
    """Assigned appointments whose time to answer is over, the longest overdue first."""
    return [row["appointment_id"] for row in await tx.fetch(Q["due_for_expiry"], now, limit)]


async def still_granted(tx: Tx, interpreter_district: str, interpreter_id: UUID) -> bool:
    """Whether a neighbouring pool's interpreter still serves the transaction's district."""
    granted: bool = await tx.fetchval(Q["still_granted"], interpreter_district, interpreter_id)
    return granted
