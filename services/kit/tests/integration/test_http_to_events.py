"""The sample service's HTTP API on the real app: a request's district (from its token) and
correlation id reach the events it causes; domain errors answer as the service declared."""

from __future__ import annotations

from uuid import uuid4

import pytest

from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, MAIN_KINZIG
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.sample import spec
from wir_kit.testing.service import bearer, http_client, rows
from wir_kit.testing.waiting import eventually


@pytest.fixture
async def runtime(wir_settings: SettingsFactory, wir_runtime: RuntimeFactory) -> Runtime:
    return await wir_runtime(spec(), wir_settings())


async def test_the_correlation_id_of_a_request_is_carried_by_its_events(runtime: Runtime) -> None:
    headers = {**bearer(runtime, district=MAIN_KINZIG), "X-Correlation-ID": "req-42"}
    async with http_client(runtime) as http:
        response = await http.post("/notes", json={"body": "from the API"}, headers=headers)
    assert response.status_code == 201

    async def handled() -> str | None:
        published = "SELECT correlation_id FROM outbox WHERE published_at IS NOT NULL"
        found = await rows(runtime, MAIN_KINZIG, published)
        return str(found[0]["correlation_id"]) if found else None

    assert await eventually(handled) == "req-42"


async def test_the_district_of_a_write_is_the_tokens(runtime: Runtime) -> None:
    body = {"body": "mine", "district": BERGSTRASSE}
    headers = bearer(runtime, district=MAIN_KINZIG, sub="cm-2")
    async with http_client(runtime) as http:
        response = await http.post("/notes", json=body, headers=headers)
    assert response.status_code == 201
    assert await rows(runtime, BERGSTRASSE, "SELECT id FROM notes") == []
    assert len(await rows(runtime, MAIN_KINZIG, "SELECT id FROM notes")) == 1


async def test_a_volunteer_may_not_write_notes(runtime: Runtime) -> None:
    volunteer = bearer(runtime, "volunteer", district=MAIN_KINZIG, sub="v-1")
    async with http_client(runtime) as http:
        response = await http.post("/notes", json={"body": "no"}, headers=volunteer)
    assert response.status_code == 403


async def test_a_note_is_read_back_in_its_district_and_is_missing_in_another(runtime: Runtime) -> None:
    async with http_client(runtime) as http:
        written = await http.post("/notes", json={"body": "kept"}, headers=bearer(runtime))
        note = f"/notes/{written.json()['note_id']}"
        mine = await http.get(note, headers=bearer(runtime))
        elsewhere = await http.get(note, headers=bearer(runtime, district=MAIN_KINZIG))
        missing = await http.get(f"/notes/{uuid4()}", headers=bearer(runtime))

    assert mine.status_code == 200 and mine.json()["body"] == "kept"
    # The domain error propagates from the route; the service's declared mapping answers it.
    assert (elsewhere.status_code, elsewhere.json()) == (404, {"detail": "no such note"})
    assert (missing.status_code, missing.json()) == (404, {"detail": "no such note"})
