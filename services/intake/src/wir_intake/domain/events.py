"""The contract events that intake's changes produce."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from wir_contracts.consent import ConsentPurpose
from wir_contracts.contact import Contact
from wir_contracts.intake.v1 import (
    ConsentChanged,
    DateOfBirth,
    LanguageLevel,
    Need,
    NeedsRecorded,
    PersonContactChanged,
    PersonErasureRequested,
    PersonIdentified,
    PersonRegistered,
    PersonUpdated,
    SpokenLevel,
)
from wir_intake.domain.needs import ACTIVE, CONTRACT_URGENCY
from wir_intake.domain.needs import Need as StoredNeed
from wir_intake.domain.person import PersonData


def _profile(person: PersonData) -> dict[str, Any]:
    """What consumers know of a person from registration and every update: no names, no contact."""
    return {
        "municipality": person.municipality,
        "languages": person.languages_best_first(),
        "preferred_language": person.preferred_language,
        # Every language has its self-rated level; the contracts' scale is intake's own.
        "language_levels": tuple(
            LanguageLevel(language=spoken.language, level=SpokenLevel(spoken.level.value))
            for spoken in person.spoken_best_first()
        ),
    }


def registered(
    district: str, person_id: UUID, version: int, person: PersonData, consents: tuple[ConsentPurpose, ...]
) -> PersonRegistered:
    return PersonRegistered(
        district=district,
        person_id=person_id,
        aggregate_version=version,
        consents=consents,
        **_profile(person),
    )


def updated(district: str, person_id: UUID, version: int, person: PersonData) -> PersonUpdated:
    return PersonUpdated(
        district=district, person_id=person_id, aggregate_version=version, **_profile(person)
    )


def contact_changed(district: str, person_id: UUID, version: int, person: PersonData) -> PersonContactChanged:
    contact = Contact(
        display_name=person.display_name(),
        email=person.contact.email,
        mobile=person.contact.phone,
        channels=tuple(person.contact.channels),
    )
    return PersonContactChanged(
        district=district, person_id=person_id, aggregate_version=version, contact=contact
    )


def identified(district: str, person_id: UUID, version: int, person: PersonData) -> PersonIdentified:
    """The full name and date of birth, for the Kompetenznachweis only (competence consumes it)."""
    born = person.date_of_birth
    return PersonIdentified(
        district=district,
        person_id=person_id,
        aggregate_version=version,
        name_original=person.full_name(),
        name_latin=person.transliteration,
        date_of_birth=None if born is None else DateOfBirth(year=born.year, month=born.month, day=born.day),
    )


def consent_changed(
    district: str, person_id: UUID, version: int, consents: tuple[ConsentPurpose, ...]
) -> ConsentChanged:
    return ConsentChanged(
        district=district, person_id=person_id, aggregate_version=version, consents=consents
    )


def needs_recorded(district: str, person_id: UUID, version: int, needs: list[StoredNeed]) -> NeedsRecorded:
    open_needs = tuple(_need(need) for need in needs if need.data.status in ACTIVE)
    return NeedsRecorded(district=district, person_id=person_id, aggregate_version=version, needs=open_needs)


def _need(need: StoredNeed) -> Need:
    return Need(
        need_id=need.id,
        kind=need.data.kind,
        topics=tuple(need.data.topics),
        language=need.data.language,
        urgency=CONTRACT_URGENCY[need.data.urgency],
        open_since=need.open_since,
        mentor_gender=need.data.mentor_gender,
    )


def erasure_requested(
    district: str, person_id: UUID, version: int, request_id: UUID
) -> PersonErasureRequested:
    return PersonErasureRequested(
        district=district, person_id=person_id, aggregate_version=version, request_id=request_id
    )
