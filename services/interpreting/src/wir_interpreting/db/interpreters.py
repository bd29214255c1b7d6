"""Interpreters of the district's own pool: profiles, languages, compliance documents and the
neighbouring districts they serve; written, read, paged, deactivated."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from wir_interpreting.domain.errors import NotFound
from wir_kit import Tx, load_queries

Q = load_queries("wir_interpreting.db", "interpreters.sql")


class InterpreterNotFound(NotFound):
    """No such interpreter in the caller's district's pool, or not one the caller may see."""


@dataclass(frozen=True, slots=True)
class StoredDocument:
    kind: str
    expires_on: date
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class DocumentDue:
    """A document whose expiry is near and not yet reminded of."""

    interpreter_id: UUID
    kind: str
    expires_on: date


@dataclass(frozen=True, slots=True)
class PoolEntry:
    """An interpreter as stored, with what hangs off the row."""

    row: asyncpg.Record
    languages: tuple[tuple[str, str], ...]  # (ISO 639-3, variety or '')
    documents: tuple[StoredDocument, ...]
    neighbours: tuple[str, ...]


def _profile_args(profile: Mapping[str, Any]) -> tuple[Any, ...]:
    contact = profile["contact"]
    return (
        contact["display_name"],
        contact.get("email"),
        contact.get("mobile"),
        list(contact["channels"]),
        profile["preferred_language"],
        profile["german_level"],
        list(profile["modes"]),
        profile["home_municipality"],
        profile["travel_km"],
        list(profile["municipalities"]),
        json.dumps(profile["weekly"]),
        json.dumps(profile["absences"]),
    )


async def today(tx: Tx) -> date:
    day: date = await tx.fetchval(Q["today"])
    return day


async def insert(tx: Tx, interpreter_id: UUID, profile: Mapping[str, Any]) -> bool:
    """`profile` as `InterpreterProfile.stored()` gives it; False if the id is taken already."""
    inserted = await tx.changed(Q["insert_interpreter"], tx.district, interpreter_id, *_profile_args(profile))
    if inserted:
        await _replace_languages(tx, interpreter_id, profile["languages"])
    return inserted == 1


async def update(tx: Tx, interpreter_id: UUID, profile: Mapping[str, Any]) -> int:
    """The interpreter's new version; InterpreterNotFound if the pool has no such interpreter."""
    version = await tx.fetchval(Q["update_interpreter"], tx.district, interpreter_id, *_profile_args(profile))
    if version is None:
        raise InterpreterNotFound()
    await _replace_languages(tx, interpreter_id, profile["languages"])
    return int(version)


async def _replace_languages(tx: Tx, interpreter_id: UUID, languages: Sequence[Mapping[str, Any]]) -> None:
    await tx.execute(Q["delete_languages"], tx.district, interpreter_id)
    await tx.execute(
        Q["insert_languages"],
        tx.district,
        interpreter_id,
        [spoken["language"] for spoken in languages],
        [spoken["variety"] or "" for spoken in languages],
    )


async def set_availability(
    tx: Tx, interpreter_id: UUID, weekly: Sequence[Mapping[str, Any]], absences: Sequence[Mapping[str, Any]]
) -> None:
    changed = await tx.changed(
        Q["set_availability"],
        tx.district,
        interpreter_id,
        json.dumps(list(weekly)),
        json.dumps(list(absences)),
    )
    if not changed:
        raise InterpreterNotFound()


async def load(tx: Tx, interpreter_id: UUID, *, for_update: bool = False) -> asyncpg.Record:
    query = Q["interpreter_for_update"] if for_update else Q["interpreter"]
    row = await tx.fetchrow(query, tx.district, interpreter_id)
    if row is None:
        raise InterpreterNotFound()
    return row


async def page(tx: Tx, after: UUID | None, active: bool | None, limit: int) -> list[asyncpg.Record]:
    return await tx.fetch(Q["interpreters_page"], tx.district, after, active, limit)


async def deactivate(tx: Tx, interpreter_id: UUID) -> int | None:
    """The new version, or None if the interpreter was inactive already."""
    version = await tx.fetchval(Q["deactivate"], tx.district, interpreter_id)
    return None if version is None else int(version)


async def entries(tx: Tx, rows: Sequence[asyncpg.Record]) -> list[PoolEntry]:
    """The rows with their languages, documents and grants, in the rows' order."""
    ids = [row["interpreter_id"] for row in rows]
    languages: dict[UUID, list[tuple[str, str]]] = {i: [] for i in ids}
    documents: dict[UUID, list[StoredDocument]] = {i: [] for i in ids}
    neighbours: dict[UUID, list[str]] = {i: [] for i in ids}
    for row in await tx.fetch(Q["languages_of"], tx.district, ids):
        languages[row["interpreter_id"]].append((row["language"], row["variety"]))
    for row in await tx.fetch(Q["documents_of"], tx.district, ids):
        documents[row["interpreter_id"]].append(
            StoredDocument(row["kind"], row["expires_on"], row["recorded_at"])
        )
    for row in await tx.fetch(Q["grants_of"], tx.district, ids):
        neighbours[row["interpreter_id"]].append(row["grantee"])
    return [
        PoolEntry(
            row,
            tuple(languages[row["interpreter_id"]]),
            tuple(documents[row["interpreter_id"]]),
            tuple(neighbours[row["interpreter_id"]]),
        )
        for row in rows
    ]


async def record_document(tx: Tx, interpreter_id: UUID, kind: str, expires_on: date) -> None:
    await tx.execute(Q["record_document"], tx.district, interpreter_id, kind, expires_on)


async def set_neighbours(tx: Tx, interpreter_id: UUID, grantees: Sequence[str]) -> None:
    """Grant exactly `grantees` (other districts) sight of the interpreter; revoke the rest."""
    await tx.execute(Q["revoke_grants"], tx.district, interpreter_id, list(grantees))
    await tx.execute(Q["add_grants"], tx.district, interpreter_id, list(grantees))


async def remind_expiring(tx: Tx, within_days: int) -> list[DocumentDue]:
    rows = await tx.fetch(Q["remind_expiring"], tx.district, within_days)
    return [DocumentDue(row["interpreter_id"], row["kind"], row["expires_on"]) for row in rows]


async def known(tx: Tx, interpreter_ids: Sequence[UUID]) -> set[UUID]:
    """Which of `interpreter_ids` the district's pool has."""
    return {row["interpreter_id"] for row in await tx.fetch(Q["known"], tx.district, list(interpreter_ids))}


async def open_appointments(tx: Tx, interpreter_id: UUID, now: datetime) -> list[UUID]:
    rows = await tx.fetch(Q["open_appointments"], tx.district, interpreter_id, now)
    return [row["appointment_id"] for row in rows]
