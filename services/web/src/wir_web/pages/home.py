"""The start page: where each role begins."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from wir_web.render import page
from wir_web.session import current_user

router = APIRouter()


@router.get("/")
async def home(request: Request) -> Response:
    user = await current_user(request)
    if user is None:
        return RedirectResponse("/signin", status_code=303)
    return page(request, "home.html", user=user, roles=sorted(role.value for role in user.principal.roles))
