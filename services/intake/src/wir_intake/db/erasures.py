"""Typed access to erasure requests and their confirmations."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from wir_contracts.services import Service
from wir_intake.domain.erasure import ErasureRequest
from wir_kit import Tx, load_queries

Q = load_queries("wir_intake.db", "erasures.sql")


async def insert(tx: Tx, request_id: UUID, person_id: UUID, requested_by: str) -> None:
    await tx.execute(Q["insert"], tx.district, request_id, person_id, requested_by)


async def _with_confirmations(tx: Tx, row: asyncpg.Record) -> ErasureRequest:
    confirmed = {
        Service(c["service"]): c["confirmed_at"]
        for c in await tx.fetch(Q["confirmations"], row["id"])
        if c["service"] in Service.__members__.values()
    }
    return ErasureRequest(
        id=row["id"],
        person_id=row["person_id"],
        requested_at=row["requested_at"],
        overdue_at=row["overdue_at"],
        completed_at=row["completed_at"],
        confirmations=confirmed,
    )


async def of_person(tx: Tx, person_id: UUID) -> ErasureRequest | None:
    row = await tx.fetchrow(Q["of_person"], person_id)
    return None if row is None else await _with_confirmations(tx, row)


async def get(tx: Tx, request_id: UUID) -> ErasureRequest | None:
    row = await tx.fetchrow(Q["get"], request_id)
    return None if row is None else await _with_confirmations(tx, row)


async def lock(tx: Tx, request_id: UUID) -> ErasureRequest | None:
    """The request, locked: confirmations of one request are recorded one after another."""
    row = await tx.fetchrow(Q["lock"], request_id)
    return None if row is None else await _with_confirmations(tx, row)


async def confirm(tx: Tx, request_id: UUID, service: Service, event_id: UUID, at: datetime) -> None:
    await tx.execute(Q["confirm"], tx.district, request_id, service.value, event_id, at)


async def complete(tx: Tx, request_id: UUID) -> bool:
    """Mark the request complete; False if it already was."""
    return await tx.execute(Q["complete"], request_id) == "UPDATE 1"


async def mark_overdue(tx: Tx, after_s: float) -> list[tuple[UUID, UUID]]:
    """(request id, person id) of requests that have just become overdue."""
    return [(row["id"], row["person_id"]) for row in await tx.fetch(Q["mark_overdue"], after_s)]


async def page(
    tx: Tx, state: str | None, after: tuple[datetime, UUID] | None, limit: int
) -> list[ErasureRequest]:
    rows = await tx.fetch(Q["page"], after[0] if after else None, after[1] if after else None, state, limit)
    return [await _with_confirmations(tx, row) for row in rows]
