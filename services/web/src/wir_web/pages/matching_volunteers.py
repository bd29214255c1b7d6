"""Coordinators register a volunteer, read their profile and compliance documents, record a
document and deactivate them."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_web.backend import Invalid, backend
from wir_web.csrf import checked_form
from wir_web.i18n import staff_language, translate
from wir_web.pages import matching_forms as forms
from wir_web.pages.matching import match_id_of
from wir_web.render import page
from wir_web.session import Coordinator, User

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
TOPICS = (
    "everyday_life", "authorities", "housing", "work", "education",
    "language_practice", "health", "family", "leisure", "digital",
)  # fmt: skip
CHANNELS = ("email", "sms", "inbox")
GENDERS = ("female", "male", "diverse")
DOCUMENTS = ("criminal_record_certificate", "confidentiality_declaration")
ALIASES = {**forms.SHARED_ALIASES, "share_contact": "share_contact", "form": "form"}


def volunteer_body(form: FormData, filled: forms.Filled) -> dict[str, Any]:
    """The posted form as matching's volunteer profile."""
    person_contact = forms.contact(form)
    body: dict[str, Any] = {
        "contact": person_contact,
        "preferred_language": forms.text(form, "preferred_language"),
        "languages": forms.spoken_languages(form, filled),
        "municipality": forms.text(form, "municipality"),
        "travel_km": forms.text(form, "travel_km"),
        "topics": forms.chosen(form, "topics"),
        "capacity": forms.text(form, "capacity"),
        "weekly": forms.weekly_windows(form, filled),
        "gender": forms.optional(form, "gender"),
        "lotse_trained_on": forms.optional(form, "lotse_trained_on"),
    }
    if forms.text(form, "share_contact"):
        # What the matched person may see: the name and the addresses given, nothing else.
        shared = ["email"] if person_contact["email"] else []
        shared += ["sms"] if person_contact["mobile"] else []
        body["share_contact"] = {**person_contact, "channels": shared}
    return body


def _form_page(request: Request, user: User, filled: forms.Filled, status_code: int = 200) -> Response:
    lang = staff_language(request)
    return page(
        request,
        "matching/volunteer_form.html",
        user=user,
        status_code=status_code,
        values=filled.values,
        errors=filled.errors,
        languages=forms.language_choices(lang),
        levels=[("native", translate(lang, "matching.native")), *((level, level) for level in forms.LEVELS)],
        municipalities=forms.municipalities(user.district),
        topics=TOPICS,
        channels=CHANNELS,
        genders=GENDERS,
    )


@router.get("/matching/volunteers/new")
async def new_volunteer(request: Request, user: Coordinator) -> Response:
    values = {"form_key": str(uuid.uuid4()), "preferred_language": "deu", "capacity": "1", "travel_km": "10"}
    return _form_page(request, user, forms.Filled(values=values))


@router.post("/matching/volunteers")
async def create_volunteer(request: Request, user: Coordinator, form: Form) -> Response:
    form_key = forms.text(form, "form_key")
    made = forms.remembered(request, form_key)
    if made is None:
        filled = forms.Filled(values=forms.form_values(form, ("topics", "channels")))
        body = volunteer_body(form, filled)
        try:
            answer = await backend(request).call(user, "matching", "POST", "/volunteers", json=body)
        except Invalid as problem:
            filled.place(problem.fields or {"form": problem.detail}, ALIASES)
            return _form_page(request, user, filled, status_code=422)
        made = str(answer.json()["volunteer_id"])
        forms.remember(request, form_key, made)
    return RedirectResponse(f"/matching/volunteers/{made}?registered=1", status_code=303)


async def _volunteer_page(
    request: Request,
    user: User,
    volunteer_id: str,
    filled: forms.Filled | None = None,
    status_code: int = 200,
) -> Response:
    volunteer = await backend(request).json(user, "matching", f"/volunteers/{volunteer_id}")
    today = forms.today().isoformat()
    documents = {d["kind"]: d for d in volunteer.get("documents", [])}
    filled = filled or forms.Filled(values={})
    return page(
        request,
        "matching/volunteer.html",
        user=user,
        status_code=status_code,
        v=volunteer,
        documents=[(kind, documents.get(kind)) for kind in DOCUMENTS],
        kinds=DOCUMENTS,
        today=today,
        values=filled.values,
        errors=filled.errors,
        registered=request.query_params.get("registered") == "1",
        place_name=forms.place_name,
        language_name=forms.language_name,
    )


@router.get("/matching/volunteers/{volunteer_id}")
async def volunteer(request: Request, user: Coordinator, volunteer_id: str) -> Response:
    return await _volunteer_page(request, user, match_id_of(volunteer_id))


@router.post("/matching/volunteers/{volunteer_id}/documents")
async def record_document(request: Request, user: Coordinator, volunteer_id: str, form: Form) -> Response:
    found = match_id_of(volunteer_id)
    kind = forms.text(form, "kind")
    filled = forms.Filled(values=forms.form_values(form))
    if kind not in DOCUMENTS:
        filled.errors["kind"] = translate(staff_language(request), "matching.kind_unknown")
        return await _volunteer_page(request, user, found, filled, status_code=422)
    body = {"expires_on": forms.text(form, "expires_on")}
    try:
        await backend(request).call(
            user, "matching", "PUT", f"/volunteers/{found}/documents/{kind}", json=body
        )
    except Invalid as problem:
        filled.place(problem.fields or {"expires_on": problem.detail}, {"kind": "kind"})
        return await _volunteer_page(request, user, found, filled, status_code=422)
    return RedirectResponse(f"/matching/volunteers/{found}#documents", status_code=303)


@router.post("/matching/volunteers/{volunteer_id}/deactivate")
async def deactivate(request: Request, user: Coordinator, volunteer_id: str, _: Form) -> Response:
    found = match_id_of(volunteer_id)
    await backend(request).call(user, "matching", "POST", f"/volunteers/{found}/deactivate")
    return RedirectResponse(f"/matching/volunteers/{found}", status_code=303)
