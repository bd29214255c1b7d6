"""A request is checked, stored, announced and offered to the best interpreter at once; a
request the rules or the pool cannot serve is refused naming the field, and nothing is written."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU
from wir_kit.testing.service import outbox, rows

from .a1_support import add_interpreter, ahead, request_body, set_rules
from .conftest import PUBLIC_URL, Headers, RegisterPerson

REQUESTED = "interpreting_requested"
ASSIGNED = "interpreter_assigned"


async def test_request_is_offered_to_an_interpreter_of_the_language(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    farid = await add_interpreter(interpreting)
    await add_interpreter(interpreting, languages=[("ukr", "")])

    answer = await http.post("/appointments", json=request_body(), headers=headers("case_manager"))

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["state"], body["interpreter_id"], body["version"]) == ("assigned", str(farid), 2)
    assert body["requested_by"] == "cm-1"
    [requested] = await outbox(interpreting, REQUESTED)
    assert requested["aggregate_version"] == 1
    assert requested["appointment"]["language"] == "prs"
    [assigned] = await outbox(interpreting, ASSIGNED)
    assert assigned["aggregate_version"] == 2
    assert assigned["answer_url"].startswith(f"{PUBLIC_URL}/answers/")
    assert assigned["respond_by"] is not None
    assert assigned["requester"]["display_name"] == "Team Integration"
    assert assigned["interpreter_district"] is None


async def test_booking_keeps_the_travel_there_and_back_free(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await add_interpreter(interpreting)
    answer = await http.post("/appointments", json=request_body(), headers=headers())
    body = answer.json()

    [booking] = await rows(
        interpreting,
        BERGSTRASSE,
        "SELECT lower(during) AS since, upper(during) AS until, state, respond_by, requesting_district"
        " FROM bookings WHERE interpreter_id = $1",
        interpreter_id,
    )
    starts, ends = datetime.fromisoformat(body["starts_at"]), datetime.fromisoformat(body["ends_at"])
    # Heppenheim to Bensheim: about 5 km, 8 minutes on the road plus 15 to arrive, rounded to 25.
    assert (booking["since"], booking["until"]) == (
        starts - timedelta(minutes=25),
        ends + timedelta(minutes=25),
    )
    assert booking["state"] == "held"
    assert booking["respond_by"] == datetime.fromisoformat(body["respond_by"])
    assert booking["requesting_district"] == BERGSTRASSE


async def test_phone_booking_has_no_travel_buffer(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await add_interpreter(interpreting)
    body = request_body(mode="phone", municipality=None, address=None, remote_link="+4962511234567")
    answer = await http.post("/appointments", json=body, headers=headers())
    assert answer.json()["state"] == "assigned"

    [booking] = await rows(
        interpreting,
        BERGSTRASSE,
        "SELECT lower(during) AS since FROM bookings WHERE interpreter_id = $1",
        interpreter_id,
    )
    assert booking["since"] == datetime.fromisoformat(answer.json()["starts_at"])


async def test_language_comes_from_the_person(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, register_person: RegisterPerson
) -> None:
    await add_interpreter(interpreting, languages=[("ukr", "")])
    person_id = await register_person(languages=("ukr", "deu"))

    body = request_body(language=None, person_id=str(person_id))
    answer = await http.post("/appointments", json=body, headers=headers())

    assert answer.status_code == 201, answer.text
    assert (answer.json()["language"], answer.json()["person_id"]) == ("ukr", str(person_id))
    [assigned] = await outbox(interpreting, ASSIGNED)
    assert assigned["person_id"] == str(person_id)


async def test_person_without_consent_is_refused(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, register_person: RegisterPerson
) -> None:
    await add_interpreter(interpreting)
    person_id = await register_person(consents=("processing",))

    answer = await http.post("/appointments", json=request_body(person_id=str(person_id)), headers=headers())

    assert answer.status_code == 409
    assert "consent" in answer.json()["detail"]
    assert await rows(interpreting, BERGSTRASSE, "SELECT 1 FROM appointments") == []


def _ends_before_start() -> dict[str, Any]:
    starts = ahead(5)
    return {"starts_at": starts.isoformat(), "ends_at": starts.isoformat()}


REFUSED: list[tuple[str, dict[str, Any], tuple[str, ...], str | None]] = [
    ("ends before it starts", _ends_before_start(), ("ends_at",), "time_order"),
    ("inside the lead time", request_body(days=1), ("starts_at",), "lead_time"),
    ("language nobody speaks", {"language": "tir"}, ("language",), "no_interpreter"),
    ("no language and no person", {"language": None}, ("language",), "missing"),
    ("on site without municipality", {"municipality": None}, ("municipality",), "missing"),
    ("municipality outside Hesse", {"municipality": "09162000"}, ("municipality",), "unknown"),
    ("municipality malformed", {"municipality": "643100"}, ("municipality",), None),
    ("language code unknown", {"language": "xx"}, ("language",), None),
    ("mode unknown", {"mode": "telepathy"}, ("mode",), None),
    ("naive time", {"starts_at": "2030-01-07T10:00:00"}, ("starts_at",), None),
    (
        "requester without address",
        {"requester": {"display_name": "X", "channels": ["email"]}},
        ("requester",),
        None,
    ),
    ("unknown field", {"person_name": "A."}, ("person_name",), None),
]


@pytest.mark.parametrize(("case", "changes", "field", "kind"), REFUSED, ids=[case[0] for case in REFUSED])
async def test_refused_request_names_the_field_and_writes_nothing(
    interpreting: Runtime,
    http: httpx.AsyncClient,
    headers: Headers,
    case: str,
    changes: dict[str, Any],
    field: tuple[str, ...],
    kind: str | None,
) -> None:
    await add_interpreter(interpreting)
    body = request_body(**changes) if "starts_at" not in changes else {**request_body(), **changes}
    body = {key: value for key, value in body.items() if value is not None}

    answer = await http.post("/appointments", json=body, headers=headers())

    assert answer.status_code == 422, answer.text
    [error] = [e for e in answer.json()["detail"] if tuple(e["loc"][1 : 1 + len(field)]) == field]
    assert error["loc"][0] == "body"
    if kind is not None:
        assert error["type"] == kind
    assert await rows(interpreting, BERGSTRASSE, "SELECT 1 FROM appointments") == []
    assert await outbox(interpreting, REQUESTED) == []


async def test_unknown_person_is_refused_on_person_id(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, register_person: RegisterPerson
) -> None:
    await add_interpreter(interpreting)
    elsewhere = await register_person(district=HANAU)

    answer = await http.post("/appointments", json=request_body(person_id=str(elsewhere)), headers=headers())

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "person_id"]


async def test_lead_time_is_the_districts_own(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    await set_rules(interpreting, lead_time_hours=0)

    answer = await http.post("/appointments", json=request_body(days=1), headers=headers())

    assert answer.status_code == 201, answer.text


async def test_only_requesters_may_request(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    answer = await http.post("/appointments", json=request_body(), headers=headers("interpreter"))
    assert answer.status_code == 403
