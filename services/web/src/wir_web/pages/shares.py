"""The employer's pages of a share link, without an account: the shared part of a
Kompetenznachweis in German (English on request) and its PDF. A link that opens nothing says so
in plain words; competence tells an expired link (410) from one that never opens (404)."""

from __future__ import annotations

import re
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import Response

from wir_web.backend import ServiceDown, backend
from wir_web.pages.records_labels import Words
from wir_web.render import page

router = APIRouter()
SERVICE = "competence"
#: `<district>.<43 random characters>`; anything else cannot be a link and is not sent on.
_TOKEN = re.compile(r"[0-9]{5}\.[A-Za-z0-9_-]{20,100}")
#: What each of competence's refusals is to the employer, and the status the page answers with.
_GONE = {404: "unknown", 410: "expired", 429: "busy"}
_PAGE_LANGUAGES = ("de", "en")


def _language(lang: str | None) -> str:
    return lang if lang in _PAGE_LANGUAGES else "de"


async def _fetch(request: Request, token: str, suffix: str = "") -> httpx.Response | None:
    """Competence's answer for the link; None when the text cannot be a link at all."""
    if not _TOKEN.fullmatch(token):
        return None
    client = request.client.host if request.client else None
    # Competence limits requests per client address: it sees the employer's behind this app
    # only where it trusts this app as a proxy (uvicorn --forwarded-allow-ips).
    headers = {"X-Forwarded-For": client} if client else {}
    return await backend(request).call(
        None, SERVICE, "GET", f"/shares/{token}{suffix}", headers=headers, accept=tuple(_GONE)
    )


def _gone(request: Request, lang: str, status: int, retry_after: str | None = None) -> Response:
    reason = _GONE.get(status, "down")
    answer = page(
        request, "share/gone.html", language=lang, status_code=status, reason=reason, page_language=lang
    )
    if retry_after:
        answer.headers["Retry-After"] = retry_after
    return answer


async def _answer_or_gone(
    request: Request, token: str, lang: str, suffix: str = ""
) -> Response | httpx.Response:
    try:
        answer = await _fetch(request, token, suffix)
    except ServiceDown:
        return _gone(request, lang, 503)
    if answer is None:
        return _gone(request, lang, 404)
    if answer.status_code != 200:
        return _gone(request, lang, answer.status_code, answer.headers.get("retry-after"))
    return answer


@router.get("/share/{token}.pdf")
@router.get("/shares/{token}/document.pdf")
async def shared_pdf(request: Request, token: str, lang: str | None = None) -> Response:
    """The shared part as competence prints it; each download is logged there."""
    answer = await _answer_or_gone(request, token, _language(lang), "/document.pdf")
    if isinstance(answer, Response):
        return answer
    headers = {
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": 'attachment; filename="kompetenznachweis.pdf"',
    }
    return Response(answer.content, media_type="application/pdf", headers=headers)


@router.get("/share/{token}")
@router.get("/shares/{token}")
async def shared_record(request: Request, token: str, lang: str | None = None) -> Response:
    """What the person agreed to show this employer, while the link is valid."""
    shown = _language(lang)
    answer = await _answer_or_gone(request, token, shown)
    if isinstance(answer, Response):
        return answer
    shared: dict[str, Any] = answer.json()
    return page(
        request,
        "share/record.html",
        language=shown,
        shared=shared,
        holder=shared.get("holder"),
        token=token,
        words=Words(shown),
        page_language=shown,
    )
