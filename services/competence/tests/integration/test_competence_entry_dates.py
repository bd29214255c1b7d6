"""A date an entry cannot truly carry answers 422 naming the field, and nothing is written."""

from __future__ import annotations

from typing import Any

import httpx

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import rows

IMPOSSIBLE = {"started_on": "0001-01-01", "ended_on": "9999-12-31"}


async def test_a_work_entry_from_year_1_to_9999_is_refused_naming_its_start(
    competence: Runtime, register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    answer = await http.post(
        f"/records/{person_id}/entries", json=samples["work"] | IMPOSSIBLE, headers=headers()
    )

    assert answer.status_code == 422, answer.text
    [error] = answer.json()["detail"]
    assert (error["loc"], error["type"]) == (["body", "work", "started_on"], "date_too_early")
    assert "0001" not in answer.text and "9999" not in answer.text  # the values are not echoed
    [row] = await rows(competence, BERGSTRASSE, "SELECT count(*) FROM entry_versions")
    assert row[0] == 0


async def test_changing_an_entry_to_an_impossible_end_is_refused_and_keeps_the_entry(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    added = (await http.post(f"/records/{person_id}/entries", json=samples["work"], headers=headers())).json()

    answer = await http.put(
        f"/records/{person_id}/entries/{added['entry_id']}",
        json=samples["work"] | {"ended_on": "9999-12-31"},
        headers=headers(),
    )

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["body", "work", "ended_on"]]
    [entry] = (await http.get(f"/records/{person_id}", headers=headers())).json()["entries"]
    assert entry["entry"]["ended_on"] == samples["work"]["ended_on"]
