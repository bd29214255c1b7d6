"""Erasing a person, and the proof that every service has done its part."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from wir_contracts.services import Service
from wir_intake.api.deps import Limit
from wir_intake.api.errors import MISSING
from wir_intake.api.paging import CursorParam, Page, decode, next_cursor
from wir_intake.commands import erasure as commands
from wir_intake.db import erasures as store
from wir_intake.domain.erasure import CONFIRMING, ErasureRequest, ErasureState
from wir_intake.domain.errors import NotFound
from wir_kit import Database, Staff, shown


class ServiceErasure(BaseModel):
    service: Service
    confirmed_at: datetime | None = Field(description="When the service confirmed; null while outstanding.")


class ErasureStatus(BaseModel):
    """Where the erasure of a person stands, per service."""

    request_id: UUID
    person_id: UUID
    state: ErasureState = Field(description="pending, overdue (not finished in time) or completed.")
    requested_at: datetime
    overdue_since: datetime | None
    completed_at: datetime | None
    services: list[ServiceErasure] = Field(
        description="Every service that must confirm, with its confirmation."
    )

    @classmethod
    def of(cls, erasure: ErasureRequest) -> ErasureStatus:
        return cls(
            request_id=erasure.id,
            person_id=erasure.person_id,
            state=erasure.state(),
            requested_at=erasure.requested_at,
            overdue_since=erasure.overdue_at if erasure.completed_at is None else None,
            completed_at=erasure.completed_at,
            services=[
                ServiceErasure(service=service, confirmed_at=erasure.confirmations.get(service))
                for service in CONFIRMING
            ],
        )


class ErasurePage(Page):
    items: list[ErasureStatus]


router = APIRouter(tags=["erasure"])


@router.delete(
    "/persons/{person_id}",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ErasureStatus,
    responses=MISSING,
)
async def erase_person(person_id: UUID, db: Database, caller: Staff) -> JSONResponse:
    """Erase a person: intake's data at once, every other service's on its confirmation."""
    async with db.transaction(caller.district) as tx:
        erasure = await commands.request(tx, caller.sub, person_id)
    return shown(ErasureStatus.of(erasure), status.HTTP_202_ACCEPTED)


@router.get(
    "/persons/{person_id}/erasure",
    response_model=ErasureStatus,
    responses=MISSING,
)
async def erasure_status(person_id: UUID, db: Database, caller: Staff) -> JSONResponse:
    """Where the erasure of a person stands; 404 if none was asked for."""
    async with db.transaction(caller.district) as tx:
        erasure = await store.of_person(tx, person_id)
    if erasure is None:
        raise NotFound
    return shown(ErasureStatus.of(erasure))


@router.get("/erasures", response_model=ErasurePage)
async def list_erasures(
    db: Database,
    caller: Staff,
    state: Annotated[ErasureState | None, Query()] = None,
    cursor: CursorParam = None,
    limit: Limit = 50,
) -> JSONResponse:
    """The district's erasure requests, newest first, e.g. the overdue ones."""
    async with db.transaction(caller.district) as tx:
        rows = await store.page(tx, state.value if state else None, decode(cursor), limit + 1)
    return shown(
        ErasurePage(
            items=[ErasureStatus.of(erasure) for erasure in rows[:limit]],
            next_cursor=next_cursor(rows, limit, lambda e: (e.requested_at, e.id)),
        )
    )
