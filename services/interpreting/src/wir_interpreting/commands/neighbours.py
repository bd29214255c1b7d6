"""Telling a neighbouring pool's interpreter of their bookings for another district: by copies
published in the interpreter's own district, which carry the job's facts (language, time, place,
mode) and never the person or the requester. The requesting district's events name the
interpreter's district instead, so nobody there messages the interpreter twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentReminderDue,
    AppointmentRescheduled,
    CancellationReason,
    CancelledBy,
    InterpreterAssigned,
)
from wir_interpreting.commands import reminders
from wir_interpreting.commands.appointment_events import neighbour_copy_fields
from wir_interpreting.commands.assignment import answer_link
from wir_interpreting.db import neighbours
from wir_interpreting.db.neighbours import Untold
from wir_interpreting.domain.neighbours import News, news
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Tx

#: How many changed bookings one pass reads per requesting district; the rest wait for the next.
BATCH = 200


async def untold(tx: Tx) -> list[Untold]:
    """In the requesting district: its bookings in neighbouring pools not yet told."""
    return await neighbours.untold(tx, BATCH)


async def tell(tx: Tx, settings: InterpretingSettings, booking: Untold, *, now: datetime) -> News:
    """In the interpreter's district: tell them what changed, unless the booking changed again
    since it was read (the next pass tells that) or another replica told it already."""
    appointment_id = booking.appointment.appointment_id
    told = await neighbours.told_for_update(tx, appointment_id, booking.interpreter_id)
    if told is None or told.version != booking.version or told.told_version >= booking.version:
        return News.NOTHING
    what = news(
        booking.state,
        booking.starts_at,
        told_state=told.told_state,
        told_starts_at=told.told_starts_at,
        declined=booking.attempt_outcome == "declined",
    )
    if what in (News.RESCHEDULED, News.CONFIRMED, News.CANCELLED):
        await reminders.drop(tx, appointment_id)
    await _publish(tx, settings, booking, what, previous_starts_at=told.told_starts_at, now=now)
    await neighbours.mark_told(
        tx, appointment_id, booking.interpreter_id, booking.version, booking.state, booking.starts_at
    )
    return what


async def _publish(
    tx: Tx,
    settings: InterpretingSettings,
    booking: Untold,
    what: News,
    *,
    previous_starts_at: datetime | None,
    now: datetime,
) -> None:
    appointment = booking.appointment
    fields: dict[str, Any] = {
        **neighbour_copy_fields(tx.district, appointment.appointment_id, booking.version),
        "interpreter_id": booking.interpreter_id,
        "appointment": appointment.details(),
    }
    if what is News.ASSIGNED:
        await tx.publish(InterpreterAssigned(**fields, **_answer(settings, booking)))
    elif what is News.RESCHEDULED:
        asked = _answer(settings, booking) if booking.state == "held" else {}
        await tx.publish(AppointmentRescheduled(**fields, previous_starts_at=previous_starts_at, **asked))
    elif what is News.CANCELLED:
        await tx.publish(AppointmentCancelled(**fields, **_cancellation(booking)))
    if booking.state == "confirmed" and what in (News.CONFIRMED, News.RESCHEDULED):
        for hours, at in reminders.due_times(appointment.starts_at, settings.reminder_hours, now=now):
            reminder = AppointmentReminderDue(**fields, occurred_at=at, hours_before=hours)
            await tx.publish(reminder, not_before=at)


def _answer(settings: InterpretingSettings, booking: Untold) -> dict[str, Any]:
    """The deadline and signed link to answer by; the link names the requesting district, where
    the appointment and the answer live."""
    appointment = booking.appointment
    if appointment.interpreter_id != booking.interpreter_id or appointment.respond_by is None:
        return {"respond_by": booking.respond_by}
    return {
        "respond_by": appointment.respond_by,
        "answer_url": answer_link(settings, appointment, booking.interpreter_id),
    }


def _cancellation(booking: Untold) -> dict[str, Any]:
    """Why the booking went: the appointment's cancellation when it was cancelled; otherwise it
    went elsewhere (moved to a time they were not kept for, or their time to answer passed)."""
    if booking.appointment.state == "cancelled" and booking.cancel_reason:
        return {
            "reason": CancellationReason(booking.cancel_reason),
            "cancelled_by": CancelledBy(booking.cancelled_by) if booking.cancelled_by else None,
            "short_notice": booking.short_notice,
        }
    return {"reason": CancellationReason.OTHER}
