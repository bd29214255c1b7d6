"""What the lifecycle's tests share: an appointment requested through the API and assigned,
its answer link as the interpreter's message carries it, and moves of its deadline or start
into the past (tests never wait for the clock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import httpx

from wir_interpreting.adapters import links
from wir_interpreting.settings import InterpretingSettings
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import outbox, rows

from .a1_support import request_body
from .conftest import PUBLIC_URL, Headers

LINK_PREFIX = f"{PUBLIC_URL}/answers/"


@dataclass(frozen=True, slots=True)
class Booked:
    appointment_id: UUID
    interpreter_id: UUID
    starts_at: datetime
    ends_at: datetime
    respond_by: datetime

    @property
    def path(self) -> str:
        return f"/appointments/{self.appointment_id}"


async def book(http: httpx.AsyncClient, headers: Headers, **changes: Any) -> Booked:
    """A request (a1_support's body with `changes`) assigned to an interpreter of the pool."""
    answer = await http.post("/appointments", json=request_body(**changes), headers=headers("case_manager"))
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["state"] == "assigned", body
    return Booked(
        appointment_id=UUID(body["appointment_id"]),
        interpreter_id=UUID(body["interpreter_id"]),
        starts_at=datetime.fromisoformat(body["starts_at"]),
        ends_at=datetime.fromisoformat(body["ends_at"]),
        respond_by=datetime.fromisoformat(body["respond_by"]),
    )


async def confirmed(http: httpx.AsyncClient, headers: Headers, **changes: Any) -> Booked:
    """A booked appointment its interpreter confirmed through the API."""
    booked = await book(http, headers, **changes)
    answer = await http.post(f"{booked.path}/confirm", headers=as_interpreter(headers, booked.interpreter_id))
    assert answer.status_code == 200, answer.text
    return booked


def as_interpreter(headers: Headers, interpreter_id: UUID, district: str = BERGSTRASSE) -> dict[str, str]:
    return headers("interpreter", sub=str(interpreter_id), district=district)


async def answer_token(
    runtime: Runtime, appointment_id: UUID, event_type: str = "interpreter_assigned"
) -> str:
    """The token of the newest answer link sent for the appointment."""
    sent = [e for e in await outbox(runtime, event_type) if e["appointment_id"] == str(appointment_id)]
    url: str = sent[-1]["answer_url"]
    assert url.startswith(LINK_PREFIX)
    return url.removeprefix(LINK_PREFIX)


def forged_token(
    runtime: Runtime,
    appointment_id: UUID,
    interpreter_id: UUID,
    *,
    expires_at: datetime,
    district: str = BERGSTRASSE,
    secret: str | None = None,
) -> str:
    """An answer token as the service would sign it (with its own secret unless `secret`)."""
    settings: InterpretingSettings = runtime.spec.settings
    return links.sign_answer(
        secret or settings.answer_link_secret,
        district=district,
        appointment_id=appointment_id,
        interpreter_id=interpreter_id,
        expires_at=expires_at,
    )


async def pass_deadline(runtime: Runtime, appointment_id: UUID) -> None:
    """The time to answer is over (as if it had passed), the link itself still unexpired."""
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "UPDATE appointments SET respond_by = now() - interval '1 minute' WHERE appointment_id = $1",
            appointment_id,
        )


async def begin(runtime: Runtime, appointment_id: UUID) -> None:
    """The appointment (and its booking) began an hour ago and lasts two."""
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "UPDATE appointments SET starts_at = now() - interval '1 hour',"
            " ends_at = now() + interval '1 hour' WHERE appointment_id = $1",
            appointment_id,
        )
        await tx.execute(
            "UPDATE bookings SET starts_at = now() - interval '1 hour', ends_at = now() + interval '1 hour',"
            " during = tstzrange(now() - interval '2 hours', now() + interval '2 hours')"
            " WHERE appointment_id = $1",
            appointment_id,
        )


async def attempt(runtime: Runtime, appointment_id: UUID, interpreter_id: UUID) -> dict[str, Any]:
    [row] = await rows(
        runtime,
        BERGSTRASSE,
        "SELECT outcome, decline_reason, answered_at FROM attempts"
        " WHERE appointment_id = $1 AND interpreter_id = $2",
        appointment_id,
        interpreter_id,
    )
    return dict(row)


async def booking(runtime: Runtime, appointment_id: UUID, interpreter_id: UUID) -> dict[str, Any]:
    [row] = await rows(
        runtime,
        BERGSTRASSE,
        "SELECT state, version, starts_at, ends_at, lower(during) AS since, upper(during) AS until,"
        " respond_by FROM bookings WHERE appointment_id = $1 AND interpreter_id = $2",
        appointment_id,
        interpreter_id,
    )
    return dict(row)


async def stored(runtime: Runtime, appointment_id: UUID) -> dict[str, Any]:
    [row] = await rows(
        runtime, BERGSTRASSE, "SELECT * FROM appointments WHERE appointment_id = $1", appointment_id
    )
    return dict(row)


async def events(runtime: Runtime, event_type: str, appointment_id: UUID) -> list[dict[str, Any]]:
    return [e for e in await outbox(runtime, event_type) if e["appointment_id"] == str(appointment_id)]


async def reminders_waiting(runtime: Runtime, appointment_id: UUID) -> list[dict[str, Any]]:
    """The appointment's reminders in the outbox, with when they are due."""
    found = await rows(
        runtime,
        BERGSTRASSE,
        "SELECT payload::jsonb ->> 'hours_before' AS hours_before, not_before, published_at FROM outbox"
        " WHERE event_type = 'appointment_reminder_due' AND payload::jsonb ->> 'appointment_id' = $1"
        " ORDER BY not_before",
        str(appointment_id),
    )
    return [dict(row) for row in found]
