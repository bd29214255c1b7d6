"""The signed link in the interpreter's message: a German page with what the job needs (never
the person), and confirm and decline forms that act like the API. A link that opens nothing
answers 404, one past its time 410, an answer the state forbids 409, each as a page."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import httpx

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import HANAU

from .a1_support import add_interpreter
from .a2_support import (
    answer_token,
    as_interpreter,
    attempt,
    book,
    events,
    forged_token,
    pass_deadline,
    stored,
)
from .conftest import Headers

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


async def test_the_link_opens_a_page_with_what_the_job_needs(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers, variety="Herati")
    token = await answer_token(interpreting, booked.appointment_id)

    page = await http.get(f"/answers/{token}")

    assert page.status_code == 200, page.text
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    html = page.text
    for shown in (
        "Dari (Herati)",
        "Rodensteinstraße 19, 64625 Bensheim",
        "Jobcenter",
        "Team Integration",
    ):
        assert shown in html, shown
    assert f'action="{token}/confirm"' in html and f'action="{token}/decline"' in html
    assert "Eingliederungsvereinbarung" not in html  # the notes are for staff only


async def test_confirming_by_link_books_the_appointment(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    token = await answer_token(interpreting, booked.appointment_id)

    done = await http.post(f"/answers/{token}/confirm")

    assert done.status_code == 200, done.text
    assert "Vielen Dank" in done.text
    assert (await stored(interpreting, booked.appointment_id))["state"] == "confirmed"
    assert len(await events(interpreting, "appointment_confirmed", booked.appointment_id)) == 1
    reopened = await http.get(f"/answers/{token}")
    assert (reopened.status_code, "bereits bestätigt" in reopened.text) == (200, True)
    assert f'action="{token}/decline"' in reopened.text and "/confirm" not in reopened.text


async def test_a_confirmed_appointment_can_be_given_back_by_link(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    token = await answer_token(interpreting, booked.appointment_id)
    await http.post(f"/answers/{token}/confirm")

    given_back = await http.post(f"/answers/{token}/decline", content="reason=illness", headers=FORM)

    assert given_back.status_code == 200, given_back.text
    [declined] = await events(interpreting, "interpreter_declined", booked.appointment_id)
    assert (declined["reason"], declined["after_confirming"]) == ("illness", True)
    assert (await stored(interpreting, booked.appointment_id))["interpreter_id"] != booked.interpreter_id


async def test_confirming_by_link_twice_is_a_conflict_page(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    token = await answer_token(interpreting, booked.appointment_id)
    await http.post(f"/answers/{token}/confirm")

    again = await http.post(f"/answers/{token}/confirm")

    assert again.status_code == 409
    assert "bereits bestätigt" in again.text
    assert len(await events(interpreting, "appointment_confirmed", booked.appointment_id)) == 1


async def test_declining_by_link_asks_the_next_interpreter(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    token = await answer_token(interpreting, booked.appointment_id)

    done = await http.post(f"/answers/{token}/decline", content="reason=conflict_of_interest", headers=FORM)

    assert done.status_code == 200, done.text
    row = await stored(interpreting, booked.appointment_id)
    assert row["state"] == "assigned" and row["interpreter_id"] != booked.interpreter_id
    first = await attempt(interpreting, booked.appointment_id, booked.interpreter_id)
    assert (first["outcome"], first["decline_reason"]) == ("declined", "conflict_of_interest")


async def test_a_decline_without_a_known_reason_asks_for_one(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    token = await answer_token(interpreting, booked.appointment_id)

    for form in ("", "reason=bored", "reason=" + "x" * 3000):
        page = await http.post(f"/answers/{token}/decline", content=form, headers=FORM)
        assert page.status_code == 422, form
        assert "reason" in page.text
    assert (await stored(interpreting, booked.appointment_id))["state"] == "assigned"


async def test_the_link_of_an_interpreter_no_longer_assigned_is_a_conflict_page(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    token = await answer_token(interpreting, booked.appointment_id)
    await http.post(
        f"{booked.path}/decline",
        json={"reason": "other"},
        headers=as_interpreter(headers, booked.interpreter_id),
    )

    opened = await http.get(f"/answers/{token}")
    confirmed = await http.post(f"/answers/{token}/confirm")

    for page in (opened, confirmed):
        assert page.status_code == 409
        assert "nicht mehr zugeteilt" in page.text
    assert (await stored(interpreting, booked.appointment_id))["interpreter_id"] != booked.interpreter_id


async def test_the_link_of_a_cancelled_appointment_is_a_conflict_page(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    token = await answer_token(interpreting, booked.appointment_id)
    cancelled = await http.post(
        f"{booked.path}/cancel", json={"reason": "appointment_dropped"}, headers=headers()
    )
    assert cancelled.status_code == 200, cancelled.text

    for page in (await http.get(f"/answers/{token}"), await http.post(f"/answers/{token}/confirm")):
        assert page.status_code == 409
        assert "findet nicht mehr statt" in page.text


async def test_a_link_past_the_deadline_is_gone(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    token = await answer_token(interpreting, booked.appointment_id)
    await pass_deadline(interpreting, booked.appointment_id)

    for page in (
        await http.get(f"/answers/{token}"),
        await http.post(f"/answers/{token}/confirm"),
        await http.post(f"/answers/{token}/decline", content="reason=other", headers=FORM),
    ):
        assert page.status_code == 410
        assert "abgelaufen" in page.text
    assert (await stored(interpreting, booked.appointment_id))["state"] == "assigned"


async def test_an_expired_link_is_gone(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    token = forged_token(
        interpreting,
        booked.appointment_id,
        booked.interpreter_id,
        expires_at=datetime.now(UTC) - timedelta(minutes=1),
    )

    for page in (await http.get(f"/answers/{token}"), await http.post(f"/answers/{token}/confirm")):
        assert page.status_code == 410
        assert "Link abgelaufen" in page.text
    assert (await stored(interpreting, booked.appointment_id))["state"] == "assigned"


async def test_a_bad_link_is_not_found(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    token = await answer_token(interpreting, booked.appointment_id)
    header, payload, signature = token.split(".")
    due = booked.respond_by
    bad = [
        "not-a-token",
        f"{header}.{payload}.{signature[:-4]}AAAA",
        forged_token(
            interpreting, booked.appointment_id, booked.interpreter_id, expires_at=due, secret="x" * 40
        ),
        # genuine, but for an interpreter never asked, an appointment that does not exist, or
        # another district, where the appointment is not
        forged_token(interpreting, booked.appointment_id, uuid4(), expires_at=due),
        forged_token(interpreting, uuid4(), booked.interpreter_id, expires_at=due),
        forged_token(
            interpreting, booked.appointment_id, booked.interpreter_id, expires_at=due, district=HANAU
        ),
    ]

    for token in bad:
        for page in (
            await http.get(f"/answers/{token}"),
            await http.post(f"/answers/{token}/confirm"),
            await http.post(f"/answers/{token}/decline", content="reason=other", headers=FORM),
        ):
            assert page.status_code == 404, token
            assert "Link nicht gefunden" in page.text
    assert (await stored(interpreting, booked.appointment_id))["state"] == "assigned"


async def test_the_page_names_the_mode_or_the_town_when_there_is_no_address(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    by_phone = await book(
        http, headers, days=5, mode="phone", municipality=None, address=None, remote_link="+4961811234567"
    )
    in_town = await book(http, headers, days=6, address=None)

    phone_page = await http.get(f"/answers/{await answer_token(interpreting, by_phone.appointment_id)}")
    town_page = await http.get(f"/answers/{await answer_token(interpreting, in_town.appointment_id)}")

    assert "<dd>am Telefon</dd>" in phone_page.text
    assert "+4961811234567" not in phone_page.text  # the dial-in is in the messages, not on the page
    assert "<dd>Bensheim</dd>" in town_page.text


async def test_of_answers_sent_at_once_only_one_counts(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    await add_interpreter(interpreting)
    await add_interpreter(interpreting)
    booked = await book(http, headers)
    token = await answer_token(interpreting, booked.appointment_id)

    answers = await asyncio.gather(*(http.post(f"/answers/{token}/confirm") for _ in range(3)))

    assert sorted(a.status_code for a in answers) == [200, 409, 409]
    assert len(await events(interpreting, "appointment_confirmed", booked.appointment_id)) == 1
