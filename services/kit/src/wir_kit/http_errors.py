"""Named domain errors as HTTP answers, declared once per service (`ServiceSpec.errors`).

A route lets a domain error propagate (its transaction rolls back on the way out); the app
factory registers one handler per declared error type, so no route maps errors by hand.
Answers name a field or a state, never a submitted value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pydantic
from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette import status
from starlette.exceptions import HTTPException as StarletteHTTPException

#: Turns one error into what the client is told: an HTTP error or a 422 naming the field.
Answer = Callable[[Any], HTTPException | RequestValidationError]


def refused(
    status_code: int,
    detail: str | Callable[[Any], str],
    *,
    headers: Callable[[Any], dict[str, str]] | None = None,
) -> Answer:
    """An answer with a fixed status; `detail` and `headers` may depend on the error."""

    def answer(exc: Any) -> HTTPException:
        text = detail(exc) if callable(detail) else detail
        return HTTPException(status_code, text, headers=headers(exc) if headers else None)

    return answer


def invalid(loc: Sequence[str | int], kind: str, message: str) -> RequestValidationError:
    """A 422 in the kit's shape: the field's location, a message, a type; never the value."""
    return RequestValidationError([{"loc": tuple(loc), "msg": message, "type": kind}])


def invalid_model(exc: pydantic.ValidationError, prefix: Sequence[str] = ("body",)) -> RequestValidationError:
    """A model the domain built from the request refused it: the same 422 as the request's own."""
    errors: list[dict[str, Any]] = [
        {"loc": (*prefix, *error["loc"]), "msg": error["msg"], "type": error["type"]}
        for error in exc.errors(include_input=False, include_url=False, include_context=False)
    ]
    return RequestValidationError(errors)


def shown(body: BaseModel, status_code: int = status.HTTP_200_OK) -> JSONResponse:
    """The answer as JSON, as built: stored records are not validated again on the way out."""
    return JSONResponse(body.model_dump(mode="json"), status_code=status_code)


async def validation_failed(_request: Request, exc: Exception) -> JSONResponse:
    # Pydantic's `input` and `ctx` quote what was submitted; `loc` alone names the field.
    errors = exc.errors() if isinstance(exc, RequestValidationError) else ()
    detail = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in errors]
    return JSONResponse({"detail": detail}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


async def unparsable_body(request: Request, exc: Exception) -> Response:
    """FastAPI answers an undeclared 400 for a JSON body it cannot even decode (bytes that are
    not UTF-8): the same 422 naming the body as for any other malformed JSON."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        return await validation_failed(request, invalid(("body",), "json_invalid", "body is not UTF-8 JSON"))
    return await http_exception_handler(request, exc)


def register(app: FastAPI, errors: Mapping[type[Exception], Answer]) -> None:
    """One exception handler per declared error type."""
    app.add_exception_handler(RequestValidationError, validation_failed)
    # FastAPI raises Starlette's class for a body it cannot parse; routes raise its subclass.
    app.add_exception_handler(StarletteHTTPException, unparsable_body)
    for kind, answer in errors.items():
        app.add_exception_handler(kind, _handler(answer))


def _handler(answer: Answer) -> Callable[[Request, Exception], Any]:
    async def handle(request: Request, exc: Exception) -> Response:
        outcome = answer(exc)
        if isinstance(outcome, RequestValidationError):
            return await validation_failed(request, outcome)
        return await http_exception_handler(request, outcome)

    return handle
