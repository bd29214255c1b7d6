"""What a request's ASGI scope tells the kit's middleware: headers, correlation id, route."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence

from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Match, Route
from starlette.types import Scope

CORRELATION_HEADER = b"x-correlation-id"
_CORRELATION_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((value for key, value in scope["headers"] if key == name), None)


def correlation_id_of(scope: Scope) -> str:
    given = (_header(scope, CORRELATION_HEADER) or b"").decode("latin-1")
    return given if _CORRELATION_ID.fullmatch(given) else str(uuid.uuid4())


def content_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length")
    return int(value) if value is not None and value.isdigit() else None


def route_template(scope: Scope) -> str:
    """The template of the route that answered, e.g. /persons/{person_id}."""
    # FastAPI 0.16x matches routes of an included router without copying them, so the route
    # in the scope lacks the router's prefix; the full template is in its effective context.
    fastapi_scope = scope.get("fastapi")
    effective = fastapi_scope.get("effective_route_context") if isinstance(fastapi_scope, dict) else None
    for matched in (effective, scope.get("route")):
        template = getattr(matched, "path_format", None)
        if isinstance(template, str):
            return template
    # Plain Starlette routes (/openapi.json, /docs) leave no trace in the scope.
    routes: Sequence[BaseRoute] = getattr(scope.get("app"), "routes", ())
    for route in routes:
        if isinstance(route, APIRoute) or not isinstance(route, Route):
            continue
        if route.matches(scope)[0] is not Match.NONE:
            return route.path_format
    return "unmatched"
