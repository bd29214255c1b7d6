"""PersonIdentified: a name in both scripts and a date of birth known in part; impossible dates
and empty names are refused without echoing them."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from wir_contracts.intake.v1 import DateOfBirth, PersonIdentified
from wir_contracts.snapshots import example_payloads

[AMINA, OLEKSANDR] = example_payloads(PersonIdentified)


@pytest.mark.parametrize(
    "born", [{"year": 1994}, {"year": 1994, "month": 3}, {"year": 2000, "month": 2, "day": 29}]
)
def test_a_date_of_birth_may_be_known_in_part(born: dict[str, int]) -> None:
    assert DateOfBirth.model_validate(born).model_dump(exclude_none=True) == born


@pytest.mark.parametrize(
    ("born", "message"),
    [
        ({"year": 1994, "day": 12}, "a day needs a month"),
        ({"year": 1994, "month": 2, "day": 30}, "no such date"),
        ({"year": 2001, "month": 2, "day": 29}, "no such date"),
    ],
)
def test_an_impossible_date_of_birth_is_refused(born: dict[str, int], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        DateOfBirth.model_validate(born)
    assert [error["msg"] for error in caught.value.errors(include_input=False)] == [message]


@pytest.mark.parametrize(
    "born", [{"year": 1899}, {"year": 1994, "month": 13}, {"year": 1994, "month": 1, "day": 0}]
)
def test_a_date_of_birth_out_of_range_is_refused(born: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        DateOfBirth.model_validate(born)


@pytest.mark.parametrize(
    ("field", "value"), [("name_original", ""), ("name_original", "x" * 402), ("name_latin", "")]
)
def test_an_empty_or_overlong_name_is_refused_without_echoing_it(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        PersonIdentified.model_validate({**AMINA, field: value})
    assert [error["loc"] for error in caught.value.errors(include_input=False)] == [(field,)]
    if value:
        assert value not in str(caught.value)


def test_the_latin_name_and_the_date_of_birth_may_be_unknown() -> None:
    event = PersonIdentified.model_validate(OLEKSANDR)
    assert (event.name_original, event.name_latin, event.date_of_birth) == ("Олександр Коваленко", None, None)
