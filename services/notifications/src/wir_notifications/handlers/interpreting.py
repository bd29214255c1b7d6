"""Interpreting's interpreters and appointments: interpreters are recipients; each step of an
appointment tells the interpreter, the person and the requester what concerns them
(`domain/notices.py`), unfilled requests also the district's coordinators; a step older than one
seen of the same appointment is dropped (a reminder after the cancellation)."""

from __future__ import annotations

from typing import Any

from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentCompleted,
    AppointmentConfirmed,
    AppointmentReminderDue,
    AppointmentRescheduled,
    InterpreterAssigned,
    InterpreterComplianceExpiring,
    InterpreterDeactivated,
    InterpreterDeclined,
    InterpreterRegistered,
    InterpreterUpdated,
    InterpretingRequested,
    InterpretingUnfilled,
)
from wir_contracts.notifications.v1 import RecipientKind
from wir_kit import Subscription, Tx, get_logger
from wir_notifications.commands import notifications, recipients, staff
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.domain import appointment_notices
from wir_notifications.domain.appointment_notices import AppointmentStep
from wir_notifications.domain.notices import Aggregate, Notice

log = get_logger(__name__)
INTERPRETER = RecipientKind.INTERPRETER


async def on_interpreter_deactivated(event: InterpreterDeactivated, tx: Tx) -> None:
    """An interpreter who left the pool gets no further messages."""
    await recipients.deactivate_helper(tx, INTERPRETER, event.interpreter_id, event.aggregate_version)


async def _tell(tx: Tx, collaborators: Collaborators, event: AppointmentStep, told: list[Notice]) -> bool:
    step = Aggregate("appointment", event.appointment_id, event.aggregate_version)
    requester = appointment_notices.requester_of(event)
    if not await notifications.notify_unless_stale(tx, collaborators, event, step, told, requester):
        log.info("stale step ignored", event_type=event.event_type)
        return False
    return True


def subscriptions(collaborators: Collaborators) -> list[Subscription[Any]]:
    """What interpreters, people, requesters and coordinators are told needs the renderer and
    settings."""
    return [*_interpreters(collaborators), *_appointments(collaborators)]


def _interpreters(collaborators: Collaborators) -> list[Subscription[Any]]:
    async def on_interpreter_profile(event: InterpreterRegistered | InterpreterUpdated, tx: Tx) -> None:
        """Keep how to reach an interpreter; write what waited for them."""
        helper = recipients.helper(INTERPRETER, event.interpreter_id, event)
        await recipients.keep_helper(tx, collaborators, helper, event.aggregate_version)

    async def on_compliance_expiring(event: InterpreterComplianceExpiring, tx: Tx) -> None:
        """Remind the interpreter to renew a document in time; once per reminder event."""
        await notifications.notify(
            tx, collaborators, event, appointment_notices.interpreter_compliance_expiring(event)
        )

    return [
        Subscription("interpreter_registered", InterpreterRegistered, on_interpreter_profile),
        Subscription("interpreter_updated", InterpreterUpdated, on_interpreter_profile),
        Subscription("interpreter_deactivated", InterpreterDeactivated, on_interpreter_deactivated),
        Subscription(
            "interpreter_compliance_expiring", InterpreterComplianceExpiring, on_compliance_expiring
        ),
    ]


def _appointments(collaborators: Collaborators) -> list[Subscription[Any]]:
    async def on_appointment_step(event: InterpretingRequested | AppointmentCompleted, tx: Tx) -> None:
        """A step nobody is told of, kept so that an older step arriving later is not announced
        (an assignment redelivered after the interpreter declined, a reminder after completion)."""
        await _tell(tx, collaborators, event, [])

    async def on_interpreter_assigned(event: InterpreterAssigned, tx: Tx) -> None:
        """Ask the assigned interpreter to confirm, with the link to answer."""
        await _tell(tx, collaborators, event, appointment_notices.interpreter_assigned(event))

    async def on_interpreter_declined(event: InterpreterDeclined, tx: Tx) -> None:
        """Tell the requester when a confirmed interpreter gave the appointment back."""
        await _tell(tx, collaborators, event, appointment_notices.interpreter_declined(event))

    async def on_appointment_confirmed(event: AppointmentConfirmed, tx: Tx) -> None:
        """Tell the person and the requester that an interpreter will come."""
        await _tell(tx, collaborators, event, appointment_notices.appointment_confirmed(event))

    async def on_appointment_rescheduled(event: AppointmentRescheduled, tx: Tx) -> None:
        """Tell everyone the new time; ask the interpreter who keeps it to confirm again."""
        await _tell(tx, collaborators, event, appointment_notices.appointment_rescheduled(event))

    async def on_appointment_cancelled(event: AppointmentCancelled, tx: Tx) -> None:
        """Tell the person, the interpreter, if one was assigned, and the requester."""
        await _tell(tx, collaborators, event, appointment_notices.appointment_cancelled(event))

    async def on_appointment_reminder_due(event: AppointmentReminderDue, tx: Tx) -> None:
        """Remind everyone, unless the appointment changed since the reminder was set."""
        await _tell(tx, collaborators, event, appointment_notices.appointment_reminder(event))

    async def on_interpreting_unfilled(event: InterpretingUnfilled, tx: Tx) -> None:
        """Tell the requester and the district's coordinators that nobody could be found."""
        if await _tell(tx, collaborators, event, appointment_notices.interpreting_unfilled(event)):
            template, facts = appointment_notices.unfilled_for_staff(event)
            await staff.tell_coordinators(tx, collaborators, event, template, facts)

    return [
        Subscription("interpreting_requested", InterpretingRequested, on_appointment_step),
        Subscription("appointment_completed", AppointmentCompleted, on_appointment_step),
        Subscription("interpreter_declined", InterpreterDeclined, on_interpreter_declined),
        Subscription("interpreting_unfilled", InterpretingUnfilled, on_interpreting_unfilled),
        Subscription("interpreter_assigned", InterpreterAssigned, on_interpreter_assigned),
        Subscription("appointment_confirmed", AppointmentConfirmed, on_appointment_confirmed),
        Subscription("appointment_rescheduled", AppointmentRescheduled, on_appointment_rescheduled),
        Subscription("appointment_cancelled", AppointmentCancelled, on_appointment_cancelled),
        Subscription("appointment_reminder_due", AppointmentReminderDue, on_appointment_reminder_due),
    ]
