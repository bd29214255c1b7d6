"""Households: who lives with whom."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse, Response

from wir_intake.api.deps import IdempotencyKey
from wir_intake.api.errors import MISSING
from wir_intake.api.idempotency import idempotent
from wir_intake.commands import households as commands
from wir_intake.db import audit
from wir_intake.db import households as store
from wir_intake.db.households import StoredHousehold
from wir_intake.domain.errors import NotFound
from wir_intake.domain.households import HouseholdData
from wir_kit import Database, Staff, Tx, shown


class HouseholdOut(HouseholdData):
    id: UUID
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, household: StoredHousehold) -> HouseholdOut:
        return cls.model_construct(
            members=household.data.members,
            id=household.id,
            created_at=household.created_at,
            updated_at=household.updated_at,
        )


async def _load(tx: Tx, household_id: UUID) -> StoredHousehold:
    household = await store.get(tx, household_id)
    if household is None:
        raise NotFound
    return household


router = APIRouter(prefix="/households", tags=["households"])
CONFLICTS: dict[int | str, dict[str, Any]] = {
    409: {"description": "A member already belongs to another household."}
}


@router.post("", status_code=status.HTTP_201_CREATED, response_model=HouseholdOut, responses=CONFLICTS)
async def form_household(
    household: HouseholdData, request: Request, db: Database, caller: Staff, key: IdempotencyKey
) -> Response:
    """Form a household of registered people (children included)."""

    async def form(tx: Tx) -> HouseholdOut:
        household_id = await commands.create(tx, caller.sub, household)
        return HouseholdOut.of(await _load(tx, household_id))

    return await idempotent(db, caller, key, request, household, form, person_id=None)


@router.get("/{household_id}", response_model=HouseholdOut, responses=MISSING)
async def read_household(household_id: UUID, db: Database, caller: Staff) -> JSONResponse:
    """A household and its members."""
    async with db.transaction(caller.district) as tx:
        household = await _load(tx, household_id)
        members = [m.person_id for m in household.data.members]
        await audit.record(tx, caller.sub, "household.read", members, ["household"])
    return shown(HouseholdOut.of(household))


@router.patch(
    "/{household_id}",
    response_model=HouseholdOut,
    responses={**MISSING, **CONFLICTS},
)
async def change_household(
    household_id: UUID, household: HouseholdData, db: Database, caller: Staff
) -> JSONResponse:
    """Replace the household's members (someone moved in or out, a child was born)."""
    async with db.transaction(caller.district) as tx:
        await commands.change(tx, caller.sub, household_id, household)
        stored = await _load(tx, household_id)
    return shown(HouseholdOut.of(stored))
