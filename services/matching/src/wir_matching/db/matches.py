"""Matches between a person's need and a volunteer: proposed, answered, expired, withdrawn, ended.

Every change bumps the match's version, which its events carry as `aggregate_version`.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from wir_kit import Tx, load_queries

Q = load_queries("wir_matching.db", "matches.sql")


@dataclass(frozen=True, slots=True)
class Changed:
    """A match after a change, as its event needs it."""

    match_id: UUID
    version: int
    person_id: UUID
    volunteer_id: UUID


@dataclass(frozen=True, slots=True)
class Locked:
    """A match read for update: the answering commands decide on it."""

    match_id: UUID
    version: int
    person_id: UUID
    need_id: UUID
    volunteer_id: UUID
    state: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class VolunteerLoad:
    capacity: int
    accepted: int
    share_contact: dict[str, Any] | None


def _changed(rows: Sequence[asyncpg.Record]) -> list[Changed]:
    return [Changed(r["match_id"], r["version"], r["person_id"], r["volunteer_id"]) for r in rows]


async def withdraw_of_person(
    tx: Tx, person_id: UUID, reason: str, need_ids: Collection[UUID] | None
) -> list[Changed]:
    needs = None if need_ids is None else list(need_ids)
    return _changed(await tx.fetch(Q["withdraw_of_person"], tx.district, person_id, reason, needs))


async def withdraw_of_volunteer(tx: Tx, volunteer_id: UUID, reason: str) -> list[Changed]:
    return _changed(await tx.fetch(Q["withdraw_of_volunteer"], tx.district, volunteer_id, reason))


async def delete_of_person(tx: Tx, person_id: UUID) -> int:
    return await tx.changed(Q["delete_of_person"], tx.district, person_id)


@dataclass(frozen=True, slots=True)
class NewProposal:
    match_id: UUID
    person_id: UUID
    need_id: UUID
    volunteer_id: UUID
    score: float
    reasons: list[dict[str, Any]]


async def insert_proposal(tx: Tx, proposal: NewProposal, respond_days: int) -> datetime | None:
    """The proposal's `respond_by`, or None when the need has an open match already."""
    respond_by: datetime | None = await tx.fetchval(
        Q["insert_proposal"],
        tx.district,
        proposal.match_id,
        proposal.person_id,
        proposal.need_id,
        proposal.volunteer_id,
        Decimal(str(round(proposal.score, 6))),
        json.dumps(proposal.reasons),
        respond_days,
    )
    return respond_by


async def lock(tx: Tx, match_id: UUID) -> Locked | None:
    row = await tx.fetchrow(Q["match_for_update"], tx.district, match_id)
    if row is None:
        return None
    return Locked(
        row["match_id"],
        row["version"],
        row["person_id"],
        row["need_id"],
        row["volunteer_id"],
        row["state"],
        bool(row["overdue"]),
    )


async def volunteer_of(tx: Tx, match_id: UUID) -> UUID | None:
    volunteer_id: UUID | None = await tx.fetchval(Q["volunteer_of"], tx.district, match_id)
    return volunteer_id


async def accept(tx: Tx, match_id: UUID) -> int:
    version: int = await tx.fetchval(Q["accept"], tx.district, match_id)
    return version


async def decline(tx: Tx, match_id: UUID, reason: str) -> int:
    version: int = await tx.fetchval(Q["decline"], tx.district, match_id, reason)
    return version


async def withdraw_one(tx: Tx, match_id: UUID, reason: str) -> int:
    version: int = await tx.fetchval(Q["withdraw_one"], tx.district, match_id, reason)
    return version


async def end_mentorship(tx: Tx, match_id: UUID, reason: str, ended_on: date) -> int:
    version: int = await tx.fetchval(Q["end_mentorship"], tx.district, match_id, reason, ended_on)
    return version


async def expire_due(tx: Tx, limit: int) -> list[Changed]:
    return _changed(await tx.fetch(Q["expire_due"], tx.district, limit))


async def volunteer_load(tx: Tx, volunteer_id: UUID) -> VolunteerLoad | None:
    """The volunteer's capacity and running mentorships; their row stays locked until commit."""
    row = await tx.fetchrow(Q["lock_volunteer"], tx.district, volunteer_id)
    if row is None:
        return None
    accepted: int = await tx.fetchval(Q["running_mentorships"], tx.district, volunteer_id)
    contact = row["share_contact"]
    return VolunteerLoad(
        capacity=row["capacity"],
        accepted=accepted,
        share_contact=json.loads(contact) if isinstance(contact, str) else contact,
    )


async def list_matches(
    tx: Tx, *, state: str | None, person_id: UUID | None, volunteer_id: UUID | None, limit: int
) -> list[asyncpg.Record]:
    return await tx.fetch(Q["list_matches"], tx.district, state, person_id, volunteer_id, limit)


async def volunteer_view(tx: Tx, volunteer_id: UUID, state: str | None, limit: int) -> list[asyncpg.Record]:
    return await tx.fetch(Q["volunteer_view"], tx.district, volunteer_id, state, limit)


async def proposal_context(tx: Tx, match_id: UUID, volunteer_id: UUID) -> asyncpg.Record | None:
    return await tx.fetchrow(Q["proposal_context"], tx.district, match_id, volunteer_id)
