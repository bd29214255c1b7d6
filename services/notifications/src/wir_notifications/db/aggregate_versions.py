"""The latest step seen of each match and appointment."""

from __future__ import annotations

from uuid import UUID

from wir_kit import Tx, load_queries

Q = load_queries("wir_notifications.db", "aggregate_versions.sql")


async def advance(tx: Tx, aggregate: str, aggregate_id: UUID, version: int) -> bool:
    """Record a step of an appointment or match; False if a later step was seen already."""
    row = await tx.fetchrow(Q["aggregate_advance"], tx.district, aggregate, aggregate_id, version)
    return row is not None


async def seen(tx: Tx, aggregate: str, aggregate_id: UUID) -> bool:
    """Whether any step of this aggregate was recorded."""
    return await tx.fetchval(Q["aggregate_seen"], aggregate, aggregate_id) is not None
