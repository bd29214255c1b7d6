"""An interpreter's calendar: their bookings for their own district and for neighbouring
districts, with the travel around them; job facts only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import httpx
import pytest

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BENSHEIM, BERGSTRASSE, HANAU

from .b_support import add_interpreter
from .conftest import Headers

NOON = datetime(2027, 3, 10, 11, 0, tzinfo=UTC)
TRAVEL = timedelta(minutes=30)


async def _book(
    runtime: Runtime,
    interpreter_id: UUID,
    starts_at: datetime,
    *,
    state: str = "confirmed",
    requesting_district: str = BERGSTRASSE,
    mode: str = "on_site",
) -> UUID:
    appointment_id = uuid4()
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "INSERT INTO bookings (district, appointment_id, requesting_district, interpreter_id, state,"
            " language, variety, mode, municipality, starts_at, ends_at, during, respond_by)"
            " VALUES ($1, $2, $3, $4, $5, 'kmr', 'Kurmanji', $6, $7, $8, $9, tstzrange($10, $11, '[)'), $12)",
            BERGSTRASSE,
            appointment_id,
            requesting_district,
            interpreter_id,
            state,
            mode,
            BENSHEIM if mode == "on_site" else None,
            starts_at,
            starts_at + timedelta(hours=1),
            starts_at - TRAVEL,
            starts_at + timedelta(hours=1) + TRAVEL,
            starts_at - timedelta(days=1) if state == "held" else None,
        )
    return appointment_id


def _period(days: int = 7) -> dict[str, str]:
    return {"from": NOON.isoformat(), "to": (NOON + timedelta(days=days)).isoformat()}


async def test_the_calendar_shows_own_and_neighbouring_jobs_with_travel(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await add_interpreter(interpreting)
    other_id = await add_interpreter(interpreting)
    own = await _book(interpreting, interpreter_id, NOON + timedelta(days=1), state="held")
    neighbours = await _book(
        interpreting, interpreter_id, NOON + timedelta(days=2), requesting_district=HANAU, mode="video"
    )
    released = await _book(interpreting, interpreter_id, NOON + timedelta(days=3), state="released")
    await _book(interpreting, interpreter_id, NOON + timedelta(days=30))
    await _book(interpreting, other_id, NOON + timedelta(days=1))

    answer = await http.get(
        f"/interpreters/{interpreter_id}/calendar",
        params=_period(),
        headers=headers("interpreter", sub=str(interpreter_id)),
    )

    assert answer.status_code == 200, answer.text
    bookings = answer.json()["bookings"]
    assert [UUID(b["appointment_id"]) for b in bookings] == [own, neighbours]
    held, for_hanau = bookings
    assert held["state"] == "held"
    assert held["requesting_district"] == BERGSTRASSE
    assert held["municipality"] == BENSHEIM
    assert datetime.fromisoformat(held["leaves_at"]) == NOON + timedelta(days=1) - TRAVEL
    assert datetime.fromisoformat(held["respond_by"]) == NOON
    assert for_hanau["requesting_district"] == HANAU
    assert for_hanau["mode"] == "video"
    assert set(held) == {
        "appointment_id",
        "requesting_district",
        "state",
        "language",
        "variety",
        "mode",
        "municipality",
        "starts_at",
        "ends_at",
        "leaves_at",
        "back_at",
        "respond_by",
    }
    with_released = await http.get(
        f"/interpreters/{interpreter_id}/calendar",
        params={**_period(), "released": "true"},
        headers=headers(),
    )
    assert [UUID(b["appointment_id"]) for b in with_released.json()["bookings"]] == [
        own,
        neighbours,
        released,
    ]


async def test_travel_before_the_period_still_counts(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await add_interpreter(interpreting)
    early = await _book(interpreting, interpreter_id, NOON - timedelta(hours=1) - TRAVEL / 2)

    answer = await http.get(f"/interpreters/{interpreter_id}/calendar", params=_period(), headers=headers())

    assert [UUID(b["appointment_id"]) for b in answer.json()["bookings"]] == [early]


async def test_nobody_elses_calendar_is_shown(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await add_interpreter(interpreting, neighbours=[HANAU])
    url = f"/interpreters/{interpreter_id}/calendar"

    assert (
        await http.get(url, params=_period(), headers=headers("interpreter", sub=str(uuid4())))
    ).status_code == 404
    assert (await http.get(url, params=_period(), headers=headers(district=HANAU))).status_code == 404
    assert (
        await http.get(f"/interpreters/{uuid4()}/calendar", params=_period(), headers=headers())
    ).status_code == 404
    assert (await http.get(url, params=_period(), headers=headers("case_manager"))).status_code == 403


@pytest.mark.parametrize(
    ("params", "loc"),
    [
        ({"from": NOON.isoformat(), "to": NOON.isoformat()}, ["query", "to"]),
        ({"from": NOON.isoformat(), "to": (NOON + timedelta(days=367)).isoformat()}, ["query", "to"]),
        ({"to": NOON.isoformat()}, ["query", "from"]),
        ({"from": "2027-03-10T11:00:00", "to": (NOON + timedelta(days=1)).isoformat()}, ["query", "from"]),
    ],
    ids=["empty", "longer than a year", "no start", "without offset"],
)
async def test_a_bad_period_answers_422_naming_it(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, params: dict[str, str], loc: list[str]
) -> None:
    interpreter_id = await add_interpreter(interpreting)
    answer = await http.get(f"/interpreters/{interpreter_id}/calendar", params=params, headers=headers())
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == loc
