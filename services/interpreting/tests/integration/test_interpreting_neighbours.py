"""Neighbouring pools: a district sees only the interpreters granted to it and only its own
bookings in their calendars; the pool's district sees the job's facts and never the person; a
third district sees nothing; revoking the grant hides the interpreter again. The interpreter
hears of each change by a copy in their own district that names nobody."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import httpx
import pytest

from wir_interpreting.adapters import links
from wir_interpreting.commands import neighbours
from wir_interpreting.db.neighbours import Untold
from wir_interpreting.domain.neighbours import News
from wir_interpreting.jobs.neighbours import announce
from wir_interpreting.settings import InterpretingSettings
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU, MAIN_KINZIG
from wir_kit.testing.service import outbox, rows

from .c_support import ahead, as_superuser, insert_appointment, insert_booking, insert_interpreter
from .conftest import PUBLIC_URL, Headers, RegisterPerson

NOTES = "Sie bringt ihren Bescheid mit."


async def ids(interpreting: Runtime, district: str, query: str) -> set[UUID]:
    return {row[0] for row in await rows(interpreting, district, query)}


async def test_a_district_sees_only_the_interpreters_granted_to_it_and_a_third_sees_nothing(
    interpreting: Runtime,
) -> None:
    granted = await insert_interpreter(interpreting, HANAU, grants=(BERGSTRASSE,))
    private = await insert_interpreter(interpreting, HANAU, name="Marta Kowalenko", language="ukr")

    assert await ids(interpreting, HANAU, "SELECT interpreter_id FROM interpreters") == {granted, private}
    assert await ids(interpreting, BERGSTRASSE, "SELECT interpreter_id FROM interpreters") == {granted}
    assert await ids(interpreting, BERGSTRASSE, "SELECT interpreter_id FROM interpreter_languages") == {
        granted
    }
    assert await ids(interpreting, BERGSTRASSE, "SELECT interpreter_id FROM pool_grants") == {granted}
    for table in ("interpreters", "interpreter_languages", "pool_grants", "bookings"):
        assert await rows(interpreting, MAIN_KINZIG, f"SELECT 1 FROM {table}") == []


async def test_each_district_sees_only_its_own_bookings_in_a_shared_calendar(
    interpreting: Runtime,
) -> None:
    interpreter = await insert_interpreter(interpreting, HANAU, grants=(BERGSTRASSE, MAIN_KINZIG))
    ours, theirs = uuid4(), uuid4()
    await insert_booking(
        interpreting,
        requesting_district=BERGSTRASSE,
        interpreter_district=HANAU,
        interpreter_id=interpreter,
        appointment_id=ours,
        starts_at=ahead(),
    )
    await insert_booking(
        interpreting,
        requesting_district=MAIN_KINZIG,
        interpreter_district=HANAU,
        interpreter_id=interpreter,
        appointment_id=theirs,
        starts_at=ahead(5),
    )
    assert await ids(interpreting, BERGSTRASSE, "SELECT appointment_id FROM bookings") == {ours}
    assert await ids(interpreting, MAIN_KINZIG, "SELECT appointment_id FROM bookings") == {theirs}
    assert await ids(interpreting, HANAU, "SELECT appointment_id FROM bookings") == {ours, theirs}


async def test_the_calendar_refuses_an_overlap_whichever_district_books(interpreting: Runtime) -> None:
    interpreter = await insert_interpreter(interpreting, HANAU, grants=(BERGSTRASSE, MAIN_KINZIG))
    starts_at = ahead()
    await insert_booking(
        interpreting,
        requesting_district=BERGSTRASSE,
        interpreter_district=HANAU,
        interpreter_id=interpreter,
        appointment_id=uuid4(),
        starts_at=starts_at,
    )
    with pytest.raises(asyncpg.ExclusionViolationError):
        await insert_booking(
            interpreting,
            requesting_district=MAIN_KINZIG,
            interpreter_district=HANAU,
            interpreter_id=interpreter,
            appointment_id=uuid4(),
            starts_at=starts_at + timedelta(minutes=30),
        )


async def test_without_a_grant_a_district_cannot_book_and_revoking_hides_the_interpreter_again(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter = await insert_interpreter(interpreting, HANAU, grants=(BERGSTRASSE,))
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await insert_booking(
            interpreting,
            requesting_district=MAIN_KINZIG,
            interpreter_district=HANAU,
            interpreter_id=interpreter,
            appointment_id=uuid4(),
            starts_at=ahead(),
        )

    revoked = await http.put(
        f"/interpreters/{interpreter}/neighbours", json={"districts": []}, headers=headers(district=HANAU)
    )
    assert revoked.status_code == 200, revoked.text

    assert await rows(interpreting, BERGSTRASSE, "SELECT 1 FROM interpreters") == []
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await insert_booking(
            interpreting,
            requesting_district=BERGSTRASSE,
            interpreter_district=HANAU,
            interpreter_id=interpreter,
            appointment_id=uuid4(),
            starts_at=ahead(),
        )


async def test_a_pool_never_sees_the_appointment_or_the_person_it_serves(
    interpreting: Runtime, register_person: RegisterPerson
) -> None:
    interpreter = await insert_interpreter(interpreting, HANAU, grants=(BERGSTRASSE,))
    booked = await neighbour_booking(interpreting, register_person, interpreter)
    assert await rows(interpreting, HANAU, "SELECT 1 FROM appointments") == []
    assert await rows(interpreting, HANAU, "SELECT 1 FROM people") == []
    [calendar] = await rows(interpreting, HANAU, "SELECT * FROM bookings WHERE appointment_id = $1", booked)
    assert "person_id" not in dict(calendar)
    assert (calendar["language"], calendar["mode"], calendar["requesting_district"]) == (
        "kmr",
        "on_site",
        BERGSTRASSE,
    )


async def test_the_pools_calendar_shows_the_job_and_other_districts_get_404(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, register_person: RegisterPerson
) -> None:
    interpreter = await insert_interpreter(interpreting, HANAU, grants=(BERGSTRASSE,))
    person_id = await register_person()
    booked = await neighbour_booking(interpreting, register_person, interpreter, person_id=person_id)
    period = {"from": ahead(-24).isoformat(), "to": ahead(24).isoformat()}
    path = f"/interpreters/{interpreter}/calendar"

    answer = await http.get(path, params=period, headers=headers(district=HANAU))
    assert answer.status_code == 200, answer.text
    [job] = answer.json()["bookings"]
    assert (job["appointment_id"], job["requesting_district"], job["language"], job["mode"]) == (
        str(booked),
        BERGSTRASSE,
        "kmr",
        "on_site",
    )
    assert str(person_id) not in answer.text
    assert NOTES not in answer.text
    for district in (BERGSTRASSE, MAIN_KINZIG):
        refused = await http.get(path, params=period, headers=headers(district=district))
        assert refused.status_code == 404


# The interpreter's copies --------------------------------------------------------------------


async def neighbour_booking(
    interpreting: Runtime,
    register_person: RegisterPerson,
    interpreter: UUID,
    *,
    state: str = "held",
    person_id: UUID | None = None,
) -> UUID:
    """A Bergstraße appointment for a person, held in a Hanau interpreter's calendar."""
    person_id = person_id or await register_person()
    starts_at = ahead()
    respond_by = starts_at - timedelta(days=10)
    appointment_id = await insert_appointment(
        interpreting,
        person_id=person_id,
        state="assigned" if state == "held" else state,
        interpreter_id=interpreter,
        interpreter_district=HANAU,
        starts_at=starts_at,
        language="kmr",
        respond_by=respond_by,
    )
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "INSERT INTO attempts (district, appointment_id, interpreter_id, interpreter_district)"
            " VALUES ($1, $2, $3, $4)",
            BERGSTRASSE,
            appointment_id,
            interpreter,
            HANAU,
        )
    await insert_booking(
        interpreting,
        requesting_district=BERGSTRASSE,
        interpreter_district=HANAU,
        interpreter_id=interpreter,
        appointment_id=appointment_id,
        starts_at=starts_at,
        respond_by=respond_by,
        state=state,
    )
    return appointment_id


async def step(interpreting: Runtime, appointment_id: UUID, booking: str, **appointment: Any) -> None:
    """A step of the requesting district's lifecycle: the booking's new state (the version
    bumped, as every change the interpreter must hear of does) and the appointment's columns."""
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "UPDATE bookings SET state = $2, version = version + 1 WHERE appointment_id = $1",
            appointment_id,
            booking,
        )
        columns = ", ".join(f"{column} = ${n}" for n, column in enumerate(appointment, start=2))
        await tx.execute(
            f"UPDATE appointments SET {columns}, version = version + 1 WHERE appointment_id = $1",
            appointment_id,
            *appointment.values(),
        )


async def copies(interpreting: Runtime, event_type: str) -> list[dict[str, Any]]:
    return await outbox(interpreting, event_type, district=HANAU)


async def scheduled_reminders(interpreting: Runtime) -> list[Any]:
    found = await rows(
        interpreting, HANAU, "SELECT not_before FROM outbox WHERE event_type = 'appointment_reminder_due'"
    )
    return sorted(row["not_before"] for row in found)


async def test_a_hold_is_told_in_the_pools_district_with_a_link_to_answer_and_no_person(
    interpreting: Runtime, interpreting_settings: InterpretingSettings, register_person: RegisterPerson
) -> None:
    interpreter = await insert_interpreter(interpreting, HANAU, grants=(BERGSTRASSE,))
    appointment_id = await neighbour_booking(interpreting, register_person, interpreter)

    assert await announce(interpreting.db, interpreting_settings) == 1
    assert await announce(interpreting.db, interpreting_settings) == 0  # told once

    [assigned] = await copies(interpreting, "interpreter_assigned")
    assert (assigned["district"], assigned["appointment_id"]) == (HANAU, str(appointment_id))
    assert (assigned["person_id"], assigned["requester"], assigned["interpreter_district"]) == (
        None,
        None,
        None,
    )
    assert assigned["interpreter_id"] == str(interpreter)
    assert assigned["appointment"]["language"] == "kmr"
    assert assigned["appointment"]["address"] == "Rodensteinstraße 19"
    assert NOTES not in str(assigned)
    assert assigned["answer_url"].startswith(f"{PUBLIC_URL}/answers/")
    claim = links.verify_answer(
        interpreting_settings.answer_link_secret,
        assigned["answer_url"].rsplit("/", 1)[1],
        now=ahead(-24 * 19),
    )
    assert (claim.district, claim.appointment_id, claim.interpreter_id) == (
        BERGSTRASSE,
        appointment_id,
        interpreter,
    )
    assert await outbox(interpreting, "interpreter_assigned") == []  # nothing more in Bergstraße


async def test_a_confirmation_schedules_the_interpreters_reminders_in_their_district(
    interpreting: Runtime, interpreting_settings: InterpretingSettings, register_person: RegisterPerson
) -> None:
    interpreter = await insert_interpreter(interpreting, HANAU, grants=(BERGSTRASSE,))
    appointment_id = await neighbour_booking(interpreting, register_person, interpreter)
    await announce(interpreting.db, interpreting_settings)
    await step(interpreting, appointment_id, "confirmed", state="confirmed")

    assert await announce(interpreting.db, interpreting_settings) == 1

    [starts_at] = [
        row["starts_at"]
        for row in await rows(
            interpreting, HANAU, "SELECT starts_at FROM bookings WHERE appointment_id = $1", appointment_id
        )
    ]
    assert await scheduled_reminders(interpreting) == [
        starts_at - timedelta(hours=24),
        starts_at - timedelta(hours=2),
    ]
    reminders = await copies(interpreting, "appointment_reminder_due")
    assert {(r["person_id"], r["requester"], r["hours_before"]) for r in reminders} == {
        (None, None, 24.0),
        (None, None, 2.0),
    }


async def test_a_cancellation_reaches_the_interpreter_with_its_reason_and_drops_their_reminders(
    interpreting: Runtime, interpreting_settings: InterpretingSettings, register_person: RegisterPerson
) -> None:
    interpreter = await insert_interpreter(interpreting, HANAU, grants=(BERGSTRASSE,))
    appointment_id = await neighbour_booking(interpreting, register_person, interpreter, state="confirmed")
    await announce(interpreting.db, interpreting_settings)
    assert len(await scheduled_reminders(interpreting)) == 2

    await step(
        interpreting,
        appointment_id,
        "released",
        state="cancelled",
        cancel_reason="person_unavailable",
        cancelled_by="requester",
        short_notice=False,
    )
    assert await announce(interpreting.db, interpreting_settings) == 1

    assert await scheduled_reminders(interpreting) == []
    [cancelled] = await copies(interpreting, "appointment_cancelled")
    assert (cancelled["reason"], cancelled["cancelled_by"], cancelled["short_notice"]) == (
        "person_unavailable",
        "requester",
        False,
    )
    assert (cancelled["person_id"], cancelled["requester"], cancelled["interpreter_id"]) == (
        None,
        None,
        str(interpreter),
    )


async def test_a_booking_that_went_elsewhere_is_told_as_cancelled_for_another_reason(
    interpreting: Runtime, interpreting_settings: InterpretingSettings, register_person: RegisterPerson
) -> None:
    interpreter = await insert_interpreter(interpreting, HANAU, grants=(BERGSTRASSE,))
    appointment_id = await neighbour_booking(interpreting, register_person, interpreter)
    await announce(interpreting.db, interpreting_settings)
    await step(interpreting, appointment_id, "released", state="open")

    await announce(interpreting.db, interpreting_settings)

    [cancelled] = await copies(interpreting, "appointment_cancelled")
    assert (cancelled["reason"], cancelled["cancelled_by"]) == ("other", None)


async def test_the_interpreter_is_not_told_of_their_own_decline(
    interpreting: Runtime, interpreting_settings: InterpretingSettings, register_person: RegisterPerson
) -> None:
    interpreter = await insert_interpreter(interpreting, HANAU, grants=(BERGSTRASSE,))
    appointment_id = await neighbour_booking(interpreting, register_person, interpreter)
    await announce(interpreting.db, interpreting_settings)
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        await tx.execute("UPDATE attempts SET outcome = 'declined' WHERE appointment_id = $1", appointment_id)
    await step(interpreting, appointment_id, "released", state="open")

    assert await announce(interpreting.db, interpreting_settings) == 0
    assert await copies(interpreting, "appointment_cancelled") == []
    [told] = await as_superuser(interpreting, "SELECT told_version, version FROM bookings")
    assert told["told_version"] == told["version"]  # looked at, and nothing to say


async def test_a_move_is_told_with_the_previous_start_and_a_new_link(
    interpreting: Runtime, interpreting_settings: InterpretingSettings, register_person: RegisterPerson
) -> None:
    interpreter = await insert_interpreter(interpreting, HANAU, grants=(BERGSTRASSE,))
    appointment_id = await neighbour_booking(interpreting, register_person, interpreter, state="confirmed")
    await announce(interpreting.db, interpreting_settings)
    [before] = await rows(interpreting, BERGSTRASSE, "SELECT starts_at, ends_at FROM appointments")
    moved = timedelta(days=1)
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "UPDATE bookings SET state = 'held', starts_at = starts_at + $2, ends_at = ends_at + $2,"
            " during = tstzrange(lower(during) + $2, upper(during) + $2), version = version + 1"
            " WHERE appointment_id = $1",
            appointment_id,
            moved,
        )
        await tx.execute(
            "UPDATE appointments SET state = 'assigned', starts_at = starts_at + $2, ends_at = ends_at + $2,"
            " version = version + 1 WHERE appointment_id = $1",
            appointment_id,
            moved,
        )

    assert await announce(interpreting.db, interpreting_settings) == 1

    [rescheduled] = await copies(interpreting, "appointment_rescheduled")
    assert rescheduled["previous_starts_at"] == before["starts_at"].isoformat().replace("+00:00", "Z")
    assert rescheduled["appointment"]["starts_at"] == (before["starts_at"] + moved).isoformat().replace(
        "+00:00", "Z"
    )
    assert rescheduled["answer_url"].startswith(f"{PUBLIC_URL}/answers/")
    assert rescheduled["person_id"] is None
    assert await scheduled_reminders(interpreting) == []  # until confirmed again


async def test_bookings_in_the_districts_own_pool_are_not_copied(
    interpreting: Runtime, interpreting_settings: InterpretingSettings, register_person: RegisterPerson
) -> None:
    local = await insert_interpreter(interpreting, BERGSTRASSE)
    appointment_id = await insert_appointment(interpreting, state="assigned", interpreter_id=local)
    await insert_booking(
        interpreting,
        requesting_district=BERGSTRASSE,
        interpreter_district=BERGSTRASSE,
        interpreter_id=local,
        appointment_id=appointment_id,
        starts_at=ahead(),
    )
    assert await announce(interpreting.db, interpreting_settings) == 0
    assert await copies(interpreting, "interpreter_assigned") == []


async def test_a_change_read_twice_or_changed_meanwhile_is_told_once_and_as_it_stands(
    interpreting: Runtime, interpreting_settings: InterpretingSettings, register_person: RegisterPerson
) -> None:
    interpreter = await insert_interpreter(interpreting, HANAU, grants=(BERGSTRASSE,))
    appointment_id = await neighbour_booking(interpreting, register_person, interpreter)
    now = datetime.now(UTC)
    [held] = await untold(interpreting)
    for _replica in range(2):
        async with interpreting.db.transaction(HANAU) as tx:
            await neighbours.tell(tx, interpreting_settings, held, now=now)
    assert len(await copies(interpreting, "interpreter_assigned")) == 1

    await step(interpreting, appointment_id, "confirmed", state="confirmed")
    [confirmed] = await untold(interpreting)
    await step(interpreting, appointment_id, "released", state="cancelled", cancel_reason="other")
    async with interpreting.db.transaction(HANAU) as tx:
        assert await neighbours.tell(tx, interpreting_settings, confirmed, now=now) is News.NOTHING
    assert await scheduled_reminders(interpreting) == []  # not told what no longer holds

    assert await announce(interpreting.db, interpreting_settings) == 1
    [cancelled] = await copies(interpreting, "appointment_cancelled")
    assert cancelled["reason"] == "other"


async def untold(interpreting: Runtime) -> list[Untold]:
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        return await neighbours.untold(tx)
