"""A record opens from intake's PersonRegistered on the broker, once, and follows intake's changes."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

import httpx

from wir_contracts.intake.v1 import PersonRegistered, PersonUpdated
from wir_kit.runtime import Runtime
from wir_kit.settling import REASON
from wir_kit.testing import bus
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.examples import golden
from wir_kit.testing.service import handled, publish_and_wait, queue, rows
from wir_kit.testing.waiting import eventually, get_one
from wir_kit.topology import dlq_name


async def records_of(competence: Runtime, person_id: Any) -> int:
    return len(await rows(competence, BERGSTRASSE, "SELECT 1 FROM records WHERE person_id = $1", person_id))


async def test_a_registered_person_gets_one_record_even_when_the_event_is_delivered_twice(
    competence: Runtime, http: httpx.AsyncClient, headers: Any
) -> None:
    registered = golden(PersonRegistered, person_id=uuid4())
    await bus.publish(competence.settings, registered, registered)

    async def redelivery_skipped() -> bool:
        return bool(handled(competence, "person_registered", "duplicate") == 1)

    assert await eventually(redelivery_skipped)
    assert len(await rows(competence, BERGSTRASSE, "SELECT 1 FROM records")) == 1
    answer = await http.get(f"/records/{registered.person_id}", headers=headers())
    assert answer.status_code == 200
    record = answer.json()
    assert record["preferred_language"] == "prs"
    assert record["consents"] == ["contact_sms", "processing", "share_with_volunteers"]
    assert record["version"] == 0
    assert record["entries"] == []


async def test_the_preferred_language_follows_newer_updates_and_ignores_stale_ones(
    competence: Runtime, register: Any, http: httpx.AsyncClient, headers: Any
) -> None:
    person_id = await register(language="arb")

    def update(version: int, language: str) -> PersonUpdated:
        return golden(
            PersonUpdated,
            person_id=person_id,
            aggregate_version=version,
            languages=[language],
            preferred_language=language,
        )

    await publish_and_wait(competence, "person_updated", update(3, "ukr"))
    await publish_and_wait(competence, "person_updated", update(2, "fas"))

    answer = await http.get(f"/records/{person_id}", headers=headers())
    assert answer.json()["preferred_language"] == "ukr"


async def test_an_update_arriving_before_the_registration_opens_the_record_and_is_kept(
    competence: Runtime, http: httpx.AsyncClient, headers: Any
) -> None:
    person_id = uuid4()
    early = golden(
        PersonUpdated, person_id=person_id, aggregate_version=2, languages=["ukr"], preferred_language="ukr"
    )
    await publish_and_wait(competence, "person_updated", early)
    assert await records_of(competence, person_id) == 1
    await publish_and_wait(competence, "person_registered", golden(PersonRegistered, person_id=person_id))

    record = (await http.get(f"/records/{person_id}", headers=headers())).json()
    assert record["preferred_language"] == "ukr"  # version 2 beats the registration's version 1
    assert "processing" in record["consents"]  # the consents came with the registration


async def test_an_invalid_registration_is_dead_lettered_naming_the_field_and_opens_nothing(
    competence: Runtime,
) -> None:
    registered = golden(PersonRegistered)
    payload = json.loads(registered.model_dump_json()) | {"preferred_language": "xx9"}
    await bus.publish_raw(competence.settings, (registered.routing_key(), json.dumps(payload)))

    dead = await get_one(competence.settings.amqp_url, dlq_name(queue(competence, "person_registered")))
    assert dead is not None
    reason = str(dead.headers[REASON])
    assert "preferred_language" in reason
    assert "xx9" not in reason
    assert await rows(competence, BERGSTRASSE, "SELECT 1 FROM records") == []


async def test_a_registration_arriving_after_newer_changes_keeps_the_newer_profile_and_consents(
    competence: Runtime, change_consents: Any, http: httpx.AsyncClient, headers: Any
) -> None:
    person_id = uuid4()
    early = golden(
        PersonUpdated, person_id=person_id, aggregate_version=3, languages=["ukr"], preferred_language="ukr"
    )
    await publish_and_wait(competence, "person_updated", early)
    await change_consents(person_id, ["processing", "share_with_employers"], 2)
    await publish_and_wait(competence, "person_registered", golden(PersonRegistered, person_id=person_id))

    record = (await http.get(f"/records/{person_id}", headers=headers())).json()
    assert record["preferred_language"] == "ukr"
    assert record["consents"] == ["processing", "share_with_employers"]
