"""Staff routes of a record's entries: add, change (same kind) or remove one."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, status
from pydantic import BaseModel

from wir_competence.api.errors import RECORD_NOT_FOUND
from wir_competence.commands import entries
from wir_competence.domain.entries import Entry
from wir_kit import Database, Staff

router = APIRouter(prefix="/records/{person_id}/entries", tags=["records"], responses=RECORD_NOT_FOUND)


class ChangeOut(BaseModel):
    entry_id: UUID
    record_version: int
    recorded_at: datetime


def _change_out(change: entries.Change) -> ChangeOut:
    return ChangeOut(
        entry_id=change.entry_id, record_version=change.record_version, recorded_at=change.recorded_at
    )


@router.post("", status_code=status.HTTP_201_CREATED)
async def add_entry(person_id: UUID, entry: Entry, db: Database, caller: Staff) -> ChangeOut:
    async with db.transaction(caller.district) as tx:
        change = await entries.add_entry(tx, person_id, entry, caller.sub)
    return _change_out(change)


@router.put(
    "/{entry_id}", responses={status.HTTP_409_CONFLICT: {"description": "The entry was of another kind."}}
)
async def change_entry(
    person_id: UUID, entry_id: UUID, entry: Entry, db: Database, caller: Staff
) -> ChangeOut:
    async with db.transaction(caller.district) as tx:
        change = await entries.change_entry(tx, person_id, entry_id, entry, caller.sub)
    return _change_out(change)


@router.delete("/{entry_id}")
async def remove_entry(person_id: UUID, entry_id: UUID, db: Database, caller: Staff) -> ChangeOut:
    """The entry leaves the record; the history keeps it."""
    async with db.transaction(caller.district) as tx:
        change = await entries.remove_entry(tx, person_id, entry_id, caller.sub)
    return _change_out(change)
