"""A volunteer's own page: their profile as matching keeps it and the proposals made to them,
to accept or decline. Matching knows the volunteer by the token's subject."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from wir_kit.auth import Role
from wir_web import forms, profiles
from wir_web.backend import backend
from wir_web.csrf import checked_form
from wir_web.render import page
from wir_web.session import User, signed_in

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
Volunteer = Annotated[User, Depends(signed_in(Role.VOLUNTEER))]
DECLINE_REASONS = ("no_capacity", "not_a_good_fit", "unavailable", "other")


async def _page(request: Request, user: User, problem: str = "", status_code: int = 200) -> Response:
    proposals = await backend(request).json(user, "matching", "/volunteers/me/proposals")
    return page(
        request,
        "volunteer/home.html",
        user=user,
        status_code=status_code,
        v=await profiles.own_profile(request, user, "matching", "volunteers"),
        proposals=proposals,
        reasons=DECLINE_REASONS,
        problem=problem,
        answered=request.query_params.get("answered", ""),
        place_name=profiles.place_name,
        language_name=profiles.language_name,
    )


@router.get("/volunteer")
async def home(request: Request, user: Volunteer) -> Response:
    return await _page(request, user)


@router.post("/volunteer/proposals/{match_id}/accept")
async def accept(request: Request, user: Volunteer, match_id: str, _: Form) -> Response:
    return await _answer(request, user, match_id, "accept", None)


@router.post("/volunteer/proposals/{match_id}/decline")
async def decline(request: Request, user: Volunteer, match_id: str, form: Form) -> Response:
    return await _answer(request, user, match_id, "decline", profiles.decline_body(form))


async def _answer(
    request: Request, user: User, match_id: str, step: str, body: dict[str, str] | None
) -> Response:
    path = f"/proposals/{forms.path_id(match_id)}/{step}"
    refused = partial(_page, request, user, "volunteer.answer_refused")
    return await profiles.answer(
        request, user, "matching", path, body, refused, f"/volunteer?answered={step}"
    )
