"""The check of a printed code, without an account: which district issued a printed record,
which version it shows and when; nothing about the person. A code never printed answers 404."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel

from wir_competence.api.errors import LINK_NOT_FOUND
from wir_competence.commands import documents
from wir_contracts.districts import district
from wir_kit import Database

router = APIRouter(tags=["public"])


class Verification(BaseModel):
    district: str
    district_name: str
    record_version: int
    issued_on: date
    language: str
    superseded: bool


@router.get("/verify/{code}", responses=LINK_NOT_FOUND)
async def verify(code: str, db: Database) -> Verification:
    """Which district issued a printed record, which version it shows and when: nothing personal."""
    printed = await documents.verify(db, code)
    return Verification(
        district=printed.district,
        district_name=district(printed.district).name,
        record_version=printed.record_version,
        issued_on=printed.issued_on,
        language=printed.language,
        superseded=printed.superseded,
    )
