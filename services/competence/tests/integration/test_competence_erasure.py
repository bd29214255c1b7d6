"""Erasure: everything of the person goes (name, history, shares, printed codes), the service confirms
with ErasureCompleted, and late events do not bring the person back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx

from wir_contracts.intake.v1 import PersonErasureRequested, PersonRegistered
from wir_kit.runtime import Runtime
from wir_kit.testing import bus
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.examples import golden
from wir_kit.testing.service import publish_and_wait, rows
from wir_kit.testing.waiting import eventually

TABLES = ("records", "holders", "entry_versions", "shares", "access_log", "documents")


async def rows_of(competence: Runtime, person_id: Any) -> dict[str, int]:
    async with competence.db.transaction(BERGSTRASSE) as tx:
        counts = {}
        for table in TABLES:
            counts[table] = await tx.fetchval(f"SELECT count(*) FROM {table} WHERE person_id = $1", person_id)
        counts["outbox"] = await tx.fetchval(
            "SELECT count(*) FROM outbox"
            " WHERE payload::jsonb ->> 'person_id' = $1 AND event_type <> 'erasure_completed'",
            str(person_id),
        )
        return counts


async def test_erasure_removes_everything_of_the_person_and_answers_erasure_completed(
    competence: Runtime,
    register: Any,
    identify: Any,
    http: httpx.AsyncClient,
    headers: Any,
    samples: dict[str, Any],
    read_pdf: Any,
) -> None:
    async with (
        bus.tap(competence.settings, [f"competence.erasure_completed.v1.{BERGSTRASSE}"]) as confirmations,
        bus.tap(competence.settings, [f"competence.competence_record_updated.v1.{BERGSTRASSE}"]) as summaries,
    ):
        person_id = await register()
        other = await register()
        await identify(person_id)
        await identify(other, original="Олександр Коваленко", latin=None, born=None)
        for kind in ("work", "language", "course"):
            await http.post(f"/records/{person_id}/entries", json=samples[kind], headers=headers())
        await http.post(f"/records/{other}/entries", json=samples["work"], headers=headers())
        share = {
            "sections": ["work"],
            "recipient_organisation": "Bäckerei Sonnenschein GmbH",
            "recipient_email": "personal@baeckerei-sonnenschein.example",
            "expires_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
        }
        created = (await http.post(f"/records/{person_id}/shares", json=share, headers=headers())).json()
        pdf = read_pdf((await http.get(f"/records/{person_id}/document.pdf", headers=headers())).content)
        [code] = {word for word in pdf.words if word.startswith(f"{BERGSTRASSE}-")}
        for _ in range(4):  # the person's summaries reached the broker, so published rows exist too
            await summaries.next()

        request = PersonErasureRequested(
            district=BERGSTRASSE, person_id=person_id, aggregate_version=5, request_id=uuid4()
        )
        await bus.publish(competence.settings, request)
        _, confirmation = await confirmations.next()
    assert confirmation["producer"] == "competence"
    assert confirmation["person_id"] == str(person_id)
    assert confirmation["request_id"] == str(request.request_id)
    assert confirmation["causation_id"] == str(request.event_id)

    assert await rows_of(competence, person_id) == dict.fromkeys([*TABLES, "outbox"], 0)
    kept = await rows_of(competence, other)
    assert (kept["entry_versions"], kept["holders"]) == (1, 1)  # nobody else's data goes
    assert (await http.get(f"/records/{person_id}", headers=headers())).status_code == 404
    assert (await http.get(f"/shares/{created['url'].rsplit('/', 1)[-1]}")).status_code == 404
    assert (await http.get(f"/verify/{code}")).status_code == 404


async def test_late_events_do_not_bring_an_erased_person_back(
    competence: Runtime, register: Any, change_consents: Any
) -> None:
    person_id = await register()
    await publish_and_wait(
        competence,
        "person_erasure_requested",
        PersonErasureRequested(
            district=BERGSTRASSE, person_id=person_id, aggregate_version=2, request_id=uuid4()
        ),
    )

    late = golden(PersonRegistered, person_id=person_id, aggregate_version=1, consents=["processing"])
    await publish_and_wait(competence, "person_registered", late)
    await change_consents(person_id, ["processing", "share_with_employers"], 3)
    assert await rows(competence, BERGSTRASSE, "SELECT 1 FROM records WHERE person_id = $1", person_id) == []


async def test_erasing_a_person_without_a_record_is_confirmed_too(competence: Runtime) -> None:
    request = PersonErasureRequested(
        district=BERGSTRASSE, person_id=uuid4(), aggregate_version=1, request_id=uuid4()
    )
    async with bus.tap(
        competence.settings, [f"competence.erasure_completed.v1.{BERGSTRASSE}"]
    ) as confirmations:
        await bus.publish(competence.settings, request)
        _, confirmation = await confirmations.next()
    assert confirmation["request_id"] == str(request.request_id)

    async def tombstoned() -> bool:
        found = await rows(
            competence, BERGSTRASSE, "SELECT 1 FROM tombstones WHERE person_id = $1", request.person_id
        )
        return bool(found)

    assert await eventually(tombstoned)
