"""Events interpreting publishes, version 1: the interpreter pool and booked appointments.

Appointment events repeat the appointment's details where notifications has to tell
someone about them, so a message never depends on having seen an earlier event.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Final, Self
from uuid import UUID

from pydantic import AwareDatetime, Field, model_validator
from pydantic_core import PydanticCustomError

from wir_contracts._internal.examples import (
    AMINA,
    APPOINTMENT,
    BENSHEIM,
    FARID,
    HANAU,
    MARTA,
    OLEKSANDR,
    caused_by,
    envelope,
    examples,
)
from wir_contracts.contact import Contact
from wir_contracts.districts import DistrictCode
from wir_contracts.envelope import Event
from wir_contracts.languages import LanguageCode
from wir_contracts.municipalities import MunicipalityKey
from wir_contracts.ordering import AggregateVersion
from wir_contracts.parts import Part

__all__ = [
    "APPOINTMENT_CANCELLED",
    "APPOINTMENT_COMPLETED",
    "APPOINTMENT_CONFIRMED",
    "APPOINTMENT_REMINDER_DUE",
    "APPOINTMENT_RESCHEDULED",
    "INTERPRETER_ASSIGNED",
    "INTERPRETER_COMPLIANCE_EXPIRING",
    "INTERPRETER_DEACTIVATED",
    "INTERPRETER_DECLINED",
    "INTERPRETER_REGISTERED",
    "INTERPRETER_UPDATED",
    "INTERPRETING_REQUESTED",
    "INTERPRETING_UNFILLED",
    "AppointmentCancelled",
    "AppointmentCompleted",
    "AppointmentConfirmed",
    "AppointmentDetails",
    "AppointmentOutcome",
    "AppointmentReminderDue",
    "AppointmentRescheduled",
    "CancellationReason",
    "CancelledBy",
    "ComplianceDocument",
    "DeclineReason",
    "InterpreterAssigned",
    "InterpreterComplianceExpiring",
    "InterpreterDeactivated",
    "InterpreterDeclined",
    "InterpreterRegistered",
    "InterpreterUpdated",
    "InterpretingMode",
    "InterpretingRequested",
    "InterpretingUnfilled",
    "UnfilledReason",
    "Venue",
]

INTERPRETER_REGISTERED: Final = "interpreting.interpreter_registered.v1"
INTERPRETER_UPDATED: Final = "interpreting.interpreter_updated.v1"
INTERPRETER_DEACTIVATED: Final = "interpreting.interpreter_deactivated.v1"
INTERPRETING_REQUESTED: Final = "interpreting.interpreting_requested.v1"
INTERPRETER_ASSIGNED: Final = "interpreting.interpreter_assigned.v1"
APPOINTMENT_CONFIRMED: Final = "interpreting.appointment_confirmed.v1"
INTERPRETER_DECLINED: Final = "interpreting.interpreter_declined.v1"
APPOINTMENT_CANCELLED: Final = "interpreting.appointment_cancelled.v1"
APPOINTMENT_REMINDER_DUE: Final = "interpreting.appointment_reminder_due.v1"
APPOINTMENT_COMPLETED: Final = "interpreting.appointment_completed.v1"
INTERPRETING_UNFILLED: Final = "interpreting.interpreting_unfilled.v1"
APPOINTMENT_RESCHEDULED: Final = "interpreting.appointment_rescheduled.v1"
INTERPRETER_COMPLIANCE_EXPIRING: Final = "interpreting.interpreter_compliance_expiring.v1"

_INTERPRETER_ID = "Id of the interpreter."
_INTERPRETER_VERSION = "Version of the interpreter after this change; ignore anything not newer."
_MARTA_CONTACT: dict[str, Any] = {
    "display_name": "Marta Kowalenko",
    "email": "m.kowalenko@example.net",
    "mobile": "+4915100000003",
    "channels": ["sms", "email"],
}
_DETAILS: dict[str, Any] = {
    "language": "prs",
    "variety": None,
    "department": "Jobcenter Bergstraße, Team Integration",
    "remote_link": None,
    "mode": "on_site",
    "venue": "jobcenter",
    "starts_at": "2026-11-17T09:30:00+01:00",
    "ends_at": "2026-11-17T10:30:00+01:00",
    "municipality": BENSHEIM,
    "address": "Jobcenter, Rodensteinstraße 19, 64625 Bensheim",
}


class InterpretingMode(StrEnum):
    """How the interpreter takes part."""

    ON_SITE = "on_site"
    PHONE = "phone"
    VIDEO = "video"


class Venue(StrEnum):
    """The kind of place or authority the appointment is with."""

    JOBCENTER = "jobcenter"
    IMMIGRATION_OFFICE = "immigration_office"
    SOCIAL_WELFARE_OFFICE = "social_welfare_office"
    YOUTH_WELFARE_OFFICE = "youth_welfare_office"
    SCHOOL = "school"
    DAYCARE = "daycare"
    DOCTOR = "doctor"
    HOSPITAL = "hospital"
    COUNSELLING = "counselling"
    OTHER = "other"


class CancellationReason(StrEnum):
    """Why an appointment was cancelled."""

    CANCELLED_BY_REQUESTER = "cancelled_by_requester"
    PERSON_UNAVAILABLE = "person_unavailable"
    OTHER = "other"
    #: Since 1.1: the appointment itself no longer takes place (the authority moved or dropped it).
    APPOINTMENT_DROPPED = "appointment_dropped"
    #: Since 1.1: the interpreter cancelled and nobody else could take it in time.
    CANCELLED_BY_INTERPRETER = "cancelled_by_interpreter"


class CancelledBy(StrEnum):
    """Which side cancelled (since 1.1)."""

    REQUESTER = "requester"
    PERSON = "person"
    INTERPRETER = "interpreter"
    COORDINATOR = "coordinator"


class DeclineReason(StrEnum):
    """Why an interpreter declined an assignment or gave back a confirmed one (since 1.1)."""

    UNAVAILABLE = "unavailable"
    TOO_FAR = "too_far"
    CONFLICT_OF_INTEREST = "conflict_of_interest"
    ILLNESS = "illness"
    OTHER = "other"


class AppointmentOutcome(StrEnum):
    """How an appointment ended (since 1.1)."""

    COMPLETED = "completed"
    PERSON_NO_SHOW = "person_no_show"
    INTERPRETER_NO_SHOW = "interpreter_no_show"


class ComplianceDocument(StrEnum):
    """Documents an interpreter must hold valid to be assigned (since 1.1)."""

    CONFIDENTIALITY = "confidentiality"
    CRIMINAL_RECORD = "criminal_record"
    TRAINING = "training"


class UnfilledReason(StrEnum):
    """Why no interpreter could be found."""

    NO_INTERPRETER_FOR_LANGUAGE = "no_interpreter_for_language"
    NONE_AVAILABLE = "none_available"
    ALL_DECLINED = "all_declined"
    #: Since 1.1: those asked let the time to answer pass (or declined) and nobody is left.
    NO_ANSWER = "no_answer"


class AppointmentDetails(Part):
    """When, where and in which language interpreting is needed."""

    language: LanguageCode = Field(description="Language to interpret into and from German.")
    variety: str | None = Field(
        default=None,
        min_length=1,
        max_length=60,
        description="Dialect or variety where it matters, e.g. Sorani, Levantine (since 1.1).",
    )
    mode: InterpretingMode = Field(description="On site, by phone or by video.")
    venue: Venue = Field(description="Kind of place or authority.")
    starts_at: AwareDatetime = Field(description="Start of the appointment.")
    ends_at: AwareDatetime = Field(description="Planned end of the appointment.")
    municipality: MunicipalityKey | None = Field(
        default=None, description="Official key of the municipality, for on-site appointments."
    )
    address: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Postal address of the venue, for on-site appointments.",
    )
    department: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="The department or team that asked, as the interpreter should ask for it (since 1.1).",
    )
    remote_link: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="Dial-in number or video link, for phone and video appointments (since 1.1).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise PydanticCustomError("appointment_time", "the appointment ends before it starts")
        if self.mode is InterpretingMode.ON_SITE and self.municipality is None:
            raise PydanticCustomError("appointment_place", "an on-site appointment needs a place")
        return self


class _InterpreterProfile(Event):
    """What notifications needs to message an interpreter."""

    PRODUCER = "interpreting"

    interpreter_id: UUID = Field(description=_INTERPRETER_ID)
    aggregate_version: AggregateVersion = Field(description=_INTERPRETER_VERSION)
    contact: Contact = Field(description="How to reach the interpreter.")
    preferred_language: LanguageCode = Field(description="Language to message them in.")


class InterpreterRegistered(_InterpreterProfile):
    """A coordinator added an interpreter (Sprachmittler) to the district's pool."""

    EVENT = "interpreter_registered"
    model_config = examples(
        {
            **envelope(
                "interpreting", "interpreter_registered", occurred_at="2026-09-30T14:00:00Z", district=HANAU
            ),
            "interpreter_id": MARTA,
            "aggregate_version": 1,
            "contact": _MARTA_CONTACT,
            "preferred_language": "ukr",
        }
    )


class InterpreterUpdated(_InterpreterProfile):
    """An interpreter's contact details or language changed; carries all of them."""

    EVENT = "interpreter_updated"
    model_config = examples(
        {
            **envelope(
                "interpreting", "interpreter_updated", occurred_at="2026-11-12T07:45:00Z", district=HANAU
            ),
            "interpreter_id": MARTA,
            "aggregate_version": 2,
            "contact": {**_MARTA_CONTACT, "email": "marta.kowalenko@example.net"},
            "preferred_language": "deu",
        }
    )


class InterpreterDeactivated(Event):
    """An interpreter left the pool; they get no further assignments or messages."""

    PRODUCER = "interpreting"
    EVENT = "interpreter_deactivated"
    model_config = examples(
        {
            **envelope(
                "interpreting", "interpreter_deactivated", occurred_at="2027-01-15T09:00:00Z", district=HANAU
            ),
            "interpreter_id": MARTA,
            "aggregate_version": 3,
        }
    )

    interpreter_id: UUID = Field(description=_INTERPRETER_ID)
    aggregate_version: AggregateVersion = Field(description=_INTERPRETER_VERSION)


class _AppointmentEvent(Event):
    """A step in the life of one interpreting appointment.

    Since 1.1, an appointment in one district may be served from a neighbouring district's pool:
    the requesting district's events then name `interpreter_district`, and the interpreter is
    told only by copies published in that district, which name neither the person nor the
    requester (`person_id` and `requester` are null there).
    """

    PRODUCER = "interpreting"
    MINOR = 1

    appointment_id: UUID = Field(description="Id of the appointment.")
    aggregate_version: AggregateVersion = Field(
        description="Version of the appointment after this step; ignore anything not newer."
    )
    person_id: UUID | None = Field(
        description="Id of the person interpreted for; null when the request names nobody or the event "
        "is the copy for a neighbouring pool (since 1.1)."
    )
    requester: Contact | None = Field(
        default=None,
        description="Who asked (a case manager or department), to be told of the outcome (since 1.1).",
    )
    interpreter_district: DistrictCode | None = Field(
        default=None,
        description="The neighbouring district whose pool the interpreter comes from; the interpreter is "
        "told by the copy published there (since 1.1).",
    )


_REQUESTER: dict[str, Any] = {
    "display_name": "Jobcenter Bergstraße, Team Integration",
    "email": "integration@jobcenter-bergstrasse.example",
    "channels": ["email"],
}


def _appointment_example(event: str, occurred_at: str, version: int, **fields: Any) -> dict[str, Any]:
    return {
        **envelope("interpreting", event, occurred_at=occurred_at, version="1.1"),
        "appointment_id": APPOINTMENT,
        "aggregate_version": version,
        "person_id": AMINA,
        "requester": _REQUESTER,
        "interpreter_district": None,
        **fields,
    }


class InterpretingRequested(_AppointmentEvent):
    """A case manager asked for an interpreter for an appointment."""

    EVENT = "interpreting_requested"
    model_config = examples(
        _appointment_example("interpreting_requested", "2026-11-05T10:12:00Z", 1, appointment=_DETAILS),
        {
            **envelope(
                "interpreting",
                "interpreting_requested",
                occurred_at="2026-11-06T12:00:00Z",
                district=HANAU,
                number=2,
                version="1.1",
            ),
            "appointment_id": "9e65aa40-d02b-4d7c-be10-9ad7ee33dcb6",
            "aggregate_version": 1,
            "person_id": OLEKSANDR,
            "requester": None,
            "interpreter_district": None,
            "appointment": {
                "language": "ukr",
                "variety": None,
                "mode": "phone",
                "venue": "doctor",
                "starts_at": "2026-11-09T08:15:00+01:00",
                "ends_at": "2026-11-09T08:45:00+01:00",
                "municipality": None,
                "address": None,
                "department": None,
                "remote_link": "+4961811234567",
            },
        },
    )

    appointment: AppointmentDetails = Field(description="What is needed.")


class InterpreterAssigned(_AppointmentEvent):
    """An interpreter was assigned and is asked to confirm."""

    EVENT = "interpreter_assigned"
    model_config = examples(
        _appointment_example(
            "interpreter_assigned",
            "2026-11-05T10:12:03Z",
            2,
            interpreter_id=FARID,
            appointment=_DETAILS,
            causation_id=caused_by("interpreting", "interpreting_requested"),
            respond_by="2026-11-06T10:12:03+01:00",
            answer_url="https://wir.example/interpreting/answers/eyJhbGciOiJIUzI1NiJ9.example.signature",
        )
    )

    interpreter_id: UUID = Field(description=_INTERPRETER_ID)
    appointment: AppointmentDetails = Field(description="The appointment to confirm.")
    respond_by: AwareDatetime | None = Field(
        default=None, description="Until when the interpreter can confirm or decline (since 1.1)."
    )
    answer_url: str | None = Field(
        default=None,
        max_length=2000,
        description="Signed link where the interpreter confirms or declines without an account (since 1.1); "
        "a credential: only the interpreter's own message shows it.",
    )


class AppointmentConfirmed(_AppointmentEvent):
    """The assigned interpreter confirmed: the appointment is booked."""

    EVENT = "appointment_confirmed"
    model_config = examples(
        _appointment_example(
            "appointment_confirmed", "2026-11-05T18:40:27Z", 3, interpreter_id=FARID, appointment=_DETAILS
        )
    )

    interpreter_id: UUID = Field(description=_INTERPRETER_ID)
    appointment: AppointmentDetails | None = Field(
        default=None, description="When and where, so the person and requester can be told (since 1.1)."
    )


class InterpreterDeclined(_AppointmentEvent):
    """The assigned interpreter declined; another one will be assigned if possible."""

    EVENT = "interpreter_declined"
    model_config = examples(
        _appointment_example(
            "interpreter_declined",
            "2026-11-05T18:40:27Z",
            3,
            interpreter_id=FARID,
            reason="unavailable",
            after_confirming=False,
        )
    )

    interpreter_id: UUID = Field(description=_INTERPRETER_ID)
    reason: DeclineReason | None = Field(
        default=None, description="Why, as the interpreter gave it (since 1.1)."
    )
    after_confirming: bool = Field(
        default=False,
        description="The interpreter gave back an appointment they had confirmed; the requester is told "
        "while another interpreter is sought (since 1.1).",
    )


class AppointmentCancelled(_AppointmentEvent):
    """The appointment was cancelled."""

    EVENT = "appointment_cancelled"
    model_config = examples(
        _appointment_example(
            "appointment_cancelled",
            "2026-11-12T07:05:00Z",
            4,
            reason="person_unavailable",
            interpreter_id=FARID,
            cancelled_by="requester",
            short_notice=False,
            appointment=_DETAILS,
        )
    )

    reason: CancellationReason = Field(description="Why it was cancelled.")
    interpreter_id: UUID | None = Field(
        default=None, description="The interpreter to tell, if one was assigned."
    )
    cancelled_by: CancelledBy | None = Field(default=None, description="Which side cancelled (since 1.1).")
    short_notice: bool | None = Field(
        default=None,
        description="Cancelled later than the district's short-notice limit before the start (since 1.1).",
    )
    appointment: AppointmentDetails | None = Field(
        default=None, description="The appointment that will not take place (since 1.1)."
    )


class AppointmentReminderDue(_AppointmentEvent):
    """Time to remind the interpreter of a booked appointment.

    Scheduled ahead: a consumer that has seen a newer version of the appointment (cancelled,
    reassigned) drops it.
    """

    EVENT = "appointment_reminder_due"
    model_config = examples(
        _appointment_example(
            "appointment_reminder_due",
            "2026-11-16T09:30:00+01:00",
            3,
            interpreter_id=FARID,
            appointment=_DETAILS,
            correlation_id=None,
            hours_before=24,
        )
    )

    interpreter_id: UUID = Field(description=_INTERPRETER_ID)
    appointment: AppointmentDetails = Field(description="The appointment to remind of.")
    hours_before: float | None = Field(
        default=None,
        gt=0,
        description="How long before the start this reminder is due (since 1.1). Since 1.1 a reminder "
        "is for everyone the event names: the interpreter (unless `interpreter_district` says they are "
        "told elsewhere), the person and the requester.",
    )


class AppointmentCompleted(_AppointmentEvent):
    """The appointment took place; the minutes count towards the interpreter's honorarium."""

    EVENT = "appointment_completed"
    model_config = examples(
        _appointment_example(
            "appointment_completed",
            "2026-11-17T11:02:00Z",
            4,
            interpreter_id=FARID,
            minutes=75,
            outcome="completed",
            kilometres=14,
            allowance_cents=2000,
        )
    )

    interpreter_id: UUID = Field(description=_INTERPRETER_ID)
    minutes: int = Field(ge=1, le=1440, description="Minutes interpreted, for the honorarium.")
    outcome: AppointmentOutcome | None = Field(
        default=None, description="Whether it took place or someone did not come (since 1.1)."
    )
    kilometres: int | None = Field(
        default=None, ge=0, le=1000, description="Kilometres travelled there and back (since 1.1)."
    )
    allowance_cents: int | None = Field(
        default=None, ge=0, description="The allowance owed for it, in euro cents (since 1.1)."
    )


class InterpretingUnfilled(_AppointmentEvent):
    """No interpreter could be found for the appointment; staff must step in."""

    EVENT = "interpreting_unfilled"
    model_config = examples(
        _appointment_example(
            "interpreting_unfilled", "2026-11-06T08:00:00Z", 5, reason="all_declined", appointment=_DETAILS
        )
    )

    reason: UnfilledReason = Field(description="Why nobody could be assigned.")
    appointment: AppointmentDetails | None = Field(
        default=None,
        description="The appointment left without interpreter, for the coordinators and the requester "
        "(since 1.1).",
    )


class AppointmentRescheduled(_AppointmentEvent):
    """The appointment moved (since 1.1): everyone involved is told the new time; an assigned
    interpreter who can make it is asked to confirm again, otherwise another one is sought."""

    EVENT = "appointment_rescheduled"
    model_config = examples(
        _appointment_example(
            "appointment_rescheduled",
            "2026-11-10T09:00:00Z",
            4,
            interpreter_id=FARID,
            appointment={
                **_DETAILS,
                "starts_at": "2026-11-18T10:00:00+01:00",
                "ends_at": "2026-11-18T11:00:00+01:00",
            },
            previous_starts_at="2026-11-17T09:30:00+01:00",
            released_interpreter_id=None,
            respond_by="2026-11-11T10:00:00+01:00",
            answer_url="https://wir.example/interpreting/answers/eyJhbGciOiJIUzI1NiJ9.example.signature",
        )
    )

    interpreter_id: UUID | None = Field(
        default=None, description="The interpreter who keeps the appointment, if one does."
    )
    appointment: AppointmentDetails = Field(description="The appointment at its new time.")
    previous_starts_at: AwareDatetime = Field(description="When it was to start before.")
    released_interpreter_id: UUID | None = Field(
        default=None,
        description="The interpreter who held the appointment and cannot take the new time: they are told "
        "they are no longer needed (null when `interpreter_district` says they are told elsewhere).",
    )
    respond_by: AwareDatetime | None = Field(
        default=None, description="Until when the interpreter can confirm the new time."
    )
    answer_url: str | None = Field(
        default=None,
        max_length=2000,
        description="Signed link where the interpreter confirms or declines the new time; only their own "
        "message shows it.",
    )


class InterpreterComplianceExpiring(Event):
    """One of an interpreter's compliance documents expires soon (since 1.1); after that day they
    are not assigned until a valid one is recorded."""

    PRODUCER = "interpreting"
    EVENT = "interpreter_compliance_expiring"
    model_config = examples(
        {
            **envelope(
                "interpreting",
                "interpreter_compliance_expiring",
                occurred_at="2027-05-01T06:00:00Z",
                district=HANAU,
            ),
            "interpreter_id": MARTA,
            "document": "criminal_record",
            "expires_on": "2027-05-31",
        }
    )

    interpreter_id: UUID = Field(description=_INTERPRETER_ID)
    document: ComplianceDocument = Field(description="Which document.")
    expires_on: date = Field(description="The last day it is valid.")
