"""Typed access to households and their members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from wir_intake.domain.errors import Conflict
from wir_intake.domain.households import HouseholdData, Member, Relation
from wir_kit import Tx, load_queries

Q = load_queries("wir_intake.db", "households.sql")


@dataclass(frozen=True)
class StoredHousehold:
    id: UUID
    data: HouseholdData
    created_at: datetime
    updated_at: datetime


async def insert(tx: Tx, household_id: UUID) -> None:
    await tx.execute(Q["insert"], tx.district, household_id)


async def lock(tx: Tx, household_id: UUID) -> bool:
    return await tx.fetchrow(Q["lock"], household_id) is not None


async def taken(tx: Tx, household_id: UUID, person_ids: list[UUID]) -> set[UUID]:
    """Which of these people belong to a household other than this one."""
    return {row["person_id"] for row in await tx.fetch(Q["taken"], person_ids, household_id)}


async def replace_members(tx: Tx, household_id: UUID, data: HouseholdData) -> None:
    await tx.execute(Q["remove_members"], household_id)
    try:
        await tx.executemany(
            Q["add_member"],
            [
                (tx.district, household_id, member.person_id, member.relation.value, position)
                for position, member in enumerate(data.members)
            ],
        )
    except asyncpg.UniqueViolationError:
        # A concurrent request put one of them into another household after our check.
        raise Conflict("a member already belongs to another household") from None
    await tx.execute(Q["touch"], household_id)


async def get(tx: Tx, household_id: UUID) -> StoredHousehold | None:
    row = await tx.fetchrow(Q["get"], household_id)
    if row is None:
        return None
    members = [
        Member.model_construct(person_id=m["person_id"], relation=Relation(m["relation"]))
        for m in await tx.fetch(Q["members"], household_id)
    ]
    return StoredHousehold(
        id=row["id"],
        data=HouseholdData.model_construct(members=members),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def remove_if_empty(tx: Tx, household_id: UUID) -> None:
    await tx.execute(Q["remove_empty"], household_id)
