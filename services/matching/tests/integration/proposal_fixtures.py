"""Fixtures of the proposal tests (runs, lifecycle, answer links, withdrawals): matching on the
real PostgreSQL and RabbitMQ without its periodic jobs (the tests run them explicitly),
people and volunteers written straight into matching's tables (their own tests cover how they get
there), and short ways to run the district and read what it did. The fixtures they use
(`service`, `client`, `auth`, `proposal_settings`) are in conftest.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HEPPENHEIM
from wir_kit.testing.service import outbox, rows
from wir_matching.jobs.runs import run_due
from wir_matching.settings import MatchingSettings

PUBLIC_URL = "https://wir.example.org/matching"
SLOW = 3600.0  # the tests call the periodic jobs themselves
DOCUMENTS = ["criminal_record_certificate", "confidentiality_declaration"]
SHARED = {"display_name": "Jutta", "mobile": "+4915100000002", "channels": ["sms"]}
EVENINGS = [{"weekday": day, "start": "17:00", "end": "19:00"} for day in range(5)]


@dataclass(frozen=True, slots=True)
class Need:
    person_id: UUID
    need_id: UUID


async def add_person(
    runtime: Runtime,
    *,
    district: str = BERGSTRASSE,
    municipality: str = HEPPENHEIM,
    languages: tuple[str, ...] = ("prs",),
    consents: tuple[str, ...] = ("processing", "share_with_volunteers"),
    topics: tuple[str, ...] = ("housing", "authorities"),
    waited_days: int = 3,
    person_id: UUID | None = None,
) -> Need:
    """A person with one open mentoring need, as intake's and competence's events leave them."""
    need = Need(person_id or uuid4(), uuid4())
    spoken = json.dumps([{"language": code, "level": None, "native": True} for code in languages])
    await rows(
        runtime,
        district,
        "INSERT INTO people (district, person_id, profile_version, consents_version, needs_version, "
        "municipality, languages, consents) VALUES ($1, $2, 1, 1, 1, $3, $4::jsonb, $5) "
        "ON CONFLICT DO NOTHING RETURNING person_id",
        district,
        need.person_id,
        municipality,
        spoken,
        list(consents),
    )
    await rows(
        runtime,
        district,
        "INSERT INTO needs (district, need_id, person_id, topics, open_since) VALUES ($1, $2, $3, $4, "
        "(now() AT TIME ZONE 'Europe/Berlin')::date - $5::integer) RETURNING need_id",
        district,
        need.need_id,
        need.person_id,
        list(topics),
        waited_days,
    )
    return need


async def add_volunteer(
    runtime: Runtime,
    *,
    district: str = BERGSTRASSE,
    municipality: str = HEPPENHEIM,
    languages: tuple[str, ...] = ("prs", "deu"),
    topics: tuple[str, ...] = ("housing", "authorities", "everyday_life"),
    capacity: int = 2,
    travel_km: float = 15.0,
    documents_valid_days: int = 365,
    share_contact: dict[str, Any] | None = None,
) -> UUID:
    """A registered, compliant volunteer free on weekday evenings."""
    volunteer_id = uuid4()
    spoken = json.dumps([{"language": code, "level": "C1", "native": False} for code in languages])
    await rows(
        runtime,
        district,
        "INSERT INTO volunteers (district, volunteer_id, display_name, email, channels, preferred_language, "
        "municipality, travel_km, languages, topics, capacity, weekly, share_contact) "
        "VALUES ($1, $2, 'Jutta Weber', 'jutta@example.org', '{email}', 'deu', $3, $4, $5::jsonb, $6, $7, "
        "$8::jsonb, $9::jsonb) RETURNING volunteer_id",
        district,
        volunteer_id,
        municipality,
        travel_km,
        spoken,
        list(topics),
        capacity,
        json.dumps(EVENINGS),
        json.dumps(share_contact if share_contact is not None else SHARED),
    )
    await rows(
        runtime,
        district,
        "INSERT INTO volunteer_documents (district, volunteer_id, kind, expires_on) "
        "SELECT $1, $2, unnest($3::text[]), (now() AT TIME ZONE 'Europe/Berlin')::date + $4::integer "
        "RETURNING kind",
        district,
        volunteer_id,
        DOCUMENTS,
        documents_valid_days,
    )
    return volunteer_id


async def run_now(runtime: Runtime, settings: MatchingSettings, district: str = BERGSTRASSE) -> list[UUID]:
    """The district's run as `POST /runs` does it; the new matches' ids."""
    from wir_matching.commands import runs

    async with runtime.db.transaction(district) as tx:
        outcome = await runs.run_district(tx, settings)
    return list(outcome.proposed)


async def run_requested(runtime: Runtime, settings: MatchingSettings) -> int:
    """One pass of the job that serves due run requests."""
    return await run_due(runtime.db, settings)


async def match_rows(runtime: Runtime, district: str = BERGSTRASSE, **where: Any) -> list[dict[str, Any]]:
    """The district's matches (all, or those whose need_id/person_id/volunteer_id/state match)."""
    found = await rows(runtime, district, "SELECT * FROM matches ORDER BY proposed_at, match_id")
    return [dict(r) for r in found if all(r[key] == value for key, value in where.items())]


async def events(runtime: Runtime, event_type: str, district: str = BERGSTRASSE) -> list[dict[str, Any]]:
    return await outbox(runtime, event_type, district)


async def make_overdue(runtime: Runtime, match_id: UUID, district: str = BERGSTRASSE) -> None:
    """The volunteer's time to answer is over (without waiting for it)."""
    await rows(
        runtime,
        district,
        "UPDATE matches SET respond_by = now() - interval '1 minute' WHERE match_id = $1 RETURNING match_id",
        match_id,
    )


async def run_requests(runtime: Runtime, district: str = BERGSTRASSE) -> int:
    return len(await rows(runtime, district, "SELECT due_at FROM run_requests"))
