"""Volunteers' profiles: coordinators register and manage the district's volunteers; a volunteer
reads and changes their own (their token's `sub` is their id)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field

from wir_contracts.matching.v1 import ComplianceDocument
from wir_kit import Coordinator, Database
from wir_matching.api.deps import Config, CoordinatorOrVolunteer, admit_to_volunteer
from wir_matching.api.errors import MISSING
from wir_matching.commands import volunteers
from wir_matching.commands.volunteers import VolunteerProfile, VolunteerView

router = APIRouter(prefix="/volunteers", tags=["volunteers"])


class DocumentOut(BaseModel):
    kind: ComplianceDocument
    expires_on: date
    recorded_at: datetime


class VolunteerOut(VolunteerProfile):
    volunteer_id: UUID
    version: int
    active: bool
    suspended: bool = Field(description="An expired document suspended them until a valid one is recorded.")
    compliant: bool = Field(description="Every compliance document is on record and valid today.")
    documents: tuple[DocumentOut, ...]
    created_at: datetime
    updated_at: datetime


class VolunteerPage(BaseModel):
    items: list[VolunteerOut]
    next_cursor: UUID | None = Field(description="`after` for the next page; null on the last page.")


class Created(BaseModel):
    volunteer_id: UUID


class DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)
    expires_on: date = Field(description="Last day the document is valid; today or later.")


def _out(view: VolunteerView) -> VolunteerOut:
    row = view.row
    return VolunteerOut(
        volunteer_id=row["volunteer_id"],
        version=row["version"],
        contact=volunteers.contact_of(view),
        preferred_language=row["preferred_language"],
        languages=json.loads(row["languages"]),
        municipality=row["municipality"],
        travel_km=float(row["travel_km"]),
        topics=row["topics"],
        capacity=row["capacity"],
        weekly=json.loads(row["weekly"]),
        absences=json.loads(row["absences"]),
        gender=row["gender"],
        lotse_trained_on=row["lotse_trained_on"],
        share_contact=None if row["share_contact"] is None else json.loads(row["share_contact"]),
        active=row["active"],
        suspended=row["suspended"],
        compliant=view.compliant,
        documents=[
            DocumentOut(kind=d.kind, expires_on=d.expires_on, recorded_at=d.recorded_at)
            for d in view.documents
        ],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


@router.post("", status_code=status.HTTP_201_CREATED)
async def register(profile: VolunteerProfile, db: Database, caller: Coordinator, config: Config) -> Created:
    """Register a volunteer; they become matchable once their compliance documents are recorded."""
    async with db.transaction(caller.district) as tx:
        volunteer_id = await volunteers.register(tx, profile, run_delay_s=config.run_debounce_s)
    return Created(volunteer_id=volunteer_id)


@router.get("")
async def list_volunteers(
    db: Database,
    caller: Coordinator,
    after: Annotated[UUID | None, Query(description="`next_cursor` of the previous page.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> VolunteerPage:
    """The district's volunteers, active or not, by id."""
    async with db.transaction(caller.district) as tx:
        views = await volunteers.page(tx, after, limit)
    shown = views[:limit]
    more = len(views) > limit
    return VolunteerPage(
        items=[_out(view) for view in shown], next_cursor=shown[-1].row["volunteer_id"] if more else None
    )


@router.get("/{volunteer_id}", responses=MISSING)
async def read(volunteer_id: UUID, db: Database, caller: CoordinatorOrVolunteer) -> VolunteerOut:
    admit_to_volunteer(caller, volunteer_id)
    async with db.transaction(caller.district) as tx:
        return _out(await volunteers.read(tx, volunteer_id))


@router.put("/{volunteer_id}", responses=MISSING)
async def update(
    volunteer_id: UUID,
    profile: VolunteerProfile,
    db: Database,
    caller: CoordinatorOrVolunteer,
    config: Config,
) -> VolunteerOut:
    """Replace the profile; the assignment takes it into account at its next run."""
    admit_to_volunteer(caller, volunteer_id)
    async with db.transaction(caller.district) as tx:
        await volunteers.update(tx, volunteer_id, profile, run_delay_s=config.run_debounce_s)
        return _out(await volunteers.read(tx, volunteer_id))


@router.post("/{volunteer_id}/deactivate", responses=MISSING)
async def deactivate(volunteer_id: UUID, db: Database, caller: Coordinator, config: Config) -> VolunteerOut:
    """No further proposals; open proposals and running mentorships are withdrawn."""
    async with db.transaction(caller.district) as tx:
        await volunteers.deactivate(tx, volunteer_id, run_delay_s=config.run_debounce_s)
        return _out(await volunteers.read(tx, volunteer_id))


@router.put("/{volunteer_id}/documents/{kind}", responses=MISSING)
async def record_document(
    volunteer_id: UUID,
    kind: ComplianceDocument,
    document: DocumentIn,
    db: Database,
    caller: Coordinator,
    config: Config,
) -> VolunteerOut:
    """Record a compliance document's expiry; a valid set of documents lifts a suspension."""
    async with db.transaction(caller.district) as tx:
        await volunteers.record_document(
            tx, volunteer_id, kind, document.expires_on, run_delay_s=config.run_debounce_s
        )
        return _out(await volunteers.read(tx, volunteer_id))
