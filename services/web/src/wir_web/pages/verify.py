"""Checking the code printed on a Kompetenznachweis, without an account: which district issued
it, which version it shows and when, whether a newer one exists, the holder's initials."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from wir_web.backend import ServiceDown, backend
from wir_web.pages.records_labels import Words
from wir_web.render import page

router = APIRouter()
SERVICE = "competence"
#: Longer than any code (`06431-7K3M-Q9PZ-2D4F`) with room for spaces typed around it.
_LONGEST = 40


def _normalised(code: str) -> str | None:
    """The code as printed (upper case, no spaces); None if it cannot be one."""
    text = "".join(code.split()).upper()
    if not text or len(text) > _LONGEST or not all(c.isascii() and (c.isalnum() or c == "-") for c in text):
        return None
    return text


async def _result(request: Request, code: str) -> tuple[str, dict[str, object] | None, int]:
    """(`valid`, `unknown` or `down`, what competence says of the code, the page's status)."""
    normalised = _normalised(code)
    if normalised is None:
        return "unknown", None, 404
    try:
        answer = await backend(request).call(None, SERVICE, "GET", f"/verify/{normalised}", accept=(404,))
    except ServiceDown:
        return "down", None, 503
    if answer.status_code == 404:
        return "unknown", None, 404
    found: dict[str, object] = answer.json()
    return "valid", found, 200


async def _verify_page(request: Request, code: str | None) -> Response:
    outcome, found, status = await _result(request, code) if code else ("", None, 200)
    return page(
        request,
        "share/verify.html",
        language="de",
        status_code=status,
        code=(code or "").strip()[:_LONGEST],
        outcome=outcome,
        found=found,
        words=Words("de"),
    )


@router.get("/verify")
async def verify_form(request: Request, code: str | None = None) -> Response:
    return await _verify_page(request, code)


@router.get("/verify/{code}")
async def verify_printed(request: Request, code: str) -> Response:
    """The address printed on the PDF where competence's public address is this app's."""
    return await _verify_page(request, code)
