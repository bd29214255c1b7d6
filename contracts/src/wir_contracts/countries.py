"""Countries, as ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

from functools import cache
from typing import Annotated

import pycountry
from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

__all__ = ["CountryCode"]


@cache
def _codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def _iso_3166_1(code: str) -> str:
    if code not in _codes():
        raise PydanticCustomError("country_code", "not an ISO 3166-1 alpha-2 country code")
    return code


CountryCode = Annotated[
    str, AfterValidator(_iso_3166_1), WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$"})
]
"""An upper-case ISO 3166-1 alpha-2 code. The schema shows the format; the list is pycountry's."""
