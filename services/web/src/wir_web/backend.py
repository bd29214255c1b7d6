"""The services' HTTP APIs, called with the signed-in user's token.

An answer the page cannot use is turned into one of a few errors the app shows in plain
words; the service's own body is never shown or logged, since it may quote personal data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
from fastapi import Request

from wir_kit.logging import get_logger
from wir_web.session import SignInRequired, User
from wir_web.settings import WebSettings

log = get_logger(__name__)


class ServiceDown(Exception):
    """A service did not answer, or failed; `service` names it."""

    def __init__(self, service: str) -> None:
        super().__init__(service)
        self.service = service


class NotFound(Exception):
    """What the page shows does not exist, or not in the user's district."""


class Refused(Exception):
    """The service refused the user's role for this (403)."""


class Invalid(Exception):
    """The service refused the input (422, 409 or 400); `fields` maps a field to its problem."""

    def __init__(self, status: int, fields: Mapping[str, str], detail: str = "") -> None:
        super().__init__(status)
        self.status = status
        self.fields = dict(fields)
        self.detail = detail


def _fields(body: Any) -> dict[str, str]:
    """FastAPI's 422 body as {field: message}: the location without its `body`/`query` root."""
    problems = body.get("detail") if isinstance(body, dict) else None
    if not isinstance(problems, list):
        return {}
    found: dict[str, str] = {}
    for problem in problems:
        if isinstance(problem, dict):
            where = [str(part) for part in problem.get("loc", ()) if part not in ("body", "query", "path")]
            found.setdefault(".".join(where) or "form", str(problem.get("msg", "")))
    return found


class Backend:
    def __init__(self, settings: WebSettings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._settings = settings
        self._http = httpx.AsyncClient(timeout=settings.service_timeout_s, transport=transport)

    async def close(self) -> None:
        await self._http.aclose()

    async def call(
        self,
        user: User | None,
        service: str,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        accept: tuple[int, ...] = (),
    ) -> httpx.Response:
        """The answer when it is a success (or one of `accept`), else the matching error."""
        sent = dict(headers or {})
        if user is not None:
            sent["Authorization"] = f"Bearer {user.token}"
        url = self._settings.service_url(service) + path
        try:
            answer = await self._http.request(method, url, json=json, params=params, headers=sent)
        except httpx.HTTPError as exc:
            log.warning("web.service_unreachable", service=service, exc_type=type(exc).__name__)
            raise ServiceDown(service) from None
        if answer.is_success or answer.status_code in accept:
            return answer
        raise self._error(service, answer)

    async def json(self, user: User | None, service: str, path: str, **params: Any) -> Any:
        answer = await self.call(user, service, "GET", path, params={k: v for k, v in params.items() if v})
        return answer.json()

    def _error(self, service: str, answer: httpx.Response) -> Exception:
        status = answer.status_code
        if status == 401:
            return SignInRequired()
        if status == 403:
            return Refused()
        if status in (404, 410):
            return NotFound()
        if status in (400, 409, 422):
            body = _body(answer)
            detail = body.get("detail") if isinstance(body, dict) else None
            return Invalid(status, _fields(body), detail if isinstance(detail, str) else "")
        log.warning("web.service_failed", service=service, status=status)
        return ServiceDown(service)


def _body(answer: httpx.Response) -> Any:
    try:
        return answer.json()
    except ValueError:
        return None


def backend(request: Request) -> Backend:
    found: Backend = request.app.state.backend
    return found
