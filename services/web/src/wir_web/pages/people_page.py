"""A person's page: the record, needs, consents, household and timeline from intake, messages,
matches and appointments from the other services; and its forms (a need, a consent given or
withdrawn)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_contracts.consent import ConsentPurpose
from wir_contracts.gender import Gender
from wir_contracts.needs import MentoringTopic, NeedKind
from wir_web.backend import Invalid, NotFound, backend
from wir_web.csrf import checked_form
from wir_web.i18n import staff_language
from wir_web.pages import people_labels as labels
from wir_web.pages.people import show
from wir_web.pages.people_forms import (
    CONSENT_FIELDS,
    LEGAL_BASES,
    NEED_FIELDS,
    URGENCIES,
    Entered,
    consent_body,
    entered,
    key_header,
    need_body,
    new_key,
    prefixed_errors,
)
from wir_web.pages.people_sections import sections
from wir_web.session import Staff, User

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]


@router.get("/people/{person_id:uuid}")
async def person_page(
    request: Request, user: Staff, person_id: UUID, timeline: str | None = None
) -> Response:
    return await render_person(request, user, person_id, timeline_cursor=timeline)


async def render_person(
    request: Request,
    user: User,
    person_id: UUID,
    *,
    status_code: int = 200,
    timeline_cursor: str | None = None,
    need: Entered | None = None,
    consent: Entered | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    """The page; after a refused form, with that form's input and errors."""
    b = backend(request)
    try:
        person = await b.json(user, "intake", f"/persons/{person_id}")
    except NotFound:
        # An erased person's page is gone; where their erasure stands is still shown.
        erasure = await b.call(user, "intake", "GET", f"/persons/{person_id}/erasure", accept=(404,))
        if erasure.status_code == 200:
            return RedirectResponse(f"/people/{person_id}/erasure", status_code=303)
        raise
    lang = staff_language(request)
    context: dict[str, Any] = {
        "person": person,
        "s": await sections(b, user, person, timeline_cursor),
        "need": need or {},
        "consent": consent or {},
        "errors": errors or {},
        "new_key": new_key,
        "kind_options": labels.options(lang, "people.need_kind", (k.value for k in NeedKind)),
        "topic_options": labels.options(lang, "people.topic", (t.value for t in MentoringTopic)),
        "gender_options": labels.options(lang, "people.gender", (g.value for g in Gender)),
        "urgency_options": labels.options(lang, "people.urgency", URGENCIES),
        "purpose_options": labels.options(lang, "people.purpose", (p.value for p in ConsentPurpose)),
        "legal_options": labels.options(lang, "people.legal_basis", LEGAL_BASES),
        "languages": labels.languages(lang),
    }
    return show(request, user, "people/person.html", context, status_code=status_code)


@router.post("/people/{person_id:uuid}/needs")
async def add_need(request: Request, user: Staff, person_id: UUID, form: Form) -> Response:
    values = entered(form)
    try:
        await backend(request).call(
            user,
            "intake",
            "POST",
            f"/persons/{person_id}/needs",
            json=need_body(values),
            headers=key_header(values),
        )
    except Invalid as exc:
        errors = prefixed_errors(exc.fields, "need_", NEED_FIELDS) or {"need_form": exc.detail}
        return await render_person(request, user, person_id, status_code=422, need=values, errors=errors)
    return RedirectResponse(f"/people/{person_id}#needs", status_code=303)


@router.post("/people/{person_id:uuid}/consents")
async def give_consent(request: Request, user: Staff, person_id: UUID, form: Form) -> Response:
    return await _decide(request, user, person_id, entered(form), given=True)


@router.post("/people/{person_id:uuid}/consents/withdraw")
async def withdraw_consent(request: Request, user: Staff, person_id: UUID, form: Form) -> Response:
    return await _decide(request, user, person_id, entered(form), given=False)


async def _decide(request: Request, user: User, person_id: UUID, values: Entered, *, given: bool) -> Response:
    try:
        await backend(request).call(
            user,
            "intake",
            "POST",
            f"/persons/{person_id}/consents",
            json=consent_body(values, given=given),
            headers=key_header(values),
        )
    except Invalid as exc:
        errors = prefixed_errors(exc.fields, "consent_", CONSENT_FIELDS) or {"consent_form": exc.detail}
        shown_input = values if given else None
        return await render_person(
            request, user, person_id, status_code=422, consent=shown_input, errors=errors
        )
    return RedirectResponse(f"/people/{person_id}#consents", status_code=303)
