"""Booking an interpreter for an appointment (with or without a person), the request's outcome
(who was asked, or why nobody), and a coordinator's assignment by hand."""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_kit.auth import Role
from wir_web import forms, profiles
from wir_web.backend import Invalid, NotFound, backend
from wir_web.csrf import checked_form
from wir_web.i18n import staff_language, translate
from wir_web.pages import interpreting_forms as shared
from wir_web.pages.interpreting import helpers, pool_of
from wir_web.render import page
from wir_web.session import Coordinator, Staff, User

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]


def _person(value: str | None) -> str:
    try:
        return str(UUID(value)) if value else ""
    except ValueError:
        return ""


def _form_page(request: Request, user: User, filled: forms.Filled, status_code: int = 200) -> Response:
    lang = staff_language(request)
    return page(
        request,
        "interpreting/request_form.html",
        user=user,
        status_code=status_code,
        values=filled.values,
        errors=filled.errors,
        languages=profiles.language_choices(lang),
        modes=[(m, translate(lang, f"interpreting.mode_{m}")) for m in shared.MODES],
        venues=[(v, translate(lang, f"interpreting.venue_{v}")) for v in shared.VENUES],
        municipalities=profiles.municipalities(user.district),
    )


@router.get("/interpreting/requests/new")
async def new_request(request: Request, user: Staff, person_id: str = "") -> Response:
    values = {"form_key": str(uuid.uuid4()), "person_id": _person(person_id), "mode": "on_site"}
    return _form_page(request, user, forms.Filled(values=values))


@router.post("/interpreting/requests")
async def create_request(request: Request, user: Staff, form: Form) -> Response:
    """Ask interpreting for an interpreter; a double submit of the same form asks once."""
    form_key = forms.text(form, "form_key")
    made = forms.remembered(request, form_key)
    if made is None:
        filled = forms.Filled(values=forms.form_values(form))
        filled.values["person_id"] = _person(filled.values.get("person_id"))
        body = shared.request_body(form, filled, staff_language(request))
        if body is None:
            return _form_page(request, user, filled, status_code=422)
        body["person_id"] = filled.values["person_id"] or None
        try:
            answer = await backend(request).call(user, shared.SERVICE, "POST", "/appointments", json=body)
        except Invalid as problem:
            detail = (
                translate(staff_language(request), "interpreting.no_consent") if problem.status == 409 else ""
            )
            filled.place(problem.fields or {"form": detail or problem.detail}, shared.ALIASES)
            return _form_page(request, user, filled, status_code=422)
        made = str(answer.json()["appointment_id"])
        forms.remember(request, form_key, made)
    return RedirectResponse(f"/interpreting/requests/{made}?new=1", status_code=303)


async def _interpreter_name(request: Request, user: User, appointment: dict[str, Any]) -> str:
    """The asked interpreter's name, for a coordinator of their own pool; else nothing."""
    found = appointment.get("interpreter_id")
    if (
        not found
        or not user.has(Role.COORDINATOR)
        or appointment.get("interpreter_district") != user.district
    ):
        return ""
    try:
        interpreter = await backend(request).json(user, shared.SERVICE, f"/interpreters/{found}")
    except NotFound:
        return ""
    return str(interpreter["contact"]["display_name"])


def unfilled_reason(appointment: dict[str, Any], just_made: bool) -> str:
    """Why nobody holds the appointment. Interpreting's answer does not say (yet); a request
    unfilled when it is made found speakers of the language (else it is refused) but nobody free."""
    stated = appointment.get("unfilled_reason")
    if isinstance(stated, str) and stated in shared.UNFILLED_REASONS:
        return stated
    return "none_available" if just_made else "unknown"


async def _outcome(
    request: Request, user: User, appointment_id: str, problem: str = "", status: int = 200
) -> Response:
    appointment = await backend(request).json(user, shared.SERVICE, f"/appointments/{appointment_id}")
    just_made = request.query_params.get("new") == "1"
    pool = (
        await pool_of(request, user)
        if user.has(Role.COORDINATOR) and appointment["state"] in ("open", "unfilled")
        else []
    )
    return page(
        request,
        "interpreting/request.html",
        user=user,
        status_code=status,
        a=appointment,
        just_made=just_made,
        interpreter_name=await _interpreter_name(request, user, appointment),
        reason=unfilled_reason(appointment, just_made),
        pool=pool,
        problem=problem,
        **helpers(),
    )


@router.get("/interpreting/requests/{appointment_id}")
async def request_page(request: Request, user: Staff, appointment_id: str) -> Response:
    return await _outcome(request, user, forms.path_id(appointment_id))


@router.post("/interpreting/requests/{appointment_id}/assign")
async def assign(request: Request, user: Coordinator, appointment_id: str, form: Form) -> Response:
    found = forms.path_id(appointment_id)
    body = {"interpreter_id": forms.text(form, "interpreter_id")}
    try:
        await backend(request).call(user, shared.SERVICE, "POST", f"/appointments/{found}/assign", json=body)
    except Invalid as problem:
        return await _outcome(
            request, user, found, problem="interpreting.assign_refused", status=problem.status
        )
    return RedirectResponse(f"/interpreting/requests/{found}", status_code=303)
