"""A coordinator assigns the interpreter of their choice to an open or unfilled appointment: over
the week and the ranking, never over documents, language, mode or another booking."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU
from wir_kit.testing.service import outbox

from .a1_support import add_interpreter, ahead, request_body
from .conftest import PUBLIC_URL, Headers

EVENINGS = [{"weekday": day, "start": "17:00", "end": "21:00"} for day in range(7)]


async def _unfilled(http: httpx.AsyncClient, headers: Headers, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = (
        await http.post("/appointments", json=request_body(**changes), headers=headers())
    ).json()
    assert body["state"] == "unfilled"
    return body


async def _assign(
    http: httpx.AsyncClient, headers: Headers, appointment: dict[str, Any], interpreter: object
) -> httpx.Response:
    return await http.post(
        f"/appointments/{appointment['appointment_id']}/assign",
        json={"interpreter_id": str(interpreter)},
        headers=headers("coordinator"),
    )


async def test_coordinator_assigns_someone_outside_their_usual_week(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    evenings_only = await add_interpreter(interpreting, weekly=EVENINGS)
    appointment = await _unfilled(http, headers)

    answer = await _assign(http, headers, appointment, evenings_only)

    assert answer.status_code == 200, answer.text
    assert (answer.json()["state"], answer.json()["interpreter_id"]) == ("assigned", str(evenings_only))
    assert answer.json()["version"] == 3
    [assigned] = await outbox(interpreting, "interpreter_assigned")
    assert assigned["answer_url"].startswith(f"{PUBLIC_URL}/answers/")
    assert assigned["aggregate_version"] == 3


async def test_assigning_an_assigned_appointment_is_a_conflict(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    other = await add_interpreter(interpreting, weekly=EVENINGS)
    created = (await http.post("/appointments", json=request_body(), headers=headers())).json()

    answer = await _assign(http, headers, created, other)

    assert answer.status_code == 409
    assert "assigned" in answer.json()["detail"]


async def test_interpreter_booked_at_that_time_is_a_conflict(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    busy = await add_interpreter(interpreting)
    await http.post("/appointments", json=request_body(), headers=headers())
    clash = await _unfilled(http, headers)

    answer = await _assign(http, headers, clash, busy)

    assert answer.status_code == 409
    assert answer.json()["detail"] == "the interpreter is booked at that time"


async def test_interpreter_with_expired_documents_is_a_conflict(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    expired = await add_interpreter(interpreting, documents_until=ahead(1).date())
    appointment = await _unfilled(http, headers)

    answer = await _assign(http, headers, appointment, expired)

    assert answer.status_code == 409
    assert "documents" in answer.json()["detail"]


async def test_past_appointment_cannot_be_assigned(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting, weekly=EVENINGS)
    appointment = await _unfilled(http, headers)
    later = await add_interpreter(interpreting)
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "UPDATE appointments SET starts_at = now() - interval '2 hours',"
            " ends_at = now() - interval '1 hour' WHERE appointment_id = $1",
            appointment["appointment_id"],
        )

    answer = await _assign(http, headers, appointment, later)

    assert answer.status_code == 409
    assert answer.json()["detail"] == "the appointment has begun"


@pytest.mark.parametrize(
    ("case", "interpreter", "kind"),
    [
        ("unknown", {}, "unknown"),
        ("other language", {"languages": [("ukr", "")]}, "language"),
        ("other mode", {"modes": ["phone"]}, "mode"),
        ("left the pool", {"active": False}, "unknown"),
        ("other district, no grant", {"district": HANAU}, "unknown"),
    ],
)
async def test_interpreter_who_cannot_take_it_is_refused_naming_the_field(
    interpreting: Runtime,
    http: httpx.AsyncClient,
    headers: Headers,
    case: str,
    interpreter: dict[str, Any],
    kind: str,
) -> None:
    await add_interpreter(interpreting, weekly=EVENINGS)
    appointment = await _unfilled(http, headers)
    chosen = await add_interpreter(interpreting, **interpreter) if interpreter else uuid4()

    answer = await _assign(http, headers, appointment, chosen)

    assert answer.status_code == 422, answer.text
    [error] = answer.json()["detail"]
    assert (error["loc"], error["type"]) == (["body", "interpreter_id"], kind)


async def test_malformed_choice_is_refused_naming_the_field(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting, weekly=EVENINGS)
    appointment = await _unfilled(http, headers)

    answer = await _assign(http, headers, appointment, "not-an-id")

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "interpreter_id"]


async def test_other_districts_appointment_is_not_found(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting, weekly=EVENINGS)
    appointment = await _unfilled(http, headers)
    theirs = await add_interpreter(interpreting, district=HANAU)

    elsewhere = await http.post(
        f"/appointments/{appointment['appointment_id']}/assign",
        json={"interpreter_id": str(theirs)},
        headers=headers("coordinator", district=HANAU),
    )
    missing = await _assign(http, headers, {"appointment_id": uuid4()}, theirs)

    assert (elsewhere.status_code, missing.status_code) == (404, 404)


async def test_only_coordinators_assign_by_hand(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    chosen = await add_interpreter(interpreting, weekly=EVENINGS)
    appointment = await _unfilled(http, headers)

    answer = await http.post(
        f"/appointments/{appointment['appointment_id']}/assign",
        json={"interpreter_id": str(chosen)},
        headers=headers("case_manager"),
    )

    assert answer.status_code == 403
