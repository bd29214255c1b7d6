"""The pool through its API: coordinators register and manage the district's interpreters; an
interpreter reaches only their own profile; other districts see nothing."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from wir_interpreting.domain.errors import Conflict
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU, HEPPENHEIM
from wir_kit.testing.service import outbox, rows

from .b_support import FAR_AHEAD, add_interpreter, profile
from .conftest import Headers


async def _register(http: httpx.AsyncClient, headers: Headers, **fields: Any) -> UUID:
    answer = await http.post("/interpreters", json=profile(**fields), headers=headers())
    assert answer.status_code == 201, answer.text
    return UUID(answer.json()["interpreter_id"])


async def test_a_registered_interpreter_is_shown_as_registered(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await _register(
        http, headers, languages=[("kmr", "Kurmanji"), ("ckb", "Sorani")], municipalities=[HEPPENHEIM]
    )

    shown = (await http.get(f"/interpreters/{interpreter_id}", headers=headers())).json()
    assert shown["version"] == 1
    assert shown["active"] is True
    assert shown["compliant"] is False
    assert shown["documents"] == []
    assert shown["neighbours"] == []
    assert shown["languages"] == [
        {"language": "ckb", "variety": "Sorani"},
        {"language": "kmr", "variety": "Kurmanji"},
    ]
    assert shown["german_level"] == "C1"
    assert shown["modes"] == ["on_site", "phone", "video"]
    assert shown["municipalities"] == [HEPPENHEIM]
    assert shown["weekly"][0] == {"weekday": 0, "start": "07:00", "end": "20:00"}
    [event] = await outbox(interpreting, "interpreter_registered")
    assert event["interpreter_id"] == str(interpreter_id)
    assert event["aggregate_version"] == 1
    assert event["contact"] == {
        "display_name": "Farid Ahmadi",
        "email": "interpreter@example.net",
        "mobile": None,
        "channels": ["email"],
    }
    assert event["preferred_language"] == "deu"


async def test_an_interpreter_changes_their_own_profile_and_notifications_hears_of_it(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await _register(http, headers)
    own = headers("interpreter", sub=str(interpreter_id))

    changed = profile(name="Farid A.", languages=[("prs", None)], preferred_language="prs", travel_km=5)
    answer = await http.put(f"/interpreters/{interpreter_id}", json=changed, headers=own)

    assert answer.status_code == 200, answer.text
    assert answer.json()["version"] == 2
    assert answer.json()["travel_km"] == 5
    assert (await http.get(f"/interpreters/{interpreter_id}", headers=own)).status_code == 200
    [event] = await outbox(interpreting, "interpreter_updated")
    assert event["aggregate_version"] == 2
    assert event["contact"]["display_name"] == "Farid A."
    assert event["preferred_language"] == "prs"


async def test_an_interpreter_reaches_nobody_elses_profile(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await _register(http, headers)
    other = headers("interpreter", sub=str(uuid4()))

    assert (await http.get(f"/interpreters/{interpreter_id}", headers=other)).status_code == 404
    assert (
        await http.put(f"/interpreters/{interpreter_id}", json=profile(), headers=other)
    ).status_code == 404
    availability: dict[str, list[object]] = {"weekly": [], "absences": []}
    put = await http.put(f"/interpreters/{interpreter_id}/availability", json=availability, headers=other)
    assert put.status_code == 404
    document = {"expires_on": FAR_AHEAD.isoformat()}
    put = await http.put(f"/interpreters/{interpreter_id}/documents/training", json=document, headers=other)
    assert put.status_code == 404
    put = await http.put(f"/interpreters/{interpreter_id}/neighbours", json={"districts": []}, headers=other)
    assert put.status_code == 404
    assert await outbox(interpreting, "interpreter_updated") == []


async def test_only_coordinators_register_list_and_deactivate(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await _register(http, headers)
    own = headers("interpreter", sub=str(interpreter_id))

    assert (await http.post("/interpreters", json=profile(), headers=own)).status_code == 403
    assert (await http.get("/interpreters", headers=own)).status_code == 403
    assert (await http.delete(f"/interpreters/{interpreter_id}", headers=own)).status_code == 403
    case_manager = headers("case_manager")
    assert (await http.get(f"/interpreters/{interpreter_id}", headers=case_manager)).status_code == 403


async def test_another_districts_interpreter_answers_404(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await _register(http, headers)
    hanau = headers(district=HANAU)

    assert (await http.get(f"/interpreters/{interpreter_id}", headers=hanau)).status_code == 404
    assert (
        await http.put(f"/interpreters/{interpreter_id}", json=profile(), headers=hanau)
    ).status_code == 404
    assert (await http.delete(f"/interpreters/{interpreter_id}", headers=hanau)).status_code == 404
    assert (await http.get("/interpreters", headers=hanau)).json()["items"] == []


async def test_a_neighbour_granted_sight_still_cannot_manage_the_interpreter(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await add_interpreter(interpreting, neighbours=[HANAU])
    hanau = headers(district=HANAU)

    assert (await http.get(f"/interpreters/{interpreter_id}", headers=hanau)).status_code == 404
    assert (await http.get("/interpreters", headers=hanau)).json()["items"] == []
    document = {"expires_on": FAR_AHEAD.isoformat()}
    put = await http.put(f"/interpreters/{interpreter_id}/documents/training", json=document, headers=hanau)
    assert put.status_code == 404


async def test_compliant_once_every_document_is_recorded(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await _register(http, headers)
    own = headers("interpreter", sub=str(interpreter_id))
    document = {"expires_on": FAR_AHEAD.isoformat()}

    for kind in ("confidentiality", "criminal_record"):
        answer = await http.put(
            f"/interpreters/{interpreter_id}/documents/{kind}", json=document, headers=own
        )
        assert answer.json()["compliant"] is False
    answer = await http.put(f"/interpreters/{interpreter_id}/documents/training", json=document, headers=own)

    assert answer.status_code == 200
    assert answer.json()["compliant"] is True
    assert [d["kind"] for d in answer.json()["documents"]] == [
        "confidentiality",
        "criminal_record",
        "training",
    ]


async def test_availability_is_replaced_without_a_new_version(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await _register(http, headers)
    availability = {
        "weekly": [{"weekday": 2, "start": "09:00", "end": "12:30"}],
        "absences": [{"first_day": "2027-07-01", "last_day": "2027-07-21"}],
    }

    answer = await http.put(
        f"/interpreters/{interpreter_id}/availability",
        json=availability,
        headers=headers("interpreter", sub=str(interpreter_id)),
    )

    assert answer.status_code == 200, answer.text
    assert answer.json()["weekly"] == availability["weekly"]
    assert answer.json()["absences"] == availability["absences"]
    assert answer.json()["version"] == 1
    assert answer.json()["languages"] == [{"language": "prs", "variety": None}]


async def test_an_interpreter_opts_in_to_neighbouring_districts_and_out_again(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await _register(http, headers)
    own = headers("interpreter", sub=str(interpreter_id))
    url = f"/interpreters/{interpreter_id}/neighbours"

    answer = await http.put(url, json={"districts": [HANAU, "06432", HANAU]}, headers=own)
    assert answer.status_code == 200, answer.text
    assert answer.json()["neighbours"] == ["06415", "06432"]
    grants = await rows(interpreting, HANAU, "SELECT interpreter_id FROM pool_grants")
    assert [row["interpreter_id"] for row in grants] == [interpreter_id]

    answer = await http.put(url, json={"districts": ["06432"]}, headers=headers())
    assert answer.json()["neighbours"] == ["06432"]
    assert await rows(interpreting, HANAU, "SELECT interpreter_id FROM pool_grants") == []

    answer = await http.put(url, json={"districts": []}, headers=own)
    assert answer.json()["neighbours"] == []


async def test_deactivating_announces_once(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await _register(http, headers)

    first = await http.delete(f"/interpreters/{interpreter_id}", headers=headers())
    second = await http.delete(f"/interpreters/{interpreter_id}", headers=headers())

    assert first.status_code == second.status_code == 200
    assert second.json()["active"] is False
    assert second.json()["version"] == 2
    events = await outbox(interpreting, "interpreter_deactivated")
    assert [(e["interpreter_id"], e["aggregate_version"]) for e in events] == [(str(interpreter_id), 2)]
    assert (await http.delete(f"/interpreters/{uuid4()}", headers=headers())).status_code == 404


async def test_the_pool_is_listed_page_by_page_and_by_state(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    registered = sorted([await _register(http, headers) for _ in range(3)])
    await http.delete(f"/interpreters/{registered[0]}", headers=headers())

    first = (await http.get("/interpreters", params={"limit": 2}, headers=headers())).json()
    second = (
        await http.get("/interpreters", params={"limit": 2, "after": first["next_cursor"]}, headers=headers())
    ).json()
    active = (await http.get("/interpreters", params={"active": "true"}, headers=headers())).json()

    assert [UUID(i["interpreter_id"]) for i in first["items"] + second["items"]] == registered
    assert second["next_cursor"] is None
    assert [UUID(i["interpreter_id"]) for i in active["items"]] == registered[1:]


async def test_registering_through_the_command_keeps_a_given_id_once(interpreting: Runtime) -> None:
    interpreter_id = uuid4()
    assert await add_interpreter(interpreting, interpreter_id=interpreter_id) == interpreter_id
    documents = await rows(
        interpreting,
        BERGSTRASSE,
        "SELECT count(*) AS n FROM interpreter_documents WHERE interpreter_id = $1",
        interpreter_id,
    )
    assert documents[0]["n"] == 3

    with pytest.raises(Conflict):
        await add_interpreter(interpreting, interpreter_id=interpreter_id)
    assert len(await outbox(interpreting, "interpreter_registered")) == 1


async def test_an_unknown_interpreter_answers_404_everywhere(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    url = f"/interpreters/{uuid4()}"
    document = {"expires_on": FAR_AHEAD.isoformat()}

    assert (await http.get(url, headers=headers())).status_code == 404
    assert (await http.put(url, json=profile(), headers=headers())).status_code == 404
    availability: dict[str, list[object]] = {"weekly": [], "absences": []}
    assert (await http.put(f"{url}/availability", json=availability, headers=headers())).status_code == 404
    assert (await http.put(f"{url}/documents/training", json=document, headers=headers())).status_code == 404
    assert (
        await http.put(f"{url}/neighbours", json={"districts": [HANAU]}, headers=headers())
    ).status_code == 404
    assert await outbox(interpreting, "interpreter_updated") == []
