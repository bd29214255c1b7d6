"""The district's language pool: a coordinator registers an interpreter, reads their profile
and documents, records a document, sets their weekly availability and deactivates them."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_web import forms, profiles
from wir_web.backend import Invalid, backend
from wir_web.csrf import checked_form
from wir_web.i18n import staff_language, translate
from wir_web.pages import interpreting_forms as shared
from wir_web.pages.interpreting import helpers, recent_months
from wir_web.render import page
from wir_web.session import Coordinator, User

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]


def _form_page(request: Request, user: User, filled: forms.Filled, status_code: int = 200) -> Response:
    lang = staff_language(request)
    return page(
        request,
        "interpreting/interpreter_form.html",
        user=user,
        status_code=status_code,
        values=filled.values,
        errors=filled.errors,
        languages=profiles.language_choices(lang),
        levels=[(level, level) for level in profiles.LEVELS],
        modes=[(m, translate(lang, f"interpreting.mode_{m}")) for m in shared.MODES],
        municipalities=profiles.municipalities(user.district),
    )


@router.get("/interpreting/interpreters/new")
async def new_interpreter(request: Request, user: Coordinator) -> Response:
    values = {
        "form_key": str(uuid.uuid4()),
        "preferred_language": "deu",
        "travel_km": "25",
        "german_level": "C1",
    }
    return _form_page(request, user, forms.Filled(values=values))


REGISTRATION = profiles.Registration(
    service=shared.SERVICE,
    path="/interpreters",
    id_key="interpreter_id",
    multiple=("modes", "channels"),
    aliases=shared.ALIASES,
    body=shared.interpreter_body,
    shown_at="/interpreting/interpreters",
)


@router.post("/interpreting/interpreters")
async def create_interpreter(request: Request, user: Coordinator, form: Form) -> Response:
    again = partial(_form_page, request, user, status_code=422)
    return await profiles.register_once(request, user, form, REGISTRATION, again)


async def _interpreter_page(
    request: Request, user: User, interpreter_id: str, filled: forms.Filled | None = None, status: int = 200
) -> Response:
    interpreter = await backend(request).json(user, shared.SERVICE, f"/interpreters/{interpreter_id}")
    filled = filled or forms.Filled(values=profiles.profile_values(interpreter))
    return page(
        request,
        "interpreting/interpreter.html",
        user=user,
        status_code=status,
        i=interpreter,
        **profiles.documents(interpreter, shared.DOCUMENTS),
        values=filled.values,
        errors=filled.errors,
        months=recent_months(),
        registered=request.query_params.get("registered") == "1",
        **helpers(),
    )


@router.get("/interpreting/interpreters/{interpreter_id}")
async def interpreter(request: Request, user: Coordinator, interpreter_id: str) -> Response:
    return await _interpreter_page(request, user, forms.path_id(interpreter_id))


@router.post("/interpreting/interpreters/{interpreter_id}/documents")
async def record_document(request: Request, user: Coordinator, interpreter_id: str, form: Form) -> Response:
    found = forms.path_id(interpreter_id)
    again = partial(_interpreter_page, request, user, found, status=422)
    page_path = f"/interpreting/interpreters/{found}"
    return await profiles.record_document(
        request, user, form, shared.SERVICE, f"/interpreters/{found}", shared.DOCUMENTS, again, page_path
    )


@router.post("/interpreting/interpreters/{interpreter_id}/availability")
async def availability(request: Request, user: Coordinator, interpreter_id: str, form: Form) -> Response:
    """The weekly windows as entered; absences on record stay as they are."""
    found = forms.path_id(interpreter_id)
    current: dict[str, Any] = await backend(request).json(user, shared.SERVICE, f"/interpreters/{found}")
    filled = forms.Filled(values=forms.form_values(form))
    body = {"weekly": profiles.weekly_windows(form, filled), "absences": current.get("absences", [])}
    path = f"/interpreters/{found}/availability"
    try:
        await backend(request).call(user, shared.SERVICE, "PUT", path, json=body)
    except Invalid as problem:
        filled.place(problem.fields or {"start_0": problem.detail}, shared.ALIASES)
        return await _interpreter_page(request, user, found, filled, status=422)
    return RedirectResponse(f"/interpreting/interpreters/{found}#availability", status_code=303)


@router.post("/interpreting/interpreters/{interpreter_id}/deactivate")
async def deactivate(request: Request, user: Coordinator, interpreter_id: str, _: Form) -> Response:
    found = forms.path_id(interpreter_id)
    await backend(request).call(user, shared.SERVICE, "DELETE", f"/interpreters/{found}")
    return RedirectResponse(f"/interpreting/interpreters/{found}", status_code=303)
