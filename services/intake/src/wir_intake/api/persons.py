"""Registering, reading, changing, listing and finding people."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, field_validator

from wir_contracts.countries import CountryCode
from wir_contracts.languages import LanguageCode
from wir_contracts.municipalities import MunicipalityKey
from wir_intake.api.deps import Config, IdempotencyKey, Limit
from wir_intake.api.errors import MISSING
from wir_intake.api.idempotency import idempotent
from wir_intake.api.paging import CursorParam, Page, decode, next_cursor
from wir_intake.api.person_views import LINE_FIELDS, RECORD_FIELDS, PersonLine, PersonOut
from wir_intake.api.versions import IfMatch, etag, read_at
from wir_intake.commands import persons as commands
from wir_intake.db import audit
from wir_intake.db import persons as store
from wir_intake.domain.changes import Changes
from wir_intake.domain.consents import ConsentDecision, check_distinct_purposes
from wir_intake.domain.dates import EARLIEST_YEAR, PartialDate
from wir_intake.domain.errors import NotFound, PossibleDuplicates
from wir_intake.domain.names import name_tokens
from wir_intake.domain.person import (
    ArrivalDate,
    ContactDetails,
    Nationalities,
    PersonData,
    ResidenceStatus,
    SpokenLanguage,
)
from wir_intake.domain.text import Label, Name, ShortName
from wir_kit import Database, Db, Principal, Role, Staff, Tx, invalid, shown


class PersonIn(PersonData):
    """A newly arrived person, with the consents recorded at registration."""

    consents: list[ConsentDecision] = Field(
        default_factory=list, max_length=12, description="Consents given or refused at registration."
    )

    @field_validator("consents")
    @classmethod
    def _one_per_purpose(cls, consents: list[ConsentDecision]) -> list[ConsentDecision]:
        check_distinct_purposes(consents)
        return consents


class PersonChanges(Changes):
    """The fields to change; a field left out stays as it is, null clears an optional one.

    The record is validated as a whole after the change (e.g. the preferred language must
    still be one of the languages), so a null for a required field is refused there.
    """

    given_names: Name | None = None
    family_name: Name | None = None
    transliteration: Name | None = None
    preferred_name: ShortName | None = None
    date_of_birth: PartialDate | None = None
    gender: Label | None = None
    country_of_origin: CountryCode | None = None
    nationalities: Nationalities | None = None
    languages: list[SpokenLanguage] | None = None
    preferred_language: LanguageCode | None = None
    contact: ContactDetails | None = None
    municipality: MunicipalityKey | None = None
    arrival_date: ArrivalDate | None = None
    residence_status: ResidenceStatus | None = None
    case_manager: Label | None = None


class Candidate(PersonLine):
    """A person the new one may be."""


class Duplicates(BaseModel):
    detail: str = Field(description="Why the request was refused.")
    candidates: list[Candidate] = Field(description="People already registered who may be the same.")


class PersonPage(Page):
    items: list[PersonLine]


class SearchResult(BaseModel):
    items: list[PersonLine] = Field(description="Best match first.")


BirthYear = Annotated[int | None, Query(ge=EARLIEST_YEAR, le=9999, description="Year of birth.")]


router = APIRouter(prefix="/persons", tags=["persons"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=PersonOut,
    responses={409: {"model": Duplicates, "description": "The person may be registered already."}},
)
async def register_person(
    person: PersonIn,
    request: Request,
    db: Database,
    caller: Staff,
    key: IdempotencyKey,
    confirmed_new: Annotated[
        bool, Query(description="Register even though similar people exist (after a 409).")
    ] = False,
) -> Response:
    """Register a newly arrived person; 409 with candidates if they may be registered already."""
    values = {name: getattr(person, name) for name in PersonData.model_fields}
    if values["case_manager"] is None and Role.CASE_MANAGER in caller.roles:
        values["case_manager"] = caller.sub  # whoever registers a person manages the case
    data = PersonData.model_construct(**values)
    fields = sorted(name for name, value in values.items() if value not in (None, []))
    fields += ["consents"] if person.consents else []

    # Chosen before the transaction: the idempotency claim records whom its answer will name.
    person_id = uuid4()

    async def register(tx: Tx) -> PersonOut:
        # The answer is what was written: a new person has no household and is at version 1.
        stored = await commands.register(
            tx,
            caller.sub,
            data,
            person.consents,
            confirmed_new=confirmed_new,
            fields=fields,
            person_id=person_id,
        )
        return PersonOut.of(stored)

    try:
        return await idempotent(db, caller, key, request, person, register, person_id=person_id)
    except PossibleDuplicates as exc:
        return await _duplicates(db, caller, exc)


async def _duplicates(db: Db, caller: Principal, exc: PossibleDuplicates) -> JSONResponse:
    # Showing the candidates is a read of their records, audited in its own transaction
    # because the registration's was rolled back.
    async with db.transaction(caller.district) as tx:
        lines = await store.summaries(tx, list(exc.candidates))
        await audit.record(tx, caller.sub, "person.duplicate_check", [p.id for p in lines], LINE_FIELDS)
    body = Duplicates(
        detail="possible duplicates: confirm with confirmed_new=true",
        candidates=[Candidate.of(line) for line in lines],
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=status.HTTP_409_CONFLICT)


@router.get("", response_model=PersonPage)
async def list_persons(
    db: Database,
    caller: Staff,
    municipality: Annotated[MunicipalityKey | None, Query()] = None,
    residence_status: Annotated[ResidenceStatus | None, Query()] = None,
    case_manager: Annotated[str | None, Query(max_length=100)] = None,
    language: Annotated[LanguageCode | None, Query(description="Speaks this language.")] = None,
    country_of_origin: Annotated[CountryCode | None, Query()] = None,
    arrived_from: Annotated[date | None, Query()] = None,
    arrived_to: Annotated[date | None, Query()] = None,
    birth_year: BirthYear = None,
    cursor: CursorParam = None,
    limit: Limit = 50,
) -> JSONResponse:
    """The district's people, newest first, filtered."""
    where = store.ListFilter(
        municipality=municipality,
        residence_status=residence_status.value if residence_status else None,
        case_manager=case_manager,
        language=language,
        country_of_origin=country_of_origin,
        arrived_from=arrived_from,
        arrived_to=arrived_to,
        birth_year=birth_year,
    )
    after = decode(cursor)
    async with db.transaction(caller.district) as tx:
        lines = await store.page(tx, where, after, limit + 1)
        await audit.record(tx, caller.sub, "person.list", [p.id for p in lines[:limit]], LINE_FIELDS)
    return shown(
        PersonPage(
            items=[PersonLine.of(line) for line in lines[:limit]],
            next_cursor=next_cursor(lines, limit, lambda p: (p.created_at, p.id)),
        )
    )


@router.get("/search", response_model=SearchResult)
async def search_persons(
    db: Database,
    caller: Staff,
    config: Config,
    name: Annotated[str, Query(min_length=1, max_length=200, description="Any name form, any script.")],
    birth_year: BirthYear = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> JSONResponse:
    """People whose name resembles `name`, tolerating transliterations and typos."""
    tokens = name_tokens(name)
    if not tokens:
        raise invalid(("query", "name"), "name", "needs at least one word of two letters")
    async with db.transaction(caller.district) as tx:
        lines = await store.search(tx, tokens, birth_year, config.search_min_score, limit)
        await audit.record(tx, caller.sub, "person.search", [p.id for p in lines], LINE_FIELDS)
    return shown(SearchResult(items=[PersonLine.of(line) for line in lines]))


@router.get("/{person_id}", response_model=PersonOut, responses=MISSING)
async def read_person(person_id: UUID, db: Database, caller: Staff) -> JSONResponse:
    """A person's record."""
    async with db.transaction(caller.district) as tx:
        person = await store.get(tx, person_id)
        if person is None:
            raise NotFound
        await audit.record(tx, caller.sub, "person.read", [person_id], RECORD_FIELDS)
    return versioned(PersonOut.of(person))


@router.patch(
    "/{person_id}",
    response_model=PersonOut,
    responses={
        **MISSING,
        412: {"description": "If-Match names an older version: read the record again."},
    },
)
async def change_person(
    person_id: UUID, changes: PersonChanges, db: Database, caller: Staff, if_match: IfMatch = None
) -> JSONResponse:
    """Change some fields of a person's record; the record is validated as a whole again."""
    version = read_at(if_match)
    async with db.transaction(caller.district) as tx:
        await commands.update(tx, caller.sub, person_id, changes.changes(), read_at=version)
        person = await store.get(tx, person_id)
    if person is None:
        raise NotFound
    return versioned(PersonOut.of(person))


def versioned(person: PersonOut) -> JSONResponse:
    """The record with its version as ETag, for a later If-Match."""
    response = shown(person)
    response.headers["ETag"] = etag(person.version)
    return response
