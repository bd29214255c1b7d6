"""Staff route of the printed record: the Kompetenznachweis as a bilingual PDF."""

from __future__ import annotations

import asyncio
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from wir_competence.adapters.pdf import render
from wir_competence.api.deps import Config
from wir_competence.api.errors import RECORD_NOT_FOUND
from wir_competence.commands import documents
from wir_contracts.languages import LanguageCode
from wir_kit import Database, Staff

router = APIRouter(prefix="/records/{person_id}", tags=["records"], responses=RECORD_NOT_FOUND)


@router.get(
    "/document.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The Kompetenznachweis."}},
)
async def print_record(
    person_id: UUID,
    db: Database,
    caller: Staff,
    settings: Config,
    lang: Annotated[LanguageCode | None, Query()] = None,
) -> Response:
    """The Kompetenznachweis in German and `lang` (ISO 639-3; default: the preferred language)."""
    async with db.transaction(caller.district) as tx:
        draft = await documents.staff_draft(tx, person_id, lang, settings)
    # Layout is CPU work of a few hundred milliseconds: off the event loop and with no
    # transaction (nor pooled connection) held meanwhile. Its code is recorded only afterwards,
    # so a code exists only for a document that was made.
    pdf = await asyncio.to_thread(render, draft.document)
    async with db.transaction(caller.district) as tx:
        await documents.record_issue(tx, draft, caller.sub)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="kompetenznachweis.pdf"'},
    )
