"""Routes of appointments: case managers and coordinators request interpreting and read the
district's appointments; a coordinator assigns an interpreter of their own choice."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, status
from pydantic import AwareDatetime, BaseModel, Field

from wir_contracts.contact import Contact
from wir_contracts.interpreting.v1 import InterpretingMode, UnfilledReason, Venue
from wir_interpreting.api.deps import Config, Requester
from wir_interpreting.api.errors import MISSING
from wir_interpreting.commands import assignment, requests
from wir_interpreting.db import appointments
from wir_interpreting.domain.model import Appointment
from wir_kit import Coordinator, Database, Role

router = APIRouter(prefix="/appointments", tags=["appointments"])

State = Annotated[
    str | None, Query(pattern="^(open|assigned|confirmed|unfilled|cancelled|completed|no_show)$")
]
Limit = Annotated[int, Query(ge=1, le=1000)]
CONFLICT: dict[int | str, dict[str, Any]] = {
    **MISSING,
    status.HTTP_409_CONFLICT: {"description": "The appointment's state does not allow this step."},
}


class AppointmentOut(BaseModel):
    appointment_id: UUID
    version: int
    state: str
    person_id: UUID | None
    language: str
    variety: str | None
    mode: InterpretingMode
    venue: Venue
    department: str | None
    municipality: str | None
    address: str | None
    remote_link: str | None
    starts_at: datetime
    ends_at: datetime
    notes: str | None
    requester: Contact | None
    requested_by: str
    interpreter_id: UUID | None
    interpreter_district: str | None
    respond_by: datetime | None
    unfilled_reason: UnfilledReason | None = Field(
        None, description="Why nobody could be asked, while the request is unfilled."
    )


class AssignIn(BaseModel):
    interpreter_id: UUID


def shown(appointment: Appointment) -> AppointmentOut:
    fields = {name: getattr(appointment, name) for name in AppointmentOut.model_fields}
    return AppointmentOut.model_validate(fields)


@router.post("", status_code=status.HTTP_201_CREATED, responses=CONFLICT)
async def request(
    body: requests.RequestIn, db: Database, caller: Requester, settings: Config
) -> AppointmentOut:
    """Ask for an interpreter: the best free one is asked at once, or the answer says why nobody."""
    async with db.transaction(caller.district) as tx:
        stored = await requests.create(tx, settings, caller.sub, body, now=datetime.now(UTC))
    return shown(stored)


@router.get("")
async def listed(
    db: Database,
    caller: Requester,
    state: State = None,
    person_id: UUID | None = None,
    after: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    before: Annotated[AwareDatetime | None, Query(alias="to")] = None,
    limit: Limit = 200,
) -> list[AppointmentOut]:
    """The district's appointments overlapping [from, to), earliest first. A coordinator sees all;
    a case manager those they requested, or all of the person they name."""
    mine = None if Role.COORDINATOR in caller.roles or person_id is not None else caller.sub
    async with db.transaction(caller.district) as tx:
        found = await appointments.listed(
            tx, state=state, person_id=person_id, after=after, before=before, requested_by=mine, limit=limit
        )
    return [shown(a) for a in found]


@router.get("/{appointment_id}", responses=MISSING)
async def read(appointment_id: UUID, db: Database, caller: Requester) -> AppointmentOut:
    async with db.transaction(caller.district) as tx:
        return shown(await appointments.load(tx, appointment_id))


@router.post("/{appointment_id}/assign", responses=CONFLICT)
async def assign(
    appointment_id: UUID, body: AssignIn, db: Database, caller: Coordinator, settings: Config
) -> AppointmentOut:
    """A coordinator asks the interpreter of their choice (an open or unfilled appointment)."""
    async with db.transaction(caller.district) as tx:
        stored = await assignment.assign_manually(
            tx, settings, appointment_id, body.interpreter_id, now=datetime.now(UTC)
        )
    return shown(stored)
