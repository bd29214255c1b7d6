"""Employer shares of a Kompetenznachweis, for case managers: create one (the link is shown this
once and never kept), revoke one; and for staff, every opening of a link."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_web.backend import Invalid, backend
from wir_web.csrf import checked_form
from wir_web.forms import path_id
from wir_web.pages.records import SERVICE, record_context, record_page, words
from wir_web.pages.records_labels import KINDS
from wir_web.render import page
from wir_web.session import CaseManager, Staff
from wir_web.settings import WebSettings

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
_BERLIN = ZoneInfo("Europe/Berlin")
_FIELDS = ("sections", "recipient_organisation", "recipient_email", "expires_on")
#: The consent competence asks for, in its refusal; the page says it in plain words instead.
NO_CONSENT = "share_with_employers"


def _expiry(text: str) -> str | None:
    """The end of the chosen day in Berlin, as competence takes it; None if it is no day."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return datetime.combine(day, time(23, 59, 59), tzinfo=_BERLIN).isoformat()


def _share_body(form: FormData) -> dict[str, Any]:
    return {
        "sections": [kind for kind in form.getlist("sections") if kind in KINDS],
        "recipient_organisation": str(form.get("recipient_organisation") or "").strip(),
        "recipient_email": str(form.get("recipient_email") or "").strip(),
        "expires_at": _expiry(str(form.get("expires_on") or "").strip()),
    }


def _share_errors(problem: Invalid) -> tuple[dict[str, str], str | None]:
    """(by form field, the refusal of the whole share in plain words' key)."""
    if problem.status == 409 and NO_CONSENT in problem.detail:
        return {}, "records.share_no_consent"
    errors: dict[str, str] = {}
    for where, message in problem.fields.items():
        name = where.split(".")[0]
        name = "expires_on" if name == "expires_at" else name
        errors.setdefault(name if name in _FIELDS else "form", message)
    return errors, None if errors else "records.share_refused"


def link_of(request: Request, url: str) -> str:
    """The employer's page of a share in this app, from competence's link to its own JSON."""
    web: WebSettings = request.app.state.web
    return f"{web.public_url.rstrip('/')}/share/{url.rstrip('/').rsplit('/', 1)[-1]}"


@router.post("/people/{person_id}/record/shares")
async def create_share(request: Request, person_id: str, user: CaseManager, form: Form) -> Response:
    pid = path_id(person_id)
    body = _share_body(form)
    values = {name: str(form.get(name) or "").strip() for name in _FIELDS if name != "sections"}
    try:
        if body["expires_at"] is None:
            raise Invalid(422, {"expires_at": "a day is needed"})
        answer = await backend(request).call(user, SERVICE, "POST", f"/records/{pid}/shares", json=body)
    except Invalid as problem:
        errors, refusal = _share_errors(problem)
        context = await record_context(request, user, pid)
        return record_page(
            request,
            user,
            context,
            status_code=409 if refusal == "records.share_no_consent" else 422,
            share_values=values,
            share_sections=body["sections"],
            share_errors=errors,
            share_refusal=refusal,
        )
    created = answer.json()
    context = await record_context(request, user, pid)
    return record_page(request, user, context, created={"link": link_of(request, created["url"]), **created})


@router.post("/people/{person_id}/record/shares/{share_id}/revoke")
async def revoke_share(
    request: Request, person_id: str, share_id: str, user: CaseManager, _: Form
) -> Response:
    pid, sid = path_id(person_id), path_id(share_id)
    await backend(request).call(user, SERVICE, "DELETE", f"/records/{pid}/shares/{sid}")
    return RedirectResponse(f"/people/{pid}/record#shares", status_code=303)


@router.get("/people/{person_id}/record/shares/{share_id}")
async def share_accesses(request: Request, person_id: str, share_id: str, user: Staff) -> Response:
    """Every opening of one link, refused ones included."""
    pid, sid = path_id(person_id), path_id(share_id)
    accesses = await backend(request).json(user, SERVICE, f"/records/{pid}/shares/{sid}/accesses")
    return page(
        request,
        "records/accesses.html",
        user=user,
        person_id=pid,
        accesses=accesses,
        words=words(request),
    )
