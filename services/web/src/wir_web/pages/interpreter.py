"""An interpreter's own page: their profile and the coming weeks' bookings, confirming or
declining the ones they are asked for. Interpreting has no "me" routes: the interpreter is the
token's subject, so their own profile and calendar are read by that id (interpreting admits
an interpreter to their own only)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from wir_kit.auth import Role
from wir_web import clock, forms, profiles
from wir_web.csrf import checked_form
from wir_web.pages import interpreting_forms as shared
from wir_web.pages.interpreting import helpers, recent_months
from wir_web.pages.interpreting_calendar import bookings_of
from wir_web.render import page
from wir_web.session import User, signed_in

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
Interpreter = Annotated[User, Depends(signed_in(Role.INTERPRETER))]
#: How far ahead the interpreter's page looks.
AHEAD = timedelta(weeks=8)


async def _page(request: Request, user: User, problem: str = "", status_code: int = 200) -> Response:
    own = await profiles.own_profile(request, user, shared.SERVICE, "interpreters")
    bookings: list[dict[str, Any]] = []
    if own is not None:
        first = clock.today() - timedelta(days=1)
        bookings = await bookings_of(request, user, own["interpreter_id"], first, first + AHEAD)
    return page(
        request,
        "interpreter/home.html",
        user=user,
        status_code=status_code,
        i=own,
        bookings=bookings,
        own=True,
        reasons=shared.DECLINE_REASONS,
        months=recent_months(),
        problem=problem,
        answered=request.query_params.get("answered", ""),
        **helpers(),
    )


@router.get("/interpreter")
async def home(request: Request, user: Interpreter) -> Response:
    return await _page(request, user)


@router.post("/interpreter/appointments/{appointment_id}/confirm")
async def confirm(request: Request, user: Interpreter, appointment_id: str, _: Form) -> Response:
    return await _answer(request, user, appointment_id, "confirm", None)


@router.post("/interpreter/appointments/{appointment_id}/decline")
async def decline(request: Request, user: Interpreter, appointment_id: str, form: Form) -> Response:
    return await _answer(request, user, appointment_id, "decline", profiles.decline_body(form))


async def _answer(
    request: Request, user: User, appointment_id: str, step: str, body: dict[str, str] | None
) -> Response:
    path = f"/appointments/{forms.path_id(appointment_id)}/{step}"
    refused = partial(_page, request, user, "interpreter.answer_refused")
    done = f"/interpreter?answered={step}"
    return await profiles.answer(request, user, shared.SERVICE, path, body, refused, done)
