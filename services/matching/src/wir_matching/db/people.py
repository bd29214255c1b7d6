"""People as intake and competence describe them, as far as matching needs them: profile,
consents, open mentoring needs, German level; erased behind a tombstone."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from wir_kit import Tx, load_queries

Q = load_queries("wir_matching.db", "people.sql")


@dataclass(frozen=True, slots=True)
class OpenNeed:
    need_id: UUID
    topics: tuple[str, ...]
    urgency: str
    open_since: date | None  # None: since the day of the event that listed it first
    mentor_gender: str | None


async def apply_profile(
    tx: Tx, person_id: UUID, municipality: str, languages: Sequence[Mapping[str, object]], version: int
) -> bool:
    """Whether the profile was applied (False: stale, or the person was erased)."""
    return (
        await tx.changed(
            Q["apply_profile"], tx.district, person_id, municipality, json.dumps(languages), version
        )
        == 1
    )


async def apply_consents(tx: Tx, person_id: UUID, consents: Sequence[str], version: int) -> bool:
    return await tx.changed(Q["apply_consents"], tx.district, person_id, list(consents), version) == 1


async def apply_needs_version(tx: Tx, person_id: UUID, version: int) -> bool:
    """Whether needs at `version` are newer than those kept (then the caller replaces them)."""
    return await tx.changed(Q["apply_needs_version"], tx.district, person_id, version) == 1


async def close_needs_except(tx: Tx, person_id: UUID, keep: Sequence[UUID]) -> list[UUID]:
    """Delete the person's needs not in `keep`; the ids of those closed."""
    rows = await tx.fetch(Q["close_needs"], tx.district, person_id, list(keep))
    return [row["need_id"] for row in rows]


async def upsert_need(tx: Tx, person_id: UUID, need: OpenNeed, listed_on: date) -> None:
    await tx.execute(
        Q["upsert_need"],
        tx.district,
        need.need_id,
        person_id,
        list(need.topics),
        need.urgency,
        need.open_since,
        listed_on,
        need.mentor_gender,
    )


async def raise_german_level(tx: Tx, person_id: UUID, level: str, version: int) -> bool:
    """Keep `level` if it is better than the one kept; whether the level rose."""
    return bool(await tx.fetchval(Q["raise_german_level"], tx.district, person_id, level, version))


async def erase(tx: Tx, person_id: UUID) -> None:
    """The person and their needs go; the tombstone keeps later events from bringing them back."""
    await tx.execute(Q["tombstone"], tx.district, person_id)
    await tx.execute(Q["erase_person"], tx.district, person_id)
