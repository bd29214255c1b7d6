"""Typed access to the stored answers of POST requests, by Idempotency-Key."""

from __future__ import annotations

import json
from dataclasses import dataclass
from uuid import UUID

from pydantic import JsonValue

from wir_kit import RowClaim, Tx, load_queries

Q = load_queries("wir_intake.db", "idempotency.sql")


@dataclass(frozen=True)
class Stored:
    fingerprint: str
    status_code: int
    response: JsonValue


def claim(actor: str, key: str, fingerprint: str, person_id: UUID | None) -> RowClaim:
    """The key's claim, for the transaction to begin with: `tx.claimed` is true if this request
    is the key's first; else the key's answer is there to load."""
    return RowClaim(Q["claim"], actor=actor, key=key, fingerprint=fingerprint, person_id=person_id)


async def get(tx: Tx, actor: str, key: str) -> Stored | None:
    row = await tx.fetchrow(Q["get"], actor, key)
    if row is None or row["status_code"] is None:
        return None
    return Stored(row["fingerprint"], row["status_code"], json.loads(row["response"]))


async def remember(tx: Tx, actor: str, key: str, status_code: int, response: str) -> None:
    """Keep the answer (`response`: its JSON text) for the key's retries. The request's events
    go with the COMMIT: the answer is the transaction's last statement."""
    await tx.execute_before_events(Q["remember"], actor, key, status_code, response)


async def forget_person(tx: Tx, person_id: UUID) -> None:
    await tx.execute(Q["forget_person"], person_id)


async def prune(tx: Tx, older_than_s: float) -> None:
    await tx.execute(Q["prune"], older_than_s)
