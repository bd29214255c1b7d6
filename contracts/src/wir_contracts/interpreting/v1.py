"""Events interpreting publishes, version 1: the interpreter pool and booked appointments.

Appointment events repeat the appointment's details where notifications has to tell
someone about them, so a message never depends on having seen an earlier event.
"""

from __future__ import annotations

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
    "INTERPRETER_ASSIGNED",
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
    "AppointmentReminderDue",
    "CancellationReason",
    "InterpreterAssigned",
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


class UnfilledReason(StrEnum):
    """Why no interpreter could be found."""

    NO_INTERPRETER_FOR_LANGUAGE = "no_interpreter_for_language"
    NONE_AVAILABLE = "none_available"
    ALL_DECLINED = "all_declined"


class AppointmentDetails(Part):
    """When, where and in which language interpreting is needed."""

    language: LanguageCode = Field(description="Language to interpret into and from German.")
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
    """A step in the life of one interpreting appointment."""

    PRODUCER = "interpreting"

    appointment_id: UUID = Field(description="Id of the appointment.")
    aggregate_version: AggregateVersion = Field(
        description="Version of the appointment after this step; ignore anything not newer."
    )
    person_id: UUID = Field(description="Id of the person interpreted for.")


def _appointment_example(event: str, occurred_at: str, version: int, **fields: Any) -> dict[str, Any]:
    return {
        **envelope("interpreting", event, occurred_at=occurred_at),
        "appointment_id": APPOINTMENT,
        "aggregate_version": version,
        "person_id": AMINA,
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
            ),
            "appointment_id": "9e65aa40-d02b-4d7c-be10-9ad7ee33dcb6",
            "aggregate_version": 1,
            "person_id": OLEKSANDR,
            "appointment": {
                "language": "ukr",
                "mode": "phone",
                "venue": "doctor",
                "starts_at": "2026-11-09T08:15:00+01:00",
                "ends_at": "2026-11-09T08:45:00+01:00",
                "municipality": None,
                "address": None,
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
        )
    )

    interpreter_id: UUID = Field(description=_INTERPRETER_ID)
    appointment: AppointmentDetails = Field(description="The appointment to confirm.")


class AppointmentConfirmed(_AppointmentEvent):
    """The assigned interpreter confirmed: the appointment is booked."""

    EVENT = "appointment_confirmed"
    model_config = examples(
        _appointment_example("appointment_confirmed", "2026-11-05T18:40:27Z", 3, interpreter_id=FARID)
    )

    interpreter_id: UUID = Field(description=_INTERPRETER_ID)


class InterpreterDeclined(_AppointmentEvent):
    """The assigned interpreter declined; another one will be assigned if possible."""

    EVENT = "interpreter_declined"
    model_config = examples(
        _appointment_example("interpreter_declined", "2026-11-05T18:40:27Z", 3, interpreter_id=FARID)
    )

    interpreter_id: UUID = Field(description=_INTERPRETER_ID)


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
        )
    )

    reason: CancellationReason = Field(description="Why it was cancelled.")
    interpreter_id: UUID | None = Field(
        default=None, description="The interpreter to tell, if one was assigned."
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
        )
    )

    interpreter_id: UUID = Field(description=_INTERPRETER_ID)
    appointment: AppointmentDetails = Field(description="The appointment to remind of.")


class AppointmentCompleted(_AppointmentEvent):
    """The appointment took place; the minutes count towards the interpreter's honorarium."""

    EVENT = "appointment_completed"
    model_config = examples(
        _appointment_example(
            "appointment_completed", "2026-11-17T11:02:00Z", 4, interpreter_id=FARID, minutes=75
        )
    )

    interpreter_id: UUID = Field(description=_INTERPRETER_ID)
    minutes: int = Field(ge=1, le=1440, description="Minutes interpreted, for the honorarium.")


class InterpretingUnfilled(_AppointmentEvent):
    """No interpreter could be found for the appointment; staff must step in."""

    EVENT = "interpreting_unfilled"
    model_config = examples(
        _appointment_example("interpreting_unfilled", "2026-11-06T08:00:00Z", 5, reason="all_declined")
    )

    reason: UnfilledReason = Field(description="Why nobody could be assigned.")
