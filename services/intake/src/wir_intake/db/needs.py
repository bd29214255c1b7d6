"""Typed access to the needs table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from wir_contracts.gender import Gender
from wir_contracts.needs import MentoringTopic, NeedKind
from wir_intake.domain.needs import Need, NeedData, NeedStatus, Urgency
from wir_kit import Tx, load_queries

Q = load_queries("wir_intake.db", "needs.sql")


@dataclass(frozen=True)
class NeedFilter:
    kind: str | None = None
    status: str | None = None
    urgency: str | None = None


def _need(row: asyncpg.Record) -> Need:
    data = NeedData.model_construct(
        kind=NeedKind(row["kind"]),
        topics=[MentoringTopic(topic) for topic in row["topics"]],
        mentor_gender=None if row["mentor_gender"] is None else Gender(row["mentor_gender"]),
        language=row["language"],
        urgency=Urgency(row["urgency"]),
        notes=row["notes"],
        status=NeedStatus(row["status"]),
    )
    return Need(
        id=row["id"],
        person_id=row["person_id"],
        data=data,
        created_by=row["created_by"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        open_since=row["open_since"],
    )


async def insert(tx: Tx, need_id: UUID, person_id: UUID, data: NeedData, created_by: str) -> Need:
    row = await tx.fetchrow(
        Q["insert"],
        tx.district,
        need_id,
        person_id,
        data.kind.value,
        [topic.value for topic in data.topics],
        data.language,
        data.urgency.value,
        data.notes,
        data.status.value,
        created_by,
        None if data.mentor_gender is None else data.mentor_gender.value,
    )
    assert row is not None  # an INSERT ... RETURNING of one row
    return Need(
        id=need_id,
        person_id=person_id,
        data=data,
        created_by=created_by,
        created_at=row["created_at"],
        updated_at=row["created_at"],
        open_since=row["open_since"],
    )


async def update(tx: Tx, need: Need, data: NeedData) -> Need:
    updated_at: datetime = await tx.fetchval(
        Q["update"],
        need.id,
        [topic.value for topic in data.topics],
        data.language,
        data.urgency.value,
        data.notes,
        data.status.value,
        None if data.mentor_gender is None else data.mentor_gender.value,
    )
    return need.model_copy(update={"data": data, "updated_at": updated_at})


async def lock(tx: Tx, person_id: UUID, need_id: UUID) -> Need | None:
    row = await tx.fetchrow(Q["lock"], need_id, person_id)
    return None if row is None else _need(row)


async def of_person(tx: Tx, person_id: UUID) -> list[Need]:
    return [_need(row) for row in await tx.fetch(Q["of_person"], person_id)]


async def page(tx: Tx, where: NeedFilter, after: tuple[datetime, UUID] | None, limit: int) -> list[Need]:
    rows = await tx.fetch(
        Q["list"],
        after[0] if after else None,
        after[1] if after else None,
        where.kind,
        where.status,
        where.urgency,
        limit,
    )
    return [_need(row) for row in rows]
