"""What one district's run works on, read in its transaction: the matchable mentors and the open
needs (as the domain's Seeker and Mentor), and the waiting list the run leaves behind."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any
from uuid import UUID

import asyncpg

from wir_contracts.consent import ConsentPurpose
from wir_contracts.matching.v1 import ComplianceDocument
from wir_kit import Tx, load_queries
from wir_matching.domain.model import Absence, Mentor, Seeker, Spoken, WeeklySlot

Q = load_queries("wir_matching.db", "snapshot.sql")
GERMAN = "deu"


@dataclass(frozen=True, slots=True)
class OpenNeeds:
    """The open needs without an open match: those the person lets volunteers see, and the others."""

    seekers: tuple[Seeker, ...]
    without_consent: tuple[Seeker, ...]


@dataclass(frozen=True, slots=True)
class Waiting:
    need_id: UUID
    person_id: UUID
    reason: str
    waiting_since: date


async def today(tx: Tx) -> date:
    day: date = await tx.fetchval(Q["today"])
    return day


async def lock_district(tx: Tx) -> None:
    """Wait until no other transaction runs this district's assignment; held until commit."""
    await tx.fetchval(Q["lock_district"], tx.district)


async def take_run_request(tx: Tx) -> bool:
    """Whether a due run request was there (now taken)."""
    return await tx.fetchval(Q["take_run_request"], tx.district) is not None


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _spoken(languages: Any) -> list[Spoken]:
    return [
        Spoken(language=item["language"], level=item.get("level"), native=bool(item.get("native", False)))
        for item in _json(languages) or []
    ]


def _with_german(spoken: list[Spoken], german_level: str | None) -> tuple[Spoken, ...]:
    """The level competence recorded or certified wins over what intake registered."""
    if german_level is None:
        return tuple(spoken)
    native = any(s.language == GERMAN and s.native for s in spoken)
    others = [s for s in spoken if s.language != GERMAN]
    return (*others, Spoken(GERMAN, german_level, native))


def _mentor(row: asyncpg.Record) -> Mentor:
    return Mentor(
        volunteer_id=row["volunteer_id"],
        municipality=row["municipality"],
        travel_km=float(row["travel_km"]),
        languages=tuple(_spoken(row["languages"])),
        topics=frozenset(row["topics"]),
        free_places=row["free_places"],
        weekly=tuple(
            WeeklySlot(slot["weekday"], time.fromisoformat(slot["start"]), time.fromisoformat(slot["end"]))
            for slot in _json(row["weekly"])
        ),
        absences=tuple(
            Absence(date.fromisoformat(a["first_day"]), date.fromisoformat(a["last_day"]))
            for a in _json(row["absences"])
        ),
        gender=row["gender"],
    )


def _seeker(row: asyncpg.Record) -> Seeker:
    return Seeker(
        person_id=row["person_id"],
        need_id=row["need_id"],
        municipality=row["municipality"] or "",
        languages=_with_german(_spoken(row["languages"]), row["german_level"]),
        topics=frozenset(row["topics"]),
        urgency=row["urgency"],
        waiting_since=row["open_since"],
        requested_gender=row["mentor_gender"],
        previous_mentors=frozenset(row["previous"]),
        declined_by=frozenset(row["declined_by"]),
    )


async def mentors(tx: Tx, today: date) -> tuple[Mentor, ...]:
    """The district's matchable volunteers with their free places (capacity − proposed − accepted)."""
    documents = [kind.value for kind in ComplianceDocument]
    return tuple(_mentor(row) for row in await tx.fetch(Q["mentors"], tx.district, documents, today))


async def open_needs(tx: Tx) -> OpenNeeds:
    rows = await tx.fetch(Q["open_needs"], tx.district, ConsentPurpose.SHARE_WITH_VOLUNTEERS.value)
    seekers = tuple(_seeker(row) for row in rows if row["consented"])
    return OpenNeeds(seekers, tuple(_seeker(row) for row in rows if not row["consented"]))


async def replace_waiting(tx: Tx, waiting: Sequence[Waiting]) -> None:
    """The waiting list becomes what this run left waiting."""
    await tx.execute(Q["clear_waiting"], tx.district)
    if waiting:
        await tx.execute(
            Q["insert_waiting"],
            tx.district,
            [w.need_id for w in waiting],
            [w.person_id for w in waiting],
            [w.reason for w in waiting],
            [w.waiting_since for w in waiting],
        )


async def waiting_list(tx: Tx, limit: int) -> list[asyncpg.Record]:
    return await tx.fetch(Q["waiting_list"], tx.district, limit)


async def forget_waiting(tx: Tx, person_id: UUID) -> None:
    await tx.execute(Q["forget_waiting"], tx.district, person_id)


async def due_alerts(tx: Tx, alert_days: int) -> list[asyncpg.Record]:
    return await tx.fetch(Q["due_alerts"], tx.district, alert_days)


async def mark_alerted(tx: Tx, need_ids: Sequence[UUID]) -> None:
    await tx.execute(Q["mark_alerted"], tx.district, list(need_ids))
