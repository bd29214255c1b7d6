"""Typed access to the persons table."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg
from pydantic import BaseModel, ConfigDict, Field

from wir_contracts.channels import Channel
from wir_intake.domain.consents import ConsentDecision
from wir_intake.domain.dates import PartialDate
from wir_intake.domain.names import WORD_MATCH, name_tokens
from wir_intake.domain.person import (
    ContactDetails,
    LanguageLevel,
    PersonData,
    ResidenceStatus,
    SpokenLanguage,
)
from wir_kit import Tx, load_queries

Q = load_queries("wir_intake.db", "persons.sql")


@dataclass(frozen=True)
class StoredPerson:
    id: UUID
    version: int
    data: PersonData
    household_id: UUID | None
    created_at: datetime
    updated_at: datetime


class PersonSummary(BaseModel):
    """A person in a list: enough to recognise them (the columns the list queries select)."""

    model_config = ConfigDict(frozen=True)

    id: UUID
    given_names: str
    family_name: str | None
    transliteration: str | None
    birth_year: int | None
    municipality: str
    residence_status: str
    case_manager: str | None
    arrival_date: date | None
    created_at: datetime
    score: float | None = Field(default=None, description="Search only: how well the name matches (0-1).")


class RegistrationLock(NamedTuple):
    """One advisory lock a registration took: two registrations wait for each other if they
    share an id and either holds it exclusively."""

    id: int
    exclusive: bool


@dataclass(frozen=True)
class ListFilter:
    municipality: str | None = None
    residence_status: str | None = None
    case_manager: str | None = None
    language: str | None = None
    country_of_origin: str | None = None
    arrived_from: date | None = None
    arrived_to: date | None = None
    birth_year: int | None = None


def tokens_of(person: PersonData) -> list[str]:
    return name_tokens(person.given_names, person.family_name, person.transliteration, person.preferred_name)


def _columns(person: PersonData) -> tuple[Any, ...]:
    """The stored columns after the id and version, in the order both writes share."""
    birth = person.date_of_birth
    return (
        person.given_names,
        person.family_name,
        person.transliteration,
        person.preferred_name,
        tokens_of(person),
        birth.year if birth else None,
        birth.month if birth else None,
        birth.day if birth else None,
        person.gender,
        person.country_of_origin,
        list(person.nationalities),
        json.dumps([spoken.model_dump(mode="json") for spoken in person.languages]),
        person.preferred_language,
        person.contact.phone,
        person.contact.email,
        [channel.value for channel in person.contact.channels],
        person.municipality,
        person.arrival_date,
        person.residence_status.value,
        person.case_manager,
    )


async def registration_lock(
    tx: Tx, birth_year: int | None, tokens: list[str], probe_words: list[str]
) -> list[RegistrationLock]:
    """Wait for the registrations the duplicate check could find this one in, or it in them
    (`tokens`: all the person's name words; `probe_words`: one word of each name form checked)."""
    rows = await tx.fetch(Q["registration_lock"], tx.district, birth_year, tokens, probe_words, WORD_MATCH)
    return [RegistrationLock(row["id"], row["exclusive"]) for row in rows]


async def register(
    tx: Tx,
    person_id: UUID,
    person: PersonData,
    consents: Sequence[ConsentDecision],
    actor: str,
    fields: Sequence[str],
) -> StoredPerson:
    """Insert a new person (version 1) with their consents and the audit entry "person.create"."""
    row = await tx.fetchrow(
        Q["register"],
        tx.district,
        person_id,
        1,
        *_columns(person),
        actor,
        "person.create",
        list(fields),
        [decision.purpose.value for decision in consents],
        [decision.given for decision in consents],
        [decision.at for decision in consents],
        [decision.legal_basis.value for decision in consents],
        [decision.expires_at if decision.given else None for decision in consents],
    )
    assert row is not None  # an INSERT ... RETURNING of one row
    return StoredPerson(
        id=person_id,
        version=1,
        data=person,
        household_id=None,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def update(tx: Tx, person_id: UUID, version: int, person: PersonData) -> None:
    await tx.execute(Q["update"], person_id, version, *_columns(person))


def _data(row: asyncpg.Record) -> PersonData:
    birth = (
        None
        if row["birth_year"] is None
        else PartialDate.model_construct(
            year=row["birth_year"], month=row["birth_month"], day=row["birth_day"]
        )
    )
    # Stored rows were validated on the way in. Validating again could fail a read after a
    # library update (a phone number plan that changed), so the stored values are taken as they are.
    return PersonData.model_construct(
        given_names=row["given_names"],
        family_name=row["family_name"],
        transliteration=row["transliteration"],
        preferred_name=row["preferred_name"],
        date_of_birth=birth,
        gender=row["gender"],
        country_of_origin=row["country_of_origin"],
        nationalities=list(row["nationalities"]),
        languages=[
            SpokenLanguage.model_construct(language=item["language"], level=LanguageLevel(item["level"]))
            for item in json.loads(row["languages"])
        ],
        preferred_language=row["preferred_language"],
        contact=ContactDetails.model_construct(
            phone=row["phone"], email=row["email"], channels=[Channel(c) for c in row["channels"]]
        ),
        municipality=row["municipality"],
        arrival_date=row["arrival_date"],
        residence_status=ResidenceStatus(row["residence_status"]),
        case_manager=row["case_manager"],
    )


async def get(tx: Tx, person_id: UUID) -> StoredPerson | None:
    row = await tx.fetchrow(Q["get"], person_id)
    if row is None:
        return None
    return StoredPerson(
        id=row["id"],
        version=row["version"],
        data=_data(row),
        household_id=row["household_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def lock(tx: Tx, person_id: UUID) -> int | None:
    """Lock the person's row for this transaction; their version, or None if there is none."""
    version: int | None = await tx.fetchval(Q["lock"], person_id)
    return version


async def bump_version(tx: Tx, person_id: UUID) -> int | None:
    version: int | None = await tx.fetchval(Q["bump_version"], person_id)
    return version


async def exists(tx: Tx, person_id: UUID) -> bool:
    return bool(await tx.fetchval(Q["exists"], person_id))


async def existing_ids(tx: Tx, person_ids: list[UUID]) -> set[UUID]:
    return {row["id"] for row in await tx.fetch(Q["existing_ids"], person_ids)}


async def delete(tx: Tx, person_id: UUID) -> int | None:
    version: int | None = await tx.fetchval(Q["delete"], person_id)
    return version


def _summary(row: asyncpg.Record) -> PersonSummary:
    # Only the search selects a score; the other lists leave it None.
    columns: dict[str, Any] = {name: row.get(name) for name in PersonSummary.model_fields}
    return PersonSummary.model_construct(**columns)


async def page(
    tx: Tx, where: ListFilter, after: tuple[datetime, UUID] | None, limit: int
) -> list[PersonSummary]:
    rows = await tx.fetch(
        Q["list"],
        after[0] if after else None,
        after[1] if after else None,
        where.municipality,
        where.residence_status,
        where.case_manager,
        where.language,
        where.country_of_origin,
        where.arrived_from,
        where.arrived_to,
        where.birth_year,
        limit,
    )
    return [_summary(row) for row in rows]


async def search(
    tx: Tx, tokens: list[str], birth_year: int | None, min_score: float, limit: int
) -> list[PersonSummary]:
    rows = await tx.fetch(Q["search"], tokens, birth_year, min_score, limit)
    return [_summary(row) for row in rows]


async def duplicates(tx: Tx, tokens: list[str], birth_year: int | None, limit: int) -> list[UUID]:
    rows = await tx.fetch(Q["duplicates"], tokens, birth_year, WORD_MATCH, limit)
    return [row["id"] for row in rows]


async def summaries(tx: Tx, person_ids: list[UUID]) -> list[PersonSummary]:
    rows = await tx.fetch(Q["summaries"], person_ids)
    return [_summary(row) for row in rows]
