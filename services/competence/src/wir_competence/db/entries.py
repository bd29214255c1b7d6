"""A record's entries, every version of each kept: written, read as of any moment, listed as history."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from wir_competence.db.records import RecordHead
from wir_competence.domain.entries import ENTRY, Entry
from wir_competence.domain.record import Record, StoredEntry
from wir_kit import Tx, load_queries

Q = load_queries("wir_competence.db", "entries.sql")


async def insert_entry_version(
    tx: Tx, person_id: UUID, version: int, entry_id: UUID, kind: str, entry: Entry | None, by: str
) -> datetime:
    data = None if entry is None else entry.model_dump_json()
    changed_at: datetime = await tx.fetchval(
        Q["insert_entry_version"], tx.district, person_id, version, entry_id, kind, data, by
    )
    return changed_at


async def latest_entry(tx: Tx, person_id: UUID, entry_id: UUID) -> tuple[str, Entry | None] | None:
    row = await tx.fetchrow(Q["latest_entry_version"], tx.district, person_id, entry_id)
    if row is None:
        return None
    data = row["data"]
    return row["kind"], None if data is None else ENTRY.validate_json(data)


async def record_as_of(tx: Tx, head: RecordHead, at: datetime) -> Record:
    rows = await tx.fetch(Q["entries_as_of"], tx.district, head.person_id, at)
    version = int(await tx.fetchval(Q["version_as_of"], tx.district, head.person_id, at))
    entries = tuple(
        StoredEntry(
            entry_id=row["entry_id"],
            entry=ENTRY.validate_json(row["data"]),
            entered_by=row["entered_by"],
            entered_at=row["entered_at"],
            changed_by=row["changed_by"],
            changed_at=row["changed_at"],
        )
        for row in rows
        if row["data"] is not None
    )
    ordered = tuple(sorted(entries, key=lambda stored: stored.entered_at))
    return Record(head.person_id, version, head.preferred_language, ordered)


async def history(tx: Tx, person_id: UUID) -> list[asyncpg.Record]:
    return await tx.fetch(Q["history"], tx.district, person_id)
