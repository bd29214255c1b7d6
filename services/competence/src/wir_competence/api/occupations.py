"""Staff route of the occupations catalogue (ISCO-08 unit groups) entries of work refer to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from wir_competence.domain import occupations
from wir_kit import Staff

router = APIRouter(tags=["occupations"])


class OccupationOut(BaseModel):
    code: str
    title_de: str
    title_en: str


@router.get("/occupations")
async def find_occupations(
    caller: Staff, q: Annotated[str, Query(min_length=1, max_length=100)]
) -> list[OccupationOut]:
    """ISCO-08 unit groups whose code starts with `q` or whose German or English title has it."""
    return [
        OccupationOut(code=item.code, title_de=item.title_de, title_en=item.title_en)
        for item in occupations.search(q)
    ]
