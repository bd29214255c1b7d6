"""An assignment nobody answered in time passes to the next candidate (the one who let it pass
is not asked again); with nobody left the appointment is unfilled for lack of an answer.
Answered assignments and those still within their time are left alone."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import httpx
import pytest

from wir_interpreting.commands import answers
from wir_interpreting.jobs.expiry import expired_assignments, pass_on_expired
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Tx
from wir_kit.runtime import Runtime

from .a1_support import add_interpreter
from .a2_support import attempt, book, booking, confirmed, events, pass_deadline, stored
from .conftest import Headers

MINUTE = timedelta(minutes=1)


def settings_of(runtime: Runtime) -> InterpretingSettings:
    settings: InterpretingSettings = runtime.spec.settings
    return settings


async def test_an_unanswered_assignment_passes_to_the_next_interpreter(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    pool = {await add_interpreter(interpreting), await add_interpreter(interpreting)}
    booked = await book(http, headers)

    expired = await pass_on_expired(
        interpreting.db, settings_of(interpreting), now=booked.respond_by + MINUTE
    )

    assert expired == 1
    [other] = pool - {booked.interpreter_id}
    row = await stored(interpreting, booked.appointment_id)
    assert (row["state"], row["interpreter_id"], row["version"]) == ("assigned", other, 3)
    assert (await attempt(interpreting, booked.appointment_id, booked.interpreter_id))["outcome"] == "expired"
    assert (await booking(interpreting, booked.appointment_id, booked.interpreter_id))["state"] == "released"
    assigned = await events(interpreting, "interpreter_assigned", booked.appointment_id)
    assert [(a["interpreter_id"], a["aggregate_version"]) for a in assigned] == [
        (str(booked.interpreter_id), 2),
        (str(other), 3),
    ]


async def test_with_nobody_left_the_appointment_is_unfilled_for_lack_of_an_answer(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)

    await pass_on_expired(interpreting.db, settings_of(interpreting), now=booked.respond_by + MINUTE)

    row = await stored(interpreting, booked.appointment_id)
    assert (row["state"], row["interpreter_id"], row["unfilled_reason"]) == ("unfilled", None, "no_answer")
    [unfilled] = await events(interpreting, "interpreting_unfilled", booked.appointment_id)
    assert (unfilled["reason"], unfilled["aggregate_version"]) == ("no_answer", 3)


async def test_an_assignment_within_its_time_is_left_alone(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)
    booked = await book(http, headers)

    expired = await pass_on_expired(
        interpreting.db, settings_of(interpreting), now=booked.respond_by - MINUTE
    )

    assert expired == 0
    row = await stored(interpreting, booked.appointment_id)
    assert (row["state"], row["interpreter_id"], row["version"]) == ("assigned", booked.interpreter_id, 2)


async def test_a_confirmed_assignment_never_expires(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)

    expired = await pass_on_expired(
        interpreting.db, settings_of(interpreting), now=booked.respond_by + MINUTE
    )

    assert expired == 0
    row = await stored(interpreting, booked.appointment_id)
    assert (row["state"], row["interpreter_id"]) == ("confirmed", booked.interpreter_id)


async def test_the_periodic_job_passes_on_what_is_overdue_now(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)
    overdue = await book(http, headers, days=5)
    waiting = await book(http, headers, days=6)
    await pass_deadline(interpreting, overdue.appointment_id)

    await expired_assignments(settings_of(interpreting))(interpreting)

    assert (await attempt(interpreting, overdue.appointment_id, overdue.interpreter_id))[
        "outcome"
    ] == "expired"
    assert (await stored(interpreting, overdue.appointment_id))["interpreter_id"] != overdue.interpreter_id
    assert (await stored(interpreting, waiting.appointment_id))["interpreter_id"] == waiting.interpreter_id


async def test_one_appointment_failing_does_not_hold_back_the_others(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)
    broken = await book(http, headers, days=5)
    fine = await book(http, headers, days=6)
    expire = answers.expire

    async def failing_for_one(
        tx: Tx, settings: InterpretingSettings, appointment_id: UUID, *, now: datetime
    ) -> bool:
        if appointment_id == broken.appointment_id:
            raise RuntimeError("a broken row")
        return await expire(tx, settings, appointment_id, now=now)

    monkeypatch.setattr(answers, "expire", failing_for_one)
    later = max(broken.respond_by, fine.respond_by) + MINUTE

    expired = await pass_on_expired(interpreting.db, settings_of(interpreting), now=later)

    assert expired == 1
    assert (await stored(interpreting, broken.appointment_id))["interpreter_id"] == broken.interpreter_id
    assert (await stored(interpreting, fine.appointment_id))["interpreter_id"] != fine.interpreter_id
