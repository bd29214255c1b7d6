"""A person's needs, and the district's needs across people."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from wir_contracts.gender import Gender
from wir_contracts.languages import LanguageCode
from wir_contracts.needs import NeedKind
from wir_intake.api.deps import IdempotencyKey, Limit
from wir_intake.api.errors import MISSING
from wir_intake.api.idempotency import idempotent
from wir_intake.api.paging import CursorParam, Page, decode, next_cursor
from wir_intake.commands import needs as commands
from wir_intake.db import audit, persons
from wir_intake.db import needs as store
from wir_intake.domain.changes import Changes
from wir_intake.domain.errors import NotFound
from wir_intake.domain.needs import Need, NeedData, NeedStatus, Topics, Urgency
from wir_intake.domain.text import Notes
from wir_kit import Database, Staff, Tx, shown


class NeedOut(NeedData):
    id: UUID
    person_id: UUID
    created_by: str
    created_at: datetime
    updated_at: datetime
    open_since: date = Field(description="Day the need was recorded; it waits since then while active.")

    @classmethod
    def of(cls, need: Need) -> NeedOut:
        return cls.model_construct(
            **dict(need.data),
            id=need.id,
            person_id=need.person_id,
            created_by=need.created_by,
            created_at=need.created_at,
            updated_at=need.updated_at,
            open_since=need.open_since,
        )


class NeedChanges(Changes):
    """The fields to change; the kind stays. A met or withdrawn need does not change status again."""

    topics: Topics | None = None
    mentor_gender: Gender | None = None
    language: LanguageCode | None = None
    urgency: Urgency | None = None
    notes: Notes | None = None
    status: NeedStatus | None = None


class NeedList(BaseModel):
    items: list[NeedOut]


class NeedPage(Page):
    items: list[NeedOut]


NEED_FIELDS = tuple(f"needs.{name}" for name in NeedData.model_fields)


router = APIRouter(tags=["needs"])


@router.post(
    "/persons/{person_id}/needs",
    status_code=status.HTTP_201_CREATED,
    response_model=NeedOut,
    responses=MISSING,
)
async def record_need(
    person_id: UUID, need: NeedData, request: Request, db: Database, caller: Staff, key: IdempotencyKey
) -> Response:
    """Record a need of the person; matching and interpreting learn of every open need."""

    async def add(tx: Tx) -> NeedOut:
        stored = await commands.add(tx, caller.sub, person_id, need, sorted(need.model_fields_set))
        return NeedOut.of(stored)

    return await idempotent(db, caller, key, request, need, add, person_id=person_id)


@router.get("/persons/{person_id}/needs", response_model=NeedList, responses=MISSING)
async def person_needs(
    person_id: UUID,
    db: Database,
    caller: Staff,
    status_: Annotated[NeedStatus | None, Query(alias="status")] = None,
) -> JSONResponse:
    """The person's needs, oldest first."""
    async with db.transaction(caller.district) as tx:
        if not await persons.exists(tx, person_id):
            raise NotFound
        needs = [n for n in await store.of_person(tx, person_id) if status_ in (None, n.data.status)]
        await audit.record(tx, caller.sub, "needs.read", [person_id], NEED_FIELDS)
    return shown(NeedList(items=[NeedOut.of(need) for need in needs]))


@router.patch(
    "/persons/{person_id}/needs/{need_id}",
    response_model=NeedOut,
    responses={**MISSING, 409: {"description": "The need is closed."}},
)
async def change_need(
    person_id: UUID, need_id: UUID, changes: NeedChanges, db: Database, caller: Staff
) -> JSONResponse:
    """Change a need: its status, urgency, notes, topics, mentor's gender or language."""
    async with db.transaction(caller.district) as tx:
        need = await commands.change(tx, caller.sub, person_id, need_id, changes.changes())
    return shown(NeedOut.of(need))


@router.get("/needs", response_model=NeedPage)
async def district_needs(
    db: Database,
    caller: Staff,
    kind: Annotated[NeedKind | None, Query()] = None,
    status_: Annotated[NeedStatus | None, Query(alias="status")] = None,
    urgency: Annotated[Urgency | None, Query()] = None,
    cursor: CursorParam = None,
    limit: Limit = 50,
) -> JSONResponse:
    """The district's needs, newest first, e.g. every urgent open housing need."""
    where = store.NeedFilter(
        kind=kind.value if kind else None,
        status=status_.value if status_ else None,
        urgency=urgency.value if urgency else None,
    )
    async with db.transaction(caller.district) as tx:
        needs = await store.page(tx, where, decode(cursor), limit + 1)
        shown_needs = needs[:limit]
        await audit.record(tx, caller.sub, "needs.list", [n.person_id for n in shown_needs], NEED_FIELDS)
    return shown(
        NeedPage(
            items=[NeedOut.of(need) for need in shown_needs],
            next_cursor=next_cursor(needs, limit, lambda n: (n.created_at, n.id)),
        )
    )
