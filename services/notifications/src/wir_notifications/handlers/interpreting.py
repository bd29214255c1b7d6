"""Interpreting's interpreters and appointments: interpreters are recipients; an assignment and
a reminder go to the interpreter, a confirmation to the person, a cancellation to both; a step
older than one seen of the same appointment is dropped (a reminder after the cancellation)."""

from __future__ import annotations

from typing import Any

from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentCompleted,
    AppointmentConfirmed,
    AppointmentReminderDue,
    InterpreterAssigned,
    InterpreterDeactivated,
    InterpreterDeclined,
    InterpreterRegistered,
    InterpreterUpdated,
    InterpretingRequested,
    InterpretingUnfilled,
)
from wir_contracts.notifications.v1 import RecipientKind
from wir_kit import Subscription, Tx, get_logger
from wir_notifications.commands import notifications, recipients
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.domain import notices
from wir_notifications.domain.notices import Aggregate, Notice

log = get_logger(__name__)
INTERPRETER = RecipientKind.INTERPRETER
AppointmentStep = (
    InterpretingRequested
    | InterpreterAssigned
    | AppointmentConfirmed
    | InterpreterDeclined
    | AppointmentCancelled
    | AppointmentReminderDue
    | AppointmentCompleted
    | InterpretingUnfilled
)


async def on_interpreter_deactivated(event: InterpreterDeactivated, tx: Tx) -> None:
    """An interpreter who left the pool gets no further messages."""
    await recipients.deactivate_helper(tx, INTERPRETER, event.interpreter_id, event.aggregate_version)


async def _tell(tx: Tx, collaborators: Collaborators, event: AppointmentStep, told: list[Notice]) -> None:
    step = Aggregate("appointment", event.appointment_id, event.aggregate_version)
    if not await notifications.notify_unless_stale(tx, collaborators, event, step, told):
        log.info("stale step ignored", event_type=event.event_type)


def subscriptions(collaborators: Collaborators) -> list[Subscription[Any]]:
    """What interpreters and people are told needs the renderer and settings."""
    return [*_interpreters(collaborators), *_appointments(collaborators)]


def _interpreters(collaborators: Collaborators) -> list[Subscription[Any]]:
    async def on_interpreter_profile(event: InterpreterRegistered | InterpreterUpdated, tx: Tx) -> None:
        """Keep how to reach an interpreter; write what waited for them."""
        helper = recipients.helper(INTERPRETER, event.interpreter_id, event)
        await recipients.keep_helper(tx, collaborators, helper, event.aggregate_version)

    return [
        Subscription("interpreter_registered", InterpreterRegistered, on_interpreter_profile),
        Subscription("interpreter_updated", InterpreterUpdated, on_interpreter_profile),
        Subscription("interpreter_deactivated", InterpreterDeactivated, on_interpreter_deactivated),
    ]


def _appointments(collaborators: Collaborators) -> list[Subscription[Any]]:
    async def on_appointment_step(event: AppointmentStep, tx: Tx) -> None:
        """A step nobody is told of, kept so that an older step arriving later is not announced
        (an assignment redelivered after the interpreter declined, a reminder after completion)."""
        await _tell(tx, collaborators, event, [])

    async def on_interpreter_assigned(event: InterpreterAssigned, tx: Tx) -> None:
        """Ask the assigned interpreter to confirm."""
        await _tell(tx, collaborators, event, notices.interpreter_assigned(event))

    async def on_appointment_confirmed(event: AppointmentConfirmed, tx: Tx) -> None:
        """Tell the person an interpreter will come."""
        await _tell(tx, collaborators, event, notices.appointment_confirmed(event))

    async def on_appointment_cancelled(event: AppointmentCancelled, tx: Tx) -> None:
        """Tell the person and the interpreter, if one was assigned."""
        await _tell(tx, collaborators, event, notices.appointment_cancelled(event))

    async def on_appointment_reminder_due(event: AppointmentReminderDue, tx: Tx) -> None:
        """Remind the interpreter, unless the appointment changed since the reminder was set."""
        await _tell(tx, collaborators, event, notices.appointment_reminder(event))

    return [
        Subscription("interpreting_requested", InterpretingRequested, on_appointment_step),
        Subscription("interpreter_declined", InterpreterDeclined, on_appointment_step),
        Subscription("appointment_completed", AppointmentCompleted, on_appointment_step),
        Subscription("interpreting_unfilled", InterpretingUnfilled, on_appointment_step),
        Subscription("interpreter_assigned", InterpreterAssigned, on_interpreter_assigned),
        Subscription("appointment_confirmed", AppointmentConfirmed, on_appointment_confirmed),
        Subscription("appointment_cancelled", AppointmentCancelled, on_appointment_cancelled),
        Subscription("appointment_reminder_due", AppointmentReminderDue, on_appointment_reminder_due),
    ]
