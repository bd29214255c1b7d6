"""Changes to an appointment around its time: cancelled by any side with a reason (a late one
recorded as short-notice, and paid where the district pays for it), moved to another time
(keeping the interpreter when their calendar allows, who then confirms again), and completed
with the minutes and kilometres, or a no-show, with the allowance owed."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from uuid import UUID

from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentCompleted,
    AppointmentOutcome,
    AppointmentRescheduled,
    CancellationReason,
    CancelledBy,
)
from wir_interpreting.commands import reminders
from wir_interpreting.commands.appointment_events import appointment_fields
from wir_interpreting.commands.assignment import answer_link, assign_next, respond_by
from wir_interpreting.db import appointments, lifecycle
from wir_interpreting.db import rules as district_rules
from wir_interpreting.db.appointments import AppointmentNotFound
from wir_interpreting.domain.allowance import amount_cents
from wir_interpreting.domain.errors import Conflict, FieldError
from wir_interpreting.domain.model import Appointment
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Tx, get_logger

log = get_logger(__name__)

#: States after which nothing about an appointment changes any more.
FINISHED = frozenset({"cancelled", "completed", "no_show"})
#: States in which an interpreter holds the appointment (asked, or confirmed).
HELD = frozenset({"assigned", "confirmed"})


class StepConflict(Conflict):
    """The appointment's state does not allow the change."""


def _not_finished(appointment: Appointment, step: str) -> None:
    if appointment.state in FINISHED:
        raise StepConflict(f"a {appointment.state.replace('_', '-')} appointment cannot be {step}")


async def cancel(
    tx: Tx,
    appointment_id: UUID,
    reason: CancellationReason,
    cancelled_by: CancelledBy,
    *,
    now: datetime,
) -> Appointment:
    """Cancel before the start; everyone involved is told (the interpreter if one was asked)."""
    appointment = await appointments.load_for_update(tx, appointment_id)
    _not_finished(appointment, "cancelled")
    if now >= appointment.starts_at:
        raise StepConflict("the appointment has begun: record how it went instead")
    return await cancel_held(tx, appointment, reason=reason, cancelled_by=cancelled_by, now=now)


async def cancel_held(
    tx: Tx,
    appointment: Appointment,
    *,
    reason: CancellationReason,
    cancelled_by: CancelledBy,
    now: datetime,
) -> Appointment:
    """Cancel the locked `appointment`. Later than the district's short-notice limit it is
    recorded as short-notice, and an interpreter who had confirmed (and did not cancel
    themself) is owed the district's short-notice amount."""
    rules = await district_rules.load(tx)
    short_notice = now > appointment.starts_at - timedelta(hours=rules.short_notice_hours)
    owed = None
    if short_notice and appointment.state == "confirmed" and cancelled_by is not CancelledBy.INTERPRETER:
        owed = amount_cents(rules, outcome=None, minutes=0, kilometres=0, short_notice_cancellation=True)
    interpreter_id = appointment.interpreter_id if appointment.state in HELD else None
    await reminders.drop(tx, appointment.appointment_id)
    if interpreter_id is not None:
        await lifecycle.set_booking(tx, appointment.appointment_id, interpreter_id, "released")
        if appointment.state == "assigned":
            await lifecycle.answer_attempt(tx, appointment.appointment_id, interpreter_id, "released")
    version = await lifecycle.cancel(
        tx,
        appointment.appointment_id,
        reason=reason,
        cancelled_by=cancelled_by,
        short_notice=short_notice,
        cancelled_at=now,
        allowance_cents=owed,
    )
    await tx.publish(
        AppointmentCancelled(
            **appointment_fields(appointment, version),
            reason=reason,
            interpreter_id=interpreter_id,
            cancelled_by=cancelled_by,
            short_notice=short_notice,
            appointment=appointment.details(),
        )
    )
    log.info("appointment cancelled", appointment_id=str(appointment.appointment_id), reason=reason.value)
    return dataclasses.replace(appointment, state="cancelled", version=version, respond_by=None)


async def reschedule(
    tx: Tx,
    settings: InterpretingSettings,
    appointment_id: UUID,
    starts_at: datetime,
    ends_at: datetime,
    *,
    now: datetime,
) -> Appointment:
    """Move the appointment. Its interpreter keeps it if their calendar takes the new time, and
    is asked to confirm again; otherwise they are let go and the next candidate is sought."""
    if ends_at <= starts_at:
        raise FieldError(("ends_at",), "time_order", "the appointment must end after it starts")
    if starts_at <= now:
        raise FieldError(("starts_at",), "past", "the new time must lie ahead")
    appointment = await appointments.load_for_update(tx, appointment_id)
    _not_finished(appointment, "moved")
    if (starts_at, ends_at) == (appointment.starts_at, appointment.ends_at):
        return appointment
    moved = dataclasses.replace(appointment, starts_at=starts_at, ends_at=ends_at)
    held = appointment.interpreter_id if appointment.state in HELD else None
    due = respond_by(await district_rules.load(tx), moved, now=now)
    await reminders.drop(tx, appointment_id)
    kept = held is not None and await _keep_or_let_go(tx, moved, held, due)
    version = await lifecycle.reschedule(
        tx, appointment_id, starts_at, ends_at, keep_interpreter=kept, respond_by=due if kept else None
    )
    if kept:
        moved = dataclasses.replace(moved, state="assigned", version=version, respond_by=due)
    else:
        moved = dataclasses.replace(
            moved,
            state="open",
            version=version,
            interpreter_id=None,
            interpreter_district=None,
            respond_by=None,
        )
    # A neighbouring pool's interpreter who is let go hears it from their own district's copy.
    released = held if held is not None and not kept and not appointment.served_from_neighbour else None
    await tx.publish(
        _rescheduled(settings, moved, previous_starts_at=appointment.starts_at, released=released)
    )
    log.info("appointment moved", appointment_id=str(appointment_id), interpreter_kept=kept)
    if kept:
        return moved
    return await assign_next(tx, settings, await appointments.load(tx, appointment_id), now=now)


async def _keep_or_let_go(tx: Tx, moved: Appointment, held: UUID, due: datetime) -> bool:
    """Move the interpreter's booking to the new time and ask them again; when their calendar
    (or a withdrawn grant) refuses it, let them go. True when they keep the appointment."""
    appointment_id = moved.appointment_id
    if await lifecycle.move_booking(tx, appointment_id, held, moved.starts_at, moved.ends_at, due):
        await lifecycle.ask_again(tx, appointment_id, held)
        return True
    await lifecycle.set_booking(tx, appointment_id, held, "released")
    await lifecycle.answer_attempt(tx, appointment_id, held, "released")
    return False


def _rescheduled(
    settings: InterpretingSettings, moved: Appointment, *, previous_starts_at: datetime, released: UUID | None
) -> AppointmentRescheduled:
    """The event of a move; the link only for an interpreter of this district (a neighbouring
    pool's is told by the copy its own district publishes)."""
    held = moved.interpreter_id
    link = None
    if held is not None and not moved.served_from_neighbour:
        link = answer_link(settings, moved, held)
    return AppointmentRescheduled(
        **appointment_fields(moved, moved.version),
        interpreter_id=held,
        appointment=moved.details(),
        previous_starts_at=previous_starts_at,
        released_interpreter_id=released,
        respond_by=moved.respond_by,
        answer_url=link,
    )


async def complete(
    tx: Tx,
    appointment_id: UUID,
    outcome: AppointmentOutcome,
    *,
    minutes: int | None,
    kilometres: int,
    interpreter_id: UUID | None,
    now: datetime,
) -> Appointment:
    """Record how a confirmed appointment went, and the allowance owed for it. `minutes` defaults
    to the planned length; `interpreter_id` is set when the interpreter reports it themself."""
    appointment = await appointments.load_for_update(tx, appointment_id)
    if interpreter_id is not None and appointment.interpreter_id != interpreter_id:
        raise AppointmentNotFound()
    if appointment.state in ("completed", "no_show"):
        raise StepConflict("the appointment's outcome has been recorded already")
    if appointment.state != "confirmed":
        raise StepConflict(f"only a confirmed appointment can be completed, not a {appointment.state} one")
    if now < appointment.starts_at:
        raise StepConflict("the appointment has not begun")
    held = appointment.interpreter_id
    assert held is not None  # a confirmed appointment has its interpreter
    if minutes is None:
        minutes = planned_minutes(appointment)
    cents = amount_cents(
        await district_rules.load(tx),
        outcome=outcome,
        minutes=minutes,
        kilometres=kilometres,
        short_notice_cancellation=False,
    )
    version = await lifecycle.complete(
        tx, appointment_id, outcome=outcome, minutes=minutes, kilometres=kilometres, allowance_cents=cents
    )
    await lifecycle.finish_booking(tx, appointment_id, held)
    await tx.publish(
        AppointmentCompleted(
            **appointment_fields(appointment, version),
            interpreter_id=held,
            minutes=minutes,
            outcome=outcome,
            kilometres=kilometres,
            allowance_cents=cents,
        )
    )
    log.info("appointment completed", appointment_id=str(appointment_id), outcome=outcome.value)
    state = "completed" if outcome is AppointmentOutcome.COMPLETED else "no_show"
    return dataclasses.replace(appointment, state=state, version=version, respond_by=None)


def planned_minutes(appointment: Appointment) -> int:
    """The appointment's planned length in whole minutes (at least 1, at most a day)."""
    minutes = int((appointment.ends_at - appointment.starts_at).total_seconds() // 60)
    return min(max(minutes, 1), 1440)
