"""The assigned interpreter's answer: confirm (the appointment is booked and its reminders are
scheduled) or decline with a reason, before the deadline; a confirmed appointment can still be
given back. A decline or give-back passes the appointment to the next candidate at once."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from uuid import UUID

from wir_contracts.interpreting.v1 import (
    AppointmentConfirmed,
    CancellationReason,
    CancelledBy,
    DeclineReason,
    InterpreterDeclined,
)
from wir_interpreting.commands import reminders
from wir_interpreting.commands.appointment_events import appointment_fields
from wir_interpreting.commands.assignment import ANSWER_BEFORE_START, assign_next
from wir_interpreting.commands.changes import cancel_held
from wir_interpreting.db import appointments, lifecycle
from wir_interpreting.db.appointments import AppointmentNotFound
from wir_interpreting.domain.errors import Conflict
from wir_interpreting.domain.model import Appointment
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Tx, get_logger

log = get_logger(__name__)

#: A confirmed appointment given back closer to its start than this is cancelled: answers are
#: due this long before the start, so nobody else could be asked and answer in time.
TOO_LATE_TO_REPLACE = ANSWER_BEFORE_START


class AnswerConflict(Conflict):
    """The appointment cannot be answered now; `kind` says why (for the link's pages), `message`
    says it to an API client: confirmed (already), overdue, not_assigned, closed, begun."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


async def held_by(tx: Tx, appointment_id: UUID, interpreter_id: UUID | None) -> Appointment:
    """The appointment, locked, as held by `interpreter_id` (None: whoever holds it, as a
    coordinator acts). Someone never asked for it finds nothing; someone asked before, who no
    longer holds it, is told so."""
    appointment = await appointments.load_for_update(tx, appointment_id)
    if interpreter_id is None or appointment.interpreter_id == interpreter_id:
        if appointment.interpreter_id is None:
            raise AnswerConflict("not_assigned", "no interpreter is assigned to the appointment")
        return appointment
    if await lifecycle.attempt_outcome(tx, appointment_id, interpreter_id) is None:
        raise AppointmentNotFound()
    raise AnswerConflict("not_assigned", "the appointment is no longer assigned to this interpreter")


def _open_to_answer(appointment: Appointment, now: datetime) -> None:
    if appointment.state == "confirmed":
        raise AnswerConflict("confirmed", "the appointment has been confirmed already")
    if appointment.state != "assigned":
        raise AnswerConflict("closed", f"a {appointment.state} appointment cannot be answered")
    if appointment.respond_by is not None and now >= appointment.respond_by:
        raise AnswerConflict("overdue", "the time to answer has passed")


async def confirm(
    tx: Tx,
    settings: InterpretingSettings,
    appointment_id: UUID,
    *,
    interpreter_id: UUID | None,
    now: datetime,
) -> Appointment:
    """The interpreter takes the appointment: booked, and everyone will be reminded."""
    appointment = await held_by(tx, appointment_id, interpreter_id)
    _open_to_answer(appointment, now)
    held = appointment.interpreter_id
    assert held is not None  # held_by returns only a held appointment
    if appointment.served_from_neighbour:
        assert appointment.interpreter_district is not None  # served from a neighbour's pool
        if not await lifecycle.still_granted(tx, appointment.interpreter_district, held):
            raise AnswerConflict("not_assigned", "the interpreter no longer serves this district")
    version = await lifecycle.confirm(tx, appointment_id)
    await lifecycle.set_booking(tx, appointment_id, held, "confirmed")
    await lifecycle.answer_attempt(tx, appointment_id, held, "confirmed")
    confirmed = dataclasses.replace(appointment, state="confirmed", version=version)
    await tx.publish(
        AppointmentConfirmed(
            **appointment_fields(confirmed, version), interpreter_id=held, appointment=confirmed.details()
        )
    )
    await reminders.schedule(tx, confirmed, version, settings.reminder_hours, now=now)
    log.info("appointment confirmed", appointment_id=str(appointment_id), interpreter_id=str(held))
    return confirmed


async def decline(
    tx: Tx,
    settings: InterpretingSettings,
    appointment_id: UUID,
    reason: DeclineReason,
    *,
    interpreter_id: UUID | None,
    now: datetime,
) -> Appointment:
    """The interpreter declines (or gives back what they confirmed); the next candidate is asked.
    Given back too close to the start for anyone else, the appointment is cancelled instead."""
    appointment = await held_by(tx, appointment_id, interpreter_id)
    held = appointment.interpreter_id
    assert held is not None  # held_by returns only a held appointment
    after_confirming = appointment.state == "confirmed"
    if after_confirming:
        if now >= appointment.starts_at:
            raise AnswerConflict("begun", "the appointment has begun")
        await reminders.drop(tx, appointment_id)
    else:
        _open_to_answer(appointment, now)
    await lifecycle.answer_attempt(tx, appointment_id, held, "declined", reason)
    if after_confirming and appointment.starts_at - now < TOO_LATE_TO_REPLACE:
        return await cancel_held(
            tx,
            appointment,
            reason=CancellationReason.CANCELLED_BY_INTERPRETER,
            cancelled_by=CancelledBy.INTERPRETER,
            now=now,
        )
    await lifecycle.set_booking(tx, appointment_id, held, "released")
    version = await lifecycle.unassign(tx, appointment_id, publishes=True)
    await tx.publish(
        InterpreterDeclined(
            **appointment_fields(appointment, version),
            interpreter_id=held,
            reason=reason,
            after_confirming=after_confirming,
        )
    )
    log.info("interpreter declined", appointment_id=str(appointment_id), after_confirming=after_confirming)
    return await assign_next(tx, settings, await appointments.load(tx, appointment_id), now=now)


async def overdue(tx: Tx, *, now: datetime, limit: int) -> list[UUID]:
    """Assignments whose time to answer is over, the longest overdue first."""
    return await lifecycle.due_for_expiry(tx, now, limit)


async def expire(tx: Tx, settings: InterpretingSettings, appointment_id: UUID, *, now: datetime) -> bool:
    """The interpreter let the time to answer pass: the next candidate is asked. False when the
    appointment was answered or moved meanwhile (nothing to do)."""
    appointment = await appointments.load_for_update(tx, appointment_id)
    held = appointment.interpreter_id
    due = appointment.respond_by
    if appointment.state != "assigned" or held is None or due is None or due > now:
        return False
    await lifecycle.answer_attempt(tx, appointment_id, held, "expired")
    await lifecycle.set_booking(tx, appointment_id, held, "released")
    # Expiry itself announces nothing: the step that follows (asked or unfilled) carries the version.
    reopened = await lifecycle.unassign(tx, appointment_id, publishes=False)
    log.info("assignment expired", appointment_id=str(appointment_id), version=reopened)
    await assign_next(tx, settings, await appointments.load(tx, appointment_id), now=now)
    return True
