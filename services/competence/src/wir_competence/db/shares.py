"""Shares of a record with employers: stored by the hash of their link, listed with their
openings, revoked one by one or all at once, their employers' addresses forgotten on expiry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from wir_kit import Tx, load_queries

Q = load_queries("wir_competence.db", "shares.sql")


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


async def share_exists(tx: Tx, person_id: UUID, share_id: UUID) -> bool:
    return bool(await tx.fetchval(Q["share_exists"], tx.district, person_id, share_id))


async def share_accesses(tx: Tx, person_id: UUID, share_id: UUID) -> list[asyncpg.Record]:
    return await tx.fetch(Q["share_accesses"], tx.district, person_id, share_id)


async def share_by_token(tx: Tx, token_hash: bytes) -> asyncpg.Record | None:
    return await tx.fetchrow(Q["share_by_token"], tx.district, token_hash)


async def revoke_share(tx: Tx, person_id: UUID, share_id: UUID) -> bool:
    return await tx.fetchval(Q["revoke_share"], tx.district, person_id, share_id) is not None


async def revoke_shares_of_person(tx: Tx, person_id: UUID, because: str) -> None:
    await tx.execute(Q["revoke_shares_of_person"], tx.district, person_id, because)


async def forget_expired_recipients(tx: Tx) -> int:
    """Blank the employer's address of shares that have expired; returns how many."""
    return await tx.changed(Q["forget_expired_recipients"], tx.district)
