"""Typed access to the audit log: who read or changed whose record, which fields, when."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from wir_kit import Tx, load_queries

Q = load_queries("wir_intake.db", "audit.sql")


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    person_id: UUID
    fields: tuple[str, ...]


async def record(tx: Tx, actor: str, action: str, person_ids: Iterable[UUID], fields: Sequence[str]) -> None:
    """One entry per person, in the transaction of the read or change it records."""
    ids = list(dict.fromkeys(person_ids))
    if ids:
        await tx.execute(Q["insert"], tx.district, actor, action, ids, list(fields))


async def page(
    tx: Tx, person_id: UUID | None, actor: str | None, before_id: int | None, limit: int
) -> list[AuditEntry]:
    rows = await tx.fetch(Q["page"], before_id, person_id, actor, limit)
    return [
        AuditEntry(
            id=row["id"],
            at=row["at"],
            actor=row["actor"],
            action=row["action"],
            person_id=row["person_id"],
            fields=tuple(row["fields"]),
        )
        for row in rows
    ]
