"""Households: who lives with whom."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import JSONResponse

from wir_intake.api import idempotency
from wir_intake.api.access import IdempotencyKey, Staff
from wir_intake.api.failures import NOT_FOUND, answered_as_http, shown
from wir_intake.commands import households as commands
from wir_intake.db import audit
from wir_intake.db import households as store
from wir_intake.db.households import StoredHousehold
from wir_intake.domain.households import HouseholdData
from wir_kit.db import Tx
from wir_kit.runtime import Runtime


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
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
    return household


def routes(runtime: Runtime) -> APIRouter:
    router = APIRouter(prefix="/households", tags=["households"])
    conflicts: dict[int | str, dict[str, Any]] = {
        409: {"description": "A member already belongs to another household."}
    }

    @router.post("", status_code=status.HTTP_201_CREATED, response_model=HouseholdOut, responses=conflicts)
    async def form_household(
        household: HouseholdData, request: Request, caller: Staff, key: IdempotencyKey
    ) -> JSONResponse:
        """Form a household of registered people (children included)."""
        async with runtime.db.transaction(caller.district) as tx:
            if replayed := await idempotency.replay(tx, caller, key, request, household):
                return replayed
            with answered_as_http():
                household_id = await commands.create(tx, caller.sub, household)
            stored = await _load(tx, household_id)
            return await idempotency.answer(tx, caller, key, 201, HouseholdOut.of(stored), None)

    @router.get("/{household_id}", response_model=HouseholdOut, responses={404: {"description": NOT_FOUND}})
    async def read_household(household_id: UUID, caller: Staff) -> JSONResponse:
        """A household and its members."""
        async with runtime.db.transaction(caller.district) as tx:
            household = await _load(tx, household_id)
            members = [m.person_id for m in household.data.members]
            await audit.record(tx, caller.sub, "household.read", members, ["household"])
        return shown(HouseholdOut.of(household))

    @router.patch(
        "/{household_id}",
        response_model=HouseholdOut,
        responses={404: {"description": NOT_FOUND}, **conflicts},
    )
    async def change_household(household_id: UUID, household: HouseholdData, caller: Staff) -> JSONResponse:
        """Replace the household's members (someone moved in or out, a child was born)."""
        async with runtime.db.transaction(caller.district) as tx:
            with answered_as_http():
                await commands.change(tx, caller.sub, household_id, household)
            stored = await _load(tx, household_id)
        return shown(HouseholdOut.of(stored))

    return router
