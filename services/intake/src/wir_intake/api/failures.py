"""Domain errors as HTTP answers: 422 naming the field, 404, 409, 412."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pydantic
from fastapi import HTTPException, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from wir_intake.domain.errors import Conflict, FieldError, NotFound, StaleVersion

NOT_FOUND = "not found"


def shown(body: BaseModel, status_code: int = status.HTTP_200_OK) -> JSONResponse:
    """The answer as JSON, as built: stored records are not validated again on the way out."""
    return JSONResponse(body.model_dump(mode="json"), status_code=status_code)


def invalid(loc: Sequence[str | int], kind: str, message: str) -> RequestValidationError:
    """A 422 in the kit's shape: the field's location, a message, a type; never the value."""
    return RequestValidationError([{"loc": tuple(loc), "msg": message, "type": kind}])


def _from_pydantic(exc: pydantic.ValidationError, prefix: tuple[str, ...]) -> RequestValidationError:
    errors: list[dict[str, Any]] = [
        {"loc": (*prefix, *error["loc"]), "msg": error["msg"], "type": error["type"]}
        for error in exc.errors(include_input=False, include_url=False, include_context=False)
    ]
    return RequestValidationError(errors)


@contextmanager
def answered_as_http(body: tuple[str, ...] = ("body",)) -> Iterator[None]:
    """Map what the domain refuses to the status a client can act on."""
    try:
        yield
    except FieldError as exc:
        raise invalid((*body, *exc.loc), exc.kind, exc.message) from None
    except pydantic.ValidationError as exc:
        raise _from_pydantic(exc, body) from None
    except NotFound:
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND) from None
    except Conflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, exc.message) from None
    except StaleVersion as exc:
        raise HTTPException(
            status.HTTP_412_PRECONDITION_FAILED,
            f"changed by someone else since it was read; now at version {exc.current}",
            headers={"ETag": etag(exc.current)},
        ) from None


def etag(version: int) -> str:
    return f'"{version}"'


def read_at(if_match: str | None) -> int | None:
    """The version an If-Match header names (`"3"`, `W/"3"`), or None without one."""
    if if_match is None:
        return None
    tag = if_match.strip().removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise invalid(("header", "If-Match"), "value_error", 'must be an ETag of this API, such as "3"')
    return int(tag)
