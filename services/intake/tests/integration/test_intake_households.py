"""Households: a family with its children; a person in at most one household."""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING

import asyncpg

from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.waiting import eventually

if TYPE_CHECKING:
    from conftest import Intake


async def test_a_family_forms_a_household_that_each_member_shows(intake: Intake) -> None:
    mother = await intake.register(given_names="Olena", family_name="Kovalenko")
    son = await intake.register(given_names="Maksym", family_name="Kovalenko", date_of_birth={"year": 2016})
    body = {
        "members": [
            {"person_id": mother["id"], "relation": "reference_person"},
            {"person_id": son["id"], "relation": "child"},
        ]
    }
    created = await intake.http.post("/households", json=body, headers=intake.staff(**intake.key()))
    assert created.status_code == 201, created.text
    household = created.json()
    assert household["members"] == body["members"]
    for member in (mother, son):
        shown = await intake.http.get(f"/persons/{member['id']}", headers=intake.staff())
        assert shown.json()["household_id"] == household["id"]


async def test_a_person_belongs_to_at_most_one_household(intake: Intake) -> None:
    person = await intake.register()
    other = await intake.register(given_names="Nadia")
    first = await intake.http.post(
        "/households",
        json={"members": [{"person_id": person["id"], "relation": "reference_person"}]},
        headers=intake.staff(**intake.key()),
    )
    second = await intake.http.post(
        "/households",
        json={
            "members": [
                {"person_id": other["id"], "relation": "reference_person"},
                {"person_id": person["id"], "relation": "sibling"},
            ]
        },
        headers=intake.staff(**intake.key()),
    )
    assert (first.status_code, second.status_code) == (201, 409)
    shown = await intake.http.get(f"/persons/{other['id']}", headers=intake.staff())
    assert shown.json()["household_id"] is None  # nothing half-written


async def test_members_move_in_and_out(intake: Intake) -> None:
    mother = await intake.register(given_names="Olena")
    baby = await intake.register(given_names="Sofia", date_of_birth={"year": 2026})
    created = await intake.http.post(
        "/households",
        json={"members": [{"person_id": mother["id"], "relation": "reference_person"}]},
        headers=intake.staff(**intake.key()),
    )
    path = f"/households/{created.json()['id']}"
    members = [
        {"person_id": mother["id"], "relation": "reference_person"},
        {"person_id": baby["id"], "relation": "child"},
    ]
    changed = await intake.http.patch(path, json={"members": members}, headers=intake.staff())
    assert changed.status_code == 200, changed.text
    assert (await intake.http.get(path, headers=intake.staff())).json()["members"] == members


async def test_an_invalid_household_is_named(intake: Intake) -> None:
    person = await intake.register()
    cases = [
        ({"members": []}, ["body", "members"]),
        (
            {
                "members": [
                    {"person_id": person["id"], "relation": "reference_person"},
                    {"person_id": person["id"], "relation": "child"},
                ]
            },
            ["body", "members"],
        ),
        (
            {"members": [{"person_id": person["id"], "relation": "cousin"}]},
            ["body", "members", 0, "relation"],
        ),
    ]
    for body, loc in cases:
        response = await intake.http.post("/households", json=body, headers=intake.staff(**intake.key()))
        assert response.status_code == 422
        assert loc in [e["loc"] for e in response.json()["detail"]]


async def test_a_missing_household_answers_404(intake: Intake) -> None:
    path = "/households/6b4f1f0e-0000-4000-8000-000000000000"
    assert (await intake.http.get(path, headers=intake.staff())).status_code == 404
    person = await intake.register()
    body = {"members": [{"person_id": person["id"], "relation": "reference_person"}]}
    assert (await intake.http.patch(path, json=body, headers=intake.staff())).status_code == 404


async def test_a_household_formed_while_a_member_is_being_erased_names_the_member(intake: Intake) -> None:
    erased = await intake.register()
    other = await intake.register(given_names="Nadia")
    body = {
        "members": [
            {"person_id": other["id"], "relation": "reference_person"},
            {"person_id": erased["id"], "relation": "sibling"},
        ]
    }
    admin = await asyncpg.connect(intake.settings.database_admin_url)
    try:
        async with intake.runtime.db.transaction(BERGSTRASSE) as erasure:
            # The erasure has deleted the person and not yet committed.
            await erasure.execute("DELETE FROM persons WHERE id = $1", uuid.UUID(erased["id"]))
            forming = asyncio.create_task(
                intake.http.post("/households", json=body, headers=intake.staff(**intake.key()))
            )

            async def forming_waits() -> bool:
                waiting = await admin.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND usename = $1",
                    intake.settings.app_role,
                )
                return bool(waiting)

            assert await eventually(forming_waits)
        answer = await forming
    finally:
        await admin.close()

    assert answer.status_code == 422, answer.text
    [error] = answer.json()["detail"]
    assert error["loc"] == ["body", "members", 1, "person_id"]
    shown = await intake.http.get(f"/persons/{other['id']}", headers=intake.staff())
    assert shown.json()["household_id"] is None  # nothing half-written
