"""Staff routes of a record: read (now or as it was), change entries, history, print."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from pydantic import AwareDatetime, BaseModel

from wir_competence import commands, occupations, printing
from wir_competence.api.common import NOT_FOUND, Staff, answered
from wir_competence.db import store
from wir_competence.entries import Entry
from wir_competence.pdf import render
from wir_competence.record import Record
from wir_competence.settings import CompetenceSettings
from wir_contracts.languages import LanguageCode
from wir_kit.runtime import Runtime


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


class ChangeOut(BaseModel):
    entry_id: UUID
    record_version: int
    recorded_at: datetime


class HistoryItem(BaseModel):
    record_version: int
    entry_id: UUID
    kind: str
    removed: bool
    changed_by: str
    changed_at: datetime


class OccupationOut(BaseModel):
    code: str
    title_de: str
    title_en: str


def _record_out(record: Record, consents: frozenset[str], as_of: datetime) -> RecordOut:
    return RecordOut(
        person_id=record.person_id,
        version=record.version,
        as_of=as_of,
        preferred_language=record.preferred_language,
        consents=sorted(consents),
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


def _change_out(change: commands.Change) -> ChangeOut:
    return ChangeOut(
        entry_id=change.entry_id, record_version=change.record_version, recorded_at=change.recorded_at
    )


def router(runtime: Runtime, settings: CompetenceSettings) -> APIRouter:
    api = APIRouter(prefix="/records/{person_id}", tags=["records"], responses=NOT_FOUND)

    @api.get("")
    async def read_record(
        person_id: UUID, caller: Staff, at: Annotated[AwareDatetime | None, Query()] = None
    ) -> RecordOut:
        """The record now, or as it was at `at` (every change is kept)."""
        with answered():
            async with runtime.db.transaction(caller.district) as tx:
                head = await store.head(tx, person_id)
                moment = at or await store.now(tx)
                record = await store.record_as_of(tx, head, moment)
                await store.log_access(tx, person_id, "record_read", actor=caller.sub)
        return _record_out(record, head.consents, moment)

    @api.get("/history")
    async def read_history(person_id: UUID, caller: Staff) -> list[HistoryItem]:
        """Every change of the record's entries, newest first: what, who and when."""
        with answered():
            async with runtime.db.transaction(caller.district) as tx:
                await store.head(tx, person_id)  # RecordNotFound unless it is the caller's district's
                rows = await store.history(tx, person_id)
                await store.log_access(tx, person_id, "history_read", actor=caller.sub)
        return [HistoryItem(**dict(row)) for row in rows]

    @api.post("/entries", status_code=status.HTTP_201_CREATED)
    async def add_entry(person_id: UUID, entry: Entry, caller: Staff) -> ChangeOut:
        with answered():
            async with runtime.db.transaction(caller.district) as tx:
                change = await commands.add_entry(tx, person_id, entry, caller.sub)
        return _change_out(change)

    @api.put("/entries/{entry_id}")
    async def change_entry(person_id: UUID, entry_id: UUID, entry: Entry, caller: Staff) -> ChangeOut:
        with answered():
            async with runtime.db.transaction(caller.district) as tx:
                change = await commands.change_entry(tx, person_id, entry_id, entry, caller.sub)
        return _change_out(change)

    @api.delete("/entries/{entry_id}")
    async def remove_entry(person_id: UUID, entry_id: UUID, caller: Staff) -> ChangeOut:
        """The entry leaves the record; the history keeps it."""
        with answered():
            async with runtime.db.transaction(caller.district) as tx:
                change = await commands.remove_entry(tx, person_id, entry_id, caller.sub)
        return _change_out(change)

    @api.get(
        "/document.pdf",
        response_class=Response,
        responses={200: {"content": {"application/pdf": {}}, "description": "The Kompetenznachweis."}},
    )
    async def print_record(
        person_id: UUID, caller: Staff, lang: Annotated[LanguageCode | None, Query()] = None
    ) -> Response:
        """The Kompetenznachweis in German and `lang` (ISO 639-3; default: the preferred language)."""
        with answered():
            async with runtime.db.transaction(caller.district) as tx:
                document = await printing.staff_document(tx, person_id, lang, settings, caller.sub)
                # Layout is CPU work of a few hundred milliseconds: off the event loop, but before
                # the commit, so a verification code exists only for a document that was made.
                pdf = await asyncio.to_thread(render, document)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": 'inline; filename="kompetenznachweis.pdf"'},
        )

    return api


def occupation_router() -> APIRouter:
    api = APIRouter(tags=["occupations"])

    @api.get("/occupations")
    async def find_occupations(
        caller: Staff, q: Annotated[str, Query(min_length=1, max_length=100)]
    ) -> list[OccupationOut]:
        """ISCO-08 unit groups whose code starts with `q` or whose German or English title has it."""
        return [
            OccupationOut(code=item.code, title_de=item.title_de, title_en=item.title_en)
            for item in occupations.search(q)
        ]

    return api
