"""The routes of an employer's share link, without an account: the shared sections as JSON or PDF.

A link that opens nothing (unknown, tampered, revoked, consent withdrawn) answers 404, so probing
reveals nothing; a genuine link past its expiry (a date its holder saw) answers 410, so the
employer knows to ask again (both in `api/errors.py`).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from wir_competence.adapters.pdf import render
from wir_competence.api.errors import LINK_ANSWERS
from wir_competence.api.share_limits import TOO_MANY, ShareLimit, too_many
from wir_competence.commands import documents, shares
from wir_competence.domain.document import SECTION_ORDER
from wir_competence.domain.entries import Work
from wir_competence.domain.holder import Holder
from wir_competence.domain.occupations import occupation
from wir_contracts.districts import district
from wir_kit import Database

router = APIRouter(prefix="/shares/{token}", tags=["public"], responses={**LINK_ANSWERS, **TOO_MANY})


class BirthDateOut(BaseModel):
    year: int
    month: int | None
    day: int | None


class HolderOut(BaseModel):
    name_latin: str | None = Field(description="The name in Latin script, as in the person's documents.")
    name_original: str = Field(description="The name in the person's own script.")
    date_of_birth: BirthDateOut | None = Field(description="As far as known; null when unknown.")


class SharedRecord(BaseModel):
    district: str
    expires_at: datetime
    holder: HolderOut | None = Field(
        description="Whose record it is; null while the name is not known to the service yet."
    )
    sections: dict[str, list[dict[str, Any]]]


def _holder(holder: Holder | None) -> HolderOut | None:
    if holder is None:
        return None
    born = holder.born
    return HolderOut(
        name_latin=holder.name_latin,
        name_original=holder.name_original,
        date_of_birth=None if born is None else BirthDateOut(year=born.year, month=born.month, day=born.day),
    )


def _shown(opened: shares.OpenedShare) -> SharedRecord:
    sections: dict[str, list[dict[str, Any]]] = {
        kind.value: [] for kind in SECTION_ORDER if kind in opened.sections
    }
    for stored in opened.record.entries:
        shown = stored.entry.model_dump(mode="json")
        if isinstance(stored.entry, Work):
            job = occupation(stored.entry.occupation)
            shown["occupation_title"] = {"de": job.title_de, "en": job.title_en}
        sections[stored.entry.kind].append(shown)
    return SharedRecord(
        district=district(opened.district).name,
        expires_at=opened.expires_at,
        holder=_holder(opened.holder),
        sections=sections,
    )


@router.get("")
async def open_share(token: str, db: Database, _limits: ShareLimit) -> SharedRecord:
    """What the person agreed to show this employer, while the link is valid."""
    return _shown(await shares.open_share(db, token, "share_opened"))


@router.get(
    "/document.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The shared part."}},
)
async def print_share(token: str, db: Database, limits: ShareLimit) -> Response:
    if limits.renders.locked():
        raise too_many(1)  # as many PDFs as this replica renders at once are under way
    async with limits.renders:
        opened = await shares.open_share(db, token, "share_printed")
        document = documents.shared_document(
            opened.record, opened.holder, opened.sections, opened.district, opened.now, opened.expires_at
        )
        # Outside any transaction (open_share has committed) and off the event loop.
        pdf = await asyncio.to_thread(render, document)
    return Response(pdf, media_type="application/pdf")
