"""Events intake publishes, version 1: people, their names, contact details, consents and needs.

Names travel in two events only, each to the one consumer that needs them: `PersonContactChanged`
(the name to address the person by, with their contact details) to notifications, and
`PersonIdentified` (the full name and date of birth) to competence, which prints them on the
Kompetenznachweis. Matching and interpreting work without names.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Final, Self
from uuid import UUID

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from wir_contracts._internal.distinct import DISTINCT
from wir_contracts._internal.examples import (
    AMINA,
    COURSE_NEED,
    ERASURE_REQUEST,
    HANAU,
    HANAU_TOWN,
    HEPPENHEIM,
    INTERPRETING_NEED,
    MENTORING_NEED,
    OLEKSANDR,
    envelope,
    examples,
)
from wir_contracts.consent import ConsentPurpose
from wir_contracts.contact import Contact
from wir_contracts.envelope import Event
from wir_contracts.gender import Gender
from wir_contracts.languages import LanguageCode
from wir_contracts.municipalities import MunicipalityKey, lies_in
from wir_contracts.needs import MentoringTopic, NeedKind, NeedUrgency
from wir_contracts.ordering import AggregateVersion
from wir_contracts.parts import Part

__all__ = [
    "CONSENT_CHANGED",
    "NEEDS_RECORDED",
    "PERSON_CONTACT_CHANGED",
    "PERSON_ERASURE_REQUESTED",
    "PERSON_IDENTIFIED",
    "PERSON_REGISTERED",
    "PERSON_UPDATED",
    "ConsentChanged",
    "DateOfBirth",
    "LanguageLevel",
    "Need",
    "NeedsRecorded",
    "PersonContactChanged",
    "PersonErasureRequested",
    "PersonIdentified",
    "PersonRegistered",
    "PersonUpdated",
    "SpokenLevel",
]

PERSON_REGISTERED: Final = "intake.person_registered.v1"
PERSON_UPDATED: Final = "intake.person_updated.v1"
PERSON_CONTACT_CHANGED: Final = "intake.person_contact_changed.v1"
PERSON_IDENTIFIED: Final = "intake.person_identified.v1"
CONSENT_CHANGED: Final = "intake.consent_changed.v1"
NEEDS_RECORDED: Final = "intake.needs_recorded.v1"
PERSON_ERASURE_REQUESTED: Final = "intake.person_erasure_requested.v1"

Consents = Annotated[tuple[ConsentPurpose, ...], DISTINCT]
_PERSON_ID = "Id of the person (intake's person id; the same in every service)."
_PERSON_VERSION = "Version of the person after this change; ignore anything not newer."
_CONSENTS = "Every purpose the person has consented to; a purpose not listed is refused."


class SpokenLevel(StrEnum):
    """How well a person says they speak a language (self-rated at registration, not CEFR)."""

    NATIVE = "native"
    FLUENT = "fluent"
    GOOD = "good"
    BASIC = "basic"


class LanguageLevel(Part):
    """How well a person speaks one of their languages, as they rated it at registration."""

    language: LanguageCode = Field(description="The language.")
    level: SpokenLevel = Field(description="Self-rated level.")


class _PersonProfile(Event):
    """What other services know about a person, without name or contact details."""

    PRODUCER = "intake"

    person_id: UUID = Field(description=_PERSON_ID)
    aggregate_version: AggregateVersion = Field(description=_PERSON_VERSION)
    municipality: MunicipalityKey = Field(
        description="Official key (AGS, 8 digits) of the municipality the person lives in."
    )
    languages: Annotated[tuple[LanguageCode, ...], DISTINCT] = Field(
        min_length=1, description="Languages the person speaks, best first."
    )
    preferred_language: LanguageCode = Field(
        description="Language to address the person in, in messages and by interpreters."
    )
    language_levels: tuple[LanguageLevel, ...] = Field(
        default=(),
        description=(
            "How well the person speaks their languages (since 1.1); a language of `languages` "
            "not listed here has no known level."
        ),
    )

    @model_validator(mode="after")
    def _municipality_in_district(self) -> Self:
        if not lies_in(self.municipality, self.district):
            raise PydanticCustomError("municipality", "the municipality is not in the district")
        return self

    @model_validator(mode="after")
    def _levels_of_listed_languages(self) -> Self:
        levelled = [level.language for level in self.language_levels]
        if len(set(levelled)) != len(levelled) or not set(levelled) <= set(self.languages):
            raise PydanticCustomError(
                "language_levels", "each level must be of a listed language, and only once"
            )
        return self


class PersonRegistered(_PersonProfile):
    """A case manager registered a newly arrived person."""

    EVENT = "person_registered"
    MINOR = 1
    model_config = examples(
        {
            **envelope("intake", "person_registered", occurred_at="2026-11-02T09:14:05Z", version="1.1"),
            "person_id": AMINA,
            "aggregate_version": 1,
            "municipality": HEPPENHEIM,
            "languages": ["prs", "fas", "eng"],
            "preferred_language": "prs",
            "language_levels": [
                {"language": "prs", "level": "native"},
                {"language": "fas", "level": "fluent"},
                {"language": "eng", "level": "basic"},
            ],
            "consents": ["processing", "share_with_volunteers", "contact_sms"],
        },
        {
            **envelope(
                "intake",
                "person_registered",
                occurred_at="2026-11-04T13:40:00+01:00",
                district=HANAU,
                number=2,
                correlation_id=None,
            ),
            "person_id": OLEKSANDR,
            "aggregate_version": 1,
            "municipality": HANAU_TOWN,
            "languages": ["ukr", "rus"],
            "preferred_language": "ukr",
            "consents": ["processing"],
        },
    )

    consents: Consents = Field(description=_CONSENTS)


class PersonUpdated(_PersonProfile):
    """A case manager changed where a person lives or which languages they speak."""

    EVENT = "person_updated"
    MINOR = 1
    model_config = examples(
        {
            **envelope("intake", "person_updated", occurred_at="2026-11-20T10:02:44Z", version="1.1"),
            "person_id": AMINA,
            "aggregate_version": 4,
            "municipality": HEPPENHEIM,
            "languages": ["prs", "fas", "eng", "deu"],
            "preferred_language": "prs",
        }
    )


class PersonContactChanged(Event):
    """A person's contact details were recorded or changed; sent on registration too."""

    PRODUCER = "intake"
    EVENT = "person_contact_changed"
    model_config = examples(
        {
            **envelope("intake", "person_contact_changed", occurred_at="2026-11-02T09:14:05Z"),
            "person_id": AMINA,
            "aggregate_version": 1,
            "contact": {
                "display_name": "Amina",
                "email": None,
                "mobile": "+4915100000001",
                "channels": ["sms", "inbox"],
            },
        }
    )

    person_id: UUID = Field(description=_PERSON_ID)
    aggregate_version: AggregateVersion = Field(description=_PERSON_VERSION)
    contact: Contact = Field(description="How to reach the person, after this change.")


_EARLIEST_BIRTH_YEAR = 1900
# Intake's limits: given names and family name up to 200 characters each, joined by a space.
_FullName = Annotated[str, StringConstraints(min_length=1, max_length=401)]
_LatinName = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class DateOfBirth(Part):
    """A date of birth as far as it is known: the year, the year and month, or the whole date."""

    year: int = Field(ge=_EARLIEST_BIRTH_YEAR, le=9999, description="Year of birth.")
    month: int | None = Field(default=None, ge=1, le=12, description="Month, if known.")
    day: int | None = Field(default=None, ge=1, le=31, description="Day, if known (only with the month).")

    @model_validator(mode="after")
    def _a_real_date(self) -> Self:
        if self.day is not None and self.month is None:
            raise PydanticCustomError("partial_date", "a day needs a month")
        try:
            date(self.year, self.month or 1, self.day or 1)
        except ValueError:
            raise PydanticCustomError("partial_date", "no such date") from None
        return self


class PersonIdentified(Event):
    """Who a person is: their name in both scripts and their date of birth as far as known.

    Sent on registration and whenever one of these changes. Only competence consumes it, to name
    the holder on the Kompetenznachweis; nobody else needs a person's name or date of birth.
    """

    PRODUCER = "intake"
    EVENT = "person_identified"
    model_config = examples(
        {
            **envelope("intake", "person_identified", occurred_at="2026-11-02T09:14:05Z"),
            "person_id": AMINA,
            "aggregate_version": 1,
            "name_original": "أمينة رحيمي",
            "name_latin": "Amina Rahimi",
            "date_of_birth": {"year": 1994, "month": 3, "day": None},
        },
        {
            **envelope(
                "intake",
                "person_identified",
                occurred_at="2026-11-04T13:40:00+01:00",
                district=HANAU,
                number=2,
                correlation_id=None,
            ),
            "person_id": OLEKSANDR,
            "aggregate_version": 1,
            "name_original": "Олександр Коваленко",
            "name_latin": None,
            "date_of_birth": None,
        },
    )

    person_id: UUID = Field(description=_PERSON_ID)
    aggregate_version: AggregateVersion = Field(description=_PERSON_VERSION)
    name_original: _FullName = Field(
        description="Given names and family name in the person's own script, as intake records them."
    )
    name_latin: _LatinName | None = Field(
        default=None, description="The full name in Latin script, as in the person's documents; null if none."
    )
    date_of_birth: DateOfBirth | None = Field(
        default=None, description="Date of birth as far as known; null when unknown."
    )


class ConsentChanged(Event):
    """A person gave or withdrew consent; carries every consent after the change."""

    PRODUCER = "intake"
    EVENT = "consent_changed"
    model_config = examples(
        {
            **envelope("intake", "consent_changed", occurred_at="2026-11-05T15:30:00Z"),
            "person_id": AMINA,
            "aggregate_version": 3,
            "consents": ["processing", "share_with_volunteers", "share_with_interpreters", "contact_sms"],
        }
    )

    person_id: UUID = Field(description=_PERSON_ID)
    aggregate_version: AggregateVersion = Field(description=_PERSON_VERSION)
    consents: Consents = Field(description=_CONSENTS)


class Need(Part):
    """One open need of a person."""

    need_id: UUID = Field(description="Id of the need; stays the same while it is open.")
    kind: NeedKind = Field(description="What kind of support is needed.")
    topics: Annotated[tuple[MentoringTopic, ...], DISTINCT] = Field(
        default=(), description="For mentoring: the topics a mentor should help with."
    )
    language: LanguageCode | None = Field(
        default=None,
        description=(
            "For interpreting: the language to interpret into; for a language course: the language to learn."
        ),
    )
    urgency: NeedUrgency | None = Field(
        default=None, description="How soon the need should be met (since 1.1)."
    )
    open_since: date | None = Field(
        default=None, description="Day the need was first recorded; it waits since then (since 1.1)."
    )
    mentor_gender: Gender | None = Field(
        default=None,
        description="For mentoring: the mentor's gender the person asked for, if they did (since 1.1).",
    )


class NeedsRecorded(Event):
    """A case manager recorded a person's needs; carries every open need after the change.

    A need no longer listed is met or withdrawn.
    """

    PRODUCER = "intake"
    EVENT = "needs_recorded"
    MINOR = 1
    model_config = examples(
        {
            **envelope("intake", "needs_recorded", occurred_at="2026-11-02T09:31:12Z", version="1.1"),
            "person_id": AMINA,
            "aggregate_version": 2,
            "needs": [
                {
                    "need_id": MENTORING_NEED,
                    "kind": "mentoring",
                    "topics": ["authorities", "housing"],
                    "language": None,
                    "urgency": "soon",
                    "open_since": "2026-11-02",
                    "mentor_gender": "female",
                },
                {"need_id": INTERPRETING_NEED, "kind": "interpreting", "topics": [], "language": "prs"},
                {"need_id": COURSE_NEED, "kind": "language_course", "topics": [], "language": "deu"},
            ],
        }
    )

    person_id: UUID = Field(description=_PERSON_ID)
    aggregate_version: AggregateVersion = Field(description=_PERSON_VERSION)
    needs: tuple[Need, ...] = Field(description="Every open need of the person.")

    @model_validator(mode="after")
    def _needs_distinct(self) -> Self:
        if len({need.need_id for need in self.needs}) != len(self.needs):
            raise PydanticCustomError("duplicate_items", "a need is listed twice")
        return self


class PersonErasureRequested(Event):
    """A person's data is to be erased everywhere; each service confirms with ErasureCompleted.

    Later events about the person must not bring data back: consumers keep a tombstone.
    """

    PRODUCER = "intake"
    EVENT = "person_erasure_requested"
    model_config = examples(
        {
            **envelope(
                "intake", "person_erasure_requested", occurred_at="2026-11-25T08:00:00Z", district=HANAU
            ),
            "person_id": OLEKSANDR,
            "aggregate_version": 2,
            "request_id": ERASURE_REQUEST,
        }
    )

    person_id: UUID = Field(description=_PERSON_ID)
    aggregate_version: AggregateVersion = Field(
        description="Last version of the person; anything about them is stale from now on."
    )
    request_id: UUID = Field(description="Id of the erasure request, echoed in confirmations.")
