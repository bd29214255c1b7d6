"""An appointment served from a neighbouring district's pool: the interpreter answers by the link
their own district's copy carries (signed for the requesting district), and every later step
reaches their booking there, which the requesting district may change only through the grant.
The requesting district's events name the interpreter's district and carry no link."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import httpx

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU, HANAU_TOWN

from .a1_support import add_interpreter, ahead
from .a2_support import book, booking, events, forged_token, stored
from .conftest import Headers

PHONE = {
    "language": "kmr",
    "mode": "phone",
    "municipality": None,
    "address": None,
    "remote_link": "+496251000",
}


async def test_a_neighbours_interpreter_confirms_by_link_and_their_booking_follows(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    kurdish = await add_interpreter(
        interpreting, district=HANAU, languages=[("kmr", "")], home=HANAU_TOWN, grants=[BERGSTRASSE]
    )
    booked = await book(http, headers, **PHONE)
    assert booked.interpreter_id == kurdish
    [assigned] = await events(interpreting, "interpreter_assigned", booked.appointment_id)
    assert (assigned["interpreter_district"], assigned["answer_url"]) == (HANAU, None)
    token = forged_token(interpreting, booked.appointment_id, kurdish, expires_at=booked.respond_by)

    done = await http.post(f"/answers/{token}/confirm")

    assert done.status_code == 200, done.text
    held = await booking(interpreting, booked.appointment_id, kurdish)
    assert held["state"] == "confirmed" and held["version"] == 2
    [confirmed] = await events(interpreting, "appointment_confirmed", booked.appointment_id)
    assert confirmed["interpreter_district"] == HANAU

    starts = ahead(6, 15)
    moved = await http.post(
        f"{booked.path}/reschedule",
        json={"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat()},
        headers=headers(),
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["state"], moved.json()["interpreter_id"]) == ("assigned", str(kurdish))
    [rescheduled] = await events(interpreting, "appointment_rescheduled", booked.appointment_id)
    assert (rescheduled["interpreter_district"], rescheduled["answer_url"]) == (HANAU, None)
    assert rescheduled["respond_by"] is not None
    held = await booking(interpreting, booked.appointment_id, kurdish)
    assert (held["state"], held["starts_at"], held["version"]) == ("held", starts, 3)

    cancelled = await http.post(f"{booked.path}/cancel", json={"reason": "other"}, headers=headers())
    assert cancelled.status_code == 200, cancelled.text
    assert (await booking(interpreting, booked.appointment_id, kurdish))["state"] == "released"
    assert (await stored(interpreting, booked.appointment_id))["state"] == "cancelled"


async def test_the_neighbours_interpreter_cannot_reach_the_appointment_through_their_own_district(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    kurdish = await add_interpreter(
        interpreting, district=HANAU, languages=[("kmr", "")], home=HANAU_TOWN, grants=[BERGSTRASSE]
    )
    booked = await book(http, headers, **PHONE)
    in_hanau = headers("interpreter", sub=str(kurdish), district=HANAU)
    signed_in_hanau = forged_token(
        interpreting, booked.appointment_id, kurdish, expires_at=booked.respond_by, district=HANAU
    )

    assert (await http.post(f"{booked.path}/confirm", headers=in_hanau)).status_code == 404
    assert (await http.post(f"/answers/{signed_in_hanau}/confirm")).status_code == 404
    assert (await booking(interpreting, booked.appointment_id, kurdish))["state"] == "held"


async def withdraw_grant(runtime: Runtime, interpreter_id: UUID) -> None:
    async with runtime.db.transaction(HANAU) as tx:
        await tx.execute("DELETE FROM pool_grants WHERE interpreter_id = $1", interpreter_id)


async def test_after_the_grant_is_withdrawn_the_interpreter_cannot_confirm_but_is_let_go(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    kurdish = await add_interpreter(
        interpreting, district=HANAU, languages=[("kmr", "")], home=HANAU_TOWN, grants=[BERGSTRASSE]
    )
    booked = await book(http, headers, **PHONE)
    await withdraw_grant(interpreting, kurdish)
    token = forged_token(interpreting, booked.appointment_id, kurdish, expires_at=booked.respond_by)

    refused = await http.post(f"/answers/{token}/confirm")
    cancelled = await http.post(f"{booked.path}/cancel", json={"reason": "other"}, headers=headers())

    assert refused.status_code == 409
    assert cancelled.status_code == 200, cancelled.text
    assert (await booking(interpreting, booked.appointment_id, kurdish))["state"] == "released"


async def test_a_move_after_the_grant_is_withdrawn_lets_the_interpreter_go(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    kurdish = await add_interpreter(
        interpreting, district=HANAU, languages=[("kmr", "")], home=HANAU_TOWN, grants=[BERGSTRASSE]
    )
    booked = await book(http, headers, **PHONE)
    await withdraw_grant(interpreting, kurdish)
    starts = ahead(6, 15)

    moved = await http.post(
        f"{booked.path}/reschedule",
        json={"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat()},
        headers=headers(),
    )

    assert moved.status_code == 200, moved.text
    assert (moved.json()["state"], moved.json()["interpreter_id"]) == ("unfilled", None)
    assert (await booking(interpreting, booked.appointment_id, kurdish))["state"] == "released"
