"""A person's Kompetenznachweis for staff: the record page (entries by kind, the employer shares,
the history of changes) and its PDF. Case managers change it; coordinators read it."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from wir_kit.auth import Role
from wir_web.backend import Backend, Invalid, NotFound, backend
from wir_web.forms import path_id
from wir_web.i18n import staff_language
from wir_web.pages.records_labels import KINDS, Words
from wir_web.render import page
from wir_web.session import Staff, User

router = APIRouter()
SERVICE = "competence"
#: A share's validity offered first: long enough for an application, far below competence's limit.
DEFAULT_SHARE_DAYS = 14
#: The PDF is the person's data like any page: kept by no cache, sent on as no referrer.
PDF_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": 'inline; filename="kompetenznachweis.pdf"',
}


def words(request: Request) -> Words:
    return Words(staff_language(request))


async def occupation_titles(b: Backend, user: User, codes: set[str]) -> dict[str, dict[str, str]]:
    """{code: {"de": title, "en": title}} of the ISCO-08 codes the entries name."""

    async def one(code: str) -> tuple[str, dict[str, str]]:
        found = await b.json(user, SERVICE, "/occupations", q=code)
        for item in found:
            if item.get("code") == code:
                return code, {"de": item["title_de"], "en": item["title_en"]}
        return code, {}

    return dict(await asyncio.gather(*(one(code) for code in sorted(codes))))


def by_kind(entries: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The entries grouped as the printed record orders them; kinds without entries too."""
    groups: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for item in entries:
        groups.setdefault(item["entry"]["kind"], []).append(item)
    return list(groups.items())


def with_states(shares: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Each share with whether its link opens: `active`, `expired`, `revoked` or `withdrawn`."""
    for share in shares:
        expired = datetime.fromisoformat(share["expires_at"]) <= now
        if share.get("revoked_at"):
            # Revoked by staff, or stopped for good when the person withdrew the consent.
            share["state"] = "revoked" if share.get("revoked_because") in (None, "revoked") else "withdrawn"
        else:
            share["state"] = "expired" if expired else "active"
    return shares


def moment(text: str | None) -> str | None:
    """A point in time to read the record at, if `text` is one with a zone; else none."""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.isoformat() if parsed.tzinfo is not None else None


async def record_context(
    request: Request, user: User, person_id: str, at: str | None = None
) -> dict[str, Any]:
    """What the record page shows: the record (now or at `at`), its history and its shares."""
    b = backend(request)
    path = f"/records/{person_id}"
    record, history, shares = await asyncio.gather(
        b.json(user, SERVICE, path, at=at),
        b.json(user, SERVICE, f"{path}/history"),
        b.json(user, SERVICE, f"{path}/shares"),
    )
    now = datetime.now(UTC)
    codes = {item["entry"]["occupation"] for item in record["entries"] if item["entry"]["kind"] == "work"}
    return {
        "person_id": person_id,
        "record": record,
        "groups": by_kind(record["entries"]),
        "history": history,
        "shares": with_states(shares, now),
        "share_default": (now + timedelta(days=DEFAULT_SHARE_DAYS)).date().isoformat(),
        "titles": await occupation_titles(b, user, codes),
        "words": words(request),
        "at": at,
        "can_edit": user.has(Role.CASE_MANAGER) and at is None,
        "can_share": "share_with_employers" in record.get("consents", ()),
    }


def record_page(
    request: Request, user: User, context: Mapping[str, Any], status_code: int = 200, **more: Any
) -> HTMLResponse:
    return page(request, "records/record.html", user=user, status_code=status_code, **context, **more)


@router.get("/people/{person_id}/record")
async def show_record(request: Request, person_id: str, user: Staff, at: str | None = None) -> Response:
    context = await record_context(request, user, path_id(person_id), moment(at))
    return record_page(request, user, context)


@router.get("/people/{person_id}/record.pdf")
async def record_pdf(request: Request, person_id: str, user: Staff, lang: str | None = None) -> Response:
    """Competence's PDF as it comes, with the signed-in user's token; printing is logged there."""
    second = lang if lang and len(lang) == 3 and lang.isascii() and lang.isalpha() else None
    try:
        answer = await backend(request).call(
            user,
            SERVICE,
            "GET",
            f"/records/{path_id(person_id)}/document.pdf",
            params={"lang": second.lower()} if second else None,
        )
    except Invalid:
        raise NotFound from None  # a language competence does not know: no such document
    return Response(answer.content, media_type="application/pdf", headers=PDF_HEADERS)
