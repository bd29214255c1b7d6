"""What routes depend on: the service's own settings, its database, the caller's roles."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Annotated, Any, cast

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Request

from wir_kit import Coordinator, Database, Staff, settings_of
from wir_kit.auth import issue_dev_token
from wir_kit.http import create_app
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE

SETTINGS = Settings(env="test", service="kit-test")


@dataclass(frozen=True)
class ReminderSettings:
    """A service's own settings, as its `main.build` reads them once."""

    reminder_days: int = 14


@dataclass(frozen=True)
class OtherSettings:
    reminder_days: int = 99


Config = Annotated[ReminderSettings, Depends(settings_of(ReminderSettings))]
router = APIRouter()


@router.get("/reminder")
async def reminder(config: Config) -> dict[str, int]:
    return {"days": config.reminder_days}


@router.get("/database")
async def database(db: Database, request: Request) -> dict[str, bool]:
    return {"same": db is request.app.state.resources.db}


@router.get("/staff")
async def staff(caller: Staff) -> dict[str, str]:
    return {"district": caller.district}


@router.get("/coordinator")
async def coordinator(caller: Coordinator) -> dict[str, str]:
    return {"district": caller.district}


@dataclass(frozen=True)
class FakeResources:
    db: Any
    settings: Settings


def app_with(service_settings: object) -> FastAPI:
    resources = FakeResources(db=object(), settings=SETTINGS)
    return create_app(
        SETTINGS, title="t", routers=[router], resources=resources, service_settings=service_settings
    )


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app_with(ReminderSettings(reminder_days=3)))
    async with httpx.AsyncClient(transport=transport, base_url="http://wir.test") as http:
        yield http


def bearer(*roles: str) -> dict[str, str]:
    token = issue_dev_token(SETTINGS, sub="s-1", district=BERGSTRASSE, roles=roles)
    return {"Authorization": f"Bearer {token}"}


async def test_settings_of_gives_the_routes_the_settings_the_app_was_built_with(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/reminder")

    assert (response.status_code, response.json()) == (200, {"days": 3})


async def test_settings_of_another_type_is_an_error_naming_the_type_wanted() -> None:
    dependency = settings_of(ReminderSettings)
    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(service_settings=OtherSettings())))

    with pytest.raises(TypeError, match="the app was built without ReminderSettings"):
        await dependency(cast(Request, request))


async def test_a_route_given_settings_of_another_type_answers_500() -> None:
    transport = httpx.ASGITransport(app=app_with(OtherSettings()))
    async with httpx.AsyncClient(transport=transport, base_url="http://wir.test") as http:
        response = await http.get("/reminder", headers={"X-Correlation-ID": "c-1"})

    assert response.status_code == 500
    assert response.json() == {"detail": "internal error", "correlation_id": "c-1"}


async def test_database_is_the_running_services_db(client: httpx.AsyncClient) -> None:
    response = await client.get("/database")

    assert response.json() == {"same": True}


@pytest.mark.parametrize(
    ("route", "role", "status"),
    [
        ("/staff", "case_manager", 200),
        ("/staff", "coordinator", 200),
        ("/staff", "volunteer", 403),
        ("/coordinator", "coordinator", 200),
        ("/coordinator", "case_manager", 403),
    ],
)
async def test_staff_are_case_managers_and_coordinators_and_coordinator_only_these(
    client: httpx.AsyncClient, route: str, role: str, status: int
) -> None:
    response = await client.get(route, headers=bearer(role))

    assert response.status_code == status
