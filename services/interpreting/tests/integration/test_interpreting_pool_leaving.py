"""An interpreter taken out of the pool gives back the district's appointments they hold that
have not begun: the next candidate is asked, or the appointment is left unfilled."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import httpx

from wir_interpreting.commands import answers, requests
from wir_interpreting.commands.requests import RequestIn
from wir_interpreting.settings import InterpretingSettings
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import outbox, rows

from .b_support import add_interpreter
from .conftest import Headers

BERLIN = ZoneInfo("Europe/Berlin")


async def _request(runtime: Runtime, settings: InterpretingSettings, *, days: int) -> tuple[UUID, UUID]:
    """A phone appointment in Tigrinya `days` ahead, and who it was assigned to."""
    day = datetime.now(BERLIN).date() + timedelta(days=days)
    starts = datetime.combine(day, time(10), BERLIN)  # inside everyone's weekly hours
    request = RequestIn(
        language="tir",
        mode="phone",
        venue="doctor",
        remote_link="+4962511234567",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        appointment = await requests.create(tx, settings, "cm-1", request, now=datetime.now(UTC))
    assert appointment.interpreter_id is not None
    return appointment.appointment_id, appointment.interpreter_id


async def _state(runtime: Runtime, appointment_id: UUID) -> tuple[str, UUID | None]:
    [row] = await rows(
        runtime,
        BERGSTRASSE,
        "SELECT state, interpreter_id FROM appointments WHERE appointment_id = $1",
        appointment_id,
    )
    return row["state"], row["interpreter_id"]


async def test_a_confirmed_appointment_passes_to_the_next_interpreter(
    interpreting: Runtime,
    http: httpx.AsyncClient,
    headers: Headers,
    interpreting_settings: InterpretingSettings,
) -> None:
    first = await add_interpreter(interpreting, languages=[("tir", None)])
    second = await add_interpreter(interpreting, languages=[("tir", None)])
    appointment_id, holder = await _request(interpreting, interpreting_settings, days=5)
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        await answers.confirm(
            tx, interpreting_settings, appointment_id, interpreter_id=holder, now=datetime.now(UTC)
        )

    answer = await http.delete(f"/interpreters/{holder}", headers=headers())

    assert answer.status_code == 200, answer.text
    assert await _state(interpreting, appointment_id) == ("assigned", ({first, second} - {holder}).pop())
    [declined] = await outbox(interpreting, "interpreter_declined")
    assert declined["interpreter_id"] == str(holder)
    assert declined["reason"] == "other"
    assert declined["after_confirming"] is True


async def test_with_nobody_left_the_appointment_is_unfilled(
    interpreting: Runtime,
    http: httpx.AsyncClient,
    headers: Headers,
    interpreting_settings: InterpretingSettings,
) -> None:
    await add_interpreter(interpreting, languages=[("tir", None)])
    appointment_id, holder = await _request(interpreting, interpreting_settings, days=5)

    await http.delete(f"/interpreters/{holder}", headers=headers())

    assert await _state(interpreting, appointment_id) == ("unfilled", None)
    [declined] = await outbox(interpreting, "interpreter_declined")
    assert declined["after_confirming"] is False
    assert len(await outbox(interpreting, "interpreting_unfilled")) == 1


async def test_an_assignment_past_its_answer_time_is_left_to_the_expiry_job(
    interpreting: Runtime,
    http: httpx.AsyncClient,
    headers: Headers,
    interpreting_settings: InterpretingSettings,
) -> None:
    await add_interpreter(interpreting, languages=[("tir", None)])
    appointment_id, holder = await _request(interpreting, interpreting_settings, days=5)
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "UPDATE appointments SET respond_by = now() - interval '1 minute' WHERE appointment_id = $1",
            appointment_id,
        )

    answer = await http.delete(f"/interpreters/{holder}", headers=headers())

    assert answer.status_code == 200
    assert answer.json()["active"] is False
    assert await _state(interpreting, appointment_id) == ("assigned", holder)
    assert await outbox(interpreting, "interpreter_declined") == []
