"""The same person registered twice is caught: similar name and birth year in the district."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from wir_kit.testing.service import bearer

if TYPE_CHECKING:
    from conftest import Intake

MUHAMMAD = {
    "given_names": "محمد",
    "family_name": "الحسن",
    "transliteration": "Muhammad Al-Hassan",
    "date_of_birth": {"year": 1988, "month": 3},
}


async def test_a_similar_name_and_the_same_birth_year_answer_409_with_the_candidates(
    intake: Intake, person_body: Callable[..., dict[str, Any]]
) -> None:
    existing = await intake.register(**MUHAMMAD)
    again = person_body(
        given_names="Mohammed", family_name="Al Hasan", transliteration=None, date_of_birth={"year": 1988}
    )
    response = await intake.http.post("/persons", json=again, headers=intake.staff(**intake.key()))
    assert response.status_code == 409, response.text
    assert [c["id"] for c in response.json()["candidates"]] == [existing["id"]]
    listed = await intake.http.get("/persons", headers=intake.staff())
    assert [p["id"] for p in listed.json()["items"]] == [existing["id"]]  # nothing half-written


async def test_the_caller_can_confirm_that_it_is_another_person(
    intake: Intake, person_body: Callable[..., dict[str, Any]]
) -> None:
    await intake.register(**MUHAMMAD)
    again = person_body(given_names="Mohamed", family_name="Alhassan", date_of_birth={"year": 1988})
    key = intake.key()
    refused = await intake.http.post("/persons", json=again, headers=intake.staff(**key))
    confirmed = await intake.http.post("/persons?confirmed_new=true", json=again, headers=intake.staff(**key))
    assert (refused.status_code, confirmed.status_code) == (409, 201)


async def test_another_birth_year_is_not_a_duplicate(
    intake: Intake, person_body: Callable[..., dict[str, Any]]
) -> None:
    await intake.register(**MUHAMMAD)
    son = person_body(given_names="Muhammad", family_name="Al-Hassan", date_of_birth={"year": 2015})
    response = await intake.http.post("/persons", json=son, headers=intake.staff(**intake.key()))
    assert response.status_code == 201, response.text


async def test_showing_the_candidates_is_audited_as_a_read(
    intake: Intake, person_body: Callable[..., dict[str, Any]]
) -> None:
    existing = await intake.register(**MUHAMMAD)
    again = person_body(given_names="Muhammed", family_name="Al-Hassan", date_of_birth={"year": 1988})
    refused = await intake.http.post("/persons", json=again, headers=intake.staff(sub="cm-2", **intake.key()))
    assert refused.status_code == 409
    audit = await intake.http.get(
        f"/audit?person_id={existing['id']}&actor=cm-2", headers=bearer(intake.runtime, "coordinator")
    )
    assert [e["action"] for e in audit.json()["items"]] == ["person.duplicate_check"]
