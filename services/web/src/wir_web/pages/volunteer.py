"""A volunteer's own page: their profile as matching keeps it and the proposals made to them,
to accept or decline. Matching knows the volunteer by the token's subject."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_kit.auth import Role
from wir_web.backend import Invalid, NotFound, backend
from wir_web.csrf import checked_form
from wir_web.pages import matching_forms as forms
from wir_web.pages.matching import match_id_of
from wir_web.render import page
from wir_web.session import User, signed_in

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
Volunteer = Annotated[User, Depends(signed_in(Role.VOLUNTEER))]
DECLINE_REASONS = ("no_capacity", "not_a_good_fit", "unavailable", "other")


async def _profile(request: Request, user: User) -> dict[str, Any] | None:
    """The volunteer's profile; None when the account is no volunteer matching knows."""
    try:
        volunteer_id = UUID(user.principal.sub)
    except ValueError:
        return None
    try:
        found: dict[str, Any] = await backend(request).json(user, "matching", f"/volunteers/{volunteer_id}")
    except NotFound:
        return None
    return found


async def _page(request: Request, user: User, problem: str = "", status_code: int = 200) -> Response:
    proposals = await backend(request).json(user, "matching", "/volunteers/me/proposals")
    return page(
        request,
        "volunteer/home.html",
        user=user,
        status_code=status_code,
        v=await _profile(request, user),
        proposals=proposals,
        reasons=DECLINE_REASONS,
        problem=problem,
        answered=request.query_params.get("answered", ""),
        place_name=forms.place_name,
        language_name=forms.language_name,
    )


@router.get("/volunteer")
async def home(request: Request, user: Volunteer) -> Response:
    return await _page(request, user)


@router.post("/volunteer/proposals/{match_id}/accept")
async def accept(request: Request, user: Volunteer, match_id: str, _: Form) -> Response:
    return await _answer(request, user, match_id, "accept", None)


@router.post("/volunteer/proposals/{match_id}/decline")
async def decline(request: Request, user: Volunteer, match_id: str, form: Form) -> Response:
    reason = forms.text(form, "reason")
    return await _answer(request, user, match_id, "decline", {"reason": reason or "other"})


async def _answer(
    request: Request, user: User, match_id: str, step: str, body: dict[str, str] | None
) -> Response:
    path = f"/proposals/{match_id_of(match_id)}/{step}"
    try:
        await backend(request).call(user, "matching", "POST", path, json=body)
    except Invalid as refused:
        return await _page(request, user, problem="volunteer.answer_refused", status_code=refused.status)
    return RedirectResponse(f"/volunteer?answered={step}", status_code=303)
