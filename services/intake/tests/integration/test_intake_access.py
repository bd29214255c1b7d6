"""Districts see only their own people; only case managers and coordinators use the API."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import pytest

from wir_kit.testing.districts import MAIN_KINZIG
from wir_kit.testing.service import bearer

if TYPE_CHECKING:
    from conftest import Intake


async def test_another_districts_person_answers_exactly_like_a_missing_one(intake: Intake) -> None:
    person = await intake.register()
    theirs, missing = person["id"], str(uuid.uuid4())
    other = intake.staff(MAIN_KINZIG)
    requests = [
        ("GET", "/persons/{}", None),
        ("PATCH", "/persons/{}", {"gender": "female"}),
        ("GET", "/persons/{}/timeline", None),
        ("GET", "/persons/{}/needs", None),
        ("POST", "/persons/{}/needs", {"kind": "housing"}),
        ("GET", "/persons/{}/consents", None),
        ("POST", "/persons/{}/consents", {"purpose": "processing", "given": False, "legal_basis": "consent"}),
        ("GET", "/persons/{}/erasure", None),
        ("DELETE", "/persons/{}", None),
    ]
    for method, path, body in requests:
        answers = [
            await intake.http.request(method, path.format(pid), json=body, headers={**other, **intake.key()})
            for pid in (theirs, missing)
        ]
        assert [a.status_code for a in answers] == [404, 404], (method, path)
        assert answers[0].json() == answers[1].json()
    # Nothing of the attempts reached the person.
    mine = await intake.http.get(f"/persons/{theirs}", headers=intake.staff())
    assert mine.json()["version"] == 1


async def test_lists_and_searches_show_none_of_another_districts_people(intake: Intake) -> None:
    await intake.register()
    other = intake.staff(MAIN_KINZIG)
    assert (await intake.http.get("/persons", headers=other)).json()["items"] == []
    assert (await intake.http.get("/persons/search?name=Amina", headers=other)).json()["items"] == []
    assert (await intake.http.get("/needs", headers=other)).json()["items"] == []
    coordinator = bearer(intake.runtime, "coordinator", district=MAIN_KINZIG)
    assert (await intake.http.get("/audit", headers=coordinator)).json()["items"] == []


async def test_a_household_cannot_take_in_another_districts_person(intake: Intake) -> None:
    theirs = await intake.register()
    response = await intake.http.post(
        "/households",
        json={"members": [{"person_id": theirs["id"], "relation": "reference_person"}]},
        headers=intake.staff(MAIN_KINZIG, **intake.key()),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "members", 0, "person_id"]


@pytest.mark.parametrize("role", ["volunteer", "interpreter", "state_analyst", "operator"])
async def test_other_roles_are_forbidden(intake: Intake, role: str) -> None:
    person = await intake.register()
    headers = {**bearer(intake.runtime, role), **intake.key()}
    answers = [
        await intake.http.get("/persons", headers=headers),
        await intake.http.get(f"/persons/{person['id']}", headers=headers),
        await intake.http.post("/persons", json={}, headers=headers),
        await intake.http.delete(f"/persons/{person['id']}", headers=headers),
        await intake.http.get("/audit", headers=headers),
    ]
    assert {a.status_code for a in answers} == {403}


async def test_only_coordinators_read_the_audit_log(intake: Intake) -> None:
    assert (
        await intake.http.get("/audit", headers=bearer(intake.runtime, "case_manager"))
    ).status_code == 403
    assert (await intake.http.get("/audit", headers=bearer(intake.runtime, "coordinator"))).status_code == 200


async def test_a_request_without_a_token_is_unauthenticated(intake: Intake) -> None:
    assert (await intake.http.get("/persons")).status_code == 401
