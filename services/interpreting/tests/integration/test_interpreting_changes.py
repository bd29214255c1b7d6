"""Cancelling an appointment: by any side, with a reason, before it begins; everyone involved is
told, the interpreter's time is freed and their reminders dropped; late cancellations are
recorded as short-notice and paid where the district pays for them."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from wir_contracts.interpreting.v1 import CancellationReason, CancelledBy
from wir_interpreting.commands import changes
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU

from .a1_support import add_interpreter, set_rules
from .a2_support import as_interpreter, attempt, book, booking, confirmed, events, reminders_waiting, stored
from .conftest import Headers


async def test_a_case_manager_cancels_and_everyone_is_told(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)

    answer = await http.post(
        f"{booked.path}/cancel", json={"reason": "person_unavailable"}, headers=headers("case_manager")
    )

    assert answer.status_code == 200, answer.text
    assert (answer.json()["state"], answer.json()["version"]) == ("cancelled", 4)
    [event] = await events(interpreting, "appointment_cancelled", booked.appointment_id)
    assert (event["reason"], event["cancelled_by"], event["short_notice"]) == (
        "person_unavailable",
        "requester",
        False,
    )
    assert event["interpreter_id"] == str(booked.interpreter_id)
    assert event["appointment"]["starts_at"] is not None and event["requester"] is not None
    assert event["aggregate_version"] == 4
    row = await stored(interpreting, booked.appointment_id)
    assert (row["cancel_reason"], row["cancelled_by"], row["short_notice"], row["allowance_cents"]) == (
        "person_unavailable",
        "requester",
        False,
        None,
    )
    assert row["interpreter_id"] == booked.interpreter_id
    assert (await booking(interpreting, booked.appointment_id, booked.interpreter_id))["state"] == "released"
    assert await reminders_waiting(interpreting, booked.appointment_id) == []
    assert len(await events(interpreting, "appointment_confirmed", booked.appointment_id)) == 1


async def test_a_late_cancellation_is_short_notice_and_pays_the_confirmed_interpreter(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await set_rules(interpreting, short_notice_hours=336, short_notice_cancel_cents=1500)
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)

    answer = await http.post(
        f"{booked.path}/cancel",
        json={"reason": "other", "cancelled_by": "person"},
        headers=headers("coordinator"),
    )

    assert answer.status_code == 200, answer.text
    [event] = await events(interpreting, "appointment_cancelled", booked.appointment_id)
    assert (event["cancelled_by"], event["short_notice"]) == ("person", True)
    row = await stored(interpreting, booked.appointment_id)
    assert (row["short_notice"], row["allowance_cents"]) == (True, 1500)


async def test_a_late_cancellation_of_an_unconfirmed_assignment_pays_nothing(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await set_rules(interpreting, short_notice_hours=336, short_notice_cancel_cents=1500)
    await add_interpreter(interpreting)
    booked = await book(http, headers)

    answer = await http.post(
        f"{booked.path}/cancel", json={"reason": "appointment_dropped"}, headers=headers()
    )

    assert answer.status_code == 200, answer.text
    [event] = await events(interpreting, "appointment_cancelled", booked.appointment_id)
    assert (event["cancelled_by"], event["short_notice"]) == ("coordinator", True)
    assert event["interpreter_id"] == str(booked.interpreter_id)
    assert (await stored(interpreting, booked.appointment_id))["allowance_cents"] is None
    assert (await attempt(interpreting, booked.appointment_id, booked.interpreter_id))[
        "outcome"
    ] == "released"


async def test_an_unfilled_appointment_is_cancelled_without_an_interpreter(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    await http.post(
        f"{booked.path}/decline",
        json={"reason": "other"},
        headers=as_interpreter(headers, booked.interpreter_id),
    )
    assert (await stored(interpreting, booked.appointment_id))["state"] == "unfilled"

    answer = await http.post(
        f"{booked.path}/cancel", json={"reason": "cancelled_by_requester"}, headers=headers()
    )

    assert answer.status_code == 200, answer.text
    [event] = await events(interpreting, "appointment_cancelled", booked.appointment_id)
    assert event["interpreter_id"] is None


async def test_an_interpreter_cancelling_gives_the_appointment_back(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    pool = {await add_interpreter(interpreting), await add_interpreter(interpreting)}
    booked = await confirmed(http, headers)

    answer = await http.post(
        f"{booked.path}/cancel",
        json={"decline_reason": "illness"},
        headers=as_interpreter(headers, booked.interpreter_id),
    )

    assert answer.status_code == 200, answer.text
    [other] = pool - {booked.interpreter_id}
    assert (answer.json()["state"], answer.json()["interpreter_id"]) == ("assigned", str(other))
    [declined] = await events(interpreting, "interpreter_declined", booked.appointment_id)
    assert (declined["reason"], declined["after_confirming"]) == ("illness", True)
    assert await events(interpreting, "appointment_cancelled", booked.appointment_id) == []


async def test_a_coordinator_records_the_interpreters_cancellation_as_a_give_back(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)

    answer = await http.post(f"{booked.path}/cancel", json={"cancelled_by": "interpreter"}, headers=headers())

    assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "unfilled"
    [declined] = await events(interpreting, "interpreter_declined", booked.appointment_id)
    assert (declined["reason"], declined["after_confirming"]) == ("other", True)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "reason"),
        ({"reason": "bored"}, "reason"),
        ({"reason": "other", "cancelled_by": "neighbour"}, "cancelled_by"),
        ({"reason": "other", "why": "x"}, "why"),
        ({"reason": "other", "decline_reason": "illness"}, "decline_reason"),
    ],
)
async def test_a_cancellation_names_the_field_it_lacks(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, body: dict[str, Any], field: str
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)

    answer = await http.post(f"{booked.path}/cancel", json=body, headers=headers("case_manager"))

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][:2] == ["body", field]
    assert (await stored(interpreting, booked.appointment_id))["state"] == "assigned"


async def test_an_interpreter_cancels_only_for_themself(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)
    mine = as_interpreter(headers, booked.interpreter_id)

    for_others = await http.post(f"{booked.path}/cancel", json={"cancelled_by": "requester"}, headers=mine)
    stranger = await http.post(f"{booked.path}/cancel", json={}, headers=as_interpreter(headers, uuid4()))

    assert for_others.status_code == 422
    assert for_others.json()["detail"][0]["loc"] == ["body", "cancelled_by"]
    assert stranger.status_code == 404
    assert (await stored(interpreting, booked.appointment_id))["state"] == "confirmed"


async def test_cancelling_twice_is_a_conflict(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    first = await http.post(f"{booked.path}/cancel", json={"reason": "other"}, headers=headers())
    assert first.status_code == 200

    again = await http.post(f"{booked.path}/cancel", json={"reason": "other"}, headers=headers())

    assert (again.status_code, again.json()["detail"]) == (409, "a cancelled appointment cannot be cancelled")
    assert len(await events(interpreting, "appointment_cancelled", booked.appointment_id)) == 1


async def test_another_districts_appointment_cannot_be_cancelled(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)

    answer = await http.post(
        f"{booked.path}/cancel", json={"reason": "other"}, headers=headers(district=HANAU)
    )

    assert answer.status_code == 404
    assert (await stored(interpreting, booked.appointment_id))["state"] == "assigned"


async def test_an_appointment_that_has_begun_cannot_be_cancelled(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)

    with pytest.raises(changes.StepConflict):
        async with interpreting.db.transaction(BERGSTRASSE) as tx:
            await changes.cancel(
                tx,
                booked.appointment_id,
                CancellationReason.OTHER,
                CancelledBy.REQUESTER,
                now=booked.starts_at,
            )

    assert (await stored(interpreting, booked.appointment_id))["state"] == "confirmed"
