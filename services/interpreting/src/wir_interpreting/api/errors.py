"""What interpreting's domain errors answer over HTTP, declared once (`ServiceSpec.errors`): 422
naming the field, 404 for what is not in the caller's district (or not theirs to see), 409 for a
step the state forbids. Routes let the errors propagate."""

from __future__ import annotations

from typing import Any

import pydantic
from fastapi.exceptions import RequestValidationError

from wir_interpreting.domain.errors import Conflict, FieldError, NotFound
from wir_kit import Answer, invalid, invalid_model, refused

NOT_FOUND = "not found"
#: A route's `responses` entry for a record that is not in the caller's district.
MISSING: dict[int | str, dict[str, Any]] = {404: {"description": NOT_FOUND}}


def _field(exc: FieldError) -> RequestValidationError:
    return invalid(("body", *exc.loc), exc.kind, exc.message)


ERRORS: dict[type[Exception], Answer] = {
    FieldError: _field,
    pydantic.ValidationError: invalid_model,
    NotFound: refused(404, NOT_FOUND),
    Conflict: refused(409, lambda e: e.message),
}
