"""Volunteers (Integrationslotsen, Paten) as coordinators and the volunteers themselves keep them:
the profile the assignment matches on, registered, changed, deactivated; compliance documents
recorded. Every change that can alter the district's assignment asks for a run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Self
from uuid import UUID, uuid4

import asyncpg
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from wir_contracts.cefr import CefrLevel
from wir_contracts.contact import Contact
from wir_contracts.gender import Gender
from wir_contracts.languages import LanguageCode
from wir_contracts.matching.v1 import (
    ComplianceDocument,
    VolunteerDeactivated,
    VolunteerRegistered,
    VolunteerUpdated,
    WithdrawReason,
)
from wir_contracts.municipalities import MunicipalityKey, lies_in
from wir_contracts.needs import MentoringTopic
from wir_kit import Tx
from wir_matching.commands.withdrawals import withdraw_volunteer_matches
from wir_matching.db import volunteers
from wir_matching.db.run_requests import request_run
from wir_matching.db.volunteers import StoredDocument

_STRICT = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)
REQUIRED_DOCUMENTS = tuple(ComplianceDocument)


class FieldError(ValueError):
    """An input field that is well-formed but not acceptable here; `loc` names it."""

    def __init__(self, loc: Sequence[str | int], kind: str, message: str) -> None:
        super().__init__(message)
        self.loc = tuple(loc)
        self.kind = kind
        self.message = message


class SpokenLanguage(BaseModel):
    """A language the volunteer speaks: a CEFR level, or native."""

    model_config = _STRICT
    language: LanguageCode = Field(description="ISO 639-3 code.")
    level: CefrLevel | None = Field(default=None, description="Spoken level; may be left out when native.")
    native: bool = Field(default=False, description="Whether it is a first language.")

    @model_validator(mode="after")
    def _level_or_native(self) -> Self:
        if self.level is None and not self.native:
            raise PydanticCustomError("language_level", "give a level or mark the language as native")
        return self


#: A local time of day to the minute, "HH:MM" (a JSON Schema `time` would demand an offset).
Minute = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class WeeklyWindow(BaseModel):
    """A weekly window the volunteer is free, local time, to the minute."""

    model_config = _STRICT
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday.")
    start: Minute = Field(description="First minute, HH:MM, local time.")
    end: Minute = Field(description="End, HH:MM, local time, after start.")

    @model_validator(mode="after")
    def _start_before_end(self) -> Self:
        if self.start >= self.end:  # zero-padded HH:MM sorts as the times do
            raise PydanticCustomError("time_range", "start must be before end")
        return self


class AbsenceWindow(BaseModel):
    """Days the volunteer is away; both days included."""

    model_config = _STRICT
    first_day: date
    last_day: date

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.first_day > self.last_day:
            raise PydanticCustomError("date_range", "first_day must not be after last_day")
        return self


class VolunteerProfile(BaseModel):
    """Everything about a volunteer that they or a coordinator set."""

    model_config = _STRICT
    contact: Contact = Field(description="How matching's messages reach the volunteer.")
    preferred_language: LanguageCode = Field(description="Language to message them in.")
    languages: tuple[SpokenLanguage, ...] = Field(min_length=1, max_length=20)
    municipality: MunicipalityKey = Field(
        description="Official key (AGS) of where they live, in the district."
    )
    travel_km: float = Field(ge=0, le=100, description="How far they go from their municipality.")
    topics: tuple[MentoringTopic, ...] = Field(min_length=1, description="Topics they help with.")
    capacity: int = Field(ge=0, le=10, description="People they mentor at once; 0 takes a break.")
    weekly: tuple[WeeklyWindow, ...] = Field(default=(), max_length=50)
    absences: tuple[AbsenceWindow, ...] = Field(default=(), max_length=50)
    gender: Gender | None = Field(default=None, description="Only for people who ask for a gender.")
    lotse_trained_on: date | None = Field(default=None, description="Day of the Integrationslotse training.")
    share_contact: Contact | None = Field(
        default=None, description="What a person matched with them may see; nothing if absent."
    )

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if len({spoken.language for spoken in self.languages}) != len(self.languages):
            raise PydanticCustomError("duplicate_items", "a language is listed twice")
        if len(set(self.topics)) != len(self.topics):
            raise PydanticCustomError("duplicate_items", "a topic is listed twice")
        return self

    def stored(self) -> dict[str, object]:
        """As the database keeps it: JSON values, dates as dates."""
        profile = self.model_dump(mode="json")
        profile["lotse_trained_on"] = self.lotse_trained_on
        return profile


@dataclass(frozen=True, slots=True)
class VolunteerView:
    row: asyncpg.Record
    documents: tuple[StoredDocument, ...]
    compliant: bool  # every required document on record and valid today


async def _check(tx: Tx, profile: VolunteerProfile) -> None:
    if not lies_in(profile.municipality, tx.district):
        raise FieldError(("municipality",), "municipality", "the municipality is not in the district")
    if profile.lotse_trained_on is not None and profile.lotse_trained_on > await volunteers.today(tx):
        raise FieldError(("lotse_trained_on",), "date_future", "the training cannot lie in the future")


async def register(
    tx: Tx, profile: VolunteerProfile, *, run_delay_s: float, volunteer_id: UUID | None = None
) -> UUID:
    """A new volunteer, with a new id unless `volunteer_id` gives one (demo data keeps its ids)."""
    await _check(tx, profile)
    volunteer_id = volunteer_id or uuid4()
    await volunteers.insert(tx, volunteer_id, profile.stored())
    await tx.publish(
        VolunteerRegistered(
            district=tx.district,
            volunteer_id=volunteer_id,
            aggregate_version=1,
            contact=profile.contact,
            preferred_language=profile.preferred_language,
        )
    )
    await request_run(tx, delay_s=run_delay_s)
    return volunteer_id


async def update(tx: Tx, volunteer_id: UUID, profile: VolunteerProfile, *, run_delay_s: float) -> None:
    await _check(tx, profile)
    version = await volunteers.update(tx, volunteer_id, profile.stored())
    await tx.publish(
        VolunteerUpdated(
            district=tx.district,
            volunteer_id=volunteer_id,
            aggregate_version=version,
            contact=profile.contact,
            preferred_language=profile.preferred_language,
        )
    )
    await request_run(tx, delay_s=run_delay_s)


async def deactivate(tx: Tx, volunteer_id: UUID, *, run_delay_s: float) -> None:
    """No further proposals or messages; open proposals and running mentorships are withdrawn.
    Deactivating an inactive volunteer changes nothing."""
    await volunteers.load(tx, volunteer_id, for_update=True)
    version = await volunteers.deactivate(tx, volunteer_id)
    if version is None:
        return
    await tx.publish(
        VolunteerDeactivated(district=tx.district, volunteer_id=volunteer_id, aggregate_version=version)
    )
    await withdraw_volunteer_matches(
        tx, volunteer_id=volunteer_id, reason=WithdrawReason.VOLUNTEER_DEACTIVATED
    )
    await request_run(tx, delay_s=run_delay_s)


async def record_document(
    tx: Tx, volunteer_id: UUID, kind: ComplianceDocument, expires_on: date, *, run_delay_s: float
) -> None:
    """Record a document's expiry; with every document valid again a suspension is lifted."""
    await volunteers.load(tx, volunteer_id, for_update=True)
    if expires_on < await volunteers.today(tx):
        raise FieldError(("expires_on",), "date_past", "the document has expired already")
    await volunteers.record_document(tx, volunteer_id, kind, expires_on)
    await volunteers.lift_suspension(tx, volunteer_id, REQUIRED_DOCUMENTS)
    await request_run(tx, delay_s=run_delay_s)


async def read(tx: Tx, volunteer_id: UUID) -> VolunteerView:
    row = await volunteers.load(tx, volunteer_id)
    return (await _views(tx, [row]))[0]


async def page(tx: Tx, after: UUID | None, limit: int) -> list[VolunteerView]:
    """Up to `limit + 1` volunteers after `after`, by id: one more shows whether a page follows."""
    return await _views(tx, await volunteers.page(tx, after, limit + 1))


async def _views(tx: Tx, rows: Sequence[asyncpg.Record]) -> list[VolunteerView]:
    documents = await volunteers.documents_of(tx, [row["volunteer_id"] for row in rows])
    day = await volunteers.today(tx)
    views = []
    for row in rows:
        held = documents[row["volunteer_id"]]
        valid = {document.kind for document in held if document.expires_on >= day}
        views.append(VolunteerView(row, tuple(held), valid >= set(REQUIRED_DOCUMENTS)))
    return views


def contact_of(view: VolunteerView) -> Contact:
    """How matching's messages reach the volunteer, as stored."""
    row = view.row
    return Contact(
        display_name=row["display_name"], email=row["email"], mobile=row["mobile"], channels=row["channels"]
    )
