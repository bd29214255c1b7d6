"""Coordinators register a volunteer, read their profile and compliance documents, record a
document and deactivate them."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_web import forms, profiles
from wir_web.backend import backend
from wir_web.csrf import checked_form
from wir_web.i18n import staff_language, translate
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
ALIASES = {**profiles.SHARED_ALIASES, "share_contact": "share_contact", "form": "form"}


def volunteer_body(form: FormData, filled: forms.Filled) -> dict[str, Any]:
    """The posted form as matching's volunteer profile."""
    person_contact = profiles.contact(form)
    body: dict[str, Any] = {
        "contact": person_contact,
        "preferred_language": forms.text(form, "preferred_language"),
        "languages": profiles.spoken_languages(form, filled),
        "municipality": forms.text(form, "municipality"),
        "travel_km": forms.text(form, "travel_km"),
        "topics": forms.chosen(form, "topics"),
        "capacity": forms.text(form, "capacity"),
        "weekly": profiles.weekly_windows(form, filled),
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
        languages=profiles.language_choices(lang),
        levels=[
            ("native", translate(lang, "matching.native")),
            *((level, level) for level in profiles.LEVELS),
        ],
        municipalities=profiles.municipalities(user.district),
        topics=TOPICS,
        channels=CHANNELS,
        genders=GENDERS,
    )


@router.get("/matching/volunteers/new")
async def new_volunteer(request: Request, user: Coordinator) -> Response:
    values = {"form_key": str(uuid.uuid4()), "preferred_language": "deu", "capacity": "1", "travel_km": "10"}
    return _form_page(request, user, forms.Filled(values=values))


REGISTRATION = profiles.Registration(
    service="matching",
    path="/volunteers",
    id_key="volunteer_id",
    multiple=("topics", "channels"),
    aliases=ALIASES,
    body=volunteer_body,
    shown_at="/matching/volunteers",
)


@router.post("/matching/volunteers")
async def create_volunteer(request: Request, user: Coordinator, form: Form) -> Response:
    again = partial(_form_page, request, user, status_code=422)
    return await profiles.register_once(request, user, form, REGISTRATION, again)


async def _volunteer_page(
    request: Request,
    user: User,
    volunteer_id: str,
    filled: forms.Filled | None = None,
    status_code: int = 200,
) -> Response:
    volunteer = await backend(request).json(user, "matching", f"/volunteers/{volunteer_id}")
    filled = filled or forms.Filled(values={})
    return page(
        request,
        "matching/volunteer.html",
        user=user,
        status_code=status_code,
        v=volunteer,
        **profiles.documents(volunteer, DOCUMENTS),
        values=filled.values,
        errors=filled.errors,
        registered=request.query_params.get("registered") == "1",
        place_name=profiles.place_name,
        language_name=profiles.language_name,
    )


@router.get("/matching/volunteers/{volunteer_id}")
async def volunteer(request: Request, user: Coordinator, volunteer_id: str) -> Response:
    return await _volunteer_page(request, user, forms.path_id(volunteer_id))


@router.post("/matching/volunteers/{volunteer_id}/documents")
async def record_document(request: Request, user: Coordinator, volunteer_id: str, form: Form) -> Response:
    found = forms.path_id(volunteer_id)
    again = partial(_volunteer_page, request, user, found, status_code=422)
    return await profiles.record_document(
        request,
        user,
        form,
        "matching",
        f"/volunteers/{found}",
        DOCUMENTS,
        again,
        f"/matching/volunteers/{found}",
    )


@router.post("/matching/volunteers/{volunteer_id}/deactivate")
async def deactivate(request: Request, user: Coordinator, volunteer_id: str, _: Form) -> Response:
    found = forms.path_id(volunteer_id)
    await backend(request).call(user, "matching", "POST", f"/volunteers/{found}/deactivate")
    return RedirectResponse(f"/matching/volunteers/{found}", status_code=303)
