"""A person's case timeline, from other services' events."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, JsonValue

from wir_intake.api.deps import Limit
from wir_intake.api.errors import MISSING
from wir_intake.api.paging import CursorParam, Page, decode, next_cursor
from wir_intake.db import audit, persons, timeline
from wir_intake.domain.errors import NotFound
from wir_kit import Database, Staff, shown


class TimelineEntry(BaseModel):
    event_id: UUID
    occurred_at: datetime
    producer: str = Field(description="Service the event came from.")
    event_type: str = Field(description="What happened, e.g. course_completed.")
    event_version: str
    details: dict[str, JsonValue] = Field(
        description="Ids, codes and dates of the event; empty for kinds intake does not know yet."
    )


class TimelinePage(Page):
    items: list[TimelineEntry] = Field(description="Newest first.")


router = APIRouter(tags=["timeline"])


@router.get(
    "/persons/{person_id}/timeline",
    response_model=TimelinePage,
    responses=MISSING,
)
async def person_timeline(
    person_id: UUID, db: Database, caller: Staff, cursor: CursorParam = None, limit: Limit = 50
) -> JSONResponse:
    """What happened for the person in the other services: courses, matches, appointments, messages."""
    after = decode(cursor)
    async with db.transaction(caller.district) as tx:
        if not await persons.exists(tx, person_id):
            raise NotFound
        entries = await timeline.page(tx, person_id, after, limit + 1)
        await audit.record(tx, caller.sub, "timeline.read", [person_id], ["timeline"])
    return shown(
        TimelinePage(
            items=[TimelineEntry(**vars(entry)) for entry in entries[:limit]],
            next_cursor=next_cursor(entries, limit, lambda e: (e.occurred_at, e.event_id)),
        )
    )
