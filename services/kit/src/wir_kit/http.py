"""The HTTP side of every service: one app factory with health, readiness and metrics, and a
middleware that gives each request a correlation id, a body limit and one log line.

Nothing a client sent is echoed into logs, metrics or error bodies: concrete paths, query
strings, submitted values and exception messages can all hold personal data.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import structlog
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Response, status
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Lifespan, Message, Receive, Scope, Send

from wir_kit import http_errors
from wir_kit.auth import Authenticator, principal
from wir_kit.context import correlation_id
from wir_kit.db import DatabaseUnavailable
from wir_kit.http_inputs import declare_auth_answers, refuse_nul
from wir_kit.http_scope import CORRELATION_HEADER, content_length, correlation_id_of, route_template
from wir_kit.logging import get_logger
from wir_kit.metrics import HTTP_REQUESTS, HTTP_SECONDS
from wir_kit.resources import Resources
from wir_kit.settings import Settings

ReadinessCheck = Callable[[], Awaitable[bool]]

READINESS_TIMEOUT_S = 1.0  # below Kubernetes' default probe timeout
OPERATIONAL_ROUTES = frozenset({"/healthz", "/readyz", "/readyz/consumers", "/metrics"})
# Anything else becomes OTHER, so a client cannot mint metric series with made-up methods.
_FRAMES_SHOWN = 4
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

log = get_logger(__name__)

#: A lost, unreachable or saturated database: the client may try again shortly (not a 500).
DATABASE_ERRORS: dict[type[Exception], http_errors.Answer] = {
    DatabaseUnavailable: http_errors.refused(
        status.HTTP_503_SERVICE_UNAVAILABLE,
        "the database is unavailable, try again shortly",
        headers=lambda exc: {"Retry-After": str(exc.retry_after_s)},
    )
}


def _too_large() -> HTTPException:
    return HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, "request body too large")


def create_app(
    settings: Settings,
    *,
    title: str,
    version: str = "0.1.0",
    lifespan: Lifespan[FastAPI] | None = None,
    readiness: Mapping[str, ReadinessCheck] | None = None,
    informational: Mapping[str, ReadinessCheck] | None = None,
    routers: Sequence[APIRouter] = (),
    errors: Mapping[type[Exception], http_errors.Answer] | None = None,
    resources: Resources | None = None,
    service_settings: object = None,
    max_body_bytes: int = 1_000_000,
) -> FastAPI:
    """A service's FastAPI app; more readiness checks go into `app.state.readiness` later.

    `/readyz` answers 503 when a `readiness` check fails: only what HTTP needs (the database).
    `informational` checks (the broker, the consumers) are listed in its body without deciding
    it, since the outbox absorbs a broker outage; `/readyz/consumers` answers 503 on them.
    `resources` and `service_settings` are what `wir_kit.api`'s dependencies hand the routes.
    """
    app = FastAPI(title=title, version=version, lifespan=lifespan, dependencies=[Depends(refuse_nul)])
    app.state.authenticator = Authenticator(settings)
    app.state.readiness = dict(readiness or {})
    app.state.informational = dict(informational or {})
    app.state.resources = resources
    app.state.service_settings = service_settings
    http_errors.register(app, {**DATABASE_ERRORS, **(errors or {})})
    app.add_api_route("/healthz", _healthz, include_in_schema=False)
    app.add_api_route("/readyz", _readyz, include_in_schema=False)
    app.add_api_route("/readyz/consumers", _readyz_consumers, include_in_schema=False)
    app.add_api_route("/metrics", _metrics, include_in_schema=False)
    for router in routers:
        app.include_router(router)
    # Included routers are matched in place (FastAPI 0.16x), so their own routes are declared.
    declare_auth_answers([*app.routes, *(route for r in routers for route in r.routes)], principal)
    app.add_middleware(RequestMiddleware, service=settings.service, max_body_bytes=max_body_bytes)
    return app


async def _healthz() -> dict[str, str]:
    return {"status": "ok"}


async def _readyz(request: Request) -> JSONResponse:
    """Ready for HTTP: every readiness check passes; the informational ones are only listed."""
    outcome, informational = await asyncio.gather(
        _run(request.app.state.readiness, logging.WARNING),
        _run(request.app.state.informational, logging.DEBUG),
    )
    body: dict[str, Any] = {"checks": outcome}
    if informational:
        body["informational"] = informational
    return _answer(body, outcome)


async def _readyz_consumers(request: Request) -> JSONResponse:
    """The event side: broker reachable and every subscriber consuming (for alerts, not for
    taking the HTTP replica out of service)."""
    outcome = await _run(request.app.state.informational, logging.WARNING)
    return _answer({"checks": outcome}, outcome)


def _answer(body: dict[str, Any], deciding: Mapping[str, bool]) -> JSONResponse:
    failing = [name for name, ok in deciding.items() if not ok]
    if not failing:
        return JSONResponse({"ready": True, **body})
    return JSONResponse(
        {"ready": False, **body, "failing": failing}, status_code=status.HTTP_503_SERVICE_UNAVAILABLE
    )


async def _run(checks: Mapping[str, ReadinessCheck], level: int) -> dict[str, bool]:
    names = list(checks)
    results = await asyncio.gather(*(_passes(name, checks[name], level) for name in names))
    return dict(zip(names, results, strict=True))


async def _passes(name: str, check: ReadinessCheck, level: int = logging.WARNING) -> bool:
    try:
        async with asyncio.timeout(READINESS_TIMEOUT_S):
            return bool(await check())
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        # Only the type is logged: a driver's message can quote connection strings or data.
        log.log(level, "readiness.check_failed", check=name, exc_type=type(exc).__name__)
        return False


async def _metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class RequestMiddleware:
    """Correlation id, body limit, the 500 answer, metrics and one log line per request.

    Plain ASGI rather than BaseHTTPMiddleware: no extra task and no buffering per request.
    """

    def __init__(self, app: ASGIApp, *, service: str, max_body_bytes: int) -> None:
        self.app = app
        self.service = service
        self.max_body_bytes = max_body_bytes
        # The labelled series, looked up once each: a label lookup per request costs more than
        # the increment. Bounded as the labels are (route templates, known methods, statuses).
        self._counted: dict[tuple[str, str, int], Counter] = {}
        self._timed: dict[tuple[str, str], Histogram] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cid = correlation_id_of(scope)
        saved = structlog.contextvars.get_contextvars()
        token = correlation_id.set(cid)
        structlog.contextvars.bind_contextvars(correlation_id=cid)
        response = _Response(send, cid)
        started = time.perf_counter()
        exc_type: str | None = None
        exc_at: list[str] = []
        try:
            await self.app(scope, self._limited(scope, receive), response.send)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for every route
            # Answered here and not re-raised: the server would log the traceback, and
            # exception messages and local values can hold personal data.
            exc_type = type(exc).__name__
            exc_at = _where(exc)
            if not response.started:
                body = {"detail": "internal error", "correlation_id": cid}
                await JSONResponse(body, status_code=500)(scope, receive, response.send)
        finally:
            self._record(scope, response.status, time.perf_counter() - started, exc_type, exc_at)
            structlog.contextvars.clear_contextvars()
            structlog.contextvars.bind_contextvars(**saved)
            correlation_id.reset(token)

    def _limited(self, scope: Scope, receive: Receive) -> Receive:
        """`receive`, refusing a body above the limit before reading past it.

        Raised as an HTTPException, which FastAPI's body parsing passes through to the
        handler that answers 413; a chunked body has no length, so chunks are counted.
        """
        declared = content_length(scope)
        received = 0

        async def receive_limited() -> Message:
            nonlocal received
            if declared is not None and declared > self.max_body_bytes:
                raise _too_large()
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise _too_large()
            return message

        return receive_limited

    def _record(
        self, scope: Scope, status_code: int, seconds: float, exc_type: str | None, exc_at: list[str]
    ) -> None:
        route = route_template(scope)
        method = scope["method"] if scope["method"] in _METHODS else "OTHER"
        counted = self._counted.get((method, route, status_code))
        if counted is None:
            counted = HTTP_REQUESTS.labels(self.service, method, route, str(status_code))
            self._counted[method, route, status_code] = counted
        timed = self._timed.get((method, route))
        if timed is None:
            timed = self._timed[method, route] = HTTP_SECONDS.labels(self.service, method, route)
        counted.inc()
        timed.observe(seconds)
        fields: dict[str, Any] = {
            "method": method,
            "route": route,
            "status": status_code,
            "duration_ms": round(seconds * 1000, 2),
        }
        if exc_type is not None:
            log.error("http.request", exc_type=exc_type, exc_at=exc_at, **fields)
        else:
            level = logging.DEBUG if route in OPERATIONAL_ROUTES else logging.INFO
            log.log(level, "http.request", **fields)


def _where(exc: BaseException) -> list[str]:
    """The innermost frames that raised, as file:line: where to look, without the message or
    local values (which can hold personal data)."""
    frames = traceback.extract_tb(exc.__traceback__)
    # The project's own innermost frames, then the one that raised (often in a library).
    ours = [f for f in frames if "site-packages" not in f.filename][-_FRAMES_SHOWN:]
    shown = ours + [f for f in frames[-1:] if f not in ours]
    return [f"{'/'.join(Path(f.filename).parts[-2:])}:{f.lineno}" for f in shown]


class _Response:
    """Wraps `send` to echo the correlation id and to remember what was sent."""

    def __init__(self, send: Send, cid: str) -> None:
        self._send = send
        self._header = (CORRELATION_HEADER, cid.encode("ascii"))
        self.started = False
        self.status = 500

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            self.status = message["status"]
            message = {
                **message,
                "headers": [*message.get("headers", ()), self._header],
            }
        await self._send(message)
