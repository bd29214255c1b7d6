"""An interpreter's calendar: what they hold, for their own district and for neighbouring
districts they serve. Job facts only (language, time, place, mode): never the person."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BaseModel, Field

from wir_contracts.interpreting.v1 import InterpretingMode
from wir_interpreting.api.deps import CoordinatorOrInterpreter, admit_to_interpreter
from wir_interpreting.api.errors import MISSING
from wir_interpreting.db import calendar, interpreters
from wir_kit import Database, invalid

router = APIRouter(prefix="/interpreters", tags=["calendar"])

LONGEST = timedelta(days=366)


class BookingOut(BaseModel):
    appointment_id: UUID
    requesting_district: str = Field(
        description="The district the job is for; another one for a neighbour's."
    )
    state: str = Field(description="held (asked, awaiting the answer), confirmed, done or released.")
    language: str
    variety: str | None
    mode: InterpretingMode
    municipality: str | None
    starts_at: datetime
    ends_at: datetime
    leaves_at: datetime = Field(description="The start less the travel there.")
    back_at: datetime = Field(description="The end plus the travel back.")
    respond_by: datetime | None = Field(description="Until when a held booking can be confirmed.")


class CalendarOut(BaseModel):
    interpreter_id: UUID
    bookings: list[BookingOut]


@router.get("/{interpreter_id}/calendar", responses=MISSING)
async def read(
    interpreter_id: UUID,
    db: Database,
    caller: CoordinatorOrInterpreter,
    start: Annotated[AwareDatetime, Query(alias="from", description="Start of the period (with offset).")],
    end: Annotated[AwareDatetime, Query(alias="to", description="End of the period, at most a year on.")],
    released: Annotated[bool, Query(description="Also bookings given up or cancelled.")] = False,
) -> CalendarOut:
    """The interpreter's bookings overlapping [from, to), travel included."""
    admit_to_interpreter(caller, interpreter_id)
    if end <= start:
        raise invalid(("query", "to"), "time_range", "to must be after from")
    if end - start > LONGEST:
        raise invalid(("query", "to"), "time_range", "at most a year at once")
    async with db.transaction(caller.district) as tx:
        await interpreters.load(tx, interpreter_id)
        found = await calendar.bookings(tx, interpreter_id, start, end, released=released)
    return CalendarOut(
        interpreter_id=interpreter_id, bookings=[BookingOut.model_validate(dict(row)) for row in found]
    )
