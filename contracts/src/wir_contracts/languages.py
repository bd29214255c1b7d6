"""Languages, as ISO 639-3 codes: individual languages such as Dari (`prs`) are distinct."""

from __future__ import annotations

from functools import cache
from typing import Annotated

import pycountry
from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

__all__ = ["LanguageCode"]


@cache
def _codes() -> frozenset[str]:
    return frozenset(language.alpha_3 for language in pycountry.languages)


def _iso_639_3(code: str) -> str:
    if code not in _codes():
        raise PydanticCustomError("language_code", "not an ISO 639-3 language code")
    return code


LanguageCode = Annotated[
    str, AfterValidator(_iso_639_3), WithJsonSchema({"type": "string", "pattern": "^[a-z]{3}$"})
]
"""A lower-case ISO 639-3 code. The schema shows the format; the list is pycountry's."""
