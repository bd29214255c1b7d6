"""A retried POST never creates a second record."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from wir_intake.settings import IntakeSettings
from wir_kit.testing.districts import BERGSTRASSE, GELNHAUSEN
from wir_kit.testing.waiting import eventually

if TYPE_CHECKING:
    from conftest import Intake


async def _people(intake: Intake) -> int:
    response = await intake.http.get("/persons", headers=intake.staff())
    return len(response.json()["items"])


async def test_a_retried_registration_gets_the_first_answer_and_creates_one_person(
    intake: Intake, person_body: Callable[..., dict[str, Any]]
) -> None:
    headers = intake.staff(**{"Idempotency-Key": "retry-registration-1"})
    first = await intake.http.post("/persons", json=person_body(), headers=headers)
    again = await intake.http.post("/persons", json=person_body(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await _people(intake) == 1


async def test_concurrent_retries_create_one_person(
    intake: Intake, person_body: Callable[..., dict[str, Any]]
) -> None:
    headers = intake.staff(**{"Idempotency-Key": "concurrent-registration"})
    answers = await asyncio.gather(
        *(intake.http.post("/persons", json=person_body(), headers=headers) for _ in range(4))
    )
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert await _people(intake) == 1


async def test_a_key_used_for_another_request_is_refused_naming_the_header(
    intake: Intake, person_body: Callable[..., dict[str, Any]]
) -> None:
    headers = intake.staff(**{"Idempotency-Key": "reused-key-for-two"})
    first = await intake.http.post("/persons", json=person_body(), headers=headers)
    other = await intake.http.post("/persons", json=person_body(given_names="Nadia"), headers=headers)
    assert first.status_code == 201
    assert other.status_code == 422
    assert other.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert await _people(intake) == 1


async def test_a_post_without_an_idempotency_key_is_refused_naming_the_header(
    intake: Intake, person_body: Callable[..., dict[str, Any]]
) -> None:
    response = await intake.http.post("/persons", json=person_body(), headers=intake.staff())
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert await _people(intake) == 0


async def test_a_retried_need_is_recorded_once(intake: Intake) -> None:
    person = await intake.register()
    headers = intake.staff(**{"Idempotency-Key": "need-retry-0001"})
    path = f"/persons/{person['id']}/needs"
    first = await intake.http.post(path, json={"kind": "housing"}, headers=headers)
    again = await intake.http.post(path, json={"kind": "housing"}, headers=headers)
    assert first.json() == again.json()
    listed = await intake.http.get(path, headers=intake.staff())
    assert len(listed.json()["items"]) == 1


async def test_a_refused_request_leaves_its_key_free_for_the_corrected_one(
    intake: Intake, person_body: Callable[..., dict[str, Any]]
) -> None:
    headers = intake.staff(**{"Idempotency-Key": "fix-and-retry-01"})
    wrong = await intake.http.post(
        "/persons?confirmed_new=true", json=person_body(municipality=GELNHAUSEN), headers=headers
    )
    right = await intake.http.post("/persons?confirmed_new=true", json=person_body(), headers=headers)
    assert (wrong.status_code, right.status_code) == (422, 201)


class TestRetention:
    @pytest.fixture
    def intake_settings(self, intake_settings: IntakeSettings) -> IntakeSettings:
        # Answers kept for a third of a second, pruned five times a second.
        update = {"idempotency_retention_h": 0.0001, "idempotency_prune_interval_s": 0.2}
        return intake_settings.model_copy(update=update)

    async def test_answers_are_kept_only_for_the_retention_time(self, intake: Intake) -> None:
        await intake.register()

        async def pruned() -> bool:
            return await intake.count(BERGSTRASSE, "SELECT count(*) FROM idempotency_keys") == 0

        assert await eventually(pruned)
