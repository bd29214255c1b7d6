"""Input found by fuzzing that answered 500: each is a 422 naming the field now."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


async def test_nul_in_an_entrys_provider_answers_422_naming_it(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    body = samples["course"] | {"provider": "Volkshochschule\x00"}

    answer = await http.post(f"/records/{person_id}/entries", json=body, headers=headers())

    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "provider"]


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
async def test_a_record_as_of_a_time_beyond_utc_answers_422(
    moment: str, register: Any, http: httpx.AsyncClient, headers: Any
) -> None:
    person_id = await register()

    answer = await http.get(f"/records/{person_id}", params={"at": moment}, headers=headers())

    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["query", "at"]


async def test_the_409_of_an_entry_changed_to_another_kind_is_declared(
    register: Any, http: httpx.AsyncClient, headers: Any, samples: dict[str, Any]
) -> None:
    person_id = await register()
    added = (await http.post(f"/records/{person_id}/entries", json=samples["work"], headers=headers())).json()

    answer = await http.put(
        f"/records/{person_id}/entries/{added['entry_id']}", json=samples["course"], headers=headers()
    )
    document = (await http.get("/openapi.json")).json()

    assert answer.status_code == 409
    assert "409" in document["paths"]["/records/{person_id}/entries/{entry_id}"]["put"]["responses"]


async def test_a_body_that_is_not_utf8_answers_422_naming_the_body(
    register: Any, http: httpx.AsyncClient, headers: Any
) -> None:
    person_id = await register()

    answer = await http.post(
        f"/records/{person_id}/entries",
        content=b'{"kind": "work", "occupation": "\xe9"}',
        headers={**headers(), "Content-Type": "application/json"},
    )

    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body"]
