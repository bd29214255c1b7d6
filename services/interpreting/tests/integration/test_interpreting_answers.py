"""The assigned interpreter answers through the API: a confirmation books the appointment and
schedules its reminders; a decline (or giving back a confirmed one) asks the next candidate at
once. Answering late, twice, or what is not theirs is refused."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import httpx
import pytest

from wir_contracts.interpreting.v1 import CancellationReason, CancelledBy, DeclineReason
from wir_interpreting.commands import answers
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU

from .a1_support import add_interpreter
from .a2_support import (
    as_interpreter,
    attempt,
    book,
    booking,
    confirmed,
    events,
    pass_deadline,
    reminders_waiting,
    stored,
)
from .conftest import Headers


async def test_the_interpreter_confirms_and_the_appointment_is_booked(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)

    answer = await http.post(f"{booked.path}/confirm", headers=as_interpreter(headers, booked.interpreter_id))

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["state"], body["version"], body["interpreter_id"]) == (
        "confirmed",
        3,
        str(booked.interpreter_id),
    )
    assert "person_id" not in body and "notes" not in body
    [event] = await events(interpreting, "appointment_confirmed", booked.appointment_id)
    assert event["aggregate_version"] == 3
    assert event["interpreter_id"] == str(booked.interpreter_id)
    assert event["appointment"]["address"] == "Rodensteinstraße 19, 64625 Bensheim"
    assert event["requester"]["display_name"] == "Team Integration"
    assert (await booking(interpreting, booked.appointment_id, booked.interpreter_id))["state"] == "confirmed"
    assert (await attempt(interpreting, booked.appointment_id, booked.interpreter_id))[
        "outcome"
    ] == "confirmed"
    assert [r["hours_before"] for r in await reminders_waiting(interpreting, booked.appointment_id)] == [
        "24.0",
        "2.0",
    ]


async def test_a_coordinator_confirms_for_the_assigned_interpreter(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)

    answer = await http.post(f"{booked.path}/confirm", headers=headers("coordinator"))

    assert answer.status_code == 200, answer.text
    assert (await stored(interpreting, booked.appointment_id))["state"] == "confirmed"


async def test_nobody_confirms_an_appointment_without_an_interpreter(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    await http.post(
        f"{booked.path}/decline",
        json={"reason": "other"},
        headers=as_interpreter(headers, booked.interpreter_id),
    )

    answer = await http.post(f"{booked.path}/confirm", headers=headers("coordinator"))

    assert (answer.status_code, answer.json()["detail"]) == (
        409,
        "no interpreter is assigned to the appointment",
    )
    assert (await stored(interpreting, booked.appointment_id))["state"] == "unfilled"


async def test_confirming_twice_is_a_conflict(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)

    again = await http.post(f"{booked.path}/confirm", headers=as_interpreter(headers, booked.interpreter_id))

    assert again.status_code == 409
    assert again.json()["detail"] == "the appointment has been confirmed already"
    assert len(await events(interpreting, "appointment_confirmed", booked.appointment_id)) == 1


async def test_confirming_after_the_deadline_is_a_conflict(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    await pass_deadline(interpreting, booked.appointment_id)

    late = await http.post(f"{booked.path}/confirm", headers=as_interpreter(headers, booked.interpreter_id))
    declined = await http.post(
        f"{booked.path}/decline",
        json={"reason": "illness"},
        headers=as_interpreter(headers, booked.interpreter_id),
    )

    assert (late.status_code, late.json()["detail"]) == (409, "the time to answer has passed")
    assert declined.status_code == 409
    assert (await stored(interpreting, booked.appointment_id))["state"] == "assigned"


async def test_an_interpreter_never_asked_finds_nothing(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    stranger = uuid4()

    for step, body in (("confirm", None), ("decline", {"reason": "other"})):
        answer = await http.post(
            f"{booked.path}/{step}", json=body, headers=as_interpreter(headers, stranger)
        )
        assert answer.status_code == 404, step


async def test_a_token_whose_subject_is_no_interpreter_id_finds_nothing(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)

    answer = await http.post(f"{booked.path}/confirm", headers=headers("interpreter", sub="not-an-id"))

    assert answer.status_code == 404


async def test_another_districts_appointment_is_not_found(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)

    as_hanau = as_interpreter(headers, booked.interpreter_id, district=HANAU)
    coordinator = headers("coordinator", district=HANAU)
    assert (await http.post(f"{booked.path}/confirm", headers=as_hanau)).status_code == 404
    assert (await http.post(f"{booked.path}/confirm", headers=coordinator)).status_code == 404
    declined = await http.post(f"{booked.path}/decline", json={"reason": "other"}, headers=coordinator)
    assert declined.status_code == 404
    assert (await stored(interpreting, booked.appointment_id))["state"] == "assigned"


async def test_a_case_manager_cannot_answer_for_the_interpreter(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)

    answer = await http.post(f"{booked.path}/confirm", headers=headers("case_manager"))
    also_interpreter = await http.post(
        f"{booked.path}/confirm", headers=headers("case_manager", "interpreter", sub=str(uuid4()))
    )

    assert (answer.status_code, also_interpreter.status_code) == (403, 404)
    assert (await stored(interpreting, booked.appointment_id))["state"] == "assigned"


async def test_a_decline_asks_the_next_interpreter_at_once(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    pool = {await add_interpreter(interpreting), await add_interpreter(interpreting)}
    booked = await book(http, headers)

    answer = await http.post(
        f"{booked.path}/decline",
        json={"reason": "too_far"},
        headers=as_interpreter(headers, booked.interpreter_id),
    )

    assert answer.status_code == 200, answer.text
    body = answer.json()
    [other] = pool - {booked.interpreter_id}
    assert (body["state"], body["interpreter_id"], body["version"]) == ("assigned", str(other), 4)
    [declined] = await events(interpreting, "interpreter_declined", booked.appointment_id)
    assert (declined["reason"], declined["after_confirming"], declined["aggregate_version"]) == (
        "too_far",
        False,
        3,
    )
    assert declined["interpreter_id"] == str(booked.interpreter_id)
    assigned = await events(interpreting, "interpreter_assigned", booked.appointment_id)
    assert [(a["interpreter_id"], a["aggregate_version"]) for a in assigned] == [
        (str(booked.interpreter_id), 2),
        (str(other), 4),
    ]
    first = await attempt(interpreting, booked.appointment_id, booked.interpreter_id)
    assert (first["outcome"], first["decline_reason"]) == ("declined", "too_far")
    assert (await booking(interpreting, booked.appointment_id, booked.interpreter_id))["state"] == "released"
    assert (await booking(interpreting, booked.appointment_id, other))["state"] == "held"


async def test_when_everyone_declined_the_appointment_is_unfilled(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)

    answer = await http.post(
        f"{booked.path}/decline",
        json={"reason": "unavailable"},
        headers=as_interpreter(headers, booked.interpreter_id),
    )

    assert answer.status_code == 200, answer.text
    assert (answer.json()["state"], answer.json()["interpreter_id"]) == ("unfilled", None)
    [unfilled] = await events(interpreting, "interpreting_unfilled", booked.appointment_id)
    assert (unfilled["reason"], unfilled["aggregate_version"]) == ("all_declined", 4)


async def test_the_interpreter_who_declined_can_no_longer_answer(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    mine = as_interpreter(headers, booked.interpreter_id)
    await http.post(f"{booked.path}/decline", json={"reason": "other"}, headers=mine)

    again = await http.post(f"{booked.path}/confirm", headers=mine)

    assert (again.status_code, again.json()["detail"]) == (
        409,
        "the appointment is no longer assigned to this interpreter",
    )


async def test_giving_back_a_confirmed_appointment_drops_its_reminders_and_asks_the_next(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    pool = {await add_interpreter(interpreting), await add_interpreter(interpreting)}
    booked = await confirmed(http, headers)
    assert len(await reminders_waiting(interpreting, booked.appointment_id)) == 2

    answer = await http.post(
        f"{booked.path}/decline",
        json={"reason": "illness"},
        headers=as_interpreter(headers, booked.interpreter_id),
    )

    assert answer.status_code == 200, answer.text
    [other] = pool - {booked.interpreter_id}
    assert (answer.json()["state"], answer.json()["interpreter_id"]) == ("assigned", str(other))
    [declined] = await events(interpreting, "interpreter_declined", booked.appointment_id)
    assert (declined["reason"], declined["after_confirming"], declined["aggregate_version"]) == (
        "illness",
        True,
        4,
    )
    assert await reminders_waiting(interpreting, booked.appointment_id) == []
    assert len(await events(interpreting, "appointment_confirmed", booked.appointment_id)) == 1


async def test_given_back_too_close_to_the_start_the_appointment_is_cancelled(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)
    shortly_before = booked.starts_at - timedelta(minutes=40)

    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        result = await answers.decline(
            tx,
            interpreting.spec.settings,
            booked.appointment_id,
            DeclineReason.ILLNESS,
            interpreter_id=booked.interpreter_id,
            now=shortly_before,
        )

    assert (result.state, result.interpreter_id) == ("cancelled", booked.interpreter_id)
    [cancelled] = await events(interpreting, "appointment_cancelled", booked.appointment_id)
    assert cancelled["reason"] == CancellationReason.CANCELLED_BY_INTERPRETER
    assert (cancelled["cancelled_by"], cancelled["short_notice"]) == (CancelledBy.INTERPRETER, True)
    assert cancelled["interpreter_id"] == str(booked.interpreter_id)
    assert await events(interpreting, "interpreter_declined", booked.appointment_id) == []
    row = await stored(interpreting, booked.appointment_id)
    assert (row["state"], row["allowance_cents"]) == ("cancelled", None)
    assert (await attempt(interpreting, booked.appointment_id, booked.interpreter_id))[
        "outcome"
    ] == "declined"
    assert (await booking(interpreting, booked.appointment_id, booked.interpreter_id))["state"] == "released"


async def test_giving_back_after_the_start_is_a_conflict(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await confirmed(http, headers)

    with pytest.raises(answers.AnswerConflict) as refused:
        async with interpreting.db.transaction(BERGSTRASSE) as tx:
            await answers.decline(
                tx,
                interpreting.spec.settings,
                booked.appointment_id,
                DeclineReason.OTHER,
                interpreter_id=booked.interpreter_id,
                now=booked.starts_at,
            )

    assert refused.value.kind == "begun"
    assert (await stored(interpreting, booked.appointment_id))["state"] == "confirmed"


async def test_a_decline_needs_a_known_reason(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    mine = as_interpreter(headers, booked.interpreter_id)

    for body in ({}, {"reason": "bored"}, {"reason": "other", "note": "x"}):
        answer = await http.post(f"{booked.path}/decline", json=body, headers=mine)
        assert answer.status_code == 422, body
        assert answer.json()["detail"][0]["loc"][:2] == ["body", "reason" if "note" not in body else "note"]
    assert (await stored(interpreting, booked.appointment_id))["state"] == "assigned"
