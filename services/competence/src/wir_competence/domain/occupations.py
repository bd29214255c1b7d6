"""Occupations, coded in ISCO-08 unit groups, with German and English titles (shipped data).

The source and licence of the data are in `data/isco08.csv`'s header and the service README.
No package on PyPI or npm carries ISCO or ESCO titles in the other document languages (ESCO's
own Arabic and Ukrainian labels come only as its download), so a document in any other language
prints the English title and says that it is English (`title_language`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError


@dataclass(frozen=True, slots=True)
class Occupation:
    code: str
    title_en: str
    title_de: str

    def title(self, language: str) -> str:
        """The title in `language` (ISO 639-1); English where no German is asked for."""
        return self.title_de if language == "de" else self.title_en

    def title_language(self, language: str) -> str:
        """The language `title(language)` is really in: a caller marks it where it is not `language`."""
        return "de" if language == "de" else "en"


@cache
def catalogue() -> dict[str, Occupation]:
    text = files("wir_competence.domain").joinpath("data/isco08.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["code"]: Occupation(row["code"], row["title_en"], row["title_de"]) for row in rows}


def occupation(code: str) -> Occupation:
    return catalogue()[code]


def search(text: str, limit: int = 20) -> list[Occupation]:
    """Occupations whose code starts with `text` or whose title contains it, in code order."""
    needle = text.casefold().strip()
    found = (
        item
        for item in catalogue().values()
        if item.code.startswith(needle)
        or needle in item.title_en.casefold()
        or needle in item.title_de.casefold()
    )
    return [item for _, item in zip(range(limit), found, strict=False)]


def _known(code: str) -> str:
    if code not in catalogue():
        raise PydanticCustomError("occupation_code", "not an ISCO-08 unit group code")
    return code


OccupationCode = Annotated[
    str, AfterValidator(_known), WithJsonSchema({"type": "string", "pattern": "^[0-9]{4}$"})
]
"""An ISCO-08 unit group (four digits), as listed in the shipped catalogue."""
