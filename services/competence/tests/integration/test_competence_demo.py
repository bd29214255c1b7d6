"""`wir seed-demo`: demo entries for the demo people whose records intake's events opened, once."""

from __future__ import annotations

from typing import Any

import httpx

from wir_competence.demo import AMINA, seed
from wir_contracts.intake.v1 import PersonRegistered
from wir_kit.runtime import Runtime
from wir_kit.testing.examples import golden
from wir_kit.testing.service import publish_and_wait


async def test_the_seed_fills_only_existing_demo_records_and_only_once(
    competence: Runtime, http: httpx.AsyncClient, headers: Any
) -> None:
    assert await seed(competence.db) == 0  # intake has not registered the demo person yet

    registered = golden(PersonRegistered)  # the contracts' example person is the demo person
    assert registered.person_id == AMINA
    await publish_and_wait(competence, "person_registered", registered)

    assert await seed(competence.db) == 5
    assert await seed(competence.db) == 0
    record = (await http.get(f"/records/{AMINA}", headers=headers())).json()
    assert record["version"] == 5
    assert {e["entered_by"] for e in record["entries"]} == {"demo-seed"}
