"""Volunteers' profiles and compliance documents: written, read, paged, deactivated, suspended
when a document expires and lifted when valid ones are recorded."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from wir_kit import Tx, load_queries

Q = load_queries("wir_matching.db", "volunteers.sql")


class VolunteerNotFound(LookupError):
    """No such volunteer in the caller's district, or not one the caller may see."""


@dataclass(frozen=True, slots=True)
class StoredDocument:
    kind: str
    expires_on: date
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class DocumentDue:
    """A document a reminder is due for, or the one whose expiry suspended its volunteer."""

    volunteer_id: UUID
    kind: str
    expires_on: date
    version: int | None = None  # the volunteer's version after a suspension


def _profile_args(profile: Mapping[str, Any]) -> tuple[Any, ...]:
    contact = profile["contact"]
    return (
        contact["display_name"],
        contact.get("email"),
        contact.get("mobile"),
        list(contact["channels"]),
        profile["preferred_language"],
        profile["municipality"],
        profile["travel_km"],
        json.dumps(profile["languages"]),
        list(profile["topics"]),
        profile["capacity"],
        profile["gender"],
        profile["lotse_trained_on"],
        json.dumps(profile["weekly"]),
        json.dumps(profile["absences"]),
        None if profile["share_contact"] is None else json.dumps(profile["share_contact"]),
    )


async def today(tx: Tx) -> date:
    day: date = await tx.fetchval(Q["today"])
    return day


async def insert(tx: Tx, volunteer_id: UUID, profile: Mapping[str, Any]) -> None:
    """`profile` as `VolunteerProfile.model_dump(mode="json")` gives it, dates as date objects."""
    await tx.execute(Q["insert_volunteer"], tx.district, volunteer_id, *_profile_args(profile))


async def update(tx: Tx, volunteer_id: UUID, profile: Mapping[str, Any]) -> int:
    """The volunteer's new version; VolunteerNotFound if the district has no such volunteer."""
    version = await tx.fetchval(Q["update_volunteer"], tx.district, volunteer_id, *_profile_args(profile))
    if version is None:
        raise VolunteerNotFound()
    return int(version)


async def load(tx: Tx, volunteer_id: UUID, *, for_update: bool = False) -> asyncpg.Record:
    query = Q["volunteer_for_update"] if for_update else Q["volunteer"]
    row = await tx.fetchrow(query, tx.district, volunteer_id)
    if row is None:
        raise VolunteerNotFound()
    return row


async def page(tx: Tx, after: UUID | None, limit: int) -> list[asyncpg.Record]:
    return await tx.fetch(Q["volunteers_page"], tx.district, after, limit)


async def deactivate(tx: Tx, volunteer_id: UUID) -> int | None:
    """The new version, or None if the volunteer was inactive already."""
    version = await tx.fetchval(Q["deactivate"], tx.district, volunteer_id)
    return None if version is None else int(version)


async def documents_of(tx: Tx, volunteer_ids: Sequence[UUID]) -> dict[UUID, list[StoredDocument]]:
    found: dict[UUID, list[StoredDocument]] = {volunteer_id: [] for volunteer_id in volunteer_ids}
    for row in await tx.fetch(Q["documents_of"], tx.district, list(volunteer_ids)):
        found[row["volunteer_id"]].append(StoredDocument(row["kind"], row["expires_on"], row["recorded_at"]))
    return found


async def record_document(tx: Tx, volunteer_id: UUID, kind: str, expires_on: date) -> None:
    await tx.execute(Q["record_document"], tx.district, volunteer_id, kind, expires_on)


async def lift_suspension(tx: Tx, volunteer_id: UUID, required: Sequence[str]) -> bool:
    """Whether a suspension was lifted: only once every `required` document is valid today."""
    return await tx.changed(Q["lift_suspension"], tx.district, volunteer_id, list(required)) == 1


async def remind_expiring(tx: Tx, within_days: int) -> list[DocumentDue]:
    rows = await tx.fetch(Q["remind_expiring"], tx.district, within_days)
    return [DocumentDue(row["volunteer_id"], row["kind"], row["expires_on"]) for row in rows]


async def suspend_expired(tx: Tx) -> list[DocumentDue]:
    rows = await tx.fetch(Q["suspend_expired"], tx.district)
    return [DocumentDue(row["volunteer_id"], row["kind"], row["expires_on"], row["version"]) for row in rows]


async def known(tx: Tx, volunteer_ids: Sequence[UUID]) -> set[UUID]:
    """Which of `volunteer_ids` the district has."""
    return {row["volunteer_id"] for row in await tx.fetch(Q["known"], tx.district, list(volunteer_ids))}
