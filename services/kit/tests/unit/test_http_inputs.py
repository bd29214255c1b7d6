"""Bad input the kit refuses once for every route: NUL in text, datetimes UTC cannot hold; and
the 401/403 every route depending on the caller declares."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Query
from pydantic import BaseModel

from wir_kit import CurrentPrincipal, Instant, Staff
from wir_kit.http import create_app
from wir_kit.settings import Settings

router = APIRouter()


class Body(BaseModel):
    name: str
    tags: list[str] = []


@router.get("/things/{key}")
async def read(key: str, q: str | None = None) -> dict[str, Any]:
    return {"key": key, "q": q}


@router.post("/things")
async def write(body: Body) -> dict[str, Any]:
    return body.model_dump()


@router.get("/at")
async def at(when: Annotated[Instant, Query()]) -> dict[str, str]:
    return {"when": when.isoformat()}


@router.get("/me")
async def me(who: CurrentPrincipal) -> dict[str, str]:
    return {"sub": who.sub}


@router.get("/staff-only")
async def staff_only(who: Staff) -> dict[str, str]:
    return {"sub": who.sub}


APP = create_app(Settings(env="test", service="kit-test"), title="t", routers=[router])


async def call(method: str, path: str, **kwargs: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=APP)
    async with httpx.AsyncClient(transport=transport, base_url="http://kit.test") as client:
        return await client.request(method, path, **kwargs)


async def test_nul_in_a_query_or_path_parameter_answers_422_naming_it() -> None:
    query = await call("GET", "/things/k", params={"q": "a\x00b"})
    path = await call("GET", "/things/a%00b")

    assert query.status_code == 422 and query.json()["detail"][0]["loc"] == ["query", "q"]
    assert path.status_code == 422 and path.json()["detail"][0]["loc"] == ["path", "key"]
    assert "a\x00b" not in query.text


async def test_nul_in_a_json_string_answers_422_naming_the_field() -> None:
    response = await call("POST", "/things", json={"name": "ok", "tags": ["fine", "bad\x00"]})
    fine = await call("POST", "/things", json={"name": "ok"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "tags", 1]
    assert fine.status_code == 200


async def test_a_datetime_utc_cannot_hold_answers_422_naming_the_field() -> None:
    for beyond in ("9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"):
        response = await call("GET", "/at", params={"when": beyond})
        assert response.status_code == 422, beyond
        assert response.json()["detail"][0]["loc"] == ["query", "when"]
    assert (await call("GET", "/at", params={"when": "2030-01-01T00:00:00+01:00"})).status_code == 200


def test_routes_depending_on_the_caller_declare_401_and_role_checks_403() -> None:
    paths = APP.openapi()["paths"]

    assert {"401"} <= paths["/me"]["get"]["responses"].keys()
    assert "403" not in paths["/me"]["get"]["responses"]
    assert {"401", "403"} <= paths["/staff-only"]["get"]["responses"].keys()
    assert "401" not in paths["/things/{key}"]["get"]["responses"]
