"""A request's district (from its token) and correlation id reach the events it causes."""

from __future__ import annotations

import httpx

from wir_kit.auth import issue_dev_token
from wir_kit.http import create_app
from wir_kit.runtime import Runtime
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.waiting import eventually

from .sample import BERGSTRASSE, MAIN_KINZIG, spec


def client(runtime: Runtime) -> httpx.AsyncClient:
    app = create_app(runtime.settings, title="sample", routers=runtime.spec.routers(runtime))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sample")


async def test_the_correlation_id_of_a_request_is_carried_by_its_events(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    runtime = await wir_runtime(spec(), wir_settings())
    token = issue_dev_token(runtime.settings, sub="cm-1", district=MAIN_KINZIG, roles=["case_manager"])
    async with client(runtime) as http:
        response = await http.post(
            "/notes",
            json={"body": "from the API"},
            headers={"Authorization": f"Bearer {token}", "X-Correlation-ID": "req-42"},
        )
    assert response.status_code == 201

    async def handled() -> str | None:
        async with runtime.db.transaction(MAIN_KINZIG) as tx:
            return await tx.fetchval("SELECT correlation_id FROM outbox WHERE published_at IS NOT NULL")

    assert await eventually(handled) == "req-42"


async def test_the_district_of_a_write_is_the_tokens(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    runtime = await wir_runtime(spec(), wir_settings())
    token = issue_dev_token(runtime.settings, sub="cm-2", district=MAIN_KINZIG, roles=["case_manager"])
    async with client(runtime) as http:
        response = await http.post(
            "/notes",
            json={"body": "mine", "district": BERGSTRASSE},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 201
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM notes") == 0
    async with runtime.db.transaction(MAIN_KINZIG) as tx:
        assert await tx.fetchval("SELECT count(*) FROM notes") == 1


async def test_a_volunteer_may_not_write_notes(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    runtime = await wir_runtime(spec(), wir_settings())
    token = issue_dev_token(runtime.settings, sub="v-1", district=MAIN_KINZIG, roles=["volunteer"])
    async with client(runtime) as http:
        response = await http.post(
            "/notes", json={"body": "no"}, headers={"Authorization": f"Bearer {token}"}
        )
    assert response.status_code == 403
