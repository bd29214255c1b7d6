"""Reminders of a booked appointment, for the interpreter, the person and the requester: written
to the outbox when the interpreter confirms, each held back until its time (`not_before`), and
dropped again when the appointment is cancelled, moved or given back."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from wir_contracts.interpreting.v1 import AppointmentReminderDue
from wir_interpreting.commands.appointment_events import appointment_fields
from wir_interpreting.domain.model import Appointment
from wir_kit import Tx

_REMINDER = AppointmentReminderDue.model_fields["event_type"].default


def due_times(
    starts_at: datetime, hours_before: tuple[float, ...], *, now: datetime
) -> list[tuple[float, datetime]]:
    """(hours before, when) of each reminder still ahead; one already past is not sent late."""
    due = [(hours, starts_at - timedelta(hours=hours)) for hours in hours_before]
    return [(hours, at) for hours, at in due if at > now]


async def schedule(
    tx: Tx, appointment: Appointment, version: int, hours_before: tuple[float, ...], *, now: datetime
) -> int:
    """Write the reminders of a confirmed appointment at `version`; returns how many."""
    assert appointment.interpreter_id is not None  # only a confirmed appointment is reminded of
    due = due_times(appointment.starts_at, hours_before, now=now)
    for hours, at in due:
        reminder = AppointmentReminderDue(
            **appointment_fields(appointment, version),
            occurred_at=at,
            interpreter_id=appointment.interpreter_id,
            appointment=appointment.details(),
            hours_before=hours,
        )
        await tx.publish(reminder, not_before=at)
    return len(due)


async def drop(tx: Tx, appointment_id: UUID) -> int:
    """Forget the appointment's reminders still waiting in the outbox (and those sent, which are
    kept only for the retention); call it before publishing the step that makes them wrong, since
    it writes what was published so far and deletes only reminders."""
    return await tx.forget_events(appointment_id=str(appointment_id), event_type=_REMINDER)
