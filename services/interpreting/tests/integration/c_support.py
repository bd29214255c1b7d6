"""What the people, erasure and neighbour tests share: appointments, interpreters, grants and
bookings written straight into the tables (as the superuser where a row belongs to another
district's pool), so these tests need no other part of the service to set them up."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from wir_interpreting.db import people
from wir_interpreting.domain.people import Person
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import (
    BERGSTRASSE,
    GELNHAUSEN,
    HANAU,
    HANAU_TOWN,
    HEPPENHEIM,
    MAIN_KINZIG,
)

HOMES = {BERGSTRASSE: HEPPENHEIM, HANAU: HANAU_TOWN, MAIN_KINZIG: GELNHAUSEN}
#: Far enough ahead for any lead time, reminder or answer deadline a test sets.
AHEAD = timedelta(days=20)
REQUESTER = {
    "display_name": "Jobcenter Bergstraße, Team Integration",
    "email": "team@jobcenter.example",
    "mobile": None,
    "channels": ["email"],
}


def ahead(hours: float = 0) -> datetime:
    start = datetime.now(UTC) + AHEAD + timedelta(hours=hours)
    return start.replace(microsecond=0)


async def insert_appointment(
    runtime: Runtime,
    *,
    district: str = BERGSTRASSE,
    person_id: UUID | None = None,
    state: str = "open",
    starts_at: datetime | None = None,
    interpreter_id: UUID | None = None,
    interpreter_district: str | None = None,
    notes: str | None = "Sie bringt ihren Bescheid mit.",
    language: str = "prs",
    respond_by: datetime | None = None,
) -> UUID:
    appointment_id = uuid4()
    starts_at = starts_at or ahead()
    async with runtime.db.transaction(district) as tx:
        await tx.execute(
            "INSERT INTO appointments (district, appointment_id, person_id, language, mode, venue,"
            " municipality, address, starts_at, ends_at, notes, requester, requested_by, state,"
            " interpreter_id, interpreter_district, respond_by)"
            " VALUES ($1, $2, $3, $4, 'on_site', 'jobcenter', '06431002', 'Rodensteinstraße 19',"
            " $5, $6, $7, $8::jsonb, 'cm-1', $9, $10, $11, $12)",
            district,
            appointment_id,
            person_id,
            language,
            starts_at,
            starts_at + timedelta(hours=1),
            notes,
            json.dumps(REQUESTER),
            state,
            interpreter_id,
            interpreter_district,
            respond_by,
        )
    return appointment_id


async def load(runtime: Runtime, person_id: UUID, district: str = BERGSTRASSE) -> Person | None:
    """The person as requests read them (None: unknown, erased or another district's)."""
    async with runtime.db.transaction(district) as tx:
        return await people.load(tx, person_id)


async def superuser(runtime: Runtime) -> asyncpg.Connection:
    """A connection that RLS does not apply to, on the service's schema: for rows of several
    districts at once and for checking what is really stored."""
    conn = await asyncpg.connect(runtime.settings.database_admin_url)
    await conn.execute(f"SET search_path TO {runtime.settings.pg_schema}, public")
    return conn


async def as_superuser(runtime: Runtime, query: str, *args: Any) -> list[asyncpg.Record]:
    conn = await superuser(runtime)
    try:
        return list(await conn.fetch(query, *args))
    finally:
        await conn.close()


async def insert_interpreter(
    runtime: Runtime,
    district: str,
    *,
    language: str = "kmr",
    variety: str = "Kurmanji",
    name: str = "Rojda Aydin",
    email: str = "rojda@example.net",
    grants: tuple[str, ...] = (),
) -> UUID:
    interpreter_id = uuid4()
    async with runtime.db.transaction(district) as tx:
        await tx.execute(
            "INSERT INTO interpreters (district, interpreter_id, display_name, email, channels,"
            " preferred_language, german_level, modes, home_municipality, travel_km)"
            " VALUES ($1, $2, $3, $4, '{email}', 'deu', 'C1', '{on_site,phone,video}', $5, 80)",
            district,
            interpreter_id,
            name,
            email,
            HOMES[district],
        )
        await tx.execute(
            "INSERT INTO interpreter_languages (district, interpreter_id, language, variety)"
            " VALUES ($1, $2, $3, $4)",
            district,
            interpreter_id,
            language,
            variety,
        )
        for grantee in grants:
            await grant(tx.conn, district, interpreter_id, grantee)
    return interpreter_id


async def grant(conn: Any, district: str, interpreter_id: UUID, grantee: str) -> None:
    await conn.execute(
        "INSERT INTO pool_grants (district, interpreter_id, grantee) VALUES ($1, $2, $3)",
        district,
        interpreter_id,
        grantee,
    )


async def insert_booking(
    runtime: Runtime,
    *,
    requesting_district: str,
    interpreter_district: str,
    interpreter_id: UUID,
    appointment_id: UUID,
    starts_at: datetime,
    respond_by: datetime | None = None,
    state: str = "held",
) -> None:
    """A booking as the requesting district writes it into the interpreter's calendar."""
    async with runtime.db.transaction(requesting_district) as tx:
        await tx.execute(
            "INSERT INTO bookings (district, appointment_id, requesting_district, interpreter_id, state,"
            " language, variety, mode, municipality, starts_at, ends_at, during, respond_by)"
            " VALUES ($1, $2, $3, $4, $5, 'kmr', 'Kurmanji', 'on_site', '06431002', $6, $7,"
            " tstzrange($6::timestamptz - interval '45 minutes', $7::timestamptz + interval '45 minutes'),"
            " $8)",
            interpreter_district,
            appointment_id,
            requesting_district,
            interpreter_id,
            state,
            starts_at,
            starts_at + timedelta(hours=1),
            respond_by,
        )
