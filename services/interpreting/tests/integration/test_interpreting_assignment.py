"""The automatic assignment: the best free candidate is asked; one whose calendar a concurrent
assignment took first is passed over for the next; nobody left → unfilled, saying why."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import httpx

from wir_interpreting.commands import assignment, interpreters
from wir_interpreting.db import appointments
from wir_interpreting.domain.model import Appointment
from wir_interpreting.settings import InterpretingSettings
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import outbox, rows
from wir_kit.testing.waiting import eventually

from .a1_support import BERLIN, add_interpreter, ahead, request_body, set_rules
from .conftest import Headers, RegisterPerson

BLOCKING_BOOKING = """
INSERT INTO bookings (district, appointment_id, requesting_district, interpreter_id, language, mode,
                      starts_at, ends_at, during)
VALUES ($1, $2, $1, $3, 'prs', 'phone', $4, $5, tstzrange($4, $5))
"""


async def _request(http: httpx.AsyncClient, headers: Headers, **changes: Any) -> dict[str, Any]:
    answer = await http.post("/appointments", json=request_body(**changes), headers=headers())
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def _answered(runtime: Runtime, appointment_id: object, outcome: str) -> Appointment:
    """The assigned interpreter answered (as the lifecycle records it): booking released."""
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "UPDATE attempts SET outcome = $2, answered_at = now()"
            " WHERE appointment_id = $1 AND outcome = 'asked'",
            appointment_id,
            outcome,
        )
        await tx.execute(
            "UPDATE bookings SET state = 'released', version = version + 1 WHERE appointment_id = $1",
            appointment_id,
        )
        return await appointments.load(tx, UUID(str(appointment_id)))


async def _assign_next(
    runtime: Runtime, settings: InterpretingSettings, appointment: Appointment
) -> Appointment:
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        return await assignment.assign_next(tx, settings, appointment, now=datetime.now(UTC))


async def _waiting_for_a_lock(runtime: Runtime) -> bool:
    """Some other transaction of this service waits for a lock (a booking's outcome)."""
    found = await rows(
        runtime,
        BERGSTRASSE,
        "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        " AND application_name = current_setting('application_name')",
    )
    return bool(found)


async def test_interpreter_whose_time_a_concurrent_assignment_took_is_passed_over(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    first = await add_interpreter(interpreting, languages=[("prs", "Herati")])
    second = await add_interpreter(interpreting)
    body = request_body(variety="Herati")
    starts, ends = datetime.fromisoformat(body["starts_at"]), datetime.fromisoformat(body["ends_at"])

    # Another replica holds the first interpreter's time, not yet committed: the candidates query
    # cannot see it, the exclusion constraint waits for it and then refuses.
    async with interpreting.db.transaction(BERGSTRASSE) as other:
        await other.execute(BLOCKING_BOOKING, BERGSTRASSE, uuid4(), first, starts, ends)
        request = asyncio.create_task(http.post("/appointments", json=body, headers=headers()))
        assert await eventually(lambda: _waiting_for_a_lock(interpreting))

    answer = await request
    assert answer.status_code == 201, answer.text
    assert answer.json()["interpreter_id"] == str(second)
    # The refused booking was rolled back alone: what the request had announced stays.
    assert len(await outbox(interpreting, "interpreting_requested")) == 1
    overlapping = await rows(
        interpreting,
        BERGSTRASSE,
        "SELECT count(*) AS n FROM bookings WHERE interpreter_id = $1 AND state <> 'released'",
        first,
    )
    assert overlapping[0]["n"] == 1


async def test_assignment_cancelled_in_a_deadlock_asks_again(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    first = await add_interpreter(interpreting, languages=[("prs", "Herati")])
    second = await add_interpreter(interpreting)
    body = request_body(variety="Herati")
    starts, ends = datetime.fromisoformat(body["starts_at"]), datetime.fromisoformat(body["ends_at"])

    async with interpreting.db.transaction(BERGSTRASSE) as other:
        await other.execute(BLOCKING_BOOKING, BERGSTRASSE, uuid4(), first, starts, ends)
        request = asyncio.create_task(http.post("/appointments", json=body, headers=headers()))
        assert await eventually(lambda: _waiting_for_a_lock(interpreting))
        # The other transaction now books the first interpreter again, just after its own booking
        # but within the request's travel buffer: it waits for the request, which waits for it,
        # and the database cancels one of them.
        later = ends + timedelta(minutes=10)
        await other.execute("SAVEPOINT clash")
        try:
            await other.execute(
                BLOCKING_BOOKING, BERGSTRASSE, uuid4(), first, later, later + timedelta(minutes=10)
            )
        except asyncpg.DeadlockDetectedError:
            await other.execute("ROLLBACK TO SAVEPOINT clash")

    # Whichever was cancelled, the first interpreter is booked elsewhere, and the request moved on.
    answer = await request
    assert answer.status_code == 201, answer.text
    assert answer.json()["interpreter_id"] == str(second)


async def test_declined_interpreter_is_not_asked_again_and_all_declined_is_the_reason(
    interpreting: Runtime,
    http: httpx.AsyncClient,
    headers: Headers,
    interpreting_settings: InterpretingSettings,
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)
    created = await _request(http, headers)
    first = created["interpreter_id"]

    after_first = await _assign_next(
        interpreting,
        interpreting_settings,
        await _answered(interpreting, created["appointment_id"], "declined"),
    )
    assert after_first.state == "assigned"
    assert str(after_first.interpreter_id) != first
    assert after_first.version == 3

    after_second = await _assign_next(
        interpreting,
        interpreting_settings,
        await _answered(interpreting, created["appointment_id"], "declined"),
    )
    assert (after_second.state, after_second.interpreter_id) == ("unfilled", None)
    [unfilled] = await outbox(interpreting, "interpreting_unfilled")
    assert (unfilled["reason"], unfilled["aggregate_version"]) == ("all_declined", 4)
    assert unfilled["appointment"]["language"] == "prs"


async def test_expired_answer_makes_no_answer_the_reason(
    interpreting: Runtime,
    http: httpx.AsyncClient,
    headers: Headers,
    interpreting_settings: InterpretingSettings,
) -> None:
    await add_interpreter(interpreting)
    created = await _request(http, headers)

    after = await _assign_next(
        interpreting,
        interpreting_settings,
        await _answered(interpreting, created["appointment_id"], "expired"),
    )

    assert after.state == "unfilled"
    [unfilled] = await outbox(interpreting, "interpreting_unfilled")
    assert unfilled["reason"] == "no_answer"


async def test_nobody_free_makes_none_available_the_reason(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    await _request(http, headers)

    clash = await _request(http, headers)

    assert clash["state"] == "unfilled"
    [unfilled] = await outbox(interpreting, "interpreting_unfilled")
    assert unfilled["reason"] == "none_available"
    assert unfilled["aggregate_version"] == 2


async def test_expired_documents_or_leaving_the_pool_take_an_interpreter_out(
    interpreting: Runtime,
    http: httpx.AsyncClient,
    headers: Headers,
    interpreting_settings: InterpretingSettings,
) -> None:
    await add_interpreter(interpreting, documents_until=ahead(4).date())
    leaving = await add_interpreter(interpreting)
    created = await _request(http, headers, days=5)
    assert created["interpreter_id"] == str(leaving)
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        await interpreters.deactivate(tx, leaving)

    after = await _assign_next(
        interpreting,
        interpreting_settings,
        await _answered(interpreting, created["appointment_id"], "declined"),
    )

    assert after.state == "unfilled"
    [unfilled] = await outbox(interpreting, "interpreting_unfilled")
    # The one left speaks the language: the documents, not the language, keep them out.
    assert unfilled["reason"] == "all_declined"


async def test_language_nobody_active_speaks_any_more_is_the_reason(
    interpreting: Runtime,
    http: httpx.AsyncClient,
    headers: Headers,
    interpreting_settings: InterpretingSettings,
) -> None:
    only = await add_interpreter(interpreting)
    created = await _request(http, headers)
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        await interpreters.deactivate(tx, only)

    await _assign_next(
        interpreting,
        interpreting_settings,
        await _answered(interpreting, created["appointment_id"], "declined"),
    )

    [unfilled] = await outbox(interpreting, "interpreting_unfilled")
    assert unfilled["reason"] == "no_interpreter_for_language"


async def test_work_is_spread_over_the_pool(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)

    morning = await _request(http, headers, days=5, hour=9)
    afternoon = await _request(http, headers, days=5, hour=14)

    assert morning["interpreter_id"] != afternoon["interpreter_id"]


async def test_interpreter_who_served_the_person_before_is_asked_first(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, register_person: RegisterPerson
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)
    person_id = await register_person()
    earlier = await _request(http, headers, days=5, person_id=str(person_id))
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "UPDATE appointments SET state = 'confirmed' WHERE appointment_id = $1", earlier["appointment_id"]
        )

    # Busier this month, but the person knows them.
    later = await _request(http, headers, days=6, person_id=str(person_id))

    assert later["interpreter_id"] == earlier["interpreter_id"]


async def test_answer_is_due_an_hour_before_an_appointment_that_comes_sooner(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    # Two weeks to answer, for an appointment in three days: due an hour before it starts.
    await set_rules(interpreting, answer_hours=336)
    body = request_body(days=3)

    answer = await http.post("/appointments", json=body, headers=headers())

    assert answer.status_code == 201, answer.text
    starts = datetime.fromisoformat(answer.json()["starts_at"])
    assert datetime.fromisoformat(answer.json()["respond_by"]) == starts - timedelta(hours=1)


async def test_answer_time_is_the_districts_rule(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    await set_rules(interpreting, answer_hours=5)
    before = datetime.now(UTC)

    created = await _request(http, headers)

    respond_by = datetime.fromisoformat(str(created["respond_by"]))
    assert before + timedelta(hours=5) <= respond_by <= datetime.now(UTC) + timedelta(hours=5)


async def test_nobody_is_asked_once_the_appointment_has_begun(
    interpreting: Runtime,
    http: httpx.AsyncClient,
    headers: Headers,
    interpreting_settings: InterpretingSettings,
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)
    created = await _request(http, headers)
    appointment = await _answered(interpreting, created["appointment_id"], "expired")

    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        after = await assignment.assign_next(
            tx, interpreting_settings, appointment, now=appointment.starts_at + timedelta(minutes=1)
        )

    assert after.state == "unfilled"
    [unfilled] = await outbox(interpreting, "interpreting_unfilled")
    assert unfilled["reason"] == "no_answer"


def _within_the_hour() -> datetime:
    """Twenty minutes from now, or just after midnight in Berlin if the appointment would run
    past it (the weekly slots end with the day)."""
    starts = (datetime.now(UTC) + timedelta(minutes=20)).replace(microsecond=0)
    local = starts.astimezone(BERLIN)
    if (local + timedelta(minutes=5)).date() != local.date():
        return datetime.combine(local.date() + timedelta(days=1), time(0, 1), BERLIN)
    return starts


async def test_answer_time_is_at_least_ten_minutes(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(
        interpreting, weekly=[{"weekday": d, "start": "00:00", "end": "23:59"} for d in range(7)]
    )
    await set_rules(interpreting, lead_time_hours=0)
    starts = _within_the_hour()
    body = request_body(
        starts_at=starts.isoformat(),
        ends_at=(starts + timedelta(minutes=5)).isoformat(),
        mode="video",
        municipality=None,
    )
    before = datetime.now(UTC)

    answer = await http.post("/appointments", json=body, headers=headers())

    respond_by = datetime.fromisoformat(answer.json()["respond_by"])
    assert before + timedelta(minutes=10) <= respond_by <= datetime.now(UTC) + timedelta(minutes=10)
