"""Reminders of a confirmed appointment go out at their time (the outbox's `not_before`), for
the interpreter, the person and the requester; none is sent for a time already past, and a
cancellation or a move drops those still waiting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from wir_interpreting.settings import InterpretingSettings
from wir_kit.runtime import Runtime
from wir_kit.testing.bus import tap
from wir_kit.testing.districts import BERGSTRASSE

from .a1_support import add_interpreter, ahead
from .a2_support import confirmed, reminders_waiting
from .conftest import PUBLIC_URL, Headers

#: The appointment every test here books (a1_support's default request).
STARTS = ahead(5, 10)
#: Far enough ahead of the test's confirmation to be scheduled, near enough to wait for: counted
#: from the settings, before the runtime starts and the appointment is booked and confirmed,
#: which took over 4 s on a busy machine (the reminder's time had passed; none was sent).
SOON = timedelta(seconds=12)
#: Longer than the appointment is away: that reminder's time is already past.
TOO_EARLY = 24.0 * 30


@pytest.fixture
def interpreting_settings() -> InterpretingSettings:
    soon = (STARTS - (datetime.now(UTC) + SOON)).total_seconds() / 3600
    return InterpretingSettings(public_url=PUBLIC_URL, reminder_hours=(TOO_EARLY, 24.0, soon))


async def test_a_reminder_is_delivered_at_its_time_and_not_before(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    async with tap(interpreting.settings, [f"interpreting.appointment_reminder_due.v1.{BERGSTRASSE}"]) as bus:
        booked = await confirmed(http, headers)
        waiting = await reminders_waiting(interpreting, booked.appointment_id)

        reminder = await bus.until("appointment_reminder_due", timeout=30)

    assert booked.starts_at == STARTS
    [soon, day_before] = waiting  # the earliest due first
    assert (float(day_before["hours_before"]), day_before["not_before"]) == (
        24.0,
        STARTS - timedelta(hours=24),
    )
    assert day_before["published_at"] is None
    assert reminder["appointment_id"] == str(booked.appointment_id)
    assert reminder["hours_before"] == float(soon["hours_before"])
    assert reminder["interpreter_id"] == str(booked.interpreter_id)
    assert reminder["requester"]["display_name"] == "Team Integration"
    assert reminder["aggregate_version"] == 3
    assert datetime.fromisoformat(reminder["occurred_at"]) == soon["not_before"]
    [sent] = [r for r in await reminders_waiting(interpreting, booked.appointment_id) if r["published_at"]]
    assert sent["published_at"] >= sent["not_before"]


async def test_a_cancellation_drops_the_reminders_still_waiting(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)
    assert len(await reminders_waiting(interpreting, booked.appointment_id)) == 2

    await http.post(f"{booked.path}/cancel", json={"reason": "other"}, headers=headers())

    assert await reminders_waiting(interpreting, booked.appointment_id) == []
