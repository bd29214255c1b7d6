"""One-time codes that open a person's inbox, stored as keyed hashes (`domain/inbox_codes.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import asyncpg

from wir_kit import Tx, load_queries

Q = load_queries("wir_notifications.db", "inbox_codes.sql")


@dataclass(frozen=True)
class Recent:
    """The person's codes of the last hour, and the age of the newest (None: there is none)."""

    last_hour: int
    newest_age_s: float | None


@dataclass(frozen=True)
class Current:
    """The person's newest code, locked for this transaction."""

    code_id: UUID
    notification_id: UUID
    code_hash: bytes
    attempts: int
    used: bool
    ended: bool
    expired: bool


async def link_target(tx: Tx, notification_id: UUID) -> asyncpg.Record | None:
    """Recipient, language and delivering channel (with its current address) of a message."""
    return await tx.fetchrow(Q["code_link_target"], notification_id)


async def lock_person(tx: Tx, person_id: UUID) -> bool:
    """Lock the person's directory row; False when there is none."""
    return await tx.fetchrow(Q["person_lock"], person_id) is not None


async def recent(tx: Tx, person_id: UUID) -> Recent:
    row = await tx.fetchrow(Q["codes_recent"], person_id)
    assert row is not None  # an aggregate always answers one row
    return Recent(row["last_hour"], row["newest_age_s"])


async def replace(
    tx: Tx,
    code_id: UUID,
    person_id: UUID,
    notification_id: UUID,
    channel: str,
    code_hash: bytes,
    minutes: int,
) -> None:
    """The person's new code; every open one of theirs ends, and those of days ago go."""
    await tx.execute(Q["codes_forget_old"], person_id)
    await tx.execute(Q["codes_end_open"], person_id)
    await tx.execute(
        Q["code_insert"], tx.district, code_id, person_id, notification_id, channel, code_hash, minutes
    )


async def end(tx: Tx, code_id: UUID) -> None:
    await tx.execute(Q["code_end"], code_id)


async def current(tx: Tx, person_id: UUID) -> Current | None:
    row = await tx.fetchrow(Q["code_current"], person_id)
    return None if row is None else Current(**dict(row))


async def mark_used(tx: Tx, code_id: UUID) -> None:
    await tx.execute(Q["code_used"], code_id)


async def wrong_try(tx: Tx, code_id: UUID, limit: int) -> int:
    """Count a wrong try; the tries made so far (the code ended at `limit`)."""
    attempts: int = await tx.fetchval(Q["code_wrong_try"], code_id, limit)
    return attempts


async def erase_person(tx: Tx, person_id: UUID) -> None:
    await tx.execute(Q["person_codes_erase"], person_id)
