"""The check of a printed code, without an account: which district issued a printed record,
which version it shows and when, and the holder's initials as printed; nothing more about the
person (not even the document's second language, which would hint at their origin). A code never
printed answers 404."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel, Field

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
    superseded: bool
    holder_initials: str | None = Field(
        description='The initials of the holder named on the paper ("A. R."); null if it names none.'
    )


@router.get("/verify/{code}", responses=LINK_NOT_FOUND)
async def verify(code: str, db: Database) -> Verification:
    """Which district issued a printed record, which version it shows and when, and the holder's
    initials: enough to match the paper, too little to learn who the person is."""
    printed = await documents.verify(db, code)
    return Verification(
        district=printed.district,
        district_name=district(printed.district).name,
        record_version=printed.record_version,
        issued_on=printed.issued_on,
        superseded=printed.superseded,
        holder_initials=printed.holder_initials,
    )
