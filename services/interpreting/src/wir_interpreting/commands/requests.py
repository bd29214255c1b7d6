"""A request for interpreting: checked against the district's rules and the pool in reach,
stored, announced, and offered to the best candidate at once (in the same transaction)."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from wir_contracts.contact import Contact
from wir_contracts.interpreting.v1 import InterpretingMode, InterpretingRequested, Venue
from wir_contracts.languages import LanguageCode
from wir_contracts.municipalities import MunicipalityKey
from wir_contracts.places import centres
from wir_interpreting.commands import assignment
from wir_interpreting.commands.appointment_events import appointment_fields
from wir_interpreting.db import appointments, people
from wir_interpreting.db import rules as district_rules
from wir_interpreting.domain.errors import Conflict, FieldError
from wir_interpreting.domain.model import Appointment
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Tx

#: The consent a person gives for interpreters to learn of their appointment.


class RequestIn(BaseModel):
    """What a case manager or department asks for."""

    model_config = ConfigDict(extra="forbid")

    person_id: UUID | None = Field(
        default=None, description="The person interpreted for; their language is the default."
    )
    language: LanguageCode | None = Field(
        default=None, description="ISO 639-3; required unless a person is named."
    )
    variety: str | None = Field(default=None, min_length=1, max_length=60, description="E.g. Sorani.")
    mode: InterpretingMode
    venue: Venue
    department: str | None = Field(default=None, min_length=1, max_length=120)
    municipality: MunicipalityKey | None = Field(default=None, description="Required on site.")
    address: str | None = Field(default=None, min_length=1, max_length=200)
    remote_link: str | None = Field(
        default=None, min_length=1, max_length=500, description="Dial-in number or video link."
    )
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    notes: str | None = Field(default=None, max_length=2000, description="For staff; never sent out.")
    requester: Contact | None = Field(default=None, description="Who is told of the outcome.")


async def create(
    tx: Tx, settings: InterpretingSettings, caller_sub: str, request: RequestIn, *, now: datetime
) -> Appointment:
    """Store the request, announce it, and ask the best candidate (or say why nobody can come)."""
    _check_times(request)
    _check_place(request)
    rules = await district_rules.load(tx)
    if request.starts_at < now + timedelta(hours=rules.lead_time_hours):
        raise FieldError(
            ("starts_at",), "lead_time", "the appointment starts within the district's lead time"
        )
    language = await _language(tx, request)
    if await appointments.speakers(tx, language) == 0:
        raise FieldError(("language",), "no_interpreter", "no interpreter in reach speaks this language")
    stored = await appointments.insert(tx, _appointment(tx.district, caller_sub, request, language))
    await tx.publish(
        InterpretingRequested(**appointment_fields(stored, stored.version), appointment=stored.details())
    )
    return await assignment.assign_next(tx, settings, stored, now=now)


def _check_times(request: RequestIn) -> None:
    if request.ends_at <= request.starts_at:
        raise FieldError(("ends_at",), "time_order", "the appointment must end after it starts")


def _check_place(request: RequestIn) -> None:
    if request.mode is InterpretingMode.ON_SITE and request.municipality is None:
        raise FieldError(("municipality",), "missing", "an on-site appointment needs its municipality")
    if request.municipality is not None and request.municipality not in centres():
        raise FieldError(("municipality",), "unknown", "not a municipality of Hesse")


async def _language(tx: Tx, request: RequestIn) -> str:
    """The language asked for, else the person's interpreting language (else their first); a
    named person must have agreed to share with interpreters."""
    if request.person_id is None:
        if request.language is None:
            raise FieldError(("language",), "missing", "a language is needed when no person is named")
        return request.language
    person = await people.load(tx, request.person_id)
    if person is None:
        raise FieldError(("person_id",), "unknown", "no such person in the district")
    if not person.shares_with_interpreters:
        raise Conflict("no consent: the person has not agreed to share with interpreters")
    language = request.language or person.language
    if language is None:
        raise FieldError(("language",), "missing", "the person's language is unknown; name one")
    return language


def _appointment(district: str, caller_sub: str, request: RequestIn, language: str) -> Appointment:
    return Appointment(
        district=district,
        appointment_id=uuid4(),
        version=1,
        person_id=request.person_id,
        language=language,
        variety=request.variety,
        mode=request.mode,
        venue=request.venue,
        department=request.department,
        municipality=request.municipality,
        address=request.address,
        remote_link=request.remote_link,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        notes=request.notes,
        requester=request.requester.model_dump(mode="json") if request.requester else None,
        requested_by=caller_sub,
        state="open",
        interpreter_id=None,
        interpreter_district=None,
        respond_by=None,
    )
