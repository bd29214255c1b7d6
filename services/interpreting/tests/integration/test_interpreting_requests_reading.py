"""Requesters read their district's appointments; another district's answer 404 like a missing one."""

from __future__ import annotations

from uuid import uuid4

import httpx

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import HANAU

from .a1_support import add_interpreter, ahead, request_body
from .conftest import Headers, RegisterPerson


async def test_requester_reads_the_appointment(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    created = (await http.post("/appointments", json=request_body(), headers=headers())).json()

    answer = await http.get(f"/appointments/{created['appointment_id']}", headers=headers("case_manager"))

    assert answer.status_code == 200
    assert answer.json() == created


async def test_other_districts_appointment_is_not_found(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    created = (await http.post("/appointments", json=request_body(), headers=headers())).json()

    answer = await http.get(f"/appointments/{created['appointment_id']}", headers=headers(district=HANAU))
    missing = await http.get(f"/appointments/{uuid4()}", headers=headers())

    assert (answer.status_code, missing.status_code) == (404, 404)
    assert answer.json() == missing.json()


async def test_list_filters_by_state_and_time(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    early = (await http.post("/appointments", json=request_body(days=5, hour=9), headers=headers())).json()
    late = (await http.post("/appointments", json=request_body(days=9), headers=headers())).json()
    # Within the travel buffer after the early one: the only interpreter cannot be there.
    unfilled = (
        await http.post("/appointments", json=request_body(days=5, hour=10), headers=headers())
    ).json()

    everything = await http.get("/appointments", headers=headers())
    assigned = await http.get("/appointments", params={"state": "assigned"}, headers=headers())
    first_week = await http.get(
        "/appointments", params={"to": ahead(7).isoformat(), "state": "assigned"}, headers=headers()
    )
    elsewhere = await http.get("/appointments", headers=headers(district=HANAU))

    assert (unfilled["state"], unfilled["unfilled_reason"]) == ("unfilled", "none_available")
    assert [a["unfilled_reason"] for a in everything.json()] == [None, "none_available", None]
    assert [a["appointment_id"] for a in everything.json()] == [
        early["appointment_id"],
        unfilled["appointment_id"],
        late["appointment_id"],
    ]
    assert [a["appointment_id"] for a in assigned.json()] == [early["appointment_id"], late["appointment_id"]]
    assert [a["appointment_id"] for a in first_week.json()] == [early["appointment_id"]]
    assert elsewhere.json() == []


async def test_list_refuses_bad_filters(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    bad_state = await http.get("/appointments", params={"state": "lost"}, headers=headers())
    naive = await http.get("/appointments", params={"from": "2030-01-01T00:00:00"}, headers=headers())
    assert bad_state.status_code == naive.status_code == 422
    assert bad_state.json()["detail"][0]["loc"] == ["query", "state"]
    assert naive.json()["detail"][0]["loc"] == ["query", "from"]


async def test_case_manager_lists_their_own_requests_or_those_of_a_named_person(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, register_person: RegisterPerson
) -> None:
    await add_interpreter(interpreting)
    person_id = await register_person()
    body = request_body(person_id=str(person_id))
    mine = (await http.post("/appointments", json=body, headers=headers("case_manager", sub="cm-1"))).json()

    own = await http.get("/appointments", headers=headers("case_manager", sub="cm-1"))
    colleague = await http.get("/appointments", headers=headers("case_manager", sub="cm-2"))
    colleague_for_person = await http.get(
        "/appointments", params={"person_id": str(person_id)}, headers=headers("case_manager", sub="cm-2")
    )

    assert [a["appointment_id"] for a in own.json()] == [mine["appointment_id"]]
    assert colleague.json() == []
    assert [a["appointment_id"] for a in colleague_for_person.json()] == [mine["appointment_id"]]
