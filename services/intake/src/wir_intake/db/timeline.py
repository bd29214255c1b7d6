"""Typed access to the case timeline."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import JsonValue

from wir_kit import Tx, load_queries

Q = load_queries("wir_intake.db", "timeline.sql")


@dataclass(frozen=True)
class Entry:
    event_id: UUID
    occurred_at: datetime
    producer: str
    event_type: str
    event_version: str
    details: dict[str, JsonValue]


async def add(tx: Tx, person_id: UUID, entry: Entry) -> bool:
    """Add an entry for a person intake has; False when it has no such person (any longer)."""
    status = await tx.execute(
        Q["insert"],
        tx.district,
        entry.event_id,
        person_id,
        entry.occurred_at,
        entry.producer,
        entry.event_type,
        entry.event_version,
        json.dumps(entry.details),
    )
    return status == "INSERT 0 1"


async def page(tx: Tx, person_id: UUID, after: tuple[datetime, UUID] | None, limit: int) -> list[Entry]:
    rows = await tx.fetch(
        Q["page"], person_id, after[0] if after else None, after[1] if after else None, limit
    )
    return [
        Entry(
            event_id=row["event_id"],
            occurred_at=row["occurred_at"],
            producer=row["producer"],
            event_type=row["event_type"],
            event_version=row["event_version"],
            details=json.loads(row["details"]),
        )
        for row in rows
    ]


async def purge(tx: Tx, person_id: UUID) -> None:
    await tx.execute(Q["purge"], person_id)
