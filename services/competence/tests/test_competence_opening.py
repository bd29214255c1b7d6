"""A record opens from intake's PersonRegistered on the broker, once, and follows intake's changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx

from wir_contracts.intake.v1 import PersonUpdated
from wir_kit.delivery import REASON
from wir_kit.runtime import Runtime
from wir_kit.testing.waiting import eventually, get_one
from wir_kit.topology import dlq_name

BERGSTRASSE = "06431"
HEPPENHEIM = "06431011"
EXAMPLES = Path(__file__).parents[3] / "contracts" / "examples" / "intake"


def example(name: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))[0]
    return payload


async def test_a_registered_person_gets_one_record_even_when_the_event_is_delivered_twice(
    competence: Runtime, bus: Any, http: httpx.AsyncClient, headers: Any
) -> None:
    payload = example("person_registered.v1.json") | {"event_id": str(uuid4()), "person_id": str(uuid4())}
    key = f"intake.person_registered.v1.{BERGSTRASSE}"
    await bus.publish(payload, key)
    await bus.publish(payload, key)

    async def redelivery_skipped() -> bool:
        return bool(bus.handled("person_registered", "duplicate") == 1)

    assert await eventually(redelivery_skipped)
    async with competence.db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM records") == 1
    answer = await http.get(f"/records/{payload['person_id']}", headers=headers())
    assert answer.status_code == 200
    record = answer.json()
    assert record["preferred_language"] == "prs"
    assert record["consents"] == ["contact_sms", "processing", "share_with_volunteers"]
    assert record["version"] == 0
    assert record["entries"] == []


async def test_the_preferred_language_follows_newer_updates_and_ignores_stale_ones(
    bus: Any, register: Any, http: httpx.AsyncClient, headers: Any
) -> None:
    person_id = await register(language="arb")

    def update(version: int, language: str) -> PersonUpdated:
        return PersonUpdated(
            district=BERGSTRASSE,
            person_id=person_id,
            aggregate_version=version,
            municipality=HEPPENHEIM,
            languages=(language,),
            preferred_language=language,
        )

    before = bus.handled("person_updated")
    await bus.publish_event(update(3, "ukr"))
    await bus.handled_more("person_updated", before)
    await bus.publish_event(update(2, "fas"))
    await bus.handled_more("person_updated", before + 1)

    answer = await http.get(f"/records/{person_id}", headers=headers())
    assert answer.json()["preferred_language"] == "ukr"


async def test_an_update_arriving_before_the_registration_opens_the_record_and_is_kept(
    bus: Any, http: httpx.AsyncClient, headers: Any
) -> None:
    person_id = uuid4()
    early = PersonUpdated(
        district=BERGSTRASSE,
        person_id=person_id,
        aggregate_version=2,
        municipality=HEPPENHEIM,
        languages=("ukr",),
        preferred_language="ukr",
    )
    await bus.publish_event(early)
    assert await eventually(lambda: bus.record_exists(person_id))
    registration = example("person_registered.v1.json") | {
        "event_id": str(uuid4()),
        "person_id": str(person_id),
    }
    before = bus.handled("person_registered")
    await bus.publish(registration, f"intake.person_registered.v1.{BERGSTRASSE}")
    await bus.handled_more("person_registered", before)

    record = (await http.get(f"/records/{person_id}", headers=headers())).json()
    assert record["preferred_language"] == "ukr"  # version 2 beats the registration's version 1
    assert "processing" in record["consents"]  # the consents came with the registration


async def test_an_invalid_registration_is_dead_lettered_naming_the_field_and_opens_nothing(
    competence: Runtime, bus: Any
) -> None:
    payload = example("person_registered.v1.json") | {"event_id": str(uuid4()), "preferred_language": "xx9"}
    await bus.publish(payload, f"intake.person_registered.v1.{BERGSTRASSE}")

    dead = await get_one(competence.settings.amqp_url, dlq_name(bus.queue("person_registered")))
    assert dead is not None
    reason = str(dead.headers[REASON])
    assert "preferred_language" in reason
    assert "xx9" not in reason
    async with competence.db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM records") == 0
