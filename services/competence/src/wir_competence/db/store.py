"""Typed access to the competence schema; every function works inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from wir_competence.entries import ENTRY, Entry
from wir_competence.errors import RecordNotFound
from wir_competence.record import Record, StoredEntry
from wir_kit.db import Tx
from wir_kit.sqlfile import load_queries

Q = load_queries("wir_competence.db")


@dataclass(frozen=True, slots=True)
class RecordHead:
    person_id: UUID
    version: int
    preferred_language: str | None
    consents: frozenset[str]


async def apply_profile(tx: Tx, person_id: UUID, preferred_language: str, version: int) -> bool:
    status = await tx.execute(Q["apply_profile"], tx.district, person_id, preferred_language, version)
    return status == "INSERT 0 1"


async def apply_consents(tx: Tx, person_id: UUID, consents: Sequence[str], version: int) -> bool:
    status = await tx.execute(Q["apply_consents"], tx.district, person_id, list(consents), version)
    return status == "INSERT 0 1"


async def revoke_shares_of_person(tx: Tx, person_id: UUID, because: str) -> None:
    await tx.execute(Q["revoke_shares_of_person"], tx.district, person_id, because)


async def now(tx: Tx) -> datetime:
    """The transaction's time: the clock every change and expiry in the schema is measured by."""
    moment: datetime = await tx.fetchval(Q["now"])
    return moment


async def head(tx: Tx, person_id: UUID, *, for_update: bool = False) -> RecordHead:
    """The record of the transaction's district; RecordNotFound if it has none of that person
    (another district's record is as missing as one that never was)."""
    query = Q["record_for_update"] if for_update else Q["record"]
    row = await tx.fetchrow(query, tx.district, person_id)
    if row is None:
        raise RecordNotFound()
    return RecordHead(row["person_id"], row["version"], row["preferred_language"], frozenset(row["consents"]))


async def bump_version(tx: Tx, person_id: UUID) -> int:
    return int(await tx.fetchval(Q["bump_version"], tx.district, person_id))


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


async def log_access(
    tx: Tx, person_id: UUID, action: str, *, actor: str | None = None, share_id: UUID | None = None
) -> None:
    await tx.execute(Q["log_access"], tx.district, person_id, share_id, actor, action)


@dataclass(frozen=True, slots=True)
class NewShare:
    share_id: UUID
    person_id: UUID
    token_hash: bytes
    sections: tuple[str, ...]
    recipient_organisation: str
    recipient_email: str
    expires_at: datetime
    created_by: str


async def insert_share(tx: Tx, share: NewShare) -> datetime:
    created_at: datetime = await tx.fetchval(
        Q["insert_share"],
        tx.district,
        share.share_id,
        share.person_id,
        share.token_hash,
        list(share.sections),
        share.recipient_organisation,
        share.recipient_email,
        share.expires_at,
        share.created_by,
    )
    return created_at


async def shares_of_person(tx: Tx, person_id: UUID) -> list[asyncpg.Record]:
    return await tx.fetch(Q["shares_of_person"], tx.district, person_id)


async def revoke_share(tx: Tx, person_id: UUID, share_id: UUID) -> bool:
    return await tx.fetchval(Q["revoke_share"], tx.district, person_id, share_id) is not None


async def share_exists(tx: Tx, person_id: UUID, share_id: UUID) -> bool:
    return bool(await tx.fetchval(Q["share_exists"], tx.district, person_id, share_id))


async def share_by_token(tx: Tx, token_hash: bytes) -> asyncpg.Record | None:
    return await tx.fetchrow(Q["share_by_token"], tx.district, token_hash)


async def share_accesses(tx: Tx, person_id: UUID, share_id: UUID) -> list[asyncpg.Record]:
    return await tx.fetch(Q["share_accesses"], tx.district, person_id, share_id)


async def insert_document(tx: Tx, code: str, person_id: UUID, version: int, language: str) -> datetime:
    issued_at: datetime = await tx.fetchval(
        Q["insert_document"], tx.district, code, person_id, version, language
    )
    return issued_at


async def document(tx: Tx, code: str) -> asyncpg.Record | None:
    return await tx.fetchrow(Q["document"], tx.district, code)


async def erase(tx: Tx, person_id: UUID, request_id: UUID) -> None:
    """Everything of the person goes; the tombstone keeps late events from reopening the record."""
    await tx.execute(Q["tombstone"], tx.district, person_id, request_id)
    await tx.execute(Q["erase_record"], tx.district, person_id)
    # Pending ones go too: a share announced after the person asked to be erased must not be sent.
    await tx.forget_events(person_id=person_id)


async def records_without_entries(tx: Tx, person_ids: Sequence[UUID]) -> list[UUID]:
    return [
        row["person_id"]
        for row in await tx.fetch(Q["records_without_entries"], tx.district, list(person_ids))
    ]


async def forget_expired_recipients(tx: Tx) -> int:
    """Blank the employer's address of shares that have expired; returns how many."""
    return await tx.changed(Q["forget_expired_recipients"], tx.district)
