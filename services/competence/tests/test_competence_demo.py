"""`wir seed-demo`: demo entries for the demo people whose records intake's events opened, once."""

from __future__ import annotations

from typing import Any

import httpx

from wir_competence.demo import AMINA, seed
from wir_contracts.intake.v1 import PersonRegistered
from wir_kit.runtime import Runtime
from wir_kit.testing.waiting import eventually


async def test_the_seed_fills_only_existing_demo_records_and_only_once(
    competence: Runtime, bus: Any, http: httpx.AsyncClient, headers: Any
) -> None:
    assert await seed(competence.db) == 0  # intake has not registered the demo person yet

    registered = PersonRegistered(
        district="06431",
        person_id=AMINA,
        aggregate_version=1,
        municipality="06431011",
        languages=("prs", "deu"),
        preferred_language="prs",
        consents=("processing",),
    )
    await bus.publish_event(registered)
    assert await eventually(lambda: bus.record_exists(AMINA))

    assert await seed(competence.db) == 5
    assert await seed(competence.db) == 0
    record = (await http.get(f"/records/{AMINA}", headers=headers())).json()
    assert record["version"] == 5
    assert {e["entered_by"] for e in record["entries"]} == {"demo-seed"}
