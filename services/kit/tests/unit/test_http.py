"""The app factory: operational routes, correlation ids, limits, error bodies, logs, metrics."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import jwt
import pytest
import structlog
from fastapi import APIRouter, Depends, FastAPI
from pydantic import BaseModel
from structlog.testing import capture_logs
from structlog.typing import EventDict

from wir_kit import http
from wir_kit.auth import Role, require_roles
from wir_kit.context import correlation_id
from wir_kit.http import create_app
from wir_kit.settings import DEV_SIGNING_KEY, Settings
from wir_kit.testing.districts import BERGSTRASSE

LIMIT = 1024


class Registration(BaseModel):
    name: str
    age: int


def persons() -> APIRouter:
    router = APIRouter(prefix="/persons")

    @router.post("")
    async def register(registration: Registration) -> dict[str, str]:
        return {"status": "registered"}

    @router.get("/{person_id}")
    async def read(person_id: str) -> dict[str, str]:
        return {"person_id": person_id}

    @router.get("/{person_id}/broken")
    async def broken(person_id: str) -> None:
        raise ValueError(f"cannot load {person_id}: Jane Doe, born 1990")

    @router.get("/{person_id}/case", dependencies=[Depends(require_roles(Role.CASE_MANAGER))])
    async def case(person_id: str) -> dict[str, str | None]:
        return {"correlation_id": correlation_id.get()}

    return router


@pytest.fixture
def app() -> FastAPI:
    settings = Settings(env="test", service="kit-test")
    return create_app(settings, title="test", routers=[persons()], max_body_bytes=LIMIT)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://wir.test") as client:
        yield client


@pytest.fixture
def logs() -> Iterator[list[EventDict]]:
    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as entries:
        yield entries


def request_lines(entries: list[EventDict]) -> list[EventDict]:
    return [entry for entry in entries if entry["event"] == "http.request"]


def case_manager_token() -> str:
    now = int(time.time())
    claims = {
        "sub": "Jane Staff",
        "district": BERGSTRASSE,
        "roles": ["case_manager"],
        "aud": "wir",
        "iss": "wir-local",
        "iat": now,
        "exp": now + 600,
    }
    return jwt.encode(claims, DEV_SIGNING_KEY, algorithm="HS256")


async def chunks(count: int, size: int, sent: list[int]) -> AsyncIterator[bytes]:
    for _ in range(count):
        sent.append(size)
        yield b"x" * size


async def test_healthz_answers_without_a_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.status_code == 200


async def test_readyz_is_ready_when_every_check_passes(app: FastAPI, client: httpx.AsyncClient) -> None:
    async def database() -> bool:
        return True

    app.state.readiness["database"] = database

    response = await client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"ready": True, "checks": {"database": True}}


async def test_readyz_503_names_the_failing_checks_and_hides_exception_messages(
    client: httpx.AsyncClient, app: FastAPI, logs: list[EventDict]
) -> None:
    async def database() -> bool:
        return True

    async def broker() -> bool:
        raise ConnectionError("amqp://guest:secret@broker refused")

    async def consumers() -> bool:
        return False

    app.state.readiness.update(database=database, broker=broker, consumers=consumers)

    response = await client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["broker", "consumers"]
    assert response.json()["checks"] == {
        "database": True,
        "broker": False,
        "consumers": False,
    }
    assert "secret" not in response.text
    assert "secret" not in repr(logs)
    assert {"check": "broker", "exc_type": "ConnectionError"}.items() <= logs[0].items()


async def test_readiness_checks_given_at_creation_are_run() -> None:
    async def never() -> bool:
        return False

    app = create_app(Settings(env="test"), title="test", readiness={"never": never})
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://wir.test") as client:
        response = await client.get("/readyz")

    assert response.json()["failing"] == ["never"]


async def test_a_hanging_readiness_check_fails_after_the_timeout(
    app: FastAPI, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http, "READINESS_TIMEOUT_S", 0.01)

    async def hanging() -> bool:
        await asyncio.sleep(60)
        return True

    app.state.readiness["hanging"] = hanging

    response = await client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["hanging"]


async def test_given_correlation_id_is_echoed_and_seen_by_handlers(
    client: httpx.AsyncClient, logs: list[EventDict]
) -> None:
    response = await client.get(
        "/persons/p1/case",
        headers={
            "X-Correlation-ID": "req-42:a.b_c",
            "Authorization": f"Bearer {case_manager_token()}",
        },
    )

    assert response.headers["X-Correlation-ID"] == "req-42:a.b_c"
    assert response.json() == {"correlation_id": "req-42:a.b_c"}
    assert request_lines(logs)[0]["correlation_id"] == "req-42:a.b_c"


@pytest.mark.parametrize("given", [None, "has spaces", "x" * 129, "ümlaut"])
async def test_missing_or_malformed_correlation_id_is_replaced_by_a_new_one(
    client: httpx.AsyncClient, given: str | None
) -> None:
    headers = {b"x-correlation-id": given.encode()} if given else {}

    response = await client.get("/healthz", headers=headers)

    assert uuid.UUID(response.headers["X-Correlation-ID"]).version == 4


async def test_request_context_ends_with_the_request(client: httpx.AsyncClient) -> None:
    before = structlog.contextvars.get_contextvars()

    await client.get("/persons/p1/case", headers={"Authorization": f"Bearer {case_manager_token()}"})

    assert structlog.contextvars.get_contextvars() == before
    assert correlation_id.get() is None


async def test_one_log_line_per_request_with_route_template_never_the_path(
    client: httpx.AsyncClient, logs: list[EventDict]
) -> None:
    await client.get("/persons/jane-doe-1990?email=jane@example.org")

    (line,) = request_lines(logs)
    assert line["method"] == "GET"
    assert line["route"] == "/persons/{person_id}"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["log_level"] == "info"
    assert "jane" not in repr(logs)


async def test_request_log_carries_district_and_roles_but_not_the_subject(
    client: httpx.AsyncClient, logs: list[EventDict]
) -> None:
    await client.get("/persons/p1/case", headers={"Authorization": f"Bearer {case_manager_token()}"})

    (line,) = request_lines(logs)
    assert line["district"] == BERGSTRASSE
    assert line["roles"] == ["case_manager"]
    assert "Jane Staff" not in repr(logs)


async def test_operational_routes_log_at_debug(client: httpx.AsyncClient, logs: list[EventDict]) -> None:
    for path in ("/healthz", "/readyz", "/metrics"):
        await client.get(path)

    assert [line["log_level"] for line in request_lines(logs)] == ["debug"] * 3


async def test_route_template_keeps_the_prefix_of_an_enclosing_router(
    logs: list[EventDict],
) -> None:
    v2 = APIRouter(prefix="/v2")
    v2.include_router(persons())
    app = create_app(Settings(env="test"), title="test", routers=[v2])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://wir.test") as client:
        await client.get("/v2/persons/p1")

    assert request_lines(logs)[0]["route"] == "/v2/persons/{person_id}"


async def test_unmatched_path_is_logged_without_the_path(
    client: httpx.AsyncClient, logs: list[EventDict]
) -> None:
    response = await client.get("/people/jane-doe")

    assert response.status_code == 404
    assert request_lines(logs)[0]["route"] == "unmatched"
    assert "jane" not in repr(logs)


async def test_openapi_and_docs_are_served_without_a_token(
    client: httpx.AsyncClient, logs: list[EventDict]
) -> None:
    schema = await client.get("/openapi.json")
    docs = await client.get("/docs")

    assert schema.status_code == docs.status_code == 200
    assert "/persons/{person_id}" in schema.json()["paths"]
    assert [line["route"] for line in request_lines(logs)] == ["/openapi.json", "/docs"]


async def test_metrics_count_requests_by_route_template_not_concrete_path(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/persons/jane-doe-4711")

    exposition = (await client.get("/metrics")).text

    assert (
        'wir_http_requests_total{method="GET",route="/persons/{person_id}",service="kit-test",status="200"}'
    ) in exposition
    assert "wir_http_request_seconds_bucket" in exposition
    assert "jane-doe-4711" not in exposition


async def test_422_names_the_field_without_echoing_the_value(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/persons", json={"name": "Jane Doe", "age": "forty-two"})

    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "age"],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "type": "int_parsing",
            }
        ]
    }
    assert "forty-two" not in response.text
    assert "Jane" not in response.text


async def test_malformed_json_is_422_without_echoing_it(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/persons",
        content=b'{"name": "Jane Doe", ',
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"
    assert "Jane" not in response.text


async def test_body_up_to_the_limit_is_accepted(client: httpx.AsyncClient) -> None:
    name = "x" * (LIMIT - len('{"name":"","age":1}'))

    response = await client.post(
        "/persons",
        content=f'{{"name":"{name}","age":1}}'.encode(),
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 200


async def test_oversized_body_is_413_before_any_of_it_is_read(
    client: httpx.AsyncClient,
) -> None:
    sent: list[int] = []

    response = await client.post(
        "/persons",
        content=chunks(4, LIMIT, sent),
        headers={"Content-Type": "application/json", "Content-Length": str(4 * LIMIT)},
    )

    assert response.status_code == 413
    assert sent == []


async def test_oversized_chunked_body_is_413_without_reading_the_rest(
    client: httpx.AsyncClient, logs: list[EventDict]
) -> None:
    sent: list[int] = []

    response = await client.post(
        "/persons",
        content=chunks(100, 256, sent),
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 413
    assert sum(sent) <= LIMIT + 256
    assert request_lines(logs)[0]["status"] == 413


async def test_unhandled_exception_is_500_and_logged_by_type_only(
    client: httpx.AsyncClient, logs: list[EventDict]
) -> None:
    response = await client.get("/persons/p-77/broken", headers={"X-Correlation-ID": "c-1"})

    assert response.status_code == 500
    assert response.json() == {"detail": "internal error", "correlation_id": "c-1"}
    assert response.headers["X-Correlation-ID"] == "c-1"
    (line,) = request_lines(logs)
    assert line["exc_type"] == "ValueError"
    assert line["exc_at"] and line["exc_at"][-1].startswith("unit/test_http.py:")  # where, not what
    assert line["route"] == "/persons/{person_id}/broken"
    assert line["status"] == 500
    assert line["log_level"] == "error"
    assert "Jane" not in repr(logs)
    assert "p-77" not in repr(logs)
    assert not {"exc_info", "exception"} & line.keys()


async def test_unhandled_exception_does_not_reach_the_server(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=True)
    async with httpx.AsyncClient(transport=transport, base_url="http://wir.test") as client:
        with caplog.at_level(logging.DEBUG):
            response = await client.get("/persons/p-77/broken")

    assert response.status_code == 500
    assert "Jane" not in caplog.text


def test_app_carries_the_authenticator_and_a_readiness_table(app: FastAPI) -> None:
    assert app.state.authenticator is not None
    assert app.state.readiness == {}


def test_operational_routes_stay_out_of_the_api_document(app: FastAPI) -> None:
    paths = app.openapi()["paths"]

    assert not {"/healthz", "/readyz", "/metrics"} & paths.keys()
