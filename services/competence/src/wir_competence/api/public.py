"""The only routes without an account: an employer's share link and the check of a printed code.

Both answer 404 for anything that does not open, so probing reveals nothing; a genuine share
link past its expiry (a date its holder saw) answers 410, so the employer knows to ask again.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Response, status
from pydantic import BaseModel

from wir_competence import printing, shares, verification
from wir_competence.db import store
from wir_competence.document import SECTION_ORDER
from wir_competence.entries import Work
from wir_competence.occupations import occupation
from wir_competence.pdf import render
from wir_contracts.districts import district
from wir_kit.runtime import Runtime

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    status.HTTP_404_NOT_FOUND: {"description": "No such link or code (revoked and withdrawn links included)."}
}
_SHARE_ANSWERS: dict[int | str, dict[str, Any]] = {
    **_NOT_FOUND,
    status.HTTP_410_GONE: {"description": "The link has expired; the case manager can issue a new one."},
}
EXPIRED = "this link has expired: ask the case manager for a new one"


class SharedRecord(BaseModel):
    district: str
    expires_at: datetime
    sections: dict[str, list[dict[str, Any]]]


class Verification(BaseModel):
    district: str
    district_name: str
    record_version: int
    issued_on: date
    language: str
    superseded: bool


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
        district=district(opened.district).name, expires_at=opened.expires_at, sections=sections
    )


def _gone() -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, "not found")


async def _open(runtime: Runtime, token: str, action: str) -> shares.OpenedShare:
    try:
        opened = await shares.open_share(runtime.db, token, action)
    except shares.LinkExpired:
        raise HTTPException(status.HTTP_410_GONE, EXPIRED) from None
    if opened is None:
        raise _gone()
    return opened


def router(runtime: Runtime) -> APIRouter:
    api = APIRouter(tags=["public"])

    @api.get("/shares/{token}", responses=_SHARE_ANSWERS)
    async def open_share(token: str) -> SharedRecord:
        """What the person agreed to show this employer, while the link is valid."""
        return _shown(await _open(runtime, token, "share_opened"))

    @api.get(
        "/shares/{token}/document.pdf",
        response_class=Response,
        responses={
            **_SHARE_ANSWERS,
            200: {"content": {"application/pdf": {}}, "description": "The shared part."},
        },
    )
    async def print_share(token: str) -> Response:
        opened = await _open(runtime, token, "share_printed")
        document = printing.shared_document(
            opened.record, opened.sections, opened.district, opened.now, opened.expires_at
        )
        pdf = await asyncio.to_thread(render, document)
        return Response(pdf, media_type="application/pdf")

    @api.get("/verify/{code}", responses=_NOT_FOUND)
    async def verify(code: str) -> Verification:
        """Which district issued a printed record, which version it shows and when: nothing personal."""
        parsed = verification.parse_code(code)
        if parsed is None:
            raise _gone()
        district_code, normalised = parsed
        async with runtime.db.transaction(district_code) as tx:
            row = await store.document(tx, normalised)
        if row is None:
            raise _gone()
        return Verification(
            district=district_code,
            district_name=district(district_code).name,
            record_version=row["record_version"],
            issued_on=row["issued_at"].date(),
            language=row["language"],
            superseded=row["current_version"] != row["record_version"],
        )

    return api
