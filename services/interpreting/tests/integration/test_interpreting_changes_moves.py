"""Moving an appointment: its interpreter keeps it when their calendar takes the new time (the
booking moves with its travel buffers) and is asked to confirm again by a new link; otherwise
they are let go and the next candidate is asked. Scheduled reminders are dropped either way."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import HANAU

from .a1_support import add_interpreter, ahead
from .a2_support import (
    answer_token,
    as_interpreter,
    attempt,
    book,
    booking,
    confirmed,
    events,
    reminders_waiting,
    stored,
)
from .conftest import PUBLIC_URL, Headers


def new_time(days: int = 6, hour: int = 14, minutes: int = 90) -> dict[str, str]:
    starts = ahead(days, hour)
    return {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(minutes=minutes)).isoformat()}


async def test_a_move_keeps_the_interpreter_who_confirms_again(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)
    before = await booking(interpreting, booked.appointment_id, booked.interpreter_id)
    moved_to = new_time()

    answer = await http.post(f"{booked.path}/reschedule", json=moved_to, headers=headers("case_manager"))

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["state"], body["interpreter_id"], body["version"]) == (
        "assigned",
        str(booked.interpreter_id),
        4,
    )
    starts, ends = (datetime.fromisoformat(moved_to[k]) for k in ("starts_at", "ends_at"))
    after = await booking(interpreting, booked.appointment_id, booked.interpreter_id)
    assert (after["state"], after["starts_at"], after["ends_at"]) == ("held", starts, ends)
    assert after["starts_at"] - after["since"] == before["starts_at"] - before["since"]
    assert after["until"] - after["ends_at"] == before["until"] - before["ends_at"]
    assert after["version"] > before["version"]
    assert after["respond_by"] == datetime.fromisoformat(body["respond_by"])
    [event] = await events(interpreting, "appointment_rescheduled", booked.appointment_id)
    assert event["interpreter_id"] == str(booked.interpreter_id)
    assert datetime.fromisoformat(event["previous_starts_at"]) == booked.starts_at
    assert datetime.fromisoformat(event["appointment"]["starts_at"]) == starts
    assert event["answer_url"].startswith(f"{PUBLIC_URL}/answers/")
    assert event["aggregate_version"] == 4
    assert await reminders_waiting(interpreting, booked.appointment_id) == []
    assert (await attempt(interpreting, booked.appointment_id, booked.interpreter_id))["outcome"] == "asked"

    token = await answer_token(interpreting, booked.appointment_id, "appointment_rescheduled")
    again = await http.post(f"/answers/{token}/confirm")
    assert again.status_code == 200, again.text
    assert [r["hours_before"] for r in await reminders_waiting(interpreting, booked.appointment_id)] == [
        "24.0",
        "2.0",
    ]


async def test_a_move_onto_the_interpreters_other_booking_passes_it_on(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    first = await add_interpreter(interpreting)
    moving = await book(http, headers, days=5)
    other = await book(http, headers, days=6, hour=14, minutes=90)
    assert moving.interpreter_id == other.interpreter_id == first
    second = await add_interpreter(interpreting)

    answer = await http.post(f"{moving.path}/reschedule", json=new_time(), headers=headers())

    assert answer.status_code == 200, answer.text
    assert (answer.json()["state"], answer.json()["interpreter_id"]) == ("assigned", str(second))
    assert (await booking(interpreting, moving.appointment_id, first))["state"] == "released"
    assert (await attempt(interpreting, moving.appointment_id, first))["outcome"] == "released"
    [event] = await events(interpreting, "appointment_rescheduled", moving.appointment_id)
    assert (event["interpreter_id"], event["answer_url"], event["respond_by"]) == (None, None, None)
    assert event["released_interpreter_id"] == str(first)
    assigned = await events(interpreting, "interpreter_assigned", moving.appointment_id)
    assert [(a["interpreter_id"], a["aggregate_version"]) for a in assigned] == [
        (str(first), 2),
        (str(second), 4),
    ]
    assert (await booking(interpreting, other.appointment_id, first))["state"] == "held"


async def test_a_moved_unfilled_appointment_is_tried_again(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    await http.post(
        f"{booked.path}/decline",
        json={"reason": "other"},
        headers=as_interpreter(headers, booked.interpreter_id),
    )
    await add_interpreter(interpreting)

    answer = await http.post(f"{booked.path}/reschedule", json=new_time(), headers=headers())

    assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "assigned"
    assert answer.json()["interpreter_id"] != str(booked.interpreter_id)


async def test_a_move_to_the_same_time_changes_nothing(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)
    same = {"starts_at": booked.starts_at.isoformat(), "ends_at": booked.ends_at.isoformat()}

    answer = await http.post(f"{booked.path}/reschedule", json=same, headers=headers())

    assert answer.status_code == 200, answer.text
    assert (answer.json()["state"], answer.json()["version"]) == ("confirmed", 3)
    assert await events(interpreting, "appointment_rescheduled", booked.appointment_id) == []
    assert len(await reminders_waiting(interpreting, booked.appointment_id)) == 2


def _past() -> dict[str, str]:
    starts = datetime.now().astimezone() - timedelta(days=1)
    return {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat()}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (new_time(minutes=-30), "ends_at"),
        (new_time(minutes=0), "ends_at"),
        (_past(), "starts_at"),
        ({"starts_at": "2030-01-01T10:00:00", "ends_at": "2030-01-01T11:00:00+01:00"}, "starts_at"),
        ({"starts_at": new_time()["starts_at"]}, "ends_at"),
        ({**new_time(), "mode": "phone"}, "mode"),
    ],
)
async def test_a_move_names_the_field_it_refuses(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, body: dict[str, Any], field: str
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)

    answer = await http.post(f"{booked.path}/reschedule", json=body, headers=headers())

    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"][:2] == ["body", field]
    assert (await stored(interpreting, booked.appointment_id))["version"] == 3


async def test_a_cancelled_appointment_cannot_be_moved(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    await http.post(f"{booked.path}/cancel", json={"reason": "other"}, headers=headers())

    answer = await http.post(f"{booked.path}/reschedule", json=new_time(), headers=headers())

    assert (answer.status_code, answer.json()["detail"]) == (409, "a cancelled appointment cannot be moved")


async def test_only_staff_of_the_district_move_appointments(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)

    elsewhere = await http.post(f"{booked.path}/reschedule", json=new_time(), headers=headers(district=HANAU))
    interpreter = await http.post(
        f"{booked.path}/reschedule", json=new_time(), headers=as_interpreter(headers, booked.interpreter_id)
    )

    assert (elsewhere.status_code, interpreter.status_code) == (404, 403)
    assert (await stored(interpreting, booked.appointment_id))["starts_at"] == booked.starts_at
