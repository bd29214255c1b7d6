"""Coordinators' routes of the district's assignment: run it now, and see who waits and why."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from wir_contracts.matching.v1 import WaitingReason
from wir_kit import Coordinator, Database
from wir_matching.api.deps import Config
from wir_matching.commands import runs
from wir_matching.db import snapshot

router = APIRouter(tags=["runs"])


class RunOut(BaseModel):
    proposed: list[UUID]
    waiting: int


class WaitingOut(BaseModel):
    need_id: UUID
    person_id: UUID
    reason: WaitingReason
    waiting_since: date
    days_waited: int
    recorded_at: datetime


@router.post("/runs")
async def run_now(db: Database, caller: Coordinator, settings: Config) -> RunOut:
    """Run the district's assignment at once: the new proposals' ids and how many still wait."""
    async with db.transaction(caller.district) as tx:
        outcome = await runs.run_district(tx, settings)
    return RunOut(proposed=list(outcome.proposed), waiting=outcome.waiting)


@router.get("/waiting")
async def waiting_list(
    db: Database, caller: Coordinator, limit: Annotated[int, Query(ge=1, le=5000)] = 500
) -> list[WaitingOut]:
    """Who waits for a mentor after the last run, and why; longest waiting first."""
    async with db.transaction(caller.district) as tx:
        rows = await snapshot.waiting_list(tx, limit)
    return [
        WaitingOut(
            need_id=row["need_id"],
            person_id=row["person_id"],
            reason=WaitingReason(row["reason"]),
            waiting_since=row["waiting_since"],
            days_waited=max(row["days_waited"], 0),
            recorded_at=row["recorded_at"],
        )
        for row in rows
    ]
