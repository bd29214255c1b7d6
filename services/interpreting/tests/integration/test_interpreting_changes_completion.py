"""Completing a confirmed appointment after it began: the minutes and kilometres, or who did not
come, and the allowance the district's rates give for it, recorded once and announced."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from wir_contracts.interpreting.v1 import AppointmentOutcome
from wir_interpreting.commands import changes
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU

from .a1_support import add_interpreter, set_rules
from .a2_support import as_interpreter, begin, book, booking, confirmed, events, stored
from .conftest import Headers


async def test_a_completed_appointment_owes_the_districts_rates(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await set_rules(interpreting, flat_cents=2000, hourly_cents=1500, per_km_cents=30)
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)
    await begin(interpreting, booked.appointment_id)

    answer = await http.post(
        f"{booked.path}/complete", json={"minutes": 90, "kilometres": 14}, headers=headers("case_manager")
    )

    assert answer.status_code == 200, answer.text
    assert (answer.json()["state"], answer.json()["version"]) == ("completed", 4)
    [event] = await events(interpreting, "appointment_completed", booked.appointment_id)
    assert (event["minutes"], event["kilometres"], event["outcome"]) == (90, 14, "completed")
    assert event["allowance_cents"] == 2000 + 2250 + 420
    assert (event["interpreter_id"], event["aggregate_version"]) == (str(booked.interpreter_id), 4)
    row = await stored(interpreting, booked.appointment_id)
    assert (row["state"], row["outcome"], row["minutes"], row["kilometres"], row["allowance_cents"]) == (
        "completed",
        "completed",
        90,
        14,
        4670,
    )
    assert (await booking(interpreting, booked.appointment_id, booked.interpreter_id))["state"] == "done"


async def test_the_interpreter_reports_completion_with_the_planned_minutes(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)
    await begin(interpreting, booked.appointment_id)

    answer = await http.post(
        f"{booked.path}/complete", json={}, headers=as_interpreter(headers, booked.interpreter_id)
    )

    assert answer.status_code == 200, answer.text
    [event] = await events(interpreting, "appointment_completed", booked.appointment_id)
    # begin() made it two hours long; the default flat amount alone is owed
    assert (event["minutes"], event["kilometres"], event["allowance_cents"]) == (120, 0, 2000)


@pytest.mark.parametrize(("outcome", "owed"), [("person_no_show", 2000), ("interpreter_no_show", 0)])
async def test_a_no_show_is_recorded_with_whose_it_was(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, outcome: str, owed: int
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)
    await begin(interpreting, booked.appointment_id)

    answer = await http.post(f"{booked.path}/complete", json={"outcome": outcome}, headers=headers())

    assert answer.status_code == 200, answer.text
    row = await stored(interpreting, booked.appointment_id)
    assert (row["state"], row["outcome"], row["allowance_cents"]) == ("no_show", outcome, owed)
    [event] = await events(interpreting, "appointment_completed", booked.appointment_id)
    assert (event["outcome"], event["allowance_cents"]) == (outcome, owed)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 1441}, "minutes"),
        ({"minutes": "long"}, "minutes"),
        ({"kilometres": -1}, "kilometres"),
        ({"kilometres": 1001}, "kilometres"),
        ({"outcome": "late"}, "outcome"),
        ({"allowance_cents": 5}, "allowance_cents"),
    ],
)
async def test_a_completion_names_the_field_it_refuses(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, body: dict[str, Any], field: str
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)
    await begin(interpreting, booked.appointment_id)

    answer = await http.post(f"{booked.path}/complete", json=body, headers=headers())

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][:2] == ["body", field]
    assert (await stored(interpreting, booked.appointment_id))["state"] == "confirmed"


async def test_completing_twice_is_a_conflict(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)
    await begin(interpreting, booked.appointment_id)
    assert (await http.post(f"{booked.path}/complete", json={}, headers=headers())).status_code == 200

    again = await http.post(f"{booked.path}/complete", json={"outcome": "person_no_show"}, headers=headers())

    assert (again.status_code, again.json()["detail"]) == (
        409,
        "the appointment's outcome has been recorded already",
    )
    assert len(await events(interpreting, "appointment_completed", booked.appointment_id)) == 1


async def test_an_unconfirmed_appointment_cannot_be_completed(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    await begin(interpreting, booked.appointment_id)

    answer = await http.post(f"{booked.path}/complete", json={}, headers=headers())

    assert answer.status_code == 409
    assert (await stored(interpreting, booked.appointment_id))["state"] == "assigned"


async def test_an_appointment_cannot_be_completed_before_it_begins(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)

    answer = await http.post(f"{booked.path}/complete", json={}, headers=headers())

    assert (answer.status_code, answer.json()["detail"]) == (409, "the appointment has not begun")
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        done = await changes.complete(
            tx,
            booked.appointment_id,
            AppointmentOutcome.COMPLETED,
            minutes=None,
            kilometres=0,
            interpreter_id=None,
            now=booked.starts_at,
        )
    assert (done.state, (await stored(interpreting, booked.appointment_id))["minutes"]) == ("completed", 60)


async def test_only_the_appointments_interpreter_or_the_districts_staff_complete_it(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)
    await begin(interpreting, booked.appointment_id)

    stranger = await http.post(f"{booked.path}/complete", json={}, headers=as_interpreter(headers, uuid4()))
    elsewhere = await http.post(f"{booked.path}/complete", json={}, headers=headers(district=HANAU))

    assert (stranger.status_code, elsewhere.status_code) == (404, 404)
    assert (await stored(interpreting, booked.appointment_id))["state"] == "confirmed"
