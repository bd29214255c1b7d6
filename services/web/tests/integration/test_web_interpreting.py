"""The interpreting pages over the real interpreting service: registering an interpreter and
their documents, booking through the form (assigned, or unfilled with the reason), the
calendar, the statements streamed through, the interpreter's own page, and the limits of
district, role and CSRF."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BENSHEIM, HANAU, HEPPENHEIM
from wir_kit.testing.service import bearer, http_client, publish_and_wait
from wir_web.clock import today

from ..conftest import SignedIn, WebClient
from .support import registered

INTERPRETER_ID = re.compile(r"/interpreting/interpreters/([0-9a-f-]{36})")
APPOINTMENT_ID = re.compile(r"/interpreting/requests/([0-9a-f-]{36})")
DAY = (today() + timedelta(days=5)).isoformat()


def interpreter_form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "form_key": str(uuid4()),
        "display_name": "Farid Ahmadi",
        "email": "farid@example.org",
        "channels": ["email"],
        "preferred_language": "deu",
        "lang_0": "prs",
        "variety_0": "",
        "german_level": "C1",
        "home_municipality": HEPPENHEIM,
        "travel_km": "30",
        "modes": ["on_site", "phone"],
        **{f"start_{day}": "07:00" for day in range(7)},
        **{f"end_{day}": "20:00" for day in range(7)},
    }
    form.update(changes)
    return form


async def register_interpreter(client: WebClient, **changes: Any) -> str:
    answer = await client.submit(
        "/interpreting/interpreters", interpreter_form(**changes), form_on="/interpreting/interpreters/new"
    )
    assert answer.status_code == 303, answer.text
    found = INTERPRETER_ID.search(answer.headers["location"])
    assert found
    page = f"/interpreting/interpreters/{found.group(1)}"
    valid = (today() + timedelta(days=400)).isoformat()
    for kind in ("confidentiality", "criminal_record", "training"):
        recorded = await client.submit(f"{page}/documents", {"kind": kind, "expires_on": valid}, form_on=page)
        assert recorded.status_code == 303, recorded.text
    return found.group(1)


def request_form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "form_key": str(uuid4()),
        "language": "prs",
        "mode": "on_site",
        "venue": "jobcenter",
        "municipality": BENSHEIM,
        "address": "Rodensteinstraße 19",
        "day": DAY,
        "start": "10:00",
        "end": "11:00",
    }
    form.update(changes)
    return form


async def book(client: WebClient, **changes: Any) -> Any:
    """A request through the form; the outcome page it leads to (or the form again)."""
    answer = await client.submit(
        "/interpreting/requests", request_form(**changes), form_on="/interpreting/requests/new"
    )
    if answer.status_code != 303:
        return answer
    return await client.http.get(answer.headers["location"])


async def _pool(signed_in: SignedIn, interpreting: Runtime) -> tuple[WebClient, str]:
    """A coordinator's client, and the Dari interpreter they registered with all documents."""
    client = await signed_in("coordinator", interpreting=interpreting)
    return client, await register_interpreter(client)


async def test_booking_through_the_form_shows_who_was_asked_and_the_calendar_shows_it(
    signed_in: SignedIn, interpreting: Runtime
) -> None:
    client, interpreter_id = await _pool(signed_in, interpreting)
    listed = await client.http.get("/interpreting")
    assert f'href="/interpreting/interpreters/{interpreter_id}">Farid Ahmadi</a>' in listed.text
    assert "alle gültig" in listed.text

    outcome = await book(client)

    assert outcome.status_code == 200
    assert "Farid Ahmadi wurde angefragt" in outcome.text and "Bensheim" in outcome.text
    calendar = await client.http.get(f"/interpreting/calendar?start={DAY}&language=prs")
    assert calendar.status_code == 200
    assert "Farid Ahmadi" in calendar.text and "angefragt" in calendar.text and "10:00" in calendar.text
    other_language = await client.http.get(f"/interpreting/calendar?start={DAY}&language=ukr")
    assert "Farid Ahmadi" not in other_language.text


async def test_a_request_nobody_can_take_is_unfilled_with_the_reason_and_assignable_by_hand(
    signed_in: SignedIn, interpreting: Runtime
) -> None:
    client, _ = await _pool(signed_in, interpreting)
    await book(client)

    outcome = await book(client)  # the only Dari interpreter holds that hour already

    assert "Niemand ist zu der Zeit frei" in outcome.text
    [appointment_id] = set(APPOINTMENT_ID.findall(outcome.text))
    overview = await client.http.get("/interpreting")
    assert f"/interpreting/requests/{appointment_id}/assign" in overview.text  # among the unfilled
    assigned = await client.submit(
        f"/interpreting/requests/{appointment_id}/assign",
        {"interpreter_id": INTERPRETER_ID.findall(overview.text)[0]},
        form_on=f"/interpreting/requests/{appointment_id}",
    )
    assert assigned.status_code == 409 and "Zuweisung war nicht möglich" in assigned.text


async def test_bad_request_input_is_shown_beside_its_field(
    signed_in: SignedIn, interpreting: Runtime
) -> None:
    client, _ = await _pool(signed_in, interpreting)
    for changes, field in (
        ({"end": "09:00"}, "end"),
        ({"municipality": ""}, "municipality"),
        ({"day": today().isoformat()}, "start"),
        ({"day": ""}, "day"),
        ({"language": "tir"}, "language"),
    ):
        answer = await book(client, **changes)
        assert answer.status_code == 422, changes
        assert f'id="f-{field}-error"' in answer.text, changes
        assert 'value="Rodensteinstraße 19"' in answer.text


async def test_a_person_page_books_in_the_persons_language_with_their_consent(
    signed_in: SignedIn, interpreting: Runtime
) -> None:
    client, _ = await _pool(signed_in, interpreting)
    agreed, refused = uuid4(), uuid4()
    for person_id, consents in (
        (agreed, ("processing", "share_with_interpreters")),
        (refused, ("processing",)),
    ):
        event = registered(person_id=person_id, consents=consents)
        await publish_and_wait(interpreting, "person_registered", event)
    form = await client.http.get(f"/interpreting/requests/new?person_id={agreed}")
    assert f'name="person_id" value="{agreed}"' in form.text

    outcome = await book(client, person_id=str(agreed), language="")
    assert "Farid Ahmadi wurde angefragt" in outcome.text and f'href="/people/{agreed}"' in outcome.text
    without = await book(client, person_id=str(refused), language="", start="14:00", end="15:00")
    assert without.status_code == 422 and "nicht zugestimmt" in without.text


async def test_the_statement_csv_comes_through_unchanged(signed_in: SignedIn, interpreting: Runtime) -> None:
    client, interpreter_id = await _pool(signed_in, interpreting)
    month = today().isoformat()[:7]

    answer = await client.http.get(f"/interpreting/statements/{month}.csv")

    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    async with http_client(interpreting) as service:
        direct = await service.get(f"/statements/{month}.csv", headers=bearer(interpreting, "coordinator"))
    assert answer.content == direct.content and answer.content
    own = await client.http.get(f"/interpreting/statements/{month}/interpreters/{interpreter_id}.csv")
    assert own.status_code == 200
    assert (await client.http.get("/interpreting/statements/2024-13.csv")).status_code == 404
    assert (await client.http.get(f"/interpreting/statements/{month}.xls")).status_code == 404


async def test_the_interpreter_confirms_their_assignment_on_their_own_page(
    signed_in: SignedIn, interpreting: Runtime
) -> None:
    client, interpreter_id = await _pool(signed_in, interpreting)
    await book(client)
    await book(client, start="14:00", end="15:00")
    own = await signed_in("interpreter", sub=interpreter_id, interpreting=interpreting)

    mine = await own.http.get("/interpreter")

    assert mine.status_code == 200 and "Farid Ahmadi" in mine.text
    held = re.findall(r"/interpreter/appointments/([0-9a-f-]{36})/confirm", mine.text)
    assert len(held) == 2
    confirmed = await own.submit(f"/interpreter/appointments/{held[0]}/confirm", {}, form_on="/interpreter")
    assert confirmed.status_code == 303
    declined = await own.submit(
        f"/interpreter/appointments/{held[1]}/decline", {"reason": "illness"}, form_on="/interpreter"
    )
    assert declined.status_code == 303
    after = await own.http.get("/interpreter")
    assert "bestätigt" in after.text and "/confirm" not in after.text
    again = await own.submit(f"/interpreter/appointments/{held[0]}/confirm", {}, form_on="/interpreter")
    assert again.status_code == 409
    coordinators_view = await client.http.get(f"/interpreting/requests/{held[0]}")
    assert "Farid Ahmadi hat den Termin bestätigt" in coordinators_view.text


async def test_a_case_manager_books_but_sees_neither_pool_calendar_nor_statements(
    signed_in: SignedIn, interpreting: Runtime
) -> None:
    _, interpreter_id = await _pool(signed_in, interpreting)
    client = await signed_in("case_manager", interpreting=interpreting)

    outcome = await book(client)

    assert "wurde angefragt" in outcome.text and "Farid Ahmadi" not in outcome.text
    assert "angefragt" in (await client.http.get("/interpreting")).text
    month = today().isoformat()[:7]
    for path in (
        "/interpreting/calendar",
        "/interpreting/interpreters/new",
        f"/interpreting/interpreters/{interpreter_id}",
        f"/interpreting/statements/{month}.csv",
        "/interpreter",
    ):
        assert (await client.http.get(path)).status_code == 403, path


async def test_another_districts_pool_and_requests_are_not_found(
    signed_in: SignedIn, interpreting: Runtime
) -> None:
    client, interpreter_id = await _pool(signed_in, interpreting)
    outcome = await book(client)
    [appointment_id] = set(APPOINTMENT_ID.findall(outcome.text))
    await client.sign_in("coordinator", district=HANAU)
    assert (await client.http.get(f"/interpreting/interpreters/{interpreter_id}")).status_code == 404
    assert (await client.http.get(f"/interpreting/requests/{appointment_id}")).status_code == 404
    assert "Farid Ahmadi" not in (await client.http.get("/interpreting")).text


async def test_every_interpreting_form_without_its_csrf_token_is_refused(
    signed_in: SignedIn, interpreting: Runtime
) -> None:
    client, interpreter_id = await _pool(signed_in, interpreting)
    some = str(UUID(int=1))
    page = f"/interpreting/interpreters/{interpreter_id}"
    for path, data in (
        ("/interpreting/interpreters", interpreter_form()),
        (f"{page}/documents", {"kind": "training", "expires_on": DAY}),
        (f"{page}/availability", {"start_0": "08:00", "end_0": "09:00"}),
        (f"{page}/deactivate", {}),
        ("/interpreting/requests", request_form()),
        (f"/interpreting/requests/{some}/assign", {"interpreter_id": interpreter_id}),
    ):
        assert (await client.http.post(path, data=data)).status_code == 403, path
    own = await signed_in("interpreter", sub=interpreter_id, interpreting=interpreting)
    for step in ("confirm", "decline"):
        assert (await own.http.post(f"/interpreter/appointments/{some}/{step}", data={})).status_code == 403
    shown = await client.http.get(page)
    assert "deaktiviert" not in shown.text
    assert len(set(INTERPRETER_ID.findall((await client.http.get("/interpreting")).text))) == 1
