"""What each of intake's domain errors answers over HTTP (the mapping the app registers)."""

from __future__ import annotations

import pydantic
import pytest
from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError

from wir_intake.api.errors import ERRORS
from wir_intake.domain.errors import Conflict, FieldError, NotFound, StaleVersion
from wir_intake.domain.person import PersonData


def test_a_refused_field_is_a_422_naming_it_in_the_body() -> None:
    answer = ERRORS[FieldError](FieldError(("members", 0, "person_id"), "not_found", "no such person"))
    assert isinstance(answer, RequestValidationError)
    assert answer.errors() == [
        {"loc": ("body", "members", 0, "person_id"), "msg": "no such person", "type": "not_found"}
    ]


def test_a_record_the_domain_refuses_is_a_422_naming_its_fields_without_their_values() -> None:
    with pytest.raises(pydantic.ValidationError) as refused:
        PersonData.model_validate({"given_names": "Amina", "family_name": "Rahimi", "gender": 7})
    answer = ERRORS[pydantic.ValidationError](refused.value)
    assert isinstance(answer, RequestValidationError)
    assert all(error["loc"][0] == "body" for error in answer.errors())
    assert "input" not in str(answer.errors())


@pytest.mark.parametrize(
    ("error", "status", "detail", "headers"),
    [
        (NotFound(), 404, "not found", None),
        (Conflict("the need is closed"), 409, "the need is closed", None),
        (
            StaleVersion(4),
            412,
            "changed by someone else since it was read; now at version 4",
            {"ETag": '"4"'},
        ),
    ],
)
def test_a_domain_error_answers_with_its_status(
    error: Exception, status: int, detail: str, headers: dict[str, str] | None
) -> None:
    answer = ERRORS[type(error)](error)
    assert isinstance(answer, HTTPException)
    assert (answer.status_code, answer.detail, answer.headers) == (status, detail, headers)
