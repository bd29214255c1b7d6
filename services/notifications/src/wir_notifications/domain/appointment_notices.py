"""Who is told what of an interpreting appointment's steps.

An appointment's events name up to three recipients: the interpreter (unless the event says
they come from a neighbouring pool: then the copy published in that district tells them), the
person (unless the event names nobody, as a neighbour's copy never does) and the requester
(the case manager or department that asked, a staff recipient in German).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentCompleted,
    AppointmentConfirmed,
    AppointmentDetails,
    AppointmentReminderDue,
    AppointmentRescheduled,
    InterpreterAssigned,
    InterpreterComplianceExpiring,
    InterpreterDeclined,
    InterpretingRequested,
    InterpretingUnfilled,
)
from wir_notifications.domain import staff
from wir_notifications.domain.notices import INTERPRETER, PERSON, STAFF, Notice
from wir_notifications.domain.recipients import Recipient

#: A step in the life of one interpreting appointment.
AppointmentStep = (
    InterpretingRequested
    | InterpreterAssigned
    | AppointmentConfirmed
    | InterpreterDeclined
    | AppointmentCancelled
    | AppointmentReminderDue
    | AppointmentCompleted
    | InterpretingUnfilled
    | AppointmentRescheduled
)


def interpreter_assigned(event: InterpreterAssigned) -> list[Notice]:
    """Ask the interpreter to confirm: the details, until when, and the signed link to answer."""
    facts = {
        "appointment": appointment_facts(event.appointment),
        "respond_by": _iso(event.respond_by),
        "answer_url": event.answer_url,
    }
    return _to_interpreter(event, "interpreter_assigned", event.interpreter_id, facts)


def appointment_confirmed(event: AppointmentConfirmed) -> list[Notice]:
    """Tell the person and the requester that an interpreter comes (when and where, if known)."""
    details = event.appointment
    facts = {"appointment": None if details is None else appointment_facts(details, remote_link=False)}
    told = {"appointment": None if details is None else appointment_facts(details)}
    return [
        *_to_person(event, "appointment_confirmed", facts),
        *_to_requester(event, "requester_appointment_confirmed", told),
    ]


def appointment_reminder(event: AppointmentReminderDue) -> list[Notice]:
    """Remind everyone the event names of the booked appointment."""
    details = event.appointment
    facts = {"appointment": appointment_facts(details)}
    return [
        *_to_interpreter(event, "appointment_reminder", event.interpreter_id, facts),
        *_to_person(
            event,
            "person_appointment_reminder",
            {"appointment": appointment_facts(details, remote_link=False)},
        ),
        *_to_requester(event, "requester_appointment_reminder", facts),
    ]


def appointment_rescheduled(event: AppointmentRescheduled) -> list[Notice]:
    """The new time to everyone; the interpreter who keeps it is asked to confirm it again, one
    who cannot take it is told they are no longer needed."""
    previous = event.previous_starts_at.isoformat()
    details = event.appointment
    interpreter = {
        "appointment": appointment_facts(details),
        "previous_starts_at": previous,
        "respond_by": _iso(event.respond_by),
        "answer_url": event.answer_url,
        "released": False,
    }
    person = {"appointment": appointment_facts(details, remote_link=False), "previous_starts_at": previous}
    requester = {
        "appointment": appointment_facts(details),
        "previous_starts_at": previous,
        "interpreter_kept": event.interpreter_id is not None,
    }
    released = {"appointment": appointment_facts(details), "previous_starts_at": previous, "released": True}
    return [
        *_to_interpreter(event, "interpreter_rescheduled", event.interpreter_id, interpreter),
        *_to_interpreter(event, "interpreter_rescheduled", event.released_interpreter_id, released),
        *_to_person(event, "person_appointment_rescheduled", person),
        *_to_requester(event, "requester_appointment_rescheduled", requester),
    ]


def appointment_cancelled(event: AppointmentCancelled) -> list[Notice]:
    """Everyone the event names, with the reason; the requester also who cancelled and whether
    it was at short notice."""
    details = event.appointment
    facts = {
        "reason": event.reason.value,
        "appointment": None if details is None else appointment_facts(details, remote_link=False),
    }
    requester = {
        "reason": event.reason.value,
        "cancelled_by": None if event.cancelled_by is None else event.cancelled_by.value,
        "short_notice": bool(event.short_notice),
        "appointment": None if details is None else appointment_facts(details),
    }
    return [
        *_to_person(event, "appointment_cancelled", facts),
        *_to_interpreter(event, "appointment_cancelled", event.interpreter_id, facts),
        *_to_requester(event, "requester_appointment_cancelled", requester),
    ]


def interpreter_declined(event: InterpreterDeclined) -> list[Notice]:
    """An interpreter who gave back a confirmed appointment: the requester is told while another
    one is sought. A plain decline of a request is the pool's business (the next is asked)."""
    if not event.after_confirming:
        return []
    reason = None if event.reason is None else event.reason.value
    return _to_requester(event, "requester_interpreter_withdrew", {"reason": reason})


def interpreting_unfilled(event: InterpretingUnfilled) -> list[Notice]:
    """The requester learns that nobody could be found, and why (the coordinators are told by
    `unfilled_for_staff`)."""
    details = event.appointment
    facts = {
        "reason": event.reason.value,
        "appointment": None if details is None else appointment_facts(details),
    }
    return _to_requester(event, "requester_interpreting_unfilled", facts)


def unfilled_for_staff(event: InterpretingUnfilled) -> tuple[str, dict[str, Any]]:
    """The coordinators' template and facts: ids, the reason, and what the appointment needs
    (language, time, kind of place), never its address or anything of the person."""
    details = event.appointment
    appointment = None
    if details is not None:
        appointment = {**appointment_facts(details, remote_link=False), "address": None, "department": None}
    facts = {
        "appointment_id": str(event.appointment_id),
        "person_id": None if event.person_id is None else str(event.person_id),
        "reason": event.reason.value,
        "appointment": appointment,
    }
    return "staff_interpreting_unfilled", facts


def interpreter_compliance_expiring(event: InterpreterComplianceExpiring) -> list[Notice]:
    facts = {"document": event.document.value, "expires_on": event.expires_on.isoformat()}
    return [Notice("interpreter_compliance_expiring", INTERPRETER, event.interpreter_id, facts)]


def appointment_facts(details: AppointmentDetails, *, remote_link: bool = True) -> dict[str, Any]:
    """What a message shows of an appointment. The dial-in or video link only where the reader
    takes part through it (the interpreter, the requester), never in the person's message."""
    return {
        "language": details.language,
        "variety": details.variety,
        "mode": details.mode.value,
        "venue": details.venue.value,
        "starts_at": details.starts_at.isoformat(),
        "ends_at": details.ends_at.isoformat(),
        "address": details.address,
        "department": details.department,
        "remote_link": details.remote_link if remote_link else None,
    }


def requester_of(event: AppointmentStep) -> Recipient | None:
    """The requester the event names, as the staff recipient written to."""
    return None if event.requester is None else staff.requester(event.district, event.requester)


def _to_interpreter(
    event: AppointmentStep, template: str, interpreter_id: UUID | None, facts: Mapping[str, Any]
) -> list[Notice]:
    if interpreter_id is None or event.interpreter_district is not None:
        return []
    return [Notice(template, INTERPRETER, interpreter_id, facts)]


def _to_person(event: AppointmentStep, template: str, facts: Mapping[str, Any]) -> list[Notice]:
    if event.person_id is None:
        return []
    return [Notice(template, PERSON, event.person_id, facts)]


def _to_requester(event: AppointmentStep, template: str, facts: Mapping[str, Any]) -> list[Notice]:
    if event.requester is None:
        return []
    # The appointment's id is the requester's reference when they ask about it.
    told = {**facts, "appointment_id": str(event.appointment_id)}
    return [Notice(template, STAFF, staff.requester_id(event.district, event.requester), told)]


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
