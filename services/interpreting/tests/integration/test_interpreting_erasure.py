"""Erasure: the person goes behind a tombstone, their appointments go on without them (no id,
no notes; the requester, staff, stays), nothing pending names them, reminders of a booked
appointment are written again naming nobody, and interpreting confirms with ErasureCompleted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

from wir_contracts.intake.v1 import ConsentChanged, PersonErasureRequested
from wir_interpreting.commands import reminders
from wir_interpreting.db import appointments
from wir_kit.runtime import Runtime
from wir_kit.testing import bus
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import outbox, publish_and_wait, rows

from .c_support import REQUESTER, ahead, insert_appointment, load
from .conftest import RegisterPerson

CONFIRMATIONS = [f"interpreting.erasure_completed.v1.{BERGSTRASSE}"]


def erasure(person_id: UUID) -> PersonErasureRequested:
    return PersonErasureRequested(
        district=BERGSTRASSE, person_id=person_id, aggregate_version=5, request_id=uuid4()
    )


async def about(interpreting: Runtime, person_id: UUID) -> list[dict[str, Any]]:
    found = await rows(
        interpreting,
        BERGSTRASSE,
        "SELECT event_type, not_before FROM outbox WHERE payload::jsonb ->> 'person_id' = $1"
        " AND event_type <> 'erasure_completed'",
        str(person_id),
    )
    return [dict(row) for row in found]


async def schedule_reminders(interpreting: Runtime, appointment_id: UUID) -> None:
    """The reminders a confirmation wrote, as the lifecycle writes them."""
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        appointment = await appointments.load(tx, appointment_id)
        now = appointment.starts_at - timedelta(days=3)
        await reminders.schedule(tx, appointment, appointment.version, (24.0, 2.0), now=now)


async def test_erasure_detaches_the_person_and_answers_erasure_completed(
    interpreting: Runtime, register_person: RegisterPerson
) -> None:
    person_id, other = await register_person(), await register_person()
    open_one = await insert_appointment(interpreting, person_id=person_id)
    others = await insert_appointment(interpreting, person_id=other)
    await schedule_reminders(
        interpreting,
        await insert_appointment(
            interpreting, person_id=person_id, state="confirmed", interpreter_id=uuid4()
        ),
    )
    assert len(await about(interpreting, person_id)) == 2
    request = erasure(person_id)

    async with bus.tap(interpreting.settings, CONFIRMATIONS) as confirmations:
        await bus.publish(interpreting.settings, request)
        _, confirmation = await confirmations.next()

    assert confirmation["producer"] == "interpreting"
    assert (confirmation["person_id"], confirmation["request_id"]) == (
        str(person_id),
        str(request.request_id),
    )
    assert confirmation["causation_id"] == str(request.event_id)
    assert await load(interpreting, person_id) is None
    assert await rows(
        interpreting, BERGSTRASSE, "SELECT 1 FROM erased_people WHERE person_id = $1", person_id
    )
    assert await about(interpreting, person_id) == []
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        detached = await appointments.load(tx, open_one)
        untouched = await appointments.load(tx, others)
    assert (detached.person_id, detached.notes, detached.requester) == (None, None, REQUESTER)
    assert (detached.state, detached.language) == ("open", "prs")
    assert (untouched.person_id, untouched.notes) == (other, "Sie bringt ihren Bescheid mit.")
    assert await load(interpreting, other) is not None


async def test_reminders_of_a_booked_appointment_are_written_again_naming_nobody(
    interpreting: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person()
    starts_at = ahead()
    booked = await insert_appointment(
        interpreting, person_id=person_id, state="confirmed", interpreter_id=uuid4(), starts_at=starts_at
    )
    await schedule_reminders(interpreting, booked)

    await publish_and_wait(interpreting, "person_erasure_requested", erasure(person_id))

    reminders = await rows(
        interpreting,
        BERGSTRASSE,
        "SELECT payload::jsonb AS payload, not_before FROM outbox"
        " WHERE event_type = 'appointment_reminder_due' AND payload::jsonb ->> 'appointment_id' = $1",
        str(booked),
    )
    assert sorted(row["not_before"] for row in reminders) == [
        starts_at - timedelta(hours=24),
        starts_at - timedelta(hours=2),
    ]
    assert all('"person_id": null' in row["payload"] for row in reminders)
    assert all(str(person_id) not in row["payload"] for row in reminders)


async def test_events_after_the_erasure_do_not_bring_the_person_back(
    interpreting: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person()
    await publish_and_wait(interpreting, "person_erasure_requested", erasure(person_id))

    await register_person(person_id=person_id, version=6)
    consents = ConsentChanged(
        district=BERGSTRASSE, person_id=person_id, aggregate_version=7, consents=("processing",)
    )
    await publish_and_wait(interpreting, "consent_changed", consents)
    assert await load(interpreting, person_id) is None
    assert await rows(interpreting, BERGSTRASSE, "SELECT 1 FROM people WHERE person_id = $1", person_id) == []


async def test_erasing_a_person_interpreting_never_knew_is_confirmed_too(interpreting: Runtime) -> None:
    request = erasure(uuid4())
    async with bus.tap(interpreting.settings, CONFIRMATIONS) as confirmations:
        await bus.publish(interpreting.settings, request)
        _, confirmation = await confirmations.next()
    assert confirmation["request_id"] == str(request.request_id)
    assert len(await outbox(interpreting, "erasure_completed")) == 1
