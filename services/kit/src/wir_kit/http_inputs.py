"""What every route refuses or declares the same way, installed once by the app factory.

- Text with a NUL character: PostgreSQL stores no NUL in text, so a NUL that reached a query
  would fail there as a 500. Every query parameter, path parameter and JSON string (and key) is
  checked before the route runs, and a NUL answers 422 naming the field, never the value.
- 401 and 403: every route that depends on the caller declares them in its OpenAPI document.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.routing import BaseRoute

NUL = "\x00"
_NUL_ESCAPED = b"\\u0000"
_NUL_MESSAGE = "must not contain a NUL character"


class ErrorAnswer(BaseModel):
    """An error answer: what went wrong, never a submitted value."""

    detail: str


async def refuse_nul(request: Request) -> None:
    """A dependency of every route: 422 naming each query, path or body field holding a NUL."""
    errors: list[dict[str, Any]] = [
        {"loc": ("query", name), "msg": _NUL_MESSAGE, "type": "string_nul"}
        for name, value in request.query_params.multi_items()
        if NUL in name or NUL in value
    ]
    errors += [
        {"loc": ("path", name), "msg": _NUL_MESSAGE, "type": "string_nul"}
        for name, value in request.path_params.items()
        if isinstance(value, str) and NUL in value
    ]
    if request.method not in {"GET", "HEAD", "DELETE", "OPTIONS"}:
        body = await request.body()  # FastAPI has read it already: this is the cached copy
        if _NUL_ESCAPED in body or b"\x00" in body:
            errors += [
                {"loc": ("body", *loc), "msg": _NUL_MESSAGE, "type": "string_nul"}
                for loc in _nul_locations(body)
            ]
    if errors:
        raise RequestValidationError(errors)


def _nul_locations(body: bytes) -> list[tuple[str | int, ...]]:
    try:
        document = json.loads(body)
    except ValueError:
        return []  # not JSON: the route's own parsing refuses it
    return list(_walk(document, ()))


def _walk(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, str):
        if NUL in value:
            yield loc
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                yield (*loc, "<key>")
            else:
                yield from _walk(item, (*loc, key))


_UNAUTHORIZED = {"model": ErrorAnswer, "description": "No valid bearer token."}
_FORBIDDEN = {"model": ErrorAnswer, "description": "The token's roles do not admit this route."}


def declare_auth_answers(routes: Iterable[BaseRoute], principal: Callable[..., Any]) -> None:
    """Add 401 (and 403 where a role is required) to every route depending on the caller."""
    for route in routes:
        if not isinstance(route, APIRoute):
            continue
        calls = set(_calls(route.dependant))
        if principal not in calls:
            continue
        route.responses.setdefault(401, _UNAUTHORIZED)
        if any(getattr(call, "requires_roles", False) for call in calls):
            route.responses.setdefault(403, _FORBIDDEN)


def _calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)
