"""Erasure: intake's data goes at once; the request completes when every service has confirmed."""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING, Any

import pytest
import structlog

from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.intake.v1 import PersonErasureRequested
from wir_intake import demo
from wir_intake.settings import IntakeSettings
from wir_kit.settling import REASON
from wir_kit.testing import bus
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import queue
from wir_kit.testing.waiting import eventually, get_one
from wir_kit.topology import dlq_name

if TYPE_CHECKING:
    from conftest import Intake

OTHERS = ("competence", "matching", "interpreting", "notifications")


async def _status(intake: Intake, person_id: str) -> dict[str, Any]:
    response = await intake.http.get(f"/persons/{person_id}/erasure", headers=intake.staff())
    assert response.status_code == 200, response.text
    status: dict[str, Any] = response.json()
    return status


def _confirmed(status: dict[str, Any]) -> set[str]:
    return {s["service"] for s in status["services"] if s["confirmed_at"] is not None}


async def _confirm(intake: Intake, requested: PersonErasureRequested, service: str) -> None:
    """What another service's consumer answers once it has erased the person."""
    await bus.publish(
        intake.settings,
        ErasureCompleted(
            district=requested.district,
            producer=service,
            person_id=requested.person_id,
            request_id=requested.request_id,
            causation_id=requested.event_id,
        ),
    )


async def test_erasure_completes_when_every_service_has_confirmed(intake: Intake) -> None:
    person = await intake.register()
    pid = person["id"]
    await intake.http.post(
        f"/persons/{pid}/needs", json={"kind": "housing"}, headers=intake.staff(**intake.key())
    )
    async with bus.tap(intake.settings, [PersonErasureRequested.binding_key()]) as tap:
        response = await intake.http.delete(f"/persons/{pid}", headers=intake.staff())
        assert response.status_code == 202, response.text
        _, payload = await tap.next()
    requested = PersonErasureRequested.model_validate(payload)
    assert str(requested.request_id) == response.json()["request_id"]
    assert requested.aggregate_version == 3  # registered 1, need 2, erasure 3
    assert [s["service"] for s in response.json()["services"]] == ["intake", *OTHERS]
    assert (await intake.http.get(f"/persons/{pid}", headers=intake.staff())).status_code == 404

    for service in OTHERS[:3]:
        await _confirm(intake, requested, service)

    async def four_confirmed() -> dict[str, Any] | None:
        status = await _status(intake, pid)
        return status if len(_confirmed(status)) == 4 else None

    status = await eventually(four_confirmed)
    assert status is not None and status["state"] == "pending"
    assert _confirmed(status) == {"intake", "competence", "matching", "interpreting"}

    await _confirm(intake, requested, "notifications")

    async def completed() -> dict[str, Any] | None:
        status = await _status(intake, pid)
        return status if status["state"] == "completed" else None

    status = await eventually(completed)
    assert status is not None and _confirmed(status) == {"intake", *OTHERS}
    assert status["completed_at"] is not None


async def test_an_erasure_is_complete_only_once_matching_has_confirmed_too(intake: Intake) -> None:
    person = await intake.register()
    async with bus.tap(intake.settings, [PersonErasureRequested.binding_key()]) as tap:
        response = await intake.http.delete(f"/persons/{person['id']}", headers=intake.staff())
        assert response.status_code == 202, response.text
        requested = PersonErasureRequested.model_validate((await tap.next())[1])
    for service in ("competence", "interpreting", "notifications"):
        await _confirm(intake, requested, service)

    async def all_but_matching() -> dict[str, Any] | None:
        status = await _status(intake, person["id"])
        return status if _confirmed(status) == {"intake", *OTHERS} - {"matching"} else None

    status = await eventually(all_but_matching)
    assert status is not None and (status["state"], status["completed_at"]) == ("pending", None)
    listed = await intake.http.get("/erasures?state=pending", headers=intake.staff())
    assert [e["request_id"] for e in listed.json()["items"]] == [str(requested.request_id)]

    await _confirm(intake, requested, "matching")

    async def completed() -> dict[str, Any] | None:
        status = await _status(intake, person["id"])
        return status if status["state"] == "completed" else None

    assert await eventually(completed) is not None


async def test_erasure_removes_every_personal_trace_and_keeps_ids_only(intake: Intake) -> None:
    person = await intake.register()
    other = await intake.register(given_names="Nadia")
    pid = uuid.UUID(person["id"])
    await intake.http.post(
        f"/persons/{pid}/consents",
        json={"purpose": "share_with_volunteers", "given": True, "legal_basis": "consent"},
        headers=intake.staff(**intake.key()),
    )
    await intake.http.post(
        "/households",
        json={
            "members": [
                {"person_id": str(pid), "relation": "reference_person"},
                {"person_id": other["id"], "relation": "spouse_or_partner"},
            ]
        },
        headers=intake.staff(**intake.key()),
    )
    assert (await intake.http.delete(f"/persons/{pid}", headers=intake.staff())).status_code == 202

    tables = [
        "persons WHERE id",
        "needs WHERE person_id",
        "consent_records WHERE person_id",
        "household_members WHERE person_id",
        "idempotency_keys WHERE person_id",
        "timeline_entries WHERE person_id",
    ]
    for table in tables:
        assert await intake.count(BERGSTRASSE, f"SELECT count(*) FROM {table} = $1", pid) == 0, table
    assert await intake.count(BERGSTRASSE, "SELECT count(*) FROM household_members") == 1
    # What was announced about the person (name, contact) does not wait out the outbox retention;
    # the erasure's own events, ids only, are what is left of them there.
    async with intake.runtime.db.transaction(BERGSTRASSE) as tx:
        left = await tx.fetch(
            "SELECT event_type, payload::jsonb ->> 'person_id' AS person_id FROM outbox ORDER BY id"
        )
    assert {r["event_type"] for r in left if r["person_id"] == str(pid)} <= {
        "person_erasure_requested",
        "erasure_completed",
    }
    assert "person_erasure_requested" in {r["event_type"] for r in left if r["person_id"] == str(pid)}
    assert "person_registered" in {r["event_type"] for r in left if r["person_id"] == other["id"]}
    assert await intake.count(BERGSTRASSE, "SELECT count(*) FROM audit_log WHERE person_id = $1", pid) > 0


async def test_asking_twice_answers_with_the_same_request(intake: Intake) -> None:
    person = await intake.register()
    first = await intake.http.delete(f"/persons/{person['id']}", headers=intake.staff())
    again = await intake.http.delete(f"/persons/{person['id']}", headers=intake.staff())
    assert (first.status_code, again.status_code) == (202, 202)
    assert first.json()["request_id"] == again.json()["request_id"]


async def test_concurrent_requests_answer_with_the_same_request(intake: Intake) -> None:
    person = await intake.register()
    answers = await asyncio.gather(
        *(intake.http.delete(f"/persons/{person['id']}", headers=intake.staff()) for _ in range(3))
    )
    assert [a.status_code for a in answers] == [202, 202, 202]
    assert len({a.json()["request_id"] for a in answers}) == 1


async def test_a_households_stored_answer_goes_with_an_erased_member(intake: Intake) -> None:
    mother = await intake.register(given_names="Olena")
    son = await intake.register(given_names="Maksym")
    members = [
        {"person_id": mother["id"], "relation": "reference_person"},
        {"person_id": son["id"], "relation": "child"},
    ]
    formed = await intake.http.post(
        "/households", json={"members": members}, headers=intake.staff(**intake.key())
    )
    assert formed.status_code == 201, formed.text
    assert (await intake.http.delete(f"/persons/{son['id']}", headers=intake.staff())).status_code == 202
    naming = "SELECT count(*) FROM idempotency_keys WHERE response::text LIKE '%' || $1 || '%'"
    assert await intake.count(BERGSTRASSE, naming, son["id"]) == 0


async def test_seeding_again_does_not_bring_an_erased_demo_person_back(intake: Intake) -> None:
    await demo.seed(intake.runtime.db)
    assert (await intake.http.delete(f"/persons/{demo.AMINA}", headers=intake.staff())).status_code == 202
    assert await demo.seed(intake.runtime.db) == 0
    assert (await intake.http.get(f"/persons/{demo.AMINA}", headers=intake.staff())).status_code == 404


async def test_a_confirmation_of_an_unknown_request_is_dead_lettered(intake: Intake) -> None:
    await bus.publish(
        intake.settings,
        ErasureCompleted(
            district=BERGSTRASSE, producer="matching", person_id=uuid.uuid4(), request_id=uuid.uuid4()
        ),
    )
    dead = await get_one(intake.settings.amqp_url, dlq_name(queue(intake.runtime, "erasure_completed")))
    assert dead is not None
    assert (dead.headers or {})[REASON] == "erasure confirmation for an unknown request"


async def test_a_person_never_erased_has_no_erasure_status(intake: Intake) -> None:
    person = await intake.register()
    response = await intake.http.get(f"/persons/{person['id']}/erasure", headers=intake.staff())
    assert response.status_code == 404


class TestOverdue:
    @pytest.fixture
    def intake_settings(self, intake_settings: IntakeSettings) -> IntakeSettings:
        return intake_settings.model_copy(update={"erasure_overdue_after_s": 0.0})

    async def test_an_erasure_left_unconfirmed_is_marked_overdue_in_status_and_log(
        self, intake: Intake
    ) -> None:
        person = await intake.register()
        with structlog.testing.capture_logs() as logs:
            response = await intake.http.delete(f"/persons/{person['id']}", headers=intake.staff())
            assert response.status_code == 202

            async def overdue() -> dict[str, Any] | None:
                status = await _status(intake, person["id"])
                return status if status["state"] == "overdue" else None

            status = await eventually(overdue)
        assert status is not None and status["overdue_since"] is not None
        listed = await intake.http.get("/erasures?state=overdue", headers=intake.staff())
        assert [e["request_id"] for e in listed.json()["items"]] == [status["request_id"]]
        lines = [line for line in logs if line["event"] == "erasure overdue"]
        assert len(lines) == 1
        assert lines[0]["request_id"] == status["request_id"]
        assert lines[0]["person_id"] == person["id"]
        assert set(lines[0]["outstanding"]) >= set(OTHERS)
        assert "Rahimi" not in str(logs) and "Amina" not in str(logs)
