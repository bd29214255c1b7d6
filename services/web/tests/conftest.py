"""The web app over real services: each service's runtime (real PostgreSQL and RabbitMQ, from
the kit's fixtures) serves its API in-process, and the web app's calls reach it by host name.

`web(intake=runtime, ...)` gives a signed-out browser-like client of the web app; its
`sign_in(role)` goes through the development sign-in form as a user would, and
`signed_in(role, intake=runtime, ...)` does both at once. The fixtures `intake`, `competence`,
`matching` and `interpreting` are those services' runtimes, built as their own tests build them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from wir_competence.main import build as competence_build
from wir_competence.settings import CompetenceSettings
from wir_intake.main import build as intake_build
from wir_intake.settings import IntakeSettings
from wir_interpreting.main import build as interpreting_build
from wir_interpreting.settings import InterpretingSettings
from wir_kit.runtime import Runtime
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_matching.main import build as matching_build
from wir_matching.settings import MatchingSettings
from wir_web.main import build
from wir_web.settings import SERVICES, WebSettings

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class ByHost(httpx.AsyncBaseTransport):
    """Each service's requests to its own in-process app; a service not started is down."""

    def __init__(self, apps: Mapping[str, FastAPI]) -> None:
        self._transports = {name: httpx.ASGITransport(app=app) for name, app in apps.items()}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self._transports.get(request.url.host)
        if transport is None:
            raise httpx.ConnectError("service not started", request=request)
        return await transport.handle_async_request(request)


class WebClient:
    """A browser's view of the web app: cookies kept, forms posted with their CSRF token."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def csrf(self, path: str = "/signin") -> str:
        page = await self.http.get(path)
        found = CSRF.search(page.text)
        assert found, f"no form with a CSRF token on {path}"
        return found.group(1)

    async def sign_in(self, role: str, district: str = BERGSTRASSE, sub: str = "") -> None:
        """Through the development sign-in; `sub` is a volunteer's or interpreter's profile id."""
        token = await self.csrf()
        data = {"csrf_token": token, "district": district, "role": role, "sub": sub, "next": "/"}
        answer = await self.http.post("/signin/dev", data=data)
        assert answer.status_code == 303, answer.text
        assert answer.headers["location"] == "/", "the development sign-in refused the form"

    async def submit(
        self, path: str, data: Mapping[str, Any], *, form_on: str | None = None
    ) -> httpx.Response:
        """Post `data` to `path` as the form on `form_on` (default: `path`) would, with its token."""
        token = await self.csrf(form_on or path)
        return await self.http.post(path, data={"csrf_token": token, **data})


WebFactory = Callable[..., Awaitable[WebClient]]
SignedIn = Callable[..., Awaitable[WebClient]]


@pytest.fixture
def web_settings() -> WebSettings:
    return WebSettings(env="test", **{f"{name}_url": f"http://{name}" for name in SERVICES})


@pytest.fixture
async def web(web_settings: WebSettings) -> AsyncIterator[WebFactory]:
    clients: list[httpx.AsyncClient] = []

    async def make(settings: Settings | None = None, **runtimes: Runtime) -> WebClient:
        kit = settings or next((r.settings for r in runtimes.values()), None) or Settings(env="test")
        apps = {name: runtime.app(lifespan=False) for name, runtime in runtimes.items()}
        app = build(kit.model_copy(update={"service": "web"}), web_settings)
        app.state.backend = type(app.state.backend)(web_settings, transport=ByHost(apps))
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://web")
        clients.append(http)
        return WebClient(http)

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
def signed_in(web: WebFactory) -> SignedIn:
    """`await signed_in("coordinator", matching=runtime)`: a client of the web app over those
    runtimes, signed in through the development sign-in (`district=`, `sub=` as `sign_in` takes)."""

    async def make(role: str, district: str = BERGSTRASSE, sub: str = "", **runtimes: Runtime) -> WebClient:
        client = await web(**runtimes)
        await client.sign_in(role, district=district, sub=sub)
        return client

    return make


@pytest.fixture
async def intake(wir_settings: SettingsFactory, wir_runtime: RuntimeFactory) -> Runtime:
    return await wir_runtime(intake_build(IntakeSettings()), wir_settings("intake"))


@pytest.fixture
async def competence(wir_settings: SettingsFactory, wir_runtime: RuntimeFactory) -> Runtime:
    return await wir_runtime(competence_build(CompetenceSettings()), wir_settings(service="competence"))


@pytest.fixture
async def matching(wir_settings: SettingsFactory, wir_runtime: RuntimeFactory) -> Runtime:
    """Matching without its periodic jobs, and an hour's debounce so no run starts by itself: the
    tests run the assignment through the page."""
    spec = dataclasses.replace(matching_build(MatchingSettings(run_debounce_s=3600.0)), background=())
    return await wir_runtime(spec, wir_settings(service="matching"))


@pytest.fixture
async def interpreting(wir_settings: SettingsFactory, wir_runtime: RuntimeFactory) -> Runtime:
    """Interpreting without its periodic jobs."""
    settings = InterpretingSettings(public_url="https://wir.example/i")
    spec = dataclasses.replace(interpreting_build(settings), background=())
    return await wir_runtime(spec, wir_settings(service="interpreting"))
