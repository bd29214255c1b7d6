"""Changes of a record's entries: each a version of the record, its history row and its events,
in the caller's transaction, so that nothing is half-written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from wir_competence.db import entries, records
from wir_competence.db.records import RecordHead
from wir_competence.domain import dates, milestones
from wir_competence.domain.entries import Entry
from wir_competence.domain.errors import EntryNotFound, KindChanged
from wir_kit import Tx

# The districts' day: an entry "ended today" is judged by the calendar the case manager reads.
BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True, slots=True)
class Change:
    entry_id: UUID
    record_version: int
    recorded_at: datetime


async def _locked(tx: Tx, person_id: UUID) -> RecordHead:
    # The row lock orders concurrent changes of one record, so versions never collide.
    return await records.head(tx, person_id, for_update=True)


async def _write(
    tx: Tx, head: RecordHead, entry_id: UUID, kind: str, before: Entry | None, after: Entry | None, by: str
) -> Change:
    version = await records.bump_version(tx, head.person_id)
    recorded_at = await entries.insert_entry_version(tx, head.person_id, version, entry_id, kind, after, by)
    record = await entries.record_as_of(tx, head, recorded_at)
    await tx.publish(milestones.summary(record, tx.district))
    if after is not None:
        for event in milestones.milestones(
            district=tx.district,
            person_id=head.person_id,
            version=version,
            entry_id=entry_id,
            before=before,
            after=after,
        ):
            await tx.publish(event)
    return Change(entry_id, version, recorded_at)


async def _plausible(tx: Tx, entry: Entry) -> None:
    dates.check(entry, (await records.now(tx)).astimezone(BERLIN).date())


async def _current(tx: Tx, person_id: UUID, entry_id: UUID) -> Entry:
    latest = await entries.latest_entry(tx, person_id, entry_id)
    if latest is None or latest[1] is None:
        raise EntryNotFound()
    return latest[1]


async def add_entry(tx: Tx, person_id: UUID, entry: Entry, by: str) -> Change:
    """Adds `entry`; ImplausibleDate for a date it cannot truly carry on the day it is entered."""
    await _plausible(tx, entry)
    head = await _locked(tx, person_id)
    return await _write(tx, head, uuid4(), entry.kind, None, entry, by)


async def change_entry(tx: Tx, person_id: UUID, entry_id: UUID, entry: Entry, by: str) -> Change:
    await _plausible(tx, entry)
    head = await _locked(tx, person_id)
    before = await _current(tx, person_id, entry_id)
    if before.kind != entry.kind:
        raise KindChanged()
    return await _write(tx, head, entry_id, entry.kind, before, entry, by)


async def remove_entry(tx: Tx, person_id: UUID, entry_id: UUID, by: str) -> Change:
    head = await _locked(tx, person_id)
    before = await _current(tx, person_id, entry_id)
    return await _write(tx, head, entry_id, before.kind, before, None, by)
