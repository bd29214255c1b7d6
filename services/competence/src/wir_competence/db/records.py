"""A person's record: opened and kept current from intake's events, its head (version, preferred
language, consents) read and locked, its version counted, erased behind a tombstone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from wir_competence.db import holders
from wir_competence.domain.errors import RecordNotFound
from wir_kit import Tx, load_queries

Q = load_queries("wir_competence.db", "records.sql")


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


async def apply_registration(
    tx: Tx, person_id: UUID, preferred_language: str, consents: Sequence[str], version: int
) -> bool:
    """`apply_profile` and `apply_consents` at once; whether the consents changed a record that
    existed before (only such a record can have shares)."""
    applied = await tx.fetchval(
        Q["apply_registration"], tx.district, person_id, preferred_language, version, list(consents)
    )
    return bool(applied)


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


async def records_without_entries(tx: Tx, person_ids: Sequence[UUID]) -> list[UUID]:
    return [
        row["person_id"]
        for row in await tx.fetch(Q["records_without_entries"], tx.district, list(person_ids))
    ]


async def erase(tx: Tx, person_id: UUID, request_id: UUID) -> None:
    """Everything of the person goes; the tombstone keeps late events from reopening the record."""
    await tx.execute(Q["tombstone"], tx.district, person_id, request_id)
    await tx.execute(Q["erase_record"], tx.district, person_id)
    await holders.erase(tx, person_id)
    # Pending ones go too: a share announced after the person asked to be erased must not be sent.
    await tx.forget_events(person_id=person_id)
