"""Staff routes of a record: read it (now or as it was) and its history."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from wir_competence.api.errors import RECORD_NOT_FOUND
from wir_competence.commands import records
from wir_competence.domain.entries import Entry
from wir_kit import Database, Instant, Staff

router = APIRouter(prefix="/records/{person_id}", tags=["records"], responses=RECORD_NOT_FOUND)


class EntryOut(BaseModel):
    entry_id: UUID
    entered_by: str
    entered_at: datetime
    changed_by: str
    changed_at: datetime
    entry: Entry


class RecordOut(BaseModel):
    person_id: UUID
    version: int
    as_of: datetime
    preferred_language: str | None
    consents: list[str]
    entries: list[EntryOut]


class HistoryItem(BaseModel):
    record_version: int
    entry_id: UUID
    kind: str
    removed: bool
    changed_by: str
    changed_at: datetime


def _record_out(read: records.RecordRead) -> RecordOut:
    record = read.record
    return RecordOut(
        person_id=record.person_id,
        version=record.version,
        as_of=read.as_of,
        preferred_language=record.preferred_language,
        consents=sorted(read.consents),
        entries=[
            EntryOut(
                entry_id=stored.entry_id,
                entered_by=stored.entered_by,
                entered_at=stored.entered_at,
                changed_by=stored.changed_by,
                changed_at=stored.changed_at,
                entry=stored.entry,
            )
            for stored in record.entries
        ],
    )


@router.get("")
async def read_record(
    person_id: UUID, db: Database, caller: Staff, at: Annotated[Instant | None, Query()] = None
) -> RecordOut:
    """The record now, or as it was at `at` (every change is kept)."""
    async with db.transaction(caller.district) as tx:
        read = await records.read(tx, person_id, at, caller.sub)
    return _record_out(read)


@router.get("/history")
async def read_history(person_id: UUID, db: Database, caller: Staff) -> list[HistoryItem]:
    """Every change of the record's entries, newest first: what, who and when."""
    async with db.transaction(caller.district) as tx:
        rows = await records.history(tx, person_id, caller.sub)
    return [HistoryItem(**dict(row)) for row in rows]
