"""The web app over real services: each service's runtime (real PostgreSQL and RabbitMQ, from
the kit's fixtures) serves its API in-process, and the web app's calls reach it by host name.

`web(intake=runtime, ...)` gives a signed-out browser-like client of the web app; its
`sign_in(role)` goes through the development sign-in form as a user would.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from wir_kit.runtime import Runtime
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE
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
