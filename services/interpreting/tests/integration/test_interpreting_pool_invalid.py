"""Every invalid value of an interpreter's profile, availability, document or neighbour opt-in
answers 422 naming the field (never quoting the value); nothing is stored or announced."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from wir_interpreting.commands import interpreters
from wir_interpreting.domain.errors import FieldError
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import outbox, rows

from .b_support import add_interpreter, profile
from .conftest import Headers

INVALID: list[tuple[str, dict[str, Any], tuple[str | int, ...]]] = [
    ("language code", {"languages": [("xx", None)]}, ("languages", 0, "language")),
    ("variety empty", {"languages": [("kmr", " ")]}, ("languages", 0, "variety")),
    ("variety too long", {"languages": [("kmr", "K" * 61)]}, ("languages", 0, "variety")),
    ("no language", {"languages": []}, ("languages",)),
    ("language and variety twice", {"languages": [("kmr", "Sorani"), ("kmr", "sorani")]}, ()),
    ("no mode", {"modes": []}, ("modes",)),
    ("mode unknown", {"modes": ["telepathy"]}, ("modes", 0)),
    ("mode twice", {"modes": ["phone", "phone"]}, ()),
    ("german level not CEFR", {"german_level": "D1"}, ("german_level",)),
    ("home unknown", {"home": "06499999"}, ("home_municipality",)),
    ("home malformed", {"home": "6431011"}, ("home_municipality",)),
    ("served municipality unknown", {"municipalities": ["06499999"]}, ("municipalities", 0)),
    ("travel negative", {"travel_km": -1}, ("travel_km",)),
    ("travel too far", {"travel_km": 301}, ("travel_km",)),
    (
        "weekday seven",
        {"weekly": [{"weekday": 7, "start": "09:00", "end": "12:00"}]},
        ("weekly", 0, "weekday"),
    ),
    ("end before start", {"weekly": [{"weekday": 1, "start": "12:00", "end": "09:00"}]}, ("weekly", 0)),
    (
        "time malformed",
        {"weekly": [{"weekday": 1, "start": "25:00", "end": "26:00"}]},
        ("weekly", 0, "start"),
    ),
    (
        "absence reversed",
        {"absences": [{"first_day": "2027-01-02", "last_day": "2026-12-24"}]},
        ("absences", 0),
    ),
    ("email channel without address", {"name": "J", "email": None}, ("contact",)),
    ("preferred language", {"preferred_language": "german"}, ("preferred_language",)),
]


def _profile(change: dict[str, Any]) -> dict[str, Any]:
    email = change.pop("email", "interpreter@example.net")
    body = profile(**change)
    if email is None:
        body["contact"].pop("email")
    return body


@pytest.mark.parametrize(
    ("change", "loc"), [(c, loc) for _, c, loc in INVALID], ids=[n for n, _, _ in INVALID]
)
async def test_an_invalid_profile_answers_422_naming_the_field(
    interpreting: Runtime,
    http: httpx.AsyncClient,
    headers: Headers,
    change: dict[str, Any],
    loc: tuple[Any, ...],
) -> None:
    answer = await http.post("/interpreters", json=_profile(dict(change)), headers=headers())

    assert answer.status_code == 422, answer.text
    locations = [tuple(error["loc"]) for error in answer.json()["detail"]]
    assert any(location[: len(loc) + 1] == ("body", *loc) for location in locations), locations
    assert "06499999" not in answer.text
    assert await outbox(interpreting, "interpreter_registered") == []
    assert await rows(interpreting, BERGSTRASSE, "SELECT 1 FROM interpreters") == []


async def test_an_unknown_field_is_refused(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    answer = await http.post("/interpreters", json={**profile(), "hobby": "chess"}, headers=headers())
    assert answer.status_code == 422
    assert [tuple(error["loc"]) for error in answer.json()["detail"]] == [("body", "hobby")]


async def test_an_invalid_update_changes_nothing(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await add_interpreter(interpreting)
    answer = await http.put(f"/interpreters/{interpreter_id}", json=profile(travel_km=301), headers=headers())
    assert answer.status_code == 422
    assert (await http.get(f"/interpreters/{interpreter_id}", headers=headers())).json()["version"] == 1
    assert await outbox(interpreting, "interpreter_updated") == []


async def test_invalid_availability_answers_422(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await add_interpreter(interpreting)
    bad = {"weekly": [{"weekday": 1, "start": "12:00", "end": "09:00"}], "absences": []}
    answer = await http.put(f"/interpreters/{interpreter_id}/availability", json=bad, headers=headers())
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][:3] == ["body", "weekly", 0]


async def test_a_document_must_be_valid_today_and_of_a_known_kind(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    interpreter_id = await add_interpreter(interpreting, documents_until=None)
    url = f"/interpreters/{interpreter_id}/documents"
    [today] = await rows(
        interpreting, BERGSTRASSE, "SELECT (now() AT TIME ZONE 'Europe/Berlin')::date - 1 AS d"
    )

    expired = await http.put(
        f"{url}/training", json={"expires_on": today["d"].isoformat()}, headers=headers()
    )
    assert expired.status_code == 422
    assert [error["loc"] for error in expired.json()["detail"]] == [["body", "expires_on"]]
    unknown = await http.put(f"{url}/library_card", json={"expires_on": "2099-12-31"}, headers=headers())
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["path", "kind"]
    malformed = await http.put(f"{url}/training", json={"expires_on": "soon"}, headers=headers())
    assert malformed.status_code == 422
    assert malformed.json()["detail"][0]["loc"] == ["body", "expires_on"]
    assert (await http.get(f"/interpreters/{interpreter_id}", headers=headers())).json()["documents"] == []


@pytest.mark.parametrize(
    ("districts", "loc"),
    [
        ([BERGSTRASSE], ["body", "districts", 0]),
        (["06415", "99999"], ["body", "districts", 1]),
        (["Hanau"], ["body", "districts", 0]),
    ],
    ids=["own district", "unknown district", "malformed"],
)
async def test_only_other_districts_of_the_installation_can_be_served(
    interpreting: Runtime, http: httpx.AsyncClient, headers: Headers, districts: list[str], loc: list[Any]
) -> None:
    interpreter_id = await add_interpreter(interpreting)
    answer = await http.put(
        f"/interpreters/{interpreter_id}/neighbours", json={"districts": districts}, headers=headers()
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == loc
    assert await rows(interpreting, BERGSTRASSE, "SELECT 1 FROM pool_grants") == []


async def test_the_command_too_refuses_a_district_the_installation_does_not_know(
    interpreting: Runtime,
) -> None:
    interpreter_id = await add_interpreter(interpreting)
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        with pytest.raises(FieldError) as refused:
            await interpreters.serve_neighbours(tx, interpreter_id, ["06415", "99999"])
    assert refused.value.loc == ("districts", 1)
    assert refused.value.kind == "district_code"
