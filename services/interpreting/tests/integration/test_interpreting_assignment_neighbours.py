"""A request no one of the district's own pool can take is filled from a neighbouring pool whose
interpreter opted in; the requesting district's event names that district and carries no link."""

from __future__ import annotations

from datetime import datetime

import httpx

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU, HANAU_TOWN, MAIN_KINZIG
from wir_kit.testing.service import outbox, rows

from .a1_support import add_interpreter, request_body
from .conftest import Headers

KURMANJI = [("kmr", "Kurmanji")]


async def test_rare_language_is_filled_from_an_opted_in_neighbour(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    neighbour = await add_interpreter(
        interpreting, district=HANAU, languages=KURMANJI, home=HANAU_TOWN, travel_km=80, grants=[BERGSTRASSE]
    )

    answer = await http.post("/appointments", json=request_body(language="kmr"), headers=headers())

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["interpreter_id"], body["interpreter_district"]) == (str(neighbour), HANAU)
    [assigned] = await outbox(interpreting, "interpreter_assigned")
    assert (assigned["interpreter_district"], assigned["answer_url"]) == (HANAU, None)
    assert assigned["respond_by"] is not None
    # The booking lies in the interpreter's own calendar, with the job and never the person.
    [booking] = await rows(interpreting, HANAU, "SELECT * FROM bookings")
    assert (booking["district"], booking["requesting_district"]) == (HANAU, BERGSTRASSE)
    assert (booking["language"], booking["respond_by"]) == ("kmr", datetime.fromisoformat(body["respond_by"]))
    assert "person_id" not in dict(booking)


async def test_own_pool_is_asked_before_a_neighbour(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(
        interpreting, district=HANAU, languages=KURMANJI, home=HANAU_TOWN, travel_km=80, grants=[BERGSTRASSE]
    )
    local = await add_interpreter(interpreting, languages=KURMANJI)

    answer = await http.post("/appointments", json=request_body(language="kmr"), headers=headers())

    assert answer.json()["interpreter_id"] == str(local)
    assert answer.json()["interpreter_district"] == BERGSTRASSE


async def test_pool_that_did_not_opt_in_is_out_of_reach(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(
        interpreting, district=HANAU, languages=KURMANJI, home=HANAU_TOWN, grants=[MAIN_KINZIG]
    )

    answer = await http.post("/appointments", json=request_body(language="kmr"), headers=headers())

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "language"]
    assert await rows(interpreting, HANAU, "SELECT 1 FROM bookings") == []
